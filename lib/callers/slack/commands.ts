import type { CommandDefaults, CommandSpec } from '../../operations/caller-facts.ts';
import { slackCommands } from '../../operations/catalogue.ts';

/** The environment variable each default comes from (named in replies when one is missing). */
export const DEFAULT_VARIABLES: Record<keyof CommandDefaults, string> = {
  projectId: 'HUAWEICLOUD_PROJECT_ID',
  domainId: 'HUAWEICLOUD_DOMAIN_ID',
  bcsInstanceId: 'BCS_INSTANCE_ID',
};

/**
 * The grammar of `/bcs-offboard`: each operation's command, as its module declares it, from
 * the catalogue. `help` documents it from this table, and the parser reads it, so the two
 * cannot drift apart.
 */
export const COMMANDS: readonly CommandSpec[] = slackCommands;

/** The words that ask for help (an empty command does too). */
export const HELP_WORDS: readonly string[] = ['help', '-h', '--help', '?'];

/** The flag that asks for a dry run. */
export const DRY_RUN_WORDS: readonly string[] = ['dry-run', '--dry-run'];

/**
 * The usage line of a command: `quit-consortium inviter-bcs=<id> ... [dry-run]`. A positional
 * key shows as its placeholder alone; a read has no dry run.
 *
 * @example
 * ```ts
 * usage(COMMANDS[1]); // 'remove-orgs channel=<name> orgs=<org1,org2> [blockchain=<id>] [project=<id>] [dry-run]'
 * usage(COMMANDS[2]); // 'status <operation_id> [project=<id>]'
 * ```
 */
export const usage = (spec: CommandSpec): string =>
  [
    spec.name,
    ...spec.keys.map(({ key, placeholder, defaultFrom, positional }) =>
      positional ? placeholder : defaultFrom ? `[${key}=${placeholder}]` : `${key}=${placeholder}`,
    ),
    ...(spec.reads ? [] : ['[dry-run]']),
  ].join(' ');

/** The command named `word` (any case, `_` for `-`, aliases included), if any. */
export const commandNamed = (word: string): CommandSpec | undefined => {
  const name = word.toLowerCase().replaceAll('_', '-');
  return COMMANDS.find((spec) => spec.name === name || spec.aliases.includes(name));
};
