import type { AwsClient } from '../aws/aws-client.ts';
import { putEvents } from '../aws/eventbridge.ts';
import { sharedAwsClient } from '../aws/shared-aws-client.ts';
import type { Outcome } from '../pipeline/outcome.ts';
import { OUTCOME_DETAIL_TYPES, OUTCOME_SOURCE, outcomeBusName } from './outcome-events.ts';

/** Where an outcome came from, for the workflow that picks it up. */
export interface OutcomeOrigin {
  trigger: 'eventbridge' | 'sqs';
  correlation_id: string;
}

/**
 * Publishes an outcome as an EventBridge event (`source: bcs-offboard`, `detail-type`
 * `BCS Offboarding Succeeded` or `BCS Offboarding Failed`) on `OUTCOME_EVENT_BUS_NAME`, through
 * `aws` (default: the container's client). Throws an `AwsError` when EventBridge refuses the
 * entry: the caller logs it, the outcome line stays in the logs.
 *
 * @example
 * ```ts
 * await publishOutcome(outcome, { trigger: 'sqs', correlation_id: record.messageId }, signal);
 * ```
 */
export const publishOutcome = async (
  outcome: Outcome,
  origin: OutcomeOrigin,
  signal: AbortSignal,
  aws: AwsClient = sharedAwsClient(),
): Promise<void> => {
  await putEvents(
    aws,
    {
      Entries: [
        {
          EventBusName: outcomeBusName(),
          Source: OUTCOME_SOURCE,
          DetailType: OUTCOME_DETAIL_TYPES[outcome.result],
          Detail: JSON.stringify({ ...origin, ...outcome }),
        },
      ],
    },
    signal,
  );
};
