import { describe, expect, it } from 'vitest';
import type { AwsService } from '../../../lib/aws/aws-config.ts';
import type { AwsFailure } from '../../../lib/aws/aws-error.ts';
import { type RetryContext, retryDelay } from '../../../lib/aws/retry-policy.ts';

const NOW = Date.parse('2026-12-06T10:00:00Z');

/** The context of a first failed attempt of a repeatable SQS call; `random` gives its maximum. */
const context = (overrides: Partial<RetryContext> = {}): RetryContext => ({
  service: 'sqs',
  attempt: 1,
  repeatable: true,
  retryAfter: null,
  now: NOW,
  deadline: undefined,
  signal: new AbortController().signal,
  random: () => 1,
  ...overrides,
});

const answered = (name: string, status: number): AwsFailure => ({
  name,
  status,
  sent: status < 500 ? 'answered' : 'maybe',
});
const socket = (code: string, sent: AwsFailure['sent'] = 'maybe'): AwsFailure => ({
  name: code,
  sent,
});

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
    const wait = retryDelay(answered(name, status), context());

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
    const wait = retryDelay(answered(name, status), context());

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
    const wait = retryDelay(socket(code), context());

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
  ])('does not retry %s (%i)', (name, status) => {
    // Act
    const wait = retryDelay(answered(name, status), context());

    // Assess
    expect(wait).toBeUndefined();
  });

  it('does not retry a socket error fetch names no code for', () => {
    // Act
    const wait = retryDelay(socket('NetworkError'), context());

    // Assess
    expect(wait).toBeUndefined();
  });

  it('never retries once the signal has fired, not even a retryable failure', () => {
    // Prepare
    const controller = new AbortController();
    controller.abort();

    // Act
    const waits = [
      retryDelay(socket('TimeoutError'), context({ signal: controller.signal })),
      retryDelay(answered('ThrottlingException', 400), context({ signal: controller.signal })),
    ];

    // Assess
    expect(waits).toEqual([undefined, undefined]);
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
      (attempt) =>
        retryDelay(socket('ECONNREFUSED', 'not-sent'), context({ service, attempt })) !== undefined,
    );

    // Assess
    expect(retried.length + 1).toBe(attempts);
  });
});

describe('retryDelay: the backoff', () => {
  it('doubles the bound of the wait with every retry, from 25 ms for DynamoDB', () => {
    // Act
    const waits = [1, 2, 3].map((attempt) =>
      retryDelay(answered('HTTP 500', 500), context({ service: 'dynamodb', attempt })),
    );

    // Assess
    expect(waits).toEqual([25, 50, 100]);
  });

  it('doubles it from 50 ms for the other services', () => {
    // Act
    const waits = [1, 2].map((attempt) =>
      retryDelay(socket('ECONNRESET'), context({ service: 'events', attempt })),
    );

    // Assess
    expect(waits).toEqual([50, 100]);
  });

  it('doubles it from 1 s after throttling, for DynamoDB too', () => {
    // Act
    const waits = [1, 2, 3].map((attempt) =>
      retryDelay(
        answered('ProvisionedThroughputExceededException', 400),
        context({ service: 'dynamodb', attempt }),
      ),
    );

    // Assess
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('draws the wait at random below its bound (full jitter)', () => {
    // Act
    const waits = [0, 0.5, 0.999].map((drawn) =>
      retryDelay(answered('ThrottlingException', 400), context({ random: () => drawn })),
    );

    // Assess
    expect(waits).toEqual([0, 500, 999]);
  });
});

describe('retryDelay: Retry-After', () => {
  it('waits as long as Retry-After asks in seconds, when that is longer than the backoff', () => {
    // Act
    const wait = retryDelay(
      answered('ThrottlingException', 400),
      context({ retryAfter: '3', random: () => 0.5 }),
    );

    // Assess
    expect(wait).toBe(3000);
  });

  it('reads Retry-After as an HTTP date', () => {
    // Act
    const wait = retryDelay(
      answered('HTTP 503', 503),
      context({ retryAfter: new Date(NOW + 2000).toUTCString(), random: () => 0 }),
    );

    // Assess
    expect(wait).toBe(2000);
  });

  it('follows Retry-After at most 5 s past the backoff, as the SDK does', () => {
    // Act
    const wait = retryDelay(
      answered('HTTP 429', 429),
      context({ retryAfter: '3600', random: () => 0.5 }),
    );

    // Assess
    expect(wait).toBe(500 + 5000);
  });

  it('keeps the backoff when Retry-After is shorter, past or unreadable', () => {
    // Act
    const waits = ['0', '-5', 'soon', new Date(NOW - 1000).toUTCString()].map((retryAfter) =>
      retryDelay(answered('HTTP 503', 503), context({ retryAfter })),
    );

    // Assess
    expect(waits).toEqual([50, 50, 50, 50]);
  });

  it('does not make a failure that is not retried retryable', () => {
    // Act
    const wait = retryDelay(answered('ValidationException', 400), context({ retryAfter: '1' }));

    // Assess
    expect(wait).toBeUndefined();
  });
});

describe('retryDelay: the deadline', () => {
  it('gives up when the wait would end at or past the deadline', () => {
    // Act
    const wait = retryDelay(
      answered('ThrottlingException', 400),
      context({ deadline: NOW + 1000, random: () => 1 }),
    );

    // Assess
    expect(wait).toBeUndefined();
  });

  it('waits when the wait ends before the deadline', () => {
    // Act
    const wait = retryDelay(
      answered('ThrottlingException', 400),
      context({ deadline: NOW + 1001, random: () => 1 }),
    );

    // Assess
    expect(wait).toBe(1000);
  });

  it('gives up when Retry-After asks to wait past the deadline', () => {
    // Act
    const wait = retryDelay(
      answered('HTTP 503', 503),
      context({ deadline: NOW + 2000, retryAfter: '3', random: () => 0 }),
    );

    // Assess
    expect(wait).toBeUndefined();
  });
});

describe('retryDelay: a call not safe to repeat (Lambda async Invoke)', () => {
  const invoke = (overrides: Partial<RetryContext> = {}) =>
    context({ service: 'lambda', repeatable: false, ...overrides });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])(
    'retries it when the connection was never made (%s)',
    (code) => {
      // Act
      const wait = retryDelay(socket(code, 'not-sent'), invoke());

      // Assess
      expect(wait).toBe(50);
    },
  );

  it('retries it when Lambda throttled it (nothing was queued)', () => {
    // Act
    const wait = retryDelay(answered('TooManyRequestsException', 429), invoke());

    // Assess
    expect(wait).toBe(1000);
  });

  it.each([
    ['a 5xx', answered('ServiceException', 500)],
    ['a 503', answered('HTTP 503', 503)],
    ['a reset', socket('ECONNRESET')],
    ['a lost answer', socket('UND_ERR_SOCKET')],
    ['a timeout on the way', socket('ETIMEDOUT')],
  ])('does not retry it after %s (it may have been queued)', (_, failure) => {
    // Act
    const wait = retryDelay(failure, invoke());

    // Assess
    expect(wait).toBeUndefined();
  });
});
