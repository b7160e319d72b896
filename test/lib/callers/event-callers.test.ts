/**
 * The event callers' handlers (SQS, EventBridge) assembled from stand-in parts: the BCS and IAM
 * simulator over loopback, and a publisher and dead-letter sender that keep what they are
 * given. What the deployed functions do end to end is in test/functions/event-functions.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../lib/callers/body-limit.ts';
import { eventBridgeHandler } from '../../../lib/callers/eventbridge.ts';
import { sqsHandler } from '../../../lib/callers/sqs.ts';
import { configFrom, upstreamConfig } from '../../../lib/config/config.ts';
import { createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import type { Failed, Outcome } from '../../../lib/pipeline/outcome.ts';
import type { DeadLetter } from '../../../lib/publishing/dead-letter-queue.ts';
import type { OutcomeOrigin } from '../../../lib/publishing/publish-outcome.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../../helpers/aws-events.ts';
import { simulatorEnv } from '../../helpers/bundles.ts';
import { quitConsortiumBody } from '../../helpers/events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';

const { demo } = defaultSeed;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.reset();
  takeLogs();
});

const quitPath = { project_id: demo.projectId };
const quitBody = () => quitConsortiumBody();

/** The parts of an event handler: the simulator's BCS, and stand-ins that keep what they get. */
const parts = (env: Record<string, string | undefined> = {}) => {
  const config = configFrom(simulatorEnv(sim, env));
  const published: { outcome: Outcome; origin: OutcomeOrigin }[] = [];
  const deadLetters: DeadLetter[] = [];
  return {
    published,
    deadLetters,
    handlerParts: {
      config: () => config,
      pipeline: () => ({ config, callBcs: createBcsCaller(() => upstreamConfig(config)) }),
      idempotencyStore: () => undefined,
      publish: async (outcome: Outcome, origin: OutcomeOrigin) => {
        published.push({ outcome, origin });
      },
      sendToDeadLetterQueue: async (message: DeadLetter) => {
        deadLetters.push(message);
      },
    },
  };
};

describe('sqsHandler', () => {
  it('runs a message, publishes its outcome with the project, and reports no failure', async () => {
    // Prepare
    const { published, handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    const message = { operation: 'quit-consortium', path: quitPath, body: quitBody() };

    // Act
    const response = await handler(
      sqsEvent(sqsRecord({ ...message, correlation_id: 'wf-1' })),
      lambdaContext(),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sim.operations()).toHaveLength(1);
    expect(published).toEqual([
      {
        origin: { trigger: 'sqs', correlation_id: 'wf-1' },
        outcome: expect.objectContaining({
          result: 'succeeded',
          project_id: demo.projectId,
          operation_id: sim.operations()[0]?.operation_id,
        }),
      },
    ]);
  });

  it('moves a malformed message to the dead-letter queue, naming its fault, and never retries it', async () => {
    // Prepare
    const { deadLetters, handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    const record = sqsRecord({ operation: 'quit-consortium', path: {}, body: {} });

    // Act
    const response = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sim.requests).toHaveLength(0);
    expect(deadLetters).toEqual([
      expect.objectContaining({
        messageId: record.messageId,
        body: record.body,
        outcome: expect.objectContaining({ error_code: 'BCSGW.4000001', delivery: 'final' }),
      }),
    ]);
  });

  it('leaves a message SQS may retry when nothing reached BCS (IAM busy)', async () => {
    // Prepare
    const { deadLetters, handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    const record = sqsRecord({ operation: 'quit-consortium', path: quitPath, body: quitBody() });
    sim.inject({ service: 'iam', mode: 'status', status: 429 });

    // Act
    const response = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(deadLetters).toEqual([]);
  });

  it('leaves a message for SQS when the dead-letter queue does not take it, and logs why', async () => {
    // Prepare
    const { handlerParts } = parts();
    const handler = sqsHandler({
      ...handlerParts,
      sendToDeadLetterQueue: async () => {
        throw new Error('queue gone');
      },
    });
    const record = sqsRecord('not json');

    // Act
    const response = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'message not moved to the dead-letter queue; left for SQS to retry',
        message_id: record.messageId,
      }),
    );
  });

  it('holds every record after a failed one on a FIFO queue, to keep their order', async () => {
    // Prepare
    const { handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    sim.inject({ service: 'iam', mode: 'status', status: 429 });
    const queue = 'bcs-offboard-requests.fifo';
    const message = { operation: 'quit-consortium', path: quitPath, body: quitBody() };
    const first = sqsRecord(message, { queue });
    const second = sqsRecord(message, { queue });

    // Act
    const response = await handler(sqsEvent(first, second), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: first.messageId },
      { itemIdentifier: second.messageId },
    ]);
  });
  it('logs the outcome with who sent it (the queue) under the invocation and the correlation id', async () => {
    // Prepare
    const { handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    const message = { operation: 'quit-consortium', path: quitPath, body: quitBody() };
    const record = sqsRecord({ ...message, correlation_id: 'wf-3' });
    const context = lambdaContext();

    // Act
    await handler(sqsEvent(record), context);

    // Assess
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        message: 'operation succeeded',
        aws_request_id: context.awsRequestId,
        trigger: 'sqs',
        correlation_id: 'wf-3',
        who: { type: 'sqs', id: record.eventSourceARN },
      }),
    );
  });

  it('claims a request until the end of the invocation, counted from the clock given', async () => {
    // Prepare
    const { handlerParts } = parts();
    const claims: { now: number; inProgressUntil: number }[] = [];
    const handler = sqsHandler({
      ...handlerParts,
      now: () => 1_000_000,
      idempotencyStore: () => ({
        claim: async (key, request) => {
          claims.push(request);
          const { correlationId, now: createdAt } = request;
          return { claimed: true, claim: { key, claimId: 'c-1', correlationId, createdAt } };
        },
        complete: async () => undefined,
        release: async () => undefined,
      }),
    });
    const message = { operation: 'quit-consortium', path: quitPath, body: quitBody() };

    // Act
    await handler(sqsEvent(sqsRecord(message)), lambdaContext({ remainingMs: 10_000 }));

    // Assess: the clock given, plus what is left of the invocation (at most 10 s)
    expect(claims).toHaveLength(1);
    expect(claims[0]?.inProgressUntil).toBeGreaterThan(1_000_000);
    expect(claims[0]?.inProgressUntil).toBeLessThanOrEqual(1_010_000);
  });

  it('starts no record once the deadline has passed, and leaves it for SQS to retry', async () => {
    // Prepare: less time left than the reserve kept back to answer (the deadline fires 1 ms
    // after the invocation starts), and a first record whose report ends later than that
    const { published, handlerParts } = parts();
    const handler = sqsHandler({
      ...handlerParts,
      publish: async (outcome, origin) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        published.push({ outcome, origin });
      },
    });
    const message = { operation: 'quit-consortium', path: quitPath, body: quitBody() };
    const [first, second] = [sqsRecord(message), sqsRecord(message)];

    // Act
    const response = await handler(sqsEvent(first, second), lambdaContext({ remainingMs: 500 }));

    // Assess: the first was settled (and reported), the second never started
    expect(published.map(({ origin }) => origin.correlation_id)).toEqual([first.messageId]);
    expect(response.batchItemFailures).toContainEqual({ itemIdentifier: second.messageId });
  });

  it('runs every record after a failed one on a standard queue, where order is not kept', async () => {
    // Prepare: the first record is left for a retry (the dead-letter queue refuses it)
    const { published, handlerParts } = parts();
    const handler = sqsHandler({
      ...handlerParts,
      sendToDeadLetterQueue: async () => {
        throw new Error('queue gone');
      },
    });
    const first = sqsRecord('not json');
    const second = sqsRecord({ operation: 'quit-consortium', path: quitPath, body: quitBody() });

    // Act
    const response = await handler(sqsEvent(first, second), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: first.messageId }]);
    expect(published.map(({ outcome }) => outcome.result)).toEqual(['failed', 'succeeded']);
  });

  it('runs the next record of a FIFO queue when the one before succeeded', async () => {
    // Prepare
    const { published, deadLetters, handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    const queue = 'bcs-offboard-requests.fifo';
    const first = sqsRecord(
      { operation: 'quit-consortium', path: quitPath, body: quitBody() },
      { queue },
    );
    const second = sqsRecord('not json', { queue });

    // Act
    const response = await handler(sqsEvent(first, second), lambdaContext());

    // Assess: the second ran, and failed for good
    expect(response.batchItemFailures).toEqual([]);
    expect(published.map(({ outcome }) => outcome.result)).toEqual(['succeeded', 'failed']);
    expect(deadLetters.map((letter) => letter.messageId)).toEqual([second.messageId]);
  });

  it("moves a final failure of a FIFO message with its group and the caller's correlation id", async () => {
    // Prepare
    const { deadLetters, handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    const queue = 'bcs-offboard-requests.fifo';
    const record = sqsRecord(
      { operation: 'quit-consortium', path: {}, body: {}, correlation_id: 'wf-4' },
      { queue },
    );

    // Act
    await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(deadLetters).toEqual([
      {
        body: record.body,
        messageId: record.messageId,
        messageGroupId: 'offboarding',
        correlationId: 'wf-4',
        outcome: expect.objectContaining({ result: 'failed', operation: 'quit-consortium' }),
      },
    ]);
  });

  it('reads the correlation id of an unreadable message of exactly 64 KiB, not of a longer one', async () => {
    // Prepare: an operation that does not exist, so that each message is unreadable
    const { deadLetters, handlerParts } = parts();
    const handler = sqsHandler(handlerParts);
    const text = JSON.stringify({ operation: 'delete-everything', correlation_id: 'wf-5' });
    const atLimit = sqsRecord(text.padEnd(MAX_BODY_BYTES, ' '));
    const overLimit = sqsRecord(text.padEnd(MAX_BODY_BYTES + 1, ' '));

    // Act
    await handler(sqsEvent(atLimit, overLimit), lambdaContext());

    // Assess
    expect(deadLetters.map((letter) => letter.correlationId)).toEqual([
      'wf-5',
      overLimit.messageId,
    ]);
    expect(deadLetters.map((letter) => letter.outcome.error_code)).toEqual([
      'BCSGW.4000001',
      'BCSGW.4130001',
    ]);
  });
});

describe('eventBridgeHandler', () => {
  it('runs the operation its detail-type names and publishes the outcome', async () => {
    // Prepare
    const { published, handlerParts } = parts();
    const handler = eventBridgeHandler(handlerParts);
    const event = eventBridgeEvent('BCS Quit Consortium Requested', {
      path: quitPath,
      body: quitBody(),
      correlation_id: 'wf-2',
    });

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(sim.operations()).toHaveLength(1);
    expect(published).toEqual([
      {
        origin: { trigger: 'eventbridge', correlation_id: 'wf-2' },
        outcome: expect.objectContaining({ result: 'succeeded', project_id: demo.projectId }),
      },
    ]);
  });

  it('throws for Lambda to retry only when nothing reached BCS', async () => {
    // Prepare
    const { published, handlerParts } = parts();
    const handler = eventBridgeHandler(handlerParts);
    sim.inject({ service: 'iam', mode: 'status', status: 429 });
    const event = eventBridgeEvent('BCS Quit Consortium Requested', {
      path: quitPath,
      body: quitBody(),
    });

    // Act
    const settled = await handler(event, lambdaContext()).catch((error: unknown) => error);

    // Assess
    expect(settled).toMatchObject({ name: 'RetryableOutcomeError', code: 'BCSGW.5020001' });
    expect(published).toHaveLength(1);
    const outcome = published[0]?.outcome as Failed;
    expect((settled as Error).message).toBe(`BCSGW.5020001: ${outcome.error_msg}`);
  });

  it('refuses an event from a source it does not trust, and publishes nothing', async () => {
    // Prepare
    const { published, handlerParts } = parts({ ALLOWED_EVENT_SOURCES: 'acme.hr' });
    const handler = eventBridgeHandler(handlerParts);
    const event = eventBridgeEvent('BCS Quit Consortium Requested', { path: quitPath, body: {} });

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(published).toEqual([]);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({ message: 'event refused: its source is not trusted' }),
    );
  });

  it('logs an outcome it could not publish, without failing the invocation', async () => {
    // Prepare
    const { handlerParts } = parts();
    const handler = eventBridgeHandler({
      ...handlerParts,
      publish: async () => {
        throw new Error('bus gone');
      },
    });
    const event = eventBridgeEvent('BCS Quit Consortium Requested', { path: {}, body: {} });

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'outcome not published; the line above is its record',
        trigger: 'eventbridge',
        correlation_id: event.id,
      }),
    );
  });
  it('logs the outcome with who sent it (source and account) under the invocation and the correlation id', async () => {
    // Prepare
    const { handlerParts } = parts();
    const handler = eventBridgeHandler(handlerParts);
    const event = eventBridgeEvent('BCS Quit Consortium Requested', {
      path: quitPath,
      body: quitBody(),
      correlation_id: 'wf-6',
    });
    const context = lambdaContext();

    // Act
    await handler(event, context);

    // Assess
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        message: 'operation succeeded',
        aws_request_id: context.awsRequestId,
        trigger: 'eventbridge',
        correlation_id: 'wf-6',
        who: { type: 'eventbridge', id: event.source, account: event.account },
      }),
    );
  });

  it('claims a request until the end of the invocation, counted from the clock given', async () => {
    // Prepare
    const { handlerParts } = parts();
    const claims: number[] = [];
    const handler = eventBridgeHandler({
      ...handlerParts,
      now: () => 1_000_000,
      idempotencyStore: () => ({
        claim: async (key, { correlationId, now: createdAt, inProgressUntil }) => {
          claims.push(inProgressUntil);
          return { claimed: true, claim: { key, claimId: 'c-1', correlationId, createdAt } };
        },
        complete: async () => undefined,
        release: async () => undefined,
      }),
    });
    const event = eventBridgeEvent('BCS Quit Consortium Requested', {
      path: quitPath,
      body: quitBody(),
    });

    // Act
    await handler(event, lambdaContext({ remainingMs: 10_000 }));

    // Assess: the clock given, plus what is left of the invocation (at most 10 s)
    expect(claims).toHaveLength(1);
    expect(claims[0]).toBeGreaterThan(1_000_000);
    expect(claims[0]).toBeLessThanOrEqual(1_010_000);
  });

  it('reports an unreadable event under the operation its detail-type names and the correlation id given', async () => {
    // Prepare
    const { published, handlerParts } = parts();
    const handler = eventBridgeHandler(handlerParts);
    const event = eventBridgeEvent('BCS Quit Consortium Requested', {
      path: quitPath,
      body: quitBody(),
      correlation_id: 'wf 7',
    });

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(sim.requests).toHaveLength(0);
    expect(published).toEqual([
      {
        origin: { trigger: 'eventbridge', correlation_id: 'wf 7' },
        outcome: expect.objectContaining({
          result: 'failed',
          operation: 'quit-consortium',
          error_code: 'BCSGW.4000001',
        }),
      },
    ]);
  });

  it("reports an event whose detail-type names no operation as the 'unknown' one, under the event's id", async () => {
    // Prepare
    const { published, handlerParts } = parts();
    const handler = eventBridgeHandler(handlerParts);
    const event = eventBridgeEvent('BCS Delete Everything Requested', {
      operation: 'quit-consortium',
      path: quitPath,
      body: quitBody(),
    });

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(published).toEqual([
      {
        origin: { trigger: 'eventbridge', correlation_id: event.id },
        outcome: expect.objectContaining({ operation: 'unknown', error_code: 'BCSGW.4000001' }),
      },
    ]);
  });
});
