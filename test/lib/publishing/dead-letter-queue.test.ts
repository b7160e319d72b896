/**
 * Messages moved to the dead-letter queue as SQS receives them, sent to a scripted server on
 * loopback playing SQS.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../lib/config/config.ts';
import type { Failed } from '../../../lib/pipeline/outcome.ts';
import { type DeadLetter, deadLetterSender } from '../../../lib/publishing/dead-letter-queue.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const inTime = () => AbortSignal.timeout(10_000);

const refused: Failed = {
  result: 'failed',
  operation: 'quit-consortium',
  status: 400,
  error_code: 'BCSGW.4000001',
  error_msg: 'Invalid request: body.reason \u0000 must be a string',
  delivery: 'final',
};

const letter = (fields: Partial<DeadLetter> = {}): DeadLetter => ({
  body: '{"operation":"quit-consortium","path":{},"body":{}}',
  messageId: '059f36b4-87a3-4a1e-9b2d-0c8e6f5a4b3c',
  correlationId: 'wf-\uFFFF-1',
  outcome: refused,
  ...fields,
});

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.requests.length = 0;
});

/** A dead-letter sender to `queue` on the scripted server, which accepts the next message. */
const senderTo = (queue: string, body: string) => {
  const queueUrl = `${server.url}/123456789012/${queue}`;
  const config = configFrom({ DEAD_LETTER_QUEUE_URL: queueUrl });
  server.enqueue(
    jsonReply(200, {
      MessageId: 'dlq-1',
      MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
    }),
  );
  return { queueUrl, send: deadLetterSender(() => config, testAwsClient(server.url).client) };
};

/** The one SendMessage the sender made, parsed. */
const sentMessage = () => {
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
  return JSON.parse(server.requests[0]?.body ?? '');
};

describe('deadLetterSender', () => {
  it('sends the body unchanged, and why it is not retried as attributes SQS accepts', async () => {
    // Prepare
    const message = letter();
    const { queueUrl, send } = senderTo('bcs-offboard-dlq', message.body);

    // Act
    await send(message, inTime());

    // Assess
    expect(sentMessage()).toEqual({
      QueueUrl: queueUrl,
      MessageBody: message.body,
      MessageAttributes: {
        failure_reason: {
          DataType: 'String',
          StringValue: 'Invalid request: body.reason \uFFFD must be a string',
        },
        error_code: { DataType: 'String', StringValue: 'BCSGW.4000001' },
        status: { DataType: 'Number', StringValue: '400' },
        operation: { DataType: 'String', StringValue: 'quit-consortium' },
        may_have_been_applied: { DataType: 'String', StringValue: 'false' },
        correlation_id: { DataType: 'String', StringValue: 'wf-\uFFFD-1' },
        source_message_id: { DataType: 'String', StringValue: message.messageId },
      },
    });
  });

  it('says a failure may have been applied when BCS may have applied it', async () => {
    // Prepare
    const message = letter({ outcome: { ...refused, status: 502, delivery: 'may-have-applied' } });
    const { send } = senderTo('bcs-offboard-dlq', message.body);

    // Act
    await send(message, inTime());

    // Assess
    const { MessageAttributes } = sentMessage();
    expect(MessageAttributes.may_have_been_applied.StringValue).toBe('true');
    expect(MessageAttributes.status.StringValue).toBe('502');
  });

  it("keeps the message's group on a FIFO dead-letter queue, and deduplicates on its id", async () => {
    // Prepare
    const message = letter({ messageGroupId: 'offboarding' });
    const { send } = senderTo('bcs-offboard-dlq.fifo', message.body);

    // Act
    await send(message, inTime());

    // Assess
    expect(sentMessage()).toMatchObject({
      MessageGroupId: 'offboarding',
      MessageDeduplicationId: message.messageId,
    });
  });

  it('puts a message without a group in the bcs-offboard group of a FIFO dead-letter queue', async () => {
    // Prepare
    const message = letter();
    const { send } = senderTo('bcs-offboard-dlq.fifo', message.body);

    // Act
    await send(message, inTime());

    // Assess
    expect(sentMessage()).toMatchObject({
      MessageGroupId: 'bcs-offboard',
      MessageDeduplicationId: message.messageId,
    });
  });

  it('rejects with BCSGW.5000002, sending nothing, when no dead-letter queue is configured', async () => {
    // Prepare
    const config = configFrom({ DEAD_LETTER_QUEUE_URL: '' });
    const send = deadLetterSender(() => config, testAwsClient(server.url).client);

    // Act
    const settled = await send(letter(), inTime()).catch((error: unknown) => error);

    // Assess
    expect(settled).toMatchObject({
      errorCode: 'BCSGW.5000002',
      message: expect.stringContaining('DEAD_LETTER_QUEUE_URL is not set'),
    });
    expect(server.requests).toEqual([]);
  });
});
