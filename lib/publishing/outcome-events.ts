/**
 * Where event outcomes go, from the environment: `OUTCOME_EVENT_BUS_NAME` (default: the
 * account's `default` bus) and, for the SQS function, `DEAD_LETTER_QUEUE_URL`.
 */
export const outcomeBusName = (env: NodeJS.ProcessEnv = process.env): string =>
  env.OUTCOME_EVENT_BUS_NAME || 'default';

/** The source of every outcome event bcs-offboard publishes. */
export const OUTCOME_SOURCE = 'bcs-offboard';

export const OUTCOME_DETAIL_TYPES = {
  succeeded: 'BCS Offboarding Succeeded',
  failed: 'BCS Offboarding Failed',
} as const;
