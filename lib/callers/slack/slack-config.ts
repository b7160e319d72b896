import type { CommandDefaults } from '../../operations/caller-facts.ts';
import { commaSeparated } from '../../settings.ts';

/** What the Slack functions need from their environment (documented in the README). */
export interface SlackConfig {
  /** Slack user ids allowed to run operations; empty: nobody (help still works). */
  allowedUserIds: ReadonlySet<string>;
  /** Slack workspace (team) ids allowed; `undefined`: any workspace of the app. */
  allowedTeamIds: ReadonlySet<string> | undefined;
  /** Hosts a `response_url` may point at (https, or http on loopback). */
  responseUrlHosts: ReadonlySet<string>;
  /**
   * `ALLOWED_PROJECT_IDS` (as the service reads it; `undefined`: all), checked before a run
   * is queued or shown as a dry run.
   */
  allowedProjectIds: ReadonlySet<string> | undefined;
  /** The worker Lambda function (name or ARN) that runs operations asynchronously. */
  workerFunctionName: string | undefined;
  defaults: CommandDefaults;
}

/** Slack's user, team and enterprise ids: `U024BE7LH`, `T0001`, `W012A3CDE`. */
export const SLACK_ID = /^[A-Z0-9]{1,32}$/;

export const DEFAULT_RESPONSE_URL_HOSTS = 'hooks.slack.com';

/**
 * Reads the Slack configuration from `env` (the signing secret is read apart, in
 * `signing-secret.ts`, by the one function that needs it).
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
    responseUrlHosts: new Set(
      [...(commaSeparated(env.SLACK_RESPONSE_URL_HOSTS) ?? [DEFAULT_RESPONSE_URL_HOSTS])].map(
        (host) => host.toLowerCase(),
      ),
    ),
    allowedProjectIds: commaSeparated(env.ALLOWED_PROJECT_IDS),
    workerFunctionName: env.SLACK_WORKER_FUNCTION_NAME?.trim() || undefined,
    defaults: {
      projectId: env.HUAWEICLOUD_PROJECT_ID?.trim() || undefined,
      domainId: env.HUAWEICLOUD_DOMAIN_ID?.trim() || undefined,
      bcsInstanceId: env.BCS_INSTANCE_ID?.trim() || undefined,
    },
  };
};

let shared: SlackConfig | undefined;

/** The configuration of this Lambda container, read from `process.env` on first use. */
export const sharedSlackConfig = (): SlackConfig => {
  shared ??= readSlackConfig(process.env);
  return shared;
};

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
