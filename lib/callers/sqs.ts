import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logLine } from '../logging/log.ts';
import { deadlineSignal, remainderSignal } from '../pipeline/deadline.ts';
import { sendToDeadLetterQueue } from '../publishing/dead-letter-queue.ts';
import { MAX_BODY_BYTES } from './body-limit.ts';
import { describeUnreadable, sqsRequest } from './events/event-request.ts';
import { settleRequest } from './events/settle-request.ts';

/**
 * A Lambda handler for SQS batches of operation requests (body
 * `{"operation", "path", "body", "correlation_id"?}`), reporting partial batch failures:
 *
 * - success: the message is done (deleted by Lambda);
 * - a transient failure where nothing reached BCS: reported in `batchItemFailures`, retried
 *   alone by SQS;
 * - a malformed message or a final failure (BCS said no, or the PUT may have been applied):
 *   moved to the dead-letter queue with its reason, never retried blindly;
 * - records the deadline leaves no time for are not started and are retried.
 *
 * On a FIFO queue, every record after a failed one is left for a retry too, to keep order.
 * A redelivered message is not run again (see `runOperationOnce`). (No middy here: with no
 * middleware to compose, it would only add 3 KB to the bundle.)
 *
 * @example
 * ```ts
 * // functions/sqs-offboard.ts
 * export const handler = sqsHandler();
 * ```
 */
export const sqsHandler =
  () =>
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const deadline = deadlineSignal(context);
    const remainder = remainderSignal(context);
    const invocationEnd = Date.now() + context.getRemainingTimeInMillis();
    const failures: string[] = [];
    for (const record of event.Records) {
      const holdForOrder = failures.length > 0 && isFifo(record);
      if (deadline.aborted || holdForOrder) {
        failures.push(record.messageId);
        continue;
      }
      const { outcome, origin } = await settleRequest(
        () => sqsRequest(record.body, record.messageId),
        {
          trigger: 'sqs',
          who: { type: 'sqs', id: record.eventSourceARN },
          describe: () => describeUnreadable(parseOrUndefined(record.body), record.messageId),
        },
        { deadline, remainder, invocationEnd, awsRequestId: context.awsRequestId },
      );
      if (outcome.result === 'succeeded') continue;
      if (outcome.retryable) {
        failures.push(record.messageId);
        continue;
      }
      try {
        await sendToDeadLetterQueue(
          {
            body: record.body,
            messageId: record.messageId,
            messageGroupId: record.attributes.MessageGroupId,
            correlationId: origin.correlation_id,
            outcome,
          },
          remainder,
        );
      } catch (error) {
        // Not lost: SQS delivers it again, and its redrive policy ends in the same queue.
        logLine('error', 'message not moved to the dead-letter queue; left for SQS to retry', {
          aws_request_id: context.awsRequestId,
          message_id: record.messageId,
          error,
        });
        failures.push(record.messageId);
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };

const isFifo = (record: SQSRecord): boolean => record.eventSourceARN.endsWith('.fifo');

/** The message's JSON for its correlation id, or undefined: a body longer than the limit is not parsed. */
const parseOrUndefined = (text: string): unknown => {
  if (text.length > MAX_BODY_BYTES) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
