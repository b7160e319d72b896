/**
 * npm start's tracking: the local tracking queue (delays, redelivery, the tracker's filter),
 * the outcome rule's stand-in (serverless.yml's pattern and input transformer), Lambda's
 * on-success destination record, and how the AWS stand-ins and the gateway route to them.
 * Delays are checked as what is asked of the timer, never by waiting.
 */
import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTrackingJob } from '../../lib/tracking/tracking-job.ts';
import { answerAwsCall } from '../../scripts/local-aws-services.ts';
import { type Handler, startLocalGateway } from '../../scripts/local-gateway.ts';
import {
  acceptedRuleMessage,
  destinationRecord,
  localTrackingQueue,
  localTrackingQueueUrl,
  passesTrackerFilter,
} from '../../scripts/local-tracking-queue.ts';

const job = {
  operation: 'remove-channel-orgs',
  operation_id: 'BCSSVC01-06-1796542250517000978',
  project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  correlation_id: 'offboarding-1',
  trigger: 'eventbridge',
  accepted_at: 1796542250000,
  attempt: 2,
};

/** A queue whose timers are run by the test: what was scheduled, in ms, and a way to fire it. */
const manualQueue = (
  deliver: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>,
  delayScale = 1,
) => {
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = [];
  const printed: string[] = [];
  const queue = localTrackingQueue({
    deliver,
    delayScale,
    print: (line) => printed.push(line),
    schedule: (run, ms) => {
      const timer = { ms, run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  /** Fires the oldest timer not yet fired, and waits for its delivery (the test's is immediate). */
  const fire = async () => {
    const timer = timers.find(({ cancelled }) => !cancelled);
    if (!timer) throw new Error('no timer to fire');
    timer.cancelled = true;
    timer.run();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, timers, printed, fire };
};

describe('localTrackingQueue', () => {
  it('holds a message back its DelaySeconds times the scale, then hands it to the tracker as one SQS record', async () => {
    // Prepare
    const delivered: SQSEvent[] = [];
    const { queue, timers, fire } = manualQueue(async (event) => {
      delivered.push(event);
      return { batchItemFailures: [] };
    }, 0.1);

    // Act
    queue.send(JSON.stringify(job), 10);
    const before = delivered.length;
    await fire();

    // Assess
    expect(timers.map(({ ms }) => ms)).toEqual([1000]);
    expect(before).toBe(0);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.Records).toEqual([
      expect.objectContaining({
        body: JSON.stringify(job),
        eventSource: 'aws:sqs',
        attributes: expect.objectContaining({ ApproximateReceiveCount: '1' }),
      }),
    ]);
  });

  it('delivers a reported failure again after the visibility timeout, and dead-letters it after five receives', async () => {
    // Prepare
    let receives = 0;
    const { queue, timers, printed, fire } = manualQueue(async ({ Records }) => {
      receives += 1;
      return { batchItemFailures: Records.map(({ messageId }) => ({ itemIdentifier: messageId })) };
    });

    // Act
    queue.send(JSON.stringify(job));
    for (let receive = 0; receive < 5; receive += 1) await fire();

    // Assess
    expect(receives).toBe(5);
    expect(timers.map(({ ms }) => ms)).toEqual([0, 180_000, 180_000, 180_000, 180_000]);
    expect(timers.every(({ cancelled }) => cancelled)).toBe(true);
    expect(printed).toEqual([expect.stringMatching(/^\[SQS tracking dead-letter queue\] \{/)]);
  });

  it("drops what the tracker's filter drops: a destination record that tracks nothing", () => {
    // Prepare
    const { queue, timers } = manualQueue(async () => ({ batchItemFailures: [] }));

    // Act
    queue.send(JSON.stringify(destinationRecord('slack-worker', 'r-1', {}, null)));
    queue.send('not json');

    // Assess
    expect(timers).toEqual([]);
  });

  it('drops every waiting message when closed, and is drained then', async () => {
    // Prepare
    const delivered: SQSEvent[] = [];
    const { queue, timers } = manualQueue(async (event) => {
      delivered.push(event);
      return { batchItemFailures: [] };
    });
    queue.send(JSON.stringify(job), 900);

    // Act
    queue.close();
    queue.send(JSON.stringify(job));
    await queue.drained();

    // Assess
    expect(timers.map(({ cancelled }) => cancelled)).toEqual([true]);
    expect(delivered).toEqual([]);
  });
});

describe('passesTrackerFilter', () => {
  it('passes any JSON object naming an operation_id, or a destination record whose result does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), (rest, id) => {
        // Prepare
        const message = { ...rest, operation_id: id };
        const record = { ...rest, responsePayload: { track: { operation_id: id } } };

        // Act and assess
        expect(passesTrackerFilter(JSON.stringify(message))).toBe(true);
        expect(passesTrackerFilter(JSON.stringify(record))).toBe(true);
      }),
    );
  });

  it('drops anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().filter((value) => !JSON.stringify(value).includes('operation_id')),
          fc.string().filter((text) => !text.includes('operation_id')),
        ),
        (value) => {
          // Act and assess
          expect(
            passesTrackerFilter(typeof value === 'string' ? value : JSON.stringify(value)),
          ).toBe(false);
        },
      ),
    );
  });
});

describe('acceptedRuleMessage', () => {
  const detail = JSON.stringify({
    trigger: 'sqs',
    correlation_id: 'offboarding-42',
    result: 'succeeded',
    operation: 'remove-channel-orgs',
    status: 200,
    operation_id: 'BCSSVC01-06-1624275286218943067',
    project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  });
  const entry = {
    Source: 'bcs-offboard',
    DetailType: 'BCS Offboarding Succeeded',
    Detail: detail,
    EventBusName: 'outcomes',
  };

  it("makes an acceptance event on the outcome bus the tracking message, through serverless.yml's input transformer", () => {
    // Act
    const message = acceptedRuleMessage(entry, 'outcomes', Date.parse('2026-11-23T09:00:00.250Z'));

    // Assess: accepted_at is the event's time, to the second as EventBridge writes it.
    expect(readTrackingJob(message ?? '')).toEqual({
      operation: 'remove-channel-orgs',
      operation_id: 'BCSSVC01-06-1624275286218943067',
      project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
      correlation_id: 'offboarding-42',
      trigger: 'sqs',
      accepted_at: Date.parse('2026-11-23T09:00:00Z'),
      attempt: 1,
    });
  });

  it.each([
    ['a refusal', { ...entry, DetailType: 'BCS Offboarding Failed' }, 'outcomes'],
    ['an end event', { ...entry, DetailType: 'BCS Offboarding Ended' }, 'outcomes'],
    ['another source', { ...entry, Source: 'someone-else' }, 'outcomes'],
    ['another bus', entry, 'default'],
  ])('matches nothing for %s', (_, put, bus) => {
    // Act
    const message = acceptedRuleMessage(put, bus);

    // Assess
    expect(message).toBeUndefined();
  });
});

describe('destinationRecord', () => {
  it("is read by the tracker as the Slack worker's job: the command from the request, the operation from the result", () => {
    // Prepare
    const payload = {
      operation: 'remove-channel-orgs',
      input: { path: { project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36' } },
      correlation_id: 'local-1-6',
      response_url: 'http://127.0.0.1:4000/commands/T0LOCAL/1/local',
      user_id: 'U0LOCALOPS',
      team_id: 'T0LOCAL',
    };
    const result = { track: { operation_id: 'BCSSVC01-06-1796542258225000000' } };
    const at = Date.parse('2026-11-23T09:00:01.500Z');

    // Act
    const record = destinationRecord('slack-worker', 'local-invoke-1', payload, result, at);

    // Assess
    expect(record.requestContext).toMatchObject({ condition: 'Success' });
    expect(readTrackingJob(JSON.stringify(record))).toEqual({
      operation: 'remove-channel-orgs',
      operation_id: 'BCSSVC01-06-1796542258225000000',
      project_id: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
      correlation_id: 'local-1-6',
      trigger: 'slack',
      accepted_at: at,
      attempt: 1,
      response_url: payload.response_url,
      user_id: 'U0LOCALOPS',
      team_id: 'T0LOCAL',
    });
  });
});

describe('answerAwsCall with a tracking queue', () => {
  const tracking = () => {
    const sent: [string, number | undefined][] = [];
    return {
      sent,
      route: {
        busName: 'default',
        queueUrl: 'http://127.0.0.1:3000/000000000000/bcs-offboard-local-tracking',
        queue: { send: (body: string, delay?: number) => sent.push([body, delay]) },
      },
    };
  };

  it('sends the rule its matching acceptance events, and keeps them as outcome events too', () => {
    // Prepare
    const { sent, route } = tracking();
    const kept: unknown[] = [];
    const body = JSON.stringify({
      Entries: [
        {
          Source: 'bcs-offboard',
          DetailType: 'BCS Offboarding Succeeded',
          Detail: JSON.stringify({ ...job, attempt: undefined }),
        },
        { Source: 'bcs-offboard', DetailType: 'BCS Offboarding Failed', Detail: '{}' },
      ],
    });

    // Act
    answerAwsCall(
      'AWSEvents.PutEvents',
      body,
      () => undefined,
      (a) => kept.push(a),
      route,
    );

    // Assess
    expect(kept).toHaveLength(2);
    expect(sent).toHaveLength(1);
    expect(readTrackingJob(sent[0]?.[0] ?? '')).toMatchObject({
      operation_id: job.operation_id,
      attempt: 1,
    });
  });

  it('queues a SendMessage to the tracking queue with its delay, and dead-letters only the rest', () => {
    // Prepare
    const { sent, route } = tracking();
    const kept: unknown[] = [];
    const printed: string[] = [];
    const send = (QueueUrl: string) =>
      answerAwsCall(
        'AmazonSQS.SendMessage',
        JSON.stringify({ QueueUrl, MessageBody: JSON.stringify(job), DelaySeconds: 20 }),
        (line) => printed.push(line),
        (a) => kept.push(a),
        route,
      );

    // Act
    const queued = send(route.queueUrl);
    send('http://127.0.0.1:3000/000000000000/bcs-offboard-local-requests-dlq');

    // Assess
    expect(queued?.status).toBe(200);
    expect(sent).toEqual([[JSON.stringify(job), 20]]);
    expect(printed[0]).toBe(
      `[SQS tracking queue] look-up 2 of ${job.operation_id} queued, DelaySeconds 20`,
    );
    expect(kept).toEqual([expect.objectContaining({ kind: 'dead-lettered message' })]);
  });
});

describe('the local gateway with tracking', () => {
  it("sends the Slack worker's result to the tracker as Lambda's on-success destination record; a run that tracks nothing reaches no tracker", async () => {
    // Prepare
    const trackerEvents: SQSEvent[] = [];
    const results = [{ track: { operation_id: job.operation_id } }, null];
    const handlers: Record<string, Handler> = {
      'slack-worker': async () => results.shift(),
      'operation-tracker': async (event: SQSEvent) => {
        trackerEvents.push(event);
        return { batchItemFailures: [] };
      },
    };
    const gateway = await startLocalGateway({
      load: async (name) => handlers[name] as Handler,
      tracking: { delayScale: 0 },
    });
    const invoke = (payload: unknown) =>
      fetch(`${gateway.url}/2015-03-31/functions/slack-worker/invocations`, {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'Event' },
        body: JSON.stringify(payload),
      });

    // Act
    const answers = [await invoke({ command: 'first' }), await invoke({ command: 'second' })];
    await gateway.tracked();
    await gateway.close();

    // Assess
    expect(answers.map(({ status }) => status)).toEqual([202, 202]);
    expect(trackerEvents.map(({ Records }) => Records.map(({ body }) => JSON.parse(body)))).toEqual(
      [
        [
          expect.objectContaining({
            requestContext: expect.objectContaining({ condition: 'Success' }),
            requestPayload: { command: 'first' },
            responsePayload: { track: { operation_id: job.operation_id } },
          }),
        ],
      ],
    );
    expect(localTrackingQueueUrl(gateway.url)).toBe(
      `${gateway.url}/000000000000/bcs-offboard-local-tracking`,
    );
  });
});
