/**
 * For `npm start`: the two AWS calls the event functions make, answered on loopback so that a
 * local run needs no AWS account. EventBridge `PutEvents` (outcomes, and the tracker's end
 * events) and SQS `SendMessage` (the dead-letter queue) are printed instead of sent, and
 * handed to `keep` as {@link Arrival}s (the local gateway serves them to
 * `scripts/event-sample.ts`). With a {@link LocalTracking}, what a deployment's tracking
 * queue would receive goes to the local one: an acceptance event the outcome rule matches
 * (made the tracking message by the rule's own input transformer), and the tracker's delayed
 * look-ups. The functions reach them through `AWS_ENDPOINT_URL_EVENTBRIDGE` and
 * `AWS_ENDPOINT_URL_SQS` (both speak JSON, told apart by their `X-Amz-Target` header).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  acceptedRuleMessage,
  type LocalTrackingQueue,
  type PutEventsEntry,
} from './local-tracking-queue.ts';

/** Where the local gateway serves the {@link Arrival}s it kept (`GET`). */
export const ARRIVALS_PATH = '/__local/arrivals';

/** What a function sent instead of to AWS: an outcome event, or a dead-lettered message. */
export type Arrival =
  | { kind: 'outcome event'; correlation_id: unknown; detail_type: unknown; detail: unknown }
  | {
      kind: 'dead-lettered message';
      correlation_id: unknown;
      body: string;
      attributes: Record<string, unknown>;
    };

/** Where a local run's tracking messages go: the outcome bus's rule and the tracking queue. */
export interface LocalTracking {
  /** The outcome bus (`OUTCOME_EVENT_BUS_NAME`), on which the rule listens. */
  busName: string;
  /** The tracking queue's URL (`TRACKING_QUEUE_URL`): a `SendMessage` to it goes to `queue`. */
  queueUrl: string;
  queue: Pick<LocalTrackingQueue, 'send'>;
}

export interface AwsServiceAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, value: unknown, contentType: string): AwsServiceAnswer => ({
  status,
  headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify(value),
});

/**
 * The answer to an AWS JSON-protocol call named by `target` (the `X-Amz-Target` header), or
 * `undefined` when it is not one of the two this stands in for. `print` receives what would
 * have been published or queued, as a line, and `keep` as an {@link Arrival}; `tracking`, when
 * given, what would reach the tracking queue.
 *
 * @example
 * ```ts
 * const answer = answerAwsCall(req.headers['x-amz-target'], body, console.log, (a) => arrivals.push(a));
 * ```
 */
export const answerAwsCall = (
  target: string | undefined,
  body: string,
  print: (line: string) => void,
  keep: (arrival: Arrival) => void = () => undefined,
  tracking?: LocalTracking,
): AwsServiceAnswer | undefined => {
  if (target === 'AWSEvents.PutEvents') {
    const { Entries = [] } = JSON.parse(body) as { Entries?: PutEventsEntry[] };
    for (const entry of Entries) {
      print(`[EventBridge] ${entry.DetailType}: ${entry.Detail}`);
      const detail = parseOrText(entry.Detail ?? '');
      keep({
        kind: 'outcome event',
        correlation_id: (detail as { correlation_id?: unknown } | null)?.correlation_id,
        detail_type: entry.DetailType,
        detail,
      });
      const message = tracking && acceptedRuleMessage(entry, tracking.busName);
      if (tracking && message) {
        print(`[EventBridge rule AcceptedOperationsRule → SQS tracking queue] ${message}`);
        tracking.queue.send(message);
      }
    }
    return json(
      200,
      { FailedEntryCount: 0, Entries: Entries.map(() => ({ EventId: randomUUID() })) },
      'application/x-amz-json-1.1',
    );
  }
  if (target === 'AmazonSQS.SendMessage') {
    const {
      QueueUrl,
      MessageBody = '',
      MessageAttributes = {},
      DelaySeconds = 0,
    } = JSON.parse(body) as {
      QueueUrl?: string;
      MessageBody?: string;
      MessageAttributes?: Record<string, { StringValue?: string }>;
      DelaySeconds?: number;
    };
    const sent = json(
      200,
      {
        MessageId: randomUUID(),
        // The SDK checks this digest of the body it sent.
        MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
      },
      'application/x-amz-json-1.0',
    );
    if (tracking && QueueUrl === tracking.queueUrl) {
      print(`[SQS tracking queue] ${describeLookUp(MessageBody)}, DelaySeconds ${DelaySeconds}`);
      tracking.queue.send(MessageBody, DelaySeconds);
      return sent;
    }
    const reason = MessageAttributes.failure_reason?.StringValue;
    print(`[SQS dead-letter queue] ${MessageBody}  (reason: ${reason})`);
    const attributes = Object.fromEntries(
      Object.entries(MessageAttributes).map(([name, { StringValue }]) => [name, StringValue]),
    );
    keep({
      kind: 'dead-lettered message',
      correlation_id: attributes.correlation_id,
      body: MessageBody,
      attributes,
    });
    return sent;
  }
  return undefined;
};

/**
 * The tracker's next look-up, in a few words: its attempt and operation (not its Slack
 * `response_url`, which works as a password, as the tracker's logs leave it out).
 */
const describeLookUp = (body: string): string => {
  const job = parseOrText(body) as { attempt?: unknown; operation_id?: unknown } | null;
  return typeof job === 'object' && job !== null
    ? `look-up ${job.attempt} of ${job.operation_id} queued`
    : body;
};

/** `text` as JSON, or as it is when it is not JSON. */
const parseOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
