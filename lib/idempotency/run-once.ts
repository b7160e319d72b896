import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError, MAY_HAVE_APPLIED, NOT_SENT } from '../errors/gateway-error.ts';
import type { Logger } from '../logging/log.ts';
import { type Outcome, outcomeOfError } from '../pipeline/outcome.ts';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store.ts';

/** What a delivery found when the request had been seen before. */
export interface Duplicate {
  /** `completed`: its outcome is handed back; `in-progress`: it is running now;
   * `interrupted`: it stopped before recording an outcome. */
  state: 'completed' | 'in-progress' | 'interrupted';
  /** The correlation id of the delivery that ran it. */
  first_correlation_id: string;
  /** When that delivery started (ISO 8601). */
  first_seen_at: string;
}

export interface OnceResult {
  outcome: Outcome;
  /** Set when this delivery ran nothing because the request had been seen before. */
  duplicate?: Duplicate;
}

export interface RunOnceOptions {
  store: IdempotencyStore;
  key: string;
  operation: string;
  correlationId: string;
  /** The invocation's deadline (epoch milliseconds): a claim is "in progress" until then. */
  inProgressUntil: number;
  /** Bounds the claim (with the run: the table is asked before anything is sent). */
  signal: AbortSignal;
  /** Bounds remembering the outcome or releasing the claim, which must happen even after
   * `signal` fired. */
  recordSignal: AbortSignal;
  /** Logs with the request's ids (request id, trigger, correlation id). */
  log: Logger;
  now?: () => number;
}

/**
 * Runs a request at most once per key. The first delivery claims the key, runs, and then:
 *
 * - remembers the outcome when the request succeeded or may have been applied, so that a
 *   redelivery gets that same outcome and sends nothing;
 * - forgets the claim when nothing was applied (BCS said no, or try later), so that a later
 *   delivery may run it.
 *
 * A delivery that finds the key claimed gets a failed outcome instead of a second run:
 * `BCSGW.4090001` (retryable) while the first is still running, `BCSGW.4090002` (may have
 * been applied, never retried) if the first stopped without recording what happened. When the
 * store cannot be reached, or does not answer before `signal` fires, nothing runs:
 * `BCSGW.5030001`, retryable.
 *
 * @example
 * ```ts
 * const { outcome, duplicate } = await runOnce(() => callForOutcome(admitted, signal), { store, key, ... });
 * ```
 */
export const runOnce = async (
  run: () => Promise<Outcome>,
  {
    store,
    key,
    operation,
    correlationId,
    inProgressUntil,
    signal,
    recordSignal,
    log,
    now = Date.now,
  }: RunOnceOptions,
): Promise<OnceResult> => {
  let claimed: Awaited<ReturnType<IdempotencyStore['claim']>>;
  try {
    claimed = await store.claim(key, { correlationId, now: now(), inProgressUntil }, signal);
  } catch (cause) {
    log.log('error', 'idempotency store unavailable; the request was not run', {
      idempotency_key: key,
      error: cause,
    });
    return {
      outcome: outcomeOfError(
        operation,
        new GatewayError(
          ErrorCodes.idempotencyUnavailable,
          'The duplicate check is unavailable; nothing was sent to BCS. Try again later',
          { cause, delivery: NOT_SENT },
        ),
      ),
    };
  }
  if (!claimed.claimed) return answerDuplicate(claimed.record, operation, now());

  const outcome = await run();
  const remember = outcome.result === 'succeeded' || outcome.delivery === MAY_HAVE_APPLIED;
  try {
    if (remember) await store.complete(claimed.claim, outcome, now(), recordSignal);
    else await store.release(claimed.claim, recordSignal);
  } catch (error) {
    log.log('error', 'idempotency record not updated after the request ran', {
      idempotency_key: key,
      // What a redelivery will meet: the claim stays until its deadline, then reads as interrupted.
      record: remember ? 'outcome not remembered' : 'claim not released',
      error,
    });
  }
  return { outcome };
};

const answerDuplicate = (record: IdempotencyRecord, operation: string, now: number): OnceResult => {
  const firstSeenAt = new Date(record.createdAt).toISOString();
  const first = `${firstSeenAt} (correlation id ${record.correlationId})`;
  const duplicate = (state: Duplicate['state']): Duplicate => ({
    state,
    first_correlation_id: record.correlationId,
    first_seen_at: firstSeenAt,
  });
  if (record.status === 'COMPLETED') {
    return { outcome: record.outcome, duplicate: duplicate('completed') };
  }
  const running = record.inProgressUntil > now;
  const error = running
    ? new GatewayError(
        ErrorCodes.duplicateInProgress,
        `The same request is already running, since ${first}; it was not sent again`,
        { delivery: NOT_SENT },
      )
    : new GatewayError(
        ErrorCodes.duplicateInterrupted,
        `The same request was started at ${first} and stopped before its outcome was recorded; it may have been applied. Check BCS before sending it again`,
        { delivery: MAY_HAVE_APPLIED },
      );
  return {
    outcome: outcomeOfError(operation, error),
    duplicate: duplicate(running ? 'in-progress' : 'interrupted'),
  };
};
