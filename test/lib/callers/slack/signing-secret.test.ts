import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  parseSigningSecret,
  sharedSigningSecret,
  signingSecretFrom,
} from '../../../../lib/callers/slack/signing-secret.ts';
import { readSlackConfig } from '../../../../lib/config/slack-config.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';
import { testAwsClient } from '../../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../../helpers/scripted-server.ts';

const signal = () => AbortSignal.timeout(1000);

describe('signing secret', () => {
  it('comes from SLACK_SIGNING_SECRET when no ARN is set', async () => {
    // Prepare
    const source = signingSecretFrom(
      readSlackConfig({ SLACK_SIGNING_SECRET: 'local-signing-secret' }),
    );

    // Act
    const secret = await source.get(signal());

    // Assess
    expect(secret).toBe('local-signing-secret');
  });

  it('is a configuration error when neither variable is set, and names both', async () => {
    // Prepare
    const source = signingSecretFrom(readSlackConfig({ SLACK_SIGNING_SECRET: '' }));

    // Act
    const reading = source.get(signal());

    // Assess
    await expect(reading).rejects.toThrow(
      'Configuration error: set SLACK_SIGNING_SECRET_ARN or SLACK_SIGNING_SECRET',
    );
  });

  it.each([
    ['plain text', '8f742231b10e8888abcd99yyyzzz85a5\n', '8f742231b10e8888abcd99yyyzzz85a5'],
    ['JSON', '{"signing_secret": "8f742231b10e"}', '8f742231b10e'],
  ])('is read from a secret holding %s', (_, text, expected) => {
    // Prepare
    const secretString = text;

    // Act
    const secret = parseSigningSecret(secretString);

    // Assess
    expect(secret).toBe(expected);
  });

  it.each([
    ['nothing', undefined],
    ['blanks', '  '],
    ['JSON without signing_secret', '{"secret": "abc"}'],
    ['broken JSON', '{"signing_secret": '],
    ['an empty signing_secret', '{"signing_secret": ""}'],
  ])('is refused when the secret holds %s, without echoing it', (_, text) => {
    // Prepare
    const secretString = text;

    // Act
    const parse = () => parseSigningSecret(secretString);

    // Assess
    expect(parse).toThrow(GatewayError);
    expect(parse).toThrow(/^Configuration error: the Slack signing secret is empty/);
  });

  it('trims the signing_secret of a JSON secret', () => {
    // Act
    const secret = parseSigningSecret('{"signing_secret": " 8f742231b10e "}');

    // Assess
    expect(secret).toBe('8f742231b10e');
  });
});

describe('signing secret from Secrets Manager', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('reads the secret SLACK_SIGNING_SECRET_ARN names, trimmed, through the client given', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(jsonReply(200, { SecretString: '{"signing_secret": "from-aws"}' }));
    const env = { SLACK_SIGNING_SECRET_ARN: ' arn:aws:secretsmanager:eu-west-1:1:secret:s ' };

    // Act
    const secret = await signingSecretFrom(readSlackConfig(env), client).get(signal());

    // Assess
    expect(secret).toBe('from-aws');
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({
      SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:s',
    });
  });

  it('takes a blank SLACK_SIGNING_SECRET_ARN as unset', async () => {
    // Prepare
    const env = { SLACK_SIGNING_SECRET_ARN: '  ', SLACK_SIGNING_SECRET: 'local-signing-secret' };

    // Act
    const secret = await signingSecretFrom(readSlackConfig(env)).get(signal());

    // Assess
    expect(secret).toBe('local-signing-secret');
    expect(server.requests).toEqual([]);
  });

  it('names the Slack signing secret when Secrets Manager does not hand it over', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue({
      status: 400,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
      body: '{"__type":"ResourceNotFoundException"}',
    });
    const env = { SLACK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:s' };

    // Act
    const reading = signingSecretFrom(readSlackConfig(env), client).get(signal());

    // Assess
    await expect(reading).rejects.toThrow(
      'AWS Secrets Manager did not hand over the Slack signing secret (ResourceNotFoundException)',
    );
  });
});

describe('sharedSigningSecret', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads this container's environment once", async () => {
    // Prepare
    vi.stubEnv('SLACK_SIGNING_SECRET_ARN', '');
    vi.stubEnv('SLACK_SIGNING_SECRET', 'first-signing-secret');
    const first = await sharedSigningSecret(signal());
    vi.stubEnv('SLACK_SIGNING_SECRET', 'second-signing-secret');

    // Act
    const second = await sharedSigningSecret(signal());

    // Assess
    expect([first, second]).toEqual(['first-signing-secret', 'first-signing-secret']);
  });
});
