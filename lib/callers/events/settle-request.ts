import { logLine } from '../../log.ts';
import { sharedOffboardService } from '../../offboard-service.ts';
import { type Outcome, outcomeOfError, runForOutcome } from '../../outcome.ts';
import { type OutcomeOrigin, publishOutcome } from '../../outcomes/publish-outcome.ts';
import type { EventRequest } from './event-request.ts';

export interface SettleOptions {
  /** Bounds the BCS and IAM calls (the invocation's deadline). */
  deadline: AbortSignal;
  /** Bounds the reporting, which must happen even after the deadline fired. */
  remainder: AbortSignal;
  awsRequestId: string;
}

/**
 * Runs one event's request (or takes the error that made it unreadable), then reports the
 * outcome twice: one structured log line, always, and an EventBridge event for workflows.
 * A failure to publish is logged, never thrown: the operation must not run again for it.
 *
 * @example
 * ```ts
 * const outcome = await settleRequest(() => sqsRequest(record.body, record.messageId), origin, options);
 * ```
 */
export const settleRequest = async (
  readRequest: () => EventRequest,
  fallback: {
    trigger: OutcomeOrigin['trigger'];
    /** What can be read of the request when it is malformed. */
    describe: () => { operation: string; correlationId: string };
  },
  { deadline, remainder, awsRequestId }: SettleOptions,
): Promise<{ outcome: Outcome; origin: OutcomeOrigin }> => {
  let outcome: Outcome;
  let origin: OutcomeOrigin;
  try {
    const request = readRequest();
    origin = { trigger: fallback.trigger, correlation_id: request.correlationId };
    outcome = await runForOutcome(sharedOffboardService, request.operation, request.raw, deadline);
  } catch (error) {
    const { operation, correlationId } = fallback.describe();
    origin = { trigger: fallback.trigger, correlation_id: correlationId };
    outcome = outcomeOfError(operation, error);
  }
  const failed = outcome.result === 'failed';
  logLine(failed ? 'warn' : 'info', `operation ${outcome.result}`, {
    aws_request_id: awsRequestId,
    ...origin,
    ...outcome,
  });
  try {
    await publishOutcome(outcome, origin, remainder);
  } catch (error) {
    logLine('error', 'outcome not published; the line above is its record', {
      aws_request_id: awsRequestId,
      ...origin,
      error,
    });
  }
  return { outcome, origin };
};
