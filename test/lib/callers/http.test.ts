import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../../../lib/callers/body-limit.ts';
import { httpHandler } from '../../../lib/callers/http.ts';
import { configFrom, upstreamConfig } from '../../../lib/config/config.ts';
import { createLogger } from '../../../lib/logging/log.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import type { RequestPipeline } from '../../../lib/pipeline/request-pipeline.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../../simulator/index.ts';
import { simulatorEnv } from '../../helpers/bundles.ts';
import { iamAuthorizer, removeChannelOrgsEvent } from '../../helpers/events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';
import { startScriptedServer } from '../../helpers/scripted-server.ts';

const { demo } = defaultSeed;

let sim: Simulator;
const handler = httpHandler(removeChannelOrgs);

beforeAll(async () => {
  sim = await startSimulator();
  // The handler's service reads its configuration from process.env on its first invocation.
  for (const [name, value] of Object.entries(simulatorEnv(sim))) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  takeLogs();
});

describe('httpHandler', () => {
  it.each([
    [200, 'info'],
    [400, 'warn'],
    [429, 'warn'],
    [500, 'error'],
    [503, 'error'],
  ])('logs a BCS %i it passes through as one line at level %s', async (status, level) => {
    // Prepare
    if (status !== 200) sim.inject({ service: 'bcs', mode: 'status', status });

    // Act
    const response = await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    expect(response).toMatchObject({ statusCode: status });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level, message: 'bcs answered', status }),
    ]);
  });
});

/** The handler with a pipeline of its own (a cold container), its settings over the simulator's. */
const handlerWith = (overrides: Record<string, string | undefined> = {}) => {
  const config = configFrom(simulatorEnv(sim, overrides));
  const pipeline: RequestPipeline = {
    config,
    callBcs: createBcsCaller(() => upstreamConfig(config)),
  };
  return httpHandler(removeChannelOrgs, { pipeline: () => pipeline, log: createLogger() });
};

/** Invokes `handler` once; its answer, typed as API Gateway reads it. */
const invoke = async (
  handler: ReturnType<typeof handlerWith>,
  event: APIGatewayProxyEventV2,
  context: Context = lambdaContext(),
) =>
  (await handler(event, context)) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };

const errorOf = (response: { body: string }) =>
  JSON.parse(response.body) as { error_code: string; error_msg: string };

/** The IAM caller of every event but those that name another. */
const IAM_WHO = {
  type: 'iam',
  id: iamAuthorizer.iam.userArn,
  account: iamAuthorizer.iam.accountId,
  principal: iamAuthorizer.iam.userId,
};

/** What the default event asks for, as its log lines name it. */
const TARGET = {
  project_id: demo.projectId,
  blockchain_id: demo.blockchainId,
  channel_id: demo.channelName,
  org_names: ['org3'],
};

describe('httpHandler with its parts passed in', () => {
  it("answers BCS's status and body with BCS's request id, and logs one line naming who asked for what", async () => {
    // Prepare
    const body = '{"operation_id": "BCSSVC01-06-1"}';
    sim.inject({
      service: 'bcs',
      mode: 'status',
      status: 200,
      body,
      headers: { 'X-Request-Id': 'bcs-req-1' },
    });
    const event = removeChannelOrgsEvent();
    const context = lambdaContext();

    // Act
    const response = await invoke(handlerWith(), event, context);

    // Assess
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'bcs-req-1' },
      body,
    });
    expect(takeLogs().lines).toEqual([
      {
        level: 'info',
        message: 'bcs answered',
        operation: 'remove-channel-orgs',
        aws_request_id: context.awsRequestId,
        status: 200,
        operation_id: 'BCSSVC01-06-1',
        bcs_request_id: 'bcs-req-1',
        who: IAM_WHO,
        target: TARGET,
        api_request_id: event.requestContext.requestId,
      },
    ]);
  });

  it("sends the caller's own token, and answers with the Lambda request id when BCS gives none", async () => {
    // Prepare: a BCS on loopback that sends no X-Request-Id (the simulator always sends one)
    const body = '{"error_code": "BCS.4040404", "error_msg": "Not Found"}';
    const bcs = await startScriptedServer(() => ({
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body,
    }));
    const event = removeChannelOrgsEvent({
      headers: { 'content-type': 'application/json', 'X-Auth-Token': 'callers-own-token' },
    });
    const context = lambdaContext();

    // Act
    const response = await invoke(handlerWith({ BCS_ENDPOINT: bcs.url }), event, context).finally(
      () => bcs.stop(),
    );

    // Assess
    expect(bcs.requests.map((request) => request.headers['x-auth-token'])).toEqual([
      'callers-own-token',
    ]);
    expect(response).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json', 'x-request-id': context.awsRequestId },
      body,
    });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'warn', status: 404, error_code: 'BCS.4040404' }),
    ]);
  });

  it('says so when BCS refused the cached token and the call was made again with a new one', async () => {
    // Prepare: a first call signs in and caches the token, which then dies early
    const handler = handlerWith();
    await invoke(handler, removeChannelOrgsEvent());
    sim.expireTokens();
    takeLogs();

    // Act
    const response = await invoke(
      handler,
      removeChannelOrgsEvent({ body: { org_names: ['organization2'] } }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(sim.signInCount()).toBe(2);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ message: 'bcs answered', status: 200, token_renewed: true }),
    ]);
  });

  it('refuses a project this deployment does not serve, naming who asked for what', async () => {
    // Prepare
    const event = removeChannelOrgsEvent();
    const context = lambdaContext();

    // Act
    const response = await invoke(
      handlerWith({ ALLOWED_PROJECT_IDS: demo.otherProjectId }),
      event,
      context,
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(response.headers).toEqual({
      'content-type': 'application/json',
      'x-request-id': context.awsRequestId,
    });
    expect(errorOf(response).error_code).toBe('BCSGW.4030001');
    expect(sim.requests).toEqual([]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'request failed',
        operation: 'remove-channel-orgs',
        aws_request_id: context.awsRequestId,
        error_code: 'BCSGW.4030001',
        who: IAM_WHO,
        target: TARGET,
        api_request_id: event.requestContext.requestId,
      }),
    ]);
  });

  it('logs nothing of an invalid input but its faults, with who sent it', async () => {
    // Prepare
    const event = removeChannelOrgsEvent({ body: { org_names: ['org3'], note: 'planted-value' } });

    // Act
    const response = await invoke(handlerWith(), event);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).error_code).toBe('BCSGW.4000001');
    const { lines, raw } = takeLogs();
    expect(lines).toEqual([expect.objectContaining({ error_code: 'BCSGW.4000001', who: IAM_WHO })]);
    expect(lines[0]?.target).toBeUndefined();
    expect(raw.join('\n')).not.toContain('planted-value');
  });

  it('refuses an event without path parameters, naming the path', async () => {
    // Prepare
    const event = removeChannelOrgsEvent();
    delete event.pathParameters;

    // Act
    const response = await invoke(handlerWith(), event);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).error_msg).toContain('path.project_id');
    expect(sim.requests).toEqual([]);
  });

  it.each([
    ['malformed JSON', '{"org_names": [', 400, 'BCSGW.4000002'],
    [
      'a body one byte over 64 KiB',
      `{"org_names": ["${'x'.repeat(MAX_BODY_BYTES - 18)}"]}`,
      413,
      'BCSGW.4130001',
    ],
  ])('refuses %s before anything reads it', async (_, body, status, code) => {
    // Prepare
    const event = removeChannelOrgsEvent({ body });

    // Act
    const response = await invoke(handlerWith(), event);

    // Assess
    expect(Buffer.byteLength(body) > MAX_BODY_BYTES).toBe(status === 413);
    expect(response.statusCode).toBe(status);
    expect(errorOf(response).error_code).toBe(code);
    expect(sim.requests).toEqual([]);
  });
});
