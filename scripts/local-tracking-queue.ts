/**
 * For `npm start`: the tracking queue of serverless.yml and what feeds it, on loopback, so that
 * a local run follows every accepted operation to its end as a deployment does:
 *
 * - `AcceptedOperationsRule`: an acceptance event put on the outcome bus becomes the tracking
 *   message through the rule's own input transformer, read from serverless.yml
 *   ({@link acceptedRuleMessage});
 * - the Slack worker's on-success destination: its result, wrapped in Lambda's destination
 *   record ({@link destinationRecord});
 * - the tracker's own `SendMessage` with `DelaySeconds`: held back that long, in real time
 *   (times `delayScale`, 1 by default), then handed to the tracker as the event source mapping
 *   hands it, one record per event ({@link localTrackingQueue}).
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  acceptedRulePattern,
  acceptedRuleTransformer,
  applyInputTransformer,
  matchesEventPattern,
} from './accepted-rule.ts';

/** The local tracking queue's name, as serverless.yml names it for a stage `local`. */
export const TRACKING_QUEUE_NAME = 'bcs-offboard-local-tracking';
/**
 * The local tracking queue's URL on the gateway at `gatewayUrl` (`TRACKING_QUEUE_URL` of a
 * local run).
 *
 * @example
 * ```ts
 * localTrackingQueueUrl('http://127.0.0.1:3000'); // 'http://127.0.0.1:3000/000000000000/bcs-offboard-local-tracking'
 * ```
 */
export const localTrackingQueueUrl = (gatewayUrl: string): string =>
  `${gatewayUrl}/000000000000/${TRACKING_QUEUE_NAME}`;

/** serverless.yml's `TrackingQueue`: a message not handled comes back after this long… */
const VISIBILITY_TIMEOUT_SECONDS = 180;
/** …and goes to the tracking dead-letter queue after this many receives. */
const MAX_RECEIVES = 5;

/** A running timer's cancel. */
type Cancel = () => void;

/** The tracking queue of a local run; `drained()` waits for it to be empty and idle. */
export interface LocalTrackingQueue {
  /** Queues `body`, delivered `delaySeconds` (times the queue's scale) from now. */
  send(body: string, delaySeconds?: number): void;
  /** Resolves once no message waits or is being delivered. */
  drained(): Promise<void>;
  /** Drops every waiting message; later sends are ignored. */
  close(): void;
}

/**
 * A tracking queue that hands each message, once its delay has passed, to `deliver` (the
 * tracker's handler) as a one-record SQS event. Messages the tracker's event source mapping
 * would filter out (see {@link passesTrackerFilter}) are dropped. A message reported in
 * `batchItemFailures` (or whose delivery throws) comes back after the queue's visibility
 * timeout (scaled too); after five receives it is printed as dead-lettered.
 *
 * @example
 * ```ts
 * const queue = localTrackingQueue({ deliver: (event) => tracker(event, context), delayScale: 0.1 });
 * queue.send(JSON.stringify(job), 10); // delivered in 1 s
 * ```
 */
export const localTrackingQueue = ({
  deliver,
  delayScale = 1,
  print = console.log,
  schedule = (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
}: {
  deliver: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /** Multiplies every delay: 1 is SQS's time, 0.1 ten times faster. */
  delayScale?: number;
  print?: (line: string) => void;
  /** Runs `run` in `ms` milliseconds; returns its cancel (default: `setTimeout`). */
  schedule?: (run: () => void, ms: number) => Cancel;
}): LocalTrackingQueue => {
  const waiting = new Map<string, Cancel>();
  let running = 0;
  let closed = false;
  let idle: (() => void)[] = [];
  const changed = () => {
    if (waiting.size > 0 || running > 0) return;
    const resolvers = idle;
    idle = [];
    for (const resolve of resolvers) resolve();
  };

  const hold = (message: QueuedMessage, seconds: number) => {
    waiting.set(
      message.messageId,
      schedule(
        () => {
          waiting.delete(message.messageId);
          void receive(message);
        },
        seconds * 1000 * delayScale,
      ),
    );
  };

  const receive = async (message: QueuedMessage) => {
    if (closed) return;
    message.receives += 1;
    running += 1;
    let failed: boolean;
    try {
      const answer = await deliver({ Records: [sqsRecord(message)] });
      failed = (answer?.batchItemFailures ?? []).some(
        ({ itemIdentifier }) => itemIdentifier === message.messageId,
      );
    } catch (error) {
      print(`[SQS tracking queue] operation-tracker threw: ${String(error)}`);
      failed = true;
    } finally {
      running -= 1;
    }
    if (failed && message.receives >= MAX_RECEIVES) {
      print(`[SQS tracking dead-letter queue] ${message.body}  (received ${MAX_RECEIVES} times)`);
    } else if (failed && !closed) {
      hold(message, VISIBILITY_TIMEOUT_SECONDS);
    }
    changed();
  };

  return {
    send: (body, delaySeconds = 0) => {
      if (closed || !passesTrackerFilter(body)) return;
      hold({ messageId: randomUUID(), body, sentAt: Date.now(), receives: 0 }, delaySeconds);
    },
    drained: () =>
      waiting.size === 0 && running === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => idle.push(resolve)),
    close: () => {
      closed = true;
      for (const cancel of waiting.values()) cancel();
      waiting.clear();
      changed();
    },
  };
};

interface QueuedMessage {
  messageId: string;
  body: string;
  sentAt: number;
  receives: number;
}

/** The record Lambda's event source mapping hands the tracker for `message`. */
const sqsRecord = ({ messageId, body, sentAt, receives }: QueuedMessage) => ({
  messageId,
  receiptHandle: `local-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: String(receives),
    SentTimestamp: String(sentAt),
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${TRACKING_QUEUE_NAME}`,
  awsRegion: 'us-east-1',
});

/**
 * Whether the tracker's event source mapping hands it a message with `body`: serverless.yml's
 * two `filterPatterns`, a tracking message (`operation_id` exists) or a destination record of
 * a run that returned one (`responsePayload.track.operation_id` exists). The destination
 * records of every other run (a refused command, a duplicate: `responsePayload` null) are
 * dropped, as SQS drops them.
 *
 * @example
 * ```ts
 * passesTrackerFilter('{"responsePayload": null}'); // false
 * ```
 */
export const passesTrackerFilter = (body: string): boolean => {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return false;
  }
  const at = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  return (
    at(message, 'operation_id') !== undefined ||
    at(at(at(message, 'responsePayload'), 'track'), 'operation_id') !== undefined
  );
};

/** An entry of EventBridge's `PutEvents`, as the functions send it. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: string;
}

let acceptedRule:
  | {
      pattern: ReturnType<typeof acceptedRulePattern>;
      transformer: ReturnType<typeof acceptedRuleTransformer>;
    }
  | undefined;

/**
 * What `AcceptedOperationsRule` sends the tracking queue for `entry`, put on the bus
 * `busName` (the outcome bus of the local run): the rule's input transformer applied to the
 * event EventBridge makes of the entry (its `time` to the second, as EventBridge writes it);
 * `undefined` for an entry the rule does not match (another bus, source or detail-type).
 *
 * @example
 * ```ts
 * acceptedRuleMessage({ Source: 'bcs-offboard', DetailType: 'BCS Offboarding Succeeded', Detail }, 'default');
 * // '{"operation": "remove-channel-orgs", "operation_id": "BCSSVC01-06-…", …, "attempt": 1}'
 * ```
 */
export const acceptedRuleMessage = (
  entry: PutEventsEntry,
  busName: string,
  now = Date.now(),
): string | undefined => {
  acceptedRule ??= { pattern: acceptedRulePattern(), transformer: acceptedRuleTransformer() };
  if ((entry.EventBusName ?? 'default') !== busName) return undefined;
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail ?? '');
  } catch {
    return undefined;
  }
  const event = {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '000000000000',
    time: entry.Time ?? new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [],
    detail,
  };
  if (!matchesEventPattern(acceptedRule.pattern, event)) return undefined;
  return applyInputTransformer(acceptedRule.transformer, event);
};

/**
 * The record Lambda sends a function's on-success destination after an asynchronous
 * invocation: the event it was given (`requestPayload`) and what it returned
 * (`responsePayload`, `null` for nothing).
 *
 * @example
 * ```ts
 * trackingQueue.send(JSON.stringify(destinationRecord('slack-worker', requestId, payload, result)));
 * ```
 */
export const destinationRecord = (
  functionName: string,
  requestId: string,
  requestPayload: unknown,
  responsePayload: unknown,
  now = Date.now(),
) => ({
  version: '1.0',
  timestamp: new Date(now).toISOString(),
  requestContext: {
    requestId,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}:$LATEST`,
    condition: 'Success',
    approximateInvokeCount: 1,
  },
  requestPayload,
  responseContext: { statusCode: 200, executedVersion: '$LATEST' },
  responsePayload: responsePayload ?? null,
});
