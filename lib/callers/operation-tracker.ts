import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type Config, sharedConfig } from '../config/config.ts';
import { responseUrlHosts } from '../config/slack-config.ts';
import { trackerConfig } from '../config/tracker-config.ts';
import {
  dynamoDbIdempotencyStore,
  type IdempotencyStore,
} from '../idempotency/idempotency-store.ts';
import { createLogger, type Logger } from '../logging/log.ts';
import { deadlineSignal, remainderSignal } from '../pipeline/deadline.ts';
import { type RequestPipeline, sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { followOperation, type TrackerParts } from '../tracking/follow-operation.ts';
import { type EndPublisher, endPublisher } from '../tracking/publish-end.ts';
import { type LookUpQueuer, lookUpQueuer } from '../tracking/queue-next-look-up.ts';
import {
  type OperationRecordsReader,
  pipelineRecordsReader,
} from '../tracking/read-operation-records.ts';
import { readTrackingJob, type TrackingJob } from '../tracking/tracking-job.ts';
import { postToResponseUrl } from './slack/response-url.ts';

/** What {@link trackerHandler} is assembled from, each with its deployed default. */
export interface TrackerHandlerParts {
  /** Its `TRACKING_*`, idempotency, outcome bus and Slack host settings. */
  config?: () => Config;
  /** Runs the default reader's ListOpRecord (credentials, allowed projects, token cache). */
  pipeline?: () => RequestPipeline;
  /** Default: ListOpRecord through `pipeline` (`pipelineRecordsReader`). */
  readOperationRecords?: OperationRecordsReader;
  /** Default: the idempotency table, its records kept a day past the maximum age. */
  idempotencyStore?: () => IdempotencyStore;
  /** Default: `BCS Offboarding Ended` on `OUTCOME_EVENT_BUS_NAME`. */
  publishEnd?: EndPublisher;
  /** Default: a delayed message on `TRACKING_QUEUE_URL`. */
  queueNextLookUp?: LookUpQueuer;
  /** How the end is posted to Slack. */
  post?: typeof postToResponseUrl;
  /** Epoch milliseconds: the operation's age and Slack's window are counted on it. */
  now?: () => number;
  log?: Logger;
}

/**
 * The tracker's store: the idempotency table of the configuration, made once it can be
 * (until then every call throws `BCSGW.5000002`), with records that outlive the maximum age.
 */
const trackingStore = (config: () => Config) => {
  let store: IdempotencyStore | undefined;
  return (): IdempotencyStore => {
    store ??= dynamoDbIdempotencyStore(trackerConfig(config()));
    return store;
  };
};

/**
 * A Lambda handler for batches of the tracking queue: each message is one look-up of one
 * accepted operation (`followOperation`), in any of the three shapes `readTrackingJob` reads.
 * It reports partial batch failures, as `sqsHandler` does:
 *
 * - handled (the end published, the next look-up queued, a duplicate ignored): done;
 * - the idempotency table, EventBridge or SQS failed, or another delivery holds the message:
 *   reported in `batchItemFailures`, delivered again by SQS (after 5 receives: the DLQ);
 * - a message that is no tracking job: reported too, so that it ends in the dead-letter queue
 *   under its alarm rather than vanish;
 * - records the deadline leaves no time for are not started and are retried.
 *
 * The configuration is read once per container; an unusable one fails the invocation (the
 * function's error alarm), naming the variable, and every message is delivered again.
 *
 * @example
 * ```ts
 * // functions/operation-tracker.ts
 * export const handler = trackerHandler();
 * ```
 */
export const trackerHandler = ({
  config = sharedConfig,
  pipeline = sharedRequestPipeline,
  readOperationRecords = pipelineRecordsReader(pipeline),
  idempotencyStore = trackingStore(config),
  publishEnd = endPublisher(config),
  queueNextLookUp = lookUpQueuer(config),
  post = postToResponseUrl,
  now = Date.now,
  log = createLogger(),
}: TrackerHandlerParts = {}) => {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const invocationLog = log.child({ aws_request_id: context.awsRequestId });
    let parts: TrackerParts;
    try {
      const settings = config();
      parts = {
        store: idempotencyStore(),
        readOperationRecords,
        publishEnd,
        queueNextLookUp,
        maxAgeMs: trackerConfig(settings).maxAgeMs,
        responseUrlHosts: responseUrlHosts(settings),
        now,
        post,
      };
    } catch (error) {
      invocationLog.log('error', 'operation tracker not configured', { error });
      throw error;
    }
    const signal = deadlineSignal(context);
    const recordSignal = remainderSignal(context);
    const inProgressUntil = Date.now() + context.getRemainingTimeInMillis();
    const failures: string[] = [];
    for (const record of event.Records) {
      if (signal.aborted) {
        failures.push(record.messageId);
        continue;
      }
      const recordLog = invocationLog.child({ message_id: record.messageId });
      let job: TrackingJob;
      try {
        job = readTrackingJob(record.body);
      } catch (error) {
        recordLog.log('error', 'tracking message refused', { error });
        failures.push(record.messageId);
        continue;
      }
      const bounds = { signal, recordSignal, inProgressUntil, log: recordLog };
      if ((await followOperation(job, parts, bounds)) === 'retry') failures.push(record.messageId);
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
};
