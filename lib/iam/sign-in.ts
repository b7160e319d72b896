import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError, NOT_SENT } from '../errors/gateway-error.ts';
import { parseJsonObject } from '../json/json-object.ts';
import { cutText } from '../text/cut-text.ts';
import { callUpstream, type UpstreamErrors } from '../upstream/call-upstream.ts';
import { redactSecret } from './redact-secret.ts';

/** An IAM account's password credentials (never logged, never answered). */
export interface HuaweiCredentials {
  domainName: string;
  userName: string;
  password: string;
}

/** A project-scoped IAM token and when to stop using it (epoch milliseconds, local clock). */
export interface IamToken {
  value: string;
  expiresAt: number;
}

export interface SignInOptions {
  /** e.g. `https://iam.cn-north-4.myhuaweicloud.com`. */
  iamEndpoint: string;
  credentials: HuaweiCredentials;
  /** The project the token is scoped to; BCS refuses domain-scoped tokens. */
  projectId: string;
  signal: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * What IAM answers when it will not scope a token to the project asked for (400 `IAM.0011`,
 * 403, 404), as opposed to refusing the credentials themselves (401). The project comes from
 * the caller's request, so these are the caller's to fix, not a failure of this deployment.
 */
const SCOPE_REFUSALS: ReadonlySet<number> = new Set([400, 403, 404]);

/** The most of IAM's body or reason kept in a message or a cause. */
const MAX_REASON_LENGTH = 300;

const iamErrors: UpstreamErrors = {
  service: 'IAM',
  unreachable: ErrorCodes.signInFailed,
  timeout: ErrorCodes.signInTimeout,
  // A sign-in only asks for a token: sending it again is harmless.
  cutOff: NOT_SENT,
  repeatable: true,
  // A sign-in is bounded on its own (shared by every invocation waiting for the token).
  timeAllowed: 'the time allowed for a sign-in',
};

/**
 * Signs in to IAM with a password and returns a project-scoped token
 * (`POST /v3/auth/tokens?nocatalog=true`; the token is the `X-Subject-Token` header).
 *
 * The expiry is taken as the token's lifetime (`expires_at - issued_at`) counted from now on
 * the local clock, so a Lambda whose clock is off from Huawei's does not keep a dead token.
 *
 * Throws `BCSGW.5020001` when IAM refuses the credentials (401), fails or cannot be reached,
 * and `BCSGW.4030002` when it refuses a token for this project (400, 403, 404).
 *
 * @example
 * ```ts
 * const token = await signIn({ iamEndpoint, credentials, projectId, signal: AbortSignal.timeout(5000) });
 * ```
 */
export const signIn = async ({
  iamEndpoint,
  credentials,
  projectId,
  signal,
  fetch: fetchImpl = fetch,
  now = Date.now,
}: SignInOptions): Promise<IamToken> => {
  const startedAt = now();
  const { status, headers, body } = await callUpstream(
    `${iamEndpoint.replace(/\/+$/, '')}/v3/auth/tokens?nocatalog=true`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: {
                name: credentials.userName,
                password: credentials.password,
                domain: { name: credentials.domainName },
              },
            },
          },
          scope: { project: { id: projectId } },
        },
      }),
    },
    signal,
    iamErrors,
    fetchImpl,
  );
  if (status !== 201) {
    const reason = `${status} ${describeIamError(body, credentials.password)}`;
    const cause = { status, requestId: headers.get('x-request-id') };
    if (SCOPE_REFUSALS.has(status)) {
      // The project is the caller's; the credentials (refused with 401) are ours.
      throw new GatewayError(
        ErrorCodes.projectRefusedByIam,
        `IAM refused a token for project ${projectId} (${reason}): the service account ` +
          'cannot act in this project, or it does not exist',
        { cause },
      );
    }
    throw new GatewayError(ErrorCodes.signInFailed, `Sign-in to IAM failed: ${reason}`, {
      cause,
      // IAM itself failing may pass; IAM refusing these credentials will not.
      delivery: status >= 500 || status === 429 ? NOT_SENT : 'final',
    });
  }
  const value = headers.get('x-subject-token');
  const lifetime = tokenLifetime(body, now);
  if (!value || lifetime === undefined) {
    throw new GatewayError(
      ErrorCodes.signInFailed,
      'Sign-in to IAM failed: IAM answered 201 without a token or its expiry',
      {
        cause: {
          hasToken: Boolean(value),
          body: cutText(redactSecret(body, credentials.password), MAX_REASON_LENGTH),
        },
      },
    );
  }
  return { value, expiresAt: startedAt + lifetime };
};

/** `expires_at - issued_at` in milliseconds, from IAM's token body. */
const tokenLifetime = (body: string, now: () => number): number | undefined => {
  const token = parseJsonObject(body)?.token as
    | { expires_at?: unknown; issued_at?: unknown }
    | undefined;
  const expires = parseTime(token?.expires_at);
  // Stryker disable next-line ConditionalExpression: without it the lifetime is NaN, and NaN > 0 is false: undefined all the same.
  if (expires === undefined) return undefined;
  // Stryker disable next-line OptionalChaining: reached only once expires_at was read from a defined token.
  const issued = parseTime(token?.issued_at);
  const lifetime = issued === undefined ? expires - now() : expires - issued;
  return lifetime > 0 ? lifetime : undefined;
};

/**
 * IAM's reason for an error, read from either of its two shapes. IAM should never echo the
 * request, which holds the password; should it ever, `password` is redacted however it was
 * escaped, and before the cut, so that no part of it is left at the end either.
 *
 * @example
 * ```ts
 * describeIamError('{"error_code":"IAM.0011","error_msg":"Request body is invalid."}', password);
 * // 'IAM.0011: Request body is invalid.'
 * ```
 */
export const describeIamError = (body: string, password: string): string => {
  const json = parseJsonObject(body);
  const nested = json?.error as { code?: unknown; message?: unknown; title?: unknown } | undefined;
  const code = json?.error_code ?? nested?.title ?? nested?.code;
  const message = json?.error_msg ?? nested?.message;
  if (typeof message !== 'string') return '(IAM gave no readable reason)';
  const prefix = typeof code === 'string' || typeof code === 'number' ? `${code}: ` : '';
  return cutText(redactSecret(`${prefix}${message}`, password), MAX_REASON_LENGTH);
};

/** Huawei's times have six fractional digits (`...22.701000Z`); Date.parse takes them. */
const parseTime = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
};
