import type { Context } from 'aws-lambda';

/**
 * Time kept back from Lambda's deadline to log and answer: the function answers a 504 of its
 * own this long before Lambda would kill it.
 */
export const DEADLINE_RESERVE_MS = 1000;

/**
 * An AbortSignal that fires `reserveMs` (by default {@link DEADLINE_RESERVE_MS}) before the
 * invocation's end, for every upstream call of that invocation.
 *
 * @example
 * ```ts
 * const signal = deadlineSignal(context);
 * await fetch(url, { signal });
 * ```
 */
export const deadlineSignal = (
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  reserveMs = DEADLINE_RESERVE_MS,
): AbortSignal => AbortSignal.timeout(Math.max(1, context.getRemainingTimeInMillis() - reserveMs));

/**
 * An AbortSignal for what must still happen after the upstream deadline fired (report the
 * outcome, move a message to its dead-letter queue): it fires just before Lambda's own end.
 *
 * @example
 * ```ts
 * await publish(outcome, origin, remainderSignal(context));
 * ```
 */
export const remainderSignal = (context: Pick<Context, 'getRemainingTimeInMillis'>): AbortSignal =>
  deadlineSignal(context, 100);
