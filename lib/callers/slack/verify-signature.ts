import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed longer ago (or further ahead) than this is refused. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** What Slack sent with one request, and the time it is checked at. */
export interface SlackSignedRequest {
  /** The app's signing secret. An empty secret never verifies anything. */
  signingSecret: string;
  /** The `X-Slack-Signature` header: `v0=` and 64 hex digits. */
  signature: string | undefined;
  /** The `X-Slack-Request-Timestamp` header: Unix seconds. */
  timestamp: string | undefined;
  /** The body exactly as received (bytes, or the text they decode to). */
  body: string | Uint8Array;
  /** Now, in Unix seconds. */
  nowSeconds: number;
  maxAgeSeconds?: number;
}

/** Why a request was refused; logged, never answered (it would only help a forger). */
export type SignatureRefusal =
  | 'no secret configured'
  | 'signature missing'
  | 'signature malformed'
  | 'timestamp missing'
  | 'timestamp malformed'
  | 'timestamp outside the five-minute window'
  | 'signature mismatch';

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

/**
 * Slack's v0 signature of a request: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{body}`).
 *
 * @example
 * ```ts
 * slackSignature('8f742231b10e8888abcd99yyyzzz85a5', '1531420618', body);
 * // 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' for Slack's example
 * ```
 */
export const slackSignature = (
  signingSecret: string,
  timestamp: string,
  body: string | Uint8Array,
): string =>
  `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;

/**
 * Checks a request against Slack's v0 scheme: signature over the raw body, timestamp within
 * {@link MAX_SIGNATURE_AGE_SECONDS} of now either way, compared in constant time. Returns
 * `undefined` when the request is Slack's, else the reason it is not.
 *
 * @example
 * ```ts
 * const refusal = checkSlackSignature({ signingSecret, signature, timestamp, body, nowSeconds });
 * if (refusal) throw new GatewayError(ErrorCodes.badSlackSignature, '...', { cause: { refusal } });
 * ```
 */
export const checkSlackSignature = ({
  signingSecret,
  signature,
  timestamp,
  body,
  nowSeconds,
  maxAgeSeconds = MAX_SIGNATURE_AGE_SECONDS,
}: SlackSignedRequest): SignatureRefusal | undefined => {
  if (signingSecret === '') return 'no secret configured';
  if (signature === undefined || signature === '') return 'signature missing';
  if (!SIGNATURE.test(signature)) return 'signature malformed';
  if (timestamp === undefined || timestamp === '') return 'timestamp missing';
  if (!TIMESTAMP.test(timestamp)) return 'timestamp malformed';
  if (Math.abs(nowSeconds - Number(timestamp)) > maxAgeSeconds) {
    return 'timestamp outside the five-minute window';
  }
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body).slice(3), 'hex');
  const received = Buffer.from(signature.slice(3), 'hex');
  // Both are 32 bytes (the pattern above guarantees it), as timingSafeEqual requires.
  return timingSafeEqual(expected, received) ? undefined : 'signature mismatch';
};
