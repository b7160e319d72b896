/**
 * How a failed invocation of the worker (or of `slack-status`) is told to the user: whether
 * anything can have been queued decides both the words and the error's `delivery`. The wire
 * (an Event invocation over loopback, a 403, a 5xx, a 200, a hang) is in slack-command.test.ts;
 * here the client hands over each kind of `AwsError` it can throw, at the boundaries.
 */
import { describe, expect, it } from 'vitest';
import type { AwsCall, AwsClient } from '../../../../lib/aws/aws-client.ts';
import { AwsError, type Sent } from '../../../../lib/aws/aws-error.ts';
import { invokeWorkerLambda } from '../../../../lib/callers/slack/invoke-worker.ts';
import type { StatusPayload } from '../../../../lib/callers/slack/status-payload.ts';
import { GatewayError } from '../../../../lib/errors/gateway-error.ts';

const payload: StatusPayload = {
  operation_id: 'BCSSVC01-06-1',
  project_id: 'p1',
  response_url: 'https://hooks.slack.com/commands/T1/1/x',
  user_id: 'U1',
  team_id: 'T1',
  correlation_id: 'c1',
};

/** An AWS client whose every call throws `thrown`, and which records what it was asked. */
const clientThrowing = (thrown: unknown) => {
  const calls: { request: AwsCall<unknown>; signal: AbortSignal }[] = [];
  const aws: AwsClient = {
    call: async <T>(request: AwsCall<T>, signal: AbortSignal): Promise<T> => {
      calls.push({ request: request as AwsCall<unknown>, signal });
      throw thrown;
    },
  };
  return { aws, calls };
};

const lambdaError = (name: string, sent: Sent, status?: number) =>
  new AwsError('lambda', 'Invoke', name, sent, status);

/** The error `invokeWorkerLambda` throws when the client throws `thrown`. */
const failureOf = async (thrown: unknown, signal = new AbortController().signal) => {
  const { aws } = clientThrowing(thrown);
  const error = await invokeWorkerLambda('w', payload, signal, aws).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
};

const aborted = () => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
};

const MAYBE =
  'the operation may have been queued: wait for its outcome here before running it again';

describe('invokeWorkerLambda', () => {
  it('asks the client for an Event invocation of the payload, under the signal given', async () => {
    // Prepare
    const { aws, calls } = clientThrowing(lambdaError('ServiceException', 'maybe', 500));
    const signal = new AbortController().signal;

    // Act
    await invokeWorkerLambda('fn-name', payload, signal, aws).catch(() => undefined);

    // Assess
    expect(calls).toHaveLength(1);
    expect(calls[0]?.request).toMatchObject({
      service: 'lambda',
      operation: 'Invoke',
      path: '/2015-03-31/functions/fn-name/invocations',
      headers: { 'x-amz-invocation-type': 'Event' },
      body: JSON.stringify(payload),
    });
    expect(calls[0]?.signal).toBe(signal);
  });

  it('returns once Lambda has queued it', async () => {
    // Prepare
    const aws: AwsClient = { call: async <T>() => ({}) as T };

    // Act
    const invoked = invokeWorkerLambda('w', payload, new AbortController().signal, aws);

    // Assess
    await expect(invoked).resolves.toBeUndefined();
  });

  it('says nothing was started, naming why, when Lambda could not be reached', async () => {
    // Prepare
    const thrown = lambdaError('ECONNREFUSED', 'not-sent');

    // Act
    const error = await failureOf(thrown);

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.5020005',
      delivery: 'not-sent',
      cause: thrown,
      message:
        'AWS Lambda could not be reached to invoke the worker (ECONNREFUSED); nothing was started',
    });
  });

  it('says there was no time left to ask when the signal fired before any attempt', async () => {
    // Act
    const error = await failureOf(lambdaError('TimeoutError', 'not-sent'), aborted());

    // Assess
    expect(error).toMatchObject({
      delivery: 'not-sent',
      message:
        'AWS Lambda could not be reached to invoke the worker (no time left to ask); nothing was started',
    });
  });

  it.each([
    [400, 'InvalidRequestContentException', 'final'],
    [403, 'AccessDeniedException', 'final'],
    [429, 'TooManyRequestsException', 'not-sent'],
    [499, 'HTTP 499', 'final'],
  ])('says a refusal (%i %s) started nothing, %s', async (status, name, delivery) => {
    // Prepare
    const thrown = lambdaError(name, 'answered', status);

    // Act
    const error = await failureOf(thrown);

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.5020005',
      delivery,
      cause: thrown,
      message: `AWS Lambda refused to invoke the worker (${name}); nothing was started`,
    });
  });

  it.each([
    [200, 'HTTP 200'],
    [299, 'HTTP 299'],
  ])('says a %i where 202 was due may have queued it', async (status, name) => {
    // Prepare
    const thrown = lambdaError(name, 'maybe', status);

    // Act
    const error = await failureOf(thrown);

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.5020005',
      delivery: 'may-have-applied',
      cause: thrown,
      message: `AWS Lambda answered ${status} instead of 202 to the worker's invocation; ${MAYBE}`,
    });
  });

  it.each([
    ['a 5xx', lambdaError('ServiceException', 'maybe', 500), 'ServiceException'],
    ['a 3xx', lambdaError('HTTP 302', 'answered', 302), 'HTTP 302'],
    ['a 300', lambdaError('HTTP 300', 'answered', 300), 'HTTP 300'],
    ['a 199', lambdaError('HTTP 199', 'maybe', 199), 'HTTP 199'],
    ['a 500 counted as a refusal', lambdaError('HTTP 500', 'answered', 500), 'HTTP 500'],
    ['a lost answer', lambdaError('ECONNRESET', 'maybe'), 'ECONNRESET'],
    [
      'a refusal after an attempt that may have been queued',
      lambdaError('TooManyRequestsException', 'maybe', 429),
      'TooManyRequestsException',
    ],
    ['an error that is no AwsError', new TypeError('fetch failed'), 'unknown error'],
  ])('says the operation may have been queued after %s', async (_, thrown, reason) => {
    // Act
    const error = await failureOf(thrown);

    // Assess
    expect(error).toMatchObject({
      errorCode: 'BCSGW.5020005',
      delivery: 'may-have-applied',
      cause: thrown,
      message: `AWS Lambda did not confirm the worker's invocation (${reason}); ${MAYBE}`,
    });
  });

  it('says there was no answer in time when the signal fired on the way', async () => {
    // Act
    const error = await failureOf(lambdaError('TimeoutError', 'maybe'), aborted());

    // Assess
    expect(error.message).toBe(
      `AWS Lambda did not confirm the worker's invocation (no answer in time); ${MAYBE}`,
    );
  });
});
