import { networkErrorCode } from '../upstream/call-upstream.ts';
import type { AwsService } from './aws-config.ts';

/**
 * Whether a failed request can have had an effect, over all its attempts (the most doubtful
 * attempt decides):
 * - `not-sent`: no attempt reached the service (the connection was never made, or the call was
 *   refused before sending);
 * - `answered`: the service answered every attempt that reached it with a refusal (a 4xx, a
 *   failed condition, a throttle): nothing was done beyond what the answer itself reports;
 * - `maybe`: an attempt may have been applied: its answer was lost, the signal fired while it
 *   was on its way, or the service failed while handling it (a 5xx).
 */
export type Sent = 'not-sent' | 'answered' | 'maybe';

/** What one failed attempt came to; an {@link AwsError} once no attempt is left. */
export interface AwsFailure {
  /** `ConditionalCheckFailedException`, `ECONNREFUSED`, `TimeoutError`, `HTTP 502`, ... */
  name: string;
  /** What the service said (`message ?? Message`) or what went wrong here: never the request's contents. */
  detail?: string | undefined;
  /** The HTTP status; undefined when no answer came. */
  status?: number | undefined;
  /** `x-amzn-requestid`. */
  requestId?: string | undefined;
  sent: Sent;
  /** The JSON error body, when there was one (DynamoDB's `Item` on a failed condition lives here). */
  body?: Record<string, unknown> | undefined;
}

/** A service's message is quoted this far at most. */
const DETAIL_LIMIT = 300;

/**
 * The one error of every AWS call: which call failed, the error's name as AWS gives it (the
 * SDK's `error.name`), the status and request id, whether the request can have had an effect
 * ({@link Sent}), how many attempts were made, and the parsed JSON error body.
 *
 * @example
 * ```ts
 * if (error instanceof AwsError && error.name === 'ConditionalCheckFailedException') {
 *   const found = error.body?.Item;
 * }
 * ```
 */
export class AwsError extends Error {
  declare readonly name: string;
  declare readonly service: AwsService;
  /** The operation: `PutItem`, `SendMessage`, `Invoke`, ... */
  declare readonly call: string;
  declare readonly detail: string | undefined;
  declare readonly status: number | undefined;
  declare readonly requestId: string | undefined;
  declare readonly sent: Sent;
  declare readonly body: Record<string, unknown> | undefined;
  declare readonly attempts: number;

  constructor(fields: AwsErrorFields, options?: ErrorOptions) {
    super(messageOf(fields), options);
    Object.assign(this, { attempts: 1, ...fields });
  }
}

type AwsErrorFields = AwsFailure & { service: AwsService; call: string; attempts?: number };

/** `dynamodb PutItem: ConditionalCheckFailedException (HTTP 400): The conditional request failed` */
const messageOf = ({ service, call, name, status, detail }: AwsErrorFields): string => {
  const answered = status && name !== `HTTP ${status}` ? ` (HTTP ${status})` : '';
  const said = detail ? `: ${detail.slice(0, DETAIL_LIMIT)}` : '';
  return `${service} ${call}: ${name}${answered}${said}`;
};

/** What an error answer says, as the SDK reads it. */
export interface ErrorAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * The failure an error answer describes. The name is the body's `__type`, then its `code`, then
 * the `x-amzn-errortype` header (for a REST-JSON service such as Lambda the header comes first),
 * cut at the first `,` or `:` and after the last `#`; with none, `HTTP <status>` (a proxy's
 * HTML page). Never throws, whatever the answer holds.
 *
 * @example
 * ```ts
 * readErrorAnswer({ status: 400, headers, text: '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}' }, false).name;
 * // 'ResourceNotFoundException'
 * ```
 */
export const readErrorAnswer = (
  { status, headers, text }: ErrorAnswer,
  headerFirst: boolean,
): AwsFailure => {
  const body = jsonObject(text);
  const header = headers.get('x-amzn-errortype');
  const candidates = headerFirst
    ? [header, body?.code, body?.__type]
    : [body?.__type, body?.code, header];
  const message = body?.message ?? body?.Message;
  return {
    name: candidates.map(errorName).find(Boolean) ?? `HTTP ${status}`,
    detail: typeof message === 'string' ? message : undefined,
    status,
    requestId: headers.get('x-amzn-requestid') ?? undefined,
    sent: status < 500 ? 'answered' : 'maybe',
    body,
  };
};

/**
 * The answer's JSON object, or undefined for anything else (HTML, an array, nothing).
 *
 * @example
 * ```ts
 * jsonObject('{"Item":{}}'); // { Item: {} }
 * jsonObject('<html>');      // undefined
 * ```
 */
export const jsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** `aws.protocoltests#Name:http://internal/`, `Name,Other` → `Name`; empty for anything unusable. */
const errorName = (raw: unknown): string =>
  typeof raw === 'string' ? raw.replace(/[,:].*/s, '').replace(/.*#/s, '') : '';

/** Socket errors that prove the connection was never made: nothing was sent. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The failure of an attempt that got no answer: the socket's error code (`ECONNRESET`), or
 * `TimeoutError` / `AbortError` when the signal fired (`sent` tells whether the attempt was
 * on its way).
 *
 * @example
 * ```ts
 * unansweredFailure(fetchError, signal); // { name: 'ECONNREFUSED', sent: 'not-sent' }
 * ```
 */
export const unansweredFailure = (
  error: unknown,
  signal: AbortSignal,
  sent: Sent = 'maybe',
): AwsFailure => {
  if (signal.aborted) {
    const timeout = (signal.reason as Error | undefined)?.name === 'TimeoutError';
    return { name: timeout ? 'TimeoutError' : 'AbortError', detail: 'the signal fired', sent };
  }
  const code = networkErrorCode(error);
  return {
    name: code ?? 'NetworkError',
    sent: NEVER_CONNECTED.has(code ?? '') ? 'not-sent' : sent,
  };
};
