import type { AwsService } from './aws-config.ts';

/**
 * Whether a failed call can have had an effect, over all its attempts (the most doubtful
 * attempt decides):
 * - `not-sent`: no attempt reached the service (the connection was never made, or the signal
 *   had fired before the first);
 * - `answered`: the service refused every attempt that reached it (a 3xx or 4xx: a failed
 *   condition, a throttle, a missing resource): nothing was done;
 * - `maybe`: an attempt may have been applied: its answer was lost, the signal fired while it
 *   was on its way, the service failed while handling it (a 5xx), or it answered 2xx but
 *   wrongly (a failed entry, a wrong checksum).
 */
export type Sent = 'not-sent' | 'answered' | 'maybe';

/**
 * The one error of every AWS call. `name` is the error's name as AWS gives it (the SDK's
 * `error.name`: `ConditionalCheckFailedException`), else the socket's error code
 * (`ECONNREFUSED`), `TimeoutError` or `AbortError` when the signal fired, or `HTTP <status>`
 * for an answer that names none; `status` and `requestId` (`x-amzn-requestid`) are undefined
 * when no answer came; `sent` says whether the call can have had an effect; `body` is the
 * answer's JSON object (AWS's message, DynamoDB's `Item` on a failed condition). The message,
 * `<service> <call> failed: <name> (HTTP <status>)`, holds nothing of the request nor of the
 * answer.
 *
 * @example
 * ```ts
 * if (error instanceof AwsError && error.name === 'ConditionalCheckFailedException') {
 *   const found = error.body?.Item;
 * }
 * ```
 */
export class AwsError extends Error {
  declare readonly service: AwsService;
  /** The operation: `PutItem`, `SendMessage`, `Invoke`, ... */
  declare readonly call: string;
  declare readonly sent: Sent;
  declare readonly status: number | undefined;
  declare readonly requestId: string | undefined;
  declare readonly body: Record<string, unknown> | undefined;

  constructor(
    service: AwsService,
    call: string,
    name: string,
    sent: Sent,
    status?: number,
    requestId?: string,
    body?: Record<string, unknown>,
    cause?: unknown,
  ) {
    const http = `HTTP ${status}`;
    super(`${service} ${call} failed: ${name}${status && name !== http ? ` (${http})` : ''}`, {
      cause,
    });
    Object.assign(this, { name, service, call, sent, status, requestId, body });
  }
}

/**
 * The name of the error an answer describes, as the SDK reads it: the body's `__type`, then
 * its `code`, then the `x-amzn-errortype` header (for a REST-JSON service such as Lambda, the
 * header first), cut at the first `,` or `:` and after the last `#`; undefined when none is
 * usable (a proxy's HTML page).
 *
 * @example
 * ```ts
 * errorName({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' }, null, false);
 * // 'ResourceNotFoundException'
 * ```
 */
export const errorName = (
  body: Record<string, unknown> | undefined,
  header: string | null,
  headerFirst: boolean,
): string | undefined => {
  const names = [body?.__type, body?.code, header];
  if (headerFirst) names.reverse();
  for (const raw of names) {
    // Stryker disable next-line OptionalChaining: split always gives a first item.
    const name = typeof raw === 'string' && raw.split(/[,:]/)[0]?.split('#').pop();
    if (name) return name;
  }
};
