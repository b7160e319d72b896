import type { AwsOperation } from './aws-client.ts';

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
 * A repeat could run an operation twice, so it is retried only while nothing can have been
 * queued (see retry-policy.ts), and any other answer than 202 is an `AwsError` whose `sent`
 * says whether the invocation may have been queued. A payload over
 * {@link MAX_ASYNC_PAYLOAD_BYTES} is Lambda's to refuse (413 `RequestTooLargeException`,
 * nothing queued): check the size first to spare the upload.
 *
 * @example
 * ```ts
 * await invokeAsync(aws, { FunctionName: 'bcs-offboard-dev-slack-worker', Payload: JSON.stringify(payload) }, signal);
 * ```
 */
export const invokeAsync: AwsOperation<InvokeAsyncInput, void> = async (
  client,
  { FunctionName, Payload },
  signal,
  options,
) => {
  await client.call(
    {
      service: 'lambda',
      operation: 'Invoke',
      path: `/2015-03-31/functions/${encodeURIComponent(FunctionName)}/invocations`,
      headers: { 'content-type': 'application/octet-stream', 'x-amz-invocation-type': 'Event' },
      body: Payload,
      check: (_, status) => status !== 202 && `HTTP ${status}`,
    },
    signal,
    options,
  );
};
