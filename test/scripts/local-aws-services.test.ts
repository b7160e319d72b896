import { createHash } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARRIVALS_PATH, type Arrival, answerAwsCall } from '../../scripts/local-aws-services.ts';
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

  it('hands over each outcome event and dead-lettered message, with its correlation id', () => {
    // Prepare
    const kept: Arrival[] = [];
    const events = JSON.stringify({
      Entries: [{ DetailType: 'BCS Offboarding Failed', Detail: '{"correlation_id":"wf-1"}' }],
    });
    const message = JSON.stringify({
      MessageBody: 'not json',
      MessageAttributes: {
        correlation_id: { DataType: 'String', StringValue: 'm-1' },
        error_code: { DataType: 'String', StringValue: 'BCSGW.4000002' },
      },
    });

    // Act
    answerAwsCall(
      'AWSEvents.PutEvents',
      events,
      () => undefined,
      (a) => kept.push(a),
    );
    answerAwsCall(
      'AmazonSQS.SendMessage',
      message,
      () => undefined,
      (a) => kept.push(a),
    );

    // Assess
    expect(kept).toEqual([
      {
        kind: 'outcome event',
        correlation_id: 'wf-1',
        detail_type: 'BCS Offboarding Failed',
        detail: { correlation_id: 'wf-1' },
      },
      {
        kind: 'dead-lettered message',
        correlation_id: 'm-1',
        body: 'not json',
        attributes: { correlation_id: 'm-1', error_code: 'BCSGW.4000002' },
      },
    ]);
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

  it('serves what arrived for a correlation id, after a sequence number', async () => {
    // Prepare
    const eventBridge = new EventBridgeClient(config());
    const publish = (correlationId: string) =>
      eventBridge.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: 'bcs-offboard',
              DetailType: 'BCS Offboarding Succeeded',
              Detail: JSON.stringify({ correlation_id: correlationId }),
            },
          ],
        }),
      );
    const arrived = async (query: string) =>
      (await (await fetch(`${gateway.url}${ARRIVALS_PATH}?${query}`)).json()) as {
        last: number;
        arrivals: { seq: number; correlation_id: string }[];
      };
    await publish('wf-a');
    const { last } = await arrived('');

    // Act
    await publish('wf-b');
    await publish('wf-a');
    const found = await arrived(`after=${last}&correlation_id=wf-a`);

    // Assess
    expect(found.last).toBe(last + 2);
    expect(found.arrivals).toEqual([
      expect.objectContaining({ seq: last + 2, kind: 'outcome event', correlation_id: 'wf-a' }),
    ]);
  });
});
