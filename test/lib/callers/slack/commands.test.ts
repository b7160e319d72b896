/**
 * The grammar's table (`commands.ts`): the usage lines `help` and refusals show, and how a
 * typed verb finds its command. The parser's reading of it is in parse-command*.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  commandNamed,
  DEFAULT_VARIABLES,
  DRY_RUN_WORDS,
  HELP_WORDS,
  usage,
} from '../../../../lib/callers/slack/commands.ts';
import { slackCommands } from '../../../../lib/operations/catalogue.ts';

const named = (name: string) => {
  const spec = COMMANDS.find((command) => command.name === name);
  if (spec === undefined) throw new Error(`no command ${name}`);
  return spec;
};

describe('COMMANDS and its words', () => {
  it("is the catalogue's list of commands", () => {
    // Assess
    expect(COMMANDS).toBe(slackCommands);
    expect(COMMANDS.map(({ name }) => name)).toEqual(['quit-consortium', 'remove-orgs', 'status']);
  });

  it('names the words of help and dry runs, and the variable behind each default', () => {
    // Assess
    expect(HELP_WORDS).toEqual(['help', '-h', '--help', '?']);
    expect(DRY_RUN_WORDS).toEqual(['dry-run', '--dry-run']);
    expect(DEFAULT_VARIABLES).toEqual({
      projectId: 'HUAWEICLOUD_PROJECT_ID',
      domainId: 'HUAWEICLOUD_DOMAIN_ID',
      bcsInstanceId: 'BCS_INSTANCE_ID',
    });
  });
});

describe('usage', () => {
  it.each([
    [
      'quit-consortium',
      'quit-consortium inviter-bcs=<id> inviter-project=<id> inviter-domain=<id> ' +
        'inviter-user=<name> channel=<name> [dry-run]',
    ],
    [
      'remove-orgs',
      'remove-orgs channel=<name> orgs=<org1,org2> [blockchain=<id>] [project=<id>] [dry-run]',
    ],
    ['status', 'status <operation_id> [project=<id>]'],
  ])(
    'shows %s: required keys, optional ones in brackets, a bare key as its placeholder',
    (name, line) => {
      // Act
      const shown = usage(named(name));

      // Assess
      expect(shown).toBe(line);
    },
  );
});

describe('commandNamed', () => {
  it.each([
    ['remove-orgs', 'remove-orgs'],
    ['REMOVE-ORGS', 'remove-orgs'],
    ['remove_orgs', 'remove-orgs'],
    ['remove-channel-orgs', 'remove-orgs'],
    ['Remove_Channel_Orgs', 'remove-orgs'],
    ['quit_consortium', 'quit-consortium'],
    ['Status', 'status'],
  ])('finds %s as %s', (word, name) => {
    // Act
    const spec = commandNamed(word);

    // Assess
    expect(spec?.name).toBe(name);
  });

  it.each(['', 'remove', 'orgs', 'remove-orgs-now', 'help', 'dry-run'])(
    'finds nothing for %j',
    (word) => {
      // Act
      const spec = commandNamed(word);

      // Assess
      expect(spec).toBeUndefined();
    },
  );

  it('finds a command under any mix of case and of - or _ (property)', () => {
    const spellings = COMMANDS.flatMap((spec) =>
      [spec.name, ...spec.aliases].map((word) => ({ word, name: spec.name })),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...spellings),
        fc.infiniteStream(fc.boolean()),
        ({ word, name }, flips) => {
          // Prepare
          const typed = [...word]
            .map((c) => {
              const flip = flips.next().value;
              if (c === '-') return flip ? '_' : '-';
              return flip ? c.toUpperCase() : c;
            })
            .join('');

          // Act
          const spec = commandNamed(typed);

          // Assess
          expect(spec?.name).toBe(name);
        },
      ),
    );
  });
});
