import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendMessage } from '../../../lib/aws/sqs.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const inTime = () => AbortSignal.timeout(10_000);

describe('sendMessage', () => {
  let endpoint: ScriptedServer;
  let queueHost: ScriptedServer;
  let queueUrl: string;

  beforeEach(async () => {
    endpoint = await startScriptedServer();
    queueHost = await startScriptedServer();
    queueUrl = `${queueHost.url}/123456789012/bcs-offboard-requests-dlq`;
  });
  afterEach(async () => {
    await endpoint.stop();
    await queueHost.stop();
  });

  it("sends SendMessage as the SDK does, to the QueueUrl's host even with an endpoint set", async () => {
    // Prepare
    const { client } = testAwsClient(endpoint.url, { env: { AWS_ENDPOINT_URL_SQS: endpoint.url } });
    const input = {
      QueueUrl: queueUrl,
      MessageBody: '{"op":"quit"}',
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: 'gone' },
        status: { DataType: 'Number', StringValue: '404' },
      },
    };
    queueHost.enqueue(jsonReply(200, { MessageId: 'm1', MD5OfMessageBody: md5('{"op":"quit"}') }));

    // Act
    const answer = await sendMessage(client, input, inTime());

    // Assess
    expect(answer.MessageId).toBe('m1');
    expect(endpoint.requests).toEqual([]);
    expect(queueHost.requests).toHaveLength(1);
    expect(queueHost.requests[0]).toMatchObject({
      method: 'POST',
      url: '/',
      body: JSON.stringify(input),
      headers: {
        host: `127.0.0.1:${queueHost.port}`,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
        'x-amzn-query-mode': 'true',
      },
    });
    expect(queueHost.requests[0]?.headers.authorization).toContain('/eu-west-1/sqs/aws4_request');
    expect(queueHost.requests[0]?.headers.authorization).toContain(
      'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target;x-amzn-query-mode,',
    );
  });

  it('checks the MD5 of a body sent as UTF-8', async () => {
    // Prepare
    const { client } = testAwsClient(endpoint.url);
    const body = 'Ümlaut → 日本 🎉';
    queueHost.enqueue(jsonReply(200, { MessageId: 'm1', MD5OfMessageBody: md5(body) }));

    // Act
    const sending = sendMessage(client, { QueueUrl: queueUrl, MessageBody: body }, inTime());

    // Assess
    await expect(sending).resolves.toMatchObject({ MessageId: 'm1' });
  });

  it('fails, without resending, when MD5OfMessageBody is not the MD5 of the body sent', async () => {
    // Prepare
    const { client } = testAwsClient(endpoint.url);
    queueHost.enqueue(jsonReply(200, { MessageId: 'm1', MD5OfMessageBody: md5('something else') }));

    // Act
    const sending = sendMessage(client, { QueueUrl: queueUrl, MessageBody: 'body' }, inTime());

    // Assess
    await expect(sending).rejects.toMatchObject({
      name: 'InvalidChecksumError',
      status: 200,
      sent: 'maybe',
    });
    expect(queueHost.requests).toHaveLength(1);
  });

  it('refuses a QueueUrl that is no absolute URL before sending anything', async () => {
    // Prepare
    const { client } = testAwsClient(endpoint.url);

    // Act
    const sending = sendMessage(
      client,
      { QueueUrl: 'bcs-offboard-dlq', MessageBody: 'b' },
      inTime(),
    );

    // Assess
    await expect(sending).rejects.toThrow(TypeError);
    expect(endpoint.requests).toEqual([]);
  });

  it('names a missing queue as the SDK does (QueueDoesNotExist)', async () => {
    // Prepare
    const { client } = testAwsClient(endpoint.url);
    queueHost.enqueue(
      jsonReply(
        400,
        {
          __type: 'com.amazonaws.sqs#QueueDoesNotExist',
          message: 'The specified queue does not exist.',
        },
        { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
      ),
    );

    // Act
    const sending = sendMessage(client, { QueueUrl: queueUrl, MessageBody: 'b' }, inTime());

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    expect(queueHost.requests).toHaveLength(1);
  });
});
