import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Outcome } from '../outcome.ts';
import { OUTCOME_DETAIL_TYPES, OUTCOME_SOURCE, outcomeBusName } from './outcome-config.ts';

/** Where an outcome came from, for the workflow that picks it up. */
export interface OutcomeOrigin {
  trigger: 'eventbridge' | 'sqs';
  correlation_id: string;
}

let client:
  | Promise<{
      client: EventBridgeClient;
      PutEventsCommand: typeof import('@aws-sdk/client-eventbridge').PutEventsCommand;
    }>
  | undefined;

/**
 * Publishes an outcome as an EventBridge event (`source: bcs-offboard`, `detail-type`
 * `BCS Offboarding Succeeded` or `BCS Offboarding Failed`) on `OUTCOME_EVENT_BUS_NAME`.
 * The SDK (provided by the Lambda runtime) is loaded on first use only. Throws when
 * EventBridge refuses the entry: the caller logs it, the outcome line stays in the logs.
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
): Promise<void> => {
  client ??= import('@aws-sdk/client-eventbridge').then(
    ({ EventBridgeClient, PutEventsCommand }) => ({
      client: new EventBridgeClient({ maxAttempts: 3 }),
      PutEventsCommand,
    }),
  );
  const { client: eventBridge, PutEventsCommand } = await client;
  const answer = await eventBridge.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: outcomeBusName(),
          Source: OUTCOME_SOURCE,
          DetailType: OUTCOME_DETAIL_TYPES[outcome.result],
          Detail: JSON.stringify({ ...origin, ...outcome }),
        },
      ],
    }),
    { abortSignal: signal },
  );
  if (answer.FailedEntryCount) {
    const entry = answer.Entries?.[0];
    throw new Error(`EventBridge refused the outcome: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
  }
};
