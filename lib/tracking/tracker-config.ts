import { misconfigured } from '../errors/misconfigured.ts';
import { readIdempotencyConfig } from '../idempotency/idempotency-config.ts';
import { outcomeBusName } from '../outcomes/outcome-config.ts';
import { commaSeparated } from '../settings.ts';

/** What the operation tracker reads from its environment (documented in the README). */
export interface TrackerConfig {
  /** Where the next look-up is queued (`TRACKING_QUEUE_URL`). */
  queueUrl: string;
  /** How long an operation is followed, from its acceptance (`TRACKING_MAX_AGE_SECONDS`). */
  maxAgeMs: number;
  /** The bus the end event goes on (`OUTCOME_EVENT_BUS_NAME`, default `default`). */
  busName: string;
  /** The idempotency table (`IDEMPOTENCY_TABLE_NAME`): required, it keeps the end unique. */
  tableName: string;
  /**
   * How long the tracker's records live: the maximum age and a day more, so that a message
   * of a chain never outlives the record that says its step was done.
   */
  ttlSeconds: number;
  /** Hosts a Slack `response_url` may point at (`SLACK_RESPONSE_URL_HOSTS`). */
  responseUrlHosts: ReadonlySet<string>;
}

export const DEFAULT_TRACKING_MAX_AGE_SECONDS = 6 * 3600;
export const MIN_TRACKING_MAX_AGE_SECONDS = 300;
/** Six days: with a day more, the records stay within the table's longest TTL (7 days). */
export const MAX_TRACKING_MAX_AGE_SECONDS = 6 * 24 * 3600;

/**
 * The tracker's settings in `env`. Throws a {@link misconfigured} error (`BCSGW.5000002`)
 * naming the variable when `TRACKING_QUEUE_URL` or `IDEMPOTENCY_TABLE_NAME` is missing, or
 * `TRACKING_MAX_AGE_SECONDS` is not a whole number of seconds from 300 to 518400.
 *
 * @example
 * ```ts
 * readTrackerConfig({ TRACKING_QUEUE_URL: url, IDEMPOTENCY_TABLE_NAME: 't' }).maxAgeMs; // 21600000
 * ```
 */
export const readTrackerConfig = (env: NodeJS.ProcessEnv): TrackerConfig => {
  const queueUrl = env.TRACKING_QUEUE_URL?.trim();
  if (!queueUrl) throw misconfigured('TRACKING_QUEUE_URL is not set');
  const idempotency = readIdempotencyConfig(env);
  if (!idempotency) throw misconfigured('IDEMPOTENCY_TABLE_NAME is not set');
  const text = env.TRACKING_MAX_AGE_SECONDS?.trim();
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
  return {
    queueUrl,
    maxAgeMs: seconds * 1000,
    busName: outcomeBusName(env),
    tableName: idempotency.tableName,
    ttlSeconds: Math.max(idempotency.ttlSeconds, seconds + 24 * 3600),
    responseUrlHosts: new Set(
      [...(commaSeparated(env.SLACK_RESPONSE_URL_HOSTS) ?? ['hooks.slack.com'])].map((host) =>
        host.toLowerCase(),
      ),
    ),
  };
};
