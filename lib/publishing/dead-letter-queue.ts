import type { AwsClient } from '../aws/aws-client.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import { sendMessage } from '../aws/sqs.ts';
import { type Config, deadLetterQueueUrl } from '../config/config.ts';
import { MAY_HAVE_APPLIED } from '../errors/gateway-error.ts';
import { misconfigured } from '../errors/misconfigured.ts';
import type { Failed } from '../pipeline/outcome.ts';

/** A message for the dead-letter queue: the source message and why it is not retried. */
export interface DeadLetter {
  body: string;
  messageId: string;
  messageGroupId?: string | undefined;
  correlationId: string;
  outcome: Failed;
}

/** Moves one message to the dead-letter queue; rejects when it could not. */
export type DeadLetterSender = (message: DeadLetter, signal: AbortSignal) => Promise<void>;

/**
 * A sender of messages that will not be retried to the dead-letter queue of the
 * configuration's `DEAD_LETTER_QUEUE_URL`, each body unchanged (it can be redriven as is) and the reason in
 * message attributes, through `aws` (default: the container's client). A FIFO dead-letter
 * queue keeps the message's group and deduplicates on its id. With no queue configured, every
 * send rejects with `BCSGW.5000002` (the message is then left for SQS to retry).
 *
 * @example
 * ```ts
 * const sendToDeadLetterQueue = deadLetterSender(sharedConfig);
 * await sendToDeadLetterQueue({ body: record.body, messageId: record.messageId, correlationId, outcome }, signal);
 * ```
 */
export const deadLetterSender =
  (config: () => Config, aws?: AwsClient): DeadLetterSender =>
  async ({ body, messageId, messageGroupId, correlationId, outcome }, signal) => {
    const queueUrl = deadLetterQueueUrl(config());
    if (!queueUrl) throw misconfigured('DEAD_LETTER_QUEUE_URL is not set');
    const text = (value: string) => ({ DataType: 'String', StringValue: sqsSafe(value) });
    await sendMessage(
      aws ?? sharedAwsClient(),
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
          may_have_been_applied: text(String(outcome.delivery === MAY_HAVE_APPLIED)),
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
