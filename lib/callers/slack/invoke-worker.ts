import { ErrorCodes } from '../../errors/error-codes.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import type { WorkerPayload } from './worker-payload.ts';

/** Hands a payload to the worker and returns once Lambda has queued it. */
export type WorkerInvoker = (
  functionName: string,
  payload: WorkerPayload,
  signal: AbortSignal,
) => Promise<void>;

type LambdaSdk = typeof import('@aws-sdk/client-lambda');

let lambda:
  | Promise<{ client: InstanceType<LambdaSdk['LambdaClient']>; sdk: LambdaSdk }>
  | undefined;

/**
 * Invokes the worker asynchronously (`InvocationType: 'Event'`): Lambda queues the payload
 * and answers 202 at once. The AWS SDK (provided by the Lambda runtime) is loaded on first
 * use, one client per container. No retry: an invocation that may have been queued is not
 * queued twice (it could run an operation twice).
 *
 * Locally, `AWS_ENDPOINT_URL_LAMBDA` points the SDK at the local gateway's Invoke emulation.
 *
 * @example
 * ```ts
 * await invokeWorkerLambda('bcs-offboard-dev-slack-worker', payload, AbortSignal.timeout(2000));
 * ```
 */
export const invokeWorkerLambda: WorkerInvoker = async (functionName, payload, signal) => {
  let answer: { StatusCode?: number | undefined } | undefined;
  try {
    lambda ??= import('@aws-sdk/client-lambda').then((sdk) => ({
      sdk,
      client: new sdk.LambdaClient({ maxAttempts: 1 }),
    }));
    const { client, sdk } = await lambda.catch((error: unknown) => {
      lambda = undefined;
      throw error;
    });
    answer = await client.send(
      new sdk.InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: JSON.stringify(payload),
      }),
      { abortSignal: signal },
    );
  } catch (error) {
    throw invokeError(error, signal);
  }
  if (answer?.StatusCode !== 202) {
    throw new GatewayError(
      ErrorCodes.workerUnavailable,
      `AWS Lambda answered ${answer?.StatusCode} instead of 202 to the worker's invocation; ${MAYBE_QUEUED}`,
      { mayHaveBeenApplied: true },
    );
  }
};

const MAYBE_QUEUED =
  'the operation may have been queued: wait for its outcome here before running it again';

/** Errors that prove the invocation never left this machine. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * An SDK failure as one of our errors. When Lambda could not be reached or answered a 4xx,
 * nothing was queued; when it did not answer (or answered 5xx), the operation may have been
 * queued and may still run.
 */
const invokeError = (error: unknown, signal: AbortSignal): GatewayError => {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  const name =
    error instanceof Error && /^[A-Za-z]+$/.test(error.name) ? error.name : 'unknown error';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NOT_SENT.has(code)) {
    return new GatewayError(
      ErrorCodes.workerUnavailable,
      `AWS Lambda could not be reached to invoke the worker (${code}); nothing was started`,
      { cause: error, transient: true },
    );
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new GatewayError(
      ErrorCodes.workerUnavailable,
      `AWS Lambda refused to invoke the worker (${name}); nothing was started`,
      { cause: error, transient: status === 429 },
    );
  }
  const reason = signal.aborted ? 'no answer in time' : name;
  return new GatewayError(
    ErrorCodes.workerUnavailable,
    `AWS Lambda did not confirm the worker's invocation (${reason}); ${MAYBE_QUEUED}`,
    { cause: error, mayHaveBeenApplied: true },
  );
};
