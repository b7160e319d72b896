import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { allowedProjectIds, type Config, sharedConfig } from '../config/config.ts';
import { missingFrom, SLACK_ID, type SlackConfig, slackConfig } from '../config/slack-config.ts';
import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { errorBody, normalizeError } from '../errors/normalize-error.ts';
import { auditTarget, type Who } from '../logging/audit.ts';
import { logLine } from '../logging/log.ts';
import { refuseProjectNotAllowed } from '../pipeline/admit-request.ts';
import { invokeWorkerLambda, type WorkerInvoker } from './slack/invoke-worker.ts';
import { bcsRequestOf } from './slack/operation-request.ts';
import { parseCommand } from './slack/parse-command.ts';
import {
  DEFAULT_COMMAND,
  dryRunReply,
  errorReply,
  helpReply,
  invalidReply,
  notAllowedReply,
  type SlackMessage,
  slackAnswer,
  workingReply,
} from './slack/replies.ts';
import { checkResponseUrl } from './slack/response-url.ts';
import { sharedSigningSecret } from './slack/signing-secret.ts';
import { slackRequestVerifier } from './slack/verify-request.ts';
import type { WorkerPayload } from './slack/worker-payload.ts';

/** How long Lambda may take to queue the worker's invocation, within Slack's three seconds. */
export const INVOKE_TIMEOUT_MS = 2000;

/** What {@link slackCommandHandler} is assembled from, each with its deployed default. */
export interface SlackCommandOptions {
  /** The Slack settings and `ALLOWED_PROJECT_IDS` are what the command reads of it. */
  config?: () => Config;
  signingSecret?: (signal: AbortSignal) => Promise<string>;
  invokeWorker?: WorkerInvoker;
  /** Now, in milliseconds, for the signature's replay window. */
  now?: () => number;
}

type Answer = APIGatewayProxyStructuredResultV2;

/**
 * A Lambda handler for Slack's slash command (API Gateway HTTP API, payload 2.0, `POST
 * /slack/commands`), in three steps:
 *
 * 1. the Slack signature is verified before anything else; a request that fails gets 401
 *    `BCSGW.4010002` and one log line, and nothing else happens;
 * 2. `help`, dry runs, refusals and invalid commands are answered at once;
 * 3. a real run is handed to the worker function (an asynchronous invocation) and
 *    acknowledged, well within Slack's three seconds; the worker posts the outcome to
 *    `response_url`. Once the request is Slack's, every failure is answered as a message the
 *    user reads (Slack shows nothing of a non-200 answer).
 *
 * (No middy here: it would add 3 KB to a bundle that must stay under 30 KB, for two
 * try/catch blocks.)
 *
 * @example
 * ```ts
 * // functions/slack-command.ts
 * export const handler = slackCommandHandler();
 * ```
 */
export const slackCommandHandler = ({
  config = sharedConfig,
  signingSecret = sharedSigningSecret,
  invokeWorker = invokeWorkerLambda,
  now = () => Date.now(),
}: SlackCommandOptions = {}) => {
  const verify = slackRequestVerifier({ signingSecret, now });
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<Answer> => {
    // What every line of this request says, filled in as it becomes known (lib/logging/audit.ts).
    const trace: Trace = {
      aws_request_id: context.awsRequestId,
      api_request_id: event.requestContext.requestId,
    };
    let body: string;
    try {
      body = await verify(event);
    } catch (error) {
      // Not Slack's: nothing in it says who sent it.
      return failure(error, trace, 'slack request refused', (e) => ({
        statusCode: e.statusCode,
        headers: { 'content-type': 'application/json', 'x-request-id': context.awsRequestId },
        body: JSON.stringify(errorBody(e)),
      }));
    }
    try {
      const settings = config();
      return await answerCommand(
        body,
        context,
        trace,
        slackConfig(settings),
        allowedProjectIds(settings),
        invokeWorker,
      );
    } catch (error) {
      return failure(error, trace, 'slack command failed', (e) =>
        slackAnswer(errorReply(e), context.awsRequestId),
      );
    }
  };
};

/** The fields every line of one request carries: its ids, then who asked and for what. */
type Trace = Record<string, unknown>;

/** Logs a failure once (its cause included, never answered) and answers it. */
const failure = (
  thrown: unknown,
  trace: Trace,
  message: string,
  answer: (error: GatewayError) => Answer,
): Answer => {
  const error = normalizeError(thrown);
  logLine(error.statusCode >= 500 ? 'error' : 'warn', message, {
    ...trace,
    status: error.statusCode,
    error_code: error.errorCode,
    error_msg: error.message,
    cause: error.cause,
  });
  return answer(error);
};

/** Steps 2 and 3: what a verified slash command gets. */
const answerCommand = async (
  body: string,
  context: Context,
  trace: Trace,
  config: SlackConfig,
  allowedProjects: ReadonlySet<string> | undefined,
  invokeWorker: WorkerInvoker,
): Promise<Answer> => {
  const form = readSlashCommand(body);
  const who: Who = { type: 'slack', id: form.userId, team: form.teamId, name: form.userName };
  Object.assign(trace, { user_id: form.userId, team_id: form.teamId, who });
  const parsed = parseCommand(form.text, config.defaults);
  if (parsed.kind === 'run') trace.target = auditTarget(parsed.request.input);
  const answer = (
    message: SlackMessage,
    level: 'info' | 'warn',
    result: string,
    fields: Record<string, unknown> = {},
  ) => {
    logLine(level, 'slack command', { ...trace, result, ...fields });
    return slackAnswer(message, context.awsRequestId);
  };

  if (parsed.kind === 'help') return answer(helpReply(form.command), 'info', 'help');
  const missing = missingFrom(config, form.userId, form.teamId);
  if (missing.length > 0) {
    const reply = notAllowedReply(form.command, form.userId, form.teamId, missing);
    return answer(reply, 'warn', 'not allowed');
  }
  if (parsed.kind === 'invalid') {
    return answer(invalidReply(form.command, parsed.command, parsed.problems), 'info', 'invalid', {
      command: parsed.command,
      problems: parsed.problems,
    });
  }
  const { request, dryRun } = parsed;
  refuseProjectNotAllowed(request.input.path.project_id, allowedProjects);
  if (dryRun) {
    return answer(dryRunReply(request, bcsRequestOf(request)), 'info', 'dry run', {
      operation: request.operation,
    });
  }
  const responseUrl = checkResponseUrl(form.responseUrl, config.responseUrlHosts);
  if (!config.workerFunctionName) {
    throw new GatewayError(
      ErrorCodes.misconfigured,
      'Configuration error: SLACK_WORKER_FUNCTION_NAME is not set',
    );
  }
  const payload: WorkerPayload = {
    operation: request.operation,
    input: request.input,
    response_url: responseUrl.href,
    user_id: form.userId,
    team_id: form.teamId,
    correlation_id: context.awsRequestId,
  };
  await invokeWorker(config.workerFunctionName, payload, AbortSignal.timeout(INVOKE_TIMEOUT_MS));
  return answer(workingReply(request, context.awsRequestId), 'info', 'queued', {
    operation: request.operation,
    correlation_id: context.awsRequestId,
  });
};

/** The fields of Slack's form body this function uses. */
interface SlashCommand {
  teamId: string;
  userId: string;
  /** Slack deprecates it, but still sends it: kept for the log only. */
  userName: string | undefined;
  command: string;
  text: string;
  responseUrl: string | undefined;
}

/**
 * Slack's form body (`application/x-www-form-urlencoded`). A signed body without a user or
 * team is not a slash command (Slack signs its other requests with the same secret).
 */
const readSlashCommand = (body: string): SlashCommand => {
  const form = new URLSearchParams(body);
  const userId = form.get('user_id') ?? '';
  const teamId = form.get('team_id') ?? '';
  const wrong = [
    ...(SLACK_ID.test(userId) ? [] : ['user_id']),
    ...(SLACK_ID.test(teamId) ? [] : ['team_id']),
  ];
  if (wrong.length > 0) {
    throw new GatewayError(
      ErrorCodes.invalidInput,
      `Invalid request: not a slash command (${wrong.join(', ')} missing or not a Slack id)`,
    );
  }
  const command = form.get('command') ?? '';
  return {
    userId,
    teamId,
    userName: form.get('user_name') ?? undefined,
    command: /^\/[\w-]{1,32}$/.test(command) ? command : DEFAULT_COMMAND,
    text: form.get('text') ?? '',
    responseUrl: form.get('response_url') ?? undefined,
  };
};
