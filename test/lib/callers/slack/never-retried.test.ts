/**
 * The wrapper of both asynchronous Slack functions: Lambda retries an asynchronous invocation
 * that fails, and a retry could run a BCS operation twice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { neverRetried } from '../../../../lib/callers/slack/never-retried.ts';
import { lambdaContext } from '../../../helpers/lambda-context.ts';
import { takeLogs } from '../../../helpers/log-capture.ts';

beforeEach(() => {
  takeLogs();
});

describe('neverRetried', () => {
  it("hands the handler the event and context, and returns its result (the on-success destination's)", async () => {
    // Prepare
    const seen: unknown[] = [];
    const handler = neverRetried('f', async (event: { n: number }, context) => {
      seen.push(event, context.awsRequestId);
      return { track: event.n };
    });
    const context = lambdaContext();

    // Act
    const result = await handler({ n: 7 }, context);

    // Assess
    expect(result).toEqual({ track: 7 });
    expect(seen).toEqual([{ n: 7 }, context.awsRequestId]);
    expect(takeLogs().lines).toEqual([]);
  });

  it('returns null when the handler returns nothing', async () => {
    // Prepare
    const handler = neverRetried('f', async () => undefined);

    // Act
    const result = await handler({}, lambdaContext());

    // Assess
    expect(result).toBeNull();
  });

  it('logs what the handler throws, naming the function and the invocation, and returns null', async () => {
    // Prepare
    const handler = neverRetried('slack-status', async () => {
      throw new Error('boom');
    });
    const context = lambdaContext();

    // Act
    const result = await handler({}, context);

    // Assess
    expect(result).toBeNull();
    expect(takeLogs().lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'invocation failed; not retried',
        function: 'slack-status',
        aws_request_id: context.awsRequestId,
        error: expect.objectContaining({ message: 'boom' }),
      }),
    ]);
  });
});
