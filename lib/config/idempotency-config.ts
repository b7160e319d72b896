import { misconfigured } from '../errors/misconfigured.ts';

/** Where the event and chat-ops functions remember the requests they have run. */
export interface IdempotencyConfig {
  /** The DynamoDB table (`IDEMPOTENCY_TABLE_NAME`), partition key `id` (string). */
  tableName: string;
  /** How long a request is remembered (`IDEMPOTENCY_TTL_SECONDS`). */
  ttlSeconds: number;
}

export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 3600;
/** No shorter than Lambda's longest invocation, so a record never ends while its request runs. */
export const MIN_IDEMPOTENCY_TTL_SECONDS = 900;
export const MAX_IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The idempotency settings in `env`, or `undefined` when `IDEMPOTENCY_TABLE_NAME` is not set
 * (local runs: duplicates are then not detected, and the functions say so in their logs).
 * Throws a {@link misconfigured} error (`BCSGW.5000002`) for a TTL out of range.
 *
 * @example
 * ```ts
 * readIdempotencyConfig({ IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-idempotency' });
 * // { tableName: 'bcs-offboard-idempotency', ttlSeconds: 3600 }
 * ```
 */
export const readIdempotencyConfig = (env: NodeJS.ProcessEnv): IdempotencyConfig | undefined => {
  const tableName = env.IDEMPOTENCY_TABLE_NAME?.trim();
  if (!tableName) return undefined;
  const ttl = env.IDEMPOTENCY_TTL_SECONDS?.trim();
  // Digits only: Number() would also take '1e3', '0x3e8' or '1_000'.
  const ttlSeconds = !ttl
    ? DEFAULT_IDEMPOTENCY_TTL_SECONDS
    : /^\d+$/.test(ttl)
      ? Number(ttl)
      : Number.NaN;
  if (
    !Number.isSafeInteger(ttlSeconds) ||
    ttlSeconds < MIN_IDEMPOTENCY_TTL_SECONDS ||
    ttlSeconds > MAX_IDEMPOTENCY_TTL_SECONDS
  ) {
    throw misconfigured(
      `IDEMPOTENCY_TTL_SECONDS must be a whole number of seconds from ${MIN_IDEMPOTENCY_TTL_SECONDS} to ${MAX_IDEMPOTENCY_TTL_SECONDS}`,
    );
  }
  return { tableName, ttlSeconds };
};
