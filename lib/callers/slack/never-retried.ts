import type { Context } from 'aws-lambda';
import { logLine } from '../../logging/log.ts';

/**
 * A handler of asynchronous invocations that never fails: anything `handler` throws is logged
 * and the invocation ends normally, because Lambda retries an asynchronous invocation that
 * fails, and running a BCS operation again could apply it twice.
 *
 * @example
 * ```ts
 * export const handler = neverRetried('slack-worker', async (event, context) => { ... });
 * ```
 */
export const neverRetried =
  <E>(functionName: string, handler: (event: E, context: Context) => Promise<void>) =>
  async (event: E, context: Context): Promise<null> => {
    try {
      await handler(event, context);
    } catch (error) {
      logLine('error', 'invocation failed; not retried', {
        function: functionName,
        aws_request_id: context.awsRequestId,
        error,
      });
    }
    return null;
  };
