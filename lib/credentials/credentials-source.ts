import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { HuaweiCredentials } from '../iam/sign-in.ts';
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

const PASSWORD_VARIABLES = {
  domainName: 'HUAWEICLOUD_DOMAIN_NAME',
  userName: 'HUAWEICLOUD_USER_NAME',
  password: 'HUAWEICLOUD_PASSWORD',
} as const;

/** The names Huawei's own SDKs read. */
const ACCESS_KEY_VARIABLES = {
  ak: 'HUAWEICLOUD_SDK_AK',
  sk: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
} as const;

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
  const set = (names: Record<string, string>) => Object.values(names).filter((name) => env[name]);
  const password = set(PASSWORD_VARIABLES);
  const accessKey = set(ACCESS_KEY_VARIABLES);
  let credentials: ServiceCredentials | undefined;
  let problem: string | undefined;
  if (password.length > 0 && accessKey.length > 0) {
    problem = `Service credentials: set a password or an access key, not both (${[...password, ...accessKey].join(', ')} are all set)`;
  } else if (password.length > 0) {
    problem = missing(PASSWORD_VARIABLES, password);
    credentials = {
      domainName: env.HUAWEICLOUD_DOMAIN_NAME ?? '',
      userName: env.HUAWEICLOUD_USER_NAME ?? '',
      password: env.HUAWEICLOUD_PASSWORD ?? '',
    };
  } else if (accessKey.length > 0) {
    problem = missing({ ak: ACCESS_KEY_VARIABLES.ak, sk: ACCESS_KEY_VARIABLES.sk }, accessKey);
    credentials = accessKeyOf(
      env.HUAWEICLOUD_SDK_AK,
      env.HUAWEICLOUD_SDK_SK,
      env.HUAWEICLOUD_SDK_SECURITY_TOKEN,
    );
  }
  return {
    get: async () => {
      if (problem !== undefined) {
        throw new GatewayError(ErrorCodes.misconfigured, problem);
      }
      return credentials;
    },
    invalidate: () => undefined,
  };
};

/** What says which variables of `names` are not in `present`; undefined when none is missing. */
const missing = (names: Record<string, string>, present: string[]): string | undefined => {
  const absent = Object.values(names).filter((name) => !present.includes(name));
  return absent.length > 0
    ? `Service credentials are incomplete: ${absent.join(', ')} not set`
    : undefined;
};

const accessKeyOf = (
  ak: string | undefined,
  sk: string | undefined,
  securityToken: string | undefined,
): HuaweiAccessKey => ({
  ak: ak ?? '',
  sk: sk ?? '',
  ...(securityToken ? { securityToken } : {}),
});

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

const SECRET_FIELDS = ['domain_name', 'user_name', 'password', 'ak', 'sk', 'security_token'];
const SECRET_SHAPES =
  '{"domain_name", "user_name", "password"} or {"ak", "sk"} (with "security_token" for a temporary key)';

/**
 * The credentials in a secret's text. A malformed secret is named as such; its content (it
 * may hold the password or the secret key) never appears in the error.
 */
export const parseSecret = (secretString: string | undefined): ServiceCredentials => {
  let json: unknown;
  try {
    json = JSON.parse(secretString ?? '');
  } catch {
    json = undefined;
  }
  const record: Record<string, unknown> | undefined =
    typeof json === 'object' && json !== null && !Array.isArray(json) ? { ...json } : undefined;
  if (!record || !SECRET_FIELDS.some((field) => field in record)) {
    throw secretError(
      `the credentials secret is not ${record ? 'any of' : 'JSON'} ${SECRET_SHAPES}`,
    );
  }
  const given = (field: string) => typeof record[field] === 'string' && record[field] !== '';
  const lacking = (fields: string[]) => {
    const absent = fields.filter((field) => !given(field));
    if (absent.length > 0) {
      throw secretError(
        `the credentials secret lacks non-empty string fields: ${absent.join(', ')}`,
      );
    }
  };
  const passwordFields = ['domain_name', 'user_name', 'password'].filter(
    (field) => field in record,
  );
  const keyFields = ['ak', 'sk', 'security_token'].filter((field) => field in record);
  if (passwordFields.length > 0 && keyFields.length > 0) {
    throw secretError(
      `the credentials secret holds both a password and an access key (${[...passwordFields, ...keyFields].join(', ')}): keep one`,
    );
  }
  if (keyFields.length > 0) {
    lacking(['ak', 'sk', ...(record.security_token === undefined ? [] : ['security_token'])]);
    return accessKeyOf(
      record.ak as string,
      record.sk as string,
      record.security_token as string | undefined,
    );
  }
  lacking(['domain_name', 'user_name', 'password']);
  return {
    domainName: record.domain_name as string,
    userName: record.user_name as string,
    password: record.password as string,
  };
};

const secretError = (message: string): GatewayError =>
  new GatewayError(ErrorCodes.misconfigured, `Configuration error: ${message}`);
