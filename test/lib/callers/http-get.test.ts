/**
 * The GET route's handler (`httpGetHandler`) with its parts passed in: the request pipeline of a
 * configuration wired to the simulator (IAM and BCS on loopback), and a logger. The built bundle
 * is in test/functions/http-operation-record.test.ts, which mutation runs leave out.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpGetHandler } from '../../../lib/callers/http-get.ts';
import { configFrom, upstreamConfig } from '../../../lib/config/config.ts';
import { createLogger } from '../../../lib/logging/log.ts';
import { listOperationRecords } from '../../../lib/operations/list-operation-records.ts';
import { createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import type { RequestPipeline } from '../../../lib/pipeline/request-pipeline.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../../simulator/index.ts';
import { simulatorEnv } from '../../helpers/bundles.ts';
import { callerToken } from '../../helpers/caller-token.ts';
import { iamAuthorizer, jwtAuthorizer, operationRecordEvent } from '../../helpers/events.ts';
import { lambdaContext } from '../../helpers/lambda-context.ts';
import { takeLogs } from '../../helpers/log-capture.ts';
import { startScriptedServer } from '../../helpers/scripted-server.ts';

const { demo } = defaultSeed;
const RECORD_PATH = `/v2/${demo.projectId}/operation/record`;
/** The IAM caller of every event but those that name another. */
const IAM_WHO = {
  type: 'iam',
  id: iamAuthorizer.iam.userArn,
  account: iamAuthorizer.iam.accountId,
  principal: iamAuthorizer.iam.userId,
};

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ operationDelaysMs: { processing: 0, finished: 0 } });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  takeLogs();
});

/** The handler with a pipeline of its own (a cold container), its settings over the simulator's. */
const getHandler = (overrides: Record<string, string | undefined> = {}) => {
  const config = configFrom(simulatorEnv(sim, overrides));
  const pipeline: RequestPipeline = {
    config,
    callBcs: createBcsCaller(() => upstreamConfig(config)),
  };
  return httpGetHandler(listOperationRecords, { pipeline: () => pipeline, log: createLogger() });
};

/** Invokes `handler` once; its answer, typed as API Gateway reads it. */
const invoke = async (
  handler: ReturnType<typeof getHandler>,
  event: APIGatewayProxyEventV2,
  context: Context = lambdaContext(),
) =>
  (await handler(event, context)) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };

const bcsRequests = () => sim.requests.filter((request) => request.service === 'bcs');
const errorOf = (response: { body: string }) =>
  JSON.parse(response.body) as { error_code: string; error_msg: string };

describe('httpGetHandler: what BCS receives and what the caller gets back', () => {
  it("sends the raw query and the caller's own token, and answers BCS's status, body and request id", async () => {
    // Prepare
    const token = await callerToken(sim);
    sim.reset();
    const body = '{"count": 0, "operation_records": []}';
    sim.inject({
      service: 'bcs',
      mode: 'status',
      status: 200,
      body,
      headers: { 'X-Request-Id': 'bcs-req-1' },
    });
    const event = operationRecordEvent({
      rawQueryString: 'operation_status=failed&operation_type=06',
      headers: { 'X-Auth-Token': token },
    });

    // Act
    const response = await invoke(getHandler(), event);

    // Assess
    expect(
      sim.requests.map((request) => `${request.service} ${request.method} ${request.path}`),
    ).toEqual([`bcs GET ${RECORD_PATH}?operation_status=failed&operation_type=06`]);
    expect(bcsRequests()[0]?.headers['x-auth-token']).toBe(token);
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'bcs-req-1' },
      body,
    });
  });

  it('lists every record when the event has no raw query at all', async () => {
    // Prepare: a hand-written event, or API Gateway's when the query is empty
    const event = { ...operationRecordEvent() };
    delete (event as { rawQueryString?: string }).rawQueryString;

    // Act
    const response = await invoke(getHandler(), event);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bcsRequests().map((request) => request.path)).toEqual([RECORD_PATH]);
  });

  it('answers with the Lambda request id when BCS gives none', async () => {
    // Prepare: a BCS on loopback that sends no X-Request-Id (the simulator always sends one)
    const bcs = await startScriptedServer(() => ({ status: 200, body: '{"count": 0}' }));
    const context = lambdaContext();
    const event = operationRecordEvent({ headers: { 'X-Auth-Token': 'callers-own-token' } });

    // Act
    const response = await invoke(getHandler({ BCS_ENDPOINT: bcs.url }), event, context).finally(
      () => bcs.stop(),
    );

    // Assess
    expect(bcs.requests.map((request) => request.url)).toEqual([RECORD_PATH]);
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': context.awsRequestId },
      body: '{"count": 0}',
    });
  });
});

describe('httpGetHandler: its one log line', () => {
  it('names who asked, for which records, and how BCS answered', async () => {
    // Prepare
    sim.inject({
      service: 'bcs',
      mode: 'status',
      status: 200,
      body: '{"count": 0, "operation_records": []}',
      headers: { 'X-Request-Id': 'bcs-req-2' },
    });
    const event = operationRecordEvent({ rawQueryString: 'operation_id=o1&operation_status=stop' });
    const context = lambdaContext();

    // Act
    await invoke(getHandler(), event, context);

    // Assess
    expect(takeLogs().lines).toEqual([
      {
        level: 'info',
        message: 'bcs answered',
        operation: 'list-operation-records',
        aws_request_id: context.awsRequestId,
        status: 200,
        bcs_request_id: 'bcs-req-2',
        who: IAM_WHO,
        target: { project_id: demo.projectId, operation_id: 'o1', operation_status: 'stop' },
        api_request_id: event.requestContext.requestId,
      },
    ]);
  });

  it("logs BCS's own refusal as a warning with its error code", async () => {
    // Prepare
    const body = '{"error_code": "BCS.4006001", "error_msg": "Invalid parameter operation_status"}';
    sim.inject({ service: 'bcs', mode: 'status', status: 400, body });

    // Act
    const response = await invoke(getHandler(), operationRecordEvent());

    // Assess
    expect(response).toMatchObject({ statusCode: 400, body });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level: 'warn', status: 400, error_code: 'BCS.4006001' }),
    ]);
  });

  it('says so when BCS refused the cached token and the call was made again with a new one', async () => {
    // Prepare: a first call signs in and caches the token, which then dies early
    const handler = getHandler();
    await invoke(handler, operationRecordEvent());
    sim.expireTokens();
    takeLogs();

    // Act
    const response = await invoke(handler, operationRecordEvent());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(sim.signInCount()).toBe(2);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ message: 'bcs answered', status: 200, token_renewed: true }),
    ]);
  });

  it('names a JWT caller by its subject', async () => {
    // Prepare
    const event = operationRecordEvent({ authorizer: jwtAuthorizer });

    // Act
    await invoke(getHandler(), event);

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        who: {
          type: 'jwt',
          id: jwtAuthorizer.jwt.claims.sub,
          issuer: jwtAuthorizer.jwt.claims.iss,
        },
      }),
    ]);
  });
});

describe('httpGetHandler: refusals', () => {
  it('refuses a bad query with 400, sends nothing, and logs who sent it but none of its values', async () => {
    // Prepare
    const event = operationRecordEvent({ rawQueryString: 'operation_id=planted-value&x=1' });
    const context = lambdaContext();

    // Act
    const response = await invoke(getHandler(), event, context);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers).toEqual({
      'content-type': 'application/json',
      'x-request-id': context.awsRequestId,
    });
    expect(errorOf(response).error_code).toBe('BCSGW.4000001');
    expect(sim.requests).toEqual([]);
    const { lines, raw } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'request failed',
        operation: 'list-operation-records',
        error_code: 'BCSGW.4000001',
        who: IAM_WHO,
        api_request_id: event.requestContext.requestId,
      }),
    ]);
    expect(lines[0]?.target).toBeUndefined();
    expect(raw.join('\n')).not.toContain('planted-value');
  });

  it('refuses a project this deployment does not serve, naming the request it refused', async () => {
    // Prepare
    const event = operationRecordEvent({ rawQueryString: 'operation_id=o1' });

    // Act
    const response = await invoke(getHandler({ ALLOWED_PROJECT_IDS: demo.otherProjectId }), event);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).error_code).toBe('BCSGW.4030001');
    expect(sim.requests).toEqual([]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        message: 'request failed',
        error_code: 'BCSGW.4030001',
        who: IAM_WHO,
        target: { project_id: demo.projectId, operation_id: 'o1' },
      }),
    ]);
  });

  it('names the request of a refused token, which is never part of what is logged', async () => {
    // Prepare: a valid query with a token that is no header value
    const event = operationRecordEvent({
      rawQueryString: 'operation_id=o1',
      headers: { 'X-Auth-Token': ' planted-token ' },
    });

    // Act
    const response = await invoke(getHandler(), event);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).error_msg).toContain('X-Auth-Token');
    const { lines, raw } = takeLogs();
    expect(lines).toEqual([
      expect.objectContaining({ target: { project_id: demo.projectId, operation_id: 'o1' } }),
    ]);
    expect(raw.join('\n')).not.toContain('planted-token');
  });
});

describe('httpGetHandler: the deadline', () => {
  it("answers a BCS that has not answered by the deadline with BCS's own 504, not a timeout of middy's", async () => {
    // Prepare: no time left at all
    sim.inject({ service: 'bcs', mode: 'hang' });
    const event = operationRecordEvent({ headers: { 'X-Auth-Token': 'callers-own-token' } });

    // Act
    const response = await invoke(getHandler(), event, lambdaContext({ remainingMs: 0 }));

    // Assess
    expect(response.statusCode).toBe(504);
    expect(errorOf(response).error_code).toBe('BCSGW.5040001');
  });
});
