import { describe, expect, it } from 'vitest';
import {
  parseSigningSecret,
  signingSecretFrom,
} from '../../../../lib/callers/slack/signing-secret.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';

const signal = () => AbortSignal.timeout(1000);

describe('signing secret', () => {
  it('comes from SLACK_SIGNING_SECRET when no ARN is set', async () => {
    // Prepare
    const source = signingSecretFrom({ SLACK_SIGNING_SECRET: 'local-signing-secret' });

    // Act
    const secret = await source.get(signal());

    // Assess
    expect(secret).toBe('local-signing-secret');
  });

  it('is a configuration error when neither variable is set, and names both', async () => {
    // Prepare
    const source = signingSecretFrom({ SLACK_SIGNING_SECRET: '' });

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
});
