/**
 * The event callers' pipeline on its own: what it logs once per request, what it publishes,
 * and what it leaves out for a redelivery. BCS is a stand-in answer here (the event callers'
 * tests run it against the simulator); the idempotency store is one in memory that holds one
 * record, as DynamoDB would after a first delivery.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventRequest } from '../../../lib/callers/events/event-request.ts';
import { configFrom } from '../../../lib/config/config.ts';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import type {
  IdempotencyRecord,
  IdempotencyStore,
} from '../../../lib/idempotency/idempotency-store.ts';
import { createLogger } from '../../../lib/logging/log.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import type { BcsAnswer } from '../../../lib/pipeline/call-bcs.ts';
import type { Outcome } from '../../../lib/pipeline/outcome.ts';
import { type EventSender, settleEvent } from '../../../lib/pipeline/settle-event.ts';
import type { OutcomeOrigin } from '../../../lib/publishing/publish-outcome.ts';
import { defaultSeed } from '../../../simulator/index.ts';
import { quitConsortiumBody } from '../../helpers/events.ts';
import { takeLogs } from '../../helpers/log-capture.ts';

const { demo } = defaultSeed;

beforeEach(() => {
  takeLogs();
});

const request = (): EventRequest => ({
  operation: quitConsortium,
  raw: { path: { project_id: demo.projectId }, body: quitConsortiumBody() },
  correlationId: 'wf-1',
  givenCorrelationId: 'wf-1',
});

const sender: EventSender = {
  trigger: 'sqs',
  who: { type: 'sqs', id: 'arn:aws:sqs:eu-west-1:123456789012:requests' },
  describe: () => ({ operation: 'quit-consortium', correlationId: 'msg-7' }),
};

/** A store whose key is already held by `record` (a first delivery's). */
const storeHolding = (record: IdempotencyRecord): IdempotencyStore => ({
  claim: async () => ({ claimed: false, record }),
  complete: async () => {},
  release: async () => {},
});

const accepted: BcsAnswer = {
  status: 200,
  body: '{"operation_id":"op-1"}',
  json: { operation_id: 'op-1' },
  requestId: 'req-1',
};

/** The parts of one invocation; `published` keeps what was published. */
const parts = ({
  store,
  publishFails = false,
}: {
  store?: IdempotencyStore;
  publishFails?: boolean;
} = {}) => {
  const published: { outcome: Outcome; origin: OutcomeOrigin }[] = [];
  const calls: unknown[] = [];
  return {
    published,
    calls,
    eventParts: {
      pipeline: {
        config: configFrom({}),
        callBcs: async (admitted: unknown) => {
          calls.push(admitted);
          return accepted;
        },
      },
      idempotencyStore: () => store,
      log: createLogger({ aws_request_id: 'lambda-1' }),
      limits: {
        signal: AbortSignal.timeout(10_000),
        recordSignal: AbortSignal.timeout(10_000),
        inProgressUntil: Date.now() + 10_000,
      },
      reportSignal: AbortSignal.timeout(10_000),
      publish: async (outcome: Outcome, origin: OutcomeOrigin) => {
        if (publishFails) throw new Error('EventBridge is down');
        published.push({ outcome, origin });
      },
    },
  };
};

describe('settleEvent', () => {
  it('logs one line with the ids, who sent it, what it was about and the outcome, then publishes it', async () => {
    // Prepare
    const { published, eventParts } = parts();

    // Act
    const result = await settleEvent(request, sender, eventParts);

    // Assess
    const succeeded = {
      result: 'succeeded',
      operation: 'quit-consortium',
      status: 200,
      operation_id: 'op-1',
      project_id: demo.projectId,
      bcs_request_id: 'req-1',
    };
    const origin = { trigger: 'sqs', correlation_id: 'wf-1' };
    expect(result).toEqual({ outcome: succeeded, origin });
    expect(published).toEqual([{ outcome: succeeded, origin }]);
    const { lines } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'operation succeeded',
        aws_request_id: 'lambda-1',
        trigger: 'sqs',
        correlation_id: 'wf-1',
        ...succeeded,
        who: sender.who,
        target: { project_id: demo.projectId, ...quitConsortiumBody() },
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('duplicate');
  });

  it('reports an unreadable request under what can be read of it, naming no target', async () => {
    // Prepare
    const { published, calls, eventParts } = parts();
    const unreadable = () => {
      throw new GatewayError(ErrorCodes.invalidInput, 'Invalid request: body must be JSON');
    };

    // Act
    const result = await settleEvent(unreadable, sender, eventParts);

    // Assess
    expect(calls).toEqual([]);
    expect(result.origin).toEqual({ trigger: 'sqs', correlation_id: 'msg-7' });
    expect(result.outcome).toMatchObject({ result: 'failed', error_code: 'BCSGW.4000001' });
    expect(published).toHaveLength(1);
    const { lines } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'operation failed',
        trigger: 'sqs',
        correlation_id: 'msg-7',
        error_code: 'BCSGW.4000001',
        who: sender.who,
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('target');
  });

  it('runs nothing and publishes nothing for a redelivery of a completed request: its first delivery did', async () => {
    // Prepare
    const first: Outcome = {
      result: 'succeeded',
      operation: 'quit-consortium',
      status: 200,
      operation_id: 'op-0',
      project_id: demo.projectId,
    };
    const { published, calls, eventParts } = parts({
      store: storeHolding({
        status: 'COMPLETED',
        outcome: first,
        correlationId: 'wf-0',
        createdAt: Date.UTC(2026, 0, 2),
      }),
    });

    // Act
    const result = await settleEvent(request, sender, eventParts);

    // Assess
    const duplicate = {
      state: 'completed',
      first_correlation_id: 'wf-0',
      first_seen_at: '2026-01-02T00:00:00.000Z',
    };
    expect(calls).toEqual([]);
    expect(published).toEqual([]);
    expect(result).toEqual({
      outcome: first,
      origin: { trigger: 'sqs', correlation_id: 'wf-1' },
      duplicate,
    });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        message: 'duplicate request, not run again (completed)',
        operation_id: 'op-0',
        duplicate,
      }),
    ]);
  });

  it('publishes the outcome of a redelivery whose first delivery was interrupted: nothing else will', async () => {
    // Prepare
    const { published, calls, eventParts } = parts({
      store: storeHolding({
        status: 'IN_PROGRESS',
        inProgressUntil: Date.now() - 1,
        correlationId: 'wf-0',
        createdAt: Date.UTC(2026, 0, 2),
      }),
    });

    // Act
    const result = await settleEvent(request, sender, eventParts);

    // Assess
    expect(calls).toEqual([]);
    expect(result).not.toHaveProperty('duplicate');
    expect(result.outcome).toMatchObject({ error_code: 'BCSGW.4090002' });
    expect(published).toEqual([{ outcome: result.outcome, origin: result.origin }]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        message: 'duplicate request, not run again (interrupted)',
        duplicate: expect.objectContaining({ state: 'interrupted' }),
      }),
    ]);
  });

  it('logs an outcome it could not publish, with the error, and does not throw', async () => {
    // Prepare
    const { eventParts } = parts({ publishFails: true });

    // Act
    const result = await settleEvent(request, sender, eventParts);

    // Assess
    expect(result.outcome).toMatchObject({ result: 'succeeded' });
    const { lines } = takeLogs();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      level: 'error',
      message: 'outcome not published; the line above is its record',
      correlation_id: 'wf-1',
      error: expect.objectContaining({ message: 'EventBridge is down' }),
    });
  });
});
