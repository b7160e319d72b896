import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { HuaweiCredentials } from '../iam/sign-in.ts';

/** Where the service's own IAM credentials come from; `undefined` when none are configured. */
export interface CredentialsSource {
  get(signal: AbortSignal): Promise<HuaweiCredentials | undefined>;
  /** Forget what was read (IAM refused it: the secret may have been rotated since). */
  invalidate(): void;
}

/**
 * Credentials from `HUAWEICLOUD_DOMAIN_NAME`, `HUAWEICLOUD_USER_NAME` and
 * `HUAWEICLOUD_PASSWORD` (local runs, tests). None set: no credentials; some set: an error
 * that names the missing variables (never the values).
 *
 * @example
 * ```ts
 * const credentials = await credentialsFromEnvironment(process.env).get(signal);
 * ```
 */
export const credentialsFromEnvironment = (env: NodeJS.ProcessEnv): CredentialsSource => {
  const variables = {
    domainName: 'HUAWEICLOUD_DOMAIN_NAME',
    userName: 'HUAWEICLOUD_USER_NAME',
    password: 'HUAWEICLOUD_PASSWORD',
  } as const;
  const present = Object.values(variables).filter((name) => env[name]);
  const missing = Object.values(variables).filter((name) => !env[name]);
  const credentials =
    present.length === 0
      ? undefined
      : {
          domainName: env[variables.domainName] ?? '',
          userName: env[variables.userName] ?? '',
          password: env[variables.password] ?? '',
        };
  return {
    get: async () => {
      if (missing.length > 0 && present.length > 0) {
        throw new GatewayError(
          ErrorCodes.misconfigured,
          `Service credentials are incomplete: ${missing.join(', ')} not set`,
        );
      }
      return credentials;
    },
    invalidate: () => undefined,
  };
};

/**
 * Credentials from an AWS Secrets Manager secret holding
 * `{"domain_name", "user_name", "password"}`, read once per container and again after
 * {@link CredentialsSource.invalidate}. The AWS SDK (provided by the Lambda runtime) is loaded
 * only here, on first use, so it costs nothing to functions configured otherwise.
 *
 * @example
 * ```ts
 * const source = credentialsFromSecretsManager('arn:aws:secretsmanager:...:secret:bcs-offboard');
 * ```
 */
export const credentialsFromSecretsManager = (secretId: string): CredentialsSource => {
  let pending: Promise<HuaweiCredentials> | undefined;
  return {
    get: (signal) => {
      pending ??= readSecret(secretId, signal).catch((error: unknown) => {
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

const readSecret = async (secretId: string, signal: AbortSignal): Promise<HuaweiCredentials> => {
  let secretString: string | undefined;
  try {
    const { SecretsManagerClient, GetSecretValueCommand } = await import(
      '@aws-sdk/client-secrets-manager'
    );
    const client = new SecretsManagerClient({ maxAttempts: 2 });
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }), {
      abortSignal: signal,
    });
    secretString = answer.SecretString;
  } catch (error) {
    const reason = signal.aborted ? 'no answer in the time left' : errorName(error);
    throw new GatewayError(
      ErrorCodes.secretUnavailable,
      `AWS Secrets Manager did not hand over the credentials secret (${reason})`,
      { cause: error, transient: true },
    );
  }
  return parseSecret(secretString);
};

/**
 * The credentials in a secret's text. A malformed secret is named as such; its content (it
 * may hold the password) never appears in the error.
 */
export const parseSecret = (secretString: string | undefined): HuaweiCredentials => {
  let json: unknown;
  try {
    json = JSON.parse(secretString ?? '');
  } catch {
    json = undefined;
  }
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const missing = ['domain_name', 'user_name', 'password'].filter(
    (field) => typeof record[field] !== 'string' || record[field] === '',
  );
  if (missing.length > 0) {
    throw new GatewayError(
      ErrorCodes.misconfigured,
      json === undefined
        ? 'The credentials secret is not JSON {"domain_name", "user_name", "password"}'
        : `The credentials secret lacks non-empty string fields: ${missing.join(', ')}`,
    );
  }
  return {
    domainName: record.domain_name as string,
    userName: record.user_name as string,
    password: record.password as string,
  };
};

const errorName = (error: unknown): string =>
  error instanceof Error && /^[A-Za-z]+$/.test(error.name) ? error.name : 'unknown error';
