/**
 * THE retry policy of every AWS call: the AWS SDK's standard retry mode, bounded by the
 * invocation's deadline. It replaces the `maxAttempts` each SDK client was given (Secrets
 * Manager 2, DynamoDB 3, EventBridge 3, SQS 3, Lambda 1).
 *
 * attempts        DynamoDB 4; Secrets Manager, EventBridge, SQS and Lambda 3: standard mode's
 * (the first        own numbers. DynamoDB 4 (was 3): a conditional write of the idempotency
 *  included)        store recognises its own earlier write, so resending one whose answer was
 *                   lost is safe. Secrets Manager 3 (was 2): a read. EventBridge and SQS stay
 *                   at 3: a resend after a lost answer may publish an outcome or dead-letter a
 *                   message twice, as the SDK's did. Lambda 3 (was 1), but see "not safe to
 *                   repeat" below: only failures that queued nothing are retried.
 * retried:        HTTP 429; ThrottlingException, Throttling, ThrottledException,
 *  throttling       ProvisionedThroughputExceededException, RequestLimitExceeded,
 *                   RequestThrottled, RequestThrottledException, TooManyRequestsException,
 *                   LimitExceededException, PriorRequestNotComplete, BandwidthLimitExceeded,
 *                   SlowDown, TransactionInProgressException, EC2ThrottledException.
 * retried:        HTTP 500, 502, 503, 504; TimeoutError, RequestTimeout,
 *  transient        RequestTimeoutException, and InternalFailure (EventBridge's failed entries,
 *                   answered with a 200); the socket codes ECONNRESET, ECONNREFUSED, EPIPE,
 *                   ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN, and fetch's
 *                   UND_ERR_SOCKET (the connection closed before the answer: node:http, which
 *                   the SDK uses, says ECONNRESET) and UND_ERR_CONNECT_TIMEOUT.
 * not retried     everything else: other names (ConditionalCheckFailedException,
 *                   TransactionConflictException, ...), 501, 505, a 2xx that is not JSON, a
 *                   failed checksum; and never an abort: once the signal has fired, nothing
 *                   more is tried.
 * backoff         full jitter before retry n (1, 2, ...): random() × min(base × 2^(n−1), 20 s);
 *                   base 1 s after throttling, else 25 ms for DynamoDB and 50 ms for the others.
 * Retry-After     seconds or an HTTP date, honoured as the SDK does: the wait is
 *                   max(backoff, min(Retry-After, backoff + 5 s)).
 * deadline        a call given its invocation's `deadline` (epoch ms) never sleeps past it
 *                   nor starts an attempt after it: it fails at once with the last attempt's
 *                   error (the SDK knows no deadline).
 * not safe to     Lambda async Invoke (a repeat could run an operation twice) is retried only
 *  repeat           when nothing can have been queued: the connection was never made
 *                   (ECONNREFUSED, ENOTFOUND, EAI_AGAIN) or it was throttled. Never after a
 *                   5xx, a reset or a lost answer.
 * left out        standard mode's retry quota (a container runs one invocation at a time, a
 *                   few calls each, every one bounded by the deadline) and its clock-skew
 *                   correction (Lambda's clock is synchronized).
 */
import type { AwsService } from './aws-config.ts';
import type { AwsFailure } from './aws-error.ts';

const ATTEMPTS: Record<AwsService, number> = {
  dynamodb: 4,
  secretsmanager: 3,
  events: 3,
  sqs: 3,
  lambda: 3,
};
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
  'SlowDown',
  'TransactionInProgressException',
  'EC2ThrottledException',
]);
const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalFailure',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const THROTTLING_BASE_MS = 1000;
const CAP_MS = 20_000;
/** How far past the backoff a `Retry-After` is followed. */
const RETRY_AFTER_EXTRA_MS = 5000;

/** What the policy needs to know of a failed attempt beyond the failure itself. */
export interface RetryContext {
  service: AwsService;
  /** The attempt that failed: 1 for the first. */
  attempt: number;
  /** False for a call a repeat could apply twice (Lambda async Invoke). */
  repeatable: boolean;
  /** The answer's `Retry-After` header, if any. */
  retryAfter: string | null;
  /** Epoch milliseconds. */
  now: number;
  /** The invocation's deadline (epoch milliseconds), if the caller gave one. */
  deadline: number | undefined;
  signal: AbortSignal;
  random: () => number;
}

/**
 * How long to wait before the next attempt of a failed call, per the policy above;
 * `undefined`: give up and throw the failure.
 *
 * @example
 * ```ts
 * const wait = retryDelay(failure, { service: 'sqs', attempt: 1, repeatable: true, retryAfter: null,
 *   now: Date.now(), deadline, signal, random: Math.random });
 * ```
 */
export const retryDelay = (
  { name, status, sent }: AwsFailure,
  { service, attempt, repeatable, retryAfter, now, deadline, signal, random }: RetryContext,
): number | undefined => {
  const throttled = status === 429 || THROTTLING.has(name);
  const retried =
    !signal.aborted &&
    attempt < ATTEMPTS[service] &&
    (throttled || TRANSIENT.has(name) || TRANSIENT_STATUSES.has(status ?? 0)) &&
    (repeatable || throttled || sent === 'not-sent');
  if (!retried) return undefined;
  const base = throttled ? THROTTLING_BASE_MS : service === 'dynamodb' ? 25 : 50;
  const backoff = Math.floor(random() * Math.min(base * 2 ** (attempt - 1), CAP_MS));
  const wait = Math.max(
    backoff,
    Math.min(retryAfterMs(retryAfter, now), backoff + RETRY_AFTER_EXTRA_MS),
  );
  return deadline !== undefined && now + wait >= deadline ? undefined : wait;
};

/** `Retry-After` in milliseconds from `now`: seconds, or an HTTP date; 0 when absent or unreadable. */
const retryAfterMs = (value: string | null, now: number): number => {
  if (!value) return 0;
  const seconds = Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - now : seconds * 1000;
  return ms > 0 ? ms : 0;
};
