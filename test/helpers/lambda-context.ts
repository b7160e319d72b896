import type { Context } from 'aws-lambda';

let invocations = 0;

/**
 * A Lambda context whose deadline is `remainingMs` from now (Lambda's default of a few
 * seconds unless a test needs a short one to prove a timeout).
 */
export const lambdaContext = ({
  functionName = 'bcs-offboard-dev-test',
  remainingMs = 10_000,
}: {
  functionName?: string;
  remainingMs?: number;
} = {}): Context => {
  const deadline = Date.now() + remainingMs;
  invocations += 1;
  return Object.freeze({
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: `c6af9ac6-7b61-11e6-9a41-${String(invocations).padStart(12, '0')}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/23/[$LATEST]abcdef0123456789',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  });
};
