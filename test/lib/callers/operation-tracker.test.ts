/**
 * The tracker's handler assembled from stand-in parts: a table kept in memory, a reader that
 * answers what the test says, and a publisher and a queuer that keep what they are given.
 * What the deployed function does against moto and the simulator is in
 * test/functions/operation-tracker.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { trackerHandler } from '../../../lib/callers/operation-tracker.ts';
import { configFrom } from '../../../lib/config/config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import type {
  IdempotencyRecord,
  IdempotencyStore,
} from '../../../lib/idempotency/idempotency-store.ts';
import type { OperationEnd } from '../../../lib/tracking/publish-end.ts';
import type { TrackingJob } from '../../../lib/tracking/tracking-job.ts';
import { sqsEvent, sqsRecord } from '../../helpers/aws-events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';

const env = {
  TRACKING_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/bcs-offboard-dev-tracking',
  IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-dev-idempotency',
};
const NOW = Date.parse('2026-11-23T09:00:00Z');
const job: TrackingJob = {
  operation: 'quit-consortium',
  operation_id: 'BCSSVC01-03-1795425791587000179',
  project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  correlation_id: 'c6af9ac6-7b61-11e6-9a41-000000000042',
  trigger: 'slack',
  accepted_at: NOW - 60_000,
  attempt: 2,
  response_url: 'https://hooks.slack.com/commands/T0TEAM01/1/secret-part',
  user_id: 'U0ALLOWED1',
  team_id: 'T0TEAM01',
};

/** An idempotency table in memory: one record per key, as the DynamoDB store keeps them. */
const memoryStore = (): IdempotencyStore => {
  const records = new Map<string, IdempotencyRecord & { claimId: string }>();
  return {
    claim: async (key, { correlationId, now, inProgressUntil }) => {
      const record = records.get(key);
      if (record) return { claimed: false, record };
      const claim = { key, claimId: `claim-${records.size}`, correlationId, createdAt: now };
      records.set(key, { ...claim, status: 'IN_PROGRESS', inProgressUntil });
      return { claimed: true, claim };
    },
    complete: async (claim, outcome) => {
      records.set(claim.key, { ...claim, status: 'COMPLETED', outcome });
    },
    release: async (claim) => {
      records.delete(claim.key);
    },
  };
};

/** The handler's parts: every one a stand-in that keeps what it is given. */
const parts = (overrides: Record<string, string | undefined> = {}) => {
  const config = configFrom({ ...env, ...overrides });
  const ends: { job: TrackingJob; end: OperationEnd }[] = [];
  const queued: { job: TrackingJob; delaySeconds: number }[] = [];
  const posts: unknown[] = [];
  let body =
    '{"count":1,"operation_records":[{"operation_id":"BCSSVC01-03-1795425791587000179","operation_status":"finished","message":[]}]}';
  return {
    ends,
    queued,
    posts,
    answer: (next: string) => {
      body = next;
    },
    handlerParts: {
      config: () => config,
      idempotencyStore: memoryStore,
      readOperationRecords: async () => ({ status: 200, body }),
      publishEnd: async (ended: TrackingJob, end: OperationEnd) => {
        ends.push({ job: ended, end });
      },
      queueNextLookUp: async (next: TrackingJob, delaySeconds: number) => {
        queued.push({ job: next, delaySeconds });
      },
      post: async (_url: URL, message: unknown) => {
        posts.push(message);
      },
      now: () => NOW,
    },
  };
};

beforeEach(() => {
  takeLogs();
});

describe('trackerHandler', () => {
  it('publishes the end of an operation BCS finished, and posts it to Slack', async () => {
    // Prepare
    const { ends, queued, posts, handlerParts } = parts();
    const handler = trackerHandler(handlerParts);

    // Act
    const response = await handler(sqsEvent(sqsRecord(job)), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ends).toEqual([
      { job, end: { operation_status: 'finished', ended_by: 'bcs', messages: [] } },
    ]);
    expect(queued).toEqual([]);
    expect(posts).toEqual([expect.objectContaining({ response_type: 'in_channel' })]);
  });

  it('queues the next look-up of an operation still running, with the backoff delay', async () => {
    // Prepare
    const { queued, answer, handlerParts } = parts();
    answer(
      `{"count":1,"operation_records":[{"operation_id":"${job.operation_id}","operation_status":"processing"}]}`,
    );

    // Act
    await trackerHandler(handlerParts)(sqsEvent(sqsRecord(job)), lambdaContext());

    // Assess: the second look-up waits 20 s.
    expect(queued).toEqual([{ job, delaySeconds: 20 }]);
  });

  it('logs every line of a message with the request, message and job ids, never the response_url', async () => {
    // Prepare
    const { handlerParts } = parts();
    const record = sqsRecord(job);
    const context = lambdaContext();

    // Act
    await trackerHandler(handlerParts)(sqsEvent(record), context);

    // Assess
    const { lines } = takeLogs();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        aws_request_id: context.awsRequestId,
        message_id: record.messageId,
        operation_id: job.operation_id,
        correlation_id: job.correlation_id,
        trigger: 'slack',
      });
    }
    expect(JSON.stringify(lines)).not.toContain('secret-part');
  });

  it('refuses a message that is no tracking job, reporting it for the dead-letter queue with its cause', async () => {
    // Prepare
    const { ends, handlerParts } = parts();
    const record = sqsRecord('{"operation_id": ');

    // Act
    const response = await trackerHandler(handlerParts)(sqsEvent(record), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(ends).toEqual([]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'tracking message refused',
        message_id: record.messageId,
        error: expect.objectContaining({
          error_code: 'BCSGW.4000001',
          cause: expect.objectContaining({ name: 'SyntaxError' }),
        }),
      }),
    ]);
  });

  it('fails every invocation, naming the variable, while a setting is unusable', async () => {
    // Prepare
    const { ends, handlerParts } = parts({ TRACKING_MAX_AGE_SECONDS: 'six hours' });
    const handler = trackerHandler(handlerParts);

    // Act
    const results = await Promise.allSettled([
      handler(sqsEvent(sqsRecord(job)), lambdaContext()),
      handler(sqsEvent(sqsRecord(job)), lambdaContext()),
    ]);

    // Assess
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const { reason } = result as PromiseRejectedResult;
      expect(reason).toBeInstanceOf(GatewayError);
      expect(reason).toMatchObject({ errorCode: 'BCSGW.5000002' });
      expect((reason as Error).message).toContain('TRACKING_MAX_AGE_SECONDS');
    }
    expect(ends).toEqual([]);
    expect(takeLogs().lines.map((line) => line.message)).toEqual([
      'operation tracker not configured',
      'operation tracker not configured',
    ]);
  });
  it('logs why the tracker is not configured as an error, with its cause', async () => {
    // Prepare
    const { handlerParts } = parts({ TRACKING_QUEUE_URL: '' });

    // Act
    await trackerHandler(handlerParts)(sqsEvent(sqsRecord(job)), lambdaContext()).catch(
      () => undefined,
    );

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'operation tracker not configured',
        error: expect.objectContaining({ error_code: 'BCSGW.5000002' }),
      }),
    ]);
  });

  it('claims each look-up until the end of the invocation', async () => {
    // Prepare
    const { handlerParts } = parts();
    const store = memoryStore();
    const claims: number[] = [];
    const handler = trackerHandler({
      ...handlerParts,
      idempotencyStore: () => ({
        ...store,
        claim: (key, request, signal) => {
          claims.push(request.inProgressUntil);
          return store.claim(key, request, signal);
        },
      }),
    });
    const before = Date.now();

    // Act
    await handler(sqsEvent(sqsRecord(job)), lambdaContext({ remainingMs: 10_000 }));

    // Assess: now, plus what is left of the invocation (at most 10 s)
    expect(claims.length).toBeGreaterThan(0);
    for (const inProgressUntil of claims) {
      expect(inProgressUntil).toBeGreaterThan(before);
      expect(inProgressUntil).toBeLessThanOrEqual(Date.now() + 10_000);
    }
  });

  it('reports a message whose end could not be published, for SQS to deliver again', async () => {
    // Prepare
    const { handlerParts } = parts();
    const handler = trackerHandler({
      ...handlerParts,
      publishEnd: async () => {
        throw new Error('bus gone');
      },
    });
    const record = sqsRecord(job);

    // Act
    const response = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
  });

  it('starts no message once the deadline has passed, and leaves it for SQS to deliver again', async () => {
    // Prepare: less time left than the reserve kept back to answer (the deadline fires 1 ms
    // after the invocation starts), and a first message whose end is published later than that
    const { ends, handlerParts } = parts();
    const handler = trackerHandler({
      ...handlerParts,
      publishEnd: async (ended: TrackingJob, end: OperationEnd) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        ends.push({ job: ended, end });
      },
    });
    const second = { ...job, operation_id: `${job.operation_id}9` };
    const records = [sqsRecord(job), sqsRecord(second)];

    // Act
    const response = await handler(sqsEvent(...records), lambdaContext({ remainingMs: 500 }));

    // Assess: the first was handled, the second never started
    expect(ends.map((end) => end.job.operation_id)).toEqual([job.operation_id]);
    expect(response.batchItemFailures).toContainEqual({ itemIdentifier: records[1]?.messageId });
  });
});
