import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { HuaweiCredentials } from '../iam/sign-in.ts';
import { secretFromSecretsManager } from './secrets-manager.ts';

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
 * {@link CredentialsSource.invalidate} (see {@link secretFromSecretsManager}).
 *
 * @example
 * ```ts
 * const source = credentialsFromSecretsManager('arn:aws:secretsmanager:...:secret:bcs-offboard');
 * ```
 */
export const credentialsFromSecretsManager = (secretId: string): CredentialsSource =>
  secretFromSecretsManager(secretId, 'the credentials secret', parseSecret);

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
        ? 'Configuration error: the credentials secret is not JSON {"domain_name", "user_name", "password"}'
        : `Configuration error: the credentials secret lacks non-empty string fields: ${missing.join(', ')}`,
    );
  }
  return {
    domainName: record.domain_name as string,
    userName: record.user_name as string,
    password: record.password as string,
  };
};
