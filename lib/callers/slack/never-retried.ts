import type { Context } from 'aws-lambda';
import { logLine } from '../../logging/log.ts';

/**
 * A handler of asynchronous invocations that never fails: anything `handler` (an async
 * function) throws is logged and the invocation ends normally, because Lambda retries an
 * asynchronous invocation that fails, and running a BCS operation again could apply it twice. What `handler` returns is
 * the invocation's result (`null` for nothing), which Lambda's on-success destination gets.
 *
 * @example
 * ```ts
 * export const handler = neverRetried('slack-worker', async (event, context) => { ... });
 * ```
 */
export const neverRetried =
  <E, R>(functionName: string, handler: (event: E, context: Context) => Promise<R | undefined>) =>
  // `.then` rather than try/await: the worker's bundle has no bytes to spare. (`handler` is
  // async: what it throws is its promise's rejection.)
  (event: E, context: Context): Promise<R | null> =>
    handler(event, context).then(
      (result) => result || null,
      (error: unknown) => {
        logLine('error', 'invocation failed; not retried', {
          function: functionName,
          aws_request_id: context.awsRequestId,
          error,
        });
        return null;
      },
    );
