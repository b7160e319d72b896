/**
 * The operation tracker against moto (the tracking queue, the outcome bus copied into a queue,
 * the idempotency table) and the simulator, whose operations take time: each look-up is one
 * SQS record handed to the handler, as the event source mapping hands it; the look-up it queues
 * is read from the SendMessage it made (with its DelaySeconds), and delivered when that delay
 * has passed on a clock the simulator and the tracker share. ListOpRecord is read over
 * loopback with a caller token (`loopbackRecordsReader`); the built bundle, last, uses its
 * deployed reader (ListOpRecord through the request pipeline).
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClient } from '../../lib/aws/aws-client.ts';
import { readAwsConfig } from '../../lib/aws/aws-config.ts';
import { trackerHandler } from '../../lib/callers/operation-tracker.ts';
import { configFrom } from '../../lib/config/config.ts';
import { trackerConfig } from '../../lib/config/tracker-config.ts';
import { dynamoDbIdempotencyStore } from '../../lib/idempotency/idempotency-store.ts';
import { endPublisher } from '../../lib/tracking/publish-end.ts';
import { lookUpQueuer } from '../../lib/tracking/queue-next-look-up.ts';
import type { TrackingJob } from '../../lib/tracking/tracking-job.ts';
import { acceptedRuleTransformer, applyInputTransformer } from '../../scripts/accepted-rule.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { type AwsCallRecorder, startAwsCallRecorder } from '../helpers/aws-call-recorder.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../helpers/aws-events.ts';
import { createOutcomeInfrastructure } from '../helpers/aws-queues.ts';
import { loadBundle, simulatorEnv } from '../helpers/bundles.ts';
import { createIdempotencyTable } from '../helpers/idempotency-table.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { MOTO_CREDENTIALS, MOTO_ENV, type Moto, startMoto } from '../helpers/moto.ts';
import { type ResponseSink, startResponseSink } from '../helpers/slack.ts';
import {
  acceptedOperation,
  failOperation,
  loopbackRecordsReader,
  startLaggingBcs,
} from '../helpers/tracking.ts';

const { demo } = defaultSeed;
const START = Date.parse('2026-11-23T09:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** When the simulator's operations turn processing, then finished, after acceptance. */
const DELAYS = { processing: 20 * SECOND, finished: 100 * SECOND };
const QUEUE = 'bcs-offboard-dev-tracking';

let now = START;
let sim: Simulator;
let moto: Moto;
let recorder: AwsCallRecorder;
let outcomes: Awaited<ReturnType<typeof createOutcomeInfrastructure>>;
let table: Awaited<ReturnType<typeof createIdempotencyTable>>;
let lagging: Awaited<ReturnType<typeof startLaggingBcs>>;
let sink: ResponseSink;
let env: Record<string, string>;

beforeAll(async () => {
  [sim, moto, sink] = await Promise.all([
    startSimulator({ clock: () => now, operationDelaysMs: DELAYS }),
    startMoto(),
    startResponseSink(),
  ]);
  [recorder, lagging] = await Promise.all([startAwsCallRecorder(moto.url), startLaggingBcs(sim)]);
  [outcomes, table] = await Promise.all([
    createOutcomeInfrastructure(moto),
    createIdempotencyTable(moto),
  ]);
  // Through the recorder: the queue's URL is on its host, so SendMessage is recorded too.
  const sqs = new SQSClient({
    endpoint: recorder.url,
    region: MOTO_ENV.AWS_REGION,
    credentials: MOTO_CREDENTIALS,
  });
  const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: QUEUE }));
  await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  env = {
    ...MOTO_ENV,
    AWS_ENDPOINT_URL: recorder.url,
    TRACKING_QUEUE_URL: QueueUrl,
    IDEMPOTENCY_TABLE_NAME: table.tableName,
    OUTCOME_EVENT_BUS_NAME: outcomes.busName,
    SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com,127.0.0.1',
  };
});
afterAll(async () => {
  await Promise.all([sim?.stop(), moto?.stop(), recorder?.stop(), lagging?.stop(), sink?.stop()]);
});
beforeEach(async () => {
  now = START;
  sim.reset();
  lagging.unknownFor(0);
  sink.clear();
  await Promise.all([outcomes.purge(), table.clear()]);
  recorder.clear();
  takeLogs();
});

/**
 * The tracker as deployed but for its reader (loopback), its clock (the test's) and its AWS
 * client (moto's, through the recorder).
 */
const tracker = (
  overrides: Record<string, string> = {},
  readerEndpoint: () => string = () => sim.url,
) => {
  const config = configFrom({ ...env, ...overrides });
  const aws = createAwsClient({ config: readAwsConfig(env) });
  return trackerHandler({
    config: () => config,
    idempotencyStore: () => dynamoDbIdempotencyStore({ ...trackerConfig(config), aws }),
    publishEnd: endPublisher(() => config, aws),
    queueNextLookUp: lookUpQueuer(() => config, aws),
    readOperationRecords: loopbackRecordsReader(sim, readerEndpoint),
    now: () => now,
  });
};

type Handler = ReturnType<typeof tracker>;

/** The look-ups each delivery queued: their delay and body, in order. */
const queuedLookUps = () =>
  recorder.calls
    .filter((call) => call.operation === 'SendMessage' && call.status === 200)
    .map((call) => JSON.parse(call.body) as { DelaySeconds: number; MessageBody: string });

/**
 * Delivers `first`, then every look-up it queues once its delay has passed, until one queues
 * none; the delays, in order.
 */
const followChain = async (handler: Handler, first: TrackingJob | string) => {
  let body = typeof first === 'string' ? first : JSON.stringify(first);
  const delays: number[] = [];
  for (let delivery = 0; delivery < 100; delivery += 1) {
    recorder.clear();
    const response = await handler(sqsEvent(sqsRecord(body, { queue: QUEUE })), lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    const [next, ...others] = queuedLookUps();
    expect(others).toEqual([]);
    if (next === undefined) return delays;
    delays.push(next.DelaySeconds);
    now += next.DelaySeconds * SECOND;
    body = next.MessageBody;
  }
  throw new Error('the chain of look-ups did not end');
};

const endEvents = async () =>
  (await outcomes.outcomes()).filter((event) => event['detail-type'] === 'BCS Offboarding Ended');

describe('operation-tracker, following an operation the simulator carries out over time', () => {
  it('looks again with growing delays while it runs, then publishes one end event: finished', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });

    // Act
    const delays = await followChain(tracker(), job);

    // Assess: waiting at 0 and 10 s, processing at 30 and 70 s, finished at 150 s.
    expect(delays).toEqual([10, 20, 40, 80]);
    const events = await endEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toEqual({
      operation: 'remove-channel-orgs',
      operation_id: job.operation_id,
      project_id: job.project_id,
      correlation_id: 'offboarding-org4',
      trigger: 'eventbridge',
      operation_status: 'finished',
      ended_by: 'bcs',
      messages: [],
      accepted_at: '2026-11-23T09:00:00.000Z',
      ended_at: '2026-11-23T09:02:30.000Z',
      attempts: 5,
    });
    const lines = takeLogs().lines.map((line) => [line.message, line.operation_status]);
    expect(lines).toEqual([
      ['operation not ended; next look-up queued', 'waiting'],
      ['operation not ended; next look-up queued', 'waiting'],
      ['operation not ended; next look-up queued', 'processing'],
      ['operation not ended; next look-up queued', 'processing'],
      ['operation ended', 'finished'],
    ]);
  });

  it('queues each look-up on the tracking queue itself, as a delayed message', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });

    // Act
    await tracker()(sqsEvent(sqsRecord(job, { queue: QUEUE })), lambdaContext());

    // Assess
    const [sent] = recorder.calls.filter((call) => call.operation === 'SendMessage');
    expect(sent?.status).toBe(200);
    const { MessageBody, ...input } = JSON.parse(sent?.body ?? '');
    expect(input).toEqual({ QueueUrl: env.TRACKING_QUEUE_URL, DelaySeconds: 10 });
    expect(JSON.parse(MessageBody)).toEqual({ ...job, attempt: 2 });
  });

  it('publishes failed, with BCS message, for an operation the simulator fails', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });
    const handler = tracker();
    await handler(sqsEvent(sqsRecord(job, { queue: QUEUE })), lambdaContext());
    now += 30 * SECOND;
    await failOperation(sim, job.operation_id, 'peer unreachable');
    const [next] = queuedLookUps();

    // Act
    const delays = await followChain(handler, next?.MessageBody ?? '');

    // Assess
    expect(delays).toEqual([]);
    const events = await endEvents();
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        operation_id: job.operation_id,
        operation_status: 'failed',
        ended_by: 'bcs',
        messages: ['peer unreachable'],
        attempts: 2,
      }),
    ]);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'operation ended',
        operation_status: 'failed',
      }),
    );
  });

  it('reads count 0 as "not known yet" and keeps looking until BCS knows the operation', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });
    lagging.unknownFor(3);

    // Act
    const delays = await followChain(
      tracker({}, () => lagging.url),
      job,
    );

    // Assess: unknown at 0, 10 and 30 s; processing at 70 s; finished at 150 s.
    expect(lagging.answeredUnknown).toBe(3);
    expect(delays).toEqual([10, 20, 40, 80]);
    const events = await endEvents();
    expect(events.map((event) => event.detail.operation_status)).toEqual(['finished']);
    const statuses = takeLogs().lines.map((line) => line.operation_status);
    expect(statuses.slice(0, 3)).toEqual(['not-known', 'not-known', 'not-known']);
  });

  it('stops at the maximum age with operation_status unknown when BCS never knows the operation', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });
    lagging.unknownFor(Number.POSITIVE_INFINITY);

    // Act
    const delays = await followChain(
      tracker({ TRACKING_MAX_AGE_SECONDS: '300' }, () => lagging.url),
      job,
    );

    // Assess: the last delay is cut so that the last look-up falls on the maximum age.
    expect(delays).toEqual([10, 20, 40, 80, 150]);
    expect(now).toBe(START + 300 * SECOND);
    const events = await endEvents();
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        operation_id: job.operation_id,
        operation_status: 'unknown',
        ended_by: 'max-age',
        messages: [],
        attempts: 6,
      }),
    ]);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'maximum age reached; tracking stopped',
        last_status: 'not-known',
        max_age_seconds: 300,
      }),
    );
  });

  it('publishes unknown at once for a message older than the maximum age, if BCS has no end yet', async () => {
    // Prepare: accepted by BCS now, but the message says 6 hours ago.
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now - 6 * 60 * MINUTE });

    // Act
    const delays = await followChain(tracker(), job);

    // Assess
    expect(delays).toEqual([]);
    const events = await endEvents();
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({ operation_status: 'unknown', ended_by: 'max-age', attempts: 1 }),
    ]);
  });
});

describe('operation-tracker, given the same message twice', () => {
  it('starts no second chain from a redelivered look-up', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });
    const handler = tracker();
    const record = sqsRecord(job, { queue: QUEUE });

    // Act: SQS delivers the message again, and EventBridge sends the same event twice.
    await handler(sqsEvent(record), lambdaContext());
    await handler(sqsEvent(record), lambdaContext());
    await handler(sqsEvent(sqsRecord(job, { queue: QUEUE })), lambdaContext());

    // Assess
    expect(queuedLookUps()).toHaveLength(1);
    expect(takeLogs().lines.map((line) => line.message)).toEqual([
      'operation not ended; next look-up queued',
      'duplicate tracking step; nothing done again',
      'duplicate tracking step; nothing done again',
    ]);
  });

  it('publishes the end once when the last look-up is delivered twice, and a forked chain ends silently', async () => {
    // Prepare
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });
    const handler = tracker();
    now += DELAYS.finished;
    const last = sqsRecord({ ...job, attempt: 4 }, { queue: QUEUE });

    // Act: the last look-up twice, then one of another chain of the same operation.
    const responses = [
      await handler(sqsEvent(last), lambdaContext()),
      await handler(sqsEvent(last), lambdaContext()),
      await handler(sqsEvent(sqsRecord({ ...job, attempt: 7 }, { queue: QUEUE })), lambdaContext()),
    ];

    // Assess
    expect(responses).toEqual(Array(3).fill({ batchItemFailures: [] }));
    expect(await endEvents()).toHaveLength(1);
    expect(queuedLookUps()).toEqual([]);
    expect(takeLogs().lines.map((line) => line.message)).toEqual([
      'operation ended',
      'duplicate tracking step; nothing done again',
      'duplicate tracking end; nothing done again',
    ]);
  });

  it('leaves a message another delivery is handling for SQS to deliver again', async () => {
    // Prepare: another delivery claimed this look-up and is still at it.
    const job = await acceptedOperation(sim, ['org4'], { accepted_at: now });
    await table.plant({
      id: `track:${job.operation_id}:1`,
      claim_id: 'another-delivery',
      correlation_id: job.correlation_id,
      created_at: Date.now(),
      status: 'IN_PROGRESS',
      in_progress_until: Date.now() + 60_000,
      expiration: Math.floor(Date.now() / 1000) + 3600,
    });
    const record = sqsRecord(job, { queue: QUEUE });

    // Act
    const response = await tracker()(sqsEvent(record), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
    expect(queuedLookUps()).toEqual([]);
    expect(sim.requests.filter((request) => request.method === 'GET')).toEqual([]);
  });
});

describe('operation-tracker, for an operation started from Slack', () => {
  const slackJob = async (acceptedAt: number) =>
    acceptedOperation(sim, ['org3'], {
      accepted_at: acceptedAt,
      trigger: 'slack',
      correlation_id: 'c6af9ac6-7b61-11e6-9a41-000000000042',
      response_url: sink.url,
      user_id: 'U0ALLOWED1',
      team_id: 'T0TEAM01',
    });

  it('posts the end to the command response_url once, and publishes the end event', async () => {
    // Prepare
    const job = await slackJob(now);

    // Act
    await followChain(tracker(), job);

    // Assess
    expect(sink.posts.map((post) => post.message)).toEqual([
      {
        response_type: 'in_channel',
        text: `:white_check_mark: <@U0ALLOWED1>, operation \`${job.operation_id}\` (remove-channel-orgs) finished.`,
      },
    ]);
    const events = await endEvents();
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({ trigger: 'slack', operation_status: 'finished' }),
    ]);
    expect(JSON.stringify(events)).not.toContain('response_url');
  });

  it('posts nothing once Slack no longer takes posts (30 minutes after the command), and logs the end', async () => {
    // Prepare: the command was typed 29 minutes ago; BCS finishes in 100 s.
    const job = await slackJob(now - 29 * MINUTE);

    // Act
    await followChain(tracker(), job);

    // Assess
    expect(sink.posts).toEqual([]);
    expect((await endEvents()).map((event) => event.detail.operation_status)).toEqual(['finished']);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        message: 'operation end not posted to Slack',
        reason: 'expired',
        operation_id: job.operation_id,
        operation_status: 'finished',
      }),
    );
  });

  it('refuses to post to a response_url off SLACK_RESPONSE_URL_HOSTS, and says so', async () => {
    // Prepare
    const job = await slackJob(now);

    // Act
    await followChain(tracker({ SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com' }), job);

    // Assess
    expect(sink.posts).toEqual([]);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'operation end not posted to Slack',
        reason: 'refused',
      }),
    );
  });
});

describe('eventbridge-offboard → operation-tracker', () => {
  it('follows an operation an event started: its acceptance event, made a tracking message by the outcome rule, ends in one end event naming it', async () => {
    // Prepare: the event function as deployed; the simulator accepts the operation at `now`.
    now = Date.now();
    const offboard = await loadBundle('eventbridge-offboard', { ...simulatorEnv(sim), ...env });
    const request = eventBridgeEvent('BCS Remove Channel Orgs Requested', {
      path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
      body: { org_names: ['org4'] },
      correlation_id: 'offboarding-77',
    });

    // Act: the acceptance event on the bus, what the rule makes of it, then each look-up.
    await offboard(request, lambdaContext());
    const [accepted] = (await outcomes.outcomes()) as unknown as {
      'detail-type': string;
      time: string;
      detail: Record<string, unknown>;
    }[];
    const message = applyInputTransformer(acceptedRuleTransformer(), accepted);
    const delays = await followChain(tracker(), message);

    // Assess
    const [operation] = sim.operations();
    expect(accepted?.['detail-type']).toBe('BCS Offboarding Succeeded');
    expect(accepted?.detail).toMatchObject({
      trigger: 'eventbridge',
      correlation_id: 'offboarding-77',
      operation_id: operation?.operation_id,
      project_id: demo.projectId,
    });
    expect(JSON.parse(message)).toEqual({
      operation: 'remove-channel-orgs',
      operation_id: operation?.operation_id,
      project_id: demo.projectId,
      correlation_id: 'offboarding-77',
      trigger: 'eventbridge',
      accepted_at: accepted?.time,
      attempt: 1,
    });
    expect(delays).toEqual([10, 20, 40, 80]);
    const events = await endEvents();
    expect(events.map((event) => event.detail)).toEqual([
      {
        operation: 'remove-channel-orgs',
        operation_id: operation?.operation_id,
        project_id: demo.projectId,
        correlation_id: 'offboarding-77',
        trigger: 'eventbridge',
        operation_status: 'finished',
        ended_by: 'bcs',
        messages: [],
        accepted_at: new Date(Date.parse(accepted?.time ?? '')).toISOString(),
        ended_at: new Date(now).toISOString(),
        attempts: 5,
      },
    ]);
  });
});

describe('slack-worker → operation-tracker', () => {
  /** What slack-command hands the worker. */
  const workerPayload = (orgs: string[]) => ({
    operation: 'remove-channel-orgs',
    input: {
      path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
      body: { org_names: orgs },
    },
    response_url: sink.url,
    user_id: 'U0ALLOWED1',
    team_id: 'T0TEAM01',
    correlation_id: 'c6af9ac6-7b61-11e6-9a41-000000000007',
  });
  /** The record Lambda's on-success destination sends to the tracking queue. */
  const destinationRecord = (payload: unknown, result: unknown) => ({
    version: '1.0',
    timestamp: new Date(now).toISOString(),
    requestContext: {
      requestId: 'c6af9ac6-7b61-11e6-9a41-000000000008',
      functionArn:
        'arn:aws:lambda:eu-west-1:123456789012:function:bcs-offboard-dev-slack-worker:$LATEST',
      condition: 'Success',
      approximateInvokeCount: 1,
    },
    requestPayload: payload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    responsePayload: result,
  });
  const worker = () =>
    loadBundle('slack-worker', {
      ...simulatorEnv(sim),
      ...env,
      SLACK_RESPONSE_URL_HOSTS: '127.0.0.1',
    });

  it('the worker returns the operation to track, and the tracker posts its end to the same response_url', async () => {
    // Prepare
    const payload = workerPayload(['org3']);

    // Act
    const result = await (await worker())(payload, lambdaContext());
    const [operation] = sim.operations();
    await followChain(tracker(), JSON.stringify(destinationRecord(payload, result)));

    // Assess
    expect(result).toEqual({
      track: expect.objectContaining({
        result: 'succeeded',
        operation: 'remove-channel-orgs',
        operation_id: operation?.operation_id,
      }),
    });
    expect(sink.posts.map((post) => post.message.text)).toEqual([
      expect.stringContaining(`operation id \`${operation?.operation_id}\``),
      `:white_check_mark: <@U0ALLOWED1>, operation \`${operation?.operation_id}\` (remove-channel-orgs) finished.`,
    ]);
    const events = await endEvents();
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        trigger: 'slack',
        correlation_id: payload.correlation_id,
        operation_status: 'finished',
      }),
    ]);
  });

  it('the worker returns nothing to track when BCS refused, or when the command was a duplicate', async () => {
    // Prepare
    const handler = await worker();

    // Act
    const refused = await handler(workerPayload(['no-such-org']), lambdaContext());
    const first = await handler(workerPayload(['org3']), lambdaContext());
    const duplicate = await handler(workerPayload(['org3']), lambdaContext());

    // Assess: null is the record's responsePayload then; the tracker's filter drops it.
    expect(refused).toBeNull();
    expect(first).toHaveProperty('track');
    expect(duplicate).toBeNull();
  });
});

describe('operation-tracker, the built bundle', () => {
  it('queues the next look-up of a new message, and publishes unknown for one past the maximum age, once', async () => {
    // Prepare: the bundle's own reader, ListOpRecord through the request pipeline: the first
    // operation is waiting, the second unknown to BCS (count 0) and past the maximum age.
    const handler = await loadBundle('operation-tracker', { ...simulatorEnv(sim), ...env });
    const fresh = await acceptedOperation(sim, ['org4'], { accepted_at: Date.now() });
    const old = { ...fresh, operation_id: 'BCSSVC01-06-1000000000000000001', accepted_at: 0 };
    const oldRecord = sqsRecord(old, { queue: QUEUE });

    // Act
    const response = await handler(
      sqsEvent(sqsRecord(fresh, { queue: QUEUE }), oldRecord, oldRecord, sqsRecord('{')),
      lambdaContext(),
    );

    // Assess
    expect(response.batchItemFailures).toHaveLength(1);
    const lookUps = queuedLookUps();
    expect(lookUps.map((sent) => [sent.DelaySeconds, JSON.parse(sent.MessageBody)])).toEqual([
      [10, { ...fresh, attempt: 2 }],
    ]);
    expect((await endEvents()).map((event) => event.detail)).toEqual([
      expect.objectContaining({ operation_id: old.operation_id, operation_status: 'unknown' }),
    ]);
  });
});
