import { describe, expect, it } from 'vitest';
import type { AwsService } from '../../../lib/aws/aws-config.ts';
import { AwsError, type Sent } from '../../../lib/aws/aws-error.ts';
import { retryDelay } from '../../../lib/aws/retry-policy.ts';

const NOW = Date.parse('2026-12-06T10:00:00Z');

/** What the policy is told of a failed attempt beyond its error: by default the first, `jitter` at its maximum. */
interface Attempt {
  attempt: number;
  retryAfter: string | null;
  deadline: number;
  jitter: number;
}

/** The wait the policy gives `error` in the context `overrides` changes. */
const delay = (error: AwsError, overrides: Partial<Attempt> = {}) => {
  const { attempt, retryAfter, deadline, jitter } = {
    attempt: 1,
    retryAfter: null,
    deadline: Infinity,
    jitter: 1,
    ...overrides,
  };
  return retryDelay(error, attempt, retryAfter, NOW, deadline, jitter);
};

const answered = (name: string, status: number, service: AwsService = 'sqs'): AwsError =>
  new AwsError(service, 'Call', name, status < 300 || status > 499 ? 'maybe' : 'answered', status);
const socket = (code: string, sent: Sent = 'maybe', service: AwsService = 'sqs'): AwsError =>
  new AwsError(service, 'Call', code, sent);

describe('retryDelay: what is retried', () => {
  it.each([
    ['ThrottlingException', 400],
    ['Throttling', 400],
    ['ThrottledException', 400],
    ['ProvisionedThroughputExceededException', 400],
    ['RequestLimitExceeded', 400],
    ['RequestThrottled', 403],
    ['RequestThrottledException', 400],
    ['TooManyRequestsException', 429],
    ['LimitExceededException', 400],
    ['PriorRequestNotComplete', 400],
    ['BandwidthLimitExceeded', 400],
    ['SlowDown', 503],
    ['TransactionInProgressException', 400],
    ['EC2ThrottledException', 400],
    ['HTTP 429', 429],
  ])('retries the throttling answer %s (%i)', (name, status) => {
    // Act
    const wait = delay(answered(name, status));

    // Assess
    expect(wait).toBe(1000);
  });

  it.each([
    ['InternalServerError', 500],
    ['HTTP 502', 502],
    ['ServiceUnavailable', 503],
    ['HTTP 504', 504],
    ['RequestTimeout', 400],
    ['RequestTimeoutException', 408],
    ['TimeoutError', 400],
    ['InternalFailure', 200],
  ])('retries the transient answer %s (%i)', (name, status) => {
    // Act
    const wait = delay(answered(name, status));

    // Assess
    expect(wait).toBe(50);
  });

  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
  ])('retries the socket error %s', (code) => {
    // Act
    const wait = delay(socket(code));

    // Assess
    expect(wait).toBe(50);
  });

  it.each([
    ['ConditionalCheckFailedException', 400],
    ['TransactionConflictException', 400],
    ['ResourceNotFoundException', 404],
    ['AccessDeniedException', 400],
    ['HTTP 501', 501],
    ['HTTP 505', 505],
    ['HTTP 302', 302],
    ['InvalidChecksumError', 200],
    ['HTTP 200', 200],
    // A retried name inside another one is not that name.
    ['NotThrottlingException', 400],
    ['ThrottlingExceptionLater', 400],
  ])('does not retry %s (%i)', (name, status) => {
    // Act
    const wait = delay(answered(name, status));

    // Assess
    expect(wait).toBeUndefined();
  });

  it('does not retry a socket error fetch names no code for', () => {
    // Act
    const wait = delay(socket('NetworkError'));

    // Assess
    expect(wait).toBeUndefined();
  });

  it('retries a status it lists whatever the name, and a name it lists whatever the status', () => {
    // Act
    const waits = [
      delay(answered('ServiceUnavailableException', 503)),
      delay(answered('SomeoneElsesThrottle', 429)),
      delay(answered('RequestThrottled', 403)),
    ];

    // Assess
    expect(waits).toEqual([50, 1000, 1000]);
  });
});

describe('retryDelay: how many attempts', () => {
  it.each([
    ['dynamodb', 4],
    ['secretsmanager', 3],
    ['events', 3],
    ['sqs', 3],
    ['lambda', 3],
  ] as [AwsService, number][])('makes %s calls %i attempts in all', (service, attempts) => {
    // Act
    const retried = [1, 2, 3, 4, 5].filter(
      (attempt) => delay(socket('ECONNREFUSED', 'not-sent', service), { attempt }) !== undefined,
    );

    // Assess
    expect(retried.length + 1).toBe(attempts);
  });
});

describe('retryDelay: the backoff', () => {
  it('doubles the bound of the wait with every retry, from 25 ms for DynamoDB', () => {
    // Act
    const waits = [1, 2, 3].map((attempt) =>
      delay(answered('HTTP 500', 500, 'dynamodb'), { attempt }),
    );

    // Assess
    expect(waits).toEqual([25, 50, 100]);
  });

  it('doubles it from 50 ms for the other services', () => {
    // Act
    const waits = [1, 2].map((attempt) =>
      delay(socket('ECONNRESET', 'maybe', 'events'), { attempt }),
    );

    // Assess
    expect(waits).toEqual([50, 100]);
  });

  it('doubles it from 1 s after throttling, for DynamoDB too', () => {
    // Act
    const waits = [1, 2, 3].map((attempt) =>
      delay(answered('ProvisionedThroughputExceededException', 400, 'dynamodb'), { attempt }),
    );

    // Assess
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('draws the wait at random below its bound (full jitter)', () => {
    // Act
    const waits = [0, 0.5, 0.25].map((jitter) =>
      delay(answered('ThrottlingException', 400), { jitter }),
    );

    // Assess
    expect(waits).toEqual([0, 500, 250]);
  });
});

describe('retryDelay: Retry-After', () => {
  it('waits as long as Retry-After asks in seconds, when that is longer than the backoff', () => {
    // Act
    const wait = delay(answered('ThrottlingException', 400), { retryAfter: '3', jitter: 0.5 });

    // Assess
    expect(wait).toBe(3000);
  });

  it('follows Retry-After at most 5 s past the backoff, as the SDK does', () => {
    // Act
    const wait = delay(answered('HTTP 429', 429), { retryAfter: '3600', jitter: 0.5 });

    // Assess
    expect(wait).toBe(500 + 5000);
  });

  it('keeps the backoff when Retry-After is shorter, negative, unreadable or a date', () => {
    // Act
    const waits = ['0', '-5', 'soon', new Date(NOW + 10_000).toUTCString()].map((retryAfter) =>
      delay(answered('HTTP 503', 503), { retryAfter }),
    );

    // Assess
    expect(waits).toEqual([50, 50, 50, 50]);
  });

  it('does not make a failure that is not retried retryable', () => {
    // Act
    const wait = delay(answered('ValidationException', 400), { retryAfter: '1' });

    // Assess
    expect(wait).toBeUndefined();
  });
});

describe('retryDelay: the deadline', () => {
  it('gives up when the wait would end at or past the deadline', () => {
    // Act
    const wait = delay(answered('ThrottlingException', 400), { deadline: NOW + 1000 });

    // Assess
    expect(wait).toBeUndefined();
  });

  it('waits when the wait ends before the deadline', () => {
    // Act
    const wait = delay(answered('ThrottlingException', 400), { deadline: NOW + 1001 });

    // Assess
    expect(wait).toBe(1000);
  });

  it('gives up when Retry-After asks to wait past the deadline', () => {
    // Act
    const wait = delay(answered('HTTP 503', 503), {
      deadline: NOW + 2000,
      retryAfter: '3',
      jitter: 0,
    });

    // Assess
    expect(wait).toBeUndefined();
  });
});

describe('retryDelay: a call not safe to repeat (Lambda async Invoke)', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])(
    'retries it when the connection was never made (%s)',
    (code) => {
      // Act
      const wait = delay(socket(code, 'not-sent', 'lambda'));

      // Assess
      expect(wait).toBe(50);
    },
  );

  it('retries it when Lambda refused it (throttled: nothing was queued)', () => {
    // Act
    const wait = delay(answered('TooManyRequestsException', 429, 'lambda'));

    // Assess
    expect(wait).toBe(1000);
  });

  it.each([
    ['a 5xx', answered('ServiceException', 500, 'lambda')],
    ['a throttle answered with a 5xx', answered('EC2ThrottledException', 502, 'lambda')],
    ['a reset', socket('ECONNRESET', 'maybe', 'lambda')],
    ['a lost answer', socket('UND_ERR_SOCKET', 'maybe', 'lambda')],
    ['a timeout on the way', socket('ETIMEDOUT', 'maybe', 'lambda')],
  ])('does not retry it after %s (it may have been queued)', (_, failure) => {
    // Act
    const wait = delay(failure);

    // Assess
    expect(wait).toBeUndefined();
  });

  it('does not retry it after any attempt may have been queued', () => {
    // Prepare
    const refusedAfterALostAnswer = new AwsError('lambda', 'Invoke', 'ECONNREFUSED', 'maybe');

    // Act
    const wait = delay(refusedAfterALostAnswer, { attempt: 2 });

    // Assess
    expect(wait).toBeUndefined();
  });
});
