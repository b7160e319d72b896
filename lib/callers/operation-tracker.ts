import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { AwsClient } from '../aws/aws-client.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import { deadlineSignal, remainderSignal } from '../deadline.ts';
import {
  dynamoDbIdempotencyStore,
  type IdempotencyStore,
} from '../idempotency/idempotency-store.ts';
import { logLine } from '../log.ts';
import { followOperation, type TrackerDeps } from '../tracking/follow-operation.ts';
import {
  readOperationRecords as deployedReader,
  type OperationRecordsReader,
} from '../tracking/read-operation-records.ts';
import { readTrackerConfig, type TrackerConfig } from '../tracking/tracker-config.ts';
import { readTrackingJob, type TrackingJob } from '../tracking/tracking-job.ts';

export interface TrackerOptions {
  /** Default: the container's AWS client. */
  aws?: () => AwsClient;
  /** Default: ListOpRecord through the container's offboard service. */
  readOperationRecords?: OperationRecordsReader;
  /** Default: read from `process.env` once per container. */
  config?: () => TrackerConfig;
  /** Epoch milliseconds; default the wall clock. */
  now?: () => number;
  /** How the end is posted to Slack; default `postToResponseUrl`. */
  post?: TrackerDeps['post'];
}

let sharedConfig: TrackerConfig | undefined;
const configFromEnvironment = (): TrackerConfig => {
  sharedConfig ??= readTrackerConfig(process.env);
  return sharedConfig;
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
 * function's error alarm) and every message is delivered again.
 *
 * @example
 * ```ts
 * // functions/operation-tracker.ts
 * export const handler = trackerHandler();
 * ```
 */
export const trackerHandler = ({
  aws = sharedAwsClient,
  readOperationRecords = deployedReader,
  config = configFromEnvironment,
  now = Date.now,
  post,
}: TrackerOptions = {}) => {
  let store: IdempotencyStore | undefined;
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    let deps: TrackerDeps;
    try {
      const settings = config();
      store ??= dynamoDbIdempotencyStore({
        tableName: settings.tableName,
        ttlSeconds: settings.ttlSeconds,
        aws: aws(),
      });
      deps = { aws: aws(), store, readOperationRecords, config: settings, now, post };
    } catch (error) {
      logLine('error', 'operation tracker not configured', {
        aws_request_id: context.awsRequestId,
        error,
      });
      throw error;
    }
    const signal = deadlineSignal(context);
    const recordSignal = remainderSignal(context);
    const inProgressUntil = Date.now() + context.getRemainingTimeInMillis();
    const failures: string[] = [];
    for (const record of event.Records) {
      const trace = { aws_request_id: context.awsRequestId, message_id: record.messageId };
      if (signal.aborted) {
        failures.push(record.messageId);
        continue;
      }
      let job: TrackingJob;
      try {
        job = readTrackingJob(record.body);
      } catch (error) {
        logLine('error', 'tracking message refused', {
          ...trace,
          error,
        });
        failures.push(record.messageId);
        continue;
      }
      const bounds = { signal, recordSignal, inProgressUntil, trace };
      if ((await followOperation(job, deps, bounds)) === 'retry') failures.push(record.messageId);
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
};
