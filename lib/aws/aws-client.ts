import { signAwsRequest } from '../signing/aws-sigv4.ts';
import { NOT_SENT_CODES, networkErrorCode, pause } from '../upstream/call-upstream.ts';
import { type AwsConfig, type AwsService, readAwsConfig } from './aws-config.ts';
import { AwsError, errorName } from './aws-error.ts';
import { retryDelay } from './retry-policy.ts';

/** One AWS call, as a service module describes it. */
export interface AwsCall<T = Record<string, unknown>> {
  service: AwsService;
  /**
   * A JSON-protocol call's `x-amz-target`, `<prefix>.<operation>` (`DynamoDB_20120810.PutItem`),
   * sent with `content-type: application/x-amz-json-1.0` (DynamoDB, SQS) or `1.1` (the
   * others); or, with `headers`, the operation's name alone (`Invoke`).
   */
  operation: string;
  /** Read again for every attempt: a call may resend less than it first sent. */
  readonly body: string;
  /** Every header to sign and send instead of the JSON protocol's (Lambda's). */
  headers?: Record<string, string>;
  /** Where to send it instead of the service's endpoint: only its origin counts (SQS: the QueueUrl). */
  endpoint?: string;
  /** Default `/`. As sent on the wire: percent-encoded. */
  path?: string;
  /**
   * Judges a 2xx answer, its JSON (`{}` for an empty body): returns the name of the failure it
   * is, retried or thrown as a refusal is (EventBridge's failed entries, SQS's checksum), or
   * nothing. Without a check, a 2xx that is no JSON fails as `HTTP <status>`; Lambda's answer,
   * a function's, is always the check's to judge (undefined when no JSON: Lambda's 202).
   */
  check?: (answer: T, status: number) => string | false | undefined;
}

export interface CallOptions {
  /** The invocation's deadline (epoch ms): no wait and no attempt goes past it. */
  deadline?: number | undefined;
}

/** Makes signed JSON calls to AWS, retried per the one policy of `retry-policy.ts`. */
export interface AwsClient {
  /**
   * One call: signs it (afresh for every attempt), sends it with fetch (never following a
   * redirect: the signature is for this host), retries it per the policy, and returns the
   * answer's JSON (`{}` for an empty body); throws {@link AwsError}, or an `AwsConfigError`
   * when the environment lacks the region or credentials.
   */
  call<T = Record<string, unknown>>(
    request: AwsCall<T>,
    signal: AbortSignal,
    options?: CallOptions,
  ): Promise<T>;
}

export interface AwsClientDeps {
  /** Default: read from `process.env` at the first call (a failed read is tried again at the next). */
  config?: AwsConfig | (() => AwsConfig);
  fetch?: typeof fetch;
  /** Epoch milliseconds. */
  now?: () => number;
  random?: () => number;
  /** Waits `ms`, or less if `signal` fires; never rejects. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * The values of `sent`, from the least doubtful to the most; the client keeps their indexes,
 * a {@link Doubt}, and the most doubtful of the attempts is the call's.
 */
const SENT = ['not-sent', 'answered', 'maybe'] as const;
/** 0 not sent, 1 answered (refused), 2 maybe applied. */
type Doubt = 0 | 1 | 2;

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
  config = () => readAwsConfig(process.env),
  fetch: send = fetch,
  now = Date.now,
  random = Math.random,
  sleep = pause,
}: AwsClientDeps = {}): AwsClient => {
  let read: AwsConfig | undefined;
  return {
    async call<T>(request: AwsCall<T>, signal: AbortSignal, { deadline = Infinity } = {}) {
      read ??= typeof config === 'function' ? config() : config;
      const { service, operation, check } = request;
      const call = operation.slice(operation.indexOf('.') + 1);
      const lambda = service === 'lambda';
      const url = new URL(request.path ?? '/', request.endpoint ?? read.endpointOf(service));
      const headers = request.headers ?? {
        'content-type': `application/x-amz-json-1.${service === 'dynamodb' || service === 'sqs' ? 0 : 1}`,
        'x-amz-target': operation,
        // As the SDK sends it: SQS then names errors in its query protocol's words too.
        ...(service === 'sqs' && { 'x-amzn-query-mode': 'true' }),
      };
      /** The most doubtful `sent` of the attempts so far. */
      let doubt: Doubt = 0;
      let error: AwsError | undefined;
      for (let attempt = 1; ; attempt++) {
        // Once the signal has fired, nothing more is tried.
        if (signal.aborted) {
          throw error ?? new AwsError(service, call, abortName(signal), 'not-sent');
        }
        const init = { method: 'POST', url, headers, body: request.body };
        const signed = signAwsRequest(init, { ...read, service, now: new Date(now()) });
        let response: Response | undefined;
        let answer: Record<string, unknown> | undefined;
        let name: string | false | undefined;
        let tried: Doubt = 2;
        let cause: unknown;
        try {
          response = await send(url, {
            ...init,
            headers: { ...headers, ...signed },
            signal,
            redirect: 'manual',
          });
          const { status } = response;
          const text = await response.text();
          try {
            answer = JSON.parse(text || '{}');
          } catch {}
          if (status < 300) {
            // Lambda's answer is the function's, not AWS's JSON: only its check reads it.
            name = answer || lambda ? check?.(answer as T, status) : `HTTP ${status}`;
            if (!name) return answer as T;
          } else {
            // Refused: nothing was done.
            if (status < 500) tried = 1;
            name =
              errorName(answer, response.headers.get('x-amzn-errortype'), lambda) ??
              `HTTP ${status}`;
          }
        } catch (thrown) {
          cause = thrown;
          const code = networkErrorCode(thrown);
          name = signal.aborted ? abortName(signal) : (code ?? 'NetworkError');
          // These prove the connection was never made.
          if (NOT_SENT_CODES.has(code)) tried = 0;
        }
        // Stryker disable next-line EqualityOperator: when equal, the assignment changes nothing.
        if (tried > doubt) doubt = tried;
        const answerHeaders = response?.headers;
        error = new AwsError(
          service,
          call,
          name,
          SENT[doubt],
          response?.status,
          answerHeaders?.get('x-amzn-requestid') ?? undefined,
          answer,
          cause,
        );
        const retryAfter = answerHeaders?.get('retry-after');
        const wait = retryDelay(error, attempt, retryAfter, now(), deadline, random());
        if (wait === undefined) throw error;
        await sleep(wait, signal);
        if (now() >= deadline) throw error;
      }
    },
  };
};

/**
 * The name of the failure of a call whose signal fired: its reason's (`TimeoutError` for
 * `AbortSignal.timeout`, `AbortError` for a bare `abort()`).
 */
const abortName = (signal: AbortSignal): string =>
  (signal.reason as Error | undefined)?.name ?? 'AbortError';

/** A typed AWS call: `(client, input, signal, options?) => answer`. */
export type AwsOperation<I, O> = (
  client: AwsClient,
  input: I,
  signal: AbortSignal,
  options?: CallOptions,
) => Promise<O>;

/**
 * The {@link AwsOperation} of a JSON-protocol call whose input is sent as it is, as JSON (all
 * but the three that need more: PutEvents, SendMessage, Invoke). The service modules make
 * theirs at load, one small closure each, marked `@__PURE__` so that a bundle keeps only those
 * it uses.
 *
 * @example
 * ```ts
 * export const getItem: AwsOperation<GetItemInput, GetItemOutput> =
 *   jsonOperation('dynamodb', 'DynamoDB_20120810.GetItem');
 * ```
 */
export const jsonOperation =
  <I, O>(service: AwsService, operation: string): AwsOperation<I, O> =>
  (client, input, signal, options) =>
    client.call<O>({ service, operation, body: JSON.stringify(input) }, signal, options);
