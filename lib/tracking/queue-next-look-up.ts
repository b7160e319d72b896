import type { AwsClient } from '../aws/aws-client.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import { sendMessage } from '../aws/sqs.ts';
import type { Config } from '../config/config.ts';
import { trackerConfig } from '../config/tracker-config.ts';
import type { TrackingJob } from './tracking-job.ts';

/** Queues the look-up after `job`'s, `delaySeconds` from now; rejects with the `AwsError` when SQS refuses it. */
export type LookUpQueuer = (
  job: TrackingJob,
  delaySeconds: number,
  signal: AbortSignal,
) => Promise<void>;

/**
 * Queues the next look-up of an operation on the tracking queue (`TRACKING_QUEUE_URL`) as a
 * delayed message, through `aws` (default: the container's client): the same job with
 * `attempt` one higher, held back `delaySeconds` (SQS's `DelaySeconds`: the wait, with no
 * function waiting).
 *
 * @example
 * ```ts
 * const queueNextLookUp = lookUpQueuer(sharedConfig);
 * await queueNextLookUp(job, nextDelaySeconds(job.attempt, now, maxAgeEndsAt), signal);
 * ```
 */
export const lookUpQueuer =
  (config: () => Config, aws?: AwsClient): LookUpQueuer =>
  async (job, delaySeconds, signal) => {
    await sendMessage(
      aws ?? sharedAwsClient(),
      {
        QueueUrl: trackerConfig(config()).queueUrl,
        MessageBody: JSON.stringify({ ...job, attempt: job.attempt + 1 }),
        DelaySeconds: delaySeconds,
      },
      signal,
    );
  };
