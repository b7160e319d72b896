/**
 * Huawei's `SDK-HMAC-SHA256` request signature, recomputed the way the API gateway does it: from
 * the request exactly as received. Written apart from any client signer on purpose: the
 * simulator is the check on them.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The only signing algorithm Huawei's gateway accepts for AK/SK. */
export const SDK_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/** A request as the gateway received it. Header names are lowercase. */
export interface ReceivedRequest {
  method: string;
  /** The raw path and query, as sent on the request line. */
  rawPath: string;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

/** The three fields of `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`. */
export interface AuthorizationFields {
  access: string;
  /** As sent: lowercase names joined by `;`. */
  signedHeaders: string;
  signature: string;
}

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

// RFC 3986: every byte outside the unreserved set as an uppercase %XX.
function encodeBytes(bytes: Uint8Array): string {
  let encoded = '';
  for (const byte of bytes) {
    encoded += isUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

// Percent-decoding to bytes. Lenient where Go would fail: a '%' not followed by two hex digits
// stays a '%' (BCS's router refuses such paths before authentication anyway). Query strings are
// form-decoded ('+' is a space), as the gateway's argument parser does.
function decodeBytes(text: string, plusIsSpace: boolean): Buffer {
  const parts: Buffer[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i += 1) {
    const pair = text.slice(i + 1, i + 3);
    if (text[i] === '%' && HEX_PAIR.test(pair)) {
      parts.push(Buffer.from(literal, 'utf8'), Buffer.of(Number.parseInt(pair, 16)));
      literal = '';
      i += 2;
    } else {
      literal += plusIsSpace && text[i] === '+' ? ' ' : text[i];
    }
  }
  parts.push(Buffer.from(literal, 'utf8'));
  return Buffer.concat(parts);
}

/**
 * The canonical URI: each `/`-separated segment decoded, then re-encoded per RFC 3986, with a
 * `/` appended unless the path already ends in one.
 *
 * @example
 * canonicalUri('/v2/p/blockchains/b/a%20b/orgs/quit'); // '/v2/p/blockchains/b/a%20b/orgs/quit/'
 */
export function canonicalUri(pathname: string): string {
  const uri = pathname
    .split('/')
    .map((segment) => encodeBytes(decodeBytes(segment, false)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * The canonical query: parameters decoded, sorted by key then value (bytewise, as Go's
 * `sort.Strings`), re-encoded per RFC 3986 as `k=v` and joined by `&`.
 *
 * @example
 * canonicalQuery('b=2&a=x+y'); // 'a=x%20y&b=2'
 */
export function canonicalQuery(rawQuery: string): string {
  const pairs = rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const key = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? '' : pair.slice(at + 1);
      return [decodeBytes(key, true), decodeBytes(value, true)] as const;
    });
  pairs.sort(
    ([keyA, valueA], [keyB, valueB]) =>
      Buffer.compare(keyA, keyB) || Buffer.compare(valueA, valueB),
  );
  return pairs.map(([key, value]) => `${encodeBytes(key)}=${encodeBytes(value)}`).join('&');
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The canonical request of `request` for the headers it says it signed. A signed header the
 * request lacks contributes no line (as in Huawei's SDKs), so the signature cannot match.
 *
 * @example
 * canonicalRequest({ method: 'GET', rawPath: '/path?limit=1', headers, body: Buffer.alloc(0) }, 'x-sdk-date');
 */
export function canonicalRequest(request: ReceivedRequest, signedHeaders: string): string {
  const at = request.rawPath.indexOf('?');
  const pathname = at < 0 ? request.rawPath : request.rawPath.slice(0, at);
  const query = at < 0 ? '' : request.rawPath.slice(at + 1);
  const headerLines = signedHeaders
    .split(';')
    .flatMap((name) => {
      const value = request.headers[name.toLowerCase()];
      return value === undefined ? [] : [`${name}:${value.trim()}`];
    })
    .map((line) => `${line}\n`)
    .join('');
  return [
    request.method,
    canonicalUri(pathname),
    canonicalQuery(query),
    headerLines,
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
}

/**
 * The string the signature is the HMAC of.
 *
 * @example
 * stringToSign('20060102T150405Z', canonical); // 'SDK-HMAC-SHA256\n20060102T150405Z\n<sha256 hex>'
 */
export function stringToSign(sdkDate: string, canonical: string): string {
  return `${SDK_SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/**
 * The signature of a string to sign: lowercase hex of HMAC-SHA256 keyed with the SK.
 *
 * @example
 * signatureOf('SecretKey', stringToSign(date, canonical));
 */
export function signatureOf(secret: string, toSign: string): string {
  return createHmac('sha256', secret).update(toSign).digest('hex');
}

/**
 * Whether the signature a client sent is the expected one, in constant time.
 *
 * @example
 * signaturesMatch(signatureOf(sk, toSign), fields.signature);
 */
export function signaturesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The fields of an `SDK-HMAC-SHA256` Authorization header; undefined for any other scheme or a
 * header missing one of them.
 *
 * @example
 * parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ab12');
 */
export function parseAuthorization(value: string): AuthorizationFields | undefined {
  const prefix = `${SDK_SIGNING_ALGORITHM} `;
  if (!value.startsWith(prefix)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(prefix.length).split(',')) {
    const field = part.trim();
    const at = field.indexOf('=');
    if (at <= 0) return undefined;
    fields.set(field.slice(0, at), field.slice(at + 1));
  }
  const access = fields.get('Access') ?? '';
  const signedHeaders = fields.get('SignedHeaders') ?? '';
  const signature = fields.get('Signature') ?? '';
  if (access === '' || signedHeaders === '' || signature === '') return undefined;
  return { access, signedHeaders, signature };
}

/**
 * An `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`, UTC) in epoch milliseconds; undefined unless it is
 * exactly that format and a real instant.
 *
 * @example
 * parseSdkDate('20060102T150405Z'); // Date.UTC(2006, 0, 2, 15, 4, 5)
 */
export function parseSdkDate(value: string): number | undefined {
  const match = SDK_DATE.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over into March: only an instant that formats back is real.
  const roundTrip = new Date(epochMs).toISOString().replace(/[-:]|\.\d{3}/g, '');
  return roundTrip === value ? epochMs : undefined;
}
