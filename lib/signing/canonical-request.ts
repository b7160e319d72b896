/**
 * The canonical request that both signing schemes hash (AWS Signature Version 4 and Huawei's
 * `SDK-HMAC-SHA256`), and the steps they share. The schemes differ in three small ways, given
 * as a {@link CanonicalDialect}; everything else is written once, here.
 *
 * What cannot be signed unambiguously is refused with a {@link SigningInputError}, never
 * signed: a header value the wire would not carry as given (a line break, a non-ASCII
 * character), a header named twice, a header the signer sets itself, a `+` in the query (a
 * space to some servers, a plus sign to others), malformed percent-encoding.
 */
import { createHash } from 'node:crypto';

/** A request about to be sent, as the signers take it. */
export interface SignableRequest {
  /** Upper case, as sent: `POST`, `PUT`, `GET`. */
  method: string;
  /** As sent on the wire: the pathname percent-encoded once, the search as sent. */
  url: URL;
  /** Names in any case; every one given is signed, so send exactly these. */
  headers: Readonly<Record<string, string>>;
  /** The exact bytes sent (a string is its UTF-8). */
  body: string | Uint8Array;
}

/** A request as its parts appear on the wire, with every header to sign (`host` included). */
export interface WireRequest {
  method: string;
  /** The path as sent, percent-encoding and all. */
  path: string;
  /** The query as `URL.search` gives it: `''`, or `?` and the query as sent. */
  search: string;
  /** Every header to sign, as name and value: a name given twice, in any case, is refused. */
  headers: readonly (readonly [name: string, value: string])[];
  body: string | Uint8Array;
}

/** Where a scheme's canonical request departs from the common one. */
export interface CanonicalDialect {
  /** The canonical URI of a wire path. */
  uri: (path: string) => string;
  /** Sort query parameters by their decoded text (Huawei), not their encoded text (AWS). */
  sortDecoded: boolean;
  /** Collapse each run of blanks inside a header value to one space (AWS), not only trim. */
  collapseBlanks: boolean;
}

/** How a scheme signs beyond the canonical request: its header names and its `authorization`. */
export interface SigningScheme {
  /** `x-amz-date`, `x-sdk-date`. */
  dateHeader: string;
  /** `x-amz-security-token`, `x-security-token`: sent and signed when `token` is set. */
  tokenHeader: string;
  token: string | undefined;
  /** The `authorization` value of the complete wire request, signed at `timestamp`. */
  authorize: (request: WireRequest, timestamp: string) => string;
}

/**
 * A request that cannot be signed as given. The message names the part at fault, never a
 * header's value (it may be a secret).
 *
 * @example
 * ```ts
 * throw new SigningInputError('Cannot sign header x-a: value not printable ASCII');
 * ```
 */
export class SigningInputError extends Error {
  override readonly name = 'SigningInputError';
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;
// A tab or printable ASCII only: fetch refuses CR, LF and NUL, and would send any other
// character as a Latin-1 byte where the signature hashed its UTF-8.
const HEADER_VALUE = /^[\t -~]*$/;
const METHOD = /^[A-Z]+$/;

/**
 * Throws a {@link SigningInputError} saying what cannot be signed.
 *
 * @example
 * ```ts
 * if (!ok) refuseToSign('the method');
 * ```
 */
export const refuseToSign = (what: string, cause?: unknown): never => {
  throw new SigningInputError(`Cannot sign ${what}`, { cause });
};

/**
 * RFC 3986 percent-encoding of every character but the unreserved `A-Z a-z 0-9 - . _ ~`, as
 * both schemes want it (`%` included: `%3A` becomes `%253A`).
 *
 * @example
 * ```ts
 * encodeRfc3986("a b*c'"); // 'a%20b%2Ac%27'
 * ```
 */
export const encodeRfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * The text a percent-encoded part of a URL stands for; malformed encoding (a stray `%`,
 * bytes that are not UTF-8) is a {@link SigningInputError}.
 *
 * @example
 * ```ts
 * decodePercent('arn%3Aaws'); // 'arn:aws'
 * ```
 */
export const decodePercent = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch (cause) {
    return refuseToSign('malformed percent-encoding', cause);
  }
};

/**
 * The canonical query string: each `key=value` decoded, encoded again (RFC 3986), sorted by
 * key then value, joined by `&`. A parameter without `=` has the empty value.
 *
 * @example
 * ```ts
 * canonicalQuery('?b=2&a=x%20y&a', false); // 'a=&a=x%20y&b=2'
 * ```
 */
export const canonicalQuery = (search: string, sortDecoded: boolean): string => {
  if (search.includes('+')) refuseToSign('a + in the query: send %2B, or %20 for a space');
  const parameters: [sortKey: string, sortValue: string, text: string][] = [];
  for (const parameter of search.slice(1).split('&')) {
    if (parameter === '') continue;
    const [key = '', ...rest] = parameter.split('=').map(decodePercent);
    const value = rest.join('=');
    const encoded = [encodeRfc3986(key), encodeRfc3986(value)] as const;
    const text = encoded.join('=');
    parameters.push(sortDecoded ? [key, value, text] : [...encoded, text]);
  }
  return parameters
    .sort(([keyA, valueA], [keyB, valueB]) => compare(keyA, keyB) || compare(valueA, valueB))
    .map(([, , text]) => text)
    .join('&');
};

/**
 * The canonical headers (`name:value\n` each, lower-case names sorted, values trimmed) and the
 * signed header list (`a;b;c`). A name that is not an HTTP token, a name given twice (in any
 * case), `authorization` (where the signature goes) and a value with anything but printable
 * ASCII and tabs are refused.
 *
 * @example
 * ```ts
 * canonicalHeaders([['X-B', ' b  c '], ['Host', 'h']], true);
 * // { canonical: 'host:h\nx-b:b c\n', signed: 'host;x-b' }
 * ```
 */
export const canonicalHeaders = (
  headers: WireRequest['headers'],
  collapseBlanks: boolean,
): { canonical: string; signed: string } => {
  const values = new Map<string, string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!(HEADER_NAME.test(name) && HEADER_VALUE.test(value))) {
      refuseToSign(`header "${name}": name not a token, or value not printable ASCII and tabs`);
    }
    if (lower === 'authorization' || values.has(lower)) {
      refuseToSign(`header ${name}: given twice, or set by the signer`);
    }
    const trimmed = value.trim();
    values.set(lower, collapseBlanks ? trimmed.replace(/\s+/g, ' ') : trimmed);
  }
  // Lower-case tokens are ASCII: the default sort is by character code, as both schemes want.
  const names = [...values.keys()].sort();
  return {
    canonical: names.map((name) => `${name}:${values.get(name)}\n`).join(''),
    signed: names.join(';'),
  };
};

/**
 * The canonical request of `request` in `dialect`, and its signed header list.
 *
 * @example
 * ```ts
 * const { canonicalRequest, signedHeaders } = buildCanonicalRequest(wire, dialect);
 * ```
 */
export const buildCanonicalRequest = (
  { method, path, search, headers, body }: WireRequest,
  { uri, sortDecoded, collapseBlanks }: CanonicalDialect,
): { canonicalRequest: string; signedHeaders: string } => {
  if (!METHOD.test(method)) refuseToSign(`method "${method}": not upper-case letters`);
  const { canonical, signed } = canonicalHeaders(headers, collapseBlanks);
  const query = canonicalQuery(search, sortDecoded);
  return {
    canonicalRequest: `${method}\n${uri(path)}\n${query}\n${canonical}\n${signed}\n${sha256Hex(body)}`,
    signedHeaders: signed,
  };
};

/**
 * The headers that sign `request` at `now`: the scheme's date header, its token header (with
 * a token) and `authorization`, over `host` (from `url.host`), every header of the request and
 * those, which the request must not set itself.
 *
 * @example
 * ```ts
 * signingHeaders(request, new Date(), { dateHeader: 'x-sdk-date', tokenHeader: 'x-security-token', token, authorize });
 * ```
 */
export const signingHeaders = (
  request: SignableRequest,
  now: Date,
  { dateHeader, tokenHeader, token, authorize }: SigningScheme,
): Record<string, string> => {
  const timestamp = now.toISOString().replace(/[-:]|\.\d+/g, '');
  const added: Record<string, string> = { [dateHeader]: timestamp };
  if (token) added[tokenHeader] = token;
  const { url } = request;
  // Listed, not merged: a header the request sets and the signer sets too is refused as given
  // twice, never silently replaced (that would sign what is not sent).
  const headers = [
    ...Object.entries(request.headers),
    ['host', url.host] as const,
    ...Object.entries(added),
  ];
  added.authorization = authorize(
    { ...request, path: url.pathname, search: url.search, headers },
    timestamp,
  );
  return added;
};

/**
 * Lower-case hex SHA-256 of a string's UTF-8 or of bytes.
 *
 * @example
 * ```ts
 * sha256Hex(''); // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 * ```
 */
export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
