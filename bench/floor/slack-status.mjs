/**
 * The floor of slack-status: the least a handler for the status payloads slack-command hands
 * over (`/bcs-offboard status <operation_id>`) can do. It reads the credentials (Secrets
 * Manager, when deployed) and signs in (once per container), reads the operation's record
 * with ListOpRecord and posts its status and steps to the command's `response_url`, with no
 * validation, no allow lists and no error mapping.
 * Not for deployment: it is what `npm run bench` compares slack-status with.
 */
import { recordOf } from './operation-records.mjs';

const EMOJI = { finished: ':white_check_mark:', failed: ':x:', stop: ':octagonal_sign:' };

export const handler = async ({ operation_id, project_id, response_url }) => {
  const record = await recordOf(project_id, operation_id);
  const status = record?.operation_status;
  const steps = Object.values(record?.operation_process ?? {})
    .sort((a, b) => a.serial_num - b.serial_num)
    .map((step, index) => `${index + 1}. ${step.step_name}: ${step.status}`);
  const text = record
    ? [`${EMOJI[status] ?? ':gear:'} Operation \`${operation_id}\` is *${status}*`, ...steps]
    : [`BCS has no record of operation \`${operation_id}\` (yet)`];
  const posted = await fetch(response_url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', text: text.join('\n') }),
  });
  await posted.text();
};
