import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_LENGTH, parseCommand } from '../../../../lib/callers/slack/parse-command.ts';
import type { CommandDefaults } from '../../../../lib/operations/caller-facts.ts';
import { defaultSeed } from '../../../../simulator/seed.ts';

const defaults: CommandDefaults = {
  projectId: defaultSeed.demo.projectId,
  domainId: defaultSeed.demo.domainId,
  bcsInstanceId: defaultSeed.demo.blockchainId,
};

// ---------------------------------------------------------------------------------------------
// Generators of command text.

const QUOTES = /["“”„]/;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const EDGE_SPACE = /^\s|\s$/u;
const PATH_UNSAFE = /[/\\?#%\s]|\.\./u;

/** Text the schemas accept as a body string, without the quote characters of the grammar. */
const bodyValue = fc
  .oneof(
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.constantFrom('R&D', '<!channel>', 'a &amp; b', 'dry-run', 'help', 'x=y', 'my channel'),
  )
  .filter((s) => s.length <= 128 && !QUOTES.test(s) && !CONTROL.test(s) && !EDGE_SPACE.test(s));

const segmentValue = bodyValue.filter((s) => !PATH_UNSAFE.test(s) && s !== '.');
const orgNames = fc.uniqueArray(
  bodyValue.filter((s) => !s.includes(',')),
  { minLength: 1, maxLength: 10 },
);

/** Whitespace of the kinds people (and Slack clients) type between tokens. */
const gap = fc
  .array(fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000'), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(''));

/** A key as a user may type it: any case, `_` for `-`. */
const spell = (key: string) =>
  fc
    .tuple(fc.boolean(), fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }))
    .map(([underscore, upper]) =>
      [...(underscore ? key.replaceAll('-', '_') : key)]
        .map((c, i) => (upper[i] ? c.toUpperCase() : c))
        .join(''),
    );

/** What Slack sends for what the user typed: `&`, `<` and `>` as entities. */
const asSlackSends = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** `key=value`, quoted when it must be (and sometimes when it need not be). */
const pair = (key: string, value: string) =>
  fc
    .tuple(spell(key), fc.constantFrom('', '"', '“', '”'), fc.constantFrom('"', '”', '“'))
    .map(([spelled, open, close]) => {
      const mustQuote = /\s/u.test(value);
      const quote = mustQuote && open === '' ? '"' : open;
      return `${spelled}=${quote}${asSlackSends(value)}${quote === '' ? '' : close}`;
    });

/** A command of `verb` with `pairs`, in any order, with or without dry-run. */
const command = (verb: string, pairs: fc.Arbitrary<string>[]) =>
  fc
    .tuple(
      fc.tuple(...pairs),
      fc.boolean(),
      fc.nat(),
      spell(verb),
      fc.array(gap, { minLength: pairs.length + 3, maxLength: pairs.length + 3 }),
    )
    .chain(([rendered, dryRun, at, spelled, gaps]) =>
      fc.shuffledSubarray(rendered, { minLength: rendered.length }).map((shuffled) => {
        const words = [...shuffled];
        if (dryRun) words.splice(at % (words.length + 1), 0, 'dry-run');
        const text = [spelled, ...words].map((word, i) => `${gaps[i]}${word}`).join('');
        return { text: `${text}${gaps.at(-1)}`, dryRun };
      }),
    );

const quitCommand = fc
  .record({
    inviter_bcsid: bodyValue,
    inviter_projectid: bodyValue,
    inviter_domainid: bodyValue,
    inviter_username: bodyValue,
    channel_name: bodyValue,
  })
  .chain((body) =>
    command('quit-consortium', [
      pair('inviter-bcs', body.inviter_bcsid),
      pair('inviter-project', body.inviter_projectid),
      pair('inviter-domain', body.inviter_domainid),
      pair('inviter-user', body.inviter_username),
      pair('channel', body.channel_name),
    ]).map(({ text, dryRun }) => ({
      text,
      dryRun,
      request: {
        operation: 'quit-consortium',
        input: {
          path: { project_id: defaults.projectId },
          body: {
            ...body,
            invitee_bcsid: defaults.bcsInstanceId,
            invitee_projectid: defaults.projectId,
            invitee_domainid: defaults.domainId,
          },
        },
      },
    })),
  );

const removeOrgsCommand = fc
  .record({
    channel: segmentValue,
    orgs: orgNames,
    blockchain: fc.option(segmentValue, { nil: undefined }),
    project: fc.option(segmentValue, { nil: undefined }),
  })
  .chain(({ channel, orgs, blockchain, project }) =>
    command('remove-orgs', [
      pair('channel', channel),
      pair('orgs', orgs.join(',')),
      ...(blockchain === undefined ? [] : [pair('blockchain', blockchain)]),
      ...(project === undefined ? [] : [pair('project', project)]),
    ]).map(({ text, dryRun }) => ({
      text,
      dryRun,
      request: {
        operation: 'remove-channel-orgs',
        input: {
          path: {
            project_id: project ?? defaults.projectId,
            blockchain_id: blockchain ?? defaults.bcsInstanceId,
            channel_id: channel,
          },
          body: { org_names: orgs },
        },
      },
    })),
  );

/** Text that looks like commands, broken in every way: the parser's hardest inputs. */
const commandLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('quit-consortium', 'remove-orgs', 'help', 'dry-run', '=', '"', '“', '”'),
      fc.constantFrom('channel=', 'orgs=', 'inviter-bcs=', 'project=', 'orgs=a,,b', 'x=y'),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      gap,
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

// ---------------------------------------------------------------------------------------------

describe('parseCommand (properties)', () => {
  it('never throws: any text gives help, a run, or a non-empty list of problems', () => {
    fc.assert(
      fc.property(
        fc.oneof(commandLike, fc.string({ unit: 'binary', maxLength: 300 })),
        fc.constantFrom(defaults, {}),
        (text, config) => {
          // Prepare
          const parse = () => parseCommand(text, config);

          // Act
          const parsed = parse();

          // Assess
          expect(['help', 'run', 'invalid']).toContain(parsed.kind);
          if (parsed.kind === 'invalid') {
            expect(parsed.problems.length).toBeGreaterThan(0);
            for (const problem of parsed.problems) expect(problem.trim()).not.toBe('');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back every valid command however it is typed', () => {
    fc.assert(
      fc.property(fc.oneof(quitCommand, removeOrgsCommand), ({ text, dryRun, request }) => {
        fc.pre(text.length <= MAX_COMMAND_LENGTH);

        // Act
        const parsed = parseCommand(text, defaults);

        // Assess
        expect(parsed).toMatchObject({ kind: 'run', dryRun, request });
        if (parsed.kind === 'run') expect(parsed.request).toEqual(request);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a valid command with any one of its mandatory keys left out, naming it', () => {
    fc.assert(
      fc.property(quitCommand, fc.nat(), ({ text }, at) => {
        // Prepare
        const keys = [
          'inviter-bcs',
          'inviter-project',
          'inviter-domain',
          'inviter-user',
          'channel',
        ];
        const key = keys[at % keys.length] as string;
        const normalized = text.replace(/\s+/gu, ' ');
        const ok = parseCommand(text, defaults);
        fc.pre(ok.kind === 'run' && normalized.length <= MAX_COMMAND_LENGTH);
        const request = ok.kind === 'run' ? ok.request : undefined;
        const value =
          request?.operation === 'quit-consortium'
            ? {
                'inviter-bcs': request.input.body.inviter_bcsid,
                'inviter-project': request.input.body.inviter_projectid,
                'inviter-domain': request.input.body.inviter_domainid,
                'inviter-user': request.input.body.inviter_username,
                channel: request.input.body.channel_name,
              }[key]
            : undefined;
        const without = `quit-consortium ${keys
          .filter((k) => k !== key)
          .map(
            (k) =>
              `${k}="${asSlackSends(
                (request?.operation === 'quit-consortium'
                  ? {
                      'inviter-bcs': request.input.body.inviter_bcsid,
                      'inviter-project': request.input.body.inviter_projectid,
                      'inviter-domain': request.input.body.inviter_domainid,
                      'inviter-user': request.input.body.inviter_username,
                      channel: request.input.body.channel_name,
                    }[k]
                  : '') ?? '',
              )}"`,
          )
          .join(' ')}`;

        // Act
        const parsed = parseCommand(without, defaults);

        // Assess
        expect(value).toBeDefined();
        expect(parsed).toMatchObject({ kind: 'invalid', command: 'quit-consortium' });
        if (parsed.kind === 'invalid') {
          expect(parsed.problems).toEqual([expect.stringMatching(new RegExp(`^Missing: ${key}=`))]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
