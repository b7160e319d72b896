/**
 * The event callers' handlers (SQS, EventBridge) assembled from stand-in parts: the BCS and IAM
 * simulator over loopback, and a publisher and dead-letter sender that keep what they are
 * given. What the deployed functions do end to end is in test/functions/event-functions.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventBridgeHandler } from '../../../lib/callers/eventbridge.ts';
import { sqsHandler } from '../../../lib/callers/sqs.ts';
import { configFrom, upstreamConfig } from '../../../lib/config/config.ts';
import { createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import type { Outcome } from '../../../lib/pipeline/outcome.ts';
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
});
