import { describe, expect, it, vi } from 'vitest';
import {
  dynamoDbIdempotencyStore,
  type IdempotencyStore,
} from '../../../lib/idempotency/idempotency-store.ts';
import { type RunOnceOptions, runOnce } from '../../../lib/idempotency/run-once.ts';
import { createLogger } from '../../../lib/logging/log.ts';
import type { Outcome } from '../../../lib/pipeline/outcome.ts';
import { useIdempotencyTable } from '../../helpers/idempotency-table.ts';
import { takeLogs } from '../../helpers/log-capture.ts';

const idempotency = useIdempotencyTable();

const NOW = Date.parse('2026-11-23T12:00:00Z');
const options = (overrides: Partial<RunOnceOptions> = {}): RunOnceOptions => ({
  store: idempotency.store,
  key: 'quit-consortium:abc',
  operation: 'quit-consortium',
  correlationId: 'wf-1',
  inProgressUntil: NOW + 30_000,
  log: createLogger({ aws_request_id: 'req-1' }),
  now: () => NOW,
  signal: AbortSignal.timeout(10_000),
  recordSignal: AbortSignal.timeout(10_000),
  ...overrides,
});
const succeeded: Outcome = {
  result: 'succeeded',
  operation: 'quit-consortium',
  status: 200,
  operation_id: 'op-1',
  project_id: 'p1',
};
const failed = (fields: Partial<Extract<Outcome, { result: 'failed' }>> = {}): Outcome => ({
  result: 'failed',
  operation: 'quit-consortium',
  status: 400,
  error_code: 'BCS.4000001',
  error_msg: 'Invalid parameter',
  delivery: 'final',
  ...fields,
});
/** A run that counts its calls and ends with `outcome`. */
const counted = (outcome: Outcome) => {
  const run = vi.fn(async () => outcome);
  return run;
};

describe('runOnce()', () => {
  it('runs a request once and hands its outcome to every redelivery', async () => {
    // Prepare
    const run = counted(succeeded);

    // Act
    const first = await runOnce(run, options());
    const again = await runOnce(
      run,
      options({ correlationId: 'wf-1-again', now: () => NOW + 60_000 }),
    );

    // Assess
    expect(run).toHaveBeenCalledTimes(1);
    expect(first).toEqual({ outcome: succeeded });
    expect(again).toEqual({
      outcome: succeeded,
      duplicate: {
        state: 'completed',
        first_correlation_id: 'wf-1',
        first_seen_at: '2026-11-23T12:00:00.000Z',
      },
    });
  });

  it('remembers a failure that may have been applied, so that it is never sent again', async () => {
    // Prepare
    const uncertain = failed({
      status: 504,
      error_code: 'BCSGW.5040001',
      delivery: 'may-have-applied',
    });
    const run = counted(uncertain);

    // Act
    await runOnce(run, options());
    const again = await runOnce(run, options());

    // Assess
    expect(run).toHaveBeenCalledTimes(1);
    expect(again.outcome).toEqual(uncertain);
    expect(again.duplicate?.state).toBe('completed');
  });

  it.each([
    ['BCS refused it', failed()],
    [
      'BCS said try later',
      failed({ status: 503, error_code: 'BCS.5030001', delivery: 'not-sent' }),
    ],
  ])(
    'forgets a request that was not applied (%s), so that a redelivery runs it',
    async (_, outcome) => {
      // Prepare
      const run = counted(outcome);

      // Act
      await runOnce(run, options());
      await runOnce(run, options());

      // Assess
      expect(run).toHaveBeenCalledTimes(2);
      expect(await idempotency.table.records()).toEqual([]);
    },
  );

  it('answers a concurrent duplicate with a retryable 409 instead of running it', async () => {
    // Prepare
    let finish: (outcome: Outcome) => void = () => {};
    const slow = vi.fn(() => new Promise<Outcome>((resolve) => (finish = resolve)));
    const first = runOnce(slow, options());
    await vi.waitFor(() => expect(slow).toHaveBeenCalled());

    // Act
    const duplicate = await runOnce(counted(succeeded), options({ correlationId: 'wf-dup' }));
    finish(succeeded);
    await first;

    // Assess
    expect(duplicate.outcome).toMatchObject({
      result: 'failed',
      status: 409,
      error_code: 'BCSGW.4090001',
      delivery: 'not-sent',
    });
    expect(duplicate.outcome.result === 'failed' && duplicate.outcome.error_msg).toContain(
      'correlation id wf-1',
    );
    expect(duplicate.duplicate?.state).toBe('in-progress');
  });

  it('answers after an interrupted run that it may have been applied, and never retries it', async () => {
    // Prepare: a claim whose invocation ended without completing or releasing it
    await idempotency.table.plant({
      id: 'quit-consortium:abc',
      status: 'IN_PROGRESS',
      claim_id: 'lost',
      correlation_id: 'wf-lost',
      created_at: NOW - 60_000,
      in_progress_until: NOW - 30_000,
      expiration: Math.floor(NOW / 1000) + 3000,
    });
    const run = counted(succeeded);

    // Act
    const result = await runOnce(run, options());

    // Assess
    expect(run).not.toHaveBeenCalled();
    expect(result.outcome).toMatchObject({
      status: 409,
      error_code: 'BCSGW.4090002',
      error_msg:
        'The same request was started at 2026-11-23T11:59:00.000Z (correlation id wf-lost) and stopped before its outcome was recorded; it may have been applied. Check BCS before sending it again',
      delivery: 'may-have-applied',
    });
    expect(result.duplicate).toEqual({
      state: 'interrupted',
      first_correlation_id: 'wf-lost',
      first_seen_at: '2026-11-23T11:59:00.000Z',
    });
  });

  it('reads a claim as interrupted from the very millisecond its invocation ends', async () => {
    // Prepare: a claim held until exactly now
    await idempotency.table.plant({
      id: 'quit-consortium:abc',
      status: 'IN_PROGRESS',
      claim_id: 'ending',
      correlation_id: 'wf-ending',
      created_at: NOW - 30_000,
      in_progress_until: NOW,
      expiration: Math.floor(NOW / 1000) + 3000,
    });
    const run = counted(succeeded);

    // Act
    const result = await runOnce(run, options());

    // Assess
    expect(run).not.toHaveBeenCalled();
    expect(result.outcome).toMatchObject({ error_code: 'BCSGW.4090002' });
    expect(result.duplicate?.state).toBe('interrupted');
  });

  it('runs nothing when the store is unreachable, and says so as a retryable 503', async () => {
    // Prepare
    const run = counted(succeeded);
    const missing = dynamoDbIdempotencyStore({ tableName: 'no-such-table', ttlSeconds: 3600 });

    // Act
    const result = await runOnce(run, options({ store: missing }));

    // Assess
    expect(run).not.toHaveBeenCalled();
    expect(result.outcome).toMatchObject({
      status: 503,
      error_code: 'BCSGW.5030001',
      error_msg: 'The duplicate check is unavailable; nothing was sent to BCS. Try again later',
      delivery: 'not-sent',
    });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'idempotency store unavailable; the request was not run',
        aws_request_id: 'req-1',
        idempotency_key: 'quit-consortium:abc',
      }),
    ]);
  });

  it('still hands back the outcome when it cannot be recorded, and logs what a redelivery will meet', async () => {
    // Prepare: a store that claims but cannot write afterwards
    const failing: IdempotencyStore = {
      claim: (key, request, signal) => idempotency.store.claim(key, request, signal),
      complete: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      release: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
    };

    // Act
    const result = await runOnce(counted(succeeded), options({ store: failing }));

    // Assess
    expect(result).toEqual({ outcome: succeeded });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'idempotency record not updated after the request ran',
        record: 'outcome not remembered',
      }),
    ]);
  });

  it('logs that the claim was not released when a request that was not applied cannot be forgotten', async () => {
    // Prepare: a store that claims but cannot write afterwards
    const failing: IdempotencyStore = {
      claim: (key, request, signal) => idempotency.store.claim(key, request, signal),
      complete: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      release: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
    };
    const refused = failed();

    // Act
    const result = await runOnce(counted(refused), options({ store: failing }));

    // Assess
    expect(result).toEqual({ outcome: refused });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'idempotency record not updated after the request ran',
        idempotency_key: 'quit-consortium:abc',
        record: 'claim not released',
      }),
    ]);
  });
});
