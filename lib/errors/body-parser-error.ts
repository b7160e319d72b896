import * as ErrorCodes from './error-codes.ts';
import { GatewayError } from './gateway-error.ts';

interface MiddyHttpError extends Error {
  statusCode: number;
}

/**
 * middy's HTTP errors as ours, for the HTTP functions, whose JSON body parser raises them: 415
 * for a body that is not JSON by its Content-Type (`BCSGW.4150001`, naming the type sent) and
 * 422 for a body that does not parse or holds a forbidden key (`BCSGW.4000002`, status 400).
 * Anything else is `undefined`, for {@link normalizeError}. Kept apart from it so that the
 * functions without middy carry none of this.
 *
 * @example
 * ```ts
 * const error = bodyParserError(thrown) ?? normalizeError(thrown);
 * ```
 */
export const bodyParserError = (error: unknown): GatewayError | undefined => {
  if (!isMiddyHttpError(error)) return undefined;
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
  return undefined;
};

const isMiddyHttpError = (error: unknown): error is MiddyHttpError =>
  error instanceof Error &&
  // Stryker disable next-line ConditionalExpression: a status that is no number is neither 415 nor 422.
  typeof (error as Partial<MiddyHttpError>).statusCode === 'number' &&
  typeof (error.cause as { package?: unknown } | undefined)?.package === 'string';

const describeContentType = (cause: unknown): string => {
  // Stryker disable next-line OptionalChaining: a middy error always has its cause (isMiddyHttpError).
  const data = (cause as { data?: unknown } | undefined)?.data;
  if (typeof data !== 'string' || data === '') return 'none';
  // A header is caller-controlled text: keep it short and printable in our message.
  const printable = data.replace(/[^\x20-\x7e]/g, '?');
  return `'${printable.length > 100 ? `${printable.slice(0, 100)}…` : printable}'`;
};
