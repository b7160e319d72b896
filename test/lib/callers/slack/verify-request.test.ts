import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../../lib/callers/body-limit.ts';
import { slackRequestVerifier } from '../../../../lib/callers/slack/verify-request.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';
import {
  SIGNING_SECRET,
  slackCommandEvent,
  slackDocsExample,
  slashCommandBody,
} from '../../../helpers/slack.ts';

const verifierAt = (nowMs: number, secret = SIGNING_SECRET) =>
  slackRequestVerifier({ signingSecret: async () => secret, now: () => nowMs });

const docsEvent = (options: { base64?: boolean } = {}) =>
  slackCommandEvent({
    body: slackDocsExample.body,
    timestamp: slackDocsExample.timestamp,
    signature: slackDocsExample.signature,
    ...options,
  });

describe('slackRequestVerifier', () => {
  it("hands over the body of Slack's documented example as text", async () => {
    // Prepare
    const verify = verifierAt(
      Number(slackDocsExample.timestamp) * 1000,
      slackDocsExample.signingSecret,
    );

    // Act
    const body = await verify(docsEvent());

    // Assess
    expect(body).toBe(slackDocsExample.body);
  });

  it('verifies the decoded bytes of a body API Gateway base64-encoded', async () => {
    // Prepare
    const verify = verifierAt(
      Number(slackDocsExample.timestamp) * 1000,
      slackDocsExample.signingSecret,
    );
    const event = docsEvent({ base64: true });

    // Act
    const body = await verify(event);

    // Assess
    expect(event.body).not.toBe(slackDocsExample.body);
    expect(body).toBe(slackDocsExample.body);
  });

  it('refuses with 401 BCSGW.4010002, keeping the reason for the log only', async () => {
    // Prepare
    const verify = verifierAt(
      (Number(slackDocsExample.timestamp) + 301) * 1000,
      slackDocsExample.signingSecret,
    );

    // Act
    const error = await verify(docsEvent()).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      statusCode: 401,
      errorCode: 'BCSGW.4010002',
      cause: { refusal: 'timestamp outside the five-minute window' },
    });
    expect((error as Error).message).toBe(
      'The request does not carry a valid Slack signature (missing, wrong, or older than five minutes)',
    );
  });

  it('reads the clock itself when none is given: signed now passes, ten minutes ago does not', async () => {
    // Prepare
    const verify = slackRequestVerifier({ signingSecret: async () => SIGNING_SECRET });
    const tenMinutesAgo = String(Math.floor(Date.now() / 1000) - 600);

    // Act
    const body = await verify(slackCommandEvent({ body: 'text=help' }));
    const old = verify(slackCommandEvent({ body: 'text=help', timestamp: tenMinutesAgo }));

    // Assess
    expect(body).toBe('text=help');
    await expect(old).rejects.toMatchObject({ errorCode: 'BCSGW.4010002' });
  });

  it('hands over an empty body Slack signed, when API Gateway leaves the body out', async () => {
    // Prepare: the signature is over no bytes at all
    const event = slackCommandEvent({ body: '' });
    delete event.body;

    // Act
    const body = await verifierAt(Date.now())(event);

    // Assess
    expect(body).toBe('');
  });

  it('refuses an event without headers with 401 rather than failing', async () => {
    // Prepare: hand-written events and some test tools leave headers out
    const event = { ...slackCommandEvent(), headers: undefined } as unknown as Parameters<
      ReturnType<typeof verifierAt>
    >[0];

    // Act
    const verifying = verifierAt(Date.now())(event);

    // Assess
    await expect(verifying).rejects.toMatchObject({ errorCode: 'BCSGW.4010002' });
  });

  it('refuses a signed body over the maxBodyBytes it is given', async () => {
    // Prepare
    const verify = slackRequestVerifier({
      signingSecret: async () => SIGNING_SECRET,
      maxBodyBytes: 20,
    });

    // Act
    const verifying = verify(slackCommandEvent({ body: 'text=remove-orgs&x=12' }));

    // Assess
    await expect(verifying).rejects.toMatchObject({
      errorCode: 'BCSGW.4130001',
      message: 'The body is 21 bytes; at most 20 are accepted',
    });
  });

  it('refuses a request with no body at all', async () => {
    // Prepare
    const event = slackCommandEvent({ signature: null });
    delete event.body;

    // Act
    const verifying = verifierAt(Date.now())(event);

    // Assess
    await expect(verifying).rejects.toMatchObject({ errorCode: 'BCSGW.4010002' });
  });

  it('lets a failure to read the secret through, without deciding anything', async () => {
    // Prepare
    const verify = slackRequestVerifier({
      signingSecret: async () => {
        throw new Error('Secrets Manager is down');
      },
    });

    // Act
    const verifying = verify(slackCommandEvent());

    // Assess
    await expect(verifying).rejects.toThrow('Secrets Manager is down');
  });

  it('refuses a signed body over 64 KiB with 413 BCSGW.4130001, once its signature is verified', async () => {
    // Prepare
    const body = `${slashCommandBody()}&pad=${'x'.repeat(MAX_BODY_BYTES)}`;

    // Act
    const verifying = verifierAt(Date.now())(slackCommandEvent({ body, base64: true }));

    // Assess
    await expect(verifying).rejects.toMatchObject({
      statusCode: 413,
      errorCode: 'BCSGW.4130001',
      message: `The body is ${Buffer.byteLength(body)} bytes; at most ${MAX_BODY_BYTES} are accepted`,
    });
  });

  it('refuses an unsigned body over 64 KiB with 401, like any unsigned request', async () => {
    // Prepare
    const body = 'x'.repeat(MAX_BODY_BYTES + 1);

    // Act
    const verifying = verifierAt(Date.now())(slackCommandEvent({ body, signature: null }));

    // Assess
    await expect(verifying).rejects.toMatchObject({ errorCode: 'BCSGW.4010002' });
  });

  it('hands over a signed body of exactly 64 KiB', async () => {
    // Prepare
    const form = slashCommandBody();
    const body = `${form}&pad=${'x'.repeat(MAX_BODY_BYTES - form.length - 5)}`;

    // Act
    const verified = await verifierAt(Date.now())(slackCommandEvent({ body }));

    // Assess
    expect(verified).toBe(body);
    expect(Buffer.byteLength(verified)).toBe(MAX_BODY_BYTES);
  });
});
