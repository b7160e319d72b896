import type { AwsClient } from '../aws/aws-client.ts';
import { putEvents } from '../aws/eventbridge.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import { type Config, outcomeBusName } from '../config/config.ts';
import { type Outcome, outcomeDetail } from '../pipeline/outcome.ts';
import { OUTCOME_DETAIL_TYPES, OUTCOME_SOURCE } from './outcome-events.ts';

/** Where an outcome came from, for the workflow that picks it up. */
export interface OutcomeOrigin {
  trigger: 'eventbridge' | 'sqs';
  correlation_id: string;
}

/** Publishes one outcome; rejects with the `AwsError` (its `name` is AWS's code) when it could not. */
export type OutcomePublisher = (
  outcome: Outcome,
  origin: OutcomeOrigin,
  signal: AbortSignal,
) => Promise<void>;

/**
 * A publisher of outcomes as EventBridge events (`source: bcs-offboard`, `detail-type`
 * `BCS Offboarding Succeeded` or `BCS Offboarding Failed`, the detail as the README documents
 * it) on the configuration's `OUTCOME_EVENT_BUS_NAME`, through `aws` (default: the container's
 * client). A refused entry rejects: the caller logs it, the outcome line stays in the logs.
 *
 * @example
 * ```ts
 * const publish = outcomePublisher(sharedConfig);
 * await publish(outcome, { trigger: 'sqs', correlation_id: record.messageId }, signal);
 * ```
 */
export const outcomePublisher =
  (config: () => Config, aws?: AwsClient): OutcomePublisher =>
  (outcome, origin, signal) =>
    putEvents(
      aws ?? sharedAwsClient(),
      {
        Entries: [
          {
            EventBusName: outcomeBusName(config()),
            Source: OUTCOME_SOURCE,
            DetailType: OUTCOME_DETAIL_TYPES[outcome.result],
            Detail: JSON.stringify({ ...origin, ...outcomeDetail(outcome) }),
          },
        ],
      },
      signal,
    );
