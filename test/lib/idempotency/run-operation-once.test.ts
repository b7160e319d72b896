import { describe, expect, it, vi } from 'vitest';
import type { BcsResponse } from '../../../lib/bcs/client.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import {
  type RunOperationOnceOptions,
  runOperationOnce,
} from '../../../lib/idempotency/run-operation-once.ts';
import type { RawOperationInput } from '../../../lib/operations/operation.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import type { OffboardService } from '../../../lib/pipeline/call-bcs.ts';
import { useIdempotencyTable } from '../../helpers/idempotency-table.ts';
import { removeOrgsInput } from '../../helpers/operation-inputs.ts';

/** A raw remove-channel-orgs request as a caller hands it over. */
const request = (parts: Parameters<typeof removeOrgsInput>[0] = {}) =>
  removeOrgsInput(parts) as unknown as RawOperationInput;

const idempotency = useIdempotencyTable();

/** A service answering BCS's success, counting its runs. */
const countingService = () => {
  const run = vi.fn(
    async (): Promise<BcsResponse> => ({
      status: 200,
      body: '{"operation_id":"BCSSVC01-06-1"}',
      json: { operation_id: 'BCSSVC01-06-1' },
      requestId: undefined,
    }),
  );
  return { run, service: () => ({ run }) as unknown as OffboardService };
};
const options = (
  service: () => OffboardService,
  changes: Partial<RunOperationOnceOptions> = {},
): RunOperationOnceOptions => ({
  service,
  signal: AbortSignal.timeout(5000),
  recordSignal: AbortSignal.timeout(5000),
  correlationId: 'message-1',
  givenCorrelationId: undefined,
  inProgressUntil: Date.now() + 5000,
  trace: {},
  store: () => idempotency.store,
  ...changes,
});

describe('runOperationOnce()', () => {
  it('runs a redelivery of the same input once, whatever its new message id', async () => {
    // Prepare
    const { run, service } = countingService();

    // Act
    const first = await runOperationOnce(removeChannelOrgs, request(), options(service));
    const again = await runOperationOnce(
      removeChannelOrgs,
      request(),
      options(service, { correlationId: 'message-2' }),
    );

    // Assess
    expect(run).toHaveBeenCalledTimes(1);
    expect(first.duplicate).toBeUndefined();
    expect(again.duplicate).toMatchObject({
      state: 'completed',
      first_correlation_id: 'message-1',
    });
    expect(again.outcome).toEqual(first.outcome);
  });

  it('runs the same input again under a new correlation id the caller gave', async () => {
    // Prepare
    const { run, service } = countingService();

    // Act
    for (const id of ['wf-1', 'wf-2']) {
      await runOperationOnce(
        removeChannelOrgs,
        request(),
        options(service, { correlationId: id, givenCorrelationId: id }),
      );
    }

    // Assess
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('refuses invalid input before claiming anything or sending anything', async () => {
    // Prepare
    const { run, service } = countingService();

    // Act
    const running = runOperationOnce(
      removeChannelOrgs,
      request({ body: { org_names: [] } }),
      options(service),
    );

    // Assess
    await expect(running).rejects.toThrow(GatewayError);
    await expect(running).rejects.toThrow(/body\.org_names/);
    expect(run).not.toHaveBeenCalled();
    expect(await idempotency.table.records()).toEqual([]);
  });

  it('simply runs when no idempotency table is configured', async () => {
    // Prepare
    const { run, service } = countingService();
    const withoutTable = options(service, { store: () => undefined });

    // Act
    await runOperationOnce(removeChannelOrgs, request(), withoutTable);
    const again = await runOperationOnce(removeChannelOrgs, request(), withoutTable);

    // Assess
    expect(run).toHaveBeenCalledTimes(2);
    expect(again.duplicate).toBeUndefined();
  });
});
