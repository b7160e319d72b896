import { describe, expect, it } from 'vitest';
import {
  type Claim,
  dynamoDbIdempotencyStore,
} from '../../../lib/idempotency/idempotency-store.ts';
import type { Outcome } from '../../../lib/pipeline/outcome.ts';
import { useIdempotencyTable } from '../../helpers/idempotency-table.ts';

const idempotency = useIdempotencyTable();

const NOW = Date.parse('2026-11-23T12:00:00Z');
const request = (correlationId = 'wf-1', now = NOW) => ({
  correlationId,
  now,
  inProgressUntil: now + 30_000,
});
/** Bounds a call on the table, as an invocation's deadline does. */
const inTime = () => AbortSignal.timeout(10_000);
const succeeded: Outcome = {
  result: 'succeeded',
  operation: 'quit-consortium',
  project_id: 'p1',
  status: 200,
  operation_id: 'op-1',
};
const claimOf = async (key: string, correlationId = 'wf-1'): Promise<Claim> => {
  const result = await idempotency.store.claim(key, request(correlationId), inTime());
  if (!result.claimed) throw new Error(`${key} was not claimed`);
  return result.claim;
};

describe('dynamoDbIdempotencyStore', () => {
  it('lets the first delivery claim a key and shows the next one the claim in progress', async () => {
    // Prepare
    await claimOf('k1', 'first');

    // Act
    const second = await idempotency.store.claim('k1', request('second', NOW + 5), inTime());

    // Assess
    expect(second).toEqual({
      claimed: false,
      record: {
        status: 'IN_PROGRESS',
        correlationId: 'first',
        createdAt: NOW,
        inProgressUntil: NOW + 30_000,
      },
    });
  });

  it('hands a completed outcome to later deliveries and keeps it for the TTL', async () => {
    // Prepare
    const claim = await claimOf('k2');

    // Act
    await idempotency.store.complete(claim, succeeded, NOW + 1000, inTime());
    const later = await idempotency.store.claim('k2', request('again', NOW + 2000), inTime());

    // Assess
    expect(later).toEqual({
      claimed: false,
      record: { status: 'COMPLETED', correlationId: 'wf-1', createdAt: NOW, outcome: succeeded },
    });
    const [record] = await idempotency.table.records();
    expect(record?.expiration).toBe(String(Math.floor((NOW + 1000) / 1000) + 3600));
  });

  it('forgets a released claim, so that a later delivery runs the request', async () => {
    // Prepare
    const claim = await claimOf('k3');

    // Act
    await idempotency.store.release(claim, inTime());
    const again = await idempotency.store.claim('k3', request('again'), inTime());

    // Assess
    expect(again.claimed).toBe(true);
  });

  it('claims a key over an expired record that DynamoDB has not deleted yet', async () => {
    // Prepare
    await idempotency.table.plant({
      id: 'k4',
      status: 'COMPLETED',
      claim_id: 'old',
      correlation_id: 'old',
      created_at: NOW - 7_200_000,
      outcome: JSON.stringify(succeeded),
      expiration: Math.floor(NOW / 1000) - 1,
    });

    // Act
    const result = await idempotency.store.claim('k4', request('new'), inTime());

    // Assess
    expect(result.claimed).toBe(true);
    expect(await idempotency.table.records()).toEqual([
      expect.objectContaining({ id: 'k4', status: 'IN_PROGRESS', correlation_id: 'new' }),
    ]);
  });

  it("never completes or releases another delivery's claim", async () => {
    // Prepare
    const claim = await claimOf('k5', 'owner');
    const stranger: Claim = { ...claim, claimId: 'someone-else' };

    // Act
    // (Both settled together: a rejection must never wait unhandled for the other.)
    const [completing, releasing] = await Promise.allSettled([
      idempotency.store.complete(stranger, succeeded, NOW, inTime()),
      idempotency.store.release(stranger, inTime()),
    ]);

    // Assess
    expect(completing).toMatchObject({
      status: 'rejected',
      reason: { name: 'ConditionalCheckFailedException' },
    });
    expect(releasing).toMatchObject({
      status: 'rejected',
      reason: { name: 'ConditionalCheckFailedException' },
    });
    expect(await idempotency.table.records()).toEqual([
      expect.objectContaining({ id: 'k5', status: 'IN_PROGRESS', claim_id: claim.claimId }),
    ]);
  });

  it('lets exactly one of many concurrent deliveries claim a key', async () => {
    // Prepare
    const deliveries = Array.from({ length: 12 }, (_, i) => request(`d${i}`));

    // Act
    const results = await Promise.all(
      deliveries.map((d) => idempotency.store.claim('k6', d, inTime())),
    );

    // Assess
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.filter((r) => !r.claimed)).toHaveLength(11);
  });

  it('fails the claim when the table does not exist, rather than running unguarded', async () => {
    // Prepare
    const missing = dynamoDbIdempotencyStore({ tableName: 'no-such-table', ttlSeconds: 3600 });

    // Act
    const claiming = missing.claim('k7', request(), inTime());

    // Assess
    await expect(claiming).rejects.toThrow(/ResourceNotFound|not found|non-existent/i);
  });
});
