import { type BcsResponse, type BcsSend, createBcsSender } from '../bcs/client.ts';
import type { UpstreamConfig } from '../config/upstream-config.ts';
import { isAccessKey } from '../credentials/credentials-source.ts';
import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError, NOT_SENT } from '../errors/gateway-error.ts';
import { type IamToken, signIn } from '../iam/sign-in.ts';
import { createTokenCache, type TokenCache, tokenKey } from '../iam/token-cache.ts';
import type { HuaweiAccessKey } from '../signing/huawei-sdk-hmac-sha256.ts';
import type { AdmittedRequest } from './admit-request.ts';

/**
 * A sign-in is shared by every invocation waiting for it, so it is bounded on its own rather
 * than by any one invocation's deadline (each waiter still gives up at its own).
 */
export const SIGN_IN_TIMEOUT_MS = 10_000;

/** BCS's answer, and whether our cached token was refused first (then signed in again). */
export interface BcsAnswer extends BcsResponse {
  /**
   * BCS refused a cached token of ours (401) and the call was made again with a new one: a
   * password change or a permission change in IAM shows up here first.
   */
  tokenRenewed?: true;
}

/** Authenticates an admitted request and sends it to BCS, within `signal` (the deadline). */
export type BcsCaller = (request: AdmittedRequest, signal: AbortSignal) => Promise<BcsAnswer>;

export interface BcsCallerOptions {
  fetch?: typeof fetch;
  /** The IAM tokens of this container, shared by its invocations. */
  tokens?: TokenCache;
  /** The clock of AK/SK signatures (`X-Sdk-Date`). */
  now?: () => Date;
}

/**
 * The authenticate-and-call step of the pipeline: the caller's own token as it is, else an IAM
 * token from the container's cache (signed in once for every waiter), else the access key
 * pair that signs the request. A cached token BCS refuses (401: it died early) is replaced and
 * the call made once more.
 *
 * With an access key, a 401 is passed through after one attempt: Huawei locks a key after
 * five bad signatures in a row, and the key may have been rotated in the secret, which the
 * next invocation reads again.
 *
 * `upstream` is called on every request: it throws `BCSGW.5000002` until the settings are fixed.
 *
 * @example
 * ```ts
 * const callBcs = createBcsCaller(() => upstreamConfig(config));
 * const answer = await callBcs(admitRequest(quitConsortium, raw, allowed), signal);
 * ```
 */
export const createBcsCaller = (
  upstream: () => UpstreamConfig,
  { fetch: fetchImpl = fetch, tokens = createTokenCache(), now }: BcsCallerOptions = {},
): BcsCaller => {
  let bcs: BcsSend | undefined;
  return async ({ operation, input, projectId }, signal) => {
    const { bcsEndpoint, iamEndpoint, credentials: source } = upstream();
    bcs ??= createBcsSender({ endpoint: bcsEndpoint, fetch: fetchImpl, ...(now && { now }) });
    const sendToBcs = bcs;
    const request = operation.toBcsRequest(input);
    const send = (auth: { token: string } | { accessKey: HuaweiAccessKey }) =>
      sendToBcs(request, { ...auth, signal });
    const callerToken = input['X-Auth-Token'];
    if (callerToken !== undefined) return send({ token: callerToken });

    const credentials = await untilDeadline(source.get(signal), signal);
    if (!credentials) {
      throw new GatewayError(
        ErrorCodes.noCredentials,
        'Send an X-Auth-Token: this deployment has no service credentials configured',
      );
    }
    if (isAccessKey(credentials)) {
      const response = await send({ accessKey: credentials });
      if (response.status === 401) source.invalidate();
      return response;
    }
    const key = tokenKey(iamEndpoint, credentials.domainName, credentials.userName, projectId);
    const signInOnce = () =>
      signIn({
        iamEndpoint,
        credentials,
        projectId,
        signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS),
        fetch: fetchImpl,
      }).catch((error: unknown) => {
        // Refused credentials may have been rotated in the secret since we read it.
        if (isRefusal(error)) source.invalidate();
        throw error;
      });
    const token = () => untilDeadline(tokens.get(key, signInOnce, signal), signal);
    const first: IamToken = await token();
    const response = await send({ token: first.value });
    if (response.status !== 401) return response;
    tokens.invalidate(key, first);
    return { ...(await send({ token: (await token()).value })), tokenRenewed: true };
  };
};

/**
 * IAM answered that the credentials are wrong (401), as opposed to not answering, or to
 * refusing the caller's project: only then may the secret have been rotated. (A project
 * refusal must not make every request of a hostile caller read the secret again.)
 */
const isRefusal = (error: unknown): boolean =>
  // Stryker disable next-line OptionalChaining: signIn only throws GatewayErrors with a cause.
  (error as { cause?: { status?: unknown } }).cause?.status === 401;

/**
 * `promise`, but an abort of `signal` (the deadline) becomes `BCSGW.5040002`, not sent: reading
 * the credentials and signing in are what the caller waits for before BCS is asked, so nothing
 * reached BCS and a slow IAM may pass (the request may be sent again; events retry it).
 */
const untilDeadline = async <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> => {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof GatewayError || !signal.aborted) throw error;
    throw new GatewayError(
      ErrorCodes.signInTimeout,
      'Signing in to IAM took longer than the time left to this invocation',
      { delivery: NOT_SENT },
    );
  }
};
