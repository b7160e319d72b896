import type { AnySlackOperation } from './operations.ts';
import { quitConsortium, removeChannelOrgs } from './operations.ts';

/** What this deployment already knows, so that chat users need not type it. */
export interface CommandDefaults {
  /** Our own Huawei Cloud project: the invitee's project, and the project of every path. */
  projectId?: string | undefined;
  /** Our own account (domain) id: the invitee's domain. */
  domainId?: string | undefined;
  /** Our own BCS instance: the invitee's instance, and the default blockchain. */
  bcsInstanceId?: string | undefined;
}

/** The environment variable each default comes from (named in replies when one is missing). */
export const DEFAULT_VARIABLES: Record<keyof CommandDefaults, string> = {
  projectId: 'HUAWEICLOUD_PROJECT_ID',
  domainId: 'HUAWEICLOUD_DOMAIN_ID',
  bcsInstanceId: 'BCS_INSTANCE_ID',
};

/** Where a value goes in the operation's raw input: `body.inviter_bcsid`, `path.channel_id`. */
export type FieldPath = `${'path' | 'body'}.${string}`;

/** One `key=value` a command takes. */
export interface KeySpec {
  key: string;
  /** Shown in usage: `<id>`, `<name>`, `<org1,org2>`. */
  placeholder: string;
  field: FieldPath;
  /** A comma-separated list, sent as an array. */
  list?: true;
  /** Optional key: this default applies when it is not given. */
  defaultFrom?: keyof CommandDefaults;
}

/** A field filled from configuration only (the user cannot type it). */
export interface FixedField {
  field: FieldPath;
  from: keyof CommandDefaults;
  /** What the field is, for a reply naming it: `our project`. */
  meaning: string;
}

/** One slash-command verb and the BCS operation it runs. */
export interface CommandSpec {
  name: string;
  aliases: readonly string[];
  operation: AnySlackOperation;
  /** One line for `help`. */
  summary: string;
  keys: readonly KeySpec[];
  fixed: readonly FixedField[];
}

/**
 * The grammar of `/bcs-offboard`: `help` documents it from this table, and the parser reads it,
 * so the two cannot drift apart.
 */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'quit-consortium',
    aliases: [],
    operation: quitConsortium,
    summary: 'our BCS instance leaves a consortium it was invited to (our ids are filled in)',
    keys: [
      { key: 'inviter-bcs', placeholder: '<id>', field: 'body.inviter_bcsid' },
      { key: 'inviter-project', placeholder: '<id>', field: 'body.inviter_projectid' },
      { key: 'inviter-domain', placeholder: '<id>', field: 'body.inviter_domainid' },
      { key: 'inviter-user', placeholder: '<name>', field: 'body.inviter_username' },
      { key: 'channel', placeholder: '<name>', field: 'body.channel_name' },
    ],
    fixed: [
      { field: 'path.project_id', from: 'projectId', meaning: 'our project' },
      { field: 'body.invitee_bcsid', from: 'bcsInstanceId', meaning: 'our BCS instance' },
      { field: 'body.invitee_projectid', from: 'projectId', meaning: 'our project' },
      { field: 'body.invitee_domainid', from: 'domainId', meaning: 'our domain' },
    ],
  },
  {
    name: 'remove-orgs',
    aliases: ['remove-channel-orgs'],
    operation: removeChannelOrgs,
    summary: 'removes organizations from a channel of our BCS instance (or of `blockchain=`)',
    keys: [
      { key: 'channel', placeholder: '<name>', field: 'path.channel_id' },
      { key: 'orgs', placeholder: '<org1,org2>', field: 'body.org_names', list: true },
      {
        key: 'blockchain',
        placeholder: '<id>',
        field: 'path.blockchain_id',
        defaultFrom: 'bcsInstanceId',
      },
      { key: 'project', placeholder: '<id>', field: 'path.project_id', defaultFrom: 'projectId' },
    ],
    fixed: [],
  },
];

/** The words that ask for help (an empty command does too). */
export const HELP_WORDS: readonly string[] = ['help', '-h', '--help', '?'];

/** The flag that asks for a dry run. */
export const DRY_RUN_WORDS: readonly string[] = ['dry-run', '--dry-run'];

/**
 * The usage line of a command: `quit-consortium inviter-bcs=<id> ... [dry-run]`.
 *
 * @example
 * ```ts
 * usage(COMMANDS[1]); // 'remove-orgs channel=<name> orgs=<org1,org2> [blockchain=<id>] [project=<id>] [dry-run]'
 * ```
 */
export const usage = (spec: CommandSpec): string =>
  [
    spec.name,
    ...spec.keys.map(({ key, placeholder, defaultFrom }) =>
      defaultFrom ? `[${key}=${placeholder}]` : `${key}=${placeholder}`,
    ),
    '[dry-run]',
  ].join(' ');

/** The command named `word` (any case, `_` for `-`, aliases included), if any. */
export const commandNamed = (word: string): CommandSpec | undefined => {
  const name = word.toLowerCase().replaceAll('_', '-');
  return COMMANDS.find((spec) => spec.name === name || spec.aliases.includes(name));
};
