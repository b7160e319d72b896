import type { Context } from 'aws-lambda';
import { readOperationRecord } from '../bcs/operation-records.ts';
import { allowedProjectIds, type Config, sharedConfig } from '../config/config.ts';
import { responseUrlHosts } from '../config/slack-config.ts';
import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { normalizeError } from '../errors/normalize-error.ts';
import type { Who } from '../logging/audit.ts';
import { createLogger, type Logger, levelOfStatus } from '../logging/log.ts';
import { listOperationRecords } from '../operations/list-operation-records.ts';
import { admitRequest } from '../pipeline/admit-request.ts';
import type { BcsAnswer } from '../pipeline/call-bcs.ts';
import { deadlineSignal } from '../pipeline/deadline.ts';
import { type RequestPipeline, sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { neverRetried } from './slack/never-retried.ts';
import { errorReply, type SlackMessage } from './slack/replies.ts';
import { checkResponseUrl, postToResponseUrl } from './slack/response-url.ts';
import { readStatusPayload, type StatusPayload } from './slack/status-payload.ts';
import { statusReply } from './slack/status-reply.ts';

/** Time kept back from the invocation's deadline to post the answer to Slack. */
export const REPLY_RESERVE_MS = 3000;
/** The longest a post to `response_url` may take. */
export const REPLY_TIMEOUT_MS = 5000;

/** What {@link slackStatusHandler} is assembled from, each with its deployed default. */
export interface SlackStatusOptions {
  /** Its `SLACK_RESPONSE_URL_HOSTS` are where answers may be posted. */
  config?: () => Config;
  /** The configuration BCS is called with (`ALLOWED_PROJECT_IDS`) and the BCS caller. */
  pipeline?: () => RequestPipeline;
  post?: typeof postToResponseUrl;
  log?: Logger;
}

/**
 * A Lambda handler for the asynchronous invocations the Slack command makes for `/bcs-offboard
 * status <operation_id>`: it checks the payload again (never trusting it) and its
 * `response_url` against `SLACK_RESPONSE_URL_HOSTS`, runs ListOpRecord through the request
 * pipeline as the GET route does (`admitRequest` with the route's own schema and
 * `ALLOWED_PROJECT_IDS`, then `callBcs`: the same credentials, token cache or AK/SK), posts the
 * operation's status, steps and messages (or our error) to `response_url` for the user alone,
 * and logs one audit line: who asked, for what, and how it ended. A read changes nothing, so
 * it keeps no idempotency record; it still never fails in a way Lambda would retry (a Slack
 * user would get the answer twice).
 *
 * @example
 * ```ts
 * // functions/slack-status.ts
 * export const handler = slackStatusHandler();
 * ```
 */
export const slackStatusHandler = ({
  config = sharedConfig,
  pipeline = sharedRequestPipeline,
  post = postToResponseUrl,
  log: baseLog = createLogger(),
}: SlackStatusOptions = {}) =>
  neverRetried('slack-status', async (event: unknown, context: Context) => {
    const invocationLog = baseLog.child({ aws_request_id: context.awsRequestId });
    let payload: StatusPayload;
    try {
      payload = readStatusPayload(event);
    } catch (error) {
      // Nothing says where to answer, or who asked: the log is all there is.
      invocationLog.log('error', 'slack status refused its payload', { error });
      return undefined;
    }
    const { correlation_id, user_id, team_id, operation_id, project_id } = payload;
    const who: Who = { type: 'slack', id: user_id, team: team_id };
    const log = invocationLog.child({ correlation_id, user_id, team_id, who });
    const hosts = responseUrlHosts(config());
    let responseUrl: URL;
    try {
      responseUrl = checkResponseUrl(payload.response_url, hosts);
    } catch (error) {
      // Nowhere to answer: BCS is not asked (the payload may be forged).
      log.log('error', 'slack status refused its response_url', { error });
      return undefined;
    }

    const target = { project_id, operation_id };
    const timeLeft = () => context.getRemainingTimeInMillis();
    let message: SlackMessage;
    try {
      const { config: settings, callBcs } = pipeline();
      const admitted = admitRequest(
        listOperationRecords,
        { path: { project_id }, query: { operation_id }, body: undefined },
        allowedProjectIds(settings),
      );
      const answer = await callBcs(
        admitted,
        deadlineSignal({ getRemainingTimeInMillis: () => timeLeft() - REPLY_RESERVE_MS }),
      );
      const read = readAnswer(operation_id, answer);
      message = read.message;
      // BCS's own 5xx is as much an alarm as one of ours.
      log.log(levelOfStatus(answer.status), 'slack status answered', {
        target,
        status: answer.status,
        ...(answer.status < 300
          ? { operation_status: read.operationStatus ?? 'not known' }
          : { error_code: answer.json.error_code }),
        bcs_request_id: answer.requestId,
        ...(answer.tokenRenewed && { token_renewed: true }),
      });
    } catch (thrown) {
      const error = normalizeError(thrown);
      message = errorReply(error);
      log.log(levelOfStatus(error.statusCode), 'slack status failed', {
        target,
        status: error.statusCode,
        error_code: error.errorCode,
        error_msg: error.message,
        cause: error.cause,
      });
    }

    const timeout = Math.min(REPLY_TIMEOUT_MS, timeLeft() - 200);
    try {
      await post(responseUrl, message, AbortSignal.timeout(Math.max(1, timeout)));
    } catch (error) {
      // The answer is in the line above; Slack just did not get it.
      log.log('error', 'slack reply failed', { response_url_host: responseUrl.host, error });
    }
    return undefined;
  });

/**
 * The reply to a BCS answer, and the operation's status for the log line (none: BCS has no
 * record of it); a 2xx whose body is no ListOpRecord answer is BCS's fault (`BCSGW.5020003`).
 */
const readAnswer = (
  operationId: string,
  answer: BcsAnswer,
): { message: SlackMessage; operationStatus?: string | undefined } => {
  try {
    const message = statusReply(operationId, answer);
    if (answer.status > 299) return { message };
    return { message, operationStatus: readOperationRecord(answer.body, operationId)?.status };
  } catch (error) {
    throw new GatewayError(
      ErrorCodes.bcsGarbage,
      `BCS answered ${answer.status} to ListOpRecord with a body that is not its answer`,
      { cause: error },
    );
  }
};
