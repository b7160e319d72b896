import type { Context } from 'aws-lambda';
import { auditTarget, type Who } from '../audit.ts';
import { deadlineSignal } from '../deadline.ts';
import { type IdempotencyStore, sharedIdempotencyStore } from '../idempotency/idempotency-store.ts';
import type { Duplicate } from '../idempotency/run-once.ts';
import { runOperationOnce } from '../idempotency/run-operation-once.ts';
import { levelOfStatus, logLine } from '../log.ts';
import { type OffboardService, sharedOffboardService } from '../offboard-service.ts';
import { operationsByName } from '../operations/catalogue.ts';
import type { Operation } from '../operations/operation.ts';
import { type Outcome, outcomeOfError } from '../outcome.ts';
import { validate } from '../schemas/validate.ts';
import { neverRetried } from './slack/never-retried.ts';
import { type OperationRequest, pathAndBody } from './slack/operation-request.ts';
import { outcomeMessage } from './slack/replies.ts';
import { checkResponseUrl, postToResponseUrl } from './slack/response-url.ts';
import { type SlackConfig, sharedSlackConfig } from './slack/slack-config.ts';
import { readWorkerPayload, type WorkerPayload } from './slack/worker-payload.ts';

/** Time kept back from the operation's deadline to post its outcome to Slack. */
export const REPLY_RESERVE_MS = 3000;
/** The longest a post to `response_url` may take. */
export const REPLY_TIMEOUT_MS = 5000;

export interface SlackWorkerOptions {
  slackConfig?: () => SlackConfig;
  service?: () => OffboardService;
  post?: typeof postToResponseUrl;
  idempotencyStore?: () => IdempotencyStore | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: the worker runs either operation, by name.
type AnyOperation = Operation<any>;

/**
 * A Lambda handler for the asynchronous invocations the Slack command makes: it checks the
 * payload again (never trusting it), runs the operation for an outcome, logs that outcome
 * with the correlation id, and posts it to the command's `response_url`. It never fails in a
 * way Lambda would retry: a retry could run an operation twice. (No middy here: with no
 * middleware to compose, it would only add 3 KB to the bundle.)
 *
 * @example
 * ```ts
 * // functions/slack-worker.ts
 * export const handler = slackWorkerHandler();
 * ```
 */
export const slackWorkerHandler = ({
  slackConfig = sharedSlackConfig,
  service = sharedOffboardService,
  post = postToResponseUrl,
  idempotencyStore = sharedIdempotencyStore,
}: SlackWorkerOptions = {}) =>
  neverRetried('slack-worker', async (event: unknown, context: Context) => {
    let payload: WorkerPayload;
    try {
      payload = readWorkerPayload(event);
    } catch (error) {
      // Nothing says where to report to, or who asked: the log is all there is.
      logLine('error', 'slack worker refused its payload', {
        aws_request_id: context.awsRequestId,
        error,
      });
      return;
    }
    const timeLeft = () => context.getRemainingTimeInMillis();
    const { correlation_id, user_id, team_id } = payload;
    const who: Who = { type: 'slack', id: user_id, team: team_id };
    const trace = { correlation_id, aws_request_id: context.awsRequestId, user_id, team_id, who };
    const { responseUrlHosts } = slackConfig();
    let responseUrl: URL;
    try {
      responseUrl = checkResponseUrl(payload.response_url, responseUrlHosts);
    } catch (error) {
      // Nowhere to report to: the operation is not run (the payload may be forged).
      logLine('error', 'slack worker refused its response_url', { ...trace, error });
      return;
    }

    const operation: AnyOperation = operationsByName[payload.operation];
    const raw = pathAndBody(payload.input);
    let request: OperationRequest | undefined;
    let outcome: Outcome;
    let duplicate: Duplicate | undefined;
    try {
      request = {
        operation: payload.operation,
        input: pathAndBody(validate(operation.schema, raw)),
      } as OperationRequest;
      const signal = deadlineSignal({
        getRemainingTimeInMillis: () => timeLeft() - REPLY_RESERVE_MS,
      });
      // A retried command (the same input, typed again or delivered twice) is not run twice.
      ({ outcome, duplicate } = await runOperationOnce(operation, raw, {
        service,
        signal,
        // Remembering the outcome may run past `signal`, up to a second before Lambda's end.
        recordSignal: deadlineSignal(context),
        correlationId: correlation_id,
        inProgressUntil: Date.now() + timeLeft(),
        trace,
        store: idempotencyStore,
      }));
    } catch (error) {
      outcome = outcomeOfError(operation.name, error);
    }
    logLine(
      levelOfStatus(outcome.status),
      duplicate ? `slack command not run again (${duplicate.state})` : 'slack command finished',
      {
        ...trace,
        ...outcome,
        ...(duplicate && { duplicate }),
        target: request && auditTarget(request.input),
      },
    );

    const message = outcomeMessage(outcome, {
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
      logLine('error', 'slack reply failed', {
        ...trace,
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
