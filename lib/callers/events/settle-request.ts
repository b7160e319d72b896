import type { Duplicate } from '../../idempotency/run-once.ts';
import { runOperationOnce } from '../../idempotency/run-operation-once.ts';
import { auditTargetIfValid, type Who } from '../../logging/audit.ts';
import { levelOfStatus, logLine } from '../../logging/log.ts';
import { sharedOffboardService } from '../../pipeline/call-bcs.ts';
import { type Outcome, outcomeOfError } from '../../pipeline/outcome.ts';
import { type OutcomeOrigin, publishOutcome } from '../../publishing/publish-outcome.ts';
import type { EventRequest } from './event-request.ts';

export interface SettleOptions {
  /** Bounds the BCS and IAM calls (the invocation's deadline). */
  deadline: AbortSignal;
  /** Bounds the reporting, which must happen even after the deadline fired. */
  remainder: AbortSignal;
  /** The invocation's end (epoch milliseconds): how long a claim on the request lasts. */
  invocationEnd: number;
  awsRequestId: string;
}

/**
 * Runs one event's request at most once (or takes the error that made it unreadable), then
 * reports the outcome twice: one structured log line, always (with who sent it and, when the
 * input is valid, what it was about: lib/logging/audit.ts), and an EventBridge event for workflows. A
 * failure to publish is logged, never thrown: the operation must not run again for it.
 *
 * A redelivery of a request already seen is not run (see `runOperationOnce`): it is logged
 * with what was found, and published only if the first delivery never could publish (it was
 * interrupted); a completed one was published by its first delivery, and one still running
 * will be.
 *
 * @example
 * ```ts
 * const { outcome } = await settleRequest(() => sqsRequest(record.body, record.messageId), origin, options);
 * ```
 */
export const settleRequest = async (
  readRequest: () => EventRequest,
  fallback: {
    trigger: OutcomeOrigin['trigger'];
    /** Who sent the request: the event's source and account, or the queue. */
    who: Who;
    /** What can be read of the request when it is malformed. */
    describe: () => { operation: string; correlationId: string };
  },
  { deadline, remainder, invocationEnd, awsRequestId }: SettleOptions,
): Promise<{ outcome: Outcome; origin: OutcomeOrigin; duplicate?: Duplicate }> => {
  let outcome: Outcome;
  let origin: OutcomeOrigin;
  let duplicate: Duplicate | undefined;
  let request: EventRequest | undefined;
  try {
    request = readRequest();
    origin = { trigger: fallback.trigger, correlation_id: request.correlationId };
    ({ outcome, duplicate } = await runOperationOnce(request.operation, request.raw, {
      service: sharedOffboardService,
      signal: deadline,
      recordSignal: remainder,
      correlationId: request.correlationId,
      givenCorrelationId: request.givenCorrelationId,
      inProgressUntil: invocationEnd,
      trace: { aws_request_id: awsRequestId, ...origin },
    }));
  } catch (error) {
    const { operation, correlationId } = fallback.describe();
    origin = { trigger: fallback.trigger, correlation_id: correlationId };
    outcome = outcomeOfError(operation, error);
  }
  logLine(
    levelOfStatus(outcome.status),
    duplicate
      ? `duplicate request, not run again (${duplicate.state})`
      : `operation ${outcome.result}`,
    {
      aws_request_id: awsRequestId,
      ...origin,
      ...outcome,
      ...(duplicate && { duplicate }),
      who: fallback.who,
      target: request && auditTargetIfValid(request.operation.schema, request.raw),
    },
  );
  if (duplicate && duplicate.state !== 'interrupted') return { outcome, origin, duplicate };
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
