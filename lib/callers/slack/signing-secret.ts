import type { AwsClient } from '../../aws/aws-client.ts';
import { sharedConfig } from '../../config/config.ts';
import { type SlackConfig, slackConfig } from '../../config/slack-config.ts';
import { secretFromSecretsManager } from '../../credentials/secrets-manager.ts';
import * as ErrorCodes from '../../errors/error-codes.ts';
import { GatewayError } from '../../errors/gateway-error.ts';

/** Where the Slack app's signing secret comes from. */
export interface SigningSecretSource {
  get(signal: AbortSignal): Promise<string>;
}

/**
 * The signing secret of this deployment: from Secrets Manager when `SLACK_SIGNING_SECRET_ARN`
 * is set (the deployed way, read through `aws`, default the container's AWS client), else from
 * `SLACK_SIGNING_SECRET` (local runs, tests).
 *
 * @example
 * ```ts
 * const secret = await signingSecretFrom(slackConfig(sharedConfig())).get(AbortSignal.timeout(2000));
 * ```
 */
export const signingSecretFrom = (
  { signingSecretArn, signingSecret }: Pick<SlackConfig, 'signingSecretArn' | 'signingSecret'>,
  aws?: AwsClient,
): SigningSecretSource =>
  signingSecretArn
    ? signingSecretFromSecretsManager(signingSecretArn, aws)
    : signingSecretFromEnvironment(signingSecret);

let shared: SigningSecretSource | undefined;

/** The signing secret of this Lambda container, read once (again after a failure). */
export const sharedSigningSecret = (signal: AbortSignal): Promise<string> => {
  shared ??= signingSecretFrom(slackConfig(sharedConfig()));
  return shared.get(signal);
};

/** The secret straight from `SLACK_SIGNING_SECRET` (local runs, tests). */
export const signingSecretFromEnvironment = (value: string | undefined): SigningSecretSource => ({
  get: async () => {
    if (!value) {
      throw new GatewayError(
        ErrorCodes.misconfigured,
        'Configuration error: set SLACK_SIGNING_SECRET_ARN or SLACK_SIGNING_SECRET',
      );
    }
    return value;
  },
});

/**
 * The secret from AWS Secrets Manager (its value is the signing secret itself, or JSON
 * `{"signing_secret": "..."}`), read once per container, through `aws` (default: the
 * container's AWS client).
 */
export const signingSecretFromSecretsManager = (
  secretId: string,
  aws?: AwsClient,
): SigningSecretSource =>
  secretFromSecretsManager(secretId, 'the Slack signing secret', parseSigningSecret, aws);

/**
 * The signing secret in a secret's text: the text itself, or the `signing_secret` field of a
 * JSON object. An empty secret is refused: it would let anyone sign requests.
 */
export const parseSigningSecret = (secretString: string | undefined): string => {
  const text = (secretString ?? '').trim();
  let secret = text;
  if (text.startsWith('{')) {
    try {
      const field = (JSON.parse(text) as { signing_secret?: unknown }).signing_secret;
      // Stryker disable next-line ConditionalExpression: trim of a field that is no string throws, and is caught as ''.
      secret = typeof field === 'string' ? field.trim() : '';
    } catch {
      secret = '';
    }
  }
  if (secret === '') {
    throw new GatewayError(
      ErrorCodes.misconfigured,
      'Configuration error: the Slack signing secret is empty, or JSON without a string "signing_secret"',
    );
  }
  return secret;
};
