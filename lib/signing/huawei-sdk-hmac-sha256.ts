/**
 * Huawei Cloud's `SDK-HMAC-SHA256` AK/SK request signature, as its official SDKs compute it
 * and its API gateway checks it.
 */
import {
  encodeRfc3986,
  type SignableRequest,
  type SignatureSteps,
  type SigningScheme,
  signatureSteps,
  type WireRequest,
} from './canonical-request.ts';

/** An access key pair (AK/SK), with the security token of temporary keys. */
export interface HuaweiAccessKey {
  ak: string;
  sk: string;
  securityToken?: string | undefined;
}

/**
 * The canonical URI: each segment of the decoded path percent-encoded once (RFC 3986), with no
 * dot-segment removal, and a `/` at the end always. (An encoded `/` in a segment is signed as
 * `%2F`, as Huawei's Go SDK does; BCS path parameters never hold one.)
 *
 * @example
 * ```ts
 * huaweiCanonicalUri("/v2/p1/blockchains/b1/ch%20a'b/orgs/quit"); // '/v2/p1/blockchains/b1/ch%20a%27b/orgs/quit/'
 * ```
 */
export const huaweiCanonicalUri = (path: string): string =>
  path
    .replace(/[^/]+/g, (segment) => encodeRfc3986(decodeURIComponent(segment)))
    .replace(/\/?$/, '/');

/** Where Huawei departs from AWS's scheme. */
const HUAWEI: SigningScheme = [
  'x-sdk-date',
  'x-security-token',
  'SDK-HMAC-SHA256',
  huaweiCanonicalUri,
  true,
];

/**
 * Every step of the signature of `request`: its canonical request, string to sign and the
 * headers that sign it (see {@link signHuaweiRequest}).
 *
 * @example
 * ```ts
 * const [canonical, stringToSign, added] = huaweiSignatureSteps(request, { key: { ak, sk }, now });
 * ```
 */
export const huaweiSignatureSteps = (
  request: WireRequest,
  { key, now }: { key: HuaweiAccessKey; now: Date },
): SignatureSteps =>
  signatureSteps(request, now, HUAWEI, key.securityToken, `Access=${key.ak}`, '', key.sk);

/**
 * The headers to add to `request` to sign it: `x-sdk-date`, `x-security-token` (temporary
 * keys) and `authorization` (`SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<...>, Signature=<...>`).
 * Signs `host` (from `url.host`), every header of `request.headers`, `x-sdk-date` and
 * `x-security-token`; sign again for every attempt (the gateway allows 15 minutes of skew).
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
  options: { key: HuaweiAccessKey; now: Date },
): Record<string, string> => huaweiSignatureSteps(request, options)[2];
