import { cutText } from '../text/cut-text.ts';

/**
 * One structured JSON line per event worth logging, on stdout (CloudWatch keeps it as is).
 * Callers pass only fields that are safe to keep: never a token, password or secret.
 *
 * @example
 * ```ts
 * logLine('info', 'bcs answered', { operation: 'quit-consortium', status: 200 });
 * ```
 */
export const logLine = (
  level: LogLevel,
  message: string,
  fields: Record<string, unknown>,
): void => {
  process.stdout.write(`${JSON.stringify({ level, message, ...fields }, replaceErrors)}\n`);
};

/** A line's level: `error` is worth an alarm, `warn` a refused request. */
export type LogLevel = 'info' | 'warn' | 'error';

/** Writes log lines that all carry the fields it was made with (a request's ids). */
export interface Logger {
  /** One line: the logger's fields, then `fields` (which win on a clash). */
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines also carry `fields`: made once a request's ids are known. */
  child(fields: Record<string, unknown>): Logger;
}

/**
 * A {@link Logger} whose every line carries `bound`, written with {@link logLine}.
 *
 * @example
 * ```ts
 * const log = createLogger({ aws_request_id: context.awsRequestId }).child({ correlation_id });
 * log.log('info', 'operation succeeded', { status: 200 });
 * ```
 */
export const createLogger = (bound: Record<string, unknown> = {}): Logger => ({
  log: (level, message, fields) => logLine(level, message, { ...bound, ...fields }),
  child: (fields) => createLogger({ ...bound, ...fields }),
});

/**
 * The level of a line about an HTTP status, ours or BCS's: `error` for a 5xx (something is
 * broken: worth an alarm), `warn` for a 4xx (the request was refused), `info` otherwise.
 *
 * @example
 * ```ts
 * logLine(levelOfStatus(response.status), 'bcs answered', { status: response.status });
 * ```
 */
export const levelOfStatus = (status: number): LogLevel =>
  status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';

/** The longest string a log line keeps whole (a caller's raw body may be 64 KiB). */
export const MAX_LOGGED_STRING = 2048;

/**
 * Errors serialize to `{}` by default: keep what a maintainer needs, causes, our error codes
 * and the stack included. A string longer than {@link MAX_LOGGED_STRING} is cut, saying how much.
 */
const replaceErrors = (_key: string, value: unknown): unknown => {
  if (typeof value === 'string' && value.length > MAX_LOGGED_STRING) {
    const kept = cutText(value, MAX_LOGGED_STRING);
    return `${kept}… (${value.length - kept.length} more characters)`;
  }
  if (!(value instanceof Error)) return value;
  const { code, errorCode } = value as { code?: unknown; errorCode?: unknown };
  return {
    name: value.name,
    message: value.message,
    code,
    error_code: errorCode,
    cause: value.cause,
    stack: value.stack,
  };
};
