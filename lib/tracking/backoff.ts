/** SQS's longest `DelaySeconds`: a message cannot be held back longer than 15 minutes. */
export const MAX_DELAY_SECONDS = 900;
/** The wait before the second look-up; each later one waits twice the one before. */
export const FIRST_DELAY_SECONDS = 10;

/**
 * How long to wait, in whole seconds, before looking up an operation again after look-up
 * number `attempt` (1 the first) found it still running: 10 s, then twice as long each time
 * (20, 40, … 640 s), then 900 s (SQS's `DelaySeconds` cap) for every later one; never past
 * `maxAgeEndsAt`, so that the last look-up falls on the maximum age (and at least 1 s away).
 *
 * With the default maximum age of 6 hours, an operation that never ends is looked up 31 times.
 *
 * @example
 * ```ts
 * nextDelaySeconds(1, now, now + 3_600_000); // 10
 * nextDelaySeconds(9, now, now + 3_600_000); // 900
 * nextDelaySeconds(9, now, now + 5_000); // 5
 * ```
 */
export const nextDelaySeconds = (attempt: number, now: number, maxAgeEndsAt: number): number => {
  const doubled = FIRST_DELAY_SECONDS * 2 ** Math.min(Math.max(attempt, 1) - 1, 10);
  const left = Math.ceil((maxAgeEndsAt - now) / 1000);
  return Math.max(1, Math.min(doubled, MAX_DELAY_SECONDS, left));
};
