import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The content type BCS and IAM answer with. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** A request as the simulator's handlers see it. `path` is the raw path and query. */
export interface IncomingCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body as UTF-8 text. */
  body: string;
  /** The body's bytes as received (what an AK/SK signature covers). */
  rawBody: Buffer;
}

/** An answer to send. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A random request id: 32 lowercase hex characters. */
export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

/** A JSON answer with a fresh `X-Request-Id` unless `headers` names one. */
export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  return jsonTextReply(status, JSON.stringify(value), headers);
}

/**
 * A JSON answer whose body is already JSON text (to carry integers a JS number would round).
 *
 * @example
 * jsonTextReply(200, toJsonText({ count: 1, operation_records: records }));
 */
export function jsonTextReply(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'X-Request-Id': newRequestId(), ...headers },
    body: text,
  };
}

/** Splits a raw path into its pathname and its query parameters. */
export function splitPath(rawPath: string): { pathname: string; query: URLSearchParams } {
  const at = rawPath.indexOf('?');
  return at < 0
    ? { pathname: rawPath, query: new URLSearchParams() }
    : { pathname: rawPath.slice(0, at), query: new URLSearchParams(rawPath.slice(at + 1)) };
}

/**
 * Reads the whole request. A body over `limitBytes` is drained but not kept (`tooLarge`).
 *
 * @example
 * const { call, tooLarge } = await readCall(req, 12 * 1024 * 1024);
 */
export async function readCall(
  req: IncomingMessage,
  limitBytes: number,
): Promise<{ call: IncomingCall; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limitBytes) chunks.push(chunk);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const rawBody = Buffer.concat(chunks);
  const call = {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers,
    body: rawBody.toString('utf8'),
    rawBody,
  };
  return { call, tooLarge: size > limitBytes };
}

/** Writes a reply (no body for statuses that cannot carry one). */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const bodyless = reply.status === 204 || reply.status === 304;
  const body = bodyless ? '' : reply.body;
  const headers = bodyless
    ? reply.headers
    : { ...reply.headers, 'Content-Length': String(Buffer.byteLength(body)) };
  res.writeHead(reply.status, headers);
  res.end(body);
}
