import type { EventBridgeEvent, SQSEvent, SQSRecord } from 'aws-lambda';

let sequence = 0;
const nextId = (prefix: string) => {
  sequence += 1;
  return `${prefix}-${String(sequence).padStart(4, '0')}-7f3c-4a1e-9b2d-0c8e6f5a4b3c`;
};

/** An EventBridge event as Lambda receives it from a rule. */
export const eventBridgeEvent = (
  detailType: string,
  detail: unknown,
  id = nextId('6a7e8feb-b491'),
): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id,
  'detail-type': detailType,
  // The source a deployment trusts by default (serverless.yml's eventSources).
  source: 'bcs-offboard.requests',
  account: '123456789012',
  time: '2026-11-23T09:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail,
});

/** One SQS record as Lambda's event source mapping delivers it. */
export const sqsRecord = (
  body: unknown,
  { queue = 'bcs-offboard-requests', messageId = nextId('059f36b4-87a3') } = {},
): SQSRecord => ({
  messageId,
  receiptHandle: `AQEB${messageId}`,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1795338000000',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1795338000001',
    ...(queue.endsWith('.fifo')
      ? { MessageGroupId: 'offboarding', MessageDeduplicationId: messageId }
      : {}),
  },
  messageAttributes: {},
  md5OfBody: '0',
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queue}`,
  awsRegion: 'eu-west-1',
});

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
