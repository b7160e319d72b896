import { misconfigured } from '../errors/misconfigured.ts';
import { setting } from './config.ts';
import { trimmed } from './environment.ts';
import { readIdempotencyConfig } from './idempotency-config.ts';

/**
 * What the operation tracker reads from its environment (documented in the README), beside
 * the settings it shares with the other functions (`outcomeBusName`, `responseUrlHosts`).
 */
export interface TrackerConfig {
  /** Where the next look-up is queued (`TRACKING_QUEUE_URL`). */
  queueUrl: string;
  /** How long an operation is followed, from its acceptance (`TRACKING_MAX_AGE_SECONDS`). */
  maxAgeMs: number;
  /** The idempotency table (`IDEMPOTENCY_TABLE_NAME`): required, it keeps the end unique. */
  tableName: string;
  /**
   * How long the tracker's records live: the maximum age and a day more, so that a message
   * of a chain never outlives the record that says its step was done.
   */
  ttlSeconds: number;
}

export const DEFAULT_TRACKING_MAX_AGE_SECONDS = 6 * 3600;
export const MIN_TRACKING_MAX_AGE_SECONDS = 300;
/** Six days: with a day more, the records stay within the table's longest TTL (7 days). */
export const MAX_TRACKING_MAX_AGE_SECONDS = 6 * 24 * 3600;

/**
 * `TRACKING_MAX_AGE_SECONDS`: how long an operation is followed, in whole seconds from 300 to
 * 518400 (default 21600, 6 hours). Throws a {@link misconfigured} error (`BCSGW.5000002`)
 * naming the variable for anything else (`1e4`, `3600.5`, `-300`...).
 *
 * @example
 * ```ts
 * readTrackingMaxAgeSeconds({ TRACKING_MAX_AGE_SECONDS: ' 3600 ' }); // 3600
 * ```
 */
export const readTrackingMaxAgeSeconds = (env: NodeJS.ProcessEnv): number => {
  const text = trimmed(env.TRACKING_MAX_AGE_SECONDS);
  // Digits only: Number() would also take '1e3', '0x3e8' or '1_000'.
  const seconds = !text
    ? DEFAULT_TRACKING_MAX_AGE_SECONDS
    : /^\d+$/.test(text)
      ? Number(text)
      : Number.NaN;
  if (
    !Number.isSafeInteger(seconds) ||
    seconds < MIN_TRACKING_MAX_AGE_SECONDS ||
    seconds > MAX_TRACKING_MAX_AGE_SECONDS
  ) {
    throw misconfigured(
      `TRACKING_MAX_AGE_SECONDS must be a whole number of seconds from ${MIN_TRACKING_MAX_AGE_SECONDS} to ${MAX_TRACKING_MAX_AGE_SECONDS}`,
    );
  }
  return seconds;
};

/**
 * The tracker's settings in `env`: `TRACKING_QUEUE_URL`, `TRACKING_MAX_AGE_SECONDS`
 * ({@link readTrackingMaxAgeSeconds}) and the idempotency table (`readIdempotencyConfig`), whose
 * records it keeps a day longer than the maximum age. Throws a {@link misconfigured} error
 * (`BCSGW.5000002`) naming the variable when `TRACKING_QUEUE_URL` or `IDEMPOTENCY_TABLE_NAME`
 * is missing, or either number is out of range.
 *
 * @example
 * ```ts
 * readTrackerConfig({ TRACKING_QUEUE_URL: url, IDEMPOTENCY_TABLE_NAME: 't' }).maxAgeMs; // 21600000
 * ```
 */
export const readTrackerConfig = (env: NodeJS.ProcessEnv): TrackerConfig => {
  const queueUrl = trimmed(env.TRACKING_QUEUE_URL);
  if (!queueUrl) throw misconfigured('TRACKING_QUEUE_URL is not set');
  const idempotency = readIdempotencyConfig(env);
  if (!idempotency) throw misconfigured('IDEMPOTENCY_TABLE_NAME is not set');
  const seconds = readTrackingMaxAgeSeconds(env);
  return {
    queueUrl,
    maxAgeMs: seconds * 1000,
    tableName: idempotency.tableName,
    ttlSeconds: Math.max(idempotency.ttlSeconds, seconds + 24 * 3600),
  };
};

/**
 * The tracker's settings of this container, parsed once ({@link readTrackerConfig}); an
 * unusable one throws `BCSGW.5000002` on every use until it is fixed.
 *
 * @example
 * ```ts
 * const { queueUrl, maxAgeMs } = trackerConfig(sharedConfig());
 * ```
 */
export const trackerConfig = /* @__PURE__ */ setting(readTrackerConfig);
