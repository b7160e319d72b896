import type { ErrorCode } from '../errors/error-codes.ts';
import { GatewayError, MAY_HAVE_APPLIED, NOT_SENT } from '../errors/gateway-error.ts';

/** How one upstream service's failures are named to the caller. */
export interface UpstreamErrors {
  /** `BCS`, `IAM`: used in messages. */
  service: string;
  unreachable: ErrorCode;
  timeout: ErrorCode;
  /**
   * What a request cut off after it may have left means: `may-have-applied` for a request that
   * changes something (a BCS PUT), `not-sent` for one that changes nothing (an IAM sign-in).
   */
  cutOff: 'may-have-applied' | 'not-sent';
  /** Added to the message when the request may have been applied: what to do about it. */
  appliedAdvice?: string;
  /**
   * The request changes nothing and may be sent twice (an IAM sign-in): a connection that
   * broke is then retried once too, not only a refused one.
   */
  repeatable?: boolean;
  /** What `signal` bounds, for the timeout's message (default: the time left to this invocation). */
  timeAllowed?: string;
}

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** A refused connection is retried once after this pause, when time is left for it. */
const RETRY_PAUSE_MS = 100;
/** Errors that prove the request never left this machine: safe to send again. */
export const NOT_SENT_CODES: ReadonlySet<string | undefined> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * `fetch` for an upstream call with the rules of product.md: bounded by `signal` (the
 * invocation's deadline), retried once only when the connection was refused (the request
 * certainly did not reach the service) or, for a `repeatable` request, broke, and every
 * failure turned into a {@link GatewayError} that names the service.
 *
 * `init` may be a function, called for every attempt: a signed request carries its time
 * (`X-Sdk-Date`), so a retry is signed afresh.
 *
 * @example
 * ```ts
 * const res = await callUpstream(url, { method: 'PUT', body }, signal, bcsErrors);
 * ```
 */
export const callUpstream = async (
  url: string,
  init: RequestInit | (() => RequestInit),
  signal: AbortSignal,
  errors: UpstreamErrors,
  fetchImpl: typeof fetch = fetch,
): Promise<UpstreamResponse> => {
  // Stryker disable next-line UpdateOperator: only attempt 1 is ever tested; at 0 instead of 2 the loop still ends after two tries.
  for (let attempt = 1; ; attempt++) {
    try {
      // Never follow a redirect: it would carry the token or the password to another origin.
      const request = typeof init === 'function' ? init() : init;
      const response = await fetchImpl(url, { ...request, signal, redirect: 'manual' });
      return { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      const code = networkErrorCode(error);
      const safe = code !== undefined && (NOT_SENT_CODES.has(code) || errors.repeatable === true);
      if (attempt === 1 && safe && !signal.aborted) {
        await pause(RETRY_PAUSE_MS, signal);
        if (!signal.aborted) continue;
      }
      throw upstreamError(errors, signal, code, error);
    }
  }
};

/**
 * Waits `ms`, or less if `signal` aborts first; never rejects. (A plain timer, not
 * `node:timers/promises`: that module alone adds a tenth of a millisecond to a cold start.)
 *
 * @example
 * ```ts
 * await pause(100, signal);
 * ```
 */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const end = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', end);
      resolve();
    };
    const timer = setTimeout(end, ms);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: `end` removes its own listener, once or not.
    signal.addEventListener('abort', end, { once: true });
    if (signal.aborted) end();
  });

/**
 * The error of a call that got no answer: past the deadline (`signal` aborted), the service's
 * timeout code with the time it had; else its unreachable code, naming the socket's error.
 * Its delivery is `cutOff`, unless the connection was never made (`NOT_SENT`); a request that
 * may have been applied says what to do about it (`appliedAdvice`).
 */
const upstreamError = (
  {
    service,
    unreachable,
    timeout,
    cutOff,
    appliedAdvice,
    timeAllowed = 'the time left to this invocation',
  }: UpstreamErrors,
  signal: AbortSignal,
  code: string | undefined,
  cause: unknown,
): GatewayError => {
  const timedOut = signal.aborted;
  const delivery = !timedOut && NOT_SENT_CODES.has(code) ? NOT_SENT : cutOff;
  const what = timedOut
    ? `did not answer within ${timeAllowed}`
    : `could not be reached${code ? ` (${code})` : ''}`;
  const advice = delivery === MAY_HAVE_APPLIED && appliedAdvice ? `; ${appliedAdvice}` : '';
  return new GatewayError(timedOut ? timeout : unreachable, `${service} ${what}${advice}`, {
    cause: timedOut ? { error: cause, reason: signal.reason } : cause,
    delivery,
  });
};

/** undici reports the socket's error code on `cause` (or on the first of `cause.errors`). */
export const networkErrorCode = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } })?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
};
