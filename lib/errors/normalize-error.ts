import { cutText } from '../text/cut-text.ts';
import * as ErrorCodes from './error-codes.ts';
import { GatewayError } from './gateway-error.ts';

/** The one error shape every failure answers, as BCS itself does. */
export interface ErrorBody {
  error_code: string;
  error_msg: string;
}

/** BCS limits `error_msg` to 2..512 characters; ours keep to the same. */
const MAX_MESSAGE_LENGTH = 512;

/**
 * Turns anything thrown into a {@link GatewayError} that is safe to show a caller.
 *
 * Our own errors keep their code and message. Anything else becomes `BCSGW.5000001` with a
 * fixed message, keeping the original only as `cause`, for the log. (The HTTP functions first
 * give middy's body parser errors our codes: `bodyParserError` in `./body-parser-error.ts`.)
 *
 * @example
 * ```ts
 * const { statusCode, errorCode, message } = normalizeError(new TypeError('boom'));
 * // 500, 'BCSGW.5000001', 'Internal error; ...'
 * ```
 */
export const normalizeError = (error: unknown): GatewayError =>
  error instanceof GatewayError
    ? error
    : new GatewayError(
        ErrorCodes.unexpected,
        'Internal error; nothing more can be said safely. The request id is in the logs.',
        { cause: error },
      );

/**
 * The `{error_code, error_msg}` body for an error, with the message held to BCS's limits.
 *
 * @example
 * ```ts
 * errorBody(new GatewayError(ErrorCodes.bodyTooLarge, 'The body is over 64 KiB'));
 * // { error_code: 'BCSGW.4130001', error_msg: 'The body is over 64 KiB' }
 * ```
 */
export const errorBody = (error: GatewayError): ErrorBody => ({
  error_code: error.errorCode,
  error_msg: clampMessage(error.message),
});

/**
 * `message` within BCS's 2 to 512 characters: a shorter one padded with dots, a longer one cut
 * (never inside a character) and ended with an ellipsis.
 *
 * @example
 * ```ts
 * clampMessage('x'); // 'x.'
 * ```
 */
export const clampMessage = (message: string): string => {
  const text = message.length >= 2 ? message : `${message}.`.padEnd(2, '.');
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  return `${cutText(text, MAX_MESSAGE_LENGTH - 1)}…`;
};
