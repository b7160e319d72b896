import { type BcsClient, type BcsResponse, createBcsClient } from '../bcs/client.ts';
import { type Config, readConfig } from '../config/upstream-config.ts';
import { isAccessKey } from '../credentials/credentials-source.ts';
import { ErrorCodes } from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { type IamToken, signIn } from '../iam/sign-in.ts';
import { createTokenCache, type TokenCache, tokenKey } from '../iam/token-cache.ts';
import type { Operation, RawOperationInput } from '../operations/operation.ts';
import { validate } from '../schemas/validate.ts';
import type { HuaweiAccessKey } from '../signing/huawei-sdk-hmac-sha256.ts';

/**
 * A sign-in is shared by every invocation waiting for it, so it is bounded on its own rather
 * than by any one invocation's deadline (each waiter still gives up at its own).
 */
export const SIGN_IN_TIMEOUT_MS = 10_000;

export interface OffboardServiceOptions {
  fetch?: typeof fetch;
  tokens?: TokenCache;
  /** The clock of AK/SK signatures (`X-Sdk-Date`). */
  now?: () => Date;
}

/**
 * The path every caller shares: validate → allowed project → token → BCS, with one retry
 * after BCS refuses a token of ours (401: the token died early, sign in again).
 *
 * With an access key pair instead of a password, every BCS request is signed with it and no
 * IAM call is made. A 401 is then passed through after one attempt: Huawei locks a key after
 * five bad signatures in a row, and the key may have been rotated in the secret, which the
 * next invocation reads again.
 *
 * @example
 * ```ts
 * const service = createOffboardService(readConfig(process.env));
 * const res = await service.run(removeChannelOrgs, { path, body }, AbortSignal.timeout(5000));
 * ```
 */
export const createOffboardService = (
  config: Config,
  { fetch: fetchImpl = fetch, tokens = createTokenCache(), now }: OffboardServiceOptions = {},
) => {
  const bcs: BcsClient = createBcsClient({
    endpoint: config.bcsEndpoint,
    fetch: fetchImpl,
    ...(now && { now }),
  });

  return {
    /** Runs one operation for a caller; `signal` is the caller's deadline. */
    async run<I extends { 'X-Auth-Token'?: string | undefined }>(
      operation: Operation<I>,
      raw: RawOperationInput,
      signal: AbortSignal,
    ): Promise<OffboardResponse> {
      const input = validate(operation.schema, raw);
      const projectId = operation.projectId(input);
      if (config.allowedProjectIds && !config.allowedProjectIds.has(projectId)) {
        throw new GatewayError(
          ErrorCodes.projectNotAllowed,
          `Project ${projectId} is not in this deployment's ALLOWED_PROJECT_IDS`,
        );
      }
      const request = operation.toBcsRequest(input);
      const send = (auth: { token: string } | { accessKey: HuaweiAccessKey }) =>
        bcs.send(request, { ...auth, signal });
      const callerToken = input['X-Auth-Token'];
      if (callerToken !== undefined) return send({ token: callerToken });

      const { credentials: source, iamEndpoint } = config;
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
    },
  };
};

export type OffboardService = ReturnType<typeof createOffboardService>;

/** BCS's answer, and whether our cached token was refused first (then signed in again). */
export interface OffboardResponse extends BcsResponse {
  /**
   * BCS refused a cached token of ours (401) and the call was made again with a new one: a
   * password change or a permission change in IAM shows up here first.
   */
  tokenRenewed?: true;
}

let shared: OffboardService | undefined;

/**
 * The service of this Lambda container, built from `process.env` on first use and kept (with
 * its token cache) for the life of the container. A configuration error is thrown on every
 * call until it is fixed, never cached.
 */
export const sharedOffboardService = (): OffboardService => {
  shared ??= createOffboardService(readConfig(process.env));
  return shared;
};

/**
 * IAM answered that the credentials are wrong (401), as opposed to not answering, or to
 * refusing the caller's project: only then may the secret have been rotated. (A project
 * refusal must not make every request of a hostile caller read the secret again.)
 */
const isRefusal = (error: unknown): boolean =>
  (error as { cause?: { status?: unknown } }).cause?.status === 401;

/** Nothing reached BCS and a slow IAM may pass: the request may be sent again (events retry it). */
const signInTimedOut = () =>
  new GatewayError(
    ErrorCodes.signInTimeout,
    'Signing in to IAM took longer than the time left to this invocation',
    { transient: true },
  );

/**
 * `promise`, but an abort of `signal` (the deadline) becomes {@link signInTimedOut}: reading
 * the credentials and signing in are what the caller waits for before BCS is asked.
 */
const untilDeadline = async <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> => {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof GatewayError || !signal.aborted) throw error;
    throw signInTimedOut();
  }
};
