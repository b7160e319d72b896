import type { EventRequest } from '../callers/events/event-request.ts';
import type { Duplicate } from '../idempotency/run-once.ts';
import { auditTarget, type Who } from '../logging/audit.ts';
import { type Logger, levelOfStatus } from '../logging/log.ts';
import type { OutcomeOrigin, OutcomePublisher } from '../publishing/publish-outcome.ts';
import { type Outcome, outcomeDetail, outcomeOfError } from './outcome.ts';
import { type SettleLimits, type SettleParts, settleRequest } from './settle-request.ts';

/** What the event callers hand {@link settleEvent}, beside the request. */
export interface EventParts extends SettleParts {
  publish: OutcomePublisher;
  limits: SettleLimits;
  /** Bounds the reporting, which must happen even after the deadline fired. */
  reportSignal: AbortSignal;
}

/** Who sent an event's request, and what can be read of it when it is malformed. */
export interface EventSender {
  trigger: OutcomeOrigin['trigger'];
  /** The event's source and account, or the queue. */
  who: Who;
  /** What can be read of the request when it is malformed. */
  describe: () => { operation: string; correlationId: string };
}

/**
 * The event callers' pipeline: reads the request (`read` throws what makes it unreadable),
 * settles it at most once (`settleRequest`), then reports the outcome twice: one
 * structured log line, always (with who sent it and, when the input is valid, what it was
 * about: lib/logging/audit.ts), and an EventBridge event for workflows. A failure to publish
 * is logged, never thrown: the operation must not run again for it.
 *
 * A redelivery of a request already seen is not run: it is logged with what was found, and
 * published only if the first delivery never could publish (it was interrupted); a completed
 * one was published by its first delivery, and one still running will be.
 *
 * @example
 * ```ts
 * const { outcome } = await settleEvent(() => sqsRequest(record.body, record.messageId), sender, parts);
 * ```
 */
export const settleEvent = async (
  read: () => EventRequest,
  sender: EventSender,
  { publish, log: invocationLog, limits, reportSignal, ...parts }: EventParts,
): Promise<{ outcome: Outcome; origin: OutcomeOrigin; duplicate?: Duplicate }> => {
  let outcome: Outcome;
  let duplicate: Duplicate | undefined;
  let target: object | undefined;
  let correlationId: string;
  let log: Logger;
  try {
    const request = read();
    correlationId = request.correlationId;
    log = invocationLog.child({ trigger: sender.trigger, correlation_id: correlationId });
    const settled = await settleRequest(request, limits, { ...parts, log });
    ({ outcome, duplicate } = settled);
    target = settled.admitted && auditTarget(settled.admitted.input);
  } catch (error) {
    const described = sender.describe();
    correlationId = described.correlationId;
    log = invocationLog.child({ trigger: sender.trigger, correlation_id: correlationId });
    outcome = outcomeOfError(described.operation, error);
  }
  const origin: OutcomeOrigin = { trigger: sender.trigger, correlation_id: correlationId };
  log.log(
    levelOfStatus(outcome.status),
    duplicate
      ? `duplicate request, not run again (${duplicate.state})`
      : `operation ${outcome.result}`,
    { ...outcomeDetail(outcome), ...(duplicate && { duplicate }), who: sender.who, target },
  );
  if (duplicate && duplicate.state !== 'interrupted') return { outcome, origin, duplicate };
  try {
    await publish(outcome, origin, reportSignal);
  } catch (error) {
    log.log('error', 'outcome not published; the line above is its record', { error });
  }
  return { outcome, origin };
};
