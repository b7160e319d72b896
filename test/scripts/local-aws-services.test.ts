import { createHash } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAwsCall } from '../../scripts/local-aws-services.ts';
import { startLocalGateway } from '../../scripts/local-gateway.ts';

describe('answerAwsCall', () => {
  it('prints each outcome event and reports every entry published', () => {
    // Prepare
    const printed: string[] = [];
    const body = JSON.stringify({
      Entries: [{ DetailType: 'BCS Offboarding Succeeded', Detail: '{"operation_id":"op-1"}' }],
    });

    // Act
    const answer = answerAwsCall('AWSEvents.PutEvents', body, (line) => printed.push(line));

    // Assess
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer?.body ?? '')).toMatchObject({ FailedEntryCount: 0 });
    expect(printed).toEqual(['[EventBridge] BCS Offboarding Succeeded: {"operation_id":"op-1"}']);
  });

  it('answers SendMessage with the MD5 of the body, which the SDK checks', () => {
    // Prepare
    const body = JSON.stringify({ MessageBody: 'not json', MessageAttributes: {} });

    // Act
    const answer = answerAwsCall('AmazonSQS.SendMessage', body, () => undefined);

    // Assess
    expect(JSON.parse(answer?.body ?? '').MD5OfMessageBody).toBe(
      createHash('md5').update('not json').digest('hex'),
    );
  });

  it('leaves any other call unanswered', () => {
    // Prepare
    const target = 'AmazonSQS.DeleteQueue';

    // Act
    const answer = answerAwsCall(target, '{}', () => undefined);

    // Assess
    expect(answer).toBeUndefined();
  });
});

describe('the local gateway as the AWS SDK sees it', () => {
  let gateway: Awaited<ReturnType<typeof startLocalGateway>>;
  const config = () => ({
    endpoint: gateway.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  beforeAll(async () => {
    gateway = await startLocalGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('takes PutEvents and SendMessage from the real SDK clients the functions use', async () => {
    // Prepare
    const eventBridge = new EventBridgeClient(config());
    const sqs = new SQSClient(config());

    // Act
    const published = await eventBridge.send(
      new PutEventsCommand({
        Entries: [{ Source: 'bcs-offboard', DetailType: 'x', Detail: '{}' }],
      }),
    );
    const queued = await sqs.send(
      new SendMessageCommand({ QueueUrl: `${gateway.url}/000000000000/dlq`, MessageBody: 'm' }),
    );

    // Assess
    expect(published.FailedEntryCount).toBe(0);
    expect(queued.MessageId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
