/**
 * `/bcs-offboard status` end to end through the built bundles: `slack-command` answers at once
 * and invokes `slack-status` asynchronously (signed fetch to the local gateway's Lambda Invoke
 * emulation), which reads ListOpRecord from the simulator (whose operations progress on a
 * clock the test moves) and posts its answer to a loopback `response_url` sink.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalGateway } from '../../scripts/local-gateway.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadBundle } from '../helpers/bundles.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import {
  ALLOWED_TEAM,
  ALLOWED_USER,
  type ResponseSink,
  replyOf,
  slackCommandEvent,
  slackEnv,
  startResponseSink,
} from '../helpers/slack.ts';
import { acceptedOperation, failOperation } from '../helpers/tracking.ts';

const { demo } = defaultSeed;
const SECOND = 1000;
/** When the simulator's operations turn processing, then finished, after acceptance. */
const DELAYS = { processing: 20 * SECOND, finished: 100 * SECOND };
const UNKNOWN_ID = 'BCSSVC01-06-1795425791587000999';

let now = Date.parse('2026-11-23T09:00:00Z');
let sim: Simulator;
let sink: ResponseSink;
let gateway: Awaited<ReturnType<typeof startLocalGateway>>;
/** The functions the gateway's Lambda Invoke emulation ran (a fresh container each time). */
const invoked: string[] = [];

beforeAll(async () => {
  [sim, sink] = await Promise.all([
    startSimulator({ clock: () => now, operationDelaysMs: DELAYS }),
    startResponseSink(),
  ]);
  gateway = await startLocalGateway({
    routes: [],
    load: (name) => {
      invoked.push(name);
      return loadBundle(name);
    },
  });
});
afterAll(async () => {
  await gateway.close();
  await Promise.all([sink.stop(), sim.stop()]);
});
beforeEach(() => {
  sim.reset();
  sink.clear();
  invoked.length = 0;
  takeLogs();
});

/**
 * Types `/bcs-offboard <text>` into a cold slack-command container, waits for what it invoked
 * to end; the immediate answer and what was posted to `response_url`.
 */
const slash = async (text: string, overrides: Record<string, string | undefined> = {}) => {
  const handler = await loadBundle(
    'slack-command',
    slackEnv(sim, { gatewayUrl: gateway.url, ...overrides }),
  );
  const context = lambdaContext({ functionName: 'bcs-offboard-dev-slack-command' });
  const response = await handler(slackCommandEvent({ text, responseUrl: sink.url }), context);
  await gateway.settled();
  return { ack: replyOf(response), posts: sink.posts.map((post) => post.message), context };
};

/** The one answer `status` posted for `operationId`, ephemeral. */
const statusOf = async (
  operationId: string,
  overrides: Record<string, string | undefined> = {},
) => {
  sink.clear();
  const { ack, posts } = await slash(`status ${operationId}`, overrides);
  expect(ack.text).toMatch(new RegExp(`^Looking up operation \`${operationId}\`…`));
  expect(posts).toHaveLength(1);
  expect(posts[0]?.response_type).toBe('ephemeral');
  return posts[0]?.text ?? '';
};

const listOpRecords = () =>
  sim.requests.filter((request) => request.service === 'bcs' && request.method === 'GET');

describe('slack-command → slack-status', () => {
  it('acknowledges with the request id, and invokes slack-status alone', async () => {
    // Act
    const { ack, context } = await slash(`status ${UNKNOWN_ID}`);

    // Assess
    expect(ack).toEqual({
      response_type: 'ephemeral',
      text:
        `Looking up operation \`${UNKNOWN_ID}\`… The answer will be posted here ` +
        `(request \`${context.awsRequestId}\`).`,
    });
    expect(invoked).toEqual(['slack-status']);
    expect(listOpRecords().map((request) => request.path)).toEqual([
      `/v2/${demo.projectId}/operation/record?operation_id=${UNKNOWN_ID}`,
    ]);
  });

  it('follows an operation from waiting through processing to finished', async () => {
    // Prepare
    const { operation_id: id } = await acceptedOperation(sim, ['org3'], { accepted_at: now });

    // Act
    const waiting = await statusOf(id);
    now += DELAYS.processing + SECOND;
    const processing = await statusOf(id);
    now += DELAYS.finished;
    const finished = await statusOf(id);

    // Assess
    expect(waiting.split('\n')[0]).toMatch(
      new RegExp(
        `^:hourglass_flowing_sand: Operation \`${id}\` is \\*waiting\\* \\(recorded \\d{4}-`,
      ),
    );
    expect(processing.split('\n')[0]).toMatch(
      new RegExp(`^:gear: Operation \`${id}\` is \\*processing\\*`),
    );
    expect(finished.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^:white_check_mark: Operation \`${id}\` is \\*finished\\*`),
      ),
      '1. Preparation: finished',
      '2. Remove organizations: finished',
    ]);
  });

  it("answers failed, with the failed step and BCS's message", async () => {
    // Prepare
    const { operation_id: id } = await acceptedOperation(sim, ['org3'], { accepted_at: now });
    await failOperation(sim, id, 'peer unreachable');

    // Act
    const text = await statusOf(id);

    // Assess
    expect(text.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^:x: Operation \`${id}\` is \\*failed\\*`)),
      '1. Preparation: failed',
      '2. Remove organizations: waiting',
      '> peer unreachable',
    ]);
  });

  it('answers an unknown id as not known (yet), never as failed', async () => {
    // Act
    const text = await statusOf(UNKNOWN_ID);

    // Assess
    expect(text).toMatch(new RegExp(`^BCS has no record of operation \`${UNKNOWN_ID}\` \\(yet\\)`));
  });

  it("posts BCS's error with its code", async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 500, match: '/operation/record' });

    // Act
    const text = await statusOf(UNKNOWN_ID);

    // Assess
    expect(text).toMatch(/^:x: BCS answered 500 for operation `[\w-]+`: `BCS\.5000500`/);
  });

  it('refuses a project outside ALLOWED_PROJECT_IDS at once, invoking nothing', async () => {
    // Act
    const { ack, posts } = await slash(`status ${UNKNOWN_ID}`, {
      ALLOWED_PROJECT_IDS: demo.otherProjectId,
    });

    // Assess
    expect(ack.text).toBe(
      `:x: \`BCSGW.4030001\` Project ${demo.projectId} is not in this deployment's ALLOWED_PROJECT_IDS`,
    );
    expect(invoked).toEqual([]);
    expect(posts).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses it in slack-status too, whatever its payload says, asking BCS nothing', async () => {
    // Prepare: a payload the command of another deployment (or a forger) could send.
    const status = await loadBundle(
      'slack-status',
      slackEnv(sim, { gatewayUrl: gateway.url, ALLOWED_PROJECT_IDS: demo.otherProjectId }),
    );
    const payload = {
      operation_id: UNKNOWN_ID,
      project_id: demo.projectId,
      response_url: sink.url,
      user_id: ALLOWED_USER,
      team_id: ALLOWED_TEAM,
      correlation_id: 'c6af9ac6-7b61-11e6-9a41-000000000002',
    };

    // Act
    const result = await status(payload, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(sink.posts.map((post) => post.message.text)).toEqual([
      `:x: \`BCSGW.4030001\` Project ${demo.projectId} is not in this deployment's ALLOWED_PROJECT_IDS`,
    ]);
    expect(sim.requests).toHaveLength(0);
  });

  it('logs one line per function, tied by the correlation id: who asked, for what, how it stands', async () => {
    // Act
    const { context } = await slash(`status ${UNKNOWN_ID}`);

    // Assess
    const target = { project_id: demo.projectId, operation_id: UNKNOWN_ID };
    const who = { type: 'slack', id: ALLOWED_USER, team: ALLOWED_TEAM };
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        message: 'slack command',
        result: 'queued',
        operation: 'list-operation-records',
        who: { ...who, name: 'ops.person' },
        target,
        correlation_id: context.awsRequestId,
      }),
      expect.objectContaining({
        level: 'info',
        message: 'slack status answered',
        who,
        target,
        status: 200,
        operation_status: 'not known',
        correlation_id: context.awsRequestId,
      }),
    ]);
  });
});
