import type { CommandDefaults } from '../operations/caller-facts.ts';
import { setting } from './config.ts';
import { commaSeparated, trimmed } from './environment.ts';

/** What the Slack functions need from their environment (documented in the README). */
export interface SlackConfig {
  /** Slack user ids allowed to run operations; empty: nobody (help still works). */
  allowedUserIds: ReadonlySet<string>;
  /** Slack workspace (team) ids allowed; `undefined`: any workspace of the app. */
  allowedTeamIds: ReadonlySet<string> | undefined;
  /** Hosts a `response_url` may point at (https, or http on loopback). */
  responseUrlHosts: ReadonlySet<string>;
  /** `SLACK_SIGNING_SECRET_ARN`: the signing secret in Secrets Manager (the deployed way). */
  signingSecretArn: string | undefined;
  /** `SLACK_SIGNING_SECRET`: the signing secret itself (local runs, tests). */
  signingSecret: string | undefined;
  /** The worker Lambda function (name or ARN) that runs operations asynchronously. */
  workerFunctionName: string | undefined;
  /** `SLACK_STATUS_FUNCTION_NAME`: the Lambda function (name or ARN) that answers `status`. */
  statusFunctionName: string | undefined;
  defaults: CommandDefaults;
}

/** Slack's user, team and enterprise ids: `U024BE7LH`, `T0001`, `W012A3CDE`. */
export const SLACK_ID = /^[A-Z0-9]{1,32}$/;

export const DEFAULT_RESPONSE_URL_HOSTS = 'hooks.slack.com';

/**
 * Reads the Slack settings from `env` (the signing secret's source is made from them by
 * `lib/callers/slack/signing-secret.ts`, for the one function that needs it).
 *
 * @example
 * ```ts
 * const config = readSlackConfig({ SLACK_SIGNING_SECRET: 'local-signing-secret', SLACK_ALLOWED_USER_IDS: 'U123' });
 * config.allowedUserIds.has('U123'); // true
 * ```
 */
export const readSlackConfig = (env: NodeJS.ProcessEnv): SlackConfig => {
  return {
    allowedUserIds: commaSeparated(env.SLACK_ALLOWED_USER_IDS) ?? new Set(),
    allowedTeamIds: commaSeparated(env.SLACK_ALLOWED_TEAM_IDS),
    responseUrlHosts: readResponseUrlHosts(env),
    signingSecretArn: trimmed(env.SLACK_SIGNING_SECRET_ARN),
    signingSecret: env.SLACK_SIGNING_SECRET,
    workerFunctionName: trimmed(env.SLACK_WORKER_FUNCTION_NAME),
    statusFunctionName: trimmed(env.SLACK_STATUS_FUNCTION_NAME),
    defaults: {
      projectId: trimmed(env.HUAWEICLOUD_PROJECT_ID),
      domainId: trimmed(env.HUAWEICLOUD_DOMAIN_ID),
      bcsInstanceId: trimmed(env.BCS_INSTANCE_ID),
    },
  };
};

/**
 * `SLACK_RESPONSE_URL_HOSTS`: the hosts a command's `response_url` may point at, lower-cased
 * (default `hooks.slack.com`). The Slack functions post a command's outcome there, the
 * operation tracker its end.
 *
 * @example
 * ```ts
 * readResponseUrlHosts({ SLACK_RESPONSE_URL_HOSTS: 'Hooks.Slack.com, 127.0.0.1' });
 * // Set { 'hooks.slack.com', '127.0.0.1' }
 * ```
 */
export const readResponseUrlHosts = (env: NodeJS.ProcessEnv): ReadonlySet<string> =>
  // Lower-cased before the split: the same hosts as item by item, in fewer bytes.
  commaSeparated(env.SLACK_RESPONSE_URL_HOSTS?.toLowerCase()) ??
  new Set([DEFAULT_RESPONSE_URL_HOSTS]);

/** The hosts a `response_url` may point at, parsed once per container ({@link readResponseUrlHosts}). */
export const responseUrlHosts = /* @__PURE__ */ setting(readResponseUrlHosts);

/** The Slack functions' settings, parsed once per container ({@link readSlackConfig}). */
export const slackConfig = /* @__PURE__ */ setting(readSlackConfig);

/**
 * What keeps this Slack user, of this workspace, from running operations: the variables that
 * do not list them, the workspace's first (adding the user would not help without it). Empty:
 * the user may.
 *
 * @example
 * ```ts
 * missingFrom(readSlackConfig({ SLACK_ALLOWED_USER_IDS: 'U1', SLACK_ALLOWED_TEAM_IDS: 'T1' }), 'U1', 'T2');
 * // ['SLACK_ALLOWED_TEAM_IDS']
 * ```
 */
export const missingFrom = (config: SlackConfig, userId: string, teamId: string): AllowList[] => [
  ...(config.allowedTeamIds && !config.allowedTeamIds.has(teamId)
    ? (['SLACK_ALLOWED_TEAM_IDS'] as const)
    : []),
  ...(config.allowedUserIds.has(userId) ? [] : (['SLACK_ALLOWED_USER_IDS'] as const)),
];

/** The variables that list who may run operations. */
export type AllowList = 'SLACK_ALLOWED_TEAM_IDS' | 'SLACK_ALLOWED_USER_IDS';
