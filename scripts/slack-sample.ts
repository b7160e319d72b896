/**
 * Sends one signed Slack slash command to the local gateway, as Slack would, and prints the
 * answer. It signs at send time (Slack's signatures expire after five minutes), so a command
 * can be sent again at any time. `npm start` prints ready-to-run examples.
 *
 *   npx node scripts/slack-sample.ts [--gateway <url>] [--response-url <url>] [--user <id>]
 *     [--team <id>] [--secret <signing secret>] '<command text>'
 *
 * The outcome of a real run is posted to `response_url` by the worker. Without
 * `--response-url`, the script listens for it itself (on 127.0.0.1, for at most
 * {@link OUTCOME_WAIT_MS}) and prints it; with one, whatever listens there does (`npm start`
 * prints what its own sink receives).
 *
 * Defaults match `npm start`: gateway http://127.0.0.1:$PORT (3000), user U0LOCALOPS of team
 * T0LOCAL (the allowed ones), signing secret `local-signing-secret`.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export const USAGE =
  "usage: npx node scripts/slack-sample.ts [--gateway <url>] [--response-url <url>] [--user <id>] [--team <id>] [--secret <signing secret>] '<command text>'";

/** How long the script waits for the outcome of a run it listens for itself. */
export const OUTCOME_WAIT_MS = 45_000;

/** The command line could not be read: the message says why; the usage follows it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What one run sends. */
export interface SampleCommand {
  gateway: string;
  text: string;
  /** Where the worker posts the outcome; `undefined`: a receiver of the script's own. */
  responseUrl: string | undefined;
  userId: string;
  teamId: string;
  secret: string;
}

/**
 * The command the command line asks for, or `'help'`; a {@link UsageError} for an unknown or
 * incomplete option.
 *
 * @example
 * ```ts
 * readArguments(['--user', 'U0STRANGER', 'help']).userId; // 'U0STRANGER'
 * ```
 */
export const readArguments = (argv: string[], env = process.env): SampleCommand | 'help' => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, env);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  return {
    gateway: values.gateway,
    text: positionals.join(' '),
    responseUrl: values['response-url'],
    userId: values.user,
    teamId: values.team,
    secret: values.secret,
  };
};

const parse = (argv: string[], env: NodeJS.ProcessEnv) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      gateway: { type: 'string', default: `http://127.0.0.1:${env.PORT ?? 3000}` },
      'response-url': { type: 'string' },
      user: { type: 'string', default: localSlack.userId },
      team: { type: 'string', default: localSlack.teamId },
      secret: { type: 'string', default: localSlack.signingSecret },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

/** A message as Slack shows it: `&lt;` `&gt;` `&amp;` as the characters they stand for. */
export const shownText = (text: string): string =>
  text.replace(/&(lt|gt|amp);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
  );

/** What the worker posts to `response_url`. */
interface PostedMessage {
  response_type?: string;
  text?: string;
}

/**
 * A stand-in for Slack's `response_url` on loopback: `outcome` resolves with the first
 * message posted to it, or `undefined` after `waitMs`.
 *
 * @example
 * ```ts
 * const receiver = await startOutcomeReceiver('T0LOCAL');
 * console.log((await receiver.outcome)?.text);
 * ```
 */
export const startOutcomeReceiver = async (teamId: string, waitMs = OUTCOME_WAIT_MS) => {
  let deliver: (message: PostedMessage | undefined) => void = () => undefined;
  const outcome = new Promise<PostedMessage | undefined>((resolve) => {
    deliver = resolve;
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        deliver(JSON.parse(text));
      } catch {
        deliver({ text });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => deliver(undefined), waitMs);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/commands/${teamId}/1/sample`,
    outcome,
    close: () => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close();
    },
  };
};

/** Sends the command, prints the answer and, when it listens itself, the outcome. */
const send = async (command: SampleCommand): Promise<number> => {
  const receiver = command.responseUrl ? undefined : await startOutcomeReceiver(command.teamId);
  try {
    const body = slashCommandBody({
      text: command.text,
      // Ours, or the one given: one of the two is set.
      responseUrl: receiver?.url ?? String(command.responseUrl),
      userId: command.userId,
      teamId: command.teamId,
    });
    const response = await fetch(`${command.gateway}/slack/commands`, {
      method: 'POST',
      headers: slackHeaders(command.secret, body),
      body,
    });
    const answer = await response.text();
    let text = answer;
    try {
      text = (JSON.parse(answer) as { text?: string }).text ?? answer;
    } catch {
      // not JSON: print it as it came
    }
    console.log(`HTTP ${response.status}\n${shownText(text)}`);
    if (!response.ok) return 1;
    // Only a queued run has an outcome to come; help, dry runs and refusals are the answer.
    if (!receiver || !text.startsWith('Working on it')) return 0;
    console.log(
      `\nWaiting for the outcome at ${receiver.url} (at most ${OUTCOME_WAIT_MS / 1000} s)…`,
    );
    const outcome = await receiver.outcome;
    if (!outcome) {
      console.error(`slack-sample: no outcome within ${OUTCOME_WAIT_MS / 1000} s`);
      return 1;
    }
    console.log(`[response_url, ${outcome.response_type ?? '?'}] ${shownText(outcome.text ?? '')}`);
    return 0;
  } finally {
    receiver?.close();
  }
};

if (import.meta.main) {
  let command: SampleCommand | 'help';
  try {
    command = readArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`slack-sample: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (command === 'help') {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    process.exitCode = await send(command);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    console.error(
      `slack-sample: cannot reach the local gateway at ${command.gateway} (${cause}): is npm start running?`,
    );
    process.exitCode = 1;
  }
}
