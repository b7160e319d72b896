/** The source of every outcome event bcs-offboard publishes. */
export const OUTCOME_SOURCE = 'bcs-offboard';

export const OUTCOME_DETAIL_TYPES = {
  succeeded: 'BCS Offboarding Succeeded',
  failed: 'BCS Offboarding Failed',
} as const;
