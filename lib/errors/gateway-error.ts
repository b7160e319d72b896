import { type ErrorCode, statusOf } from './error-codes.ts';

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
  // Declared only: the constructor sets them all (a field would also be emitted as such).
  declare readonly statusCode: number;
  declare readonly errorCode: string;
  /** Nothing reached BCS and the cause may pass: the same request may be sent again later. */
  declare readonly transient: boolean;
  /** The PUT may have reached BCS: never send it again blindly (look up operation records). */
  declare readonly mayHaveBeenApplied: boolean;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = statusOf(code);
    this.errorCode = code;
    this.transient = options.transient ?? false;
    this.mayHaveBeenApplied = options.mayHaveBeenApplied ?? false;
  }
}

export interface GatewayErrorOptions {
  cause?: unknown;
  transient?: boolean;
  mayHaveBeenApplied?: boolean;
}
