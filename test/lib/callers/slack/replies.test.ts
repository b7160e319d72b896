import { describe, expect, it } from 'vitest';
import { COMMANDS, usage } from '../../../../lib/callers/slack/commands.ts';
import type { OperationRequest } from '../../../../lib/callers/slack/operation-request.ts';
import {
  dryRunReply,
  escapeText,
  helpReply,
  invalidReply,
  notAllowedReply,
  outcomeMessage,
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
