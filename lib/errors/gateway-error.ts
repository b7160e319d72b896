import type { ErrorCode } from './error-codes.ts';

/**
 * An error of bcs-offboard's own, answered as `{"error_code", "error_msg"}` with its status.
 *
 * `message` is shown to the caller, so it must never hold a secret or an internal detail;
 * `cause` is for the logs and the maintainer (it is logged, never answered).
 *
 * @example
 * ```ts
 * throw new GatewayError(ErrorCodes.bcsUnreachable, 'BCS could not be reached', { cause: err });
 * ```
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly statusCode: number;
  readonly errorCode: string;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.statusCode = code.status;
    this.errorCode = code.code;
  }
}
