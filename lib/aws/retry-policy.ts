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
 *                   repeat" below.
 * retried:        HTTP 429; ThrottlingException, Throttling, ThrottledException,
 *  throttling       ProvisionedThroughputExceededException, RequestLimitExceeded,
 *                   RequestThrottled, RequestThrottledException, TooManyRequestsException,
 *                   LimitExceededException, PriorRequestNotComplete, BandwidthLimitExceeded,
 *                   SlowDown, TransactionInProgressException, EC2ThrottledException (the
 *                   SDK's list; RETRIED below spells it compactly, which also admits a few
 *                   variants AWS does not send, such as SlowDownException: throttles all).
 * retried:        HTTP 500, 502, 503, 504; TimeoutError, RequestTimeout,
 *  transient        RequestTimeoutException, and InternalFailure (EventBridge's failed entries,
 *                   answered with a 200); the socket codes ECONNRESET, ECONNREFUSED, EPIPE,
 *                   ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN, and fetch's
 *                   UND_ERR_SOCKET (the connection closed before the answer: node:http, which
 *                   the SDK uses, says ECONNRESET) and UND_ERR_CONNECT_TIMEOUT.
 * not retried     everything else: other names (ConditionalCheckFailedException,
 *                   TransactionConflictException, ...), 501, 505, a 2xx that is not JSON, a
 *                   failed checksum; and never an abort: once the signal has fired, nothing
 *                   more is tried (the client sees to that).
 * backoff         full jitter before retry n (1, 2, ...): random() × base × 2^(n−1); base 1 s
 *                   after throttling, else 25 ms for DynamoDB and 50 ms for the others. (The
 *                   SDK caps the bound at 20 s, which these attempts never reach: 4 s at most.)
 * Retry-After     in seconds, honoured as the SDK does: the wait is max(backoff,
 *                   min(Retry-After, backoff + 5 s)). Its HTTP-date form, which AWS does not
 *                   send, is ignored: the backoff stands.
 * deadline        a call given its invocation's `deadline` (epoch ms) never sleeps past it
 *                   nor starts an attempt after it: it fails at once with the last attempt's
 *                   error (the SDK knows no deadline).
 * not safe to     Lambda async Invoke (a repeat could run an operation twice) is retried only
 *  repeat           while nothing can have been queued, its `sent` not `maybe`: the connection
 *                   was never made (ECONNREFUSED, ENOTFOUND, EAI_AGAIN) or Lambda refused it
 *                   (a 4xx: throttled). Never after a 5xx, a reset or a lost answer.
 * left out        standard mode's retry quota (a container runs one invocation at a time, a
 *                   few calls each, every one bounded by the deadline) and its clock-skew
 *                   correction (Lambda's clock is synchronized).
 */
import type { AwsError } from './aws-error.ts';

/** The names retried, a match of the first group for throttling; `HTTP <status>` for statuses. */
const RETRIED =
  /^(?:((Request|EC2)?Throttl(ing|ed)|(ProvisionedThroughput|(Request|Bandwidth)?Limit)Exceeded|TooManyRequests|PriorRequestNotComplete|SlowDown|TransactionInProgress|HTTP 429)(Exception)?|TimeoutError|RequestTimeout(Exception)?|InternalFailure|E(CONN(RESET|REFUSED)|PIPE|TIMEDOUT|(HOST|NET)UNREACH|NOTFOUND|AI_AGAIN)|UND_ERR_(SOCKET|CONNECT_TIMEOUT)|HTTP 50[0234])$/;

/**
 * How long to wait before the next attempt of a call whose attempt number `attempt` (1 for
 * the first) failed with `error`, per the policy above; undefined: give up and throw it.
 * `retryAfter` is the answer's header, `now` and `deadline` are epoch milliseconds, `jitter`
 * a random number in [0, 1).
 *
 * @example
 * ```ts
 * const wait = retryDelay(error, 1, response.headers.get('retry-after'), Date.now(), deadline, Math.random());
 * ```
 */
export const retryDelay = (
  { service, name, status, sent }: AwsError,
  attempt: number,
  retryAfter: string | null | undefined,
  now: number,
  deadline: number,
  jitter: number,
): number | undefined => {
  const dynamoDb = service === 'dynamodb';
  const retried = RETRIED.exec(name) ?? RETRIED.exec(`HTTP ${status}`);
  if (retried && attempt < (dynamoDb ? 4 : 3) && (service !== 'lambda' || sent !== 'maybe')) {
    const backoff = jitter * (retried[1] ? 1000 : dynamoDb ? 25 : 50) * 2 ** (attempt - 1);
    const wait = Math.max(backoff, Math.min(Number(retryAfter) * 1000 || 0, backoff + 5000));
    if (now + wait < deadline) return wait;
  }
};
