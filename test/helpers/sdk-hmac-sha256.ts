/**
 * A tiny SDK-HMAC-SHA256 signer for tests, written from the client's side as Huawei's SDKs do it
 * (encode the path's segments, sort the query, sign every header sent). It shares no code with
 * lib/ nor with the simulator's verifier, so that each checks the others; the published Go SDK
 * vector checks it first (test/simulator/aksk-signature.test.ts).
 */
import { createHash, createHmac } from 'node:crypto';

/** An access key pair; a temporary key also has its security token. */
export interface TestAccessKey {
  access: string;
  secret: string;
  securityToken?: string;
}

/** A request as a client builds it, before encoding and signing. */
export interface UnsignedRequest {
  method: string;
  /** The path's segments, not encoded: `['v2', projectId, 'members', 'quit']`. */
  segments: readonly string[];
  /** Query parameters, not encoded, in the order they are sent. */
  query?: readonly (readonly [string, string])[];
  /** Headers to send, every one signed (pass `Host` to sign it). */
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

/** What to send: the encoded path and query, every header, the body's bytes. */
export interface SignedTestRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** What the client signed, to compare with the gateway's. */
  canonicalRequest: string;
}

/**
 * RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` as UTF-8 `%XX`.
 *
 * @example
 * encodeRfc3986("a b!"); // 'a%20b%21'
 */
export const encodeRfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * An `X-Sdk-Date`: UTC, `YYYYMMDDTHHMMSSZ`.
 *
 * @example
 * sdkDate(Date.UTC(2006, 0, 2, 15, 4, 5)); // '20060102T150405Z'
 */
export const sdkDate = (epochMs: number): string => {
  const date = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  // Four digits of year, as the header has them, before year 1000 too.
  return `${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}T${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
};

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

// Huawei's SDKs sort with Go's sort.Strings or Python's sorted(): by UTF-8 bytes, not UTF-16.
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Signs `request` with `key` at `date`, adding `X-Sdk-Date`, `X-Security-Token` (temporary keys)
 * and `Authorization`.
 *
 * @example
 * const signed = signTestRequest({ method: 'GET', segments: ['path'], query: [['limit', '1']] },
 *   { access: 'AccessKey', secret: 'SecretKey' }, '20060102T150405Z');
 */
export const signTestRequest = (
  request: UnsignedRequest,
  key: TestAccessKey,
  date: string,
): SignedTestRequest => {
  const headers: Record<string, string> = { ...request.headers, 'X-Sdk-Date': date };
  if (key.securityToken !== undefined) headers['X-Security-Token'] = key.securityToken;
  const values = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value.trim()]),
  );
  const names = [...values.keys()].sort();
  const path = `/${request.segments.map(encodeRfc3986).join('/')}`;
  const query = request.query ?? [];
  const sortedQuery = [...query]
    .sort(([keyA, valueA], [keyB, valueB]) => byUtf8(keyA, keyB) || byUtf8(valueA, valueB))
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
    .join('&');
  const body = Buffer.from(request.body ?? '');
  const canonicalRequest = [
    request.method,
    path.endsWith('/') ? path : `${path}/`,
    sortedQuery,
    names.map((name) => `${name}:${values.get(name)}\n`).join(''),
    names.join(';'),
    sha256Hex(body),
  ].join('\n');
  const toSign = ['SDK-HMAC-SHA256', date, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', key.secret).update(toSign).digest('hex');
  headers.Authorization = `SDK-HMAC-SHA256 Access=${key.access}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  const sentQuery = query.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`);
  return {
    path: sentQuery.length === 0 ? path : `${path}?${sentQuery.join('&')}`,
    headers,
    body,
    canonicalRequest,
  };
};
