/**
 * AK/SK authentication as Huawei's API gateway does it in front of BCS: the key, its lockout,
 * the `X-Sdk-Date` window, the security token of a temporary key, then the signature.
 */
import type { AccessKeyStore, KnownAccessKey } from './access-keys.ts';
import {
  canonicalRequest,
  parseAuthorization,
  parseSdkDate,
  type ReceivedRequest,
  signatureOf,
  signaturesMatch,
  stringToSign,
} from './aksk-signature.ts';
import { gatewayAuthError } from './gateway-errors.ts';
import type { Reply } from './http.ts';

/** How far `X-Sdk-Date` may be from the gateway's clock, either way. */
export const SDK_DATE_WINDOW_MS = 15 * 60 * 1000;

/** What the gateway made of one AK/SK request; recorded with the request. */
export interface AkskCheck {
  /** The AK as sent ('' when the Authorization header could not be read). */
  access: string;
  /** True when the request was authenticated (its project is checked after). */
  verified: boolean;
  /** Why it was refused: the error_msg after "Incorrect IAM authentication information: ". */
  refusal?: string;
  /** The canonical request computed from what was received, the security token masked. */
  canonicalRequest?: string;
}

/** Either the key that signed the request, or the gateway's refusal. */
export type AkskOutcome =
  | { check: AkskCheck; key: KnownAccessKey; refusal?: undefined }
  | { check: AkskCheck; refusal: Reply };

// A canonical request shown in an answer goes wherever BCS errors go (logs, chat): never with a
// credential in it. The SK is never in it; a signed security token would be.
const CREDENTIAL_LINE = /^(x-security-token|x-auth-token):.*$/gim;

function refuse(access: string, reason: string, canonical?: string): AkskOutcome {
  const check: AkskCheck = { access, verified: false, refusal: reason };
  if (canonical === undefined) return { check, refusal: gatewayAuthError(reason) };
  check.canonicalRequest = canonical;
  return { check, refusal: gatewayAuthError(`${reason}, CanonicalRequest:${canonical}`) };
}

/**
 * Authenticates a request signed with `SDK-HMAC-SHA256`. Only a bad signature counts towards
 * the key's lockout; a good one ends the run.
 *
 * @example
 * const outcome = authenticateAksk(request, accessKeys, clock());
 * if (outcome.refusal) return outcome.refusal;
 */
export function authenticateAksk(
  request: ReceivedRequest,
  keys: AccessKeyStore,
  now: number,
): AkskOutcome {
  const fields = parseAuthorization(request.headers.authorization ?? '');
  if (fields === undefined) {
    return refuse(
      '',
      'the Authorization header is not SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>',
    );
  }
  const { access, signedHeaders, signature } = fields;
  const known = keys.find(access);
  if (known === undefined) return refuse(access, `ak ${access} not exist`);
  if (keys.isLocked(access, now)) {
    return refuse(access, 'AK access failed to reach the limit,forbidden.');
  }
  const signed = new Set(signedHeaders.split(';').map((name) => name.toLowerCase()));
  const sdkDate = request.headers['x-sdk-date'];
  if (sdkDate === undefined) return refuse(access, 'x-sdk-date not found');
  if (!signed.has('x-sdk-date')) return refuse(access, 'x-sdk-date not signed');
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) {
    return refuse(access, 'x-sdk-date is not a UTC time of the form YYYYMMDDTHHMMSSZ');
  }
  if (Math.abs(now - signedAt) > SDK_DATE_WINDOW_MS) {
    return refuse(access, 'x-sdk-date is more than 15 minutes away from the server time');
  }
  const token = request.headers['x-security-token'];
  if (token !== undefined && !signed.has('x-security-token')) {
    return refuse(access, 'x-security-token not signed');
  }
  if (token === undefined && known.key.securityToken !== undefined) {
    return refuse(access, 'x-security-token not found');
  }
  if (token !== undefined && token !== known.key.securityToken) {
    return refuse(access, 'verify security token fail');
  }
  const canonical = canonicalRequest(request, signedHeaders);
  const expected = signatureOf(known.key.secret, stringToSign(sdkDate, canonical));
  const shown = canonical.replace(CREDENTIAL_LINE, '$1:***');
  if (!signaturesMatch(expected, signature)) {
    keys.noteBadSignature(access, now);
    return refuse(access, 'verify aksk signature fail', shown);
  }
  keys.noteGoodSignature(access);
  return { check: { access, verified: true, canonicalRequest: shown }, key: known };
}
