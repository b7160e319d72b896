import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import {
  callUpstream,
  networkErrorCode,
  pause,
  type UpstreamErrors,
} from '../../../lib/upstream/call-upstream.ts';

const URL = 'http://bcs.invalid/v2/p/members/quit';
const APPLIED = 'the request may have been applied: look up BCS operation records first';

/** A PUT that may be applied once sent (BCS's errors). */
const putErrors: UpstreamErrors = {
  service: 'BCS',
  unreachable: ErrorCodes.bcsUnreachable,
  timeout: ErrorCodes.bcsTimeout,
  cutOff: 'may-have-applied',
  appliedAdvice: APPLIED,
};

/** A request that changes nothing (IAM's sign-in). */
const repeatableErrors: UpstreamErrors = {
  service: 'IAM',
  unreachable: ErrorCodes.signInFailed,
  timeout: ErrorCodes.signInTimeout,
  cutOff: 'not-sent',
  repeatable: true,
  timeAllowed: 'the time allowed for a sign-in',
};

/** What undici's fetch throws when the socket fails: `TypeError('fetch failed')`, the cause coded. */
const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause });

/** An error with a socket's `code`, as Node's net and dns modules throw them. */
const socketError = (code: string): Error =>
  Object.assign(new Error(`${code} bcs.invalid`), { code, syscall: 'getaddrinfo' });

/** A fetch that throws each of `failures` in turn, then answers 200; it counts its calls. */
const failingFetch = (...failures: unknown[]) => {
  const calls: RequestInit[] = [];
  const fetchImpl: typeof fetch = async (_input, init) => {
    calls.push(init ?? {});
    const failure = failures[calls.length - 1];
    if (failure !== undefined) throw failure;
    return new Response('{"operation_id":"BCSSVC01-06-1"}', { status: 200 });
  };
  return { fetchImpl, calls };
};

/** What the call threw; fails the test when it did not throw a GatewayError. */
const rejection = async (promise: Promise<unknown>): Promise<GatewayError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('the call did not throw');
};

const deadline = () => AbortSignal.timeout(5000);

describe('callUpstream()', () => {
  describe('a host name that does not resolve: the request never left', () => {
    it.each(['ENOTFOUND', 'EAI_AGAIN'])(
      'sends a PUT once more after %s, then says it may be sent again',
      async (code) => {
        // Prepare
        const failure = fetchFailed(socketError(code));
        const { fetchImpl, calls } = failingFetch(failure, failure);

        // Act
        const error = await rejection(
          callUpstream(URL, { method: 'PUT' }, deadline(), putErrors, fetchImpl),
        );

        // Assess
        expect(calls).toHaveLength(2);
        expect(error.errorCode).toBe('BCSGW.5020002');
        expect(error.message).toBe(`BCS could not be reached (${code})`);
        expect(error).toMatchObject({ delivery: 'not-sent' });
        expect(error.cause).toBe(failure);
      },
    );

    it('answers what the second try got when the name resolves then', async () => {
      // Prepare
      const { fetchImpl, calls } = failingFetch(fetchFailed(socketError('EAI_AGAIN')));

      // Act
      const response = await callUpstream(URL, { method: 'PUT' }, deadline(), putErrors, fetchImpl);

      // Assess
      expect(calls).toHaveLength(2);
      expect(response.status).toBe(200);
      expect(response.body).toBe('{"operation_id":"BCSSVC01-06-1"}');
    });
  });

  describe('a connection that broke: the request may have been sent', () => {
    it('does not send a PUT again, and says it may have been applied', async () => {
      // Prepare
      const { fetchImpl, calls } = failingFetch(fetchFailed(socketError('ECONNRESET')));

      // Act
      const error = await rejection(
        callUpstream(URL, { method: 'PUT' }, deadline(), putErrors, fetchImpl),
      );

      // Assess
      expect(calls).toHaveLength(1);
      expect(error.message).toBe(`BCS could not be reached (ECONNRESET); ${APPLIED}`);
      expect(error).toMatchObject({ delivery: 'may-have-applied' });
    });

    it('does not send a PUT again after a failure without a code, and says so', async () => {
      // Prepare
      const { fetchImpl, calls } = failingFetch(new TypeError('fetch failed'));

      // Act
      const error = await rejection(
        callUpstream(URL, { method: 'PUT' }, deadline(), putErrors, fetchImpl),
      );

      // Assess
      expect(calls).toHaveLength(1);
      expect(error.message).toBe(`BCS could not be reached; ${APPLIED}`);
      expect(error.delivery).toBe('may-have-applied');
    });

    it('sends a repeatable request once more, then says it may be sent again', async () => {
      // Prepare
      const failure = fetchFailed(socketError('ECONNRESET'));
      const { fetchImpl, calls } = failingFetch(failure, failure);

      // Act
      const error = await rejection(
        callUpstream(URL, { method: 'POST' }, deadline(), repeatableErrors, fetchImpl),
      );

      // Assess
      expect(calls).toHaveLength(2);
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.message).toBe('IAM could not be reached (ECONNRESET)');
      expect(error).toMatchObject({ delivery: 'not-sent' });
    });
  });

  it('does not send even a repeatable request again after a failure that names no socket error', async () => {
    // Prepare: nothing says the connection broke rather than, say, the request being refused
    const { fetchImpl, calls } = failingFetch(new TypeError('fetch failed'));

    // Act
    const error = await rejection(
      callUpstream(URL, { method: 'POST' }, deadline(), repeatableErrors, fetchImpl),
    );

    // Assess
    expect(calls).toHaveLength(1);
    expect(error.message).toBe('IAM could not be reached');
  });

  describe('the pause before the second try', () => {
    it('leaves no listener on the deadline once over', async () => {
      // Prepare
      const signal = deadline();
      const { fetchImpl } = failingFetch(fetchFailed(socketError('ECONNREFUSED')));

      // Act
      await callUpstream(URL, { method: 'PUT' }, signal, putErrors, fetchImpl);

      // Assess
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    });
  });

  describe('the request it sends', () => {
    it('passes the deadline on and never follows a redirect', async () => {
      // Prepare
      const { fetchImpl, calls } = failingFetch();
      const signal = deadline();

      // Act
      await callUpstream(URL, { method: 'PUT', body: '{}' }, signal, putErrors, fetchImpl);

      // Assess
      expect(calls[0]).toEqual({ method: 'PUT', body: '{}', signal, redirect: 'manual' });
    });

    it('builds each attempt afresh from a function, so that a retry is signed anew', async () => {
      // Prepare
      const { fetchImpl, calls } = failingFetch(fetchFailed(socketError('ECONNREFUSED')));
      let signed = 0;
      const init = () => {
        signed += 1;
        return { method: 'PUT', headers: { 'x-sdk-date': `attempt-${signed}` } };
      };

      // Act
      await callUpstream(URL, init, deadline(), putErrors, fetchImpl);

      // Assess
      expect(calls.map(({ method, headers }) => ({ method, headers }))).toEqual([
        { method: 'PUT', headers: { 'x-sdk-date': 'attempt-1' } },
        { method: 'PUT', headers: { 'x-sdk-date': 'attempt-2' } },
      ]);
    });
  });

  describe('the deadline', () => {
    it('says a PUT cut off by the deadline may have been applied', async () => {
      // Prepare
      const controller = new AbortController();
      const fetchImpl: typeof fetch = async () => {
        controller.abort(new Error('deadline'));
        throw new DOMException('This operation was aborted', 'AbortError');
      };

      // Act
      const error = await rejection(
        callUpstream(URL, { method: 'PUT' }, controller.signal, putErrors, fetchImpl),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040001');
      expect(error.message).toBe(
        `BCS did not answer within the time left to this invocation; ${APPLIED}`,
      );
      expect(error.cause).toEqual({
        error: expect.any(DOMException),
        reason: new Error('deadline'),
      });
      expect(error).toMatchObject({ delivery: 'may-have-applied' });
    });

    it('says a repeatable request cut off by its own time limit may be sent again', async () => {
      // Prepare
      const controller = new AbortController();
      const fetchImpl: typeof fetch = async () => {
        controller.abort(new Error('deadline'));
        throw new DOMException('This operation was aborted', 'AbortError');
      };

      // Act
      const error = await rejection(
        callUpstream(URL, { method: 'POST' }, controller.signal, repeatableErrors, fetchImpl),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040002');
      expect(error.message).toBe('IAM did not answer within the time allowed for a sign-in');
      expect(error).toMatchObject({ delivery: 'not-sent' });
    });

    it('does not try again once the deadline has passed during the failed attempt', async () => {
      // Prepare: the name did not resolve, and the deadline fired meanwhile
      const controller = new AbortController();
      let calls = 0;
      const fetchImpl: typeof fetch = async () => {
        calls += 1;
        controller.abort(new Error('deadline'));
        throw fetchFailed(socketError('ENOTFOUND'));
      };

      // Act
      const error = await rejection(
        callUpstream(URL, { method: 'PUT' }, controller.signal, putErrors, fetchImpl),
      );

      // Assess
      expect(calls).toBe(1);
      expect(error.errorCode).toBe('BCSGW.5040001');
    });

    it('does not try again when the deadline passes during the pause before the retry', async () => {
      // Prepare: the connection was refused; the deadline fires once the pause has begun
      const controller = new AbortController();
      let calls = 0;
      const fetchImpl: typeof fetch = async () => {
        calls += 1;
        setTimeout(() => controller.abort(new Error('deadline')), 0);
        throw fetchFailed(socketError('ECONNREFUSED'));
      };

      // Act
      const error = await rejection(
        callUpstream(URL, { method: 'PUT' }, controller.signal, putErrors, fetchImpl),
      );

      // Assess
      expect(calls).toBe(1);
      expect(error.errorCode).toBe('BCSGW.5040001');
    });
  });
});

describe('pause()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Whether `promise` has settled, once the timers have run `ms` further (fake timers). */
  const settledAfter = async (promise: Promise<void>, ms: number) => {
    let settled = false;
    void promise.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(ms);
    return settled;
  };

  it('waits the time it is given, and no longer holds a timer', async () => {
    // Prepare
    vi.useFakeTimers();
    const waiting = pause(100, new AbortController().signal);

    // Act + Assess
    expect(await settledAfter(waiting, 99)).toBe(false);
    expect(await settledAfter(waiting, 1)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends when the signal aborts, clearing its timer and its listener', async () => {
    // Prepare
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = pause(100, controller.signal);
    await vi.advanceTimersByTimeAsync(50);

    // Act
    controller.abort();

    // Assess
    expect(await settledAfter(waiting, 0)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('does not wait at all on a signal that has already aborted', async () => {
    // Prepare
    vi.useFakeTimers();

    // Act
    const waiting = pause(100, AbortSignal.abort());

    // Assess
    expect(await settledAfter(waiting, 0)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('networkErrorCode()', () => {
  it.each([
    ['the cause of a fetch failure', fetchFailed(socketError('ENOTFOUND')), 'ENOTFOUND'],
    [
      'the first of an AggregateError (every address of the host refused)',
      fetchFailed(new AggregateError([socketError('ECONNREFUSED'), socketError('ETIMEDOUT')])),
      'ECONNREFUSED',
    ],
    ['nothing for an error without a cause', new TypeError('fetch failed'), undefined],
    ['nothing for a cause without a code', fetchFailed(new Error('other')), undefined],
    ['nothing for an AggregateError of no errors', fetchFailed(new AggregateError([])), undefined],
    ['nothing for a code that is not a string', fetchFailed({ code: 61 }), undefined],
    ['nothing for something thrown that is not an error', undefined, undefined],
  ])('reads %s', (_kind, error, code) => {
    // Act
    const read = networkErrorCode(error);

    // Assess
    expect(read).toBe(code);
  });
});
