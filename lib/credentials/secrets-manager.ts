import type { AwsClient } from '../aws/aws-client.ts';
import { AwsConfigError } from '../aws/aws-config.ts';
import { AwsError } from '../aws/aws-error.ts';
import { getSecretValue } from '../aws/secrets-manager.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError, NOT_SENT } from '../errors/gateway-error.ts';

/** A value read from AWS Secrets Manager once per container, and again after a failure. */
export interface SecretValue<T> {
  get(signal: AbortSignal): Promise<T>;
  /** Forget what was read (the secret may have been rotated since). */
  invalidate(): void;
}

/**
 * The secret `secretId`, read on first use and kept for the life of the Lambda container; a
 * failed read is not kept. `parse` turns its text into the value (and names a malformed one
 * without echoing it). `aws` makes the call (default: the container's client).
 *
 * @example
 * ```ts
 * const signingSecret = secretFromSecretsManager(arn, 'the Slack signing secret', parseSigningSecret);
 * await signingSecret.get(AbortSignal.timeout(2000));
 * ```
 */
export const secretFromSecretsManager = <T>(
  secretId: string,
  description: string,
  parse: (secretString: string | undefined) => T,
  aws: AwsClient | undefined = undefined,
): SecretValue<T> => {
  let pending: Promise<T> | undefined;
  return {
    get: (signal) => {
      pending ??= readSecretString(aws ?? sharedAwsClient(), secretId, description, signal)
        .then(parse)
        .catch((error: unknown) => {
          pending = undefined;
          throw error;
        });
      return pending;
    },
    invalidate: () => {
      pending = undefined;
    },
  };
};

const readSecretString = async (
  aws: AwsClient,
  secretId: string,
  description: string,
  signal: AbortSignal,
): Promise<string | undefined> => {
  try {
    return (await getSecretValue(aws, { SecretId: secretId }, signal)).SecretString;
  } catch (error) {
    const reason = signal.aborted ? 'no answer in the time left' : errorName(error);
    throw new GatewayError(
      ErrorCodes.secretUnavailable,
      `AWS Secrets Manager did not hand over ${description} (${reason})`,
      { cause: error, delivery: NOT_SENT },
    );
  }
};

/**
 * What went wrong, in words safe to show: AWS's error name (`ResourceNotFoundException`), or
 * the socket's code (`ECONNREFUSED`) when the service could not be reached, or which AWS
 * variables the environment lacks; anything else is not shown.
 */
const errorName = (error: unknown): string => {
  if (error instanceof AwsError) return error.name;
  return error instanceof AwsConfigError ? error.message : 'unknown error';
};
