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
import { createLogger, type Logger } from '../logging/log.ts';
import { listOperationRecords } from '../operations/list-operation-records.ts';
import { refuseProjectNotAllowed } from '../pipeline/admit-request.ts';
import type { CommandOrigin } from './slack/invocation-payload.ts';
import { invokeWorkerLambda, type WorkerInvoker } from './slack/invoke-worker.ts';
import { bcsRequestOf } from './slack/operation-request.ts';
import { type ParsedCommand, parseCommand } from './slack/parse-command.ts';
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
import type { StatusPayload } from './slack/status-payload.ts';
import { lookingUpReply } from './slack/status-reply.ts';
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
  /** Where the lines go: each request's lines carry its ids, then who asked and for what. */
  log?: Logger;
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
 *    `response_url`. `status` is handed to the status function (`slack-status`) alike, after
 *    the same allow-list and project checks, and it posts what BCS says. Once the request is
 *    Slack's, every failure is answered as a message the user reads (Slack shows nothing of a
 *    non-200 answer).
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
  log: baseLog = createLogger(),
}: SlackCommandOptions = {}) => {
  const verify = slackRequestVerifier({ signingSecret, now });
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<Answer> => {
    const requestLog = baseLog.child({
      aws_request_id: context.awsRequestId,
      api_request_id: event.requestContext.requestId,
    });
    let body: string;
    try {
      body = await verify(event);
    } catch (error) {
      // Not Slack's: nothing in it says who sent it.
      return failure(error, requestLog, 'slack request refused', (e) => ({
        statusCode: e.statusCode,
        headers: { 'content-type': 'application/json', 'x-request-id': context.awsRequestId },
        body: JSON.stringify(errorBody(e)),
      }));
    }
    // Once the command is read, every line also says who asked and for what (audit.ts).
    let log = requestLog;
    try {
      const settings = config();
      const slack = slackConfig(settings);
      const form = readSlashCommand(body);
      const parsed = parseCommand(form.text, slack.defaults);
      log = requestLog.child(commandFields(form, parsed));
      return await answerCommand(
        form,
        parsed,
        context,
        log,
        slack,
        allowedProjectIds(settings),
        invokeWorker,
      );
    } catch (error) {
      return failure(error, log, 'slack command failed', (e) =>
        slackAnswer(errorReply(e), context.awsRequestId),
      );
    }
  };
};

/** Logs a failure once (its cause included, never answered) and answers it. */
const failure = (
  thrown: unknown,
  log: Logger,
  message: string,
  answer: (error: GatewayError) => Answer,
): Answer => {
  const error = normalizeError(thrown);
  log.log(error.statusCode >= 500 ? 'error' : 'warn', message, {
    status: error.statusCode,
    error_code: error.errorCode,
    error_msg: error.message,
    cause: error.cause,
  });
  return answer(error);
};

/** Who asked, and what for when the command names it: the fields of its every log line. */
const commandFields = (form: SlashCommand, parsed: ParsedCommand): Record<string, unknown> => {
  const who: Who = { type: 'slack', id: form.userId, team: form.teamId, name: form.userName };
  const fields: Record<string, unknown> = { user_id: form.userId, team_id: form.teamId, who };
  if (parsed.kind === 'run') fields.target = auditTarget(parsed.request.input);
  if (parsed.kind === 'read') fields.target = { ...parsed.input.path, ...parsed.input.query };
  return fields;
};

/** Steps 2 and 3: what a verified slash command gets. */
const answerCommand = async (
  form: SlashCommand,
  parsed: ParsedCommand,
  context: Context,
  log: Logger,
  config: SlackConfig,
  allowedProjects: ReadonlySet<string> | undefined,
  invokeWorker: WorkerInvoker,
): Promise<Answer> => {
  const answer = (
    message: SlackMessage,
    level: 'info' | 'warn',
    result: string,
    fields: Record<string, unknown> = {},
  ) => {
    log.log(level, 'slack command', { result, ...fields });
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
  const input = parsed.kind === 'read' ? parsed.input : parsed.request.input;
  refuseProjectNotAllowed(input.path.project_id, allowedProjects);
  // Stryker disable next-line ConditionalExpression: a read has no dryRun, so `true && parsed.dryRun` is false for it too.
  if (parsed.kind === 'run' && parsed.dryRun) {
    const { request } = parsed;
    return answer(dryRunReply(request, bcsRequestOf(request)), 'info', 'dry run', {
      operation: request.operation,
    });
  }
  const responseUrl = checkResponseUrl(form.responseUrl, config.responseUrlHosts);
  const origin: CommandOrigin = {
    response_url: responseUrl.href,
    user_id: form.userId,
    team_id: form.teamId,
    correlation_id: context.awsRequestId,
  };
  const signal = () => AbortSignal.timeout(INVOKE_TIMEOUT_MS);
  if (parsed.kind === 'read') {
    // `status`: the status function reads ListOpRecord and posts what BCS says.
    const { path, query } = parsed.input;
    // Required by the grammar (its one positional key): never undefined here.
    const operationId = query.operation_id as string;
    const payload: StatusPayload = {
      operation_id: operationId,
      project_id: path.project_id,
      ...origin,
    };
    await invokeWorker(
      configured(config.statusFunctionName, 'SLACK_STATUS_FUNCTION_NAME'),
      payload,
      signal(),
    );
    return answer(lookingUpReply(operationId, context.awsRequestId), 'info', 'queued', {
      operation: listOperationRecords.name,
      correlation_id: context.awsRequestId,
    });
  }
  const { request } = parsed;
  const payload: WorkerPayload = { operation: request.operation, input: request.input, ...origin };
  await invokeWorker(
    configured(config.workerFunctionName, 'SLACK_WORKER_FUNCTION_NAME'),
    payload,
    signal(),
  );
  return answer(workingReply(request, context.awsRequestId), 'info', 'queued', {
    operation: request.operation,
    correlation_id: context.awsRequestId,
  });
};

/** The function a setting names, or `BCSGW.5000002` naming the variable that is not set. */
const configured = (functionName: string | undefined, variable: string): string => {
  if (!functionName) {
    throw new GatewayError(ErrorCodes.misconfigured, `Configuration error: ${variable} is not set`);
  }
  return functionName;
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
  // Stryker disable next-line StringLiteral: SLACK_ID refuses any text in place of '' as it refuses ''.
  const userId = form.get('user_id') ?? '';
  // Stryker disable next-line StringLiteral: SLACK_ID refuses any text in place of '' as it refuses ''.
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
  // Stryker disable next-line StringLiteral: the command pattern refuses any text in place of '' (no leading /) as it refuses ''.
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
