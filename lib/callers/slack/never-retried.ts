import type { Context } from 'aws-lambda';
import { logLine } from '../../log.ts';

/**
 * A handler of asynchronous invocations that never fails: anything `handler` throws is logged
 * and the invocation ends normally, because Lambda retries an asynchronous invocation that
 * fails, and running a BCS operation again could apply it twice. What `handler` returns is
 * the invocation's result (`null` for nothing), which Lambda's on-success destination gets.
 *
 * @example
 * ```ts
 * export const handler = neverRetried('slack-worker', async (event, context) => { ... });
 * ```
 */
export const neverRetried =
  <E, R>(functionName: string, handler: (event: E, context: Context) => Promise<R | undefined>) =>
  async (event: E, context: Context): Promise<R | null> => {
    try {
      return (await handler(event, context)) ?? null;
    } catch (error) {
      logLine('error', 'invocation failed; not retried', {
        function: functionName,
        aws_request_id: context.awsRequestId,
        error,
      });
    }
    return null;
  };
