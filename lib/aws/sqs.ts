import { createHash } from 'node:crypto';
import type { AwsOperation } from './aws-client.ts';

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
 * SQS `SendMessage`, sent to the QueueUrl's host as the SDK does, even when
 * `AWS_ENDPOINT_URL_SQS` or `AWS_ENDPOINT_URL` is set (only an explicit client endpoint, which
 * this client has not, would win); a QueueUrl that is no absolute URL is refused with a
 * `TypeError` before anything is sent. The answer's `MD5OfMessageBody` must be the MD5 of the
 * body sent, as the SDK checks: otherwise an `InvalidChecksumError` (the message may be queued,
 * damaged; not resent). Unlike the SDK, it does not send `x-amzn-query-mode: true`: that only
 * adds SQS's legacy error code to an error answer, in a header nothing here reads.
 *
 * @example
 * ```ts
 * await sendMessage(aws, { QueueUrl, MessageBody: body, MessageAttributes: { reason: { DataType: 'String', StringValue: 'gone' } } }, signal);
 * ```
 */
export const sendMessage: AwsOperation<SendMessageInput, SendMessageOutput> = (
  client,
  input,
  signal,
  options,
) =>
  client.call<SendMessageOutput>(
    {
      service: 'sqs',
      operation: 'AmazonSQS.SendMessage',
      endpoint: input.QueueUrl,
      body: JSON.stringify(input),
      check: (answer) =>
        answer.MD5OfMessageBody !== createHash('md5').update(input.MessageBody).digest('hex') &&
        'InvalidChecksumError',
    },
    signal,
    options,
  );
