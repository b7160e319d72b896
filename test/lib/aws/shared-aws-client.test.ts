import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClient } from '../../../lib/aws/aws-client.ts';
import { sharedAwsClient } from '../../../lib/aws/shared-aws-client.ts';
import { TEST_AWS_ENV } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

describe('the AWS client of a Lambda container', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer(() => jsonReply(200, {}));
    for (const [name, value] of Object.entries(TEST_AWS_ENV)) vi.stubEnv(name, value);
    vi.stubEnv('AWS_ENDPOINT_URL', server.url);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.stop();
  });

  it('reads its region, credentials and endpoint from the environment when given none', async () => {
    // Prepare
    const client = createAwsClient();

    // Act
    await client.call(
      { service: 'sqs', operation: 'AmazonSQS.GetQueueUrl', body: '{"QueueName":"q"}' },
      AbortSignal.timeout(10_000),
    );

    // Assess
    const [request] = server.requests;
    expect(request?.headers.authorization).toContain(
      `Credential=${TEST_AWS_ENV.AWS_ACCESS_KEY_ID}/`,
    );
    expect(request?.headers.authorization).toContain(
      `/${TEST_AWS_ENV.AWS_REGION}/sqs/aws4_request`,
    );
    expect(request?.headers['x-amz-security-token']).toBe(TEST_AWS_ENV.AWS_SESSION_TOKEN);
  });

  it('is made once, then handed to every store, publisher and invoker of the container', () => {
    // Act
    const first = sharedAwsClient();
    const second = sharedAwsClient();

    // Assess
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });
});
