/**
 * The floor of slack-worker: the least a worker for the operations slack-command hands over
 * can do. It claims the request in the idempotency table, reads the credentials (Secrets
 * Manager, when deployed) and signs in (once per container), PUTs to BCS, records the outcome
 * and posts it to the command's `response_url`, with no validation and no error mapping.
 * Not for deployment: it is what `npm run bench` compares slack-worker with.
 */
import { claim, complete } from './idempotency.mjs';
import { removeOrgs } from './remove-orgs.mjs';

export const handler = async ({ operation, input, response_url }) => {
  const record = await claim(JSON.stringify([operation, input]));
  const response = await removeOrgs(input.path, input.body);
  const answer = await response.json();
  await complete(record, JSON.stringify({ status: response.status, ...answer }));
  const text = response.ok
    ? `:white_check_mark: BCS accepted it, operation id \`${answer.operation_id}\``
    : `:x: it failed with ${response.status}`;
  const posted = await fetch(response_url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'in_channel', text }),
  });
  await posted.text();
};
