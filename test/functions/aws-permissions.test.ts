/**
 * The built bundles against moto with IAM authentication on, each run with the credentials
 * of its own role as `serverless.yml` grants it (the packaged template's policies, resolved in
 * moto's account): every AWS call must be signed right, session token included, and allowed
 * by that role, names of the resources included. A wrong signature and a permission taken out
 * of the template are refused by moto, and each function reports that as documented.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSeed } from '../../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../helpers/aws-events.ts';
import {
  operationRecordEvent,
  quitConsortiumBody,
  quitConsortiumEvent,
  removeChannelOrgsEvent,
} from '../helpers/events.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';
import { grantedActions, MOTO_ACCOUNT_ID } from '../helpers/moto-deploy.ts';
import { STACK_REGION, useMotoIamStack } from '../helpers/moto-iam.ts';
import {
  ALLOWED_TEAM,
  ALLOWED_USER,
  type ResponseSink,
  replyOf,
  slackCommandEvent,
  startResponseSink,
} from '../helpers/slack.ts';

const { demo } = defaultSeed;
const stack = useMotoIamStack();

let sink: ResponseSink;
beforeAll(async () => {
  sink = await startResponseSink();
});
afterAll(async () => {
  await sink.stop();
});
beforeEach(() => {
  sink.clear();
});

/** The Slack functions may post to the local sink (Slack's own host is not reachable). */
const toSink = { SLACK_RESPONSE_URL_HOSTS: 'hooks.slack.com,127.0.0.1' };

const removeOrgs = (orgs: string[]) => ({
  operation: 'remove-channel-orgs',
  path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
  body: { org_names: orgs },
});
const REMOVE_ORG3 = 'remove-orgs channel=channel orgs=org3';

/** The AWS calls made with a function's role, as `service:operation status`, in order. */
const callsOf = (name: string, revoked?: string) => {
  const { accessKeyId } = stack.session(name, revoked);
  return stack.calls
    .filter((call) => call.accessKeyId === accessKeyId)
    .map((call) => `${call.service}:${call.operation} ${call.status}`);
};

/** Every call moto refused, whoever made it. */
const refusals = () =>
  stack.calls
    .filter((call) => call.status >= 400)
    .map(({ service, operation, status, error }) => ({ service, operation, status, error }));

/** eventbridge-offboard, cold, run once on a quit that BCS accepts. */
const runEventBridgeQuit = async (
  overrides: Record<string, string | undefined> = {},
  options: { revoked?: string } = {},
) => {
  const handler = await stack.load('eventbridge-offboard', overrides, options);
  return handler(
    eventBridgeEvent('BCS Quit Consortium Requested', {
      path: { project_id: demo.projectId },
      body: quitConsortiumBody(),
      correlation_id: 'offboarding-7',
    }),
    lambdaContext({ functionName: stack.functionName('eventbridge-offboard') }),
  );
};

/** The payloads Lambda accepted for the worker (the worker itself is run by the test). */
const workerPayloads = (): unknown[] =>
  stack.calls
    .filter((call) => call.operation === 'Invoke' && call.status === 202)
    .map((call) => JSON.parse(call.body));

/** What slack-command hands the worker, for the organizations given. */
const workerPayload = (orgs = ['org3']) => ({
  operation: 'remove-channel-orgs',
  input: {
    path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
    body: { org_names: orgs },
  },
  response_url: sink.url,
  user_id: ALLOWED_USER,
  team_id: ALLOWED_TEAM,
  correlation_id: `c6af9ac6-7b61-11e6-9a41-${orgs.join('').padStart(12, '0').slice(-12)}`,
});

/** An operation id BCS has no record of. */
const UNKNOWN_OPERATION = 'BCSSVC01-06-1795425791587000999';

/** What slack-command hands slack-status for `status <UNKNOWN_OPERATION>`. */
const statusPayload = () => ({
  operation_id: UNKNOWN_OPERATION,
  project_id: demo.projectId,
  response_url: sink.url,
  user_id: ALLOWED_USER,
  team_id: ALLOWED_TEAM,
  correlation_id: 'c6af9ac6-7b61-11e6-9a41-000000000077',
});

/** A tracking message of the demo project, as the outcome rule or the tracker queues it. */
const trackingRecord = (operationId: string, acceptedAt: number) =>
  sqsRecord(
    {
      operation: 'remove-channel-orgs',
      operation_id: operationId,
      project_id: demo.projectId,
      correlation_id: `offboarding-${operationId.slice(-3)}`,
      trigger: 'sqs',
      accepted_at: acceptedAt,
      attempt: 1,
    },
    { queue: 'bcs-offboard-dev-tracking' },
  );
/** An operation still to look up, and one accepted longer ago than the maximum age. */
const freshOperation = () => trackingRecord('BCSSVC01-06-1795425791587000163', Date.now());
const pastMaxAge = () => trackingRecord('BCSSVC01-06-1795425791587000179', 0);

describe('each function, signed with its own role, does everything it needs', () => {
  it.each([
    ['http-quit-consortium', () => quitConsortiumEvent()],
    ['http-remove-channel-orgs', () => removeChannelOrgsEvent()],
  ])('%s reads the credentials secret and runs its operation', async (name, event) => {
    // Prepare
    const handler = await stack.load(name);

    // Act
    const response = await handler(
      event(),
      lambdaContext({ functionName: stack.functionName(name) }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(stack.sim.operations()).toHaveLength(1);
    expect(callsOf(name)).toEqual(['secretsmanager:GetSecretValue 200']);
  });

  it('http-operation-record reads the credentials secret and lists the operation records', async () => {
    // Prepare
    const name = 'http-operation-record';
    const handler = await stack.load(name);

    // Act
    const response = await handler(
      operationRecordEvent({ rawQueryString: 'operation_status=finished' }),
      lambdaContext({ functionName: stack.functionName(name) }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ count: 0, operation_records: [] });
    expect(callsOf(name)).toEqual(['secretsmanager:GetSecretValue 200']);
  });

  it('eventbridge-offboard claims the request, runs it, remembers it and publishes its outcome', async () => {
    // Prepare
    const name = 'eventbridge-offboard';

    // Act
    await runEventBridgeQuit();

    // Assess
    const [operation] = stack.sim.operations();
    expect(callsOf(name)).toEqual([
      'dynamodb:PutItem 200',
      'secretsmanager:GetSecretValue 200',
      'dynamodb:PutItem 200',
      'events:PutEvents 200',
    ]);
    const [outcome, ...others] = await stack.outcomes();
    expect(others).toEqual([]);
    expect(outcome?.['detail-type']).toBe('BCS Offboarding Succeeded');
    expect(outcome?.detail).toMatchObject({
      correlation_id: 'offboarding-7',
      operation_id: operation?.operation_id,
    });
    const records = await stack.records('IdempotencyTable');
    expect(records).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
  });

  it('sqs-offboard runs a batch, dead-letters the record BCS refused and publishes both outcomes', async () => {
    // Prepare
    const handler = await stack.load('sqs-offboard');
    const good = sqsRecord(removeOrgs(['org3']), { queue: 'bcs-offboard-dev-requests' });
    const refused = sqsRecord(removeOrgs(['no-such-org']), { queue: 'bcs-offboard-dev-requests' });

    // Act
    const response = await handler(
      sqsEvent(good, refused),
      lambdaContext({ functionName: stack.functionName('sqs-offboard') }),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(stack.sim.operations()).toHaveLength(1);
    const deadLetters = await stack.queued('RequestDeadLetterQueue');
    expect(deadLetters).toEqual([
      {
        body: refused.body,
        attributes: expect.objectContaining({
          source_message_id: refused.messageId,
          error_code: 'BCS.4001051',
        }),
      },
    ]);
    const outcomes = await stack.outcomes();
    expect(outcomes.map((event) => event['detail-type']).sort()).toEqual([
      'BCS Offboarding Failed',
      'BCS Offboarding Succeeded',
    ]);
    expect(await stack.records('IdempotencyTable')).toEqual([
      expect.objectContaining({ status: 'COMPLETED' }),
    ]);
    const calls = callsOf('sqs-offboard');
    expect(calls).toContain('sqs:SendMessage 200');
    expect(calls).toContain('dynamodb:DeleteItem 200');
    expect(calls.filter((call) => !call.endsWith(' 200'))).toEqual([]);
  });

  it('slack-command reads its signing secret and invokes the worker, which runs with its own role', async () => {
    // Prepare
    const command = await stack.load('slack-command', toSink);
    const context = lambdaContext({ functionName: stack.functionName('slack-command') });

    // Act
    const ack = await command(
      slackCommandEvent({ text: REMOVE_ORG3, responseUrl: sink.url }),
      context,
    );
    const [payload] = workerPayloads();
    const worker = await stack.load('slack-worker', toSink);
    await worker(payload, lambdaContext({ functionName: stack.functionName('slack-worker') }));

    // Assess
    expect(replyOf(ack).text).toMatch(/^Working on it/);
    expect(callsOf('slack-command')).toEqual([
      'secretsmanager:GetSecretValue 200',
      'lambda:Invoke 202',
    ]);
    expect(stack.calls.find((call) => call.operation === 'Invoke')?.path).toBe(
      `/2015-03-31/functions/${stack.functionName('slack-worker')}/invocations`,
    );
    expect(callsOf('slack-worker')).toEqual([
      'dynamodb:PutItem 200',
      'secretsmanager:GetSecretValue 200',
      'dynamodb:PutItem 200',
    ]);
    const [operation] = stack.sim.operations();
    expect(sink.posts[0]?.message.text).toContain(`operation id \`${operation?.operation_id}\``);
    expect(await stack.records('IdempotencyTable')).toEqual([
      expect.objectContaining({ status: 'COMPLETED', correlation_id: context.awsRequestId }),
    ]);
  });

  it('slack-command invokes slack-status for `status`, which reads the credentials and ListOpRecord with its own role', async () => {
    // Prepare
    const command = await stack.load('slack-command', toSink);
    const context = lambdaContext({ functionName: stack.functionName('slack-command') });

    // Act
    const ack = await command(
      slackCommandEvent({ text: `status ${UNKNOWN_OPERATION}`, responseUrl: sink.url }),
      context,
    );
    const [payload] = workerPayloads();
    const status = await stack.load('slack-status', toSink);
    await status(payload, lambdaContext({ functionName: stack.functionName('slack-status') }));

    // Assess
    expect(replyOf(ack).text).toMatch(/^Looking up operation /);
    expect(callsOf('slack-command')).toEqual([
      'secretsmanager:GetSecretValue 200',
      'lambda:Invoke 202',
    ]);
    expect(stack.calls.find((call) => call.operation === 'Invoke')?.path).toBe(
      `/2015-03-31/functions/${stack.functionName('slack-status')}/invocations`,
    );
    expect(payload).toMatchObject({ operation_id: UNKNOWN_OPERATION, project_id: demo.projectId });
    expect(callsOf('slack-status')).toEqual(['secretsmanager:GetSecretValue 200']);
    expect(sink.posts.map((post) => post.message.text)).toEqual([
      expect.stringMatching(/^BCS has no record of operation /),
    ]);
  });

  it('operation-tracker claims each look-up, queues the next one, and publishes the end of one past the maximum age', async () => {
    // Prepare
    const handler = await stack.load('operation-tracker');
    const [fresh, old] = [freshOperation(), pastMaxAge()];

    // Act
    const response = await handler(
      sqsEvent(fresh, old),
      lambdaContext({ functionName: stack.functionName('operation-tracker') }),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    // ListOpRecord signs in with the credentials secret (read once per container).
    expect(callsOf('operation-tracker')).toEqual([
      'dynamodb:PutItem 200',
      'secretsmanager:GetSecretValue 200',
      'sqs:SendMessage 200',
      'dynamodb:PutItem 200',
      'dynamodb:PutItem 200',
      'dynamodb:PutItem 200',
      'events:PutEvents 200',
      'dynamodb:PutItem 200',
      'dynamodb:PutItem 200',
    ]);
    const sent = stack.calls.find((call) => call.operation === 'SendMessage');
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
      QueueUrl: stack.env('operation-tracker').TRACKING_QUEUE_URL,
      DelaySeconds: 10,
    });
    const outcomes = await stack.outcomes();
    expect(outcomes.map((event) => [event['detail-type'], event.detail.operation_status])).toEqual([
      ['BCS Offboarding Ended', 'unknown'],
    ]);
  });

  it('slack-command invokes a worker named by its ARN, whose colons the signature encodes twice', async () => {
    // Prepare
    const workerArn = `arn:aws:lambda:${STACK_REGION}:${MOTO_ACCOUNT_ID}:function:${stack.functionName('slack-worker')}`;
    const command = await stack.load('slack-command', {
      ...toSink,
      SLACK_WORKER_FUNCTION_NAME: workerArn,
    });

    // Act
    const ack = await command(
      slackCommandEvent({ text: REMOVE_ORG3, responseUrl: sink.url }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(ack).text).toMatch(/^Working on it/);
    const invoke = stack.calls.find((call) => call.operation === 'Invoke');
    expect(invoke).toMatchObject({
      path: `/2015-03-31/functions/${encodeURIComponent(workerArn)}/invocations`,
      status: 202,
    });
  });
});

/**
 * What a signature must cover (`aws-calls.md`): moto checks the signature over the headers it
 * names, and the session token by value, so a token sent but left out of the signature would
 * pass there; AWS refuses it.
 */
const MUST_BE_SIGNED = [
  'host',
  'x-amz-date',
  'x-amz-security-token',
  'content-type',
  'x-amz-target',
  'x-amz-invocation-type',
];

describe('every call a function makes', () => {
  it('signs its host, date, session token, content type and target', async () => {
    // Prepare
    const functionKeys = new Set(
      ['eventbridge-offboard', 'sqs-offboard', 'slack-command', 'slack-worker'].map(
        (name) => stack.session(name).accessKeyId,
      ),
    );

    // Act
    await runEventBridgeQuit();
    const sqs = await stack.load('sqs-offboard');
    await sqs(sqsEvent(sqsRecord('{')), lambdaContext());
    const command = await stack.load('slack-command', toSink);
    await command(slackCommandEvent({ text: REMOVE_ORG3, responseUrl: sink.url }), lambdaContext());
    const worker = await stack.load('slack-worker', toSink);
    for (const payload of workerPayloads()) await worker(payload, lambdaContext());

    // Assess
    const calls = stack.calls.filter((call) => functionKeys.has(call.accessKeyId));
    expect(new Set(calls.map((call) => call.service))).toEqual(
      new Set(['dynamodb', 'secretsmanager', 'events', 'sqs', 'lambda']),
    );
    for (const call of calls) {
      const unsigned = MUST_BE_SIGNED.filter(
        (header) => call.sentHeaders.includes(header) && !call.signedHeaders.includes(header),
      );
      expect(unsigned, `${call.service}:${call.operation}`).toEqual([]);
      expect(call.signedHeaders).toEqual(expect.arrayContaining(MUST_BE_SIGNED.slice(0, 3)));
    }
  });
});

describe('a bad signature is refused by moto, and reported as the documented failure', () => {
  it('http-quit-consortium signed with a wrong secret key answers 502 BCSGW.5020004', async () => {
    // Prepare
    const handler = await stack.load('http-quit-consortium', {
      AWS_SECRET_ACCESS_KEY: 'not-the-secret-key-of-this-session',
    });

    // Act
    const response = await handler(quitConsortiumEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(502);
    expect(JSON.parse(response.body).error_code).toBe('BCSGW.5020004');
    expect(refusals()).toEqual([
      {
        service: 'secretsmanager',
        operation: 'GetSecretValue',
        status: 403,
        error: 'SignatureDoesNotMatch',
      },
    ]);
    expect(stack.sim.requests).toEqual([]);
  });

  it('eventbridge-offboard with a tampered session token has Lambda retry BCSGW.5030001, having sent nothing', async () => {
    // Prepare
    const { sessionToken } = stack.session('eventbridge-offboard');
    const tampered = sessionToken.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    const overrides = { AWS_SESSION_TOKEN: tampered };

    // Act
    const result = runEventBridgeQuit(overrides);

    // Assess
    await expect(result).rejects.toThrow(/BCSGW\.5030001/);
    expect(refusals()).toEqual([
      { service: 'dynamodb', operation: 'PutItem', status: 403, error: 'InvalidClientTokenId' },
      { service: 'events', operation: 'PutEvents', status: 403, error: 'InvalidClientTokenId' },
    ]);
    expect(stack.sim.requests).toEqual([]);
    expect(await stack.records('IdempotencyTable')).toEqual([]);
  });

  it('slack-worker signed without its session token posts BCSGW.5030001, having sent nothing', async () => {
    // Prepare
    const worker = await stack.load('slack-worker', { ...toSink, AWS_SESSION_TOKEN: undefined });

    // Act
    await worker(workerPayload(), lambdaContext());

    // Assess
    expect(sink.posts[0]?.message.text).toContain('`BCSGW.5030001`');
    expect(refusals()).toEqual([
      { service: 'dynamodb', operation: 'PutItem', status: 403, error: 'InvalidClientTokenId' },
    ]);
    expect(stack.sim.requests).toEqual([]);
  });
});

describe('a permission missing from serverless.yml is refused by moto, and reported', () => {
  it('without secretsmanager:GetSecretValue, an HTTP function answers 502 BCSGW.5020004', async () => {
    // Prepare
    const handler = await stack.load(
      'http-remove-channel-orgs',
      {},
      { revoked: 'secretsmanager:GetSecretValue' },
    );

    // Act
    const response = await handler(removeChannelOrgsEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(502);
    expect(JSON.parse(response.body).error_code).toBe('BCSGW.5020004');
    expect(refusals()).toEqual([
      {
        service: 'secretsmanager',
        operation: 'GetSecretValue',
        status: 403,
        error: 'AccessDenied',
      },
    ]);
    expect(stack.sim.requests).toEqual([]);
  });

  it('without dynamodb:PutItem, eventbridge-offboard runs nothing and has Lambda retry BCSGW.5030001', async () => {
    // Prepare
    const revoked = 'dynamodb:PutItem';

    // Act
    const result = runEventBridgeQuit({}, { revoked });

    // Assess
    await expect(result).rejects.toThrow(/BCSGW\.5030001/);
    expect(refusals()).toEqual([
      { service: 'dynamodb', operation: 'PutItem', status: 403, error: 'AccessDenied' },
    ]);
    expect(callsOf('eventbridge-offboard', revoked)).toEqual([
      'dynamodb:PutItem 403',
      'events:PutEvents 200',
    ]);
    expect(stack.sim.requests).toEqual([]);
    const [outcome] = await stack.outcomes();
    expect(outcome?.detail).toMatchObject({ error_code: 'BCSGW.5030001', retryable: true });
  });

  it('without secretsmanager:GetSecretValue, eventbridge-offboard releases its claim and has Lambda retry BCSGW.5020004', async () => {
    // Prepare
    const revoked = 'secretsmanager:GetSecretValue';

    // Act
    const result = runEventBridgeQuit({}, { revoked });

    // Assess
    await expect(result).rejects.toThrow(/BCSGW\.5020004/);
    expect(callsOf('eventbridge-offboard', revoked)).toEqual([
      'dynamodb:PutItem 200',
      'secretsmanager:GetSecretValue 403',
      'dynamodb:DeleteItem 200',
      'events:PutEvents 200',
    ]);
    expect(await stack.records('IdempotencyTable')).toEqual([]);
    expect(stack.sim.requests).toEqual([]);
  });

  it('without dynamodb:DeleteItem, eventbridge-offboard cannot release the claim of a request BCS turned away, and logs it', async () => {
    // Prepare
    stack.sim.inject({ service: 'bcs', mode: 'status', status: 503, times: 1 });

    // Act
    const result = runEventBridgeQuit({}, { revoked: 'dynamodb:DeleteItem' });

    // Assess
    await expect(result).rejects.toThrow(/^BCS\.5030503: /);
    expect(refusals()).toEqual([
      { service: 'dynamodb', operation: 'DeleteItem', status: 403, error: 'AccessDenied' },
    ]);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({
        message: 'idempotency record not updated after the request ran',
        record: 'claim not released',
      }),
    );
  });

  it('without events:PutEvents, sqs-offboard keeps its success done and logs the unpublished outcome', async () => {
    // Prepare
    const handler = await stack.load('sqs-offboard', {}, { revoked: 'events:PutEvents' });
    const record = sqsRecord(removeOrgs(['org3']));

    // Act
    const response = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(stack.sim.operations()).toHaveLength(1);
    expect(refusals()).toEqual([
      { service: 'events', operation: 'PutEvents', status: 403, error: 'AccessDenied' },
    ]);
    expect(takeLogs().lines.map((line) => line.message)).toContain(
      'outcome not published; the line above is its record',
    );
    expect(await stack.outcomes()).toEqual([]);
  });

  it('without sqs:SendMessage, sqs-offboard leaves a malformed message on its queue', async () => {
    // Prepare
    const handler = await stack.load('sqs-offboard', {}, { revoked: 'sqs:SendMessage' });
    const malformed = sqsRecord('not json');

    // Act
    const response = await handler(sqsEvent(malformed), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: malformed.messageId }] });
    expect(refusals()).toEqual([
      { service: 'sqs', operation: 'SendMessage', status: 403, error: 'AccessDenied' },
    ]);
    expect(await stack.queued('RequestDeadLetterQueue')).toEqual([]);
  });

  it('without sqs:SendMessage, operation-tracker releases its claim and leaves the message for SQS to retry', async () => {
    // Prepare
    const revoked = 'sqs:SendMessage';
    const handler = await stack.load('operation-tracker', {}, { revoked });
    const fresh = freshOperation();

    // Act
    const response = await handler(sqsEvent(fresh), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: fresh.messageId }] });
    expect(callsOf('operation-tracker', revoked)).toEqual([
      'dynamodb:PutItem 200',
      'secretsmanager:GetSecretValue 200',
      'sqs:SendMessage 403',
      'dynamodb:DeleteItem 200',
    ]);
    expect(await stack.records('IdempotencyTable')).toEqual([]);
  });

  it('without events:PutEvents, operation-tracker publishes no end, releases both claims and has SQS retry', async () => {
    // Prepare
    const revoked = 'events:PutEvents';
    const handler = await stack.load('operation-tracker', {}, { revoked });
    const old = pastMaxAge();

    // Act
    const response = await handler(sqsEvent(old), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: old.messageId }] });
    expect(refusals()).toEqual([
      { service: 'events', operation: 'PutEvents', status: 403, error: 'AccessDenied' },
    ]);
    expect(callsOf('operation-tracker', revoked)).toEqual([
      'dynamodb:PutItem 200',
      'secretsmanager:GetSecretValue 200',
      'dynamodb:PutItem 200',
      'events:PutEvents 403',
      'dynamodb:DeleteItem 200',
      'dynamodb:DeleteItem 200',
    ]);
    expect(await stack.records('IdempotencyTable')).toEqual([]);
  });

  it('without lambda:InvokeFunction, slack-command answers BCSGW.5020005: nothing was started', async () => {
    // Prepare
    const command = await stack.load('slack-command', toSink, { revoked: 'lambda:InvokeFunction' });

    // Act
    const ack = await command(
      slackCommandEvent({ text: REMOVE_ORG3, responseUrl: sink.url }),
      lambdaContext(),
    );

    // Assess
    expect(replyOf(ack).text).toMatch(
      /^:x: `BCSGW\.5020005` AWS Lambda refused to invoke the worker \(.+\); nothing was started$/,
    );
    expect(refusals()).toEqual([
      { service: 'lambda', operation: 'Invoke', status: 403, error: 'AccessDenied' },
    ]);
  });

  it('without secretsmanager:GetSecretValue, slack-command cannot check signatures: 502 BCSGW.5020004', async () => {
    // Prepare
    const command = await stack.load('slack-command', toSink, {
      revoked: 'secretsmanager:GetSecretValue',
    });

    // Act
    const response = await command(slackCommandEvent({ text: REMOVE_ORG3 }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(502);
    expect(JSON.parse(response.body).error_code).toBe('BCSGW.5020004');
    expect(workerPayloads()).toEqual([]);
  });

  it.each([
    ['dynamodb:PutItem', 'BCSGW.5030001'],
    ['secretsmanager:GetSecretValue', 'BCSGW.5020004'],
  ])('without %s, slack-worker posts %s, having sent nothing to BCS', async (revoked, code) => {
    // Prepare
    const worker = await stack.load('slack-worker', toSink, { revoked });

    // Act
    await worker(workerPayload(), lambdaContext());

    // Assess
    expect(sink.posts[0]?.message.text).toContain(`\`${code}\``);
    expect(refusals()).toContainEqual(
      expect.objectContaining({ status: 403, error: 'AccessDenied' }),
    );
    expect(stack.sim.requests).toEqual([]);
  });

  it('without secretsmanager:GetSecretValue, slack-status posts BCSGW.5020004, having asked BCS nothing', async () => {
    // Prepare
    const status = await stack.load('slack-status', toSink, {
      revoked: 'secretsmanager:GetSecretValue',
    });

    // Act
    await status(statusPayload(), lambdaContext());

    // Assess
    expect(sink.posts[0]?.message.text).toContain('`BCSGW.5020004`');
    expect(refusals()).toContainEqual(
      expect.objectContaining({ status: 403, error: 'AccessDenied' }),
    );
    expect(stack.sim.requests).toEqual([]);
  });
});

describe('moto judges the resources a role names, not only its actions', () => {
  it('refuses an event function a secret and a bus its role does not name', async () => {
    // Prepare
    const slackSecret = stack.env('slack-command').SLACK_SIGNING_SECRET_ARN;
    const overrides = {
      HUAWEICLOUD_CREDENTIALS_SECRET: slackSecret,
      OUTCOME_EVENT_BUS_NAME: 'default',
    };

    // Act
    const result = runEventBridgeQuit(overrides);

    // Assess
    await expect(result).rejects.toThrow(/BCSGW\.5020004/);
    expect(refusals()).toEqual([
      {
        service: 'secretsmanager',
        operation: 'GetSecretValue',
        status: 403,
        error: 'AccessDenied',
      },
      { service: 'events', operation: 'PutEvents', status: 403, error: 'AccessDenied' },
    ]);
  });
});

/**
 * What a role grants that its functions' code never calls, and why: Lambda itself uses it on
 * their behalf, or no scenario here reaches it.
 */
const NOT_CALLED_BY_THE_CODE: Record<string, Record<string, string>> = {
  everyRole: {
    'logs:CreateLogStream': 'the Lambda runtime writes the function log',
    'logs:PutLogEvents': 'the Lambda runtime writes the function log',
  },
  EventBridgeOffboardRole: {
    'sqs:SendMessage':
      "Lambda's on-failure destination sends failed events to EventDeadLetterQueue",
    'dynamodb:GetItem': 'read only when a failed conditional write returns no record',
  },
  SqsOffboardRole: {
    'sqs:ReceiveMessage': 'the SQS event source mapping polls RequestQueue with the role',
    'sqs:DeleteMessage': 'the SQS event source mapping deletes the messages handled',
    'sqs:GetQueueAttributes': 'the SQS event source mapping reads RequestQueue',
    'dynamodb:GetItem': 'read only when a failed conditional write returns no record',
  },
  SlackWorkerRole: {
    'dynamodb:GetItem': 'read only when a failed conditional write returns no record',
    // The worker's code never sends a message: it returns {track}, and Lambda sends that.
    'sqs:SendMessage': "Lambda's on-success destination sends the worker's result to TrackingQueue",
  },
  OperationTrackerRole: {
    'sqs:ReceiveMessage': 'the SQS event source mapping polls TrackingQueue with the role',
    'sqs:DeleteMessage': 'the SQS event source mapping deletes the messages handled',
    'sqs:GetQueueAttributes': 'the SQS event source mapping reads TrackingQueue',
    'dynamodb:GetItem': 'read only when a failed conditional write returns no record',
    'dynamodb:DeleteItem':
      'a claim is released only when queueing or publishing fails (the tests without sqs:SendMessage and events:PutEvents)',
  },
};

/** The IAM action a recorded call needs. */
const iamActionOf = ({ service, operation }: { service: string; operation: string }) =>
  service === 'lambda' && operation === 'Invoke'
    ? 'lambda:InvokeFunction'
    : `${service}:${operation}`;

describe('each role grants no more than its functions use', () => {
  it('every action a role grants is called by its functions, or used by Lambda for them', async () => {
    // Prepare
    const names = [
      'http-quit-consortium',
      'http-remove-channel-orgs',
      'http-operation-record',
      'eventbridge-offboard',
      'sqs-offboard',
      'slack-command',
      'slack-worker',
      'slack-status',
      'operation-tracker',
    ];
    const run = async (name: string, event: unknown, overrides = {}) =>
      (await stack.load(name, overrides))(event, lambdaContext());

    // Act: every function, through its success and through a path that releases its claim
    await run('http-quit-consortium', quitConsortiumEvent());
    await run('http-remove-channel-orgs', removeChannelOrgsEvent());
    await run('http-operation-record', operationRecordEvent());
    await runEventBridgeQuit();
    await run('sqs-offboard', sqsEvent(sqsRecord(removeOrgs(['no-such-org'])), sqsRecord('{')));
    await run(
      'slack-command',
      slackCommandEvent({ text: REMOVE_ORG3, responseUrl: sink.url }),
      toSink,
    );
    for (const payload of workerPayloads()) await run('slack-worker', payload, toSink);
    await run('slack-worker', workerPayload(['no-such-org']), toSink);
    await run('slack-status', statusPayload(), toSink);
    await run('operation-tracker', sqsEvent(freshOperation(), pastMaxAge()));

    // Assess
    expect(refusals()).toEqual([]);
    for (const name of names) {
      const { accessKeyId } = stack.session(name);
      const called = new Set(
        stack.calls.filter((call) => call.accessKeyId === accessKeyId).map(iamActionOf),
      );
      const exempt = {
        ...NOT_CALLED_BY_THE_CODE.everyRole,
        ...NOT_CALLED_BY_THE_CODE[stack.role(name)],
      };
      const unused = grantedActions(stack.policies(name)).filter(
        (action) => !called.has(action) && exempt[action] === undefined,
      );
      expect(unused, `${name}'s role grants what nothing calls`).toEqual([]);
    }
  });
});
