import { describe, expect, it } from 'vitest';
import {
  credentialsFromEnvironment,
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
    for (const name of missing) expect(error.message).toContain(name);
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
    expect(credentials?.password).toBe(PASSWORD);
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
  });

  it('names every field that is missing, empty or not a string, and none of the values', async () => {
    // Prepare
    const secret = JSON.stringify({ domain_name: '', user_name: 42, pass: PASSWORD });

    // Act
    const error = await thrownBy(() => parseSecret(secret));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).toContain('domain_name');
    expect(error.message).toContain('user_name');
    expect(error.message).toContain('password');
    expect(error.message).not.toContain(PASSWORD);
  });
});
