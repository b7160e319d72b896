import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClient } from '../../../../lib/aws/aws-client.ts';
import type { BcsResponse } from '../../../../lib/bcs/client.ts';
import { neverRetried } from '../../../../lib/callers/slack/never-retried.ts';
import type { SlackMessage } from '../../../../lib/callers/slack/replies.ts';
import { postToResponseUrl } from '../../../../lib/callers/slack/response-url.ts';
import { signingSecretFrom } from '../../../../lib/callers/slack/signing-secret.ts';
import { slackWorkerHandler } from '../../../../lib/callers/slack-worker.ts';
import { configFrom } from '../../../../lib/config/config.ts';
import * as ErrorCodes from '../../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';
import type {
  IdempotencyRecord,
  IdempotencyStore,
} from '../../../../lib/idempotency/idempotency-store.ts';
import type { AdmittedRequest } from '../../../../lib/pipeline/admit-request.ts';
import type { RequestPipeline } from '../../../../lib/pipeline/request-pipeline.ts';
import { closedPort } from '../../../helpers/closed-port.ts';
import { lambdaContext } from '../../../helpers/lambda-context.ts';
import { takeLogs } from '../../../helpers/log-capture.ts';
import {
  type ResponseSink,
  startResponseSink,
  startSecretsManagerStandIn,
} from '../../../helpers/slack.ts';

const config = configFrom({ SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com' });
/** The worker's own logic; duplicates are tested against DynamoDB (moto) in test/functions. */
const withoutIdempotency = () => undefined;
const payload = {
  operation: 'remove-channel-orgs',
  input: {
    path: { project_id: 'p1', blockchain_id: 'bc1', channel_id: 'ch' },
    body: { org_names: ['o1'] },
  },
  response_url: 'https://hooks.slack.com/commands/T1/1/x',
  user_id: 'U1',
  team_id: 'T1',
  correlation_id: 'corr-1',
};

/** A pipeline whose BCS call answers (or throws) what the test says, and records its calls. */
const serviceAnswering = (answer: () => Promise<BcsResponse>) => {
  const run = vi.fn(async (_admitted: AdmittedRequest, _signal: AbortSignal) => answer());
  return { run, service: (): RequestPipeline => ({ config, callBcs: run }) };
};

const ok = async (): Promise<BcsResponse> => ({
  status: 200,
  body: '{"operation_id":"BCSSVC01-06-1"}',
  json: { operation_id: 'BCSSVC01-06-1' },
  requestId: 'r1',
});

/** The worker with the test's service and poster, the allowed hosts, and no duplicate check. */
const workerWith = (pipeline: () => RequestPipeline, post: typeof postToResponseUrl) =>
  slackWorkerHandler({
    config: () => config,
    idempotencyStore: withoutIdempotency,
    pipeline,
    post,
  });

beforeEach(() => {
  takeLogs();
});

describe('slackWorkerHandler', () => {
  it('runs the operation with path and body only, and posts the operation id to the channel', async () => {
    // Prepare
    const { run, service } = serviceAnswering(ok);
    const post = vi.fn(async () => undefined);
    const handler = workerWith(service, post);

    // Act
    const result = await handler(
      { ...payload, input: { ...payload.input, 'X-Auth-Token': 't' } },
      lambdaContext(),
    );

    // Assess
    // BCS accepted it: the operation tracker follows it (Lambda's on-success destination).
    expect(result).toEqual({
      track: expect.objectContaining({ result: 'succeeded', operation_id: expect.any(String) }),
    });
    expect(run).toHaveBeenCalledWith(
      expect.objectContaining({
        operation: expect.objectContaining({ name: 'remove-channel-orgs' }),
        input: { path: payload.input.path, body: payload.input.body },
      }),
      expect.any(AbortSignal),
    );
    expect(post).toHaveBeenCalledWith(
      new URL(payload.response_url),
      { response_type: 'in_channel', text: expect.stringContaining('`BCSSVC01-06-1`') },
      expect.any(AbortSignal),
    );
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'slack command finished',
        correlation_id: 'corr-1',
        user_id: 'U1',
        result: 'succeeded',
        operation_id: 'BCSSVC01-06-1',
      }),
    ]);
  });

  it('posts our normalized error when the service fails, and logs it as an error', async () => {
    // Prepare
    const { service } = serviceAnswering(async () => {
      throw new GatewayError(ErrorCodes.bcsTimeout, 'BCS did not answer', {
        delivery: 'may-have-applied',
      });
    });
    const post = vi.fn(async () => undefined);
    const handler = workerWith(service, post);

    // Act
    await handler(payload, lambdaContext());

    // Assess
    expect(post).toHaveBeenCalledWith(
      expect.any(URL),
      {
        response_type: 'in_channel',
        text: expect.stringContaining('`BCSGW.5040001` BCS did not answer'),
      },
      expect.any(AbortSignal),
    );
    expect(takeLogs().lines[0]).toMatchObject({ level: 'error', may_have_been_applied: true });
  });

  it('ends normally, logging it, when something unexpected throws', async () => {
    // Prepare
    const handler = slackWorkerHandler({
      config: () => {
        throw new TypeError('broken configuration');
      },
    });

    // Act
    const result = await handler(payload, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'invocation failed; not retried',
        function: 'slack-worker',
        error: expect.objectContaining({ message: 'broken configuration' }),
      }),
    ]);
  });
});

describe('slackWorkerHandler refusals', () => {
  it.each([
    [
      'a malformed payload',
      { ...payload, operation: 'drop-tables' },
      'slack worker refused its payload',
    ],
    [
      'a response_url off the allowed hosts',
      { ...payload, response_url: 'https://evil.example/x' },
      'slack worker refused its response_url',
    ],
  ])('runs and posts nothing for %s, and logs why', async (_, event, message) => {
    // Prepare
    const { run, service } = serviceAnswering(ok);
    const post = vi.fn(async () => undefined);
    const handler = workerWith(service, post);

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(run).not.toHaveBeenCalled();
    expect(post).not.toHaveBeenCalled();
    expect(takeLogs().lines).toEqual([expect.objectContaining({ level: 'error', message })]);
  });

  it('posts what is wrong with an invalid input instead of running it', async () => {
    // Prepare
    const { run, service } = serviceAnswering(ok);
    const post = vi.fn(async () => undefined);
    const handler = workerWith(service, post);
    const input = { path: payload.input.path, body: { org_names: ['o', 'o'] } };

    // Act
    await handler({ ...payload, input }, lambdaContext());

    // Assess
    expect(run).not.toHaveBeenCalled();
    expect(post).toHaveBeenCalledWith(
      expect.any(URL),
      {
        response_type: 'ephemeral',
        text: expect.stringContaining(
          'asked to run remove-channel-orgs: it failed with `BCSGW.4000001`',
        ),
      },
      expect.any(AbortSignal),
    );
  });

  it('logs the failed post with the outcome, and ends normally', async () => {
    // Prepare
    const { service } = serviceAnswering(ok);
    const post = vi.fn(async () => {
      throw new Error('response_url answered 404: expired_url');
    });
    const handler = workerWith(service, post);

    // Act
    const result = await handler(payload, lambdaContext());

    // Assess
    // BCS accepted it: the operation tracker follows it (Lambda's on-success destination).
    expect(result).toEqual({
      track: expect.objectContaining({ result: 'succeeded', operation_id: expect.any(String) }),
    });
    expect(takeLogs().lines[1]).toMatchObject({
      level: 'error',
      message: 'slack reply failed',
      correlation_id: 'corr-1',
      result: 'succeeded',
      response_url_host: 'hooks.slack.com',
    });
  });
});

describe('neverRetried', () => {
  it('returns null whatever the handler does', async () => {
    // Prepare
    const handler = neverRetried('f', async () => {
      throw new Error('boom');
    });

    // Act
    const result = await handler({}, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(takeLogs().lines).toHaveLength(1);
  });
});

describe('postToResponseUrl', () => {
  let sink: ResponseSink;
  beforeAll(async () => {
    sink = await startResponseSink();
  });
  afterAll(() => sink.stop());
  beforeEach(() => sink.clear());

  it('posts the message as JSON', async () => {
    // Prepare
    const message = { response_type: 'ephemeral' as const, text: 'done' };

    // Act
    await postToResponseUrl(new URL(sink.url), message, AbortSignal.timeout(2000));

    // Assess
    expect(sink.posts).toEqual([
      { path: '/commands/T0TEAM01/1/local', contentType: 'application/json', message },
    ]);
  });

  it("throws with Slack's status and answer when it is not 2xx", async () => {
    // Prepare
    sink.answerWith(410);

    // Act
    const posting = postToResponseUrl(
      new URL(sink.url),
      { response_type: 'ephemeral', text: 'x' },
      AbortSignal.timeout(2000),
    );

    // Assess
    await expect(posting).rejects.toThrow('response_url answered 410: no');
  });

  it('follows no redirect', async () => {
    // Prepare
    const redirecting = vi.fn(
      async () =>
        new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }),
    );
    const fetchImpl = vi.fn((_url: unknown, init?: RequestInit) =>
      init?.redirect === 'error'
        ? Promise.reject(new TypeError('redirect refused'))
        : redirecting(),
    );

    // Act
    const posting = postToResponseUrl(
      new URL('https://hooks.slack.com/x'),
      { response_type: 'ephemeral', text: 'x' },
      AbortSignal.timeout(2000),
      fetchImpl as typeof fetch,
    );

    // Assess
    await expect(posting).rejects.toThrow('redirect refused');
    expect(redirecting).not.toHaveBeenCalled();
  });
});

describe('signing secret from Secrets Manager', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('is read once per container', async () => {
    // Prepare
    const secrets = await startSecretsManagerStandIn('plain-text-secret');
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local-test-secret-key',
    });
    const source = signingSecretFrom(
      { signingSecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:s', signingSecret: undefined },
      createAwsClient(),
    );

    // Act
    const first = await source.get(AbortSignal.timeout(5000));
    const second = await source.get(AbortSignal.timeout(5000));
    await secrets.stop();

    // Assess
    expect([first, second]).toEqual(['plain-text-secret', 'plain-text-secret']);
    expect(secrets.reads).toHaveLength(1);
  });

  it('is BCSGW.5020004 when Secrets Manager cannot be reached, and read again next time', async () => {
    // Prepare
    const port = await closedPort();
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = `http://127.0.0.1:${port}`;
    const source = signingSecretFrom(
      { signingSecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:s', signingSecret: undefined },
      createAwsClient(),
    );

    // Act
    const failed = await source.get(AbortSignal.timeout(5000)).catch((error: unknown) => error);
    const secrets = await startSecretsManagerStandIn('plain-text-secret', port);
    const read = await source.get(AbortSignal.timeout(5000));
    await secrets.stop();

    // Assess
    expect(failed).toMatchObject({
      errorCode: 'BCSGW.5020004',
      message: expect.stringMatching(
        /^AWS Secrets Manager did not hand over the Slack signing secret \(\w+\)$/,
      ),
    });
    expect(read).toBe('plain-text-secret');
  });
});

describe('slackWorkerHandler: duplicates, deadlines and its log lines', () => {
  /** An idempotency table in memory that keeps what each claim was given. */
  const memoryStore = () => {
    const records = new Map<string, IdempotencyRecord>();
    const claims: { key: string; correlationId: string; now: number; inProgressUntil: number }[] =
      [];
    const store: IdempotencyStore = {
      claim: async (key, request) => {
        claims.push({ key, ...request });
        const record = records.get(key);
        if (record) return { claimed: false, record };
        const claim = { key, claimId: `claim-${claims.length}`, ...request };
        records.set(key, {
          correlationId: request.correlationId,
          createdAt: request.now,
          status: 'IN_PROGRESS',
          inProgressUntil: request.inProgressUntil,
        });
        return { claimed: true, claim: { ...claim, createdAt: request.now } };
      },
      complete: async (claim, outcome) => {
        records.set(claim.key, {
          correlationId: claim.correlationId,
          createdAt: claim.createdAt,
          status: 'COMPLETED',
          outcome,
        });
      },
      release: async (claim) => {
        records.delete(claim.key);
      },
    };
    return { store, claims };
  };
  const NOW = Date.parse('2026-12-06T09:00:00Z');
  /** A context whose time left stays `remainingMs`: the deadlines it gives are exact. */
  const frozenContext = (remainingMs: number): Context => ({
    ...lambdaContext(),
    getRemainingTimeInMillis: () => remainingMs,
  });
  const answering = (status: number, json: Record<string, unknown>) => async () => ({
    status,
    body: JSON.stringify(json),
    json,
    requestId: 'r1',
  });

  it('claims the request until the end of the invocation, and posts a repeat as the first run', async () => {
    // Prepare
    const { store, claims } = memoryStore();
    const { run, service } = serviceAnswering(ok);
    const posted: SlackMessage[] = [];
    const handler = slackWorkerHandler({
      config: () => config,
      idempotencyStore: () => store,
      pipeline: service,
      post: async (_, message) => {
        posted.push(message);
      },
      now: () => NOW,
    });

    // Act
    const first = await handler(payload, frozenContext(60_000));
    const again = await handler({ ...payload, correlation_id: 'corr-2' }, frozenContext(60_000));

    // Assess
    expect(
      claims.map(({ correlationId, inProgressUntil }) => ({ correlationId, inProgressUntil })),
    ).toEqual([
      { correlationId: 'corr-1', inProgressUntil: NOW + 60_000 },
      { correlationId: 'corr-2', inProgressUntil: NOW + 60_000 },
    ]);
    const firstSeenAt = new Date(claims[0]?.now ?? 0).toISOString();
    expect(run).toHaveBeenCalledTimes(1);
    expect(first).toEqual({ track: expect.objectContaining({ result: 'succeeded' }) });
    // The first run's tracker already follows it.
    expect(again).toBeNull();
    expect(posted[1]?.response_type).toBe('in_channel');
    expect(posted[1]?.text.split('\n')[1]).toBe(
      `:repeat: The same command already ran at ${firstSeenAt} (request \`corr-1\`): ` +
        "this is that run's outcome; nothing was sent to BCS again.",
    );
    const lines = takeLogs().lines;
    expect(lines[1]).toEqual(
      expect.objectContaining({
        level: 'info',
        message: 'slack command not run again (completed)',
        correlation_id: 'corr-2',
        duplicate: {
          state: 'completed',
          first_correlation_id: 'corr-1',
          first_seen_at: firstSeenAt,
        },
      }),
    );
  });

  it('posts what was run in words, with every value the user gave', async () => {
    // Prepare
    const { service } = serviceAnswering(ok);
    const posted: SlackMessage[] = [];
    const handler = workerWith(service, async (_, message) => {
      posted.push(message);
    });

    // Act
    await handler(payload, lambdaContext());

    // Assess
    expect(posted[0]?.text).toBe(
      ':white_check_mark: <@U1> asked to remove `o1` from channel `ch` of BCS instance `bc1` ' +
        '(project `p1`): BCS accepted it, operation id `BCSSVC01-06-1` (its progress is in BCS ' +
        'operation records). _(request `corr-1`)_',
    );
  });

  it('logs what it ran, for whom and on what, with the outcome', async () => {
    // Prepare
    const { service } = serviceAnswering(ok);
    const handler = workerWith(service, async () => undefined);
    const context = lambdaContext();

    // Act
    await handler(payload, context);

    // Assess
    expect(takeLogs().lines).toEqual([
      {
        level: 'info',
        message: 'slack command finished',
        aws_request_id: context.awsRequestId,
        correlation_id: 'corr-1',
        user_id: 'U1',
        team_id: 'T1',
        who: { type: 'slack', id: 'U1', team: 'T1' },
        result: 'succeeded',
        operation: 'remove-channel-orgs',
        status: 200,
        operation_id: 'BCSSVC01-06-1',
        project_id: 'p1',
        bcs_request_id: 'r1',
        target: { project_id: 'p1', blockchain_id: 'bc1', channel_id: 'ch', org_names: ['o1'] },
      },
    ]);
  });

  it.each([
    [300, 'info'],
    [400, 'warn'],
  ])('hands the tracker nothing when BCS answers %i', async (status, level) => {
    // Prepare
    const { service } = serviceAnswering(
      answering(status, { error_code: 'BCS.4001051', error_msg: 'no such org' }),
    );
    const handler = workerWith(service, async () => undefined);

    // Act
    const result = await handler(payload, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({ level, result: 'failed', status, error_code: 'BCS.4001051' }),
    ]);
  });

  it('names neither request nor target of an input it refuses', async () => {
    // Prepare
    const { service } = serviceAnswering(ok);
    const posted: SlackMessage[] = [];
    const handler = workerWith(service, async (_, message) => {
      posted.push(message);
    });

    // Act
    await handler({ ...payload, input: { path: {}, body: {} } }, lambdaContext());

    // Assess
    const [line] = takeLogs().lines;
    expect(line).toMatchObject({ level: 'warn', error_code: 'BCSGW.4000001' });
    expect(line).not.toHaveProperty('target');
    expect(posted[0]?.text).toMatch(/^:x: <@U1> asked to run remove-channel-orgs: it failed/);
  });

  it('logs a payload it refuses under the invocation id, with the reason', async () => {
    // Prepare
    const { service } = serviceAnswering(ok);
    const handler = workerWith(service, async () => undefined);
    const context = lambdaContext();

    // Act
    await handler({ ...payload, team_id: 't1' }, context);

    // Assess
    expect(takeLogs().lines).toEqual([
      {
        level: 'error',
        message: 'slack worker refused its payload',
        aws_request_id: context.awsRequestId,
        error: expect.objectContaining({
          message: 'Invalid request: team_id: missing or malformed',
        }),
      },
    ]);
  });

  it('logs a response_url it refuses under who asked, with the reason', async () => {
    // Prepare
    const { service } = serviceAnswering(ok);
    const handler = workerWith(service, async () => undefined);

    // Act
    await handler({ ...payload, response_url: 'https://evil.example/x' }, lambdaContext());

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'slack worker refused its response_url',
        correlation_id: 'corr-1',
        who: { type: 'slack', id: 'U1', team: 'T1' },
        error: expect.objectContaining({ error_code: 'BCSGW.4000001' }),
      }),
    ]);
  });

  it('logs the failure of a post with its error', async () => {
    // Prepare
    const { service } = serviceAnswering(ok);
    const handler = workerWith(service, async () => {
      throw new Error('response_url answered 404: expired_url');
    });

    // Act
    await handler(payload, lambdaContext());

    // Assess
    expect(takeLogs().lines[1]).toMatchObject({
      error: { message: 'response_url answered 404: expired_url' },
    });
  });

  it('gives BCS the time left but the reply reserve, its record the time left but a second, and the post what is left but 200 ms', async () => {
    // Prepare
    // 3.5 s left: BCS gets 3.5 − 3 (reply) − 1 (deadline reserve) s, so its signal fires at
    // once; the record 3.5 − 1 s; then 150 ms are left, and the post gets 150 − 200 ms.
    const seen: { bcs?: boolean; record?: boolean; post?: boolean } = {};
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    const store: IdempotencyStore = {
      claim: async (key, { correlationId, now }) => ({
        claimed: true,
        claim: { key, claimId: 'c1', correlationId, createdAt: now },
      }),
      complete: async (_, __, ___, signal) => {
        await settle();
        seen.record = signal.aborted;
      },
      release: async () => undefined,
    };
    const handler = slackWorkerHandler({
      config: () => config,
      idempotencyStore: () => store,
      pipeline: () => ({
        config,
        callBcs: async (_, signal) => {
          await settle();
          seen.bcs = signal.aborted;
          return ok();
        },
      }),
      post: async (_, __, signal) => {
        await settle();
        seen.post = signal.aborted;
      },
    });
    let left = 3500;
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => left };

    // Act
    const running = handler(payload, context);
    left = 150;
    await running;

    // Assess
    expect(seen).toEqual({ bcs: true, record: false, post: true });
  });
});
