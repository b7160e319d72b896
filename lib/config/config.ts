import { commaSeparated } from './environment.ts';
import { readIdempotencyConfig } from './idempotency-config.ts';
import { readUpstreamConfig } from './upstream-config.ts';

/**
 * The configuration of one Lambda container: a copy of its environment taken once, and each
 * setting parsed from that copy at its first use by the one parser of that setting (a
 * {@link setting}). No request reads `process.env`.
 *
 * A setting that cannot be used throws `BCSGW.5000002`, naming the variable at fault, on
 * every use until it is fixed (a failed parse is never kept); a function that never uses a
 * setting (the Slack command and BCS's endpoints) is never stopped by it. Each bundle holds
 * only the parsers of the settings its function uses.
 */
export interface Config {
  /** The environment as it was when the container started to serve. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The settings parsed so far, by parser. */
  readonly parsed: Map<(env: NodeJS.ProcessEnv) => unknown, unknown>;
}

/**
 * The {@link Config} of `env` (copied: later changes to `env` are not seen).
 *
 * @example
 * ```ts
 * const config = configFrom({ HUAWEICLOUD_REGION: 'cn-north-4', ALLOWED_PROJECT_IDS: 'p1' });
 * upstreamConfig(config).bcsEndpoint; // 'https://bcs.cn-north-4.myhuaweicloud.com'
 * ```
 */
export const configFrom = (env: NodeJS.ProcessEnv): Config => ({
  env: { ...env },
  parsed: new Map(),
});

/**
 * A setting of the configuration: `parse`, applied to the configuration's environment once it
 * succeeds (a throw is thrown again at the next use, never kept).
 *
 * @example
 * ```ts
 * export const slackConfig = setting(readSlackConfig);
 * slackConfig(sharedConfig()).allowedUserIds;
 * ```
 */
export const setting =
  <T>(parse: (env: NodeJS.ProcessEnv) => T) =>
  (config: Config): T => {
    if (!config.parsed.has(parse)) config.parsed.set(parse, parse(config.env));
    return config.parsed.get(parse) as T;
  };

/** `ALLOWED_PROJECT_IDS`; `undefined`: every project is allowed. */
export const allowedProjectIds = /* @__PURE__ */ setting((env) =>
  commaSeparated(env.ALLOWED_PROJECT_IDS),
);

/** BCS and IAM endpoints and the service's credentials (`HUAWEICLOUD_*`, `*_ENDPOINT`). */
export const upstreamConfig = /* @__PURE__ */ setting(readUpstreamConfig);

/** `IDEMPOTENCY_TABLE_NAME`, `IDEMPOTENCY_TTL_SECONDS`; `undefined`: no table. */
export const idempotencyConfig = /* @__PURE__ */ setting(readIdempotencyConfig);

/** `OUTCOME_EVENT_BUS_NAME`, default the account's `default` bus. */
export const outcomeBusName = /* @__PURE__ */ setting(
  (env) => env.OUTCOME_EVENT_BUS_NAME || 'default',
);

/** `DEAD_LETTER_QUEUE_URL` (the SQS function's). */
export const deadLetterQueueUrl = /* @__PURE__ */ setting(
  (env) => env.DEAD_LETTER_QUEUE_URL || undefined,
);

let shared: Config | undefined;

/**
 * The configuration of this Lambda container, its environment copied at the first use (the
 * first invocation) and kept for the container's life.
 *
 * @example
 * ```ts
 * export const sqsHandler = ({ config = sharedConfig } = {}) => ...
 * ```
 */
export const sharedConfig = (): Config => {
  shared ??= configFrom(process.env);
  return shared;
};
