import { createHash } from 'node:crypto';
import type { AwsClient, CallOptions } from './aws-client.ts';

export interface MessageAttributeValue {
  /** `String`, `Number` or `Binary`, optionally with a custom suffix (`String.reason`). */
  DataType: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
}

export interface SendMessageInput {
  QueueUrl: string;
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  /** FIFO queues only. */
  MessageGroupId?: string;
  /** FIFO queues only. */
  MessageDeduplicationId?: string;
}

export interface SendMessageOutput {
  MessageId?: string;
  MD5OfMessageBody?: string;
  MD5OfMessageAttributes?: string;
  /** FIFO queues only. */
  SequenceNumber?: string;
}

/**
 * SQS `SendMessage`. Sent to the QueueUrl's host, as the SDK does even when
 * `AWS_ENDPOINT_URL_SQS` or `AWS_ENDPOINT_URL` is set (only an explicit client endpoint, which
 * this client has not, would win); a QueueUrl that is no http(s) URL goes to the endpoint and
 * SQS refuses it. The answer's `MD5OfMessageBody` must be the MD5 of the body sent, as the SDK
 * checks: otherwise an `InvalidChecksumError` (the message may be queued, damaged; not resent).
 *
 * @example
 * ```ts
 * await sendMessage(aws, { QueueUrl, MessageBody: body, MessageAttributes: { reason: { DataType: 'String', StringValue: 'gone' } } }, signal);
 * ```
 */
export const sendMessage = (
  client: AwsClient,
  input: SendMessageInput,
  signal: AbortSignal,
  options?: CallOptions,
): Promise<SendMessageOutput> => {
  const queue = URL.parse(input.QueueUrl);
  return client.call(
    {
      service: 'sqs',
      operation: 'SendMessage',
      origin: queue && /^https?:$/.test(queue.protocol) ? queue.origin : undefined,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
        'x-amzn-query-mode': 'true',
      },
      body: JSON.stringify(input),
      verify: ({ MD5OfMessageBody }) =>
        MD5OfMessageBody === createHash('md5').update(input.MessageBody).digest('hex')
          ? undefined
          : {
              name: 'InvalidChecksumError',
              detail: 'MD5OfMessageBody is not the MD5 of the body sent',
              sent: 'maybe',
            },
    },
    signal,
    options,
  );
};
