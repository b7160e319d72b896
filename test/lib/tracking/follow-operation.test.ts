/**
 * One tracking message handled on its own (`followOperation`), with stand-in parts: a table in
 * memory that a test may fill or break, a reader that answers what the test says, and a
 * publisher, a queuer and a Slack poster that keep what they are given (or fail when told).
 * The handler around it is in test/lib/callers/operation-tracker.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  IdempotencyRecord,
  IdempotencyStore,
} from '../../../lib/idempotency/idempotency-store.ts';
import { createLogger } from '../../../lib/logging/log.ts';
import {
  endKey,
  followOperation,
  stepKey,
  type TrackerParts,
} from '../../../lib/tracking/follow-operation.ts';
import type { OperationEnd } from '../../../lib/tracking/publish-end.ts';
import type { TrackingJob } from '../../../lib/tracking/tracking-job.ts';
import { takeLogs } from '../../helpers/log-capture.ts';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const MAX_AGE_MS = 6 * 3600_000;
const OPERATION_ID = 'BCSSVC01-03-1795425791587000179';
const job: TrackingJob = {
  operation: 'quit-consortium',
  operation_id: OPERATION_ID,
  project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  correlation_id: 'wf-42',
  trigger: 'slack',
  accepted_at: NOW - 60_000,
  attempt: 2,
  response_url: 'https://hooks.slack.com/commands/T0TEAM01/1/secret-part',
  user_id: 'U0ALLOWED1',
  team_id: 'T0TEAM01',
};
const { response_url: _url, ...jobFields } = job;

const records = (status: string) =>
  JSON.stringify({
    count: 1,
    operation_records: [{ operation_id: OPERATION_ID, operation_status: status, message: [] }],
  });

type Failing = 'claim' | 'complete' | 'release';

/** An idempotency table in memory; `fail` names the calls that throw. */
const memoryStore = (fail: Failing[] = []) => {
  const table = new Map<string, IdempotencyRecord>();
  const store: IdempotencyStore = {
    claim: async (key, { correlationId, now, inProgressUntil }) => {
      if (fail.includes('claim')) throw new Error('table unreachable');
      const record = table.get(key);
      if (record) return { claimed: false, record };
      table.set(key, { correlationId, createdAt: now, status: 'IN_PROGRESS', inProgressUntil });
      return { claimed: true, claim: { key, claimId: key, correlationId, createdAt: now } };
    },
    complete: async (claim, outcome, now) => {
      if (fail.includes('complete')) throw new Error('table unreachable');
      table.set(claim.key, {
        correlationId: claim.correlationId,
        createdAt: now,
        status: 'COMPLETED',
        outcome,
      });
    },
    release: async (claim) => {
      if (fail.includes('release')) throw new Error('table unreachable');
      table.delete(claim.key);
    },
  };
  return { store, table };
};

/** The parts of one delivery; what they were given is kept in the lists returned. */
const parts = ({
  answer = async () => ({ status: 200, body: records('finished') }),
  fail = [],
  failing = [],
  now = NOW,
}: {
  answer?: TrackerParts['readOperationRecords'];
  fail?: Failing[];
  failing?: ('publish' | 'queue' | 'post')[];
  now?: number;
} = {}) => {
  const { store, table } = memoryStore(fail);
  const ends: { job: TrackingJob; end: OperationEnd; at: number }[] = [];
  const queued: { job: TrackingJob; delaySeconds: number }[] = [];
  const posts: { url: string; message: unknown }[] = [];
  const lookUps: string[] = [];
  const trackerParts: TrackerParts = {
    store,
    readOperationRecords: async (projectId, operationId, signal) => {
      lookUps.push(`${projectId}/${operationId}`);
      return answer(projectId, operationId, signal);
    },
    publishEnd: async (ended, end, at) => {
      if (failing.includes('publish')) throw new Error('EventBridge is down');
      ends.push({ job: ended, end, at });
    },
    queueNextLookUp: async (next, delaySeconds) => {
      if (failing.includes('queue')) throw new Error('SQS is down');
      queued.push({ job: next, delaySeconds });
    },
    maxAgeMs: MAX_AGE_MS,
    responseUrlHosts: new Set(['hooks.slack.com']),
    now: () => now,
    post: async (url, message) => {
      if (failing.includes('post')) throw new Error('Slack is down');
      posts.push({ url: url.href, message });
    },
  };
  return { trackerParts, table, ends, queued, posts, lookUps };
};

const bounds = () => ({
  signal: AbortSignal.timeout(10_000),
  recordSignal: AbortSignal.timeout(10_000),
  inProgressUntil: Date.now() + 10_000,
  log: createLogger({ aws_request_id: 'lambda-1' }),
});

const messages = (lines: Record<string, unknown>[]) =>
  lines.map(({ level, message }) => `${level}: ${message}`);

beforeEach(() => {
  takeLogs();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('followOperation', () => {
  it('publishes the end BCS reports, posts it to Slack, and remembers the look-up and the end', async () => {
    // Prepare
    const { trackerParts, table, ends, queued, posts, lookUps } = parts();

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    const end = { operation_status: 'finished', ended_by: 'bcs', messages: [] };
    expect(delivery).toBe('done');
    expect(lookUps).toEqual([`${job.project_id}/${OPERATION_ID}`]);
    expect(ends).toEqual([{ job, end, at: NOW }]);
    expect(queued).toEqual([]);
    expect(posts).toEqual([
      {
        url: job.response_url,
        message: {
          response_type: 'in_channel',
          text: `:white_check_mark: <@U0ALLOWED1>, operation \`${OPERATION_ID}\` (quit-consortium) finished.`,
        },
      },
    ]);
    const done = {
      result: 'succeeded',
      operation: 'quit-consortium',
      status: 200,
      operation_id: OPERATION_ID,
      project_id: job.project_id,
    };
    expect(table.get(stepKey(job))).toMatchObject({ status: 'COMPLETED', outcome: done });
    expect(table.get(endKey(job))).toMatchObject({ status: 'COMPLETED', outcome: done });
    const { lines } = takeLogs();
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'operation ended',
        aws_request_id: 'lambda-1',
        ...jobFields,
        ...end,
      },
      {
        level: 'info',
        message: 'operation end posted to Slack',
        aws_request_id: 'lambda-1',
        ...jobFields,
        ...end,
      },
    ]);
  });

  it('claims each look-up and the end under their own keys', () => {
    // Assess
    expect(stepKey(job)).toBe(`track:${OPERATION_ID}:2`);
    expect(endKey(job)).toBe(`track-end:${OPERATION_ID}`);
  });

  it('says a failed or stopped end as a warning, and posts no end of a job that is not Slack', async () => {
    // Prepare
    const { trackerParts, ends, posts } = parts({
      answer: async () => ({ status: 200, body: records('failed') }),
    });

    // Act
    const delivery = await followOperation({ ...job, trigger: 'sqs' }, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('done');
    expect(ends).toMatchObject([{ end: { operation_status: 'failed', ended_by: 'bcs' } }]);
    expect(posts).toEqual([]);
    expect(messages(takeLogs().lines)).toEqual(['warn: operation ended']);
  });

  it('queues the next look-up of an operation still running, and remembers this one', async () => {
    // Prepare
    const { trackerParts, table, ends, queued } = parts({
      answer: async () => ({ status: 200, body: records('processing') }),
    });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('done');
    expect(ends).toEqual([]);
    expect(queued).toEqual([{ job, delaySeconds: 20 }]);
    expect(table.get(stepKey(job))).toMatchObject({ status: 'COMPLETED' });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'operation not ended; next look-up queued',
        operation_status: 'processing',
        delay_seconds: 20,
      }),
    ]);
  });

  it('ends the tracking at the maximum age exactly, as unknown, naming the last status seen', async () => {
    // Prepare
    const { trackerParts, ends, queued } = parts({
      answer: async () => ({ status: 200, body: records('processing') }),
      now: job.accepted_at + MAX_AGE_MS,
    });

    // Act
    const delivery = await followOperation({ ...job, trigger: 'sqs' }, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('done');
    expect(queued).toEqual([]);
    expect(ends).toEqual([
      {
        job: { ...job, trigger: 'sqs' },
        end: { operation_status: 'unknown', ended_by: 'max-age', messages: [] },
        at: job.accepted_at + MAX_AGE_MS,
      },
    ]);
    expect(takeLogs().lines[0]).toMatchObject({
      level: 'warn',
      message: 'maximum age reached; tracking stopped',
      last_status: 'processing',
      max_age_seconds: 21_600,
    });
  });

  it('names the state seen last when BCS did not know the operation', async () => {
    // Prepare
    const { trackerParts } = parts({
      answer: async () => ({ status: 200, body: '{"count":0,"operation_records":[]}' }),
      now: job.accepted_at + MAX_AGE_MS,
    });

    // Act
    await followOperation({ ...job, trigger: 'sqs' }, trackerParts, bounds());

    // Assess
    expect(takeLogs().lines[0]).toMatchObject({ last_status: 'not-known' });
  });

  it.each([
    [300, records('finished')],
    [199, records('finished')],
    [500, `{"error_msg":"${'x'.repeat(400)}"}`],
  ])('reads no progress from a %i answer: logs it and looks again later', async (status, body) => {
    // Prepare
    const { trackerParts, ends, queued } = parts({ answer: async () => ({ status, body }) });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('done');
    expect(ends).toEqual([]);
    expect(queued).toEqual([{ job, delaySeconds: 20 }]);
    const [notRead, next] = takeLogs().lines;
    expect(notRead).toMatchObject({
      level: 'warn',
      message: 'operation records not read',
      status,
      body: body.slice(0, 300),
    });
    expect(next).not.toHaveProperty('operation_status');
  });

  it('reads no progress when the look-up throws, and logs why', async () => {
    // Prepare
    const { trackerParts, queued } = parts({
      answer: async () => {
        throw new Error('IAM is down');
      },
    });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('done');
    expect(queued).toHaveLength(1);
    expect(takeLogs().lines[0]).toMatchObject({
      message: 'operation records not read',
      status: 0,
      body: '',
      error: expect.objectContaining({ message: 'IAM is down' }),
    });
  });

  it('has SQS deliver the message again when the next look-up cannot be queued, and forgets the claim', async () => {
    // Prepare
    const { trackerParts, table } = parts({
      answer: async () => ({ status: 200, body: records('processing') }),
      failing: ['queue'],
    });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('retry');
    expect(table.has(stepKey(job))).toBe(false);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'next look-up not queued; message retried',
        error: expect.objectContaining({ message: 'SQS is down' }),
      }),
    ]);
  });

  it('has SQS deliver the message again when the end cannot be published, and forgets both claims', async () => {
    // Prepare
    const { trackerParts, table, posts } = parts({ failing: ['publish'] });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('retry');
    expect(posts).toEqual([]);
    expect(table.size).toBe(0);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'end event not published; message retried',
        operation_status: 'finished',
        error: expect.objectContaining({ message: 'EventBridge is down' }),
      }),
    ]);
  });

  it('retries the message when the table cannot be reached, looking nothing up', async () => {
    // Prepare
    const { trackerParts, lookUps } = parts({ fail: ['claim'] });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('retry');
    expect(lookUps).toEqual([]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'idempotency store unavailable; message retried',
        idempotency_key: stepKey(job),
      }),
    ]);
  });

  it('does nothing again for a look-up already handled', async () => {
    // Prepare
    const { trackerParts, table, lookUps } = parts();
    table.set(stepKey(job), {
      correlationId: 'wf-42',
      createdAt: NOW,
      status: 'COMPLETED',
      outcome: {
        result: 'succeeded',
        operation: 'x',
        status: 200,
        operation_id: 'o',
        project_id: 'p',
      },
    });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('done');
    expect(lookUps).toEqual([]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'duplicate tracking step; nothing done again',
        idempotency_key: stepKey(job),
      }),
    ]);
  });

  it('leaves a look-up another delivery is running to it: the message comes back later', async () => {
    // Prepare
    const { trackerParts, table, lookUps } = parts();
    table.set(stepKey(job), {
      correlationId: 'wf-42',
      createdAt: NOW,
      status: 'IN_PROGRESS',
      inProgressUntil: Date.now() + 60_000,
    });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('retry');
    expect(lookUps).toEqual([]);
    expect(takeLogs().lines).toEqual([]);
  });

  it('looks up again for a delivery that stopped midway, leaving its claim as it was', async () => {
    // Prepare
    const { trackerParts, table, ends } = parts();
    const interrupted: IdempotencyRecord = {
      correlationId: 'wf-42',
      createdAt: NOW,
      status: 'IN_PROGRESS',
      inProgressUntil: Date.now() - 1,
    };
    table.set(stepKey(job), interrupted);

    // Act
    const delivery = await followOperation({ ...job, trigger: 'sqs' }, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('done');
    expect(ends).toHaveLength(1);
    expect(table.get(stepKey(job))).toBe(interrupted);
    expect(takeLogs().lines[0]).toMatchObject({
      level: 'warn',
      message: 'interrupted delivery held this look-up; looking up again',
      idempotency_key: stepKey(job),
    });
  });

  it('leaves an end another delivery is publishing to it, and forgets its own look-up claim', async () => {
    // Prepare
    const { trackerParts, table, ends } = parts();
    table.set(endKey(job), {
      correlationId: 'wf-42',
      createdAt: NOW,
      status: 'IN_PROGRESS',
      inProgressUntil: Date.now() + 60_000,
    });

    // Act
    const delivery = await followOperation(job, trackerParts, bounds());

    // Assess
    expect(delivery).toBe('retry');
    expect(ends).toEqual([]);
    expect(table.has(stepKey(job))).toBe(false);
  });

  it('reads a claim held until this very millisecond as interrupted', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const { trackerParts, table, lookUps } = parts();
    table.set(stepKey(job), {
      correlationId: 'wf-42',
      createdAt: NOW - 1000,
      status: 'IN_PROGRESS',
      inProgressUntil: NOW,
    });

    // Act
    const delivery = await followOperation({ ...job, trigger: 'sqs' }, trackerParts, bounds());
    vi.useRealTimers();

    // Assess
    expect(delivery).toBe('done');
    expect(lookUps).toHaveLength(1);
  });

  it('never publishes an end twice: not after another delivery did, nor after one that stopped midway', async () => {
    // Prepare
    const completed = parts();
    completed.table.set(endKey(job), {
      correlationId: 'wf-42',
      createdAt: NOW,
      status: 'COMPLETED',
      outcome: {
        result: 'succeeded',
        operation: 'x',
        status: 200,
        operation_id: 'o',
        project_id: 'p',
      },
    });
    const interrupted = parts();
    interrupted.table.set(endKey(job), {
      correlationId: 'wf-42',
      createdAt: NOW,
      status: 'IN_PROGRESS',
      inProgressUntil: Date.now() - 1,
    });

    // Act
    const deliveries = [
      await followOperation(job, completed.trackerParts, bounds()),
      await followOperation(job, interrupted.trackerParts, bounds()),
    ];

    // Assess
    expect(deliveries).toEqual(['done', 'done']);
    expect([...completed.ends, ...interrupted.ends]).toEqual([]);
    expect(interrupted.table.get(stepKey(job))).toMatchObject({ status: 'COMPLETED' });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'duplicate tracking end; nothing done again',
        idempotency_key: endKey(job),
      }),
      expect.objectContaining({
        level: 'error',
        message: 'interrupted delivery held this end; not published again',
        idempotency_key: endKey(job),
      }),
    ]);
  });

  it.each([
    ['expired', job.accepted_at + 30 * 60_000, 'https://hooks.slack.com/x', 'info'],
    ['refused', NOW, 'https://evil.example/x', 'warn'],
  ])('logs an end not posted to Slack (%s) at its level', async (reason, now, url, level) => {
    // Prepare
    const { trackerParts, posts } = parts({ now });

    // Act
    await followOperation({ ...job, response_url: url }, trackerParts, bounds());

    // Assess
    expect(posts).toEqual([]);
    expect(takeLogs().lines[1]).toMatchObject({
      level,
      message: 'operation end not posted to Slack',
      reason,
    });
  });

  it('logs a claim it could not settle, naming what a redelivery will meet', async () => {
    // Prepare
    const completing = parts({ fail: ['complete'] });
    const releasing = parts({
      answer: async () => ({ status: 200, body: records('processing') }),
      fail: ['release'],
      failing: ['queue'],
    });

    const completingBounds = bounds();

    // Act
    await followOperation({ ...job, trigger: 'sqs' }, completing.trackerParts, completingBounds);
    await followOperation(job, releasing.trackerParts, bounds());

    // Assess
    const notUpdated = takeLogs().lines.filter(
      (line) => line.message === 'tracking record not updated',
    );
    const error = expect.objectContaining({ message: 'table unreachable' });
    expect(notUpdated).toEqual([
      expect.objectContaining({
        level: 'error',
        idempotency_key: endKey(job),
        record: 'not completed',
        error,
      }),
      expect.objectContaining({
        level: 'error',
        idempotency_key: stepKey(job),
        record: 'not completed',
      }),
      expect.objectContaining({
        level: 'error',
        idempotency_key: stepKey(job),
        record: 'not released',
      }),
    ]);
    // The claims stay as they were made: this delivery's, until its end.
    expect(completing.table.get(endKey(job))).toEqual({
      correlationId: 'wf-42',
      createdAt: expect.any(Number),
      status: 'IN_PROGRESS',
      inProgressUntil: completingBounds.inProgressUntil,
    });
  });
});
