import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type Config, sharedConfig } from '../config/config.ts';
import { NOT_SENT } from '../errors/gateway-error.ts';
import { type IdempotencyStore, sharedIdempotencyStore } from '../idempotency/idempotency-store.ts';
import { parseJsonObject } from '../json/json-object.ts';
import { createLogger, type Logger } from '../logging/log.ts';
import { deadlineSignal, remainderSignal } from '../pipeline/deadline.ts';
import { type RequestPipeline, sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { settleEvent } from '../pipeline/settle-event.ts';
import { type DeadLetterSender, deadLetterSender } from '../publishing/dead-letter-queue.ts';
import { type OutcomePublisher, outcomePublisher } from '../publishing/publish-outcome.ts';
import { MAX_BODY_BYTES } from './body-limit.ts';
import { describeUnreadable, sqsRequest } from './events/event-request.ts';

/** What {@link sqsHandler} is assembled from, each with its deployed default. */
export interface SqsHandlerParts {
  config?: () => Config;
  pipeline?: () => RequestPipeline;
  idempotencyStore?: () => IdempotencyStore | undefined;
  /** Publishes outcomes (default: on `OUTCOME_EVENT_BUS_NAME`). */
  publish?: OutcomePublisher;
  /** Moves final failures away (default: to `DEAD_LETTER_QUEUE_URL`). */
  sendToDeadLetterQueue?: DeadLetterSender;
  /** Epoch milliseconds: when a claim on a request ends. */
  now?: () => number;
  log?: Logger;
}

/**
 * A Lambda handler for SQS batches of operation requests (body
 * `{"operation", "path", "body", "correlation_id"?}`), reporting partial batch failures:
 *
 * - success: the message is done (deleted by Lambda);
 * - a failure where nothing reached BCS and the cause may pass (`not-sent`): reported in
 *   `batchItemFailures`, retried alone by SQS;
 * - a malformed message or a final failure (BCS said no, or the PUT may have been applied):
 *   moved to the dead-letter queue with its reason, never retried blindly;
 * - records the deadline leaves no time for are not started and are retried.
 *
 * On a FIFO queue, every record after a failed one is left for a retry too, to keep order.
 * A redelivered message is not run again (see `settleRequest`). (No middy here: with
 * no middleware to compose, it would only add 3 KB to the bundle.)
 *
 * @example
 * ```ts
 * // functions/sqs-offboard.ts
 * export const handler = sqsHandler();
 * ```
 */
export const sqsHandler = ({
  config = sharedConfig,
  pipeline = sharedRequestPipeline,
  idempotencyStore = sharedIdempotencyStore,
  publish = outcomePublisher(config),
  sendToDeadLetterQueue = deadLetterSender(config),
  now = Date.now,
  log = createLogger(),
}: SqsHandlerParts = {}) => {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const deadline = deadlineSignal(context);
    const remainder = remainderSignal(context);
    const invocationLog = log.child({ aws_request_id: context.awsRequestId });
    const limits = {
      signal: deadline,
      recordSignal: remainder,
      inProgressUntil: now() + context.getRemainingTimeInMillis(),
    };
    const failures: string[] = [];
    for (const record of event.Records) {
      const holdForOrder = failures.length > 0 && isFifo(record);
      if (deadline.aborted || holdForOrder) {
        failures.push(record.messageId);
        continue;
      }
      const { outcome, origin } = await settleEvent(
        () => sqsRequest(record.body, record.messageId),
        {
          trigger: 'sqs',
          who: { type: 'sqs', id: record.eventSourceARN },
          describe: () => describeUnreadable(parseOrUndefined(record.body), record.messageId),
        },
        {
          pipeline: pipeline(),
          idempotencyStore,
          publish,
          log: invocationLog,
          limits,
          reportSignal: remainder,
        },
      );
      if (outcome.result === 'succeeded') continue;
      if (outcome.delivery === NOT_SENT) {
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
        invocationLog.log(
          'error',
          'message not moved to the dead-letter queue; left for SQS to retry',
          { message_id: record.messageId, error },
        );
        failures.push(record.messageId);
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
};

const isFifo = (record: SQSRecord): boolean => record.eventSourceARN.endsWith('.fifo');

/** The message's JSON object, for its correlation id, or undefined: a body longer than the limit is not parsed. */
const parseOrUndefined = (text: string): unknown =>
  text.length > MAX_BODY_BYTES ? undefined : parseJsonObject(text);
