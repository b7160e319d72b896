/**
 * Where the worker and the status function may post (`checkResponseUrl`: a forged payload must
 * not make them call an internal address), and how a post goes (`postToResponseUrl`, against a
 * loopback stand-in for Slack; the redirect refusal is in slack-worker.test.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkResponseUrl, postToResponseUrl } from '../../../../lib/callers/slack/response-url.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';
import { type ResponseSink, startResponseSink } from '../../../helpers/slack.ts';

const hosts = new Set(['hooks.slack.com', '127.0.0.1']);
const REFUSAL =
  'Invalid request: response_url must be an https URL on hooks.slack.com, 127.0.0.1 ' +
  '(SLACK_RESPONSE_URL_HOSTS)';

describe('checkResponseUrl', () => {
  it.each([
    ['https://hooks.slack.com/commands/T1/2/abc'],
    ['https://hooks.slack.com:443/commands/T1/2/abc'],
    ['http://127.0.0.1:4010/commands/T1/1/local'],
  ])('takes %s', (value) => {
    // Act
    const url = checkResponseUrl(value, hosts);

    // Assess
    expect(url).toEqual(new URL(value));
  });

  it('takes a host listed with its port, and only on that port', () => {
    // Prepare
    const withPort = new Set(['hooks.example:8443']);

    // Act
    const url = checkResponseUrl('https://hooks.example:8443/x', withPort);
    const elsewhere = () => checkResponseUrl('https://hooks.example:9443/x', withPort);

    // Assess
    expect(url.host).toBe('hooks.example:8443');
    expect(elsewhere).toThrow(GatewayError);
  });

  it.each([
    ['no URL', undefined],
    ['a number', 42],
    ['a list holding a listed URL', ['https://hooks.slack.com/commands/T1/2/abc']],
    ['a URL object', new URL('https://hooks.slack.com/commands/T1/2/abc')],
    ['text that is no URL', 'hooks.slack.com/commands'],
    ['plain http off loopback', 'http://hooks.slack.com/commands/T1/2/abc'],
    ['another scheme', 'ftp://hooks.slack.com/x'],
    ['a host not listed', 'https://evil.example/x'],
    ['a listed name inside another host', 'https://hooks.slack.com.evil.example/x'],
    ['a user name', 'https://user@hooks.slack.com/x'],
    ['a password alone', 'https://:secret@hooks.slack.com/x'],
    ['user info on loopback', 'http://a:b@127.0.0.1:9/commands/x'],
  ])('refuses %s with BCSGW.4000001 naming the hosts it takes', (_, value) => {
    // Act
    const check = () => checkResponseUrl(value, hosts);

    // Assess
    expect(check).toThrow(
      expect.objectContaining({ errorCode: 'BCSGW.4000001', statusCode: 400, message: REFUSAL }),
    );
  });

  it('takes an https URL on a listed host, and refuses it on any other or with user info (property)', () => {
    fc.assert(
      fc.property(
        fc.domain(),
        fc.domain(),
        fc.stringMatching(/^\/[\w/.-]{0,30}$/),
        fc.constantFrom('user@', 'user:pw@', ':pw@'),
        (listed, other, path, userInfo) => {
          // Prepare
          fc.pre(listed !== other);
          const only = new Set([listed]);

          // Act
          const taken = checkResponseUrl(`https://${listed}${path}`, only);
          const offList = () => checkResponseUrl(`https://${other}${path}`, only);
          const withUser = () => checkResponseUrl(`https://${userInfo}${listed}${path}`, only);

          // Assess
          expect(taken.hostname).toBe(listed);
          expect(offList).toThrow(GatewayError);
          expect(withUser).toThrow(GatewayError);
        },
      ),
    );
  });
});

describe('postToResponseUrl', () => {
  let sink: ResponseSink;
  beforeAll(async () => {
    sink = await startResponseSink();
  });
  afterAll(() => sink.stop());
  beforeEach(() => sink.clear());

  it('resolves to nothing once Slack takes the message', async () => {
    // Act
    const posting = postToResponseUrl(
      new URL(sink.url),
      { response_type: 'in_channel', text: 'done' },
      AbortSignal.timeout(2000),
    );

    // Assess
    await expect(posting).resolves.toBeUndefined();
    expect(sink.posts.map(({ message }) => message)).toEqual([
      { response_type: 'in_channel', text: 'done' },
    ]);
  });

  it('sends a POST of the message as JSON under the signal given', async () => {
    // Prepare
    const seen: { url: unknown; init: RequestInit | undefined }[] = [];
    const fetchImpl = async (url: unknown, init?: RequestInit) => {
      seen.push({ url, init });
      return new Response('ok');
    };
    const url = new URL('https://hooks.slack.com/commands/T1/2/abc');
    const signal = AbortSignal.timeout(2000);

    // Act
    await postToResponseUrl(
      url,
      { response_type: 'ephemeral', text: 'x' },
      signal,
      fetchImpl as typeof fetch,
    );

    // Assess
    expect(seen).toEqual([
      {
        url,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"response_type":"ephemeral","text":"x"}',
          redirect: 'error',
          signal,
        },
      },
    ]);
  });

  it("cuts Slack's answer at 200 characters and masks what is not printable ASCII", async () => {
    // Prepare
    const answer = `bad\u0007\n${'é'.repeat(3)}~${'x'.repeat(300)}`;
    const fetchImpl = async () => new Response(answer, { status: 404 });

    // Act
    const posting = postToResponseUrl(
      new URL('https://hooks.slack.com/x'),
      { response_type: 'ephemeral', text: 'x' },
      AbortSignal.timeout(2000),
      fetchImpl as typeof fetch,
    );

    // Assess
    await expect(posting).rejects.toThrow(
      new Error(`response_url answered 404: bad?????~${'x'.repeat(200 - 9)}`),
    );
  });

  it('throws for a 3xx it is handed, as for any answer that is not 2xx', async () => {
    // Prepare
    const fetchImpl = async () => new Response('moved', { status: 301 });

    // Act
    const posting = postToResponseUrl(
      new URL('https://hooks.slack.com/x'),
      { response_type: 'ephemeral', text: 'x' },
      AbortSignal.timeout(2000),
      fetchImpl as typeof fetch,
    );

    // Assess
    await expect(posting).rejects.toThrow('response_url answered 301: moved');
  });
});
