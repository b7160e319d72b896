/**
 * Huawei Cloud's `SDK-HMAC-SHA256` AK/SK request signature, as its official SDKs compute it
 * and its API gateway checks it.
 */
import { createHmac } from 'node:crypto';
import {
  buildCanonicalRequest,
  type CanonicalDialect,
  decodePercent,
  encodeRfc3986,
  refuseToSign,
  type SignableRequest,
  sha256Hex,
  signingHeaders,
  type WireRequest,
} from './canonical-request.ts';

/** An access key pair (AK/SK), with the security token of temporary keys. */
export interface HuaweiAccessKey {
  ak: string;
  sk: string;
  securityToken?: string | undefined;
}

/** Each step of one signature, for comparing with published vectors. */
export interface HuaweiSignatureSteps {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
}

/**
 * The canonical URI: each segment of the decoded path percent-encoded once (RFC 3986), with no
 * dot-segment removal, and a `/` at the end always. A segment holding an encoded `/` (`%2F`) is
 * refused: Huawei's SDKs disagree on it (Go signs it as `%2F`, Python as a path separator).
 *
 * @example
 * ```ts
 * huaweiCanonicalUri("/v2/p1/blockchains/b1/ch%20a'b/orgs/quit"); // '/v2/p1/blockchains/b1/ch%20a%27b/orgs/quit/'
 * ```
 */
export const huaweiCanonicalUri = (path: string): string => {
  const uri = path
    .split('/')
    .map((segment) => {
      const decoded = decodePercent(segment);
      if (decoded.includes('/'))
        refuseToSign('a %2F in the path, where Huawei does not say what it means');
      return encodeRfc3986(decoded);
    })
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
};

const HUAWEI_DIALECT: CanonicalDialect = {
  uri: huaweiCanonicalUri,
  sortDecoded: true,
  collapseBlanks: false,
};
const ACCESS_KEY = /^[\w-]+$/;

/**
 * Every step of the signature of a request whose signed headers are all given (`x-sdk-date`
 * at least), at `sdkDate` (`20060102T150405Z`).
 *
 * @example
 * ```ts
 * const wire = { method: 'GET', path: '/path', search: '?limit=1', headers: { 'X-Sdk-Date': '20060102T150405Z' }, body: '' };
 * huaweiSignatureSteps(wire, { key: { ak: 'AccessKey', sk: 'SecretKey' }, sdkDate: '20060102T150405Z' }).authorization;
 * ```
 */
export const huaweiSignatureSteps = (
  request: WireRequest,
  { key, sdkDate }: { key: HuaweiAccessKey; sdkDate: string },
): HuaweiSignatureSteps => {
  if (!(key.sk && ACCESS_KEY.test(key.ak))) {
    refuseToSign('for Huawei Cloud: an AK not [A-Za-z0-9_-]+, or no SK');
  }
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest(request, HUAWEI_DIALECT);
  const stringToSign = `SDK-HMAC-SHA256\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', key.sk).update(stringToSign).digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    authorization: `SDK-HMAC-SHA256 Access=${key.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
};

/**
 * The headers to add to `request` to sign it: `x-sdk-date`, `x-security-token` (temporary
 * keys) and `authorization` (`SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<...>, Signature=<...>`).
 * Signs `host` (from `url.host`), every header of `request.headers`, `x-sdk-date` and
 * `x-security-token`; sign again for every attempt (the gateway allows 15 minutes of skew).
 * Throws a `SigningInputError` for a request it cannot sign unambiguously.
 *
 * @example
 * ```ts
 * const headers = { 'content-type': 'application/json;charset=UTF-8', 'x-project-id': projectId };
 * const request = { method: 'PUT', url: new URL(`${endpoint}/v2/${projectId}/members/quit`), headers, body };
 * const signed = signHuaweiRequest(request, { key: { ak, sk }, now: new Date() });
 * await fetch(request.url, { method: 'PUT', headers: { ...headers, ...signed }, body });
 * ```
 */
export const signHuaweiRequest = (
  request: SignableRequest,
  { key, now }: { key: HuaweiAccessKey; now: Date },
): Record<string, string> =>
  signingHeaders(request, now, {
    dateHeader: 'x-sdk-date',
    tokenHeader: 'x-security-token',
    token: key.securityToken,
    authorize: (wire, sdkDate) => huaweiSignatureSteps(wire, { key, sdkDate }).authorization,
  });
