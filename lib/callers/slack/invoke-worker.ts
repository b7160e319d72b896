import type { AwsClient } from '../../aws/aws-client.ts';
import { AwsError } from '../../aws/aws-error.ts';
import { invokeAsync } from '../../aws/lambda.ts';
import { sharedAwsClient } from '../../aws/shared-aws-client.ts';
import * as ErrorCodes from '../../errors/error-codes.ts';
import { GatewayError, MAY_HAVE_APPLIED, NOT_SENT } from '../../errors/gateway-error.ts';
import type { StatusPayload } from './status-payload.ts';
import type { WorkerPayload } from './worker-payload.ts';

/**
 * Hands a payload to a function the command invokes (the worker, or `slack-status`) and
 * returns once Lambda has queued it.
 */
export type WorkerInvoker = (
  functionName: string,
  payload: WorkerPayload | StatusPayload,
  signal: AbortSignal,
) => Promise<void>;

/**
 * Invokes the worker asynchronously (`X-Amz-Invocation-Type: Event`): Lambda queues the payload
 * and answers 202 at once. Sent again only when nothing can have been queued (the connection
 * was never made, or Lambda throttled it): an invocation that may have been queued is not
 * queued twice (it could run an operation twice). `aws` sends it (default: the container's
 * client; locally, `AWS_ENDPOINT_URL_LAMBDA` points it at the local gateway's Invoke emulation).
 *
 * @example
 * ```ts
 * await invokeWorkerLambda('bcs-offboard-dev-slack-worker', payload, AbortSignal.timeout(2000));
 * ```
 */
export const invokeWorkerLambda = async (
  functionName: string,
  payload: WorkerPayload | StatusPayload,
  signal: AbortSignal,
  aws: AwsClient = sharedAwsClient(),
): Promise<void> => {
  try {
    await invokeAsync(
      aws,
      { FunctionName: functionName, Payload: JSON.stringify(payload) },
      signal,
    );
  } catch (error) {
    throw invokeError(error, signal);
  }
};

const MAYBE_QUEUED =
  'the operation may have been queued: wait for its outcome here before running it again';

/**
 * A failed invocation as one of our errors. When Lambda could not be reached or refused it
 * (a 4xx), nothing was queued; when it did not answer, answered 5xx or something other than
 * 202, the operation may have been queued and may still run.
 */
const invokeError = (error: unknown, signal: AbortSignal): GatewayError => {
  const failure = error instanceof AwsError ? error : undefined;
  const name = failure?.name ?? 'unknown error';
  if (failure?.sent === 'not-sent') {
    const reason = signal.aborted ? 'no time left to ask' : name;
    return new GatewayError(
      ErrorCodes.workerUnavailable,
      `AWS Lambda could not be reached to invoke the worker (${reason}); nothing was started`,
      { cause: error, delivery: NOT_SENT },
    );
  }
  // No status (no answer) is 0: in neither range below.
  const status = failure?.status ?? 0;
  if (failure?.sent === 'answered' && status >= 400 && status < 500) {
    return new GatewayError(
      ErrorCodes.workerUnavailable,
      `AWS Lambda refused to invoke the worker (${name}); nothing was started`,
      { cause: error, delivery: status === 429 ? NOT_SENT : 'final' },
    );
  }
  if (status >= 200 && status < 300) {
    return new GatewayError(
      ErrorCodes.workerUnavailable,
      `AWS Lambda answered ${status} instead of 202 to the worker's invocation; ${MAYBE_QUEUED}`,
      { cause: error, delivery: MAY_HAVE_APPLIED },
    );
  }
  const reason = signal.aborted ? 'no answer in time' : name;
  return new GatewayError(
    ErrorCodes.workerUnavailable,
    `AWS Lambda did not confirm the worker's invocation (${reason}); ${MAYBE_QUEUED}`,
    { cause: error, delivery: MAY_HAVE_APPLIED },
  );
};
