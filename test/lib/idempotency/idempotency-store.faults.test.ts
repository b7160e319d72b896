/**
 * The DynamoDB store when the table misbehaves on the wire: it does not answer, or it applies
 * a write and the answer is lost (the SDK then sends the write again). The store talks to
 * moto through a small proxy on loopback that does that to the calls a test picks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbIdempotencyStore } from '../../../lib/idempotency/idempotency-store.ts';
import { runOnce } from '../../../lib/idempotency/run-once.ts';
import { createLogger } from '../../../lib/logging/log.ts';
import { type FaultProxy, startFaultProxy } from '../../helpers/fault-proxy.ts';
import { createIdempotencyTable } from '../../helpers/idempotency-table.ts';
import { takeLogs } from '../../helpers/log-capture.ts';
import { MOTO_ENV, type Moto, startMoto } from '../../helpers/moto.ts';

const NOW = Date.now();
const request = (correlationId = 'wf-1') => ({
  correlationId,
  now: NOW,
  inProgressUntil: NOW + 30_000,
});
const inTime = () => AbortSignal.timeout(10_000);

describe('dynamoDbIdempotencyStore, when the table misbehaves', () => {
  let moto: Moto;
  let proxy: FaultProxy;
  let table: Awaited<ReturnType<typeof createIdempotencyTable>>;
  let store: ReturnType<typeof dynamoDbIdempotencyStore>;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.url);
    for (const [name, value] of Object.entries({ ...MOTO_ENV, AWS_ENDPOINT_URL: proxy.url })) {
      vi.stubEnv(name, value);
    }
    table = await createIdempotencyTable(moto);
    store = dynamoDbIdempotencyStore({ tableName: table.tableName, ttlSeconds: 3600 });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await proxy?.stop();
    await moto?.stop();
  });
  beforeEach(async () => {
    await table.clear();
    proxy.reset();
    takeLogs();
  });

  it('gives a claim up when the table does not answer before the signal fires', async () => {
    // Prepare
    proxy.inject('PutItem', 'hang');

    // Act
    const claiming = store.claim('k-hang', request(), AbortSignal.timeout(300));

    // Assess
    await expect(claiming).rejects.toMatchObject({ name: 'TimeoutError', sent: 'maybe' });
    expect(await table.records()).toEqual([]);
  });

  it('holds its claim when the answer to the write was lost and the SDK sent it again', async () => {
    // Prepare
    proxy.inject('PutItem', 'lose-answer');

    // Act
    const result = await store.claim('k-lost', request(), inTime());

    // Assess
    expect(proxy.calls).toEqual(['PutItem', 'PutItem']);
    if (!result.claimed) throw new Error(`not claimed: ${JSON.stringify(result)}`);
    expect(await table.records()).toEqual([
      expect.objectContaining({
        id: 'k-lost',
        status: 'IN_PROGRESS',
        claim_id: result.claim.claimId,
      }),
    ]);
  });

  it('has released a claim when the answer to the delete was lost and the SDK sent it again', async () => {
    // Prepare
    const claimed = await store.claim('k-release', request(), inTime());
    if (!claimed.claimed) throw new Error('not claimed');
    proxy.inject('DeleteItem', 'lose-answer');

    // Act
    const releasing = store.release(claimed.claim, inTime());

    // Assess
    await expect(releasing).resolves.toBeUndefined();
    expect(proxy.calls).toEqual(['PutItem', 'DeleteItem', 'DeleteItem']);
    expect(await table.records()).toEqual([]);
  });

  it('runs nothing and answers 503, retryable, when the claim finds no table in time', async () => {
    // Prepare
    proxy.inject('PutItem', 'hang');
    const run = vi.fn();

    // Act
    const { outcome } = await runOnce(run, {
      store,
      key: 'k-run',
      operation: 'quit-consortium',
      correlationId: 'wf-1',
      inProgressUntil: NOW + 30_000,
      signal: AbortSignal.timeout(300),
      recordSignal: inTime(),
      log: createLogger(),
    });

    // Assess
    expect(run).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      result: 'failed',
      status: 503,
      error_code: 'BCSGW.5030001',
      delivery: 'not-sent',
    });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining('unavailable') }),
    ]);
  });
});
