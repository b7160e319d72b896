import { slackCommandHandler } from '../lib/callers/slack-command.ts';

/** `POST /slack/commands`: Slack's slash command `/bcs-offboard`, verified, acknowledged at once. */
export const handler = slackCommandHandler();
