import type { AwsClient } from '../aws/aws-client.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import { sendMessage } from '../aws/sqs.ts';
import type { Outcome } from '../pipeline/outcome.ts';

/**
 * Moves a message that will not be retried to the dead-letter queue (`DEAD_LETTER_QUEUE_URL`),
 * its body unchanged (it can be redriven as is) and the reason in message attributes.
 *
 * A FIFO dead-letter queue keeps the message's group and deduplicates on its id. `aws` sends it
 * (default: the container's client).
 *
 * @example
 * ```ts
 * await sendToDeadLetterQueue({ body: record.body, messageId: record.messageId, correlationId, outcome }, signal);
 * ```
 */
export const sendToDeadLetterQueue = async (
  {
    body,
    messageId,
    messageGroupId,
    correlationId,
    outcome,
  }: {
    body: string;
    messageId: string;
    messageGroupId?: string | undefined;
    correlationId: string;
    outcome: Extract<Outcome, { result: 'failed' }>;
  },
  signal: AbortSignal,
  aws: AwsClient = sharedAwsClient(),
): Promise<void> => {
  const queueUrl = process.env.DEAD_LETTER_QUEUE_URL;
  if (!queueUrl) throw new Error('DEAD_LETTER_QUEUE_URL is not set');
  const text = (value: string) => ({ DataType: 'String', StringValue: sqsSafe(value) });
  await sendMessage(
    aws,
    {
      QueueUrl: queueUrl,
      MessageBody: body,
      ...(queueUrl.endsWith('.fifo')
        ? { MessageGroupId: messageGroupId ?? 'bcs-offboard', MessageDeduplicationId: messageId }
        : {}),
      MessageAttributes: {
        failure_reason: text(outcome.error_msg),
        error_code: text(outcome.error_code),
        status: { DataType: 'Number', StringValue: String(outcome.status) },
        operation: text(outcome.operation),
        may_have_been_applied: text(String(outcome.may_have_been_applied)),
        correlation_id: text(correlationId),
        source_message_id: text(messageId),
      },
    },
    signal,
  );
};

/** Characters SQS refuses in a message or an attribute (anything outside XML's range). */
const NOT_SQS_TEXT = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * `value` with every character SQS would refuse replaced by U+FFFD: a reason that quotes the
 * caller's input (or BCS's message) must not make the dead-letter queue refuse the message.
 */
export const sqsSafe = (value: string): string => value.replace(NOT_SQS_TEXT, '\uFFFD');
