import { type OperationRecordSummary, readOperationRecord } from '../../bcs/operation-records.ts';
import { clampMessage } from '../../errors/normalize-error.ts';
import { escapeText, type SlackMessage } from './replies.ts';

/** How each status reads in Slack; an unknown one is shown as BCS wrote it. */
const STATUS_EMOJI: Record<string, string> = {
  waiting: ':hourglass_flowing_sand:',
  processing: ':gear:',
  finished: ':white_check_mark:',
  failed: ':x:',
  stop: ':octagonal_sign:',
};

/**
 * The answer to `/bcs-offboard status <operation_id>`, from BCS's ListOpRecord answer: the
 * operation's status, its steps in order and BCS's messages. Only the user who asked sees it.
 * A record BCS does not have is "not known (yet)", never a failure; a BCS error is shown with
 * its code. Throws a `TypeError` for a 2xx whose body is not ListOpRecord's shape (the status
 * function answers that as `BCSGW.5020003`).
 *
 * @example
 * ```ts
 * statusReply('BCSSVC01-06-1624275286218943067', { status: 200, body, json });
 * ```
 */
export const statusReply = (
  operationId: string,
  answer: { status: number; body: string; json: Record<string, unknown> },
): SlackMessage => {
  const id = `\`${escapeText(operationId)}\``;
  if (answer.status < 200 || answer.status > 299) {
    return ephemeral(
      `:x: BCS answered ${answer.status} for operation ${id}: ` +
        `\`${escapeText(`${answer.json.error_code}`)}\` ` +
        escapeText(clampMessage(`${answer.json.error_msg}`)),
    );
  }
  const record = readOperationRecord(answer.body, operationId);
  if (record === undefined) {
    return ephemeral(
      `BCS has no record of operation ${id} (yet): a new operation can take a moment to ` +
        'appear, and BCS does not say how long it keeps records.',
    );
  }
  return ephemeral(recordLines(id, record).join('\n'));
};

/**
 * The acknowledgement of `status` within Slack's three seconds: the answer is posted to
 * `response_url` by the status function.
 *
 * @example
 * ```ts
 * lookingUpReply('BCSSVC01-06-1624275286218943067', context.awsRequestId);
 * ```
 */
export const lookingUpReply = (operationId: string, correlationId: string): SlackMessage =>
  ephemeral(
    `Looking up operation \`${escapeText(operationId)}\`… The answer will be posted here ` +
      `(request \`${escapeText(correlationId)}\`).`,
  );

const recordLines = (id: string, record: OperationRecordSummary): string[] => [
  `${statusText(record.status)} Operation ${id} is *${escapeText(record.status)}*` +
    (record.recordTime === undefined
      ? '.'
      : ` (recorded ${new Date(record.recordTime).toISOString()}).`),
  ...record.steps.map(
    (step, index) =>
      `${index + 1}. ${escapeText(step.name)}: ${escapeText(step.status)}` +
      (step.detail ? ` (${escapeText(clampMessage(step.detail))})` : ''),
  ),
  ...record.messages.map((message) => `> ${escapeText(clampMessage(message))}`),
];

const statusText = (status: string): string => STATUS_EMOJI[status] ?? ':grey_question:';

const ephemeral = (text: string): SlackMessage => ({ response_type: 'ephemeral', text });
