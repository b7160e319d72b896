/**
 * The status function's handler with its deployed parts: ListOpRecord through the request
 * pipeline against the simulator (whose operations take time on a clock the test moves), its
 * answer posted over loopback to a `response_url` sink. The built bundle, invoked by the
 * command, is in test/functions/slack.test.ts.
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../../lib/callers/slack/replies.ts';
import { slackStatusHandler } from '../../../lib/callers/slack-status.ts';
import { configFrom, upstreamConfig } from '../../../lib/config/config.ts';
import { listOperationRecords } from '../../../lib/operations/list-operation-records.ts';
import type { AdmittedRequest } from '../../../lib/pipeline/admit-request.ts';
import { type BcsAnswer, createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import type { RequestPipeline } from '../../../lib/pipeline/request-pipeline.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../../simulator/index.ts';
import { simulatorEnv } from '../../helpers/bundles.ts';
import { closedPort } from '../../helpers/closed-port.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';
import {
  ALLOWED_TEAM,
  ALLOWED_USER,
  type ResponseSink,
  startResponseSink,
} from '../../helpers/slack.ts';
import { acceptedOperation, failOperation } from '../../helpers/tracking.ts';

const { demo } = defaultSeed;
const SECOND = 1000;
/** When the simulator's operations turn processing, then finished, after acceptance. */
const DELAYS = { processing: 20 * SECOND, finished: 100 * SECOND };
const UNKNOWN_ID = 'BCSSVC01-06-1795425791587000999';

let now = Date.parse('2026-11-23T09:00:00Z');
let sim: Simulator;
let sink: ResponseSink;

beforeAll(async () => {
  [sim, sink] = await Promise.all([
    startSimulator({ clock: () => now, operationDelaysMs: DELAYS }),
    startResponseSink(),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.stop(), sink.stop()]);
});
beforeEach(() => {
  sim.reset();
  sink.clear();
  takeLogs();
});

/** The handler as deployed, its settings from `overrides` over the simulator's. */
const statusFunction = (overrides: Record<string, string | undefined> = {}) => {
  const config = configFrom(
    simulatorEnv(sim, { SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com,127.0.0.1', ...overrides }),
  );
  const pipeline: RequestPipeline = {
    config,
    callBcs: createBcsCaller(() => upstreamConfig(config)),
  };
  return slackStatusHandler({ config: () => config, pipeline: () => pipeline });
};

/** What slack-command hands the status function. */
const payloadFor = (operationId: string, fields: Record<string, unknown> = {}) => ({
  operation_id: operationId,
  project_id: demo.projectId,
  response_url: sink.url,
  user_id: ALLOWED_USER,
  team_id: ALLOWED_TEAM,
  correlation_id: 'c6af9ac6-7b61-11e6-9a41-000000000001',
  ...fields,
});

/** Asks for the status of `operationId` once; the text posted to Slack. */
const askStatus = async (
  operationId: string,
  overrides: Record<string, string | undefined> = {},
) => {
  const result = await statusFunction(overrides)(payloadFor(operationId), lambdaContext());
  expect(result).toBeNull();
  expect(sink.posts).toHaveLength(1);
  const [post] = sink.posts;
  expect(post?.message.response_type).toBe('ephemeral');
  return post?.message.text ?? '';
};

const listOpRecords = () =>
  sim.requests.filter((request) => request.method === 'GET' && request.service === 'bcs');

/** An operation the simulator accepted at `now`. */
const accepted = async (orgs: string[]) =>
  (await acceptedOperation(sim, orgs, { accepted_at: now })).operation_id;

describe('slackStatusHandler: how an operation stands', () => {
  it('answers waiting, then processing, then finished, with the steps in order', async () => {
    // Prepare
    const id = await accepted(['org3']);

    // Act
    const waiting = await askStatus(id);
    now += DELAYS.processing + SECOND;
    sink.clear();
    const processing = await askStatus(id);
    now += DELAYS.finished;
    sink.clear();
    const finished = await askStatus(id);

    // Assess
    expect(waiting).toMatch(
      new RegExp(`^:hourglass_flowing_sand: Operation \`${id}\` is \\*waiting\\* \\(recorded `),
    );
    expect(processing).toMatch(new RegExp(`^:gear: Operation \`${id}\` is \\*processing\\*`));
    expect(finished).toMatch(
      new RegExp(`^:white_check_mark: Operation \`${id}\` is \\*finished\\*`),
    );
    const steps = finished.split('\n').slice(1);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((line, index) => line.startsWith(`${index + 1}. `))).toBe(true);
    expect(steps.every((line) => line.endsWith(': finished'))).toBe(true);
    expect(steps.join('\n')).toContain('Remove organizations');
  });

  it("answers failed with BCS's message", async () => {
    // Prepare
    const id = await accepted(['org3']);
    await failOperation(sim, id, 'peer unreachable');

    // Act
    const text = await askStatus(id);

    // Assess
    expect(text).toMatch(new RegExp(`^:x: Operation \`${id}\` is \\*failed\\*`));
    expect(text.split('\n').slice(1)).toEqual([
      '1. Preparation: failed',
      '2. Remove organizations: waiting',
      '> peer unreachable',
    ]);
  });

  it('answers an id BCS does not know as not known (yet), never as failed', async () => {
    // Act
    const text = await askStatus(UNKNOWN_ID);

    // Assess
    expect(text).toBe(
      `BCS has no record of operation \`${UNKNOWN_ID}\` (yet): a new operation can take a ` +
        'moment to appear, and BCS does not say how long it keeps records.',
    );
  });

  it('sends exactly one ListOpRecord GET for the one operation, as the route would', async () => {
    // Act
    await askStatus(UNKNOWN_ID);

    // Assess
    const gets = listOpRecords();
    expect(gets.map((request) => request.path)).toEqual([
      `/v2/${demo.projectId}/operation/record?operation_id=${UNKNOWN_ID}`,
    ]);
    expect(sim.signInCount()).toBe(1);
  });

  it('logs one audit line: who asked, for which operation of which project, and how it stands', async () => {
    // Prepare
    const id = await accepted(['org3']);

    // Act
    await askStatus(id);

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'slack status answered',
        who: { type: 'slack', id: ALLOWED_USER, team: ALLOWED_TEAM },
        user_id: ALLOWED_USER,
        team_id: ALLOWED_TEAM,
        correlation_id: 'c6af9ac6-7b61-11e6-9a41-000000000001',
        target: { project_id: demo.projectId, operation_id: id },
        status: 200,
        operation_status: 'waiting',
        aws_request_id: expect.any(String),
      }),
    ]);
  });
});

describe('slackStatusHandler: failures, posted to the user', () => {
  it('posts a BCS error with its code, and logs it as an error', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 500 });

    // Act
    const text = await askStatus(UNKNOWN_ID);

    // Assess
    expect(text).toMatch(
      new RegExp(`^:x: BCS answered 500 for operation \`${UNKNOWN_ID}\`: \`BCS\\.5000500\``),
    );
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'error', message: 'slack status answered', status: 500 }),
    ]);
  });

  it('refuses a project outside ALLOWED_PROJECT_IDS with our error, asking BCS nothing', async () => {
    // Act
    const text = await askStatus(UNKNOWN_ID, { ALLOWED_PROJECT_IDS: demo.otherProjectId });

    // Assess
    expect(text).toBe(
      `:x: \`BCSGW.4030001\` Project ${demo.projectId} is not in this deployment's ALLOWED_PROJECT_IDS`,
    );
    expect(sim.requests).toHaveLength(0);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'slack status failed',
        error_code: 'BCSGW.4030001',
        target: { project_id: demo.projectId, operation_id: UNKNOWN_ID },
      }),
    ]);
  });

  it('posts that BCS is unreachable (BCSGW.5020002)', async () => {
    // Prepare
    const overrides = { BCS_ENDPOINT: `http://127.0.0.1:${await closedPort()}` };

    // Act
    const text = await askStatus(UNKNOWN_ID, overrides);

    // Assess
    expect(text).toMatch(/^:x: `BCSGW\.5020002` /);
  });

  it('refuses an operation id the route would refuse, with the field named, asking BCS nothing', async () => {
    // Act
    const text = await askStatus('BCSSVC01-06-1&operation_status=failed');

    // Assess
    expect(text).toMatch(/^:x: `BCSGW\.4000001` Invalid request: query\.operation_id: /);
    expect(sim.requests).toHaveLength(0);
  });

  it('answers BCSGW.5020003 when BCS answers 200 with something that is no ListOpRecord answer', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 200, body: '{"count":1}' });

    // Act
    const text = await askStatus(UNKNOWN_ID);

    // Assess
    expect(text).toMatch(/^:x: `BCSGW\.5020003` BCS answered 200 to ListOpRecord/);
  });
});

describe('slackStatusHandler: what it never does', () => {
  it.each([
    ['no operation id (ListOpRecord would list every operation)', { operation_id: undefined }],
    ['an empty operation id', { operation_id: '' }],
    ['no project', { project_id: 7 }],
    ['a user that is no Slack id', { user_id: 'u1; drop' }],
    ['no correlation id', { correlation_id: undefined }],
    ['a response_url off SLACK_RESPONSE_URL_HOSTS', { response_url: 'https://evil.example/x' }],
    ['a response_url with user info', { response_url: 'http://a:b@127.0.0.1:9/commands/x' }],
  ])('asks BCS nothing and posts nothing for %s, logging why', async (_, fields) => {
    // Prepare
    const handler = statusFunction();
    const event = payloadFor(UNKNOWN_ID, fields);

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(sim.requests).toHaveLength(0);
    expect(sink.posts).toHaveLength(0);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/^slack status refused its (payload|response_url)$/),
      }),
    ]);
  });

  it('ends normally when Slack does not take the answer, logging it', async () => {
    // Prepare
    sink.answerWith(500);

    // Act
    const result = await statusFunction()(payloadFor(UNKNOWN_ID), lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(takeLogs().lines.map((line) => line.message)).toEqual([
      'slack status answered',
      'slack reply failed',
    ]);
  });

  it('ends normally, logging it, when its own settings are broken (Lambda would retry a throw)', async () => {
    // Prepare
    const handler = slackStatusHandler({
      config: () => {
        throw new TypeError('broken configuration');
      },
    });

    // Act
    const result = await handler(payloadFor(UNKNOWN_ID), lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        message: 'invocation failed; not retried',
        function: 'slack-status',
      }),
    ]);
  });
});

describe('slackStatusHandler: its log lines and deadlines, with a BCS caller of the test', () => {
  const settings = configFrom({
    SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com',
    ALLOWED_PROJECT_IDS: 'p1',
  });
  const event = {
    operation_id: 'BCSSVC01-06-1',
    project_id: 'p1',
    response_url: 'https://hooks.slack.com/commands/T1/1/x',
    user_id: 'U1',
    team_id: 'T1',
    correlation_id: 'corr-1',
  };
  const record = (status: string) =>
    JSON.stringify({
      count: 1,
      operation_records: [{ operation_id: 'BCSSVC01-06-1', operation_status: status }],
    });
  /** A BCS answer of `status` whose body is `body`. */
  const bcsAnswer = (status: number, body: string, extra: Partial<BcsAnswer> = {}): BcsAnswer => ({
    status,
    body,
    json: JSON.parse(body) as Record<string, unknown>,
    requestId: 'bcs-req-1',
    ...extra,
  });
  /** A context whose time left stays `remainingMs`: the deadlines it gives are exact. */
  const frozenContext = (remainingMs: number): Context => ({
    ...lambdaContext(),
    getRemainingTimeInMillis: () => remainingMs,
  });
  const handlerWith = (
    callBcs: RequestPipeline['callBcs'],
    post: (url: URL, message: SlackMessage, signal: AbortSignal) => Promise<void> = async () =>
      undefined,
  ) =>
    slackStatusHandler({
      config: () => settings,
      pipeline: () => ({ config: settings, callBcs }),
      post,
    });

  it('asks BCS for the one operation of the project, and logs its answer with its request id', async () => {
    // Prepare
    const calls: AdmittedRequest[] = [];
    const handler = handlerWith(async (admitted) => {
      calls.push(admitted);
      return bcsAnswer(200, record('processing'));
    });
    const context = lambdaContext();

    // Act
    await handler(event, context);

    // Assess
    expect(calls).toEqual([
      {
        operation: listOperationRecords,
        input: { path: { project_id: 'p1' }, query: { operation_id: 'BCSSVC01-06-1' } },
        projectId: 'p1',
      },
    ]);
    expect(takeLogs().lines).toEqual([
      {
        level: 'info',
        message: 'slack status answered',
        aws_request_id: context.awsRequestId,
        correlation_id: 'corr-1',
        user_id: 'U1',
        team_id: 'T1',
        who: { type: 'slack', id: 'U1', team: 'T1' },
        target: { project_id: 'p1', operation_id: 'BCSSVC01-06-1' },
        status: 200,
        operation_status: 'processing',
        bcs_request_id: 'bcs-req-1',
      },
    ]);
  });

  it("logs the operation's status from a 299 as from a 200", async () => {
    // Prepare
    const handler = handlerWith(async () => bcsAnswer(299, record('finished')));

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ status: 299, operation_status: 'finished' }),
    ]);
  });

  it('logs a renewed token, and an operation BCS has no record of as not known', async () => {
    // Prepare
    const handler = handlerWith(async () =>
      bcsAnswer(200, '{"count":0,"operation_records":[]}', { tokenRenewed: true }),
    );

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ operation_status: 'not known', token_renewed: true }),
    ]);
  });

  it.each([
    [300, 'info'],
    [404, 'warn'],
  ])("logs BCS's %i with its error code and no status of the operation", async (status, level) => {
    // Prepare
    const posted: SlackMessage[] = [];
    const handler = handlerWith(
      async () => bcsAnswer(status, '{"error_code":"BCS.4040001","error_msg":"no such project"}'),
      async (_, message) => {
        posted.push(message);
      },
    );

    // Act
    await handler(event, lambdaContext());

    // Assess
    const [line] = takeLogs().lines;
    expect(line).toMatchObject({ level, status, error_code: 'BCS.4040001' });
    expect(line).not.toHaveProperty('operation_status');
    expect(posted).toEqual([
      {
        response_type: 'ephemeral',
        text: `:x: BCS answered ${status} for operation \`BCSSVC01-06-1\`: \`BCS.4040001\` no such project`,
      },
    ]);
  });

  it('answers and logs BCSGW.5020003, with the reason as its cause, for a 2xx that is no ListOpRecord answer', async () => {
    // Prepare
    const posted: SlackMessage[] = [];
    const handler = handlerWith(
      async () => bcsAnswer(200, '{"operation_records":"none"}'),
      async (_, message) => {
        posted.push(message);
      },
    );

    // Act
    await handler(event, lambdaContext());

    // Assess
    const message = 'BCS answered 200 to ListOpRecord with a body that is not its answer';
    expect(posted).toEqual([
      { response_type: 'ephemeral', text: `:x: \`BCSGW.5020003\` ${message}` },
    ]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'slack status failed',
        target: { project_id: 'p1', operation_id: 'BCSSVC01-06-1' },
        status: 502,
        error_code: 'BCSGW.5020003',
        error_msg: message,
        cause: expect.objectContaining({ name: 'TypeError' }),
      }),
    ]);
  });

  it('logs the failure of a post with the host it was for', async () => {
    // Prepare
    const handler = handlerWith(
      async () => bcsAnswer(200, record('finished')),
      async () => {
        throw new Error('response_url answered 404: expired_url');
      },
    );

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(takeLogs().lines[1]).toEqual(
      expect.objectContaining({
        level: 'error',
        message: 'slack reply failed',
        correlation_id: 'corr-1',
        response_url_host: 'hooks.slack.com',
        error: expect.objectContaining({ message: 'response_url answered 404: expired_url' }),
      }),
    );
  });

  it('logs a payload it refuses under the invocation id, with the reason', async () => {
    // Prepare
    const handler = handlerWith(async () => bcsAnswer(200, record('finished')));
    const context = lambdaContext();

    // Act
    await handler({ ...event, user_id: 'u1' }, context);

    // Assess
    expect(takeLogs().lines).toEqual([
      {
        level: 'error',
        message: 'slack status refused its payload',
        aws_request_id: context.awsRequestId,
        error: expect.objectContaining({
          message: 'Invalid request: user_id: missing or malformed',
        }),
      },
    ]);
  });

  it('logs a response_url it refuses under who asked, with the reason', async () => {
    // Prepare
    const handler = handlerWith(async () => bcsAnswer(200, record('finished')));

    // Act
    await handler({ ...event, response_url: 'https://evil.example/x' }, lambdaContext());

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'slack status refused its response_url',
        correlation_id: 'corr-1',
        who: { type: 'slack', id: 'U1', team: 'T1' },
        error: expect.objectContaining({ error_code: 'BCSGW.4000001' }),
      }),
    ]);
  });

  it('gives BCS the time left but the reply reserve, and the post what is left but 200 ms', async () => {
    // Prepare
    // 3.5 s left: BCS gets 3.5 − 3 (reply) − 1 (deadline reserve) s, so its signal fires at
    // once; the post gets 150 − 200 ms, so its own does too.
    const seen: { bcs?: boolean; post?: boolean } = {};
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    const handler = handlerWith(
      async (_, signal) => {
        await settle();
        seen.bcs = signal.aborted;
        return bcsAnswer(200, record('finished'));
      },
      async (_, __, signal) => {
        await settle();
        seen.post = signal.aborted;
      },
    );
    let left = 3500;
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => left };

    // Act
    const running = handler(event, context);
    left = 150;
    await running;

    // Assess
    expect(seen).toEqual({ bcs: true, post: true });
  });

  it('leaves BCS and the post time when there is time', async () => {
    // Prepare
    const seen: { bcs?: boolean; post?: boolean } = {};
    const handler = handlerWith(
      async (_, signal) => {
        seen.bcs = signal.aborted;
        return bcsAnswer(200, record('finished'));
      },
      async (_, __, signal) => {
        seen.post = signal.aborted;
      },
    );

    // Act
    await handler(event, frozenContext(60_000));

    // Assess
    expect(seen).toEqual({ bcs: false, post: false });
  });
});
