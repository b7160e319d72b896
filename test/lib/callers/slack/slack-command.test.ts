import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeWorkerLambda } from '../../../../lib/callers/slack/invoke-worker.ts';
import type { StatusPayload } from '../../../../lib/callers/slack/status-payload.ts';
import type { WorkerPayload } from '../../../../lib/callers/slack/worker-payload.ts';
import { slackCommandHandler } from '../../../../lib/callers/slack-command.ts';
import { configFrom } from '../../../../lib/config/config.ts';
import * as ErrorCodes from '../../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';
import { defaultSeed } from '../../../../simulator/seed.ts';
import { lambdaContext } from '../../../helpers/lambda-context.ts';
import { takeLogs } from '../../../helpers/log-capture.ts';
import {
  ALLOWED_TEAM,
  ALLOWED_USER,
  replyOf,
  SIGNING_SECRET,
  slackCommandEvent,
  slashCommandBody,
} from '../../../helpers/slack.ts';

const { demo } = defaultSeed;
const config = configFrom({
  SLACK_ALLOWED_USER_IDS: ALLOWED_USER,
  SLACK_WORKER_FUNCTION_NAME: 'bcs-offboard-dev-slack-worker',
  SLACK_STATUS_FUNCTION_NAME: 'bcs-offboard-dev-slack-status',
  ALLOWED_PROJECT_IDS: `${demo.projectId},${demo.otherProjectId}`,
  HUAWEICLOUD_PROJECT_ID: demo.projectId,
  HUAWEICLOUD_DOMAIN_ID: demo.domainId,
  BCS_INSTANCE_ID: demo.blockchainId,
});

const handlerWith = (invokeWorker = vi.fn(async () => undefined), settings = config) => ({
  invokeWorker,
  handler: slackCommandHandler({
    config: () => settings,
    signingSecret: async () => SIGNING_SECRET,
    invokeWorker,
  }),
});

const OPERATION_ID = 'BCSSVC01-06-1624275286218943067';

beforeEach(() => {
  takeLogs();
});

describe('slackCommandHandler', () => {
  it('hands the worker the validated request, who asked, and where to answer', async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();
    const context = lambdaContext();

    // Act
    const response = await handler(
      slackCommandEvent({ text: 'remove-orgs channel=channel orgs=org3' }),
      context,
    );

    // Assess
    expect(replyOf(response).text).toMatch(/^Working on it…/);
    expect(invokeWorker).toHaveBeenCalledWith(
      'bcs-offboard-dev-slack-worker',
      {
        operation: 'remove-channel-orgs',
        input: {
          path: {
            project_id: demo.projectId,
            blockchain_id: demo.blockchainId,
            channel_id: 'channel',
          },
          body: { org_names: ['org3'] },
        },
        response_url: 'https://hooks.slack.com/commands/T0TEAM01/1/abc',
        user_id: ALLOWED_USER,
        team_id: ALLOWED_TEAM,
        correlation_id: context.awsRequestId,
      } satisfies WorkerPayload,
      expect.any(AbortSignal),
    );
  });

  it('shows the exact quit request of a dry run, and invokes nothing', async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();
    const { inviter } = defaultSeed;
    const text =
      `quit-consortium inviter-bcs=${inviter.bcsId} inviter-project=${inviter.projectId} ` +
      `inviter-domain=${inviter.domainId} inviter-user=${inviter.userName} channel=channel dry-run`;

    // Act
    const response = await handler(slackCommandEvent({ text }), lambdaContext());

    // Assess
    expect(replyOf(response).text).toContain(
      `PUT /v2/${demo.projectId}/members/quit\n{"inviter_bcsid"`,
    );
    expect(invokeWorker).not.toHaveBeenCalled();
  });

  it('answers our error, not a pretence, when the invocation fails', async () => {
    // Prepare
    const failing = vi.fn(async () => {
      throw new GatewayError(
        ErrorCodes.workerUnavailable,
        'AWS Lambda refused; nothing was started',
      );
    });
    const { handler } = handlerWith(failing);
    const event = slackCommandEvent({ text: 'remove-orgs channel=c orgs=o' });
    const context = lambdaContext();

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(replyOf(response)).toEqual({
      response_type: 'ephemeral',
      text: ':x: `BCSGW.5020005` AWS Lambda refused; nothing was started',
    });
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'slack command failed',
        status: 502,
        // The request's ids, then who asked and for what: known before the invocation failed.
        aws_request_id: context.awsRequestId,
        api_request_id: event.requestContext.requestId,
        user_id: ALLOWED_USER,
        team_id: ALLOWED_TEAM,
        who: expect.objectContaining({ type: 'slack', id: ALLOWED_USER, team: ALLOWED_TEAM }),
        target: expect.objectContaining({ channel_id: 'c' }),
      }),
    ]);
  });

  it('answers anything unexpected as BCSGW.5000001, with no internals', async () => {
    // Prepare
    const { handler } = handlerWith(
      vi.fn(async () => {
        throw new TypeError('secret internals');
      }),
    );

    // Act
    const response = await handler(
      slackCommandEvent({ text: 'remove-orgs channel=c orgs=o' }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toMatch(/^:x: `BCSGW.5000001` Internal error/);
    expect(response.body).not.toContain('secret internals');
  });

  it('answers 502 JSON, deciding nothing, when the signing secret cannot be read', async () => {
    // Prepare
    const handler = slackCommandHandler({
      config: () => config,
      signingSecret: async () => {
        throw new GatewayError(
          ErrorCodes.secretUnavailable,
          'AWS Secrets Manager did not hand over the Slack signing secret',
        );
      },
    });

    // Act
    const response = await handler(slackCommandEvent({ text: 'help' }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(502);
    expect(JSON.parse(response.body ?? '')).toEqual({
      error_code: 'BCSGW.5020004',
      error_msg: 'AWS Secrets Manager did not hand over the Slack signing secret',
    });
  });

  it('refuses a signed request that is no slash command', async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();

    // Act
    const response = await handler(
      slackCommandEvent({ body: 'type=url_verification&challenge=x' }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toBe(
      ':x: `BCSGW.4000001` Invalid request: not a slash command (user_id, team_id missing or not a Slack id)',
    );
    expect(invokeWorker).not.toHaveBeenCalled();
    const [line] = takeLogs().lines;
    expect(line).toMatchObject({ level: 'warn', message: 'slack command failed' });
    expect(line).toHaveProperty('api_request_id');
    expect(line).not.toHaveProperty('user_id');
    expect(line).not.toHaveProperty('who');
  });

  it('names the command /bcs-offboard when Slack sends an odd command name', async () => {
    // Prepare
    const { handler } = handlerWith();

    // Act
    const response = await handler(
      slackCommandEvent({ text: 'help', command: '<!here>' }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toMatch(/^\*\/bcs-offboard\* takes/);
  });
});

describe('invokeWorkerLambda', () => {
  let lambda: Server;
  let reply: { status: number; headers?: Record<string, string>; body?: string };
  const requests: { url: string; type: string | undefined; body: string }[] = [];
  const saved = { ...process.env };
  const payload: WorkerPayload = {
    operation: 'quit-consortium',
    input: { path: {}, body: {} },
    response_url: 'https://hooks.slack.com/commands/T1/1/x',
    user_id: 'U1',
    team_id: 'T1',
    correlation_id: 'c1',
  };

  beforeAll(async () => {
    lambda = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        requests.push({
          url: req.url ?? '',
          type: req.headers['x-amz-invocation-type'] as string | undefined,
          body: Buffer.concat(chunks).toString(),
        });
        if (reply.status === 0) return; // never answered
        res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
      });
    });
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local-test-secret-key',
    });
  });
  afterAll(async () => {
    process.env = saved;
    lambda.closeAllConnections();
    await new Promise<void>((resolve) => lambda.close(() => resolve()));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  it('sends an Event invocation of the payload and returns on 202', async () => {
    // Prepare
    reply = { status: 202 };

    // Act
    await invokeWorkerLambda(
      'arn:aws:lambda:eu-west-1:123456789012:function:w',
      payload,
      AbortSignal.timeout(2000),
    );

    // Assess
    expect(requests).toEqual([
      {
        url: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Aw/invocations',
        type: 'Event',
        body: JSON.stringify(payload),
      },
    ]);
  });

  it.each([
    [
      'a refusal (4xx): nothing started',
      {
        status: 403,
        headers: { 'x-amzn-errortype': 'AccessDeniedException' },
        body: '{"message":"no"}',
      },
      'AWS Lambda refused to invoke the worker (AccessDeniedException); nothing was started',
      false,
    ],
    [
      'a failure of its own (5xx): maybe queued',
      {
        status: 500,
        headers: { 'x-amzn-errortype': 'ServiceException' },
        body: '{"message":"oops"}',
      },
      "AWS Lambda did not confirm the worker's invocation (ServiceException); the operation may have been queued",
      true,
    ],
    [
      'a 200 where 202 was due: maybe queued',
      { status: 200, body: 'null' },
      "AWS Lambda answered 200 instead of 202 to the worker's invocation; the operation may have been queued",
      true,
    ],
  ])('turns %s into BCSGW.5020005', async (_, answer, message, mayHaveBeenApplied) => {
    // Prepare
    reply = answer;

    // Act
    const error = await invokeWorkerLambda('w', payload, AbortSignal.timeout(2000)).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.5020005',
      delivery: mayHaveBeenApplied ? 'may-have-applied' : 'final',
    });
    expect((error as Error).message).toContain(message);
    expect(requests).toHaveLength(1);
  });

  it('gives up at its signal, saying the operation may have been queued, and sends once', async () => {
    // Prepare
    reply = { status: 0 };

    // Act
    const error = await invokeWorkerLambda('w', payload, AbortSignal.timeout(200)).catch(
      (e: unknown) => e,
    );

    // Assess
    expect((error as Error).message).toContain(
      '(no answer in time); the operation may have been queued',
    );
    expect(requests).toHaveLength(1);
  });
});

describe('slackCommandHandler: status', () => {
  it('acknowledges at once and hands the status function the checked id, project, who asked and where to answer', async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();
    const context = lambdaContext();
    const event = slackCommandEvent({
      text: `status ${OPERATION_ID} project=${demo.otherProjectId}`,
    });

    // Act
    const response = await handler(event, context);

    // Assess
    expect(replyOf(response)).toEqual({
      response_type: 'ephemeral',
      text:
        `Looking up operation \`${OPERATION_ID}\`… The answer will be posted here ` +
        `(request \`${context.awsRequestId}\`).`,
    });
    expect(invokeWorker).toHaveBeenCalledTimes(1);
    expect(invokeWorker).toHaveBeenCalledWith(
      'bcs-offboard-dev-slack-status',
      {
        operation_id: OPERATION_ID,
        project_id: demo.otherProjectId,
        response_url: 'https://hooks.slack.com/commands/T0TEAM01/1/abc',
        user_id: ALLOWED_USER,
        team_id: ALLOWED_TEAM,
        correlation_id: context.awsRequestId,
      } satisfies StatusPayload,
      expect.any(AbortSignal),
    );
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'slack command',
        result: 'queued',
        operation: 'list-operation-records',
        target: { project_id: demo.otherProjectId, operation_id: OPERATION_ID },
        correlation_id: context.awsRequestId,
      }),
    ]);
  });

  it.each([
    ['a user who is not listed', { userId: 'U0STRANGER' }, 'you are not allowed'],
    [
      'a project outside ALLOWED_PROJECT_IDS',
      { text: `status ${OPERATION_ID} project=p9` },
      '`BCSGW.4030001` Project p9',
    ],
    [
      'an id the route would refuse',
      { text: 'status "a#b"' },
      "operation-id: must not contain '&amp;' or '#'",
    ],
    ['no id', { text: 'status' }, 'Missing: &lt;operation_id&gt;'],
    [
      'a response_url off the allowed hosts',
      { responseUrl: 'https://evil.example/x' },
      'response_url must be',
    ],
  ])('refuses %s, saying why, and invokes nothing', async (_, options, told) => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();

    // Act
    const response = await handler(
      slackCommandEvent({ text: `status ${OPERATION_ID}`, ...options }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(replyOf(response).text).toContain(told);
    expect(invokeWorker).not.toHaveBeenCalled();
  });

  it('answers BCSGW.5000002 naming SLACK_STATUS_FUNCTION_NAME when it is not set', async () => {
    // Prepare
    const { SLACK_STATUS_FUNCTION_NAME: _, ...env } = config.env;
    const { handler, invokeWorker } = handlerWith(undefined, configFrom(env));

    // Act
    const response = await handler(
      slackCommandEvent({ text: `status ${OPERATION_ID}` }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toBe(
      ':x: `BCSGW.5000002` Configuration error: SLACK_STATUS_FUNCTION_NAME is not set',
    );
    expect(invokeWorker).not.toHaveBeenCalled();
  });
});

describe('slackCommandHandler: its one log line, and its answers', () => {
  /** Slack's form body, with `fields` over (or, when undefined, taken out of) the usual ones. */
  const formBody = (fields: Record<string, string | undefined>) => {
    const form = new URLSearchParams(slashCommandBody());
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) form.delete(name);
      else form.set(name, value);
    }
    return form.toString();
  };
  const who = { type: 'slack', id: ALLOWED_USER, team: ALLOWED_TEAM, name: 'ops.person' };
  const REFUSED =
    'The request does not carry a valid Slack signature (missing, wrong, or older than five minutes)';
  const json = (requestId: string) => ({
    'content-type': 'application/json',
    'x-request-id': requestId,
  });

  it("refuses a bad signature with 401 JSON, logging it as a warning under the request's ids only", async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();
    const event = slackCommandEvent({ text: 'help', signature: `v0=${'0'.repeat(64)}` });
    const context = lambdaContext();

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response).toEqual({
      statusCode: 401,
      headers: json(context.awsRequestId),
      body: JSON.stringify({ error_code: 'BCSGW.4010002', error_msg: REFUSED }),
    });
    expect(takeLogs().lines).toEqual([
      {
        level: 'warn',
        message: 'slack request refused',
        aws_request_id: context.awsRequestId,
        api_request_id: event.requestContext.requestId,
        status: 401,
        error_code: 'BCSGW.4010002',
        error_msg: REFUSED,
        cause: { refusal: 'signature mismatch' },
      },
    ]);
    expect(invokeWorker).not.toHaveBeenCalled();
  });

  it('refuses a request signed more than five minutes ago by the clock of the container', async () => {
    // Prepare
    const { handler } = handlerWith();
    const sixMinutesAgo = String(Math.floor(Date.now() / 1000) - 360);

    // Act
    const response = await handler(
      slackCommandEvent({ text: 'help', timestamp: sixMinutesAgo }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(401);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ cause: { refusal: 'timestamp outside the five-minute window' } }),
    ]);
  });

  it('answers help with 200 JSON, logging who asked under both request ids', async () => {
    // Prepare
    const { handler } = handlerWith();
    const event = slackCommandEvent({ text: 'help' });
    const context = lambdaContext();

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response).toMatchObject({ statusCode: 200, headers: json(context.awsRequestId) });
    expect(replyOf(response).response_type).toBe('ephemeral');
    expect(takeLogs().lines).toEqual([
      {
        level: 'info',
        message: 'slack command',
        aws_request_id: context.awsRequestId,
        api_request_id: event.requestContext.requestId,
        user_id: ALLOWED_USER,
        team_id: ALLOWED_TEAM,
        who,
        result: 'help',
      },
    ]);
  });

  it('answers a body with no text as help, and logs no name Slack did not send', async () => {
    // Prepare
    const { handler } = handlerWith();
    const event = slackCommandEvent({ body: formBody({ text: undefined, user_name: undefined }) });

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(replyOf(response).text).toMatch(/^\*\/bcs-offboard\* takes/);
    const [line] = takeLogs().lines;
    expect(line).toMatchObject({ result: 'help' });
    expect(line?.who).toEqual({ type: 'slack', id: ALLOWED_USER, team: ALLOWED_TEAM });
  });

  it('logs a user it does not allow as a warning, invoking nothing', async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();

    // Act
    await handler(
      slackCommandEvent({ text: 'remove-orgs channel=c orgs=o', userId: 'U0STRANGER' }),
      lambdaContext(),
    );

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'slack command',
        result: 'not allowed',
        user_id: 'U0STRANGER',
      }),
    ]);
    expect(invokeWorker).not.toHaveBeenCalled();
  });

  it('logs an invalid command with its problems, and answers them', async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();

    // Act
    const response = await handler(
      slackCommandEvent({ text: 'remove-orgs channel=c' }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toContain('• Missing: orgs=&lt;org1,org2&gt;');
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'slack command',
        result: 'invalid',
        command: 'remove-orgs',
        problems: ['Missing: orgs=<org1,org2>'],
      }),
    ]);
    expect(invokeWorker).not.toHaveBeenCalled();
  });

  it('logs a dry run with its operation and target', async () => {
    // Prepare
    const { handler } = handlerWith();

    // Act
    await handler(
      slackCommandEvent({ text: 'remove-orgs channel=c orgs=o dry-run' }),
      lambdaContext(),
    );

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        result: 'dry run',
        operation: 'remove-channel-orgs',
        target: {
          project_id: demo.projectId,
          blockchain_id: demo.blockchainId,
          channel_id: 'c',
          org_names: ['o'],
        },
      }),
    ]);
  });

  it('logs a queued run with its operation, target and correlation id', async () => {
    // Prepare
    const { handler } = handlerWith();
    const context = lambdaContext();

    // Act
    await handler(slackCommandEvent({ text: 'remove-orgs channel=c orgs=o' }), context);

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        result: 'queued',
        operation: 'remove-channel-orgs',
        correlation_id: context.awsRequestId,
        who,
        target: {
          project_id: demo.projectId,
          blockchain_id: demo.blockchainId,
          channel_id: 'c',
          org_names: ['o'],
        },
      }),
    ]);
  });

  it('refuses to run on a project outside ALLOWED_PROJECT_IDS, logging a warning with the target', async () => {
    // Prepare
    const { handler, invokeWorker } = handlerWith();

    // Act
    const response = await handler(
      slackCommandEvent({ text: 'remove-orgs channel=c orgs=o project=p9' }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toBe(
      ":x: `BCSGW.4030001` Project p9 is not in this deployment's ALLOWED_PROJECT_IDS",
    );
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'slack command failed',
        status: 403,
        error_code: 'BCSGW.4030001',
        error_msg: "Project p9 is not in this deployment's ALLOWED_PROJECT_IDS",
        user_id: ALLOWED_USER,
        target: expect.objectContaining({ project_id: 'p9' }),
      }),
    ]);
    expect(invokeWorker).not.toHaveBeenCalled();
  });

  it('logs anything unexpected as an error, with its cause', async () => {
    // Prepare
    const { handler } = handlerWith(
      vi.fn(async () => {
        throw new TypeError('secret internals');
      }),
    );

    // Act
    await handler(slackCommandEvent({ text: 'remove-orgs channel=c orgs=o' }), lambdaContext());

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'slack command failed',
        status: 500,
        error_code: 'BCSGW.5000001',
        cause: expect.objectContaining({ name: 'TypeError', message: 'secret internals' }),
      }),
    ]);
  });

  it('answers BCSGW.5000002 naming SLACK_WORKER_FUNCTION_NAME when it is not set', async () => {
    // Prepare
    const { SLACK_WORKER_FUNCTION_NAME: _, ...env } = config.env;
    const { handler, invokeWorker } = handlerWith(undefined, configFrom(env));

    // Act
    const response = await handler(
      slackCommandEvent({ text: 'remove-orgs channel=c orgs=o' }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toBe(
      ':x: `BCSGW.5000002` Configuration error: SLACK_WORKER_FUNCTION_NAME is not set',
    );
    expect(invokeWorker).not.toHaveBeenCalled();
  });

  it.each([
    ['user_id', { user_id: 'u-lower' }],
    ['team_id', { team_id: undefined }],
  ])('refuses a form whose %s alone is wrong, naming it', async (field, fields) => {
    // Prepare
    const { handler } = handlerWith();

    // Act
    const response = await handler(slackCommandEvent({ body: formBody(fields) }), lambdaContext());

    // Assess
    expect(replyOf(response).text).toBe(
      `:x: \`BCSGW.4000001\` Invalid request: not a slash command (${field} missing or not a Slack id)`,
    );
  });

  it.each([
    ['/offboard', '/offboard'],
    ['/ops_bcs-2', '/ops_bcs-2'],
    [`/${'a'.repeat(32)}`, `/${'a'.repeat(32)}`],
    [`/${'a'.repeat(33)}`, '/bcs-offboard'],
    ['/', '/bcs-offboard'],
    ['offboard', '/bcs-offboard'],
    ['x/offboard', '/bcs-offboard'],
    ['/offboard now', '/bcs-offboard'],
    ['/off.board', '/bcs-offboard'],
  ])('names the command %j as %s', async (command, shown) => {
    // Prepare
    const { handler } = handlerWith();

    // Act
    const response = await handler(slackCommandEvent({ text: 'help', command }), lambdaContext());

    // Assess
    expect(replyOf(response).text.split('\n')[0]).toBe(
      `*${shown}* takes our BCS instance out of a consortium, or organizations out of a channel, ` +
        'and says how such an operation stands.',
    );
  });

  it('names the command /bcs-offboard when the form has none', async () => {
    // Prepare
    const { handler } = handlerWith();

    // Act
    const response = await handler(
      slackCommandEvent({ body: formBody({ command: undefined }) }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(response).text).toMatch(/^\*\/bcs-offboard\* takes/);
  });
});
