import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as ErrorCodes from '../../errors/error-codes.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { MAX_BODY_BYTES, refuseOversized } from '../body-limit.ts';
import { checkSlackSignature, MAX_SIGNATURE_AGE_SECONDS } from './verify-signature.ts';

export interface SlackRequestVerifierOptions {
  /** The app's signing secret (read once per container by the caller). */
  signingSecret: (signal: AbortSignal) => Promise<string>;
  /** Now, in milliseconds (tests pin it). */
  now?: () => number;
  maxAgeSeconds?: number;
  /** How long reading the secret may take: Slack wants its answer within three seconds. */
  secretTimeoutMs?: number;
  /** The largest body handed over once verified (a command's text is at most 4,000 characters). */
  maxBodyBytes?: number;
}

const defaults = {
  now: () => Date.now(),
  maxAgeSeconds: MAX_SIGNATURE_AGE_SECONDS,
  secretTimeoutMs: 2000,
  maxBodyBytes: MAX_BODY_BYTES,
};

/**
 * The first step of every Slack request: a function that returns the request's body as text
 * once it is known to come from Slack (v0 signature over the raw body, base64-decoded first
 * when API Gateway encoded it, signed within five minutes), and otherwise throws 401
 * `BCSGW.4010002`, the reason kept in `cause` for the log only. A signed body over
 * `maxBodyBytes` (64 KiB) is then refused with 413 `BCSGW.4130001` before anything reads it:
 * the signature is checked first, so that whoever did not sign gets 401 whatever they send.
 *
 * @example
 * ```ts
 * const verify = slackRequestVerifier({ signingSecret: sharedSigningSecret });
 * const body = await verify(event); // 'token=...&team_id=T0001&user_id=U2147483697&...'
 * ```
 */
export const slackRequestVerifier = (options: SlackRequestVerifierOptions) => {
  const { signingSecret, now, maxAgeSeconds, secretTimeoutMs, maxBodyBytes } = {
    ...defaults,
    ...options,
  };
  return async (event: APIGatewayProxyEventV2): Promise<string> => {
    // Stryker disable next-line StringLiteral: Buffer.from(text, '') decodes UTF-8 as well.
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const refusal = checkSlackSignature({
      signingSecret: await signingSecret(AbortSignal.timeout(secretTimeoutMs)),
      // API Gateway hands header names over in lower case.
      signature: event.headers?.['x-slack-signature'],
      timestamp: event.headers?.['x-slack-request-timestamp'],
      body,
      nowSeconds: Math.floor(now() / 1000),
      maxAgeSeconds,
    });
    if (refusal !== undefined) {
      throw new GatewayError(
        ErrorCodes.badSlackSignature,
        'The request does not carry a valid Slack signature (missing, wrong, or older than five minutes)',
        { cause: { refusal } },
      );
    }
    refuseOversized('body', body.length, { maxBytes: maxBodyBytes });
    return body.toString('utf8');
  };
};
