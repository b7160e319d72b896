import { slackStatusHandler } from '../lib/callers/slack-status.ts';

/** Answers `/bcs-offboard status <operation_id>`: reads ListOpRecord, posts it to Slack. */
export const handler = slackStatusHandler();
