import type { Context, EventBridgeEvent } from 'aws-lambda';
import { type Config, sharedConfig } from '../config/config.ts';
import { trustedEventSources } from '../config/event-sources.ts';
import { CodedError } from '../errors/coded-error.ts';
import { NOT_SENT } from '../errors/gateway-error.ts';
import { type IdempotencyStore, sharedIdempotencyStore } from '../idempotency/idempotency-store.ts';
import { createLogger, type Logger } from '../logging/log.ts';
import { deadlineSignal, remainderSignal } from '../pipeline/deadline.ts';
import { type RequestPipeline, sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { settleEvent } from '../pipeline/settle-event.ts';
import { type OutcomePublisher, outcomePublisher } from '../publishing/publish-outcome.ts';
import {
  describeUnreadable,
  eventBridgeRequest,
  operationNameOfDetailType,
} from './events/event-request.ts';
import { admitsEventSource } from './events/trusted-sources.ts';

/** What {@link eventBridgeHandler} is assembled from, each with its deployed default. */
export interface EventBridgeHandlerParts {
  /** Its `ALLOWED_EVENT_SOURCES` are the `source` values allowed to ask for an operation. */
  config?: () => Config;
  pipeline?: () => RequestPipeline;
  idempotencyStore?: () => IdempotencyStore | undefined;
  /** Publishes outcomes (default: on `OUTCOME_EVENT_BUS_NAME`). */
  publish?: OutcomePublisher;
  /** Epoch milliseconds: when a claim on a request ends. */
  now?: () => number;
  log?: Logger;
}

/**
 * A Lambda handler for EventBridge events asking for an operation (`detail-type` names it,
 * `detail` holds `{path, body, correlation_id?}`). An event from a source that is not trusted
 * is refused and logged, nothing more (see `admitsEventSource`). Every other outcome is logged
 * and published; a malformed event or a final failure is reported once and never retried, and
 * a redelivered event is not run again (see `settleRequest`). (No middy here: with no
 * middleware to compose, it would only add 3 KB to the bundle.)
 *
 * @example
 * ```ts
 * // functions/eventbridge-offboard.ts
 * export const handler = eventBridgeHandler();
 * ```
 */
export const eventBridgeHandler = ({
  config = sharedConfig,
  pipeline = sharedRequestPipeline,
  idempotencyStore = sharedIdempotencyStore,
  publish = outcomePublisher(config),
  now = Date.now,
  log = createLogger(),
}: EventBridgeHandlerParts = {}) => {
  return async (event: EventBridgeEvent<string, unknown>, context: Context): Promise<void> => {
    if (!admitsEventSource(event, trustedEventSources(config()), context.awsRequestId)) return;
    const remainder = remainderSignal(context);
    const { outcome } = await settleEvent(
      () => eventBridgeRequest(event['detail-type'], event.detail, event.id),
      {
        trigger: 'eventbridge',
        who: { type: 'eventbridge', id: event.source, account: event.account },
        describe: () =>
          describeUnreadable(
            event.detail,
            event.id,
            operationNameOfDetailType(event['detail-type']) ?? 'unknown',
          ),
      },
      {
        pipeline: pipeline(),
        idempotencyStore,
        publish,
        log: log.child({ aws_request_id: context.awsRequestId }),
        limits: {
          signal: deadlineSignal(context),
          recordSignal: remainder,
          inProgressUntil: now() + context.getRemainingTimeInMillis(),
        },
        reportSignal: remainder,
      },
    );
    // Stryker disable next-line ConditionalExpression: a success has no delivery; the first test only narrows the type.
    if (outcome.result === 'failed' && outcome.delivery === NOT_SENT) {
      // Lambda retries the invocation: nothing reached BCS and the cause may pass. After its
      // last retry the event goes to the function's on-failure destination.
      const { error_code, error_msg } = outcome;
      throw new CodedError('RetryableOutcomeError', error_code, `${error_code}: ${error_msg}`);
    }
  };
};
