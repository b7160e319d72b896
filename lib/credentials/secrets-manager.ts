import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';

/** A value read from AWS Secrets Manager once per container, and again after a failure. */
export interface SecretValue<T> {
  get(signal: AbortSignal): Promise<T>;
  /** Forget what was read (the secret may have been rotated since). */
  invalidate(): void;
}

/**
 * The secret `secretId`, read on first use and kept for the life of the Lambda container; a
 * failed read is not kept. `parse` turns its text into the value (and names a malformed one
 * without echoing it). The AWS SDK, provided by the Lambda runtime, is loaded here only, so it
 * costs nothing to functions configured otherwise.
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
): SecretValue<T> => {
  let pending: Promise<T> | undefined;
  return {
    get: (signal) => {
      pending ??= readSecretString(secretId, description, signal)
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
  secretId: string,
  description: string,
  signal: AbortSignal,
): Promise<string | undefined> => {
  try {
    const { SecretsManagerClient, GetSecretValueCommand } = await import(
      '@aws-sdk/client-secrets-manager'
    );
    const client = new SecretsManagerClient({ maxAttempts: 2 });
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }), {
      abortSignal: signal,
    });
    return answer.SecretString;
  } catch (error) {
    const reason = signal.aborted ? 'no answer in the time left' : errorName(error);
    throw new GatewayError(
      ErrorCodes.secretUnavailable,
      `AWS Secrets Manager did not hand over ${description} (${reason})`,
      { cause: error, transient: true },
    );
  }
};

/**
 * What went wrong, in words safe to show: the socket's code (`ECONNREFUSED`) when the service
 * could not be reached, else the SDK's error name (`ResourceNotFoundException`); anything else
 * is not shown.
 */
const errorName = (error: unknown): string => {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  return error instanceof Error && /^[A-Za-z]+$/.test(error.name) && error.name !== 'Error'
    ? error.name
    : 'unknown error';
};
