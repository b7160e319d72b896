/**
 * Sends one signed Slack slash command to the local gateway, as Slack would, and prints the
 * answer. It signs at send time (Slack's signatures expire after five minutes), so a command
 * can be sent again at any time. `npm start` prints ready-to-run examples.
 *
 *   npx node scripts/slack-sample.ts [--gateway <url>] [--response-url <url>] [--user <id>]
 *     [--team <id>] [--secret <signing secret>] '<command text>'
 *
 * Defaults match `npm start`: gateway http://127.0.0.1:$PORT (3000), user U0LOCALOPS of team
 * T0LOCAL (the allowed ones), signing secret `local-signing-secret`.
 */
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';

/** What `npm start` configures, and this script sends by default. */
export const localSlack = {
  signingSecret: 'local-signing-secret',
  userId: 'U0LOCALOPS',
  teamId: 'T0LOCAL',
  command: '/bcs-offboard',
} as const;

export interface SlashCommandOptions {
  text: string;
  responseUrl: string;
  userId?: string;
  teamId?: string;
  command?: string;
}

/** The form body Slack POSTs for a slash command (`application/x-www-form-urlencoded`). */
export const slashCommandBody = ({
  text,
  responseUrl,
  userId = localSlack.userId,
  teamId = localSlack.teamId,
  command = localSlack.command,
}: SlashCommandOptions): string =>
  new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: teamId,
    team_domain: 'local',
    channel_id: 'C0LOCAL',
    channel_name: 'bcs-ops',
    user_id: userId,
    user_name: 'local.operator',
    command,
    text,
    api_app_id: 'A0LOCAL',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.local`,
  }).toString();

/** Slack's headers for `body`, signed now with `signingSecret` (v0 scheme). */
export const slackHeaders = (
  signingSecret: string,
  body: string,
  nowSeconds = Date.now() / 1000,
) => {
  const timestamp = String(Math.floor(nowSeconds));
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${digest}`,
  };
};

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      gateway: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      'response-url': { type: 'string' },
      user: { type: 'string', default: localSlack.userId },
      team: { type: 'string', default: localSlack.teamId },
      secret: { type: 'string', default: localSlack.signingSecret },
    },
  });
  const responseUrl =
    values['response-url'] ?? `${values.gateway}/no-response-url-given/start-prints-one`;
  const body = slashCommandBody({
    text: positionals.join(' '),
    responseUrl,
    userId: values.user,
    teamId: values.team,
  });
  const response = await fetch(`${values.gateway}/slack/commands`, {
    method: 'POST',
    headers: slackHeaders(values.secret, body),
    body,
  });
  const answer = await response.text();
  let text = answer;
  try {
    text = (JSON.parse(answer) as { text?: string }).text ?? answer;
  } catch {
    // not JSON: print it as it came
  }
  // Slack shows &lt; &gt; &amp; as the characters they stand for.
  const shown = text.replace(/&(lt|gt|amp);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
  );
  console.log(`HTTP ${response.status}\n${shown}`);
  if (!response.ok) process.exitCode = 1;
}
