import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyEnv,
  type CredentialMode,
  credentialModeOf,
  describeCredentials,
  functionCredentialsEnv,
  StartOptionsError,
} from '../../scripts/function-credentials.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { sdkDate } from '../helpers/sdk-hmac-sha256.ts';
import { removeOrgsSegments, sdkRequest, sendSigned } from '../simulator/helpers.ts';

const { demo } = defaultSeed;

describe("npm start's credentials for the functions", () => {
  it.each([
    [[], 'password'],
    [['--aksk'], 'aksk'],
    [['--aksk-temporary'], 'aksk-temporary'],
  ] as const)('reads %j as %s', (args, mode) => {
    // Prepare
    const argv = [...args];

    // Act
    const chosen = credentialModeOf(argv);

    // Assess
    expect(chosen).toBe(mode);
  });

  it.each([
    ['both key flags', ['--aksk', '--aksk-temporary'], 'choose one'],
    ['an unknown flag', ['--akssk'], 'npm start [-- --aksk | --aksk-temporary]'],
  ])('refuses %s with a StartOptionsError', (_, args, message) => {
    // Prepare
    const argv = args;

    // Act
    const choose = () => credentialModeOf(argv);

    // Assess
    expect(choose).toThrow(StartOptionsError);
    expect(choose).toThrow(message);
  });

  it('gives the password triple by default, and unsets any access key', () => {
    // Prepare
    const mode: CredentialMode = 'password';

    // Act
    const env = functionCredentialsEnv(mode);

    // Assess
    expect(env).toEqual({
      HUAWEICLOUD_CREDENTIALS_SECRET: undefined,
      HUAWEICLOUD_DOMAIN_NAME: demo.domainName,
      HUAWEICLOUD_USER_NAME: demo.userName,
      HUAWEICLOUD_PASSWORD: demo.password,
      HUAWEICLOUD_SDK_AK: undefined,
      HUAWEICLOUD_SDK_SK: undefined,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: undefined,
    });
  });

  it.each([
    ['aksk', demo.accessKey, undefined],
    ['aksk-temporary', demo.temporaryAccessKey, demo.temporaryAccessKey.securityToken],
  ] as const)('gives %s the seeded key and unsets the password', (mode, key, token) => {
    // Prepare
    const chosen: CredentialMode = mode;

    // Act
    const env = functionCredentialsEnv(chosen);

    // Assess
    expect(env).toEqual({
      HUAWEICLOUD_CREDENTIALS_SECRET: undefined,
      HUAWEICLOUD_DOMAIN_NAME: undefined,
      HUAWEICLOUD_USER_NAME: undefined,
      HUAWEICLOUD_PASSWORD: undefined,
      HUAWEICLOUD_SDK_AK: key.access,
      HUAWEICLOUD_SDK_SK: key.secret,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: token,
    });
  });

  it('says which key signs, and never prints a secret', () => {
    // Prepare
    const modes: CredentialMode[] = ['password', 'aksk', 'aksk-temporary'];

    // Act
    const lines = modes.map((mode) => describeCredentials(mode));

    // Assess
    expect(lines[1]).toContain(demo.accessKey.access);
    expect(lines[2]).toContain(demo.temporaryAccessKey.access);
    for (const line of lines) {
      for (const secret of [
        demo.password,
        demo.accessKey.secret,
        demo.temporaryAccessKey.secret,
        demo.temporaryAccessKey.securityToken,
      ]) {
        expect(line).not.toContain(secret);
      }
    }
  });

  it('applyEnv sets the defined variables and removes the others', () => {
    // Prepare
    const target: NodeJS.ProcessEnv = { HUAWEICLOUD_PASSWORD: 'from the shell', KEEP: 'me' };

    // Act
    applyEnv(functionCredentialsEnv('aksk'), target);

    // Assess
    expect(target).toEqual({
      KEEP: 'me',
      HUAWEICLOUD_SDK_AK: demo.accessKey.access,
      HUAWEICLOUD_SDK_SK: demo.accessKey.secret,
    });
  });

  describe('against the simulator', () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator();
    });
    afterAll(() => sim.stop());

    it.each(['aksk', 'aksk-temporary'] as const)(
      'gives %s a key the simulator accepts',
      async (mode) => {
        // Prepare
        const env = functionCredentialsEnv(mode);
        const key = {
          access: env.HUAWEICLOUD_SDK_AK ?? '',
          secret: env.HUAWEICLOUD_SDK_SK ?? '',
          ...(env.HUAWEICLOUD_SDK_SECURITY_TOKEN === undefined
            ? {}
            : { securityToken: env.HUAWEICLOUD_SDK_SECURITY_TOKEN }),
        };
        const put = sdkRequest(sim, 'PUT', removeOrgsSegments(), {
          body: { org_names: [mode === 'aksk' ? 'org3' : 'organization2'] },
        });

        // Act
        const res = await sendSigned(sim, put, key, sdkDate(Date.now()));

        // Assess
        expect(res.status).toBe(200);
        expect(sim.signInCount()).toBe(0);
      },
    );
  });
});
