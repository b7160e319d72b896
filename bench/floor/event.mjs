/**
 * The floor of the event functions: the least an EventBridge or SQS handler for "remove
 * organizations from a channel" can do while doing the same work as ours. It claims the
 * request in the idempotency table, reads the credentials (Secrets Manager, when deployed) and
 * signs in (once per container), PUTs to BCS, records the outcome and publishes it: every AWS
 * call over `fetch` with a bare signer (bench/floor/aws.mjs), and no validation, no error
 * mapping and no retry decisions.
 * Not for deployment: it is what `npm run bench` compares the event functions with.
 */
import { awsCall } from './aws.mjs';
import { claim, complete } from './idempotency.mjs';
import { removeOrgs } from './remove-orgs.mjs';

const run = async ({ path, body, correlation_id }) => {
  const record = await claim(JSON.stringify([path, body, correlation_id]));
  const response = await removeOrgs(path, body);
  const outcome = JSON.stringify({
    correlation_id,
    status: response.status,
    ...(await response.json()),
  });
  await complete(record, outcome);
  await awsCall('events', {
    target: 'AWSEvents.PutEvents',
    contentType: 'application/x-amz-json-1.1',
    body: JSON.stringify({
      Entries: [
        {
          EventBusName: process.env.OUTCOME_EVENT_BUS_NAME,
          Source: 'bcs-offboard',
          DetailType: response.ok ? 'BCS Offboarding Succeeded' : 'BCS Offboarding Failed',
          Detail: outcome,
        },
      ],
    }),
  });
};

export const handler = async (event) => {
  if (event.Records === undefined) return run(event.detail);
  for (const record of event.Records) await run(JSON.parse(record.body));
  return { batchItemFailures: [] };
};
