/**
 * The DynamoDB store when the table misbehaves on the wire: it does not answer, or it applies
 * a write and the answer is lost (the SDK then sends the write again). The store talks to
 * moto through a small proxy on loopback that does that to the calls a test picks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbIdempotencyStore } from '../../../lib/idempotency/idempotency-store.ts';
import { runOnce } from '../../../lib/idempotency/run-once.ts';
import { createIdempotencyTable } from '../../helpers/idempotency-table.ts';
import { takeLogs } from '../../helpers/log-capture.ts';
import { MOTO_ENV, type Moto, startMoto } from '../../helpers/moto.ts';

/** What the proxy does with the next call of an operation (`PutItem`, `DeleteItem`, ...). */
type Fault = 'hang' | 'lose-answer';

/** Forwards DynamoDB calls to moto, except the ones given a fault; counts every call. */
const startFaultyTable = async (target: string) => {
  const faults = new Map<string, Fault[]>();
  const calls: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const operation = String(req.headers['x-amz-target']).split('.').pop() ?? '';
    calls.push(operation);
    const fault = faults.get(operation)?.shift();
    if (fault === 'hang') return; // the socket stays open, unanswered, until the client leaves
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'connection'),
    ) as Record<string, string>;
    const answer = await fetch(target, {
      method: 'POST',
      headers,
      body: Buffer.concat(chunks),
    });
    const body = await answer.text();
    if (fault === 'lose-answer') {
      req.socket.destroy(); // moto applied it; the client sees the connection drop
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    /** The next calls of `operation` meet these faults, in order. */
    inject: (operation: string, ...next: Fault[]) => faults.set(operation, next),
    reset: () => {
      faults.clear();
      calls.length = 0;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

const NOW = Date.now();
const request = (correlationId = 'wf-1') => ({
  correlationId,
  now: NOW,
  inProgressUntil: NOW + 30_000,
});
const inTime = () => AbortSignal.timeout(10_000);

describe('dynamoDbIdempotencyStore, when the table misbehaves', () => {
  let moto: Moto;
  let proxy: Awaited<ReturnType<typeof startFaultyTable>>;
  let table: Awaited<ReturnType<typeof createIdempotencyTable>>;
  let store: ReturnType<typeof dynamoDbIdempotencyStore>;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultyTable(moto.url);
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
    await expect(claiming).rejects.toMatchObject({ name: expect.stringMatching(/Abort/) });
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
      trace: {},
    });

    // Assess
    expect(run).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      result: 'failed',
      status: 503,
      error_code: 'BCSGW.5030001',
      retryable: true,
      may_have_been_applied: false,
    });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining('unavailable') }),
    ]);
  });
});
