import type { ErrorCode } from './error-codes.ts';

/**
 * The HTTP status a code carries: its three digits after `BCSGW.`.
 *
 * @example
 * ```ts
 * statusOf(ErrorCodes.bodyTooLarge); // 413
 * ```
 */
export const statusOf = (code: ErrorCode): number => Number(code.slice(6, 9));

/**
 * How far a failed request got, which decides what may be done with it:
 *
 * - `not-sent`: nothing reached BCS and the cause may pass (IAM or BCS unreachable, BCS busy):
 *   the same request may be sent again later (events retry it);
 * - `may-have-applied`: the PUT may have reached BCS: never send it again blindly (look up the
 *   operation records);
 * - `final`: nothing was applied, and sending it again would fail the same way.
 *
 * Published outcomes say it as `retryable` and `may_have_been_applied` (see
 * `lib/pipeline/outcome.ts`).
 */
export type Delivery = typeof NOT_SENT | typeof MAY_HAVE_APPLIED | 'final';

/**
 * The two delivery states most failures are given, named once: a bundle then holds each text
 * once rather than at every use (they are compared and set in a dozen places).
 */
export const NOT_SENT = 'not-sent';
export const MAY_HAVE_APPLIED = 'may-have-applied';

/**
 * An error of bcs-offboard's own, answered as `{"error_code", "error_msg"}` with its status.
 *
 * `message` is shown to the caller, so it must never hold a secret or an internal detail;
 * `cause` is for the logs and the maintainer (it is logged, never answered).
 *
 * @example
 * ```ts
 * throw new GatewayError(ErrorCodes.bcsUnreachable, 'BCS could not be reached', { cause: err, delivery: 'not-sent' });
 * ```
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  // Declared only: the constructor sets them all (a field would also be emitted as such).
  declare readonly statusCode: number;
  declare readonly errorCode: string;
  /** How far the request got (default `final`). */
  declare readonly delivery: Delivery;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = statusOf(code);
    this.errorCode = code;
    this.delivery = options.delivery ?? 'final';
  }
}

export interface GatewayErrorOptions {
  cause?: unknown;
  delivery?: Delivery;
}
