import type { AwsClient, CallOptions } from './aws-client.ts';
import { AwsError } from './aws-error.ts';

/** The largest payload Lambda queues for an asynchronous invocation: 1 MB. */
export const MAX_ASYNC_PAYLOAD_BYTES = 1_048_576;

export interface InvokeAsyncInput {
  /** A name, an ARN or a partial ARN, as given (percent-encoded once on the wire). */
  FunctionName: string;
  /** The event, as JSON text. */
  Payload: string;
}

/**
 * Lambda `Invoke` with `InvocationType: 'Event'`: Lambda queues the payload and answers 202.
 * A repeat could run an operation twice, so it is retried only when nothing can have been
 * queued (see retry-policy.ts), and any other answer than 202 is an `AwsError` whose `sent`
 * says whether the invocation may have been queued. A payload over 1 MB is refused before
 * anything is sent (`RequestTooLargeException`, as Lambda names it).
 *
 * @example
 * ```ts
 * await invokeAsync(aws, { FunctionName: 'bcs-offboard-dev-slack-worker', Payload: JSON.stringify(payload) }, signal);
 * ```
 */
export const invokeAsync = async (
  client: AwsClient,
  { FunctionName, Payload }: InvokeAsyncInput,
  signal: AbortSignal,
  options?: CallOptions,
): Promise<void> => {
  const bytes = Buffer.byteLength(Payload);
  if (bytes > MAX_ASYNC_PAYLOAD_BYTES) {
    throw new AwsError({
      service: 'lambda',
      call: 'Invoke',
      name: 'RequestTooLargeException',
      detail: `the payload is ${bytes} bytes, over the ${MAX_ASYNC_PAYLOAD_BYTES} an asynchronous invocation takes`,
      sent: 'not-sent',
      attempts: 0,
    });
  }
  await client.call(
    {
      service: 'lambda',
      operation: 'Invoke',
      path: `/2015-03-31/functions/${encodeURIComponent(FunctionName)}/invocations`,
      headers: { 'content-type': 'application/octet-stream', 'x-amz-invocation-type': 'Event' },
      body: Payload,
      repeatable: false,
      ignoreAnswerBody: true,
      verify: (_answer, status) =>
        status === 202
          ? undefined
          : {
              name: `HTTP ${status}`,
              detail: 'an asynchronous invocation is answered 202',
              sent: 'maybe',
            },
    },
    signal,
    options,
  );
};
