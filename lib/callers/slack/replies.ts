import type { BcsRequest } from '../../bcs/requests.ts';
import type { AllowList } from '../../config/slack-config.ts';
import { clampMessage } from '../../errors/normalize-error.ts';
import type { Duplicate } from '../../idempotency/run-once.ts';
import type { SlackWording } from '../../operations/caller-facts.ts';
import { slackWording } from '../../operations/catalogue.ts';
import type { OutcomeDetail as Outcome } from '../../pipeline/outcome.ts';
import { COMMANDS, usage } from './commands.ts';
import type { OperationRequest } from './operation-request.ts';

/**
 * A Slack message, as an answer to the command or a post to `response_url`. Plain `mrkdwn`
 * text: Block Kit would not say more here, and costs bytes.
 */
export interface SlackMessage {
  /** `ephemeral`: only the user sees it; `in_channel`: the whole channel does (the audit trail). */
  response_type: 'ephemeral' | 'in_channel';
  text: string;
}

/** What Slack calls the command when the request does not say: `/bcs-offboard`. */
export const DEFAULT_COMMAND = '/bcs-offboard';

/**
 * The grammar, generated from the command table so that it cannot drift from the parser.
 *
 * @example
 * ```ts
 * return slackAnswer(helpReply(form.command), context.awsRequestId);
 * ```
 */
export const helpReply = (command: string): SlackMessage => {
  const name = escapeText(command);
  return ephemeral(
    [
      `*${name}* takes our BCS instance out of a consortium, or organizations out of a channel, ` +
        'and says how such an operation stands.',
      ...COMMANDS.map((spec) => `• \`${name} ${escapeText(usage(spec))}\`: ${spec.summary}`),
      `• \`${name} help\`: this text`,
      'Keys: any order, any case. Quote a value with spaces: `channel="a b"`. Lists: ' +
        '`orgs=a,b`. `dry-run` shows the BCS request without sending it. Only allowed users ' +
        'may run operations or ask for their status; outcomes are posted here.',
    ].join('\n'),
  );
};

/**
 * A user not allowed to run operations, told what to ask for: their workspace added to
 * `SLACK_ALLOWED_TEAM_IDS`, their user id to `SLACK_ALLOWED_USER_IDS`, or both (`missing`).
 *
 * @example
 * ```ts
 * notAllowedReply('/bcs-offboard', 'U1', 'T2', ['SLACK_ALLOWED_TEAM_IDS']);
 * ```
 */
export const notAllowedReply = (
  command: string,
  userId: string,
  teamId: string,
  missing: readonly AllowList[],
): SlackMessage => {
  const listed = {
    SLACK_ALLOWED_TEAM_IDS: `your workspace \`${escapeText(teamId)}\``,
    SLACK_ALLOWED_USER_IDS: `your user id \`${escapeText(userId)}\``,
  };
  return ephemeral(
    `Sorry <@${escapeText(userId)}>, you are not allowed to run ${escapeText(command)} operations: ` +
      `ask to have ${missing.map((list) => `${listed[list]} added to ${list}`).join(' and ')}.`,
  );
};

/** Every problem of a command that cannot run, and where to read the grammar. */
export const invalidReply = (
  command: string,
  verb: string | undefined,
  problems: readonly string[],
): SlackMessage => {
  const spec = COMMANDS.find(({ name }) => name === verb);
  return ephemeral(
    [
      `That command cannot run. To fix:`,
      ...problems.map((problem) => `• ${escapeText(problem)}`),
      spec
        ? `Usage: \`${escapeText(command)} ${escapeText(usage(spec))}\``
        : `See \`${escapeText(command)} help\`.`,
    ].join('\n'),
  );
};

/** A dry run: the exact BCS request, and the fact that nothing was sent. */
export const dryRunReply = (request: OperationRequest, bcsRequest: BcsRequest): SlackMessage =>
  ephemeral(
    [
      `*Dry run*: nothing was sent. To ${summary(request)}, bcs-offboard would send BCS:`,
      codeBlock(`${bcsRequest.method} ${bcsRequest.path}\n${bcsRequest.body}`),
      'Run the same command without `dry-run` to send it.',
    ].join('\n'),
  );

/** The acknowledgement within Slack's three seconds: the work goes on elsewhere. */
export const workingReply = (request: OperationRequest, correlationId: string): SlackMessage =>
  ephemeral(
    `Working on it… ${summary(request)}. The outcome will be posted here ` +
      `(request \`${escapeText(correlationId)}\`).`,
  );

/** One of our own errors, as a user reads it: its code and message. */
export const errorReply = (error: { errorCode: string; message: string }): SlackMessage =>
  ephemeral(`:x: \`${escapeText(error.errorCode)}\` ${escapeText(clampMessage(error.message))}`);

/**
 * The outcome of a run, for `response_url`. A success goes to the whole channel (who
 * offboarded what, with BCS's operation id); so does a failure that may have changed BCS.
 * Other failures only reach the user who ran the command.
 *
 * @example
 * ```ts
 * outcomeMessage(outcome, { request, userId: 'U123', correlationId });
 * ```
 */
export const outcomeMessage = (
  outcome: Outcome,
  {
    request,
    userId,
    correlationId,
    duplicate,
  }: {
    request: OperationRequest | undefined;
    userId: string;
    correlationId: string;
    /** Set when the command was not run because the same one had been seen before. */
    duplicate?: Duplicate | undefined;
  },
): SlackMessage => {
  const who = `<@${escapeText(userId)}>`;
  const what = request ? summary(request) : `run ${escapeText(outcome.operation)}`;
  const trace = `_(request \`${escapeText(correlationId)}\`)_`;
  const lines = [
    outcome.result === 'succeeded'
      ? `:white_check_mark: ${who} asked to ${what}: BCS accepted it, operation id ` +
        `\`${escapeText(outcome.operation_id)}\` (its progress is in BCS operation records). ${trace}`
      : `:x: ${who} asked to ${what}: it failed with \`${escapeText(outcome.error_code)}\` ` +
        `${escapeText(clampMessage(outcome.error_msg))} ${trace}`,
  ];
  if (duplicate?.state === 'completed') lines.push(repeatNote(duplicate));
  if (outcome.result === 'failed') {
    if (duplicate?.state === 'in-progress') {
      lines.push('Its result will be posted where it was asked for when it ends.');
    } else if (outcome.may_have_been_applied) {
      lines.push(
        ':warning: The request may have been applied all the same: look up BCS operation ' +
          'records before running it again.',
      );
    } else if (outcome.retryable) {
      lines.push('Nothing was applied; the same command may be run again later.');
    }
  }
  return {
    response_type:
      outcome.result === 'succeeded' || outcome.may_have_been_applied ? 'in_channel' : 'ephemeral',
    text: lines.join('\n'),
  };
};

/**
 * What a request does, in words, with every value the user gave: its operation's wording
 * (declared next to the operation, listed in the catalogue).
 *
 * @example
 * ```ts
 * summary(request); // 'remove `org1` from channel `ch` of BCS instance `b1` (project `p1`)'
 * ```
 */
export const summary = (request: OperationRequest): string =>
  (slackWording[request.operation] as SlackWording<typeof request.input>)(request.input, code);

/**
 * Slack's escaping of message text: `&`, `<` and `>` only. Without it, a value such as
 * `<!channel>` would notify a whole channel.
 */
export const escapeText = (text: string): string =>
  text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/**
 * The HTTP answer to a slash command: 200 and the message as JSON (Slack shows the user
 * nothing of any other status but a generic failure).
 *
 * @example
 * ```ts
 * return slackAnswer(helpReply('/bcs-offboard'), context.awsRequestId);
 * ```
 */
export const slackAnswer = (message: SlackMessage, awsRequestId: string) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'x-request-id': awsRequestId },
  body: JSON.stringify(message),
});

const ephemeral = (text: string): SlackMessage => ({ response_type: 'ephemeral', text });

/** A value in a code span; a backtick in it would end the span early. */
const code = (value: string): string => `\`${escapeText(value.replaceAll('`', 'ˋ'))}\``;

/** A code block; three backticks in it would end the block early. */
const codeBlock = (text: string): string =>
  `\`\`\`${escapeText(text.replaceAll('```', '`\u200b``'))}\`\`\``;

/** Says that the outcome shown is an earlier run's, and that nothing was sent again. */
const repeatNote = (duplicate: Duplicate): string =>
  `:repeat: The same command already ran at ${escapeText(duplicate.first_seen_at)} ` +
  `(request \`${escapeText(duplicate.first_correlation_id)}\`): this is that run's outcome; ` +
  'nothing was sent to BCS again.';
