import { STATUS_CODES } from 'node:http';
import { JSON_CONTENT_TYPE, newRequestId, type Reply } from './http.ts';

/** The service a request is addressed to. */
export type Service = 'iam' | 'bcs';

/**
 * A misbehaviour to inject. It applies to the next `times` requests (default 1) of `service`
 * whose raw path contains `match` (when given). The first matching queued fault wins.
 *
 * @example
 * sim.inject({ service: 'bcs', mode: 'status', status: 503, times: 2, match: '/orgs/quit' });
 */
export type Fault = {
  service: Service;
  times?: number;
  match?: string;
} & (
  | { mode: 'delay'; delayMs: number }
  | { mode: 'hang' }
  | { mode: 'reset' }
  | { mode: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { mode: 'garbage'; status?: number }
);

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

/**
 * Faults waiting to be applied, in the order they were injected.
 *
 * @example
 * const queue = new FaultQueue();
 * queue.add({ service: 'bcs', mode: 'status', status: 503 });
 * queue.take('bcs', '/v2/p/members/quit'); // the fault, once
 */
export class FaultQueue {
  #queued: QueuedFault[] = [];

  add(fault: Fault): void {
    const checked = parseFault(fault);
    this.#queued.push({ fault: checked, remaining: checked.times ?? 1 });
  }

  clear(): void {
    this.#queued = [];
  }

  /** The first fault matching this request, counted as applied once; undefined when none. */
  take(service: Service, rawPath: string): Fault | undefined {
    const index = this.#queued.findIndex(
      (q) => q.fault.service === service && rawPath.includes(q.fault.match ?? ''),
    );
    const queued = this.#queued[index];
    if (queued === undefined) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.#queued.splice(index, 1);
    return queued.fault;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkStatus(status: unknown): number {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw new TypeError('fault status must be an integer from 200 to 599');
  }
  return status;
}

function checkHeaders(headers: unknown): Record<string, string> {
  if (!isRecord(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
    throw new TypeError('fault headers must be an object of strings');
  }
  return headers as Record<string, string>;
}

/**
 * Checks an untrusted fault description (from the control API); `times: null` means Infinity.
 * Throws a TypeError naming the problem.
 *
 * @example
 * parseFault(JSON.parse('{"service":"bcs","mode":"hang","times":null}'));
 */
export function parseFault(value: unknown): Fault {
  if (!isRecord(value)) throw new TypeError('a fault must be a JSON object');
  const { service, mode, match } = value;
  if (service !== 'iam' && service !== 'bcs') throw new TypeError('service must be iam or bcs');
  const times = value.times === null ? Number.POSITIVE_INFINITY : (value.times ?? 1);
  if (
    typeof times !== 'number' ||
    !(times >= 1) ||
    !(Number.isInteger(times) || times === Infinity)
  ) {
    throw new TypeError('times must be a positive integer, Infinity or null');
  }
  if (match !== undefined && typeof match !== 'string')
    throw new TypeError('match must be a string');
  const base: { service: Service; times: number; match?: string } =
    match === undefined ? { service, times } : { service, times, match };
  switch (mode) {
    case 'delay': {
      const { delayMs } = value;
      if (typeof delayMs !== 'number' || !(delayMs >= 0) || !Number.isFinite(delayMs)) {
        throw new TypeError('delayMs must be a finite number >= 0');
      }
      return { ...base, mode, delayMs };
    }
    case 'hang':
    case 'reset':
      return { ...base, mode };
    case 'status': {
      const fault: Extract<Fault, { mode: 'status' }> = {
        ...base,
        mode,
        status: checkStatus(value.status),
      };
      if (value.body !== undefined) {
        if (typeof value.body !== 'string') throw new TypeError('body must be a string');
        fault.body = value.body;
      }
      if (value.headers !== undefined) fault.headers = checkHeaders(value.headers);
      return fault;
    }
    case 'garbage':
      return value.status === undefined
        ? { ...base, mode }
        : { ...base, mode, status: checkStatus(value.status) };
    default:
      throw new TypeError('mode must be delay, hang, reset, status or garbage');
  }
}

// The messages BCS uses for its generic errors (from the API pages).
const BCS_MESSAGES: Record<number, string> = {
  401: 'Incorrect token or token resolution failed',
  403: 'No permissions to request this method',
  404: 'Not Found:the url is not found',
};

function defaultBody(service: Service, status: number): string {
  if (status < 400) return '{}';
  const text = STATUS_CODES[status] ?? 'Error';
  return JSON.stringify(
    service === 'bcs'
      ? { error_code: `BCS.${status}0${status}`, error_msg: BCS_MESSAGES[status] ?? text }
      : { error: { code: status, message: text, title: text } },
  );
}

/** The answer a 'status' or 'garbage' fault gives in place of the real one. */
export function faultReply(fault: Fault & { mode: 'status' | 'garbage' }, service: Service): Reply {
  const requestId = { 'X-Request-Id': newRequestId() };
  if (fault.mode === 'garbage') {
    const status = fault.status ?? 200;
    const text = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
    return {
      status,
      headers: { 'Content-Type': 'text/html', ...requestId },
      body: `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    };
  }
  return {
    status: fault.status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, ...requestId, ...fault.headers },
    body: fault.body ?? defaultBody(service, fault.status),
  };
}
