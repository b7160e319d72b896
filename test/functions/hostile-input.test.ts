/**
 * Hostile input, end to end: fast-check properties hand every deployed bundle what an
 * attacker, a broken client or a confused workflow might, with the embedded simulator (a
 * healthy BCS and IAM), moto (the outcome bus and the dead-letter queue), a stand-in for
 * Lambda's Invoke API and a `response_url` sink, all on loopback. After each run they check:
 *
 * - the handler never throws, except the EventBridge caller's retry signal for a retryable
 *   outcome;
 * - no 5xx of our own: with healthy services, the answers are 2xx, BCS's own errors, or our 4xx;
 * - every failure is `{"error_code", "error_msg"}` within BCS's lengths, with a JSON content type;
 * - every request the simulator received is valid: one of the two BCS routes (path segments
 *   valid and canonically encoded, the body valid for the operation's schema, a valid token)
 *   or the documented IAM sign-in, on the configured host; refused input sent nothing;
 * - nothing went anywhere but the configured services (every request and connection this
 *   process made is recorded through Node's diagnostics channels);
 * - no prototype was polluted.
 */
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyEventV2, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../lib/callers/body-limit.ts';
import { readWorkerPayload } from '../../lib/callers/slack/worker-payload.ts';
import { operationsByName } from '../../lib/operations/catalogue.ts';
import { validate } from '../../lib/schemas/validate.ts';
import { type RecordedRequest, type Simulator, startSimulator } from '../../simulator/index.ts';
import { sqsEvent } from '../helpers/aws-events.ts';
import { createOutcomeInfrastructure } from '../helpers/aws-queues.ts';
import { loadBundle, simulatorEnv } from '../helpers/bundles.ts';
import {
  HTTP_ROUTES,
  type HttpFunctionName,
  hostileEventBridgeEvent,
  hostileFormBody,
  hostileHttpEvent,
  hostileSqsBatch,
  hostileWorkerPayload,
  signedSlackEvent,
  unsignedSlackEvent,
} from '../helpers/hostile-arbitraries.ts';
import {
  INPUT_REFUSALS,
  pollutionSince,
  problemsOfErrorAnswer,
  problemsOfErrorFields,
  problemsOfUpstreamRequest,
  prototypeSnapshot,
  readOperation,
  type SentOperation,
} from '../helpers/hostile-checks.ts';
import { createIdempotencyTable } from '../helpers/idempotency-table.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { MOTO_ENV, type Moto, startMoto } from '../helpers/moto.ts';
import {
  type OutboundRecorder,
  recordOutbound,
  strayOutbound,
} from '../helpers/outbound-requests.ts';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.ts';
import { ALLOWED_USER, type ResponseSink, slackEnv, startResponseSink } from '../helpers/slack.ts';

/**
 * The bus the event functions publish on here: one with no rule, because moto takes 200 ms
 * to route an event to a queue and a property publishes hundreds. That EventBridge took each
 * outcome is proven by the absence of the error line `publishOutcome` would cause; what it
 * published is the outcome line logged (the same fields); event-functions.test.ts reads
 * published outcomes back through a rule.
 */
const UNROUTED_BUS = 'bcs-offboard-outcomes-unrouted';
const MOTO_CLIENT = {
  region: MOTO_ENV.AWS_REGION,
  credentials: {
    accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID,
    secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY,
  },
};

/** A property runs for seconds, not the 20 s of an example test. */
const PROPERTY_TIMEOUT_MS = 120_000;

/** Runs per property: enough to meet every generator branch, within a minute for the file. */
const RUNS = { http: 200, events: 60, slack: 120, worker: 150 } as const;

let sim: Simulator;
let moto: Moto;
let aws: Awaited<ReturnType<typeof createOutcomeInfrastructure>>;
let eventsTable: Awaited<ReturnType<typeof createIdempotencyTable>>;
let slackTable: Awaited<ReturnType<typeof createIdempotencyTable>>;
let sink: ResponseSink;
/** Lambda's Invoke API, as the Slack command reaches it: it takes every invocation (202). */
let lambda: ScriptedServer;
let outbound: OutboundRecorder;
let pollution: ReturnType<typeof prototypeSnapshot>;

beforeAll(async () => {
  [sim, moto, sink, lambda] = await Promise.all([
    startSimulator(),
    startMoto(),
    startResponseSink(),
    startScriptedServer(() => ({ status: 202, headers: { 'x-amzn-requestid': 'local' } })),
  ]);
  [aws, eventsTable, slackTable] = await Promise.all([
    createOutcomeInfrastructure(moto),
    createIdempotencyTable(moto),
    // The Slack functions' region (slackEnv) has a table of its own in moto.
    createIdempotencyTable(moto, { region: 'eu-west-1' }),
  ]);
  await aws.purge();
  await new EventBridgeClient({ endpoint: moto.url, ...MOTO_CLIENT }).send(
    new CreateEventBusCommand({ Name: UNROUTED_BUS }),
  );
  pollution = prototypeSnapshot();
  outbound = recordOutbound();
});
afterAll(async () => {
  outbound?.stop();
  await Promise.all([sim?.stop(), moto?.stop(), sink?.stop(), lambda?.stop()]);
});

/** What one run did: its result or what it threw, and what it sent, where, and logged. */
interface Observed<T> {
  result: T | undefined;
  thrown: unknown;
  /** The requests the simulator received during the run. */
  upstream: RecordedRequest[];
  logs: Record<string, unknown>[];
  /** Problems found with the run's requests, destinations and prototypes. */
  problems: string[];
}

/** Runs `act` and observes it; `allowed` are the origins it may reach. */
const observe = async <T>(act: () => Promise<T>, allowed: string[]): Promise<Observed<T>> => {
  const before = sim.requests.length;
  outbound.clear();
  takeLogs();
  let result: T | undefined;
  let thrown: unknown;
  try {
    result = await act();
  } catch (error) {
    thrown = error;
  }
  const upstream = sim.requests.slice(before);
  return {
    result,
    thrown,
    upstream,
    logs: takeLogs().lines,
    problems: [
      ...upstream.flatMap((request) => problemsOfUpstreamRequest(request, sim.url)),
      ...strayOutbound(outbound.all(), allowed).map(
        (stray) => `reached ${stray.origin}${stray.path}`,
      ),
      ...pollutionSince(pollution),
    ],
  };
};

const bcsPuts = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => request.service === 'bcs');

/** The body an HTTP event carries, parsed as the function would read it (or undefined). */
const parsedBody = (event: APIGatewayProxyEventV2): unknown => {
  if (typeof event.body !== 'string') return undefined;
  try {
    return JSON.parse(
      event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body,
    );
  } catch {
    return undefined;
  }
};

/** `JSON.stringify`'s size of a value, or undefined where it cannot tell (too deep). */
const jsonSize = (value: unknown): number | undefined => {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : Buffer.byteLength(text);
  } catch {
    return undefined;
  }
};

describe.each(Object.keys(HTTP_ROUTES) as HttpFunctionName[])('%s', (name) => {
  it(
    "answers any API Gateway event with BCS's answer or a 4xx of ours, and sends BCS only the caller's valid request",
    async () => {
      // Prepare
      const handler = await loadBundle(name, simulatorEnv(sim));
      const route = HTTP_ROUTES[name];
      let reachedBcs = 0;

      await fc.assert(
        fc.asyncProperty(hostileHttpEvent(name), async (event) => {
          // Prepare: what the caller asked for (middy parses the body into the event itself)
          const asked = {
            path: Object.fromEntries(
              Object.keys(route.known).map((key) => [key, event.pathParameters?.[key]]),
            ),
            body: parsedBody(event),
          };

          // Act
          const seen = await observe(() => handler(event, lambdaContext()), [sim.url]);

          // Assess
          expect(seen.thrown).toBeUndefined();
          expect(seen.problems).toEqual([]);
          const answer = seen.result as {
            statusCode: number;
            headers: Record<string, string>;
            body: string;
          };
          expect(answer.statusCode).toBeLessThan(500);
          const puts = bcsPuts(seen.upstream);
          if (puts.length > 0) reachedBcs += 1;
          if (answer.statusCode >= 200 && answer.statusCode < 300) {
            expect(JSON.parse(answer.body)).toHaveProperty('operation_id');
          } else {
            expect(problemsOfErrorAnswer(answer)).toEqual([]);
            if (INPUT_REFUSALS.has(JSON.parse(answer.body).error_code)) expect(puts).toEqual([]);
          }
          for (const put of puts) {
            // What reached BCS is exactly what the caller asked for, token included.
            const { path, body } = readOperation(put) as SentOperation;
            expect({ path, body }).toEqual(asked);
            if (Object.hasOwn(event.headers, 'x-auth-token')) {
              expect(put.headers['x-auth-token']).toBe(event.headers['x-auth-token']);
            }
          }
        }),
        { numRuns: RUNS.http },
      );

      // Assess: not vacuous, some runs were valid enough to reach BCS
      expect(reachedBcs).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT_MS,
  );
});

/**
 * The environment of the event functions as deployed: the simulator, and moto for outcomes,
 * dead letters and the idempotency table (a repeated input is answered as a duplicate).
 */
const eventEnv = () => ({
  ...simulatorEnv(sim),
  ...MOTO_ENV,
  AWS_ENDPOINT_URL: moto.url,
  OUTCOME_EVENT_BUS_NAME: UNROUTED_BUS,
  DEAD_LETTER_QUEUE_URL: aws.deadLetterQueueUrl,
  IDEMPOTENCY_TABLE_NAME: eventsTable.tableName,
});

/** The outcome lines a run logged (one per request it settled, a duplicate's included). */
const outcomeLines = (logs: Record<string, unknown>[]) =>
  logs.filter((line) =>
    /^(operation (succeeded|failed)|duplicate request, not run again \([a-z-]+\))$/.test(
      String(line.message),
    ),
  );

/** What is wrong with an outcome, for healthy services. */
const problemsOfOutcome = (outcome: Record<string, unknown>): string[] => {
  if (outcome.result === 'succeeded') {
    return typeof outcome.operation_id === 'string' ? [] : ['a success without operation_id'];
  }
  return [
    ...problemsOfErrorFields(outcome),
    ...(Number(outcome.status) >= 500 ? [`a ${outcome.status} ${outcome.error_code}`] : []),
  ];
};

describe('eventbridge-offboard', () => {
  it(
    'settles any event once, publishes its outcome, sends BCS only valid requests, and asks for a retry only for a retryable outcome',
    async () => {
      // Prepare
      const handler = await loadBundle('eventbridge-offboard', eventEnv());
      let reachedBcs = 0;

      await fc.assert(
        fc.asyncProperty(hostileEventBridgeEvent(), async (event) => {
          // Act
          const seen = await observe(() => handler(event, lambdaContext()), [sim.url, moto.url]);

          // Assess
          expect(seen.problems).toEqual([]);
          const outcomes = outcomeLines(seen.logs);
          expect(outcomes).toHaveLength(1);
          const outcome = outcomes[0] as Record<string, unknown>;
          expect(problemsOfOutcome(outcome)).toEqual([]);
          if (seen.thrown !== undefined) {
            expect((seen.thrown as Error).name).toBe('RetryableOutcomeError');
            expect(outcome.retryable).toBe(true);
          }
          // No error line: EventBridge took the outcome.
          expect(seen.logs.filter((line) => line.level === 'error')).toEqual([]);
          const size = jsonSize(event.detail);
          if (size !== undefined && size > MAX_BODY_BYTES) {
            expect(outcome.error_code).toBe('BCSGW.4130001');
          }
          if (INPUT_REFUSALS.has(String(outcome.error_code))) {
            expect(bcsPuts(seen.upstream)).toEqual([]);
          }
          if (bcsPuts(seen.upstream).length > 0) reachedBcs += 1;
        }),
        { numRuns: RUNS.events },
      );

      // Assess: not vacuous
      expect(reachedBcs).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('sqs-offboard', () => {
  it(
    'settles every record of any batch: done, or in the dead-letter queue with its body unchanged, never retried',
    async () => {
      // Prepare
      const handler = await loadBundle('sqs-offboard', eventEnv());
      const deadLettered: [string, string][] = [];
      let reachedBcs = 0;

      await fc.assert(
        fc.asyncProperty(hostileSqsBatch(), async (records: SQSRecord[]) => {
          // Act
          const seen = await observe(
            () => handler(sqsEvent(...records), lambdaContext()),
            [sim.url, moto.url],
          );

          // Assess
          expect(seen.thrown).toBeUndefined();
          expect(seen.problems).toEqual([]);
          expect(seen.result).toEqual({ batchItemFailures: [] });
          expect(seen.logs.filter((line) => line.level === 'error')).toEqual([]);
          const outcomes = outcomeLines(seen.logs);
          expect(outcomes).toHaveLength(records.length);
          let mayHaveSent = 0;
          outcomes.forEach((outcome, index) => {
            const record = records[index] as SQSRecord;
            expect(problemsOfOutcome(outcome)).toEqual([]);
            if (Buffer.byteLength(record.body) > MAX_BODY_BYTES) {
              expect(outcome.error_code).toBe('BCSGW.4130001');
            }
            if (outcome.result === 'failed') deadLettered.push([record.messageId, record.body]);
            if (!INPUT_REFUSALS.has(String(outcome.error_code))) mayHaveSent += 2;
          });
          // A refused record sent nothing: at most a PUT and its one retry per other record.
          expect(bcsPuts(seen.upstream).length).toBeLessThanOrEqual(mayHaveSent);
          if (bcsPuts(seen.upstream).length > 0) reachedBcs += 1;
        }),
        { numRuns: RUNS.events },
      );

      // Assess: not vacuous; every failed message is in the dead-letter queue, unchanged, with its reason
      expect(reachedBcs).toBeGreaterThan(0);
      const deadLetters = await aws.deadLetters();
      expect(
        deadLetters.map((message) => [message.attributes.source_message_id, message.body]).sort(),
      ).toEqual(deadLettered.sort());
      expect(
        deadLetters.flatMap((message) =>
          problemsOfErrorFields({
            error_code: message.attributes.error_code,
            error_msg: message.attributes.failure_reason,
          }),
        ),
      ).toEqual([]);
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('slack-command and slack-worker', () => {
  /** Both Slack functions, wired to the simulator, the Invoke stand-in and the sink only. */
  const slackFunctionEnv = () =>
    slackEnv(sim, {
      gatewayUrl: lambda.url,
      // The sink alone: a response_url on hooks.slack.com must not be reachable from a test.
      SLACK_RESPONSE_URL_HOSTS: new URL(sink.url).host,
      IDEMPOTENCY_TABLE_NAME: slackTable.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: moto.url,
    });
  const invocations = () =>
    lambda.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);

  /** What is wrong with a Slack message: its shape, a mention forged from input, a 5xx of ours. */
  const problemsOfMessage = (message: { response_type?: unknown; text?: unknown }): string[] => [
    ...(['ephemeral', 'in_channel'].includes(String(message.response_type))
      ? []
      : [`response_type ${String(message.response_type)}`]),
    ...(typeof message.text === 'string' ? [] : ['no text']),
    ...(/<!/.test(String(message.text)) ? ['a special mention (<!…>)'] : []),
    ...(/BCSGW\.5/.test(String(message.text)) ? ['a 5xx of ours'] : []),
  ];

  it(
    'answers any signed slash command at once, queues only valid requests, and the worker sends BCS only those',
    async () => {
      // Prepare
      const command = await loadBundle('slack-command', slackFunctionEnv());
      const worker = await loadBundle('slack-worker', slackFunctionEnv());
      let reachedBcs = 0;

      await fc.assert(
        fc.asyncProperty(hostileFormBody(sink.url), fc.boolean(), async (body, base64) => {
          // Act
          lambda.requests.length = 0;
          const seen = await observe(
            () => command(signedSlackEvent(body, base64), lambdaContext()),
            [lambda.url],
          );

          // Assess: the command answered, and queued nothing but valid requests
          expect(seen.thrown).toBeUndefined();
          expect(seen.problems).toEqual([]);
          expect(seen.upstream).toEqual([]);
          const answer = seen.result as { statusCode: number; body: string };
          if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
            expect(answer.statusCode).toBe(413);
            expect(problemsOfErrorAnswer(answer)).toEqual([]);
            expect(lambda.requests).toEqual([]);
            return;
          }
          expect(answer.statusCode).toBe(200);
          expect(problemsOfMessage(JSON.parse(answer.body))).toEqual([]);
          for (const payload of invocations()) {
            const checked = readWorkerPayload(payload);
            expect(checked).toMatchObject({ response_url: sink.url, user_id: ALLOWED_USER });
            validate(operationsByName[checked.operation].schema, checked.input);

            // Act: the worker runs what was queued
            sink.clear();
            const run = await observe(
              () => worker(payload, lambdaContext()),
              [sim.url, sink.url, moto.url],
            );

            // Assess: it sent BCS valid requests only, and told the user
            expect(run.thrown).toBeUndefined();
            expect(run.problems).toEqual([]);
            expect(sink.posts).toHaveLength(1);
            expect(problemsOfMessage(sink.posts[0]?.message ?? {})).toEqual([]);
            if (bcsPuts(run.upstream).length > 0) reachedBcs += 1;
          }
        }),
        { numRuns: RUNS.slack },
      );

      // Assess: not vacuous, some commands were queued and run
      expect(reachedBcs).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'refuses any request Slack did not sign with 401, and does nothing else',
    async () => {
      // Prepare
      const command = await loadBundle('slack-command', slackFunctionEnv());

      await fc.assert(
        fc.asyncProperty(unsignedSlackEvent(), async (event) => {
          // Act
          lambda.requests.length = 0;
          const seen = await observe(() => command(event, lambdaContext()), []);

          // Assess
          expect(seen.thrown).toBeUndefined();
          expect(seen.problems).toEqual([]);
          const answer = seen.result as { statusCode: number; body: string };
          expect(answer.statusCode).toBe(401);
          expect(problemsOfErrorAnswer(answer)).toEqual([]);
          expect(JSON.parse(answer.body).error_code).toBe('BCSGW.4010002');
          expect(seen.upstream).toEqual([]);
          expect(lambda.requests).toEqual([]);
        }),
        { numRuns: RUNS.slack },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'never fails on any invocation payload, runs only valid ones, and posts only to the allowed response_url',
    async () => {
      // Prepare
      const worker = await loadBundle('slack-worker', slackFunctionEnv());
      let reachedBcs = 0;

      await fc.assert(
        fc.asyncProperty(hostileWorkerPayload(sink.url), async (payload) => {
          // Act
          sink.clear();
          const seen = await observe(
            () => worker(payload, lambdaContext()),
            [sim.url, sink.url, moto.url],
          );

          // Assess
          expect(seen.thrown).toBeUndefined();
          // Lambda gets nothing back but the hand-over of an operation BCS accepted, for the
          // on-success destination (the tracker): only after a PUT BCS answered with success.
          if (seen.result !== null) {
            expect(seen.result).toEqual({
              track: expect.objectContaining({ result: 'succeeded' }),
            });
            expect(bcsPuts(seen.upstream).length).toBeGreaterThan(0);
          }
          expect(seen.problems).toEqual([]);
          expect(sink.posts.length).toBeLessThanOrEqual(1);
          for (const post of sink.posts) expect(problemsOfMessage(post.message)).toEqual([]);
          // The worker reads the path and body of its input, and nothing else of it.
          const input = (payload as { input?: { path?: unknown; body?: unknown } } | null)?.input;
          const size = jsonSize(input && { path: input.path, body: input.body });
          if (size !== undefined && size > MAX_BODY_BYTES) {
            // Refused unread (for its size, or a field before it): nothing sent, nothing posted.
            expect(seen.upstream).toEqual([]);
            expect(sink.posts).toEqual([]);
            expect(seen.logs).toContainEqual(
              expect.objectContaining({ message: 'slack worker refused its payload' }),
            );
          }
          if (bcsPuts(seen.upstream).length > 0) reachedBcs += 1;
        }),
        { numRuns: RUNS.worker },
      );

      // Assess: not vacuous
      expect(reachedBcs).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
