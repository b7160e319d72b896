import type { Context } from 'aws-lambda';
import { type Config, sharedConfig } from '../config/config.ts';
import { responseUrlHosts } from '../config/slack-config.ts';
import { type IdempotencyStore, sharedIdempotencyStore } from '../idempotency/idempotency-store.ts';
import { auditTarget, type Who } from '../logging/audit.ts';
import { createLogger, type Logger, levelOfStatus } from '../logging/log.ts';
import { operationsByName } from '../operations/catalogue.ts';
import { deadlineSignal } from '../pipeline/deadline.ts';
import { outcomeDetail } from '../pipeline/outcome.ts';
import { type RequestPipeline, sharedRequestPipeline } from '../pipeline/request-pipeline.ts';
import { settleRequest } from '../pipeline/settle-request.ts';
import { neverRetried } from './slack/never-retried.ts';
import { type OperationRequest, pathAndBody } from './slack/operation-request.ts';
import { outcomeMessage } from './slack/replies.ts';
import { checkResponseUrl, postToResponseUrl } from './slack/response-url.ts';
import { readWorkerPayload, type WorkerPayload } from './slack/worker-payload.ts';

/** Time kept back from the operation's deadline to post its outcome to Slack. */
export const REPLY_RESERVE_MS = 3000;
/** The longest a post to `response_url` may take. */
export const REPLY_TIMEOUT_MS = 5000;

/** What {@link slackWorkerHandler} is assembled from, each with its deployed default. */
export interface SlackWorkerOptions {
  /** Its `SLACK_RESPONSE_URL_HOSTS` (`responseUrlHosts`) are where outcomes may be posted. */
  config?: () => Config;
  pipeline?: () => RequestPipeline;
  idempotencyStore?: () => IdempotencyStore | undefined;
  post?: typeof postToResponseUrl;
  /** Epoch milliseconds: when a claim on a request ends. */
  now?: () => number;
  log?: Logger;
}

/**
 * A Lambda handler for the asynchronous invocations the Slack command makes: it checks the
 * payload again (never trusting it), settles the operation through the request pipeline (a
 * retried command, the same input typed again or delivered twice, is not run twice), logs the
 * outcome with the correlation id, and posts it to the command's `response_url`. It never
 * fails in a way Lambda would retry: a retry could run an operation twice. (No middy here:
 * with no middleware to compose, it would only add 3 KB to the bundle.)
 *
 * @example
 * ```ts
 * // functions/slack-worker.ts
 * export const handler = slackWorkerHandler();
 * ```
 */
export const slackWorkerHandler = ({
  config = sharedConfig,
  pipeline = sharedRequestPipeline,
  idempotencyStore = sharedIdempotencyStore,
  post = postToResponseUrl,
  now = Date.now,
  log: baseLog = createLogger(),
}: SlackWorkerOptions = {}) =>
  neverRetried('slack-worker', async (event: unknown, context: Context) => {
    const invocationLog = baseLog.child({ aws_request_id: context.awsRequestId });
    let payload: WorkerPayload;
    try {
      payload = readWorkerPayload(event);
    } catch (error) {
      // Nothing says where to report to, or who asked: the log is all there is.
      invocationLog.log('error', 'slack worker refused its payload', { error });
      return;
    }
    const timeLeft = () => context.getRemainingTimeInMillis();
    const { correlation_id, user_id, team_id } = payload;
    const who: Who = { type: 'slack', id: user_id, team: team_id };
    const log = invocationLog.child({ correlation_id, user_id, team_id, who });
    // Outside the try: an unusable configuration is the invocation's failure, not the payload's.
    const hosts = responseUrlHosts(config());
    let responseUrl: URL;
    try {
      responseUrl = checkResponseUrl(payload.response_url, hosts);
    } catch (error) {
      // Nowhere to report to: the operation is not run (the payload may be forged).
      log.log('error', 'slack worker refused its response_url', { error });
      return;
    }

    const { outcome, duplicate, admitted } = await settleRequest(
      {
        operation: operationsByName[payload.operation],
        raw: pathAndBody(payload.input),
        correlationId: correlation_id,
      },
      {
        signal: deadlineSignal({ getRemainingTimeInMillis: () => timeLeft() - REPLY_RESERVE_MS }),
        // Remembering the outcome may run past `signal`, up to a second before Lambda's end.
        recordSignal: deadlineSignal(context),
        inProgressUntil: now() + timeLeft(),
      },
      { pipeline: pipeline(), idempotencyStore, log },
    );
    const detail = outcomeDetail(outcome);
    log.log(
      levelOfStatus(outcome.status),
      duplicate ? `slack command not run again (${duplicate.state})` : 'slack command finished',
      {
        ...detail,
        ...(duplicate && { duplicate }),
        target: admitted && auditTarget(admitted.input),
      },
    );

    const request =
      admitted &&
      ({
        operation: payload.operation,
        input: pathAndBody(admitted.input as { path: unknown; body: unknown }),
      } as OperationRequest);
    const message = outcomeMessage(detail, {
      request,
      userId: user_id,
      correlationId: correlation_id,
      duplicate,
    });
    const timeout = Math.min(REPLY_TIMEOUT_MS, timeLeft() - 200);
    try {
      await post(responseUrl, message, AbortSignal.timeout(Math.max(1, timeout)));
    } catch (error) {
      // The outcome is in the line above; Slack just did not get it.
      log.log('error', 'slack reply failed', {
        result: outcome.result,
        response_url_host: responseUrl.host,
        error,
      });
    }
    // Accepted by BCS (a 2xx is a succeeded outcome: the fewest bytes to say it): Lambda's
    // on-success destination hands the outcome, with the payload, to the operation tracker
    // (lib/tracking/tracking-job.ts reads the two together).
    if (outcome.status < 300 && !duplicate) return { track: outcome };
  });
