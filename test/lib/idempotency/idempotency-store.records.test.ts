/**
 * The DynamoDB store reading records it did not write itself (an older version's, or one
 * edited by hand) and a table whose record keeps changing under a claim. A scripted server on
 * loopback plays DynamoDB, so each answer is exactly the one a test names (moto cannot hand
 * back a record that lacks its fields, nor lose one between a write and a read).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbIdempotencyStore } from '../../../lib/idempotency/idempotency-store.ts';
import { testAwsClient } from '../../helpers/aws-test-client.ts';
import {
  jsonReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const conditionFailed = (Item?: Record<string, unknown>) =>
  jsonReply(400, {
    __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
    message: 'The conditional request failed',
    ...(Item && { Item }),
  });

const request = { correlationId: 'wf-2', now: Date.UTC(2026, 0, 2), inProgressUntil: 0 };
const inTime = () => AbortSignal.timeout(10_000);

describe('dynamoDbIdempotencyStore, reading the records it finds', () => {
  let server: ScriptedServer;
  let store: ReturnType<typeof dynamoDbIdempotencyStore>;

  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.requests.length = 0;
    store = dynamoDbIdempotencyStore({
      tableName: 'requests',
      ttlSeconds: 3600,
      aws: testAwsClient(server.url).client,
    });
  });

  it('reads a record that holds only its key as in progress, by an unknown delivery, since the epoch', async () => {
    // Prepare
    server.enqueue(conditionFailed({ id: { S: 'k' } }));

    // Act
    const result = await store.claim('k', request, inTime());

    // Assess
    expect(result).toEqual({
      claimed: false,
      record: { correlationId: 'unknown', createdAt: 0, status: 'IN_PROGRESS', inProgressUntil: 0 },
    });
  });

  it.each([
    ['COMPLETED without an outcome', { status: { S: 'COMPLETED' } }],
    ['an outcome but IN_PROGRESS', { status: { S: 'IN_PROGRESS' }, outcome: { S: '{}' } }],
    ['an outcome and no status', { outcome: { S: '{}' } }],
  ])('reads a record with %s as in progress', async (_, fields) => {
    // Prepare
    server.enqueue(
      conditionFailed({
        id: { S: 'k' },
        claim_id: { S: 'other' },
        correlation_id: { S: 'wf-1' },
        created_at: { N: '1000' },
        in_progress_until: { N: '2000' },
        ...fields,
      }),
    );

    // Act
    const result = await store.claim('k', request, inTime());

    // Assess
    expect(result).toEqual({
      claimed: false,
      record: {
        correlationId: 'wf-1',
        createdAt: 1000,
        status: 'IN_PROGRESS',
        inProgressUntil: 2000,
      },
    });
  });

  it('reads a failure remembered with the two flags of old as one that may have been applied', async () => {
    // Prepare
    const failed = {
      result: 'failed',
      operation: 'quit-consortium',
      status: 504,
      error_code: 'BCSGW.5040001',
      error_msg: 'BCS did not answer',
      retryable: false,
      may_have_been_applied: true,
    };
    server.enqueue(
      conditionFailed({
        id: { S: 'k' },
        status: { S: 'COMPLETED' },
        outcome: { S: JSON.stringify(failed) },
      }),
    );

    // Act
    const result = await store.claim('k', request, inTime());

    // Assess
    expect(result).toEqual({
      claimed: false,
      record: {
        correlationId: 'unknown',
        createdAt: 0,
        status: 'COMPLETED',
        outcome: { ...failed, delivery: 'may-have-applied' },
      },
    });
  });

  it('reads the record again, consistently, when the failed write hands none back', async () => {
    // Prepare
    server.enqueue(
      conditionFailed(),
      jsonReply(200, { Item: { id: { S: 'k' }, correlation_id: { S: 'wf-1' } } }),
    );

    // Act
    const result = await store.claim('k', request, inTime());

    // Assess
    expect(result).toMatchObject({ claimed: false, record: { correlationId: 'wf-1' } });
    expect(server.requests.map((sent) => sent.headers['x-amz-target'])).toEqual([
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.GetItem',
    ]);
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({
      TableName: 'requests',
      Key: { id: { S: 'k' } },
      ConsistentRead: true,
    });
  });

  it('gives up after two writes, sending nothing, when the record is gone by each read', async () => {
    // Prepare
    server.enqueue(conditionFailed(), jsonReply(200, {}), conditionFailed(), jsonReply(200, {}));

    // Act
    const claiming = store.claim('k', request, inTime());

    // Assess
    await expect(claiming).rejects.toMatchObject({
      errorCode: 'BCSGW.5030001',
      message: 'idempotency record k kept changing while it was claimed',
      delivery: 'not-sent',
    });
    expect(server.requests).toHaveLength(4);
  });
});
