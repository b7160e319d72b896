/**
 * The canonical request that both signing schemes hash (AWS Signature Version 4 and Huawei's
 * `SDK-HMAC-SHA256`), and the steps they share. A {@link SigningScheme} says where a scheme
 * departs from the other; everything else is written once, here.
 *
 * Written small: it is in every function bundle, within 30 KiB. Every request signed is one our
 * own code builds, so nothing here polices its input: malformed percent-encoding throws
 * `decodeURIComponent`'s `URIError`, an invalid date `toISOString`'s `RangeError`, and what
 * fetch cannot send (a line break in a header value) fetch refuses.
 */
import { createHash, createHmac, type KeyObject } from 'node:crypto';

/** A request about to be sent, as the signers take it. */
export interface SignableRequest {
  /** Upper case, as sent: `POST`, `PUT`, `GET`. */
  method: string;
  /** As sent on the wire: the pathname percent-encoded once, the search as sent. */
  url: URL;
  /** Names in any case, each once; every one given is signed, so send exactly these. */
  headers: Readonly<Record<string, string>>;
  /** The exact bytes sent (a string is its UTF-8). */
  body: string | Uint8Array;
}

/**
 * A request as a signature's steps read it. A URL without `host` leaves it unsigned (as
 * Huawei's Go SDK does in its published vectors); the signers always sign it.
 */
export interface WireRequest extends Omit<SignableRequest, 'url'> {
  url: Pick<URL, 'pathname' | 'search'> & { host?: string | undefined };
}

/**
 * What sets a scheme apart: its date and token header names, its algorithm name, its canonical
 * URI of a wire path, and whether it is Huawei's (query sorted by decoded text, blanks inside a
 * header value kept) or AWS's (sorted by encoded text, each run of blanks made one space).
 */
export type SigningScheme = readonly [
  dateHeader: string,
  tokenHeader: string,
  algorithm: string,
  canonicalUri: (path: string) => string,
  huawei: boolean,
];

/** Each step of one signature, and the headers it adds (AWS's .creq, .sts and .authz). */
export type SignatureSteps = [
  canonicalRequest: string,
  stringToSign: string,
  /** The date header, the token header (with a token) and `authorization`. */
  added: Record<string, string>,
];

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
 * Lower-case hex SHA-256 of a string's UTF-8 or of bytes.
 *
 * @example
 * ```ts
 * sha256Hex(''); // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 * ```
 */
export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/**
 * Every step of the signature of `request` at `now` in `scheme`, and the headers to add: the
 * date header, the token header (with a `token`) and `authorization`. Signs `host` (from
 * `url.host`), every header of the request and those it adds.
 *
 * The canonical request is the method, the canonical URI, the query (each key and value
 * decoded and RFC 3986-encoded again, sorted by key then value), the headers (`name:value`,
 * lower-case names sorted, values trimmed), the signed header names (`a;b`) and the body's hex
 * SHA-256, one per line. The string to sign is the algorithm, the timestamp, `scope` (AWS's,
 * with its line break) and the canonical request's hex SHA-256; `authorization` names
 * `credential` and the signature under `key`.
 *
 * @example
 * ```ts
 * const [, , added] = signatureSteps(request, now, HUAWEI, undefined, 'Access=AK', '', sk);
 * ```
 */
export const signatureSteps = (
  { method, url, headers, body }: WireRequest,
  now: Date,
  [dateHeader, tokenHeader, algorithm, canonicalUri, huawei]: SigningScheme,
  token: string | undefined,
  credential: string,
  scope: string,
  key: string | KeyObject,
): SignatureSteps => {
  const timestamp = now.toISOString().replace(/[-:]|\.\d+/g, '');
  const added: Record<string, string> = { [dateHeader]: timestamp };
  if (token) added[tokenHeader] = token;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries({ host: url.host, ...headers, ...added })) {
    // `host` is undefined for a wire request without one. Huawei only trims (`$&` puts each
    // run of blanks back as it was).
    if (value != null) {
      values[name.toLowerCase()] = value.trim().replace(/\s+/g, huawei ? '$&' : ' ');
    }
  }
  // Lower-case header names are ASCII: the default sort is by character code, as wanted.
  const names = Object.keys(values).sort();
  const signed = names.join(';');
  const canonical = [
    method,
    canonicalUri(url.pathname),
    // A form's `+` is a space here, as URLSearchParams reads it (we send `%20` in any case).
    // Each parameter as `key\0value\0text`, its sort key before its text: NUL sorts first, so
    // by key, then value (exactly, but for a NUL in a decoded Huawei key or value: none of ours).
    [...new URLSearchParams(url.search)]
      .map((pair) => {
        const encoded = pair.map(encodeRfc3986);
        return [...(huawei ? pair : encoded), encoded.join('=')].join('\0');
      })
      .sort()
      .map((parameter) => parameter.slice(parameter.lastIndexOf('\0') + 1))
      .join('&'),
    ...names.map((name) => `${name}:${values[name]}`),
    '',
    signed,
    sha256Hex(body),
  ].join('\n');
  const stringToSign = `${algorithm}\n${timestamp}\n${scope}${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  added.authorization = `${algorithm} ${credential}, SignedHeaders=${signed}, Signature=${signature}`;
  return [canonical, stringToSign, added];
};
