import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { credentialsFromSecretsManager } from '../../../lib/credentials/credentials-source.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { MOTO_ENV, type Moto, startMoto } from '../../helpers/moto.ts';

const PASSWORD = 'Rotated-Passw0rd!-secret';

const secretText = (password = PASSWORD) =>
  JSON.stringify({ domain_name: 'bcs-demo', user_name: 'offboard-bot', password });

/** What the promise threw; fails the test when it did not throw a GatewayError. */
const rejection = async (promise: Promise<unknown>): Promise<GatewayError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('the read did not throw');
};

const signal = () => AbortSignal.timeout(15_000);

describe('credentialsFromSecretsManager() against moto_server', () => {
  let moto: Moto;
  let admin: SecretsManagerClient;
  let secretNumber = 0;
  let secretId: string;

  beforeAll(async () => {
    moto = await startMoto();
    vi.stubEnv('AWS_ENDPOINT_URL', moto.url);
    for (const [name, value] of Object.entries(MOTO_ENV)) vi.stubEnv(name, value);
    admin = new SecretsManagerClient({
      endpoint: moto.url,
      region: MOTO_ENV.AWS_REGION,
      credentials: {
        accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY,
      },
    });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    admin?.destroy();
    await moto?.stop();
  });

  beforeEach(() => {
    secretNumber += 1;
    secretId = `bcs-offboard/credentials-${secretNumber}`;
  });

  const createSecret = (text: string) =>
    admin.send(new CreateSecretCommand({ Name: secretId, SecretString: text }));

  it('reads the credentials from the secret', async () => {
    // Prepare
    await createSecret(secretText());

    // Act
    const credentials = await credentialsFromSecretsManager(secretId).get(signal());

    // Assess
    expect(credentials).toEqual({
      domainName: 'bcs-demo',
      userName: 'offboard-bot',
      password: PASSWORD,
    });
  });

  it('reads the secret by its ARN as well', async () => {
    // Prepare
    const { ARN } = await createSecret(secretText());

    // Act
    const credentials = await credentialsFromSecretsManager(ARN ?? '').get(signal());

    // Assess
    expect(credentials).toMatchObject({ userName: 'offboard-bot' });
  });

  it('throws BCSGW.5020004 for a secret that does not exist', async () => {
    // Prepare
    const source = credentialsFromSecretsManager('bcs-offboard/no-such-secret');

    // Act
    const error = await rejection(source.get(signal()));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5020004');
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('ResourceNotFoundException');
  });

  it('throws BCSGW.5000002 for a secret that is not JSON, without echoing it', async () => {
    // Prepare
    await createSecret(`password=${PASSWORD}`);

    // Act
    const error = await rejection(credentialsFromSecretsManager(secretId).get(signal()));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('throws BCSGW.5000002 naming the fields a secret lacks', async () => {
    // Prepare
    await createSecret(JSON.stringify({ domain_name: 'bcs-demo', password: PASSWORD }));

    // Act
    const error = await rejection(credentialsFromSecretsManager(secretId).get(signal()));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5000002');
    expect(error.message).toContain('user_name');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('reads the secret once and keeps it, however often and however concurrently it is asked for', async () => {
    // Prepare
    await createSecret(secretText('first'));
    const source = credentialsFromSecretsManager(secretId);

    // Act
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => source.get(signal())));
    await admin.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: secretText('second') }),
    );
    const later = await source.get(signal());

    // Assess
    expect(new Set(concurrent)).toEqual(new Set([concurrent[0]]));
    expect(later).toBe(concurrent[0]);
    expect(later).toMatchObject({ password: 'first' });
  });

  it('reads the secret again after invalidate (it may have been rotated)', async () => {
    // Prepare
    await createSecret(secretText('first'));
    const source = credentialsFromSecretsManager(secretId);
    await source.get(signal());
    await admin.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: secretText('second') }),
    );

    // Act
    source.invalidate();
    const rotated = await source.get(signal());

    // Assess
    expect(rotated).toMatchObject({ password: 'second' });
  });

  it('does not keep a failed read: the next call reads again', async () => {
    // Prepare
    const source = credentialsFromSecretsManager(secretId);
    await rejection(source.get(signal()));
    await createSecret(secretText());

    // Act
    const credentials = await source.get(signal());

    // Assess
    expect(credentials).toMatchObject({ password: PASSWORD });
  });
});
