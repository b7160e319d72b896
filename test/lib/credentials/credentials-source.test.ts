import { describe, expect, it } from 'vitest';
import {
  credentialsFromEnvironment,
  isAccessKey,
  parseSecret,
} from '../../../lib/credentials/credentials-source.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';

const DOMAIN = 'bcs-demo-domain';
const USER = 'offboard-bot-user';
const PASSWORD = 'Sim-Passw0rd!-secret';

/** What the promise or function threw; fails the test when it did not throw a GatewayError. */
const thrownBy = async (act: () => unknown): Promise<GatewayError> => {
  try {
    await act();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('nothing was thrown');
};

const signal = () => AbortSignal.timeout(1000);

describe('credentialsFromEnvironment()', () => {
  it('reads the three variables', async () => {
    // Prepare
    const env = {
      HUAWEICLOUD_DOMAIN_NAME: DOMAIN,
      HUAWEICLOUD_USER_NAME: USER,
      HUAWEICLOUD_PASSWORD: PASSWORD,
    };

    // Act
    const credentials = await credentialsFromEnvironment(env).get(signal());

    // Assess
    expect(credentials).toEqual({ domainName: DOMAIN, userName: USER, password: PASSWORD });
  });

  it('has no credentials when none of the variables is set', async () => {
    // Prepare
    const env = { HUAWEICLOUD_REGION: 'cn-north-4' };

    // Act
    const credentials = await credentialsFromEnvironment(env).get(signal());

    // Assess
    expect(credentials).toBeUndefined();
  });

  it('counts empty variables as unset', async () => {
    // Prepare
    const env = {
      HUAWEICLOUD_DOMAIN_NAME: '',
      HUAWEICLOUD_USER_NAME: '',
      HUAWEICLOUD_PASSWORD: '',
    };

    // Act
    const credentials = await credentialsFromEnvironment(env).get(signal());

    // Assess
    expect(credentials).toBeUndefined();
  });

  it.each([
    [{ HUAWEICLOUD_DOMAIN_NAME: DOMAIN }, ['HUAWEICLOUD_USER_NAME', 'HUAWEICLOUD_PASSWORD']],
    [{ HUAWEICLOUD_PASSWORD: PASSWORD }, ['HUAWEICLOUD_DOMAIN_NAME', 'HUAWEICLOUD_USER_NAME']],
    [{ HUAWEICLOUD_DOMAIN_NAME: DOMAIN, HUAWEICLOUD_USER_NAME: USER }, ['HUAWEICLOUD_PASSWORD']],
    [
      { HUAWEICLOUD_USER_NAME: USER, HUAWEICLOUD_PASSWORD: PASSWORD, HUAWEICLOUD_DOMAIN_NAME: '' },
      ['HUAWEICLOUD_DOMAIN_NAME'],
    ],
  ])('throws BCSGW.5000002 naming the missing variables for %j', async (env, missing) => {
    // Prepare
    const source = credentialsFromEnvironment(env);

    // Act
    const error = await thrownBy(() => source.get(signal()));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.statusCode).toBe(500);
    expect(error.message).toBe(
      `Configuration error: the service credentials are incomplete; not set: ${missing.join(', ')}`,
    );
  });

  it('never puts the values of the variables in the message', async () => {
    // Prepare
    const env = { HUAWEICLOUD_USER_NAME: USER, HUAWEICLOUD_PASSWORD: PASSWORD };

    // Act
    const error = await thrownBy(() => credentialsFromEnvironment(env).get(signal()));

    // Assess
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain(USER);
    expect(JSON.stringify(error.cause) ?? '').not.toContain(PASSWORD);
  });

  it('does nothing on invalidate: the environment does not change', async () => {
    // Prepare
    const env = {
      HUAWEICLOUD_DOMAIN_NAME: DOMAIN,
      HUAWEICLOUD_USER_NAME: USER,
      HUAWEICLOUD_PASSWORD: PASSWORD,
    };
    const source = credentialsFromEnvironment(env);

    // Act
    source.invalidate();
    const credentials = await source.get(signal());

    // Assess
    expect(credentials).toMatchObject({ password: PASSWORD });
  });
});

describe('parseSecret()', () => {
  it('reads {"domain_name", "user_name", "password"}', () => {
    // Prepare
    const secret = JSON.stringify({ domain_name: DOMAIN, user_name: USER, password: PASSWORD });

    // Act
    const credentials = parseSecret(secret);

    // Assess
    expect(credentials).toEqual({ domainName: DOMAIN, userName: USER, password: PASSWORD });
  });

  it('ignores other fields of the secret', () => {
    // Prepare
    const secret = JSON.stringify({
      domain_name: DOMAIN,
      user_name: USER,
      password: PASSWORD,
      rotated_at: '2026-01-01',
    });

    // Act
    const credentials = parseSecret(secret);

    // Assess
    expect(credentials).toEqual({ domainName: DOMAIN, userName: USER, password: PASSWORD });
  });

  it.each([
    ['text that is not JSON', `password=${PASSWORD}`],
    ['truncated JSON', `{"domain_name": "${DOMAIN}", "password": "${PASSWORD}"`],
    ['no text at all (a binary secret)', undefined],
    ['an empty string', ''],
  ])('throws BCSGW.5000002 for %s, without echoing it', async (_kind, secret) => {
    // Prepare
    const input = secret;

    // Act
    const error = await thrownBy(() => parseSecret(input));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).toContain('domain_name');
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain(DOMAIN);
    expect(JSON.stringify(error.cause) ?? '').not.toContain(PASSWORD);
  });

  it.each([
    ['a JSON string', JSON.stringify(PASSWORD)],
    ['a JSON array', JSON.stringify([DOMAIN, USER, PASSWORD])],
    ['JSON null', 'null'],
  ])('throws BCSGW.5000002 for %s, without echoing it', async (_kind, secret) => {
    // Prepare
    const input = secret;

    // Act
    const error = await thrownBy(() => parseSecret(input));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).toMatch(
      /^Configuration error: the credentials secret is not (JSON|any of) \{/,
    );
  });

  it.each([
    ['text that is not JSON', 'not json', 'JSON'],
    ['a JSON object of other fields', '{"name": "x"}', 'any of'],
  ])('says a secret holding %s is not %s', async (_kind, secret, what) => {
    // Act
    const error = await thrownBy(() => parseSecret(secret));

    // Assess
    expect(error.message).toBe(
      `Configuration error: the credentials secret is not ${what} {"domain_name", "user_name", ` +
        '"password"} or {"ak", "sk"} (with "security_token" for a temporary key)',
    );
  });

  it('names every field that is missing, empty or not a string, and none of the values', async () => {
    // Prepare
    const secret = JSON.stringify({ domain_name: '', user_name: 42, pass: PASSWORD });

    // Act
    const error = await thrownBy(() => parseSecret(secret));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).toBe(
      'Configuration error: the credentials secret lacks non-empty string fields: ' +
        'domain_name, user_name, password',
    );
  });
});

const AK = 'HPUAQWERTY0123456789';
const SK = 'Sk-Secret-Key-0123456789abcdefghijklmnopq';
const SECURITY_TOKEN = 'gQpjbi1ub3J0aC00iAgQ-temporary-security-token';

describe('credentialsFromEnvironment() with an access key', () => {
  it('reads HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, the names Huawei SDKs read', async () => {
    // Prepare
    const env = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK };

    // Act
    const credentials = await credentialsFromEnvironment(env).get(signal());

    // Assess
    expect(credentials).toEqual({ ak: AK, sk: SK });
    expect(credentials && isAccessKey(credentials)).toBe(true);
  });

  it('reads a temporary key with HUAWEICLOUD_SDK_SECURITY_TOKEN', async () => {
    // Prepare
    const env = {
      HUAWEICLOUD_SDK_AK: AK,
      HUAWEICLOUD_SDK_SK: SK,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: SECURITY_TOKEN,
    };

    // Act
    const credentials = await credentialsFromEnvironment(env).get(signal());

    // Assess
    expect(credentials).toEqual({ ak: AK, sk: SK, securityToken: SECURITY_TOKEN });
  });

  it.each([
    [{ HUAWEICLOUD_SDK_AK: AK }, ['HUAWEICLOUD_SDK_SK']],
    [{ HUAWEICLOUD_SDK_SK: SK }, ['HUAWEICLOUD_SDK_AK']],
    [
      { HUAWEICLOUD_SDK_SECURITY_TOKEN: SECURITY_TOKEN },
      ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
    ],
    [
      { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SECURITY_TOKEN: SECURITY_TOKEN },
      ['HUAWEICLOUD_SDK_SK'],
    ],
  ])('throws BCSGW.5000002 naming the missing half of the pair for %j', async (env, missing) => {
    // Prepare
    const source = credentialsFromEnvironment(env);

    // Act
    const error = await thrownBy(() => source.get(signal()));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).toMatch(/incomplete/);
    for (const name of missing) expect(error.message).toContain(name);
    expect(error.message).not.toContain(SK);
    expect(error.message).not.toContain(SECURITY_TOKEN);
  });

  it('refuses a password and an access key together, naming every variable set and no value', async () => {
    // Prepare
    const env = {
      HUAWEICLOUD_DOMAIN_NAME: DOMAIN,
      HUAWEICLOUD_USER_NAME: USER,
      HUAWEICLOUD_PASSWORD: PASSWORD,
      HUAWEICLOUD_SDK_AK: AK,
      HUAWEICLOUD_SDK_SK: SK,
    };

    // Act
    const error = await thrownBy(() => credentialsFromEnvironment(env).get(signal()));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).toBe(
      'Configuration error: set a password or an access key, not both (HUAWEICLOUD_DOMAIN_NAME, ' +
        'HUAWEICLOUD_USER_NAME, HUAWEICLOUD_PASSWORD, HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK are all set)',
    );
    for (const value of [PASSWORD, SK, AK]) expect(error.message).not.toContain(value);
  });

  it('refuses half a password next to an access key as "not both", not as an incomplete password', async () => {
    // Prepare
    const env = { HUAWEICLOUD_PASSWORD: PASSWORD, HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK };

    // Act
    const error = await thrownBy(() => credentialsFromEnvironment(env).get(signal()));

    // Assess
    expect(error.message).toContain('not both');
    expect(error.message).toContain('HUAWEICLOUD_PASSWORD');
  });
});

describe('parseSecret() with an access key', () => {
  it('reads {"ak", "sk"}', () => {
    // Prepare
    const secret = JSON.stringify({ ak: AK, sk: SK });

    // Act
    const credentials = parseSecret(secret);

    // Assess
    expect(credentials).toEqual({ ak: AK, sk: SK });
  });

  it('reads {"ak", "sk", "security_token"} as a temporary key', () => {
    // Prepare
    const secret = JSON.stringify({ ak: AK, sk: SK, security_token: SECURITY_TOKEN });

    // Act
    const credentials = parseSecret(secret);

    // Assess
    expect(credentials).toEqual({ ak: AK, sk: SK, securityToken: SECURITY_TOKEN });
  });

  it.each([
    ['no sk', { ak: AK }, ['sk']],
    ['an empty ak', { ak: '', sk: SK }, ['ak']],
    ['an sk that is not a string', { ak: AK, sk: 42 }, ['sk']],
    ['an empty security_token', { ak: AK, sk: SK, security_token: '' }, ['security_token']],
    ['a security_token alone', { security_token: SECURITY_TOKEN }, ['ak', 'sk']],
  ])('names the fields at fault for %s, and none of the values', async (_kind, json, fields) => {
    // Prepare
    const secret = JSON.stringify(json);

    // Act
    const error = await thrownBy(() => parseSecret(secret));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    for (const field of fields) expect(error.message).toContain(field);
    expect(error.message).not.toContain(SK);
    expect(error.message).not.toContain(SECURITY_TOKEN);
  });

  it('refuses a secret holding both a password and an access key', async () => {
    // Prepare
    const secret = JSON.stringify({
      domain_name: DOMAIN,
      user_name: USER,
      password: PASSWORD,
      ak: AK,
      sk: SK,
    });

    // Act
    const error = await thrownBy(() => parseSecret(secret));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).toContain('not both');
    for (const value of [PASSWORD, SK]) expect(error.message).not.toContain(value);
  });
});
