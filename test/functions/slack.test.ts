/**
 * The real `slack-command` and `slack-worker` bundles, end to end: the command's asynchronous
 * invocation of the worker goes over signed fetch (lib/aws) to the local gateway's Lambda Invoke
 * emulation (`AWS_ENDPOINT_URL_LAMBDA`), the worker runs against the simulator and posts to a
 * local `response_url` sink.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLocalGateway } from '../../scripts/local-gateway.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadBundle } from '../helpers/bundles.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { quitConsortiumBody } from '../helpers/events.ts';
import { createIdempotencyTable } from '../helpers/idempotency-table.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { type Moto, startMoto } from '../helpers/moto.ts';
import {
  ALLOWED_TEAM,
  ALLOWED_USER,
  type ResponseSink,
  replyOf,
  SIGNING_SECRET,
  type SlackEventOptions,
  sign,
  slackCommandEvent,
  slackDocsExample,
  slackEnv,
  startResponseSink,
  startSecretsManagerStandIn,
} from '../helpers/slack.ts';

const { demo, inviter } = defaultSeed;
const REMOVE_ORG3 = 'remove-orgs channel=channel orgs=org3';
const QUIT =
  `quit-consortium inviter-bcs=${inviter.bcsId} inviter-project=${inviter.projectId} ` +
  `inviter-domain=${inviter.domainId} inviter-user=${inviter.userName} channel=${inviter.channelName}`;

let sim: Simulator;
let sink: ResponseSink;
let gateway: Awaited<ReturnType<typeof startLocalGateway>>;
let moto: Moto;
let table: Awaited<ReturnType<typeof createIdempotencyTable>>;
/** The functions the gateway's Lambda Invoke emulation ran (a fresh container each time). */
const invoked: string[] = [];

beforeAll(async () => {
  moto = await startMoto();
  table = await createIdempotencyTable(moto, { region: 'eu-west-1' });
  sim = await startSimulator();
  sink = await startResponseSink();
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
  await sink.stop();
  await sim.stop();
  await moto.stop();
});
beforeEach(async () => {
  await table.clear();
  sim.reset();
  sink.clear();
  invoked.length = 0;
  takeLogs();
});

/** The environment of both functions as a deployment sets it, DynamoDB in moto. */
const deployedEnv = (overrides: Record<string, string | undefined> = {}) =>
  slackEnv(sim, {
    gatewayUrl: gateway.url,
    IDEMPOTENCY_TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: moto.url,
    ...overrides,
  });

/** A cold `slack-command` container, configured as a deployment would be. */
const commandFunction = (overrides: Record<string, string | undefined> = {}) =>
  loadBundle('slack-command', deployedEnv(overrides));

/** Sends one slash command to a cold container; the answer, and how long it took. */
const slash = async (
  options: SlackEventOptions,
  overrides: Record<string, string | undefined> = {},
) => {
  const handler = await commandFunction(overrides);
  const started = performance.now();
  const response = await handler(
    slackCommandEvent({ responseUrl: sink.url, ...options }),
    lambdaContext({ functionName: 'bcs-offboard-dev-slack-command' }),
  );
  return { response, ms: performance.now() - started };
};

const bcsRequests = () => sim.requests.filter((request) => request.service === 'bcs');

describe('slack-command: answers at once', () => {
  it('answers help to anyone, with the grammar, and runs nothing', async () => {
    // Prepare
    const options = { text: 'help', userId: 'U0STRANGER', teamId: 'T0ELSEWHERE' };

    // Act
    const { response } = await slash(options);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const reply = replyOf(response);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('/bcs-offboard quit-consortium inviter-bcs=&lt;id&gt;');
    expect(reply.text).toContain('/bcs-offboard remove-orgs channel=&lt;name&gt;');
    expect(invoked).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });

  it('answers a dry run with the exact BCS request, and sends nothing', async () => {
    // Prepare
    const options = { text: `${QUIT} dry-run` };

    // Act
    const { response } = await slash(options);

    // Assess
    const { text } = replyOf(response);
    expect(text).toContain('*Dry run*: nothing was sent');
    expect(text).toContain(
      `\`\`\`PUT /v2/${demo.projectId}/members/quit\n${JSON.stringify(quitConsortiumBody())}\`\`\``,
    );
    expect(invoked).toEqual([]);
    expect(sim.requests).toHaveLength(0);
    expect(sink.posts).toHaveLength(0);
  });

  it.each([
    [
      'a user who is not listed',
      { userId: 'U0STRANGER' },
      'ask to have your user id `U0STRANGER` added to SLACK_ALLOWED_USER_IDS.',
    ],
    [
      'a listed user of another workspace',
      { teamId: 'T0ELSEWHERE' },
      'ask to have your workspace `T0ELSEWHERE` added to SLACK_ALLOWED_TEAM_IDS.',
    ],
  ])('refuses %s, saying why, and runs nothing (not even a dry run)', async (_, who, told) => {
    // Prepare
    const options = { text: `${REMOVE_ORG3} dry-run`, ...who };

    // Act
    const { response } = await slash(options);

    // Assess
    expect(response.statusCode).toBe(200);
    const reply = replyOf(response);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('you are not allowed to run /bcs-offboard operations');
    expect(reply.text).toContain(told);
    expect(reply.text).not.toContain('PUT');
    expect(invoked).toEqual([]);
    expect(sim.requests).toHaveLength(0);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'warn', result: 'not allowed', ...userOf(who) }),
    ]);
  });

  it('refuses everyone when SLACK_ALLOWED_USER_IDS is empty', async () => {
    // Prepare
    const overrides = { SLACK_ALLOWED_USER_IDS: '' };

    // Act
    const { response } = await slash({ text: REMOVE_ORG3 }, overrides);

    // Assess
    expect(replyOf(response).text).toContain('not allowed');
    expect(invoked).toEqual([]);
  });

  it('lists everything to fix in an invalid command, and runs nothing', async () => {
    // Prepare
    const options = { text: 'remove-orgs chanel=x orgs=a,,b orgs=c project=p/q please' };

    // Act
    const { response } = await slash(options);

    // Assess
    const { text } = replyOf(response);
    expect(text.split('\n')).toEqual([
      'That command cannot run. To fix:',
      '• `please` is not key=value (nor dry-run)',
      '• `chanel=` is not a key of remove-orgs; its keys are channel=, orgs=, blockchain=, project=',
      '• `orgs=` is given 2 times: give it once',
      '• Missing: channel=&lt;name&gt;',
      "• project: must not contain '/', '\\', '?', '#', '%', whitespace or '..'; orgs (item 2): must not be empty",
      'Usage: `/bcs-offboard remove-orgs channel=&lt;name&gt; orgs=&lt;org1,org2&gt; [blockchain=&lt;id&gt;] [project=&lt;id&gt;] [dry-run]`',
    ]);
    expect(invoked).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses a project outside ALLOWED_PROJECT_IDS before queuing anything', async () => {
    // Prepare
    const overrides = { ALLOWED_PROJECT_IDS: demo.otherProjectId };

    // Act
    const { response } = await slash({ text: REMOVE_ORG3 }, overrides);

    // Assess
    expect(replyOf(response).text).toContain('`BCSGW.4030001` Project');
    expect(invoked).toEqual([]);
  });
});

describe('slack-command → slack-worker: a real run', () => {
  it('acknowledges well within three seconds, then posts the operation id to the channel', async () => {
    // Prepare
    const options = { text: REMOVE_ORG3 };

    // Act
    const { response, ms } = await slash(options);
    await gateway.settled();

    // Assess: the acknowledgement
    expect(ms).toBeLessThan(1500);
    const ack = replyOf(response);
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toMatch(/^Working on it… remove `org3` from channel `channel`/);
    // Assess: what BCS received
    expect(invoked).toEqual(['slack-worker']);
    const [put] = bcsRequests();
    expect(put?.path).toBe(
      `/v2/${demo.projectId}/blockchains/${demo.blockchainId}/channel/orgs/quit`,
    );
    expect(put?.body).toBe('{"org_names":["org3"]}');
    // Assess: the outcome on response_url
    const [operation] = sim.operations();
    expect(sink.posts).toHaveLength(1);
    expect(sink.posts[0]?.contentType).toBe('application/json');
    expect(sink.posts[0]?.message.response_type).toBe('in_channel');
    expect(sink.posts[0]?.message.text).toContain(`<@${ALLOWED_USER}>`);
    expect(sink.posts[0]?.message.text).toContain(`operation id \`${operation?.operation_id}\``);
  });

  it('answers the same command typed again from the first run, and sends nothing twice', async () => {
    // Prepare
    await slash({ text: REMOVE_ORG3 });
    await gateway.settled();

    // Act
    await slash({ text: REMOVE_ORG3 });
    await gateway.settled();

    // Assess
    expect(invoked).toEqual(['slack-worker', 'slack-worker']);
    expect(bcsRequests()).toHaveLength(1);
    const [operation] = sim.operations();
    const [first, again] = sink.posts.map((post) => post.message.text);
    expect(first).toContain(`operation id \`${operation?.operation_id}\``);
    expect(again).toContain(`operation id \`${operation?.operation_id}\``);
    expect(again).toMatch(
      /:repeat: The same command already ran at \d{4}-\d\d-\d\dT[\d:.]+Z \(request `[\w-]+`\): this is that run's outcome; nothing was sent to BCS again\./,
    );
    expect(takeLogs().lines.map((line) => line.message)).toContain(
      'slack command not run again (completed)',
    );
  });

  it('quits the consortium with our project, domain and instance filled in', async () => {
    // Prepare
    const options = { text: QUIT };

    // Act
    await slash(options);
    await gateway.settled();

    // Assess
    const [put] = bcsRequests();
    expect(put?.path).toBe(`/v2/${demo.projectId}/members/quit`);
    expect(JSON.parse(put?.body ?? '')).toEqual(quitConsortiumBody());
    expect(sink.posts[0]?.message.text).toMatch(/operation id `BCSSVC01-03-\d{19}`/);
  });

  it('logs one line per function, tied by the correlation id, with no secret', async () => {
    // Prepare
    const options = { text: REMOVE_ORG3 };

    // Act
    await slash(options);
    await gateway.settled();

    // Assess
    const { lines, raw } = takeLogs();
    const [queued, finished] = lines;
    expect(lines).toHaveLength(2);
    expect(queued).toMatchObject({ level: 'info', message: 'slack command', result: 'queued' });
    expect(finished).toMatchObject({
      level: 'info',
      message: 'slack command finished',
      correlation_id: queued?.aws_request_id,
      user_id: ALLOWED_USER,
      team_id: ALLOWED_TEAM,
      result: 'succeeded',
      operation: 'remove-channel-orgs',
      operation_id: expect.stringMatching(/^BCSSVC01-06-/),
    });
    const text = raw.join('\n');
    expect(text).not.toContain(SIGNING_SECRET);
    expect(text).not.toContain(demo.password);
    expect(text).not.toContain('/commands/');
  });

  it("names the Slack user, the workspace and the target on both functions' lines, and API Gateway's request id", async () => {
    // Prepare
    const handler = await commandFunction();
    const event = slackCommandEvent({ text: REMOVE_ORG3, responseUrl: sink.url });
    const context = lambdaContext();

    // Act
    await handler(event, context);
    await gateway.settled();

    // Assess
    const target = {
      project_id: demo.projectId,
      blockchain_id: demo.blockchainId,
      channel_id: 'channel',
      org_names: ['org3'],
    };
    const who = { type: 'slack', id: ALLOWED_USER, team: ALLOWED_TEAM };
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        message: 'slack command',
        result: 'queued',
        who: { ...who, name: 'ops.person' },
        operation: 'remove-channel-orgs',
        target,
        api_request_id: event.requestContext.requestId,
        aws_request_id: context.awsRequestId,
        correlation_id: context.awsRequestId,
      }),
      expect.objectContaining({
        message: 'slack command finished',
        who,
        operation: 'remove-channel-orgs',
        target,
        status: 200,
        operation_id: sim.operations()[0]?.operation_id,
        correlation_id: context.awsRequestId,
      }),
    ]);
  });

  it('names who was refused, and what they asked for, when the worker cannot be invoked', async () => {
    // Prepare
    const overrides = { SLACK_WORKER_FUNCTION_NAME: 'no-such-function' };

    // Act
    await slash({ text: REMOVE_ORG3 }, overrides);

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'slack command failed',
        who: expect.objectContaining({ type: 'slack', id: ALLOWED_USER }),
        target: expect.objectContaining({ org_names: ['org3'] }),
        error_code: 'BCSGW.5020005',
        api_request_id: expect.any(String),
      }),
    ]);
  });

  it('posts a BCS error normalized, to the user alone', async () => {
    // Prepare
    const options = { text: 'remove-orgs channel=channel orgs=org3,no-such-org' };

    // Act
    await slash(options);
    await gateway.settled();

    // Assess
    expect(sink.posts).toHaveLength(1);
    const { message } = sink.posts[0] ?? {};
    expect(message?.response_type).toBe('ephemeral');
    expect(message?.text).toContain(
      'it failed with `BCS.4001051` Input org no-such-org is not exist',
    );
  });

  it('warns the channel when BCS fails in a way that may have applied the request', async () => {
    // Prepare
    sim.inject({ service: 'bcs', mode: 'status', status: 500 });

    // Act
    await slash({ text: REMOVE_ORG3 });
    await gateway.settled();

    // Assess
    const { message } = sink.posts[0] ?? {};
    expect(message?.response_type).toBe('in_channel');
    expect(message?.text).toContain('`BCS.5000500`');
    expect(message?.text).toContain('look up BCS operation records before running it again');
  });

  it('runs a command whose body API Gateway base64-encoded', async () => {
    // Prepare
    const options = { text: REMOVE_ORG3, base64: true };

    // Act
    const { response } = await slash(options);
    await gateway.settled();

    // Assess
    expect(replyOf(response).text).toMatch(/^Working on it/);
    expect(sim.operations()).toHaveLength(1);
  });
});

describe('slack-command: when the worker cannot be invoked', () => {
  it('answers that nothing was started when Lambda refuses the invocation', async () => {
    // Prepare
    const overrides = { SLACK_WORKER_FUNCTION_NAME: 'no-such-function' };

    // Act
    const { response } = await slash({ text: REMOVE_ORG3 }, overrides);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(replyOf(response).text).toBe(
      ':x: `BCSGW.5020005` AWS Lambda refused to invoke the worker ' +
        '(ResourceNotFoundException); nothing was started',
    );
    expect(invoked).toEqual([]);
  });

  it('answers that nothing was started when Lambda cannot be reached', async () => {
    // Prepare
    const overrides = { AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${await closedPort()}` };

    // Act
    const { response } = await slash({ text: REMOVE_ORG3 }, overrides);

    // Assess
    expect(replyOf(response).text).toContain('`BCSGW.5020005`');
    expect(replyOf(response).text).toContain('(ECONNREFUSED); nothing was started');
  });

  it('answers in time that the run may have been queued when Lambda does not answer', async () => {
    // Prepare
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const overrides = {
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    };

    // Act
    const { response, ms } = await slash({ text: REMOVE_ORG3 }, overrides);
    silent.closeAllConnections();
    silent.close();

    // Assess
    expect(ms).toBeLessThan(3000);
    expect(replyOf(response).text).toContain(
      'may have been queued: wait for its outcome here before running it again',
    );
  });

  it('names the missing SLACK_WORKER_FUNCTION_NAME', async () => {
    // Prepare
    const overrides = { SLACK_WORKER_FUNCTION_NAME: undefined };

    // Act
    const { response } = await slash({ text: REMOVE_ORG3 }, overrides);

    // Assess
    expect(replyOf(response).text).toBe(
      ':x: `BCSGW.5000002` Configuration error: SLACK_WORKER_FUNCTION_NAME is not set',
    );
  });

  it('refuses a response_url off the allowed hosts before queuing anything', async () => {
    // Prepare
    const options = { text: REMOVE_ORG3, responseUrl: 'https://example.com/hook' };

    // Act
    const handler = await commandFunction();
    const response = await handler(slackCommandEvent(options), lambdaContext());

    // Assess
    expect(replyOf(response).text).toContain('response_url must be an https URL on');
    expect(invoked).toEqual([]);
  });
});

describe('slack-command: the signature comes first', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const body = 'team_id=T0TEAM01&user_id=U0ALLOWED1&command=%2Fbcs-offboard&text=remove-orgs';

  it.each<[string, () => SlackEventOptions]>([
    [
      'a tampered body',
      () => ({ body: `${body}+channel%3Dx`, signature: sign(SIGNING_SECRET, String(now()), body) }),
    ],
    ['a timestamp over five minutes old', () => ({ body, timestamp: String(now() - 301) })],
    ['a timestamp over five minutes ahead', () => ({ body, timestamp: String(now() + 301) })],
    ['another secret', () => ({ body, secret: 'another-secret' })],
    ['no signature', () => ({ body, signature: null })],
    ['no timestamp', () => ({ body, withoutTimestamp: true })],
    ['a malformed signature', () => ({ body, signature: 'v0=not-hex' })],
    [
      'a base64 body signed over its encoding',
      () => ({
        body,
        base64: true,
        signature: sign(SIGNING_SECRET, String(now()), Buffer.from(body).toString('base64')),
      }),
    ],
  ])('answers 401 BCSGW.4010002 to %s, and nothing else happens', async (_, options) => {
    // Prepare
    const handler = await commandFunction();

    // Act
    const response = await handler(slackCommandEvent(options()), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      error_code: 'BCSGW.4010002',
      error_msg:
        'The request does not carry a valid Slack signature (missing, wrong, or older than five minutes)',
    });
    expect(invoked).toEqual([]);
    expect(sim.requests).toHaveLength(0);
    const { lines, raw } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        error_code: 'BCSGW.4010002',
        api_request_id: expect.any(String),
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('who');
    expect(raw.join('\n')).not.toContain(SIGNING_SECRET);
  });

  it("accepts Slack's own documented example request (an empty command: help)", async () => {
    // Prepare
    const handler = await commandFunction({ SLACK_SIGNING_SECRET: slackDocsExample.signingSecret });
    const event = slackCommandEvent({
      body: slackDocsExample.body,
      timestamp: slackDocsExample.timestamp,
      signature: slackDocsExample.signature,
    });
    vi.useFakeTimers({ toFake: ['Date'], now: Number(slackDocsExample.timestamp) * 1000 + 30_000 });

    // Act
    const response = await handler(event, lambdaContext()).finally(() => vi.useRealTimers());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(replyOf(response).text).toMatch(/^\*\/webhook-collect\* takes our BCS instance/);
  });

  it('reads the signing secret from Secrets Manager once per container', async () => {
    // Prepare
    const secrets = await startSecretsManagerStandIn(JSON.stringify({ signing_secret: 'from-sm' }));
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bcs-offboard/slack-AbCdEf';
    const handler = await commandFunction({
      SLACK_SIGNING_SECRET: undefined,
      SLACK_SIGNING_SECRET_ARN: arn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    });

    // Act
    const first = await handler(slackCommandEvent({ secret: 'from-sm' }), lambdaContext());
    const second = await handler(slackCommandEvent({ secret: 'from-sm' }), lambdaContext());
    const forged = await handler(slackCommandEvent({ secret: SIGNING_SECRET }), lambdaContext());
    await secrets.stop();

    // Assess
    expect([first.statusCode, second.statusCode, forged.statusCode]).toEqual([200, 200, 401]);
    expect(secrets.reads).toEqual([{ target: 'secretsmanager.GetSecretValue', secretId: arn }]);
  });
});

describe('slack-worker: never trusts its payload', () => {
  const workerFunction = () => loadBundle('slack-worker', deployedEnv());
  const payload = (changes: Record<string, unknown> = {}) => ({
    operation: 'remove-channel-orgs',
    input: {
      path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
      body: { org_names: ['org3'] },
    },
    response_url: sink.url,
    user_id: ALLOWED_USER,
    team_id: ALLOWED_TEAM,
    correlation_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    ...changes,
  });

  it('runs nothing for a response_url off the allowed hosts, and logs why', async () => {
    // Prepare
    const handler = await workerFunction();

    // Act
    const result = await handler(
      payload({ response_url: 'https://169.254.169.254/latest/meta-data/' }),
      lambdaContext(),
    );

    // Assess
    expect(result).toBeNull();
    expect(sim.requests).toHaveLength(0);
    expect(sink.posts).toHaveLength(0);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'error', message: 'slack worker refused its response_url' }),
    ]);
  });

  it.each([
    ['no payload', undefined],
    ['an unknown operation', { operation: 'delete-everything' }],
    ['a user id that is no Slack id', { user_id: '<!channel>' }],
  ])('ends normally (no retry) on %s, runs nothing and logs it', async (_, changes) => {
    // Prepare
    const handler = await workerFunction();
    const event = changes === undefined ? undefined : payload(changes);

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(sim.requests).toHaveLength(0);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'error', message: 'slack worker refused its payload' }),
    ]);
  });

  it('validates the input again, and posts what is wrong instead of sending it', async () => {
    // Prepare
    const handler = await workerFunction();
    const input = { path: payload().input.path, body: { org_names: [] }, 'X-Auth-Token': 'x' };

    // Act
    await handler(payload({ input }), lambdaContext());

    // Assess
    expect(sim.requests).toHaveLength(0);
    expect(sink.posts[0]?.message.text).toContain(
      '`BCSGW.4000001` Invalid request: body.org_names: must name at least one organization',
    );
  });

  it('keeps the outcome in the logs, and ends normally, when response_url fails', async () => {
    // Prepare
    const handler = await workerFunction();
    sink.answerWith(404);

    // Act
    const result = await handler(payload(), lambdaContext());

    // Assess: accepted by BCS, so handed to the operation tracker all the same.
    expect(result).toEqual({
      track: expect.objectContaining({ operation_id: sim.operations()[0]?.operation_id }),
    });
    expect(sim.operations()).toHaveLength(1);
    const { lines } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({ message: 'slack command finished', result: 'succeeded' }),
      expect.objectContaining({
        level: 'error',
        message: 'slack reply failed',
        result: 'succeeded',
        error: expect.objectContaining({ message: 'response_url answered 404: no' }),
      }),
    ]);
  });
});

const userOf = (who: { userId?: string; teamId?: string }) => ({
  user_id: who.userId ?? ALLOWED_USER,
  team_id: who.teamId ?? ALLOWED_TEAM,
});
