import { describe, expect, it } from 'vitest';
import {
  MAX_COMMAND_LENGTH,
  type ParsedCommand,
  parseCommand,
  tokenize,
} from '../../../../lib/callers/slack/parse-command.ts';
import type { CommandDefaults } from '../../../../lib/operations/caller-facts.ts';
import { defaultSeed } from '../../../../simulator/seed.ts';

const { demo, inviter } = defaultSeed;
const ids = {
  projectId: demo.projectId,
  inviteeDomainId: demo.domainId,
  blockchainId: demo.blockchainId,
  inviterBcsId: inviter.bcsId,
  inviterProjectId: inviter.projectId,
  inviterDomainId: inviter.domainId,
};

const defaults: CommandDefaults = {
  projectId: ids.projectId,
  domainId: ids.inviteeDomainId,
  bcsInstanceId: ids.blockchainId,
};

const quitText =
  `quit-consortium inviter-bcs=${ids.inviterBcsId} inviter-project=${ids.inviterProjectId} ` +
  `inviter-domain=${ids.inviterDomainId} inviter-user=bcs-inviter channel=channel`;

const problemsOf = (parsed: ParsedCommand): string[] => {
  if (parsed.kind !== 'invalid') throw new Error(`expected problems, got ${parsed.kind}`);
  return parsed.problems;
};

const runOf = (parsed: ParsedCommand) => {
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(parsed)}`);
  return parsed;
};

describe('parseCommand: help', () => {
  it.each(['', '   ', 'help', 'HELP', '--help', '-h', '?', 'help quit-consortium'])(
    'answers help for %j',
    (text) => {
      // Prepare
      const config = defaults;

      // Act
      const parsed = parseCommand(text, config);

      // Assess
      expect(parsed).toEqual({ kind: 'help' });
    },
  );
});

describe('parseCommand: quit-consortium', () => {
  it('names a configured value the operation refuses by its variable and what it is', () => {
    // Prepare: the project goes in the path and in the body, where each field is named.
    const broken: CommandDefaults = { projectId: 'p\n1', domainId: 'd\n1', bcsInstanceId: '' };

    // Act
    const problems = problemsOf(parseCommand(quitText, broken));

    // Assess
    expect(problems).toEqual([
      'HUAWEICLOUD_PROJECT_ID (our project, from configuration), ' +
        'HUAWEICLOUD_PROJECT_ID (our project, from configuration), ' +
        'HUAWEICLOUD_DOMAIN_ID (our domain, from configuration): must not contain control characters; ' +
        'BCS_INSTANCE_ID (our BCS instance, from configuration): must not be empty',
    ]);
  });

  it('fills in our project, domain and BCS instance from configuration', () => {
    // Prepare
    const text = quitText;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(runOf(parsed)).toEqual({
      kind: 'run',
      command: 'quit-consortium',
      dryRun: false,
      request: {
        operation: 'quit-consortium',
        input: {
          path: { project_id: ids.projectId },
          body: {
            inviter_bcsid: ids.inviterBcsId,
            inviter_projectid: ids.inviterProjectId,
            inviter_domainid: ids.inviterDomainId,
            inviter_username: 'bcs-inviter',
            channel_name: 'channel',
            invitee_bcsid: ids.blockchainId,
            invitee_projectid: ids.projectId,
            invitee_domainid: ids.inviteeDomainId,
          },
        },
      },
    });
  });

  it('reads keys in any order and any case, with underscores, tabs and newlines between', () => {
    // Prepare
    const text =
      `  Quit-Consortium\tCHANNEL=channel   inviter_user=bcs-inviter\n` +
      `Inviter-Domain=${ids.inviterDomainId} inviter-PROJECT=${ids.inviterProjectId}` +
      `\u00a0inviter-bcs=${ids.inviterBcsId}  `;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(runOf(parsed).request).toEqual(runOf(parseCommand(quitText, defaults)).request);
  });

  it('names the variables this deployment lacks when it cannot fill the invitee in', () => {
    // Prepare
    const config = { projectId: ids.projectId };

    // Act
    const parsed = parseCommand(quitText, config);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      'This deployment does not set BCS_INSTANCE_ID, HUAWEICLOUD_DOMAIN_ID, which quit-consortium needs: ask its operators',
    ]);
  });

  it('refuses to let the user override the invitee fields', () => {
    // Prepare
    const text = `${quitText} invitee-bcs=someone-else`;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      '`invitee-bcs=` is not a key of quit-consortium; its keys are inviter-bcs=, ' +
        'inviter-project=, inviter-domain=, inviter-user=, channel=',
    ]);
  });
});

describe('parseCommand: remove-orgs', () => {
  it('defaults the blockchain and project to ours', () => {
    // Prepare
    const text = 'remove-orgs channel=channel orgs=org1,org2';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(runOf(parsed).request).toEqual({
      operation: 'remove-channel-orgs',
      input: {
        path: { project_id: ids.projectId, blockchain_id: ids.blockchainId, channel_id: 'channel' },
        body: { org_names: ['org1', 'org2'] },
      },
    });
  });

  it('takes another blockchain and project when given', () => {
    // Prepare
    const text = 'remove-channel-orgs orgs=org1 channel=ch blockchain=bc-2 project=p-2';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(runOf(parsed).request.input.path).toEqual({
      project_id: 'p-2',
      blockchain_id: 'bc-2',
      channel_id: 'ch',
    });
  });

  it('asks for blockchain= when the deployment has no BCS_INSTANCE_ID', () => {
    // Prepare
    const config = { projectId: ids.projectId };

    // Act
    const parsed = parseCommand('remove-orgs channel=ch orgs=o', config);

    // Assess
    expect(problemsOf(parsed)).toEqual(['Missing: blockchain=<id>']);
  });

  it.each([
    ['straight quotes', 'channel="my channel"'],
    ['smart quotes', 'channel=“my channel”'],
    ['closing smart quotes on both sides', 'channel=”my channel”'],
  ])('reads a quoted value with %s', (_, channel) => {
    // Prepare
    const text = `remove-orgs ${channel} orgs="org1, org2"`;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess: a channel name with a space is no path segment; the quote was read all the same.
    expect(problemsOf(parsed)).toEqual([
      "channel: must not contain '/', '\\', '?', '#', '%', whitespace or '..'",
    ]);
  });

  it('trims the items of a quoted list', () => {
    // Prepare
    const text = 'remove-orgs channel=ch orgs=“org1, org2 ,org3”';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(runOf(parsed).request.input.body).toEqual({ org_names: ['org1', 'org2', 'org3'] });
  });

  it('decodes the &amp; &lt; &gt; Slack sends for what the user typed', () => {
    // Prepare
    const text = 'remove-orgs channel=ch orgs=R&amp;D,&lt;lab&gt;,a&amp;lt;b';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(runOf(parsed).request.input.body).toEqual({ org_names: ['R&D', '<lab>', 'a&lt;b'] });
  });

  it.each(['dry-run', 'DRY-RUN', '--dry-run'])('reads %s as a dry run, anywhere', (flag) => {
    // Prepare
    const text = `remove-orgs ${flag} channel=ch orgs=o`;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(runOf(parsed).dryRun).toBe(true);
  });
});

describe('parseCommand: what to fix', () => {
  it('lists every problem at once: words, unknown, repeated and missing keys, then the schema', () => {
    // Prepare
    const text = 'remove-orgs please chanel=x orgs=a,,a orgs=b project=p/1 colour=blue';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(parsed).toEqual({
      kind: 'invalid',
      command: 'remove-orgs',
      problems: [
        '`please` is not key=value (nor dry-run)',
        '`chanel=`, `colour=` are not keys of remove-orgs; its keys are channel=, orgs=, blockchain=, project=',
        '`orgs=` is given 2 times: give it once',
        'Missing: channel=<name>',
        "project: must not contain '/', '\\', '?', '#', '%', whitespace or '..'; " +
          'orgs (item 2): must not be empty; orgs (item 3): repeats an organization named earlier',
      ],
    });
  });

  it('names the configuration variable when a default breaks the rules', () => {
    // Prepare
    const config = { ...defaults, bcsInstanceId: 'not/a/segment' };

    // Act
    const parsed = parseCommand('remove-orgs channel=ch orgs=o', config);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      "blockchain (from BCS_INSTANCE_ID): must not contain '/', '\\', '?', '#', '%', whitespace or '..'",
    ]);
  });

  it('lists every missing key of quit-consortium in one line', () => {
    // Prepare
    const text = 'quit-consortium channel=ch';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      'Missing: inviter-bcs=<id> inviter-project=<id> inviter-domain=<id> inviter-user=<name>',
    ]);
  });

  it('reports an empty value through the schema, under the key the user typed', () => {
    // Prepare
    const text = `${quitText.replace('inviter-user=bcs-inviter', 'inviter-user=""')}`;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual(['inviter-user: must not be empty']);
  });

  it('says which quote is never closed', () => {
    // Prepare
    const text = 'remove-orgs channel="my channel orgs=o';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      'The quote after `channel=` is never closed',
      'Missing: orgs=<org1,org2>',
      "channel: must not contain '/', '\\', '?', '#', '%', whitespace or '..'",
    ]);
  });

  it('explains key = value written with spaces', () => {
    // Prepare
    const text = 'remove-orgs channel = ch orgs=o';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)).toContain('`=` has no key: write key=value, with no space around =');
  });

  it('names an unknown command and the known ones', () => {
    // Prepare
    const text = 'delete-everything now';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(parsed).toEqual({
      kind: 'invalid',
      command: undefined,
      problems: [
        '`delete-everything` is not a command: start with quit-consortium, remove-orgs, status or help',
      ],
    });
  });

  it('asks for a command first when the text starts with a key', () => {
    // Prepare
    const text = 'channel=ch orgs=o';

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)[0]).toBe(
      '`channel=` is not a command: start with quit-consortium, remove-orgs, status or help',
    );
  });

  it('keeps what it echoes short and unable to break out of its code span', () => {
    // Prepare
    const text = `remove-orgs ${'`'.repeat(3)}${'x'.repeat(100)} channel=ch orgs=o`;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      `\`'''${'x'.repeat(37)}…\` is not key=value (nor dry-run)`,
    ]);
  });

  it(`refuses text over ${MAX_COMMAND_LENGTH} characters unread`, () => {
    // Prepare
    const text = `remove-orgs channel=ch orgs=${'o'.repeat(MAX_COMMAND_LENGTH)}`;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      `The command is ${text.length} characters long; at most ${MAX_COMMAND_LENGTH} are read`,
    ]);
  });
});

describe('tokenize', () => {
  it('keeps an = inside a value', () => {
    // Prepare
    const text = 'channel=a=b';

    // Act
    const { tokens, problems } = tokenize(text);

    // Assess
    expect(tokens).toEqual([{ kind: 'pair', key: 'channel', value: 'a=b' }]);
    expect(problems).toEqual([]);
  });

  it('reads an empty quoted value', () => {
    // Prepare
    const text = 'a="" b=“”';

    // Act
    const { tokens } = tokenize(text);

    // Assess
    expect(tokens).toEqual([
      { kind: 'pair', key: 'a', value: '' },
      { kind: 'pair', key: 'b', value: '' },
    ]);
  });

  it('asks for a space after a closing quote', () => {
    // Prepare
    const text = 'a="x"y b=c';

    // Act
    const { tokens, problems } = tokenize(text);

    // Assess
    expect(tokens).toEqual([
      { kind: 'pair', key: 'a', value: 'x' },
      { kind: 'pair', key: 'b', value: 'c' },
    ]);
    expect(problems).toEqual(['Put a space after the closing quote of `a=`']);
  });
});

describe('parseCommand: the edges of what it reads', () => {
  it(`reads text of exactly ${MAX_COMMAND_LENGTH} characters`, () => {
    // Prepare
    const start = 'remove-orgs channel=ch orgs=';
    const text = `${start}${'o'.repeat(MAX_COMMAND_LENGTH - start.length)}`;

    // Act
    const parsed = parseCommand(text, defaults);

    // Assess
    expect(text).toHaveLength(MAX_COMMAND_LENGTH);
    expect(problemsOf(parsed).join('\n')).not.toContain('characters long');
  });

  it('reports a value with no key once, not as an unknown key too', () => {
    // Act
    const parsed = parseCommand('remove-orgs channel=ch orgs=o =x', defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual(['`=` has no key: write key=value, with no space around =']);
  });

  it('names the configuration variable, and what it is, when a fixed field breaks the rules', () => {
    // Prepare
    const config = { ...defaults, bcsInstanceId: '' };

    // Act
    const parsed = parseCommand(quitText, config);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      'BCS_INSTANCE_ID (our BCS instance, from configuration): must not be empty',
    ]);
  });

  it('groups the items of a list that break the same rule', () => {
    // Act
    const parsed = parseCommand('remove-orgs channel=ch orgs=,,o', defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual(['orgs (items 1, 2): must not be empty']);
  });

  it('echoes a word of 40 characters whole, and cuts one of 41', () => {
    // Prepare
    const forty = 'w'.repeat(40);

    // Act
    const parsed = parseCommand(`remove-orgs ${forty} ${forty}x channel=ch orgs=o`, defaults);

    // Assess
    expect(problemsOf(parsed)).toEqual([
      `\`${forty}\` is not key=value (nor dry-run)`,
      `\`${forty}…\` is not key=value (nor dry-run)`,
    ]);
  });

  it('masks control characters in what it echoes', () => {
    // Act
    const parsed = parseCommand(
      'remove-orgs a\u0001b\u007fc\u009fd\u00a0 channel=ch orgs=o',
      defaults,
    );

    // Assess
    expect(problemsOf(parsed)).toEqual(["`a'b'c'd` is not key=value (nor dry-run)"]);
  });
});

describe('tokenize: the end of the text', () => {
  it('reads a key with nothing after its = as an empty value', () => {
    // Act
    const { tokens, problems } = tokenize('orgs=');

    // Assess
    expect(tokens).toEqual([{ kind: 'pair', key: 'orgs', value: '' }]);
    expect(problems).toEqual([]);
  });

  it('keeps the rest of the text as the value of a quote never closed', () => {
    // Act
    const { tokens, problems } = tokenize('channel=ch a="x y');

    // Assess
    expect(tokens).toEqual([
      { kind: 'pair', key: 'channel', value: 'ch' },
      { kind: 'pair', key: 'a', value: 'x y' },
    ]);
    expect(problems).toEqual(['The quote after `a=` is never closed']);
  });
});
