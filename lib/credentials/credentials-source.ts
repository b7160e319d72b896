import { misconfigured } from '../errors/misconfigured.ts';
import type { HuaweiCredentials } from '../iam/sign-in.ts';
import { parseJsonObject } from '../json/json-object.ts';
import type { HuaweiAccessKey } from '../signing/huawei-sdk-hmac-sha256.ts';
import { secretFromSecretsManager } from './secrets-manager.ts';

/**
 * The service's own credentials: an IAM user's password (signed in for a token), or an access
 * key pair that signs every BCS request (`SDK-HMAC-SHA256`). Never logged, never answered.
 */
export type ServiceCredentials = HuaweiCredentials | HuaweiAccessKey;

/** Whether `credentials` are an access key pair rather than a password. */
export const isAccessKey = (credentials: ServiceCredentials): credentials is HuaweiAccessKey =>
  'ak' in credentials;

/** Where the service's own credentials come from; `undefined` when none are configured. */
export interface CredentialsSource {
  get(signal: AbortSignal): Promise<ServiceCredentials | undefined>;
  /** Forget what was read (IAM or BCS refused it: the secret may have been rotated since). */
  invalidate(): void;
}

/**
 * Every credential, in one order: the password's three (domain, user, password), then the
 * access key's two and its security token. The environment holds each as
 * `HUAWEICLOUD_<name>` (the variables Huawei's own SDKs read); a secret as its name in lower
 * case, without `SDK_` (`domain_name`, `ak`, `security_token`).
 */
const CREDENTIALS = [
  'DOMAIN_NAME',
  'USER_NAME',
  'PASSWORD',
  'SDK_AK',
  'SDK_SK',
  'SDK_SECURITY_TOKEN',
];

/**
 * The credentials named by `names` (in the order of {@link CREDENTIALS}): a password, an access
 * key, or `undefined` when `present` finds neither. Some of both, or a half that lacks a valid
 * value, throws `BCSGW.5000002` naming what is at fault, never a value.
 */
const readCredentials = (
  names: string[],
  value: (name: string) => unknown,
  present: (name: string) => boolean,
  incomplete: string,
): ServiceCredentials | undefined => {
  const password = names.slice(0, 3).filter(present);
  const key = names.slice(3).filter(present);
  const hasPassword = password.length > 0;
  const hasKey = key.length > 0;
  if (hasPassword && hasKey) {
    throw misconfigured(
      `set a password or an access key, not both (${[...password, ...key].join(', ')} are all set)`,
    );
  }
  // The security token belongs to a temporary key: wanted only when given.
  const wanted = hasPassword
    ? names.slice(0, 3)
    : hasKey
      ? [...names.slice(3, 5), ...key.slice(2)]
      : [];
  const text = wanted.map(value);
  const absent = wanted.filter((_, index) => typeof text[index] !== 'string' || text[index] === '');
  if (absent.length > 0) throw misconfigured(`${incomplete}: ${absent.join(', ')}`);
  if (hasPassword) {
    const [domainName, userName, secret] = text as [string, string, string];
    return { domainName, userName, password: secret };
  }
  if (hasKey) {
    const [ak, sk, securityToken] = text as [string, string, string?];
    return { ak, sk, ...(securityToken && { securityToken }) };
  }
  return undefined;
};

/**
 * Credentials from the environment (local runs, tests): a password in
 * `HUAWEICLOUD_DOMAIN_NAME`, `HUAWEICLOUD_USER_NAME` and `HUAWEICLOUD_PASSWORD`, or an access
 * key in `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (with `HUAWEICLOUD_SDK_SECURITY_TOKEN`
 * for a temporary key). None set: no credentials. Half of either, or some of both: an error
 * that names the variables (never the values), answered on every call.
 *
 * @example
 * ```ts
 * const credentials = await credentialsFromEnvironment(process.env).get(signal);
 * ```
 */
export const credentialsFromEnvironment = (env: NodeJS.ProcessEnv): CredentialsSource => {
  // Read now, once: a request never reads the environment.
  const values = { ...env };
  return {
    get: async () =>
      readCredentials(
        CREDENTIALS.map((name) => `HUAWEICLOUD_${name}`),
        (name) => values[name],
        (name) => Boolean(values[name]),
        'the service credentials are incomplete; not set',
      ),
    invalidate: () => undefined,
  };
};

/**
 * Credentials from an AWS Secrets Manager secret holding `{"domain_name", "user_name",
 * "password"}` or `{"ak", "sk"}` (and `"security_token"` for a temporary key), read once per
 * container and again after {@link CredentialsSource.invalidate} (see
 * {@link secretFromSecretsManager}).
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
 * may hold the password or the secret key) never appears in the error.
 */
export const parseSecret = (secretString: string | undefined): ServiceCredentials => {
  // Stryker disable next-line StringLiteral: any text that is no JSON object reads as none.
  const record = parseJsonObject(secretString ?? '');
  const credentials =
    record &&
    readCredentials(
      CREDENTIALS.map((name) => name.replace('SDK_', '').toLowerCase()),
      (field) => record[field],
      (field) => field in record,
      'the credentials secret lacks non-empty string fields',
    );
  if (credentials) return credentials;
  throw misconfigured(
    `the credentials secret is not ${record ? 'any of' : 'JSON'} {"domain_name", "user_name", "password"} or {"ak", "sk"} (with "security_token" for a temporary key)`,
  );
};
