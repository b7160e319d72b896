/**
 * How a failed read of a secret is reported, through the AWS client the functions use (no
 * moto_server: a scripted server over loopback, or a client that fails as no AWS client does).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwsClient } from '../../../lib/aws/aws-client.ts';
import { AwsError } from '../../../lib/aws/aws-error.ts';
import { credentialsFromSecretsManager } from '../../../lib/credentials/credentials-source.ts';
import { secretFromSecretsManager } from '../../../lib/credentials/secrets-manager.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { TEST_AWS_ENV } from '../../helpers/aws-test-client.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.ts';

const notFound = {
  status: 400,
  headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
  body: '{"__type":"ResourceNotFoundException","message":"no such secret"}',
};

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

describe('a secret that cannot be read', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
    for (const [name, value] of Object.entries(TEST_AWS_ENV)) vi.stubEnv(name, value);
    vi.stubEnv('AWS_ENDPOINT_URL', server.url);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.stop();
  });

  it("names the credentials secret and Secrets Manager's answer, as not sent, with its cause", async () => {
    // Prepare
    server.enqueue(notFound);
    const source = credentialsFromSecretsManager('bcs-offboard/credentials');

    // Act
    const error = await rejection(source.get(AbortSignal.timeout(10_000)));

    // Assess
    expect(error.errorCode).toBe('BCSGW.5020004');
    expect(error.message).toBe(
      'AWS Secrets Manager did not hand over the credentials secret (ResourceNotFoundException)',
    );
    expect(error.delivery).toBe('not-sent');
    expect(error.cause).toBeInstanceOf(AwsError);
  });

  it('says that no answer came in the time left when the signal fired', async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort(new DOMException('late', 'TimeoutError'));
    const source = credentialsFromSecretsManager('bcs-offboard/credentials');

    // Act
    const error = await rejection(source.get(controller.signal));

    // Assess
    expect(error.message).toBe(
      'AWS Secrets Manager did not hand over the credentials secret (no answer in the time left)',
    );
  });

  it('names no detail of a failure that is not an AWS one', async () => {
    // Prepare
    const failing: AwsClient = {
      call: async () => {
        throw new TypeError('the failure of no AWS client');
      },
    };
    const secret = secretFromSecretsManager('s', 'the test secret', (text) => text, failing);

    // Act
    const error = await rejection(secret.get(AbortSignal.timeout(10_000)));

    // Assess
    expect(error.message).toBe(
      'AWS Secrets Manager did not hand over the test secret (unknown error)',
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
