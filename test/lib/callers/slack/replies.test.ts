import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, usage } from '../../../../lib/callers/slack/commands.ts';
import type { OperationRequest } from '../../../../lib/callers/slack/operation-request.ts';
import {
  dryRunReply,
  errorReply,
  escapeText,
  helpReply,
  invalidReply,
  notAllowedReply,
  outcomeMessage,
  slackAnswer,
  workingReply,
} from '../../../../lib/callers/slack/replies.ts';
import type { Duplicate } from '../../../../lib/idempotency/run-once.ts';
import type { OutcomeDetail as Outcome } from '../../../../lib/pipeline/outcome.ts';

const removeOrgs: OperationRequest = {
  operation: 'remove-channel-orgs',
  input: {
    path: { project_id: 'p1', blockchain_id: 'bc1', channel_id: 'channel' },
    body: { org_names: ['org1', '<!channel>'] },
  },
};

const succeeded: Outcome = {
  result: 'succeeded',
  operation: 'remove-channel-orgs',
  status: 200,
  operation_id: 'BCSSVC01-06-1624275286218943067',
  project_id: 'p1',
};

const failed = (changes: Partial<Extract<Outcome, { result: 'failed' }>> = {}): Outcome => ({
  result: 'failed',
  operation: 'remove-channel-orgs',
  status: 400,
  error_code: 'BCS.4001051',
  error_msg: 'Input org org1 is not exist',
  retryable: false,
  may_have_been_applied: false,
  ...changes,
});

describe('helpReply', () => {
  it('shows the usage of every command under the name Slack gave the command', () => {
    // Prepare
    const command = '/offboard';

    // Act
    const reply = helpReply(command);

    // Assess
    expect(reply.response_type).toBe('ephemeral');
    for (const spec of COMMANDS) {
      expect(reply.text).toContain(`\`/offboard ${escapeText(usage(spec))}\``);
    }
    expect(reply.text).toContain('`/offboard help`');
    expect(reply.text).toContain('dry-run');
  });
});

describe('escaping', () => {
  it('never lets a value typed by a user notify a channel or link anywhere', () => {
    // Prepare
    const request = removeOrgs;

    // Act
    const texts = [
      workingReply(request, 'req-1').text,
      outcomeMessage(succeeded, { request, userId: 'U1', correlationId: 'req-1' }).text,
      invalidReply('/bcs-offboard', 'remove-orgs', ['`<@U999>=` is not a key']).text,
    ];

    // Assess
    for (const text of texts) {
      expect(text).not.toMatch(/<!channel>|<@U999>/);
      expect(text).toMatch(/&lt;(!channel|@U999)&gt;/);
    }
  });

  it('keeps a backtick in a value from ending its code span', () => {
    // Prepare
    const request: OperationRequest = {
      ...removeOrgs,
      input: { ...removeOrgs.input, path: { ...removeOrgs.input.path, channel_id: 'a`b' } },
    };

    // Act
    const text = workingReply(request, 'req-1').text;

    // Assess
    expect(text).toContain('channel `aˋb`');
  });
});

describe('dryRunReply', () => {
  it('shows the exact request and says nothing was sent', () => {
    // Prepare
    const bcsRequest = {
      method: 'PUT' as const,
      path: '/v2/p1/blockchains/bc1/channel/orgs/quit',
      body: '{"org_names":["org1","<!channel>"]}',
      projectId: 'p1',
    };

    // Act
    const reply = dryRunReply(removeOrgs, bcsRequest);

    // Assess
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('nothing was sent');
    expect(reply.text).toContain(
      '```PUT /v2/p1/blockchains/bc1/channel/orgs/quit\n{"org_names":["org1","&lt;!channel&gt;"]}```',
    );
  });
});

describe('notAllowedReply', () => {
  it('tells a user of an allowed workspace to have their user id added', () => {
    // Prepare
    const userId = 'U0NOTALLOWED';

    // Act
    const reply = notAllowedReply('/bcs-offboard', userId, 'T1', ['SLACK_ALLOWED_USER_IDS']);

    // Assess
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe(
      'Sorry <@U0NOTALLOWED>, you are not allowed to run /bcs-offboard operations: ' +
        'ask to have your user id `U0NOTALLOWED` added to SLACK_ALLOWED_USER_IDS.',
    );
  });

  it('tells a listed user of another workspace that the workspace is not allowed', () => {
    // Prepare
    const missing = ['SLACK_ALLOWED_TEAM_IDS'] as const;

    // Act
    const reply = notAllowedReply('/bcs-offboard', 'U1', 'T0ELSEWHERE', missing);

    // Assess
    expect(reply.text).toBe(
      'Sorry <@U1>, you are not allowed to run /bcs-offboard operations: ' +
        'ask to have your workspace `T0ELSEWHERE` added to SLACK_ALLOWED_TEAM_IDS.',
    );
    expect(reply.text).not.toContain('SLACK_ALLOWED_USER_IDS');
  });

  it('names both lists when neither holds the user', () => {
    // Prepare
    const missing = ['SLACK_ALLOWED_TEAM_IDS', 'SLACK_ALLOWED_USER_IDS'] as const;

    // Act
    const reply = notAllowedReply('/bcs-offboard', 'U1', 'T2', missing);

    // Assess
    expect(reply.text).toContain(
      'ask to have your workspace `T2` added to SLACK_ALLOWED_TEAM_IDS and ' +
        'your user id `U1` added to SLACK_ALLOWED_USER_IDS.',
    );
  });
});

describe('outcomeMessage', () => {
  /** A command typed again, and what was found of its first run. */
  const secondRun = { request: removeOrgs, userId: 'U1', correlationId: 'req-1' };
  const earlierRun = (state: Duplicate['state']): Duplicate => ({
    state,
    first_correlation_id: 'req-0',
    first_seen_at: '2026-11-23T11:00:00.000Z',
  });

  it('tells the whole channel who offboarded what, with the operation id', () => {
    // Prepare
    const context = { request: removeOrgs, userId: 'U123', correlationId: 'req-1' };

    // Act
    const message = outcomeMessage(succeeded, context);

    // Assess
    expect(message.response_type).toBe('in_channel');
    expect(message.text).toContain('<@U123>');
    expect(message.text).toContain('`BCSSVC01-06-1624275286218943067`');
    expect(message.text).toContain('`org1`');
    expect(message.text).toContain('`req-1`');
  });

  it('tells only the user about a failure that changed nothing, with the code and message', () => {
    // Prepare
    const context = { request: removeOrgs, userId: 'U123', correlationId: 'req-1' };

    // Act
    const message = outcomeMessage(failed(), context);

    // Assess
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toContain('`BCS.4001051` Input org org1 is not exist');
    expect(message.text).not.toContain('operation records');
  });

  it('warns the channel when a failed request may have been applied', () => {
    // Prepare
    const outcome = failed({
      status: 504,
      error_code: 'BCSGW.5040001',
      may_have_been_applied: true,
    });

    // Act
    const message = outcomeMessage(outcome, {
      request: removeOrgs,
      userId: 'U1',
      correlationId: 'r',
    });

    // Assess
    expect(message.response_type).toBe('in_channel');
    expect(message.text).toContain(':warning:');
    expect(message.text).toContain('look up BCS operation records before running it again');
  });

  it('says a request may be run again when nothing was applied and the cause may pass', () => {
    // Prepare
    const outcome = failed({ status: 503, error_code: 'BCS.4001020', retryable: true });

    // Act
    const message = outcomeMessage(outcome, {
      request: removeOrgs,
      userId: 'U1',
      correlationId: 'r',
    });

    // Assess
    expect(message.text).toContain('may be run again later');
  });

  it('says when the outcome shown is an earlier run of the same command, and that nothing was resent', () => {
    // Prepare
    const context = { ...secondRun, duplicate: earlierRun('completed') };

    // Act
    const message = outcomeMessage(succeeded, context);

    // Assess
    expect(message.text.split('\n')).toEqual([
      expect.stringContaining('`BCSSVC01-06-1624275286218943067`'),
      ':repeat: The same command already ran at 2026-11-23T11:00:00.000Z (request `req-0`): ' +
        "this is that run's outcome; nothing was sent to BCS again.",
    ]);
  });

  it('says the result of a command still running will follow, not that it may be run again', () => {
    // Prepare
    const outcome = failed({
      status: 409,
      error_code: 'BCSGW.4090001',
      error_msg: 'The same request is already running, since 2026-11-23T11:00:00.000Z',
      retryable: true,
    });
    const context = { ...secondRun, duplicate: earlierRun('in-progress') };

    // Act
    const message = outcomeMessage(outcome, context);

    // Assess
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toContain('`BCSGW.4090001` The same request is already running');
    expect(message.text).toContain(
      'Its result will be posted where it was asked for when it ends.',
    );
    expect(message.text).not.toContain('may be run again later');
  });

  it('names the operation when the request itself could not be read', () => {
    // Prepare
    const outcome = failed({ error_code: 'BCSGW.4000001', error_msg: 'Invalid request: x' });

    // Act
    const message = outcomeMessage(outcome, {
      request: undefined,
      userId: 'U1',
      correlationId: 'r',
    });

    // Assess
    expect(message.text).toContain('asked to run remove-channel-orgs');
  });
});

describe('the words of each reply', () => {
  it('shows help as one line per command, under the name Slack gave it, escaped', () => {
    // Act
    const reply = helpReply('/off<board>');

    // Assess
    const name = '/off&lt;board&gt;';
    expect(reply).toEqual({
      response_type: 'ephemeral',
      text: [
        `*${name}* takes our BCS instance out of a consortium, or organizations out of a ` +
          'channel, and says how such an operation stands.',
        ...COMMANDS.map((spec) => `• \`${name} ${escapeText(usage(spec))}\`: ${spec.summary}`),
        `• \`${name} help\`: this text`,
        'Keys: any order, any case. Quote a value with spaces: `channel="a b"`. Lists: ' +
          '`orgs=a,b`. `dry-run` shows the BCS request without sending it. Only allowed users ' +
          'may run operations or ask for their status; outcomes are posted here.',
      ].join('\n'),
    });
  });

  it('lists every problem of an invalid command, then the usage of its verb', () => {
    // Act
    const reply = invalidReply('/bcs-offboard', 'remove-orgs', [
      'Missing: orgs=<org1,org2>',
      'b & c',
    ]);

    // Assess
    expect(reply).toEqual({
      response_type: 'ephemeral',
      text: [
        'That command cannot run. To fix:',
        '• Missing: orgs=&lt;org1,org2&gt;',
        '• b &amp; c',
        'Usage: `/bcs-offboard remove-orgs channel=&lt;name&gt; orgs=&lt;org1,org2&gt; ' +
          '[blockchain=&lt;id&gt;] [project=&lt;id&gt;] [dry-run]`',
      ].join('\n'),
    });
  });

  it('points to help when the verb is no command', () => {
    // Act
    const reply = invalidReply('/off<board>', undefined, ['`x` is not a command']);

    // Assess
    expect(reply.text.split('\n')).toEqual([
      'That command cannot run. To fix:',
      '• `x` is not a command',
      'See `/off&lt;board&gt; help`.',
    ]);
  });

  it('shows a dry run as a code block that a ``` in a value cannot end', () => {
    // Prepare
    const bcsRequest = {
      method: 'PUT' as const,
      path: '/v2/p1/blockchains/bc1/channel/orgs/quit',
      body: '{"org_names":["a```b"]}',
      projectId: 'p1',
    };

    // Act
    const reply = dryRunReply(removeOrgs, bcsRequest);

    // Assess
    expect(reply).toEqual({
      response_type: 'ephemeral',
      text: [
        '*Dry run*: nothing was sent. To remove `org1`, `&lt;!channel&gt;` from channel ' +
          '`channel` of BCS instance `bc1` (project `p1`), bcs-offboard would send BCS:',
        '```PUT /v2/p1/blockchains/bc1/channel/orgs/quit\n{"org_names":["a`\u200b``b"]}```',
        'Run the same command without `dry-run` to send it.',
      ].join('\n'),
    });
  });

  it('acknowledges a run with what it does and the request id', () => {
    // Act
    const reply = workingReply(removeOrgs, 'req<1>');

    // Assess
    expect(reply).toEqual({
      response_type: 'ephemeral',
      text:
        'Working on it… remove `org1`, `&lt;!channel&gt;` from channel `channel` of BCS ' +
        'instance `bc1` (project `p1`). The outcome will be posted here (request `req&lt;1&gt;`).',
    });
  });

  it('shows one of our errors with its code, its message escaped and held to 512 characters', () => {
    // Act
    const short = errorReply({ errorCode: 'BCSGW.4000001', message: 'a <b> & c' });
    const long = errorReply({ errorCode: 'BCSGW.4000001', message: 'x'.repeat(600) });

    // Assess
    expect(short).toEqual({
      response_type: 'ephemeral',
      text: ':x: `BCSGW.4000001` a &lt;b&gt; &amp; c',
    });
    expect(long.text).toBe(`:x: \`BCSGW.4000001\` ${'x'.repeat(511)}…`);
  });

  it('tells a success in full', () => {
    // Act
    const message = outcomeMessage(succeeded, {
      request: removeOrgs,
      userId: 'U<1>',
      correlationId: 'req-1',
    });

    // Assess
    expect(message).toEqual({
      response_type: 'in_channel',
      text:
        ':white_check_mark: <@U&lt;1&gt;> asked to remove `org1`, `&lt;!channel&gt;` from ' +
        'channel `channel` of BCS instance `bc1` (project `p1`): BCS accepted it, operation id ' +
        '`BCSSVC01-06-1624275286218943067` (its progress is in BCS operation records). ' +
        '_(request `req-1`)_',
    });
  });

  it('tells a failure in full, its message held to 512 characters', () => {
    // Act
    const message = outcomeMessage(failed({ error_msg: `<${'x'.repeat(600)}` }), {
      request: undefined,
      userId: 'U1',
      correlationId: 'req-1',
    });

    // Assess
    expect(message).toEqual({
      response_type: 'ephemeral',
      text:
        ':x: <@U1> asked to run remove-channel-orgs: it failed with `BCS.4001051` ' +
        `&lt;${'x'.repeat(510)}… _(request \`req-1\`)_`,
    });
  });

  it('tells a failure that may have been applied, and could be tried again, as applied', () => {
    // Act
    const message = outcomeMessage(failed({ may_have_been_applied: true, retryable: true }), {
      request: removeOrgs,
      userId: 'U1',
      correlationId: 'r',
    });

    // Assess
    expect(message.response_type).toBe('in_channel');
    expect(message.text.split('\n').slice(1)).toEqual([
      ':warning: The request may have been applied all the same: look up BCS operation ' +
        'records before running it again.',
    ]);
  });

  it('adds nothing to a failure that will not pass by itself', () => {
    // Act
    const message = outcomeMessage(failed(), {
      request: removeOrgs,
      userId: 'U1',
      correlationId: 'r',
    });

    // Assess
    expect(message.text.split('\n')).toHaveLength(1);
  });

  it('adds nothing about a later run to a success found still in progress', () => {
    // Act
    const message = outcomeMessage(succeeded, {
      request: removeOrgs,
      userId: 'U1',
      correlationId: 'r',
      duplicate: {
        state: 'in-progress',
        first_correlation_id: 'req-0',
        first_seen_at: '2026-11-23T11:00:00.000Z',
      },
    });

    // Assess
    expect(message.text.split('\n')).toHaveLength(1);
  });

  it('escapes the first run of a repeat', () => {
    // Act
    const message = outcomeMessage(succeeded, {
      request: removeOrgs,
      userId: 'U1',
      correlationId: 'r',
      duplicate: {
        state: 'completed',
        first_correlation_id: 'req<0>',
        first_seen_at: '<now>',
      },
    });

    // Assess
    expect(message.text.split('\n')[1]).toBe(
      ':repeat: The same command already ran at &lt;now&gt; (request `req&lt;0&gt;`): ' +
        "this is that run's outcome; nothing was sent to BCS again.",
    );
  });

  it('answers a slash command with 200 and the message as JSON', () => {
    // Act
    const answer = slackAnswer({ response_type: 'ephemeral', text: 'hi' }, 'aws-1');

    // Assess
    expect(answer).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'aws-1' },
      body: '{"response_type":"ephemeral","text":"hi"}',
    });
  });
});

describe('escapeText', () => {
  it('escapes &, < and > only', () => {
    // Act
    const text = escapeText('a&b<c>d "e" \'f\' &amp;');

    // Assess
    expect(text).toBe('a&amp;b&lt;c&gt;d "e" \'f\' &amp;amp;');
  });

  it('leaves no <, > or bare & and reads back as what was given (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (given) => {
        // Act
        const text = escapeText(given);

        // Assess
        expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        expect(
          text.replace(/&(amp|lt|gt);/g, (_, n) => ({ amp: '&', lt: '<', gt: '>' })[n as 'amp']),
        ).toBe(given);
      }),
    );
  });
});
