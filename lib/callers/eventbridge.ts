import type { Context, EventBridgeEvent } from 'aws-lambda';
import { deadlineSignal, remainderSignal } from '../pipeline/deadline.ts';
import {
  describeUnreadable,
  eventBridgeRequest,
  operationNameOfDetailType,
} from './events/event-request.ts';
import { settleRequest } from './events/settle-request.ts';
import { admitsEventSource, sharedTrustedSources } from './events/trusted-sources.ts';

/**
 * Thrown so that Lambda retries an asynchronous invocation: only for a failure where nothing
 * reached BCS and the cause may pass (IAM or BCS unreachable, BCS busy). After Lambda's last
 * retry the event goes to the function's on-failure destination.
 */
export class RetryableOutcomeError extends Error {
  override readonly name = 'RetryableOutcomeError';
}

/** What {@link eventBridgeHandler} depends on, each with its deployed default. */
export interface EventBridgeHandlerOptions {
  /** The `source` values allowed to ask for an operation; `undefined`: any. */
  trustedSources?: () => ReadonlySet<string> | undefined;
}

/**
 * A Lambda handler for EventBridge events asking for an operation (`detail-type` names it,
 * `detail` holds `{path, body, correlation_id?}`). An event from a source that is not trusted
 * is refused and logged, nothing more (see `admitsEventSource`). Every other outcome is logged
 * and published; a malformed event or a final failure is reported once and never retried, and
 * a redelivered event is not run again (see `runOperationOnce`). (No middy here: with no
 * middleware to compose, it would only add 3 KB to the bundle.)
 *
 * @example
 * ```ts
 * // functions/eventbridge-offboard.ts
 * export const handler = eventBridgeHandler();
 * ```
 */
export const eventBridgeHandler =
  ({ trustedSources = sharedTrustedSources }: EventBridgeHandlerOptions = {}) =>
  async (event: EventBridgeEvent<string, unknown>, context: Context): Promise<void> => {
    if (!admitsEventSource(event, trustedSources(), context.awsRequestId)) return;
    const { outcome } = await settleRequest(
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
        deadline: deadlineSignal(context),
        remainder: remainderSignal(context),
        invocationEnd: Date.now() + context.getRemainingTimeInMillis(),
        awsRequestId: context.awsRequestId,
      },
    );
    if (outcome.result === 'failed' && outcome.retryable) {
      throw new RetryableOutcomeError(`${outcome.error_code}: ${outcome.error_msg}`);
    }
  };
