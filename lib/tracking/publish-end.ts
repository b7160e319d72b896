import type { AwsClient } from '../aws/aws-client.ts';
import { putEvents } from '../aws/eventbridge.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import type { EndStatus } from '../bcs/operation-records.ts';
import { type Config, outcomeBusName } from '../config/config.ts';
import { OUTCOME_SOURCE } from '../publishing/outcome-events.ts';
import type { TrackingJob } from './tracking-job.ts';

/**
 * The detail-type of the one event that says how an accepted operation ended, next to
 * `BCS Offboarding Succeeded` (BCS accepted it) and `BCS Offboarding Failed` (it was not run).
 */
export const ENDED_DETAIL_TYPE = 'BCS Offboarding Ended';

/** How an operation ended, as the end event says it. */
export interface OperationEnd {
  /** BCS's `operation_status`; `unknown` when the maximum age passed first. */
  operation_status: EndStatus | 'unknown';
  /** `bcs`: ListOpRecord said so; `max-age`: the tracker stopped following it. */
  ended_by: 'bcs' | 'max-age';
  /** BCS's `message` of the record (empty for `max-age`). */
  messages: string[];
}

/**
 * The end event's `detail`: the operation, its ids and trigger, how it ended, when it was
 * accepted and when its end was seen (ISO 8601), and how many look-ups that took.
 *
 * @example
 * ```ts
 * endDetail(job, { operation_status: 'finished', ended_by: 'bcs', messages: [] }, Date.now());
 * ```
 */
export const endDetail = (job: TrackingJob, end: OperationEnd, now: number) => ({
  operation: job.operation,
  operation_id: job.operation_id,
  project_id: job.project_id,
  correlation_id: job.correlation_id,
  trigger: job.trigger,
  ...end,
  accepted_at: new Date(job.accepted_at).toISOString(),
  ended_at: new Date(now).toISOString(),
  attempts: job.attempt,
});

/** Publishes the end of one operation; rejects with the `AwsError` when EventBridge refuses it. */
export type EndPublisher = (
  job: TrackingJob,
  end: OperationEnd,
  now: number,
  signal: AbortSignal,
) => Promise<void>;

/**
 * A publisher of operation ends on the configuration's outcome bus (`OUTCOME_EVENT_BUS_NAME`),
 * through `aws` (default: the container's client): `source: bcs-offboard`, detail-type
 * `BCS Offboarding Ended`, detail {@link endDetail}.
 *
 * @example
 * ```ts
 * const publishEnd = endPublisher(sharedConfig);
 * await publishEnd(job, { operation_status: 'failed', ended_by: 'bcs', messages }, Date.now(), signal);
 * ```
 */
export const endPublisher =
  (config: () => Config, aws?: AwsClient): EndPublisher =>
  (job, end, now, signal) =>
    putEvents(
      aws ?? sharedAwsClient(),
      {
        Entries: [
          {
            EventBusName: outcomeBusName(config()),
            Source: OUTCOME_SOURCE,
            DetailType: ENDED_DETAIL_TYPE,
            Detail: JSON.stringify(endDetail(job, end, now)),
          },
        ],
      },
      signal,
    );
