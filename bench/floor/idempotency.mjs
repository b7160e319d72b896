/**
 * The floors' idempotency table: a request is claimed with one conditional `PutItem` before it
 * runs and its outcome recorded with another after, as our store does, over
 * bench/floor/aws.mjs. A request already claimed fails the claim
 * (`ConditionalCheckFailedException`).
 */
import { awsCall } from './aws.mjs';

const { createHash, randomUUID } = process.getBuiltinModule('node:crypto');

const putItem = (input) =>
  awsCall('dynamodb', {
    target: 'DynamoDB_20120810.PutItem',
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ TableName: process.env.IDEMPOTENCY_TABLE_NAME, ...input }),
  });

/** Claims the request `text` stands for; answers the record to complete. */
export const claim = async (text) => {
  const now = Math.floor(Date.now() / 1000);
  const record = {
    id: { S: createHash('sha256').update(text).digest('hex') },
    claim_id: { S: randomUUID() },
    expiration: { N: String(now + 3600) },
  };
  await putItem({
    Item: { ...record, status: { S: 'IN_PROGRESS' } },
    ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
    ExpressionAttributeValues: { ':now': { N: String(now) } },
  });
  return record;
};

/** Records the outcome (text) of a claimed request. */
export const complete = (record, outcome) =>
  putItem({
    Item: { ...record, status: { S: 'COMPLETED' }, outcome: { S: outcome } },
    ConditionExpression: 'claim_id = :claim',
    ExpressionAttributeValues: { ':claim': record.claim_id },
  });
