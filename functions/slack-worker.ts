import { slackWorkerHandler } from '../lib/callers/slack-worker.ts';

/** Runs the operations `slack-command` hands over, and posts their outcome to Slack. */
export const handler = slackWorkerHandler();
