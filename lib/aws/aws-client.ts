import { signAwsRequest } from '../signing/aws-sigv4.ts';
import { pause } from '../upstream/call-upstream.ts';
import { type AwsConfig, type AwsService, readAwsConfig } from './aws-config.ts';
import {
  AwsError,
  type AwsFailure,
  jsonObject,
  readErrorAnswer,
  type Sent,
  unansweredFailure,
} from './aws-error.ts';
import { retryDelay } from './retry-policy.ts';

/** One AWS call, as a service module describes it. */
export interface AwsCall {
  service: AwsService;
  /** The operation, for errors: `PutItem`, `Invoke`, ... */
  operation: string;
  /** Where to send it (SQS: the QueueUrl's); default: the service's endpoint. */
  origin?: string | undefined;
  /** Default `/`. Percent-encoded as it goes on the wire. */
  path?: string;
  /** Signed, every one: `content-type`, `x-amz-target`, ... */
  headers: Readonly<Record<string, string>>;
  /** Read again for every attempt: a call may resend less than it first sent. */
  readonly body: string;
  /** False for a call a repeat could apply twice (Lambda async Invoke); default true. */
  repeatable?: boolean;
  /** The body of a 2xx answer is not AWS's JSON but a function's (Lambda Invoke): not read. */
  ignoreAnswerBody?: boolean;
  /**
   * Judges a 2xx answer (its JSON object, `{}` when empty): a failure to retry or throw, as a
   * refused one is (EventBridge's failed entries, SQS's checksum, Lambda's 202).
   */
  verify?: (answer: Record<string, unknown>, status: number) => AwsFailure | undefined;
}

export interface CallOptions {
  /** The invocation's deadline (epoch ms): no wait and no attempt goes past it. */
  deadline?: number | undefined;
}

/** Makes signed JSON calls to AWS, retried per the one policy of `retry-policy.ts`. */
export interface AwsClient {
  /**
   * One call: signs it (afresh for every attempt), sends it with fetch, retries it per the
   * policy, and returns the answer's JSON object (`{}` for an empty body); throws
   * {@link AwsError}, or an `AwsConfigError` when the environment lacks the region or credentials.
   */
  call<T = Record<string, unknown>>(
    request: AwsCall,
    signal: AbortSignal,
    options?: CallOptions,
  ): Promise<T>;
}

export interface AwsClientDeps {
  /** Default: read from `process.env` at the first call (a failed read is tried again at the next). */
  config?: AwsConfig | (() => AwsConfig);
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number;
  /** Waits `ms`, or less if `signal` fires; never rejects. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * An {@link AwsClient}, with the deployed defaults: the configuration of the Lambda environment,
 * global fetch, the real clock, `Math.random` and a timer. Make one per container.
 *
 * @example
 * ```ts
 * const aws = createAwsClient();
 * await getSecretValue(aws, { SecretId: arn }, signal);
 * ```
 */
export const createAwsClient = ({
  config: configured = () => readAwsConfig(process.env),
  fetch: send = fetch,
  now = () => new Date(),
  random = Math.random,
  sleep = pause,
}: AwsClientDeps = {}): AwsClient => {
  let config = typeof configured === 'function' ? undefined : configured;
  return {
    async call<T>(request: AwsCall, signal: AbortSignal, { deadline }: CallOptions = {}) {
      config ??= (configured as () => AwsConfig)();
      const { service, operation: call, repeatable = true } = request;
      const url = new URL(request.path ?? '/', request.origin ?? config.endpointOf(service));
      /** The most doubtful `sent` of the attempts so far. */
      let sent: Sent = 'not-sent';
      let failed: AwsError | undefined;
      for (let attempt = 1; ; attempt++) {
        if (signal.aborted) {
          const failure = unansweredFailure(undefined, signal, 'not-sent');
          const fields = { ...failure, service, call, sent, attempts: attempt - 1 };
          throw new AwsError(fields, { cause: failed });
        }
        const { body, headers } = request;
        const signed = signAwsRequest(
          { method: 'POST', url, headers, body },
          { credentials: config.credentials, region: config.region, service, now: now() },
        );
        const init = { method: 'POST', headers: { ...headers, ...signed }, body, signal };
        const outcome = await sendOnce(send, url, init, request);
        if ('answer' in outcome) return outcome.answer as T;
        const { failure, retryAfter, cause } = outcome;
        if (sent !== 'maybe' && failure.sent !== 'not-sent') sent = failure.sent;
        failed = new AwsError({ ...failure, service, call, sent, attempts: attempt }, { cause });
        const wait = retryDelay(failure, {
          service,
          attempt,
          repeatable,
          retryAfter,
          now: now().getTime(),
          deadline,
          signal,
          random,
        });
        if (wait === undefined) throw failed;
        await sleep(wait, signal);
        if (deadline !== undefined && now().getTime() >= deadline) throw failed;
      }
    },
  };
};

/** What one attempt came to: the answer's JSON object, or a failure. */
type Outcome =
  | { answer: Record<string, unknown> }
  | { failure: AwsFailure; retryAfter: string | null; cause?: unknown };

/** Sends one attempt and reads its answer as the SDK does. */
const sendOnce = async (
  send: typeof fetch,
  url: URL,
  init: RequestInit & { signal: AbortSignal },
  request: AwsCall,
): Promise<Outcome> => {
  let response: Response;
  let text: string;
  try {
    // Never follow a redirect: the signed request would go to another host.
    response = await send(url, { ...init, redirect: 'manual' });
    text = await response.text();
  } catch (error) {
    return { failure: unansweredFailure(error, init.signal), retryAfter: null, cause: error };
  }
  const { status, headers } = response;
  if (status < 200 || status > 299) {
    const failure = readErrorAnswer({ status, headers, text }, request.service === 'lambda');
    return { failure, retryAfter: headers.get('retry-after') };
  }
  const requestId = headers.get('x-amzn-requestid') ?? undefined;
  const answer = text && !request.ignoreAnswerBody ? jsonObject(text) : {};
  if (!answer) {
    const detail = 'the answer is not a JSON object';
    return {
      failure: { name: `HTTP ${status}`, detail, status, requestId, sent: 'maybe' },
      retryAfter: null,
    };
  }
  const wrong = request.verify?.(answer, status);
  if (!wrong) return { answer };
  return { failure: { status, requestId, body: answer, ...wrong }, retryAfter: null };
};
