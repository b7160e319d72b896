/**
 * Events arrive at least once: the real event bundles against the simulator, with the
 * idempotency table, outcome bus and dead-letter queue in moto, as `serverless.yml` deploys
 * them. A redelivery must never quit or remove twice.
 */
import { describe, expect, it, vi } from 'vitest';
import { requestKey } from '../../lib/idempotency/idempotency-key.ts';
import { defaultSeed } from '../../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../helpers/aws-events.ts';
import { loadBundle } from '../helpers/bundles.ts';
import { useEventStack } from '../helpers/event-stack.ts';
import { quitConsortiumBody } from '../helpers/events.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { startScriptedServer } from '../helpers/scripted-server.ts';

const { demo } = defaultSeed;
const stack = useEventStack();
const { env, bcsRequests } = stack;
const QUIT = 'BCS Quit Consortium Requested';
const quitDetail = (correlationId?: string) => ({
  path: { project_id: demo.projectId },
  body: quitConsortiumBody(),
  ...(correlationId && { correlation_id: correlationId }),
});
const removeOrg3 = (extra: Record<string, unknown> = {}) => ({
  operation: 'remove-channel-orgs',
  path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
  body: { org_names: ['org3'] },
  ...extra,
});
const logMessages = () => takeLogs().lines.map((line) => line.message);
/** What an SQS function logs for a record it could not check for duplicates: nothing was run. */
const TABLE_UNAVAILABLE_LINES = [
  expect.objectContaining({
    level: 'error',
    message: 'idempotency store unavailable; the request was not run',
  }),
  expect.objectContaining({ level: 'error', error_code: 'BCSGW.5030001', retryable: true }),
];

describe('eventbridge-offboard: a redelivered event', () => {
  it('is not run again: it gets the first outcome, logged, and publishes nothing new', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());
    const event = eventBridgeEvent(QUIT, quitDetail('offboarding-7'));
    await handler(event, lambdaContext());
    takeLogs();

    // Act
    const again = await handler(event, lambdaContext());

    // Assess
    expect(again).toBeUndefined();
    expect(bcsRequests()).toHaveLength(1);
    expect(await stack.aws.outcomes()).toHaveLength(1);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'duplicate request, not run again (completed)',
        correlation_id: 'offboarding-7',
        result: 'succeeded',
        operation_id: stack.sim.operations()[0]?.operation_id,
        duplicate: expect.objectContaining({
          state: 'completed',
          first_correlation_id: 'offboarding-7',
        }),
      }),
    ]);
  });

  it('is caught when the producer sent it twice, with new event ids and no correlation id', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());

    // Act
    await handler(eventBridgeEvent(QUIT, quitDetail()), lambdaContext());
    await handler(eventBridgeEvent(QUIT, quitDetail()), lambdaContext());

    // Assess
    expect(bcsRequests()).toHaveLength(1);
  });

  it('runs again when the workflow gives a new correlation id: that is a new request', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());

    // Act
    await handler(eventBridgeEvent(QUIT, quitDetail('run-1')), lambdaContext());
    await handler(eventBridgeEvent(QUIT, quitDetail('run-2')), lambdaContext());

    // Assess
    expect(bcsRequests()).toHaveLength(2);
  });

  it('arriving while the first still runs is asked to retry later (409), and then gets the outcome', async () => {
    // Prepare
    stack.sim.inject({ service: 'bcs', mode: 'delay', delayMs: 800 });
    const [first, second] = await Promise.all([
      loadBundle('eventbridge-offboard', env()),
      loadBundle('eventbridge-offboard', env()),
    ]);
    const event = eventBridgeEvent(QUIT, quitDetail('offboarding-8'));

    // Act: two containers get the same event at once; Lambda retries the one that throws
    const running = first(event, lambdaContext());
    await vi.waitFor(() => expect(bcsRequests()).toHaveLength(1));
    const concurrent = second(event, lambdaContext()).catch((error: Error) => error);
    const [, thrown] = await Promise.all([running, concurrent]);
    const retried = await second(event, lambdaContext());

    // Assess
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(
      /^BCSGW\.4090001: The same request is already running/,
    );
    expect(retried).toBeUndefined();
    expect(bcsRequests()).toHaveLength(1);
    expect((await stack.aws.outcomes()).map((event) => event.detail.result)).toEqual(['succeeded']);
  });
});

describe('sqs-offboard: a redelivered message', () => {
  it('is done once when the same request comes twice in one batch', async () => {
    // Prepare
    const handler = await loadBundle('sqs-offboard', env());
    const batch = sqsEvent(sqsRecord(removeOrg3()), sqsRecord(removeOrg3()));

    // Act
    const response = await handler(batch, lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(bcsRequests()).toHaveLength(1);
    expect(logMessages()).toEqual([
      'operation succeeded',
      'duplicate request, not run again (completed)',
    ]);
  });

  it('that may have been applied is moved to the dead-letter queue again, never resent', async () => {
    // Prepare
    stack.sim.inject({ service: 'bcs', mode: 'status', status: 500, times: 5 });
    const handler = await loadBundle('sqs-offboard', env());
    const record = sqsRecord(removeOrg3());

    // Act: the first delivery, then SQS delivering it again (a DLQ send that failed, say)
    await handler(sqsEvent(record), lambdaContext());
    await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(bcsRequests()).toHaveLength(1);
    const deadLetters = await stack.aws.deadLetters();
    expect(deadLetters).toHaveLength(2);
    for (const message of deadLetters) {
      expect(message.body).toBe(record.body);
      expect(message.attributes).toMatchObject({ may_have_been_applied: 'true' });
    }
  });

  it('that was not applied (BCS busy) is run again on redelivery', async () => {
    // Prepare
    stack.sim.inject({ service: 'bcs', mode: 'status', status: 503 });
    const handler = await loadBundle('sqs-offboard', env());
    const record = sqsRecord(removeOrg3());

    // Act
    const first = await handler(sqsEvent(record), lambdaContext());
    const redelivered = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(bcsRequests()).toHaveLength(2);
    expect(stack.sim.operations()).toHaveLength(1);
  });

  it('whose first run stopped without a record is refused as possibly applied, not resent', async () => {
    // Prepare: the claim a container left when it was stopped mid-call (out of memory, say)
    const message = removeOrg3({ correlation_id: 'offboarding-9' });
    const now = Date.now();
    await stack.table.plant({
      id: requestKey(
        'remove-channel-orgs',
        { path: message.path, body: message.body },
        'offboarding-9',
      ),
      status: 'IN_PROGRESS',
      claim_id: 'lost-claim',
      correlation_id: 'offboarding-9',
      created_at: now - 120_000,
      in_progress_until: now - 90_000,
      expiration: Math.floor(now / 1000) + 3000,
    });
    const handler = await loadBundle('sqs-offboard', env());

    // Act
    const response = await handler(sqsEvent(sqsRecord(message)), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(bcsRequests()).toHaveLength(0);
    const [deadLetter] = await stack.aws.deadLetters();
    expect(deadLetter?.attributes).toMatchObject({
      error_code: 'BCSGW.4090002',
      may_have_been_applied: 'true',
    });
    const [published] = await stack.aws.outcomes();
    expect(published?.detail).toMatchObject({
      error_code: 'BCSGW.4090002',
      correlation_id: 'offboarding-9',
    });
  });

  it('is left on its queue, with nothing sent, when the idempotency table cannot be reached', async () => {
    // Prepare
    const handler = await loadBundle(
      'sqs-offboard',
      env({ IDEMPOTENCY_TABLE_NAME: 'no-such-table' }),
    );
    const record = sqsRecord(removeOrg3());

    // Act
    const response = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(bcsRequests()).toHaveLength(0);
    expect(takeLogs().lines).toEqual(TABLE_UNAVAILABLE_LINES);
  });

  it('is left on its queue, with nothing sent, when the idempotency table does not answer', async () => {
    // Prepare
    const silentTable = await startScriptedServer();
    silentTable.respondWith(() => ({ action: 'hang' }));
    const handler = await loadBundle(
      'sqs-offboard',
      env({ AWS_ENDPOINT_URL_DYNAMODB: silentTable.url }),
    );
    const record = sqsRecord(removeOrg3());

    // Act: the claim waits until the deadline signal, a second before Lambda's end
    const response = await handler(sqsEvent(record), lambdaContext({ remainingMs: 2000 }));
    await silentTable.stop();

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(silentTable.requests).toHaveLength(1);
    expect(bcsRequests()).toHaveLength(0);
    expect(takeLogs().lines).toEqual(TABLE_UNAVAILABLE_LINES);
  });
});
