import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoDbIdempotencyStore } from '../../lib/idempotency/idempotency-store.ts';
import type { Outcome } from '../../lib/pipeline/outcome.ts';
import { startLocalGateway } from '../../scripts/local-gateway.ts';
import { localIdempotencyTable } from '../../scripts/local-idempotency-table.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const request = (correlationId: string) => ({
  correlationId,
  now: NOW,
  inProgressUntil: NOW + 30_000,
});
const inTime = () => AbortSignal.timeout(10_000);
const succeeded: Outcome = {
  result: 'succeeded',
  operation: 'quit-consortium',
  project_id: 'p1',
  status: 200,
  operation_id: 'op-1',
};

describe('localIdempotencyTable, as the real store sees it through the local gateway', () => {
  let gateway: Awaited<ReturnType<typeof startLocalGateway>>;
  const store = dynamoDbIdempotencyStore({ tableName: 'local', ttlSeconds: 3600 });

  beforeAll(async () => {
    // The table expires items by the same fixed clock the requests carry, never the wall clock.
    gateway = await startLocalGateway({ now: () => NOW });
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', gateway.url);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await gateway.close();
  });

  it('lets one of many concurrent deliveries claim a key, and shows the others the claim', async () => {
    // Act
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.claim('k-concurrent', request(`d${i}`), inTime())),
    );

    // Assess
    expect(results.filter((result) => result.claimed)).toHaveLength(1);
    for (const result of results.filter((r) => !r.claimed)) {
      expect(result).toMatchObject({ record: { status: 'IN_PROGRESS', createdAt: NOW } });
    }
  });

  it('hands back a completed outcome, and forgets a released claim', async () => {
    // Prepare
    const done = await store.claim('k-done', request('first'), inTime());
    const dropped = await store.claim('k-dropped', request('first'), inTime());
    if (!done.claimed || !dropped.claimed) throw new Error('not claimed');

    // Act
    await store.complete(done.claim, succeeded, NOW, inTime());
    await store.release(dropped.claim, inTime());

    // Assess
    expect(await store.claim('k-done', request('again'), inTime())).toEqual({
      claimed: false,
      record: { status: 'COMPLETED', correlationId: 'first', createdAt: NOW, outcome: succeeded },
    });
    expect((await store.claim('k-dropped', request('again'), inTime())).claimed).toBe(true);
  });

  it("never completes another delivery's claim", async () => {
    // Prepare
    const claimed = await store.claim('k-owned', request('owner'), inTime());
    if (!claimed.claimed) throw new Error('not claimed');

    // Act
    const completing = store.complete(
      { ...claimed.claim, claimId: 'stranger' },
      succeeded,
      NOW,
      inTime(),
    );

    // Assess
    await expect(completing).rejects.toThrow(/ConditionalCheckFailedException/);
  });
});

describe('localIdempotencyTable', () => {
  const put = (condition: string | undefined, item: Record<string, unknown>, values = {}) =>
    JSON.stringify({
      TableName: 't',
      Item: item,
      ...(condition && { ConditionExpression: condition }),
      ExpressionAttributeValues: values,
    });

  it('lets an item expire at its expiration, as TTL does', () => {
    // Prepare
    let now = NOW;
    const table = localIdempotencyTable({ now: () => now });
    const item = { id: { S: 'k' }, expiration: { N: String(NOW / 1000 + 60) } };
    table.answer('DynamoDB_20120810.PutItem', put(undefined, item));

    // Act
    const before = table.size();
    now += 60_000;
    const after = table.size();

    // Assess
    expect([before, after]).toEqual([1, 0]);
  });

  it('refuses, loudly, a condition or a call it does not understand', () => {
    // Prepare
    const table = localIdempotencyTable();

    // Act
    const condition = table.answer(
      'DynamoDB_20120810.PutItem',
      put('attribute_exists(id)', { id: { S: 'k' } }),
    );
    const query = table.answer(
      'DynamoDB_20120810.Query',
      JSON.stringify({ Key: { id: { S: 'k' } } }),
    );

    // Assess
    expect(condition?.status).toBe(400);
    expect(JSON.parse(condition?.body ?? '')).toMatchObject({
      __type: expect.stringContaining('ValidationException'),
      message: 'The local table does not understand: attribute_exists(id)',
    });
    expect(query?.status).toBe(400);
    expect(table.size()).toBe(0);
  });

  it('leaves calls to other services to the other stand-ins', () => {
    // Act
    const answer = localIdempotencyTable().answer('AWSEvents.PutEvents', '{}');

    // Assess
    expect(answer).toBeUndefined();
  });
});
