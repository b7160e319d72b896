import { afterEach, describe, expect, it } from 'vitest';
import { defaultSeed } from '../../simulator/index.ts';
import { eventBridgeEvent, sqsEvent, sqsRecord } from '../helpers/aws-events.ts';
import { loadBundle } from '../helpers/bundles.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { useEventStack } from '../helpers/event-stack.ts';
import { quitConsortiumBody } from '../helpers/events.ts';
import { lambdaContext } from '../helpers/lambda-context.ts';
import { takeLogs } from '../helpers/log-capture.ts';

const { demo } = defaultSeed;
const stack = useEventStack();
const { env, bcsRequests } = stack;

const quitDetail = (correlationId = 'offboarding-42') => ({
  path: { project_id: demo.projectId },
  body: quitConsortiumBody(),
  correlation_id: correlationId,
});
const removeOrgs = (orgs: unknown, extra: Record<string, unknown> = {}) => ({
  operation: 'remove-channel-orgs',
  path: { project_id: demo.projectId, blockchain_id: demo.blockchainId, channel_id: 'channel' },
  body: { org_names: orgs },
  ...extra,
});

describe('eventbridge-offboard', () => {
  it('runs the operation a detail-type asks for and publishes its operation id', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());

    // Act
    await handler(eventBridgeEvent('BCS Quit Consortium Requested', quitDetail()), lambdaContext());

    // Assess
    expect(stack.sim.operations()).toHaveLength(1);
    const [event] = await stack.aws.outcomes();
    expect(event?.['detail-type']).toBe('BCS Offboarding Succeeded');
    expect(event?.detail).toMatchObject({
      trigger: 'eventbridge',
      correlation_id: 'offboarding-42',
      result: 'succeeded',
      operation: 'quit-consortium',
      status: 200,
      operation_id: stack.sim.operations()[0]?.operation_id,
    });
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({ message: 'operation succeeded', correlation_id: 'offboarding-42' }),
    );
  });

  it('reports a malformed event once, naming every fault, and never asks for a retry', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());
    const detail = {
      path: { project_id: 'a/b' },
      body: { channel_name: '' },
      correlation_id: 'wf-7',
    };

    // Act
    const result = handler(
      eventBridgeEvent('BCS Quit Consortium Requested', detail),
      lambdaContext(),
    );

    // Assess
    await expect(result).resolves.toBeUndefined();
    expect(stack.sim.requests).toHaveLength(0);
    const [event] = await stack.aws.outcomes();
    expect(event?.['detail-type']).toBe('BCS Offboarding Failed');
    expect(event?.detail).toMatchObject({
      correlation_id: 'wf-7',
      operation: 'quit-consortium',
      status: 400,
      error_code: 'BCSGW.4000001',
      retryable: false,
    });
    expect(event?.detail.error_msg).toContain('path.project_id');
    expect(event?.detail.error_msg).toContain('body.inviter_bcsid');
  });

  it('reports an unknown detail-type without retrying', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());

    // Act
    await handler(eventBridgeEvent('BCS Delete Everything Requested', {}), lambdaContext());

    // Assess
    const [event] = await stack.aws.outcomes();
    expect(event?.detail).toMatchObject({ operation: 'unknown', error_code: 'BCSGW.4000001' });
    expect(String(event?.detail.error_msg)).toContain('BCS Remove Channel Orgs Requested');
  });

  it('throws for Lambda to retry when IAM cannot be reached, having sent nothing to BCS', async () => {
    // Prepare
    const handler = await loadBundle(
      'eventbridge-offboard',
      env({ IAM_ENDPOINT: `http://127.0.0.1:${await closedPort()}` }),
    );

    // Act
    const result = handler(
      eventBridgeEvent('BCS Quit Consortium Requested', quitDetail()),
      lambdaContext(),
    );

    // Assess
    await expect(result).rejects.toThrow(/BCSGW\.5020001/);
    expect(bcsRequests()).toHaveLength(0);
    const [event] = await stack.aws.outcomes();
    expect(event?.detail).toMatchObject({ retryable: true, may_have_been_applied: false });
  });

  it('does not retry a PUT that may have been applied, and says so', async () => {
    // Prepare
    stack.sim.inject({ service: 'bcs', mode: 'hang' });
    const handler = await loadBundle('eventbridge-offboard', env());

    // Act
    const result = handler(
      eventBridgeEvent('BCS Quit Consortium Requested', quitDetail()),
      lambdaContext({ remainingMs: 2500 }),
    );

    // Assess
    await expect(result).resolves.toBeUndefined();
    const [event] = await stack.aws.outcomes();
    expect(event?.detail).toMatchObject({
      error_code: 'BCSGW.5040001',
      retryable: false,
      may_have_been_applied: true,
    });
  });
});

describe('eventbridge-offboard, serving only the sources of ALLOWED_EVENT_SOURCES', () => {
  const trusted = 'acme.offboarding-workflow,bcs-offboard.requests';
  // loadBundle writes the variable into process.env: the other tests run without it.
  afterEach(() => {
    delete process.env.ALLOWED_EVENT_SOURCES;
  });

  it('runs an event from a trusted source exactly as without the list', async () => {
    // Prepare
    const handler = await loadBundle(
      'eventbridge-offboard',
      env({ ALLOWED_EVENT_SOURCES: trusted }),
    );
    const event = eventBridgeEvent('BCS Quit Consortium Requested', quitDetail());

    // Act
    const result = handler(event, lambdaContext());

    // Assess
    await expect(result).resolves.toBeUndefined();
    expect(event.source).toBe('bcs-offboard.requests');
    expect(stack.sim.operations()).toHaveLength(1);
    const [outcome] = await stack.aws.outcomes();
    expect(outcome?.detail).toMatchObject({
      result: 'succeeded',
      correlation_id: 'offboarding-42',
    });
  });

  it('refuses an event from any other source: logged with its source and account, not run, not published, not retried', async () => {
    // Prepare
    const handler = await loadBundle(
      'eventbridge-offboard',
      env({ ALLOWED_EVENT_SOURCES: trusted }),
    );
    const event = {
      ...eventBridgeEvent('BCS Quit Consortium Requested', quitDetail('wf-of-someone-else')),
      source: 'acme.offboarding',
      account: '210987654321',
    };

    // Act
    const result = handler(event, lambdaContext());

    // Assess
    await expect(result).resolves.toBeUndefined();
    expect(stack.sim.requests).toHaveLength(0);
    expect(await stack.aws.outcomes()).toEqual([]);
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'event refused: its source is not trusted',
        source: 'acme.offboarding',
        account: '210987654321',
        who: { type: 'eventbridge', id: 'acme.offboarding', account: '210987654321' },
        event_id: event.id,
        error_code: 'BCSGW.4030003',
      }),
    ]);
  });
});

describe('sqs-offboard', () => {
  it('fails only the retryable record of a mixed batch and moves final failures to the DLQ with their reason', async () => {
    // Prepare
    const handler = await loadBundle('sqs-offboard', env());
    const good = sqsRecord(removeOrgs(['org3'], { correlation_id: 'good-1' }));
    const notJson = sqsRecord('{"operation": ');
    const invalid = sqsRecord(removeOrgs([], { correlation_id: 'invalid-1' }));
    const refused = sqsRecord(removeOrgs(['no-such-org']));
    const busy = sqsRecord(removeOrgs(['organization']));
    stack.sim.inject({
      service: 'bcs',
      mode: 'status',
      status: 503,
      match: '/orgs/quit',
      times: 1,
    });
    const batch = sqsEvent(busy, good, notJson, invalid, refused);

    // Act
    const response = await handler(batch, lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: busy.messageId }] });
    const deadLetters = await stack.aws.deadLetters();
    expect(deadLetters.map((message) => message.attributes.source_message_id).sort()).toEqual(
      [notJson.messageId, invalid.messageId, refused.messageId].sort(),
    );
    const byId = new Map(
      deadLetters.map((message) => [message.attributes.source_message_id, message]),
    );
    expect(byId.get(notJson.messageId)?.body).toBe(notJson.body);
    expect(byId.get(notJson.messageId)?.attributes.error_code).toBe('BCSGW.4000002');
    expect(byId.get(invalid.messageId)?.attributes).toMatchObject({
      error_code: 'BCSGW.4000001',
      correlation_id: 'invalid-1',
      operation: 'remove-channel-orgs',
    });
    expect(byId.get(invalid.messageId)?.attributes.failure_reason).toContain('body.org_names');
    expect(byId.get(refused.messageId)?.attributes.error_code).toBe('BCS.4001051');
    expect((await stack.aws.outcomes()).map((event) => event['detail-type'])).toHaveLength(5);
    expect(stack.sim.operations()).toHaveLength(1);
  });

  it('leaves every record after a failed one for a retry on a FIFO queue', async () => {
    // Prepare
    const handler = await loadBundle('sqs-offboard', env());
    const queue = 'bcs-offboard-requests.fifo';
    const first = sqsRecord(removeOrgs(['org3']), { queue });
    const second = sqsRecord(removeOrgs(['organization']), { queue });
    stack.sim.inject({ service: 'bcs', mode: 'status', status: 429, times: 1 });

    // Act
    const response = await handler(sqsEvent(first, second), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: first.messageId },
      { itemIdentifier: second.messageId },
    ]);
    expect(bcsRequests()).toHaveLength(1);
  });

  it('leaves a message on its queue when the dead-letter queue cannot take it', async () => {
    // Prepare
    const handler = await loadBundle(
      'sqs-offboard',
      env({ DEAD_LETTER_QUEUE_URL: `${stack.moto.url}/123456789012/no-such-queue` }),
    );
    const malformed = sqsRecord('not json');

    // Act
    const response = await handler(sqsEvent(malformed), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: malformed.messageId }]);
    expect(takeLogs().lines).toContainEqual(
      expect.objectContaining({ level: 'error', message_id: malformed.messageId }),
    );
  });

  it('does not start records the deadline leaves no time for', async () => {
    // Prepare
    stack.sim.inject({ service: 'bcs', mode: 'hang' });
    const handler = await loadBundle('sqs-offboard', env());
    const hanging = sqsRecord(removeOrgs(['org3']));
    const waiting = sqsRecord(removeOrgs(['organization']));

    // Act
    const response = await handler(
      sqsEvent(hanging, waiting),
      lambdaContext({ remainingMs: 2500 }),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: waiting.messageId }]);
    const [deadLetter] = await stack.aws.deadLetters();
    expect(deadLetter?.attributes).toMatchObject({
      source_message_id: hanging.messageId,
      error_code: 'BCSGW.5040001',
      may_have_been_applied: 'true',
    });
    expect(bcsRequests()).toHaveLength(1);
  });

  it('keeps a success done when its outcome cannot be published, and logs it', async () => {
    // Prepare
    const handler = await loadBundle(
      'sqs-offboard',
      env({ OUTCOME_EVENT_BUS_NAME: 'no-such-bus' }),
    );
    const record = sqsRecord(removeOrgs(['org3']));

    // Act
    const response = await handler(sqsEvent(record), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const { lines } = takeLogs();
    expect(lines.map((line) => line.message)).toEqual([
      'operation succeeded',
      'outcome not published; the line above is its record',
    ]);
  });
});

describe('the audit line of an event or a message', () => {
  it('names the EventBridge source and account, the target and the outcome', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());
    const event = eventBridgeEvent('BCS Quit Consortium Requested', quitDetail());
    const context = lambdaContext();

    // Act
    await handler(event, context);

    // Assess
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'operation succeeded',
        who: { type: 'eventbridge', id: 'bcs-offboard.requests', account: '123456789012' },
        operation: 'quit-consortium',
        target: { project_id: demo.projectId, ...quitConsortiumBody() },
        status: 200,
        operation_id: stack.sim.operations()[0]?.operation_id,
        correlation_id: 'offboarding-42',
        aws_request_id: context.awsRequestId,
      }),
    ]);
  });

  it('names the queue of an SQS message, and no target for a message that is not valid', async () => {
    // Prepare
    const handler = await loadBundle('sqs-offboard', env());
    const good = sqsRecord(removeOrgs(['org3'], { correlation_id: 'good-1' }));
    const invalid = sqsRecord(removeOrgs([], { note: 'planted-value-never-logged' }));

    // Act
    await handler(sqsEvent(good, invalid), lambdaContext());

    // Assess
    const { lines, raw } = takeLogs();
    const queue = { type: 'sqs', id: 'arn:aws:sqs:eu-west-1:123456789012:bcs-offboard-requests' };
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'operation succeeded',
        who: queue,
        operation: 'remove-channel-orgs',
        target: {
          project_id: demo.projectId,
          blockchain_id: demo.blockchainId,
          channel_id: 'channel',
          org_names: ['org3'],
        },
        correlation_id: 'good-1',
      }),
      expect.objectContaining({
        message: 'operation failed',
        who: queue,
        error_code: 'BCSGW.4000001',
      }),
    ]);
    expect(lines[1]).not.toHaveProperty('target');
    expect(raw.join('\n')).not.toContain('planted-value-never-logged');
  });
});

describe('an invalid correlation_id', () => {
  it('is the id the failure is published under, and the outcome names it as the fault', async () => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());
    const event = eventBridgeEvent('BCS Quit Consortium Requested', quitDetail('offboarding 42'));

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(stack.sim.requests).toHaveLength(0);
    const [outcome] = await stack.aws.outcomes();
    expect(outcome?.detail).toMatchObject({
      correlation_id: 'offboarding 42',
      result: 'failed',
      error_code: 'BCSGW.4000001',
      error_msg: expect.stringMatching(/^Invalid request: correlation_id: must be 1 to 128/),
    });
  });

  it('of an SQS message goes to the dead-letter queue under the id the producer gave', async () => {
    // Prepare
    const handler = await loadBundle('sqs-offboard', env());
    const record = sqsRecord(removeOrgs(['org3'], { correlation_id: 'offboarding#43' }));

    // Act
    await handler(sqsEvent(record), lambdaContext());

    // Assess
    const [deadLetter] = await stack.aws.deadLetters();
    expect(deadLetter?.attributes).toMatchObject({
      correlation_id: 'offboarding#43',
      source_message_id: record.messageId,
      error_code: 'BCSGW.4000001',
    });
    const [outcome] = await stack.aws.outcomes();
    expect(outcome?.detail).toMatchObject({ correlation_id: 'offboarding#43' });
    expect(outcome?.detail.error_msg).toContain('correlation_id');
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['longer than anything a workflow matches on', 'x'.repeat(257)],
  ])('that is %s falls back to the event id', async (_, correlationId) => {
    // Prepare
    const handler = await loadBundle('eventbridge-offboard', env());
    const event = eventBridgeEvent('BCS Quit Consortium Requested', {
      ...quitDetail(),
      correlation_id: correlationId,
    });

    // Act
    await handler(event, lambdaContext());

    // Assess
    const [outcome] = await stack.aws.outcomes();
    expect(outcome?.detail).toMatchObject({
      correlation_id: event.id,
      error_code: 'BCSGW.4000001',
    });
  });
});
