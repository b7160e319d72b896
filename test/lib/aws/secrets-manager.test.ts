import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSecretValue } from '../../../lib/aws/secrets-manager.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:huawei-AbCdEf';
const inTime = () => AbortSignal.timeout(10_000);

describe('getSecretValue', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends GetSecretValue as the SDK does and answers the secret', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(jsonReply(200, { ARN: SECRET_ARN, Name: 'huawei', SecretString: '{"a":1}' }));

    // Act
    const answer = await getSecretValue(client, { SecretId: SECRET_ARN }, inTime());

    // Assess
    expect(answer.SecretString).toBe('{"a":1}');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/',
      body: `{"SecretId":"${SECRET_ARN}"}`,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
    });
    expect(server.requests[0]?.headers.authorization).toContain(
      '/eu-west-1/secretsmanager/aws4_request',
    );
  });

  it('throws the AwsError Secrets Manager names, without retrying it', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(
      jsonReply(400, {
        __type: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret.",
      }),
    );

    // Act
    const reading = getSecretValue(client, { SecretId: 'gone' }, inTime());

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      service: 'secretsmanager',
      call: 'GetSecretValue',
      body: { Message: "Secrets Manager can't find the specified secret." },
    });
    expect(server.requests).toHaveLength(1);
  });
});
