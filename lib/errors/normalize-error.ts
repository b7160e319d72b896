import { ErrorCodes } from './error-codes.ts';
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
 * Our own errors keep their code and message. middy's HTTP errors (raised by its JSON body
 * parser) get our codes. Anything else becomes `BCSGW.5000001` with a fixed message, keeping
 * the original only as `cause`, for the log.
 *
 * @example
 * ```ts
 * const { statusCode, errorCode, message } = normalizeError(new TypeError('boom'));
 * // 500, 'BCSGW.5000001', 'Internal error; ...'
 * ```
 */
export const normalizeError = (error: unknown): GatewayError => {
  if (error instanceof GatewayError) return error;
  if (isMiddyHttpError(error)) {
    if (error.statusCode === 415) {
      return new GatewayError(
        ErrorCodes.unsupportedContentType,
        `Content-Type must be application/json, got ${describeContentType(error.cause)}`,
        { cause: error },
      );
    }
    if (error.statusCode === 422) {
      const forbiddenKey = error.message === 'Forbidden key in JSON body';
      return new GatewayError(
        ErrorCodes.malformedJson,
        forbiddenKey
          ? 'The JSON body holds a forbidden key (__proto__ or constructor.prototype)'
          : 'The body is missing or is not valid JSON',
        { cause: error },
      );
    }
  }
  return new GatewayError(
    ErrorCodes.unexpected,
    'Internal error; nothing more can be said safely. The request id is in the logs.',
    { cause: error },
  );
};

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

export const clampMessage = (message: string): string => {
  const text = message.length >= 2 ? message : `${message}.`.padEnd(2, '.');
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  // Never cut a surrogate pair in half: the message must stay well-formed text.
  const cut = isHighSurrogate(text.charCodeAt(MAX_MESSAGE_LENGTH - 2))
    ? MAX_MESSAGE_LENGTH - 2
    : MAX_MESSAGE_LENGTH - 1;
  return `${text.slice(0, cut)}…`;
};

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

interface MiddyHttpError extends Error {
  statusCode: number;
}

const isMiddyHttpError = (error: unknown): error is MiddyHttpError =>
  error instanceof Error &&
  typeof (error as Partial<MiddyHttpError>).statusCode === 'number' &&
  typeof (error.cause as { package?: unknown } | undefined)?.package === 'string';

const describeContentType = (cause: unknown): string => {
  const data = (cause as { data?: unknown } | undefined)?.data;
  if (typeof data !== 'string' || data === '') return 'none';
  // A header is caller-controlled text: keep it short and printable in our message.
  const printable = data.replace(/[^\x20-\x7e]/g, '?');
  return `'${printable.length > 100 ? `${printable.slice(0, 100)}…` : printable}'`;
};
