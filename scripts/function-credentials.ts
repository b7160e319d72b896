/**
 * Which Huawei credentials `npm start` gives the functions: the seeded user's password (the
 * default), or one of its access keys (`--aksk`, `--aksk-temporary`), so that every BCS call is
 * signed with AK/SK and IAM is never called.
 */
import { parseArgs } from 'node:util';
import { type DefaultSeed, defaultSeed } from '../simulator/seed.ts';

/** How the functions authenticate to BCS. */
export type CredentialMode = 'password' | 'aksk' | 'aksk-temporary';

/** The command line of `npm start` asks for something it cannot do. */
export class StartOptionsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartOptionsError';
  }
}

/**
 * The credential mode `npm start`'s arguments ask for.
 *
 * @example
 * credentialModeOf(['--aksk']); // 'aksk'
 */
export function credentialModeOf(args: readonly string[]): CredentialMode {
  let values: { aksk?: boolean; 'aksk-temporary'?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { aksk: { type: 'boolean' }, 'aksk-temporary': { type: 'boolean' } },
    }));
  } catch (error) {
    throw new StartOptionsError(
      `${(error as Error).message} (npm start [-- --aksk | --aksk-temporary])`,
      {
        cause: error,
      },
    );
  }
  if (values.aksk && values['aksk-temporary']) {
    throw new StartOptionsError('choose one of --aksk and --aksk-temporary');
  }
  if (values['aksk-temporary']) return 'aksk-temporary';
  return values.aksk ? 'aksk' : 'password';
}

/**
 * The credential variables of the functions' environment for `mode`, from the seed's demo user.
 * `undefined` means "unset it": one kind of credential only, none inherited from the shell.
 *
 * @example
 * Object.assign(process.env, functionCredentialsEnv('aksk')); // then unset the undefined ones
 */
export function functionCredentialsEnv(
  mode: CredentialMode,
  seed: DefaultSeed = defaultSeed,
): Record<string, string | undefined> {
  const { demo } = seed;
  const none = {
    HUAWEICLOUD_CREDENTIALS_SECRET: undefined,
    HUAWEICLOUD_DOMAIN_NAME: undefined,
    HUAWEICLOUD_USER_NAME: undefined,
    HUAWEICLOUD_PASSWORD: undefined,
    HUAWEICLOUD_SDK_AK: undefined,
    HUAWEICLOUD_SDK_SK: undefined,
    HUAWEICLOUD_SDK_SECURITY_TOKEN: undefined,
  };
  switch (mode) {
    case 'password':
      return {
        ...none,
        HUAWEICLOUD_DOMAIN_NAME: demo.domainName,
        HUAWEICLOUD_USER_NAME: demo.userName,
        HUAWEICLOUD_PASSWORD: demo.password,
      };
    case 'aksk':
      return {
        ...none,
        HUAWEICLOUD_SDK_AK: demo.accessKey.access,
        HUAWEICLOUD_SDK_SK: demo.accessKey.secret,
      };
    case 'aksk-temporary':
      return {
        ...none,
        HUAWEICLOUD_SDK_AK: demo.temporaryAccessKey.access,
        HUAWEICLOUD_SDK_SK: demo.temporaryAccessKey.secret,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: demo.temporaryAccessKey.securityToken,
      };
  }
}

/**
 * One line saying how the functions authenticate (the AK, never the SK or a password).
 *
 * @example
 * console.log(describeCredentials('aksk'));
 */
export function describeCredentials(mode: CredentialMode, seed: DefaultSeed = defaultSeed): string {
  const { demo } = seed;
  switch (mode) {
    case 'password':
      return `password sign-in as ${demo.userName} (account ${demo.domainName}) through the simulator's IAM (npm start -- --aksk to sign with an access key instead)`;
    case 'aksk':
      return `AK/SK signing (SDK-HMAC-SHA256) with the permanent key ${demo.accessKey.access}; no IAM call`;
    case 'aksk-temporary':
      return `AK/SK signing (SDK-HMAC-SHA256) with the temporary key ${demo.temporaryAccessKey.access} and its security token; no IAM call`;
  }
}

/**
 * Sets the defined variables of `env` in `target` and removes the undefined ones.
 *
 * @example
 * applyEnv(functionCredentialsEnv('aksk'));
 */
export function applyEnv(
  env: Readonly<Record<string, string | undefined>>,
  target: NodeJS.ProcessEnv = process.env,
): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete target[name];
    else target[name] = value;
  }
}
