import type { IamToken } from './sign-in.ts';

/**
 * Tokens are replaced this long before `expires_at`: longer than the longest Lambda
 * invocation (15 minutes), so no token expires in the middle of a call.
 */
export const REFRESH_MARGIN_MS = 20 * 60 * 1000;

export interface TokenCacheOptions {
  refreshMarginMs?: number;
  now?: () => number;
}

/** Project-scoped IAM tokens, one per key (see {@link createTokenCache}). */
export interface TokenCache {
  /** A fresh token for `key`, from the cache or from `signIn` (started once per key at a time). */
  get(key: string, signIn: () => Promise<IamToken>, signal: AbortSignal): Promise<IamToken>;
  /**
   * Drops the cached token of `key`, but only if it is still `token`: when several calls saw
   * the same dead token, the first one's new sign-in is not thrown away by the others.
   */
  invalidate(key: string, token: IamToken): void;
}

/**
 * A {@link TokenCache} for the life of the Lambda container, with single-flight sign-in:
 * however many invocations want a token at the same moment, one sign-in is in flight and the
 * others wait for it.
 *
 * A waiter gives up at its own `signal` (its own deadline) without cancelling the shared
 * sign-in, which still fills the cache for the next invocation. A failed sign-in is not cached.
 *
 * @example
 * ```ts
 * const tokens = createTokenCache();
 * const token = await tokens.get(key, () => signIn({ ... }), signal);
 * tokens.invalidate(key, token); // after BCS answered 401 to it
 * ```
 */
export const createTokenCache = ({
  refreshMarginMs = REFRESH_MARGIN_MS,
  now = Date.now,
}: TokenCacheOptions = {}): TokenCache => {
  const tokens = new Map<string, IamToken>();
  const signIns = new Map<string, Promise<IamToken>>();
  return {
    get: (key, signIn, signal) => {
      const cached = tokens.get(key);
      if (cached && cached.expiresAt - refreshMarginMs > now()) return Promise.resolve(cached);
      let pending = signIns.get(key);
      if (!pending) {
        pending = signIn().then(
          (token) => {
            signIns.delete(key);
            tokens.set(key, token);
            return token;
          },
          (error: unknown) => {
            signIns.delete(key);
            throw error;
          },
        );
        signIns.set(key, pending);
      }
      return untilAborted(pending, signal);
    },
    invalidate: (key, token) => {
      if (tokens.get(key) === token) tokens.delete(key);
    },
  };
};

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
const untilAborted = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });

/** The cache key: one token per (IAM endpoint, domain, user, project). */
export const tokenKey = (
  iamEndpoint: string,
  domainName: string,
  userName: string,
  projectId: string,
): string => JSON.stringify([iamEndpoint, domainName, userName, projectId]);
