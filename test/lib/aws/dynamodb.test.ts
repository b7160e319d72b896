import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../lib/aws/aws-error.ts';
import {
  deleteItem,
  failedCondition,
  getItem,
  putItem,
  updateItem,
} from '../../../lib/aws/dynamodb.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const TableName = 'bcs-offboard-idempotency';
const Key = { id: { S: 'k' } };
const inTime = () => AbortSignal.timeout(10_000);

describe('DynamoDB calls', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer(() => jsonReply(200, {}));
  });
  afterEach(async () => {
    await server.stop();
  });

  it.each([
    [
      'PutItem',
      putItem,
      {
        TableName,
        Item: { id: { S: 'k' }, n: { N: '1' } },
        ConditionExpression: 'attribute_not_exists(id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    ],
    ['GetItem', getItem, { TableName, Key, ConsistentRead: true }],
    [
      'UpdateItem',
      updateItem,
      {
        TableName,
        Key,
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'COMPLETED' } },
      },
    ],
    ['DeleteItem', deleteItem, { TableName, Key, ConditionExpression: 'claim_id = :c' }],
  ] as const)('sends %s as the SDK does', async (operation, call, input) => {
    // Prepare
    const { client } = testAwsClient(server.url);

    // Act
    await (call as (...args: unknown[]) => Promise<unknown>)(client, input, inTime());

    // Assess
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/',
      body: JSON.stringify(input),
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
    });
    expect(server.requests[0]?.headers.authorization).toContain('/eu-west-1/dynamodb/aws4_request');
  });

  it('answers the record GetItem found', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(jsonReply(200, { Item: { id: { S: 'k' }, status: { S: 'COMPLETED' } } }));

    // Act
    const { Item } = await getItem(client, { TableName, Key }, inTime());

    // Assess
    expect(Item).toEqual({ id: { S: 'k' }, status: { S: 'COMPLETED' } });
  });

  it('hands back the record a failed condition found (ALL_OLD)', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(
      jsonReply(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: { id: { S: 'k' }, claim_id: { S: 'other' } },
      }),
    );

    // Act
    const error = await putItem(
      client,
      { TableName, Item: Key, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
      inTime(),
    ).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(AwsError);
    expect(failedCondition(error)).toEqual({ Item: { id: { S: 'k' }, claim_id: { S: 'other' } } });
  });

  it('tells a failed condition with no record from any other error', async () => {
    // Prepare
    const { client } = testAwsClient(server.url);
    server.enqueue(
      jsonReply(400, { __type: 'x#ConditionalCheckFailedException' }),
      jsonReply(400, { __type: 'x#ResourceNotFoundException' }),
    );

    // Act
    const noRecord = await deleteItem(client, { TableName, Key }, inTime()).catch((e) => e);
    const otherError = await deleteItem(client, { TableName, Key }, inTime()).catch((e) => e);

    // Assess
    expect(failedCondition(noRecord)).toEqual({ Item: undefined });
    expect(failedCondition(otherError)).toBeUndefined();
    expect(failedCondition(new Error('ConditionalCheckFailedException'))).toBeUndefined();
  });
});
