/**
 * The container's store, made from its configuration on first use. Each test imports the
 * modules afresh (`vi.resetModules`), as a new Lambda container would load them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { takeLogs } from '../../helpers/log-capture.ts';

const freshSharedStore = async () => {
  vi.resetModules();
  const module = await import('../../../lib/idempotency/idempotency-store.ts');
  return module.sharedIdempotencyStore;
};

beforeEach(() => {
  takeLogs();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('sharedIdempotencyStore', () => {
  it('is none without IDEMPOTENCY_TABLE_NAME, which it warns about once per container', async () => {
    // Prepare
    vi.stubEnv('IDEMPOTENCY_TABLE_NAME', '');
    const sharedIdempotencyStore = await freshSharedStore();

    // Act
    const stores = [sharedIdempotencyStore(), sharedIdempotencyStore()];

    // Assess
    expect(stores).toEqual([undefined, undefined]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'IDEMPOTENCY_TABLE_NAME is not set: redelivered requests are run again',
      }),
    ]);
  });

  it('is one DynamoDB store for the life of the container when a table is named', async () => {
    // Prepare
    vi.stubEnv('IDEMPOTENCY_TABLE_NAME', 'bcs-offboard-idempotency');
    const sharedIdempotencyStore = await freshSharedStore();

    // Act
    const first = sharedIdempotencyStore();
    const second = sharedIdempotencyStore();

    // Assess
    expect(first).toBe(second);
    expect(first).toEqual({
      claim: expect.any(Function),
      complete: expect.any(Function),
      release: expect.any(Function),
    });
    expect(takeLogs().lines).toEqual([]);
  });
});
