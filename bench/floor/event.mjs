/**
 * The floor of the event functions: the least an EventBridge or SQS handler for "remove
 * organizations from a channel" can do while doing the same work as ours. It claims the
 * request in the idempotency table, signs in (once per container) and PUTs to BCS, records
 * the outcome and publishes it, with the same AWS SDK clients, made on first use as ours are,
 * and no validation, no error mapping and no retry decisions.
 * Not for deployment: it is what `npm run bench` compares the event functions with.
 */
import { signedInToken } from './sign-in.mjs';

const { createHash, randomUUID } = process.getBuiltinModule('node:crypto');
let aws;
const clients = () =>
  (aws ??= Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-eventbridge'),
  ]).then(([dynamodb, eventbridge]) => ({
    table: new dynamodb.DynamoDBClient({}),
    PutItem: dynamodb.PutItemCommand,
    bus: new eventbridge.EventBridgeClient({}),
    PutEvents: eventbridge.PutEventsCommand,
  })));

const run = async ({ path, body, correlation_id }) => {
  const env = process.env;
  const { table, PutItem, bus, PutEvents } = await clients();
  const now = Math.floor(Date.now() / 1000);
  const record = {
    id: {
      S: createHash('sha256')
        .update(JSON.stringify([path, body, correlation_id]))
        .digest('hex'),
    },
    claim_id: { S: randomUUID() },
    expiration: { N: String(now + 3600) },
  };
  await table.send(
    new PutItem({
      TableName: env.IDEMPOTENCY_TABLE_NAME,
      Item: { ...record, status: { S: 'IN_PROGRESS' } },
      ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
      ExpressionAttributeValues: { ':now': { N: String(now) } },
    }),
  );
  const token = await signedInToken(env, path.project_id);
  const { project_id, blockchain_id, channel_id } = path;
  const url = `${env.BCS_ENDPOINT}/v2/${project_id}/blockchains/${blockchain_id}/${channel_id}/orgs/quit`;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Auth-Token': token },
    body: JSON.stringify(body),
  });
  const outcome = JSON.stringify({
    correlation_id,
    status: response.status,
    ...(await response.json()),
  });
  await table.send(
    new PutItem({
      TableName: env.IDEMPOTENCY_TABLE_NAME,
      Item: { ...record, status: { S: 'COMPLETED' }, outcome: { S: outcome } },
      ConditionExpression: 'claim_id = :claim',
      ExpressionAttributeValues: { ':claim': record.claim_id },
    }),
  );
  await bus.send(
    new PutEvents({
      Entries: [
        {
          EventBusName: env.OUTCOME_EVENT_BUS_NAME,
          Source: 'bcs-offboard',
          DetailType: response.ok ? 'BCS Offboarding Succeeded' : 'BCS Offboarding Failed',
          Detail: outcome,
        },
      ],
    }),
  );
};

export const handler = async (event) => {
  if (event.Records === undefined) return run(event.detail);
  for (const record of event.Records) await run(JSON.parse(record.body));
  return { batchItemFailures: [] };
};
