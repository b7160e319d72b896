import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { IamToken } from '../../../lib/iam/sign-in.ts';
import { createTokenCache, REFRESH_MARGIN_MS, tokenKey } from '../../../lib/iam/token-cache.ts';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const KEY = tokenKey('https://iam.cn-north-4.myhuaweicloud.com', 'bcs-demo', 'offboard-bot', 'p1');

/** A clock the test moves by hand. */
const manualClock = (start = 1_700_000_000_000) => {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
};

/** A sign-in the test counts, answering the tokens it is given in turn. */
const countingSignIn = (makeToken: (call: number) => IamToken) => {
  let calls = 0;
  const signIn = () => {
    calls += 1;
    return Promise.resolve(makeToken(calls));
  };
  return { signIn, calls: () => calls };
};

/** Sign-ins answering `token-1`, `token-2`, ..., each valid for a day from `now()`. */
const dayLongTokens = (now = Date.now) =>
  countingSignIn((n) => ({ value: `token-${n}`, expiresAt: now() + DAY }));

/** A promise the test settles by hand. */
const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const never = () => new AbortController().signal;

describe('createTokenCache()', () => {
  it('signs in on the first call and answers later calls from the cache', async () => {
    // Prepare
    const clock = manualClock();
    const tokens = createTokenCache({ now: clock.now });
    const iam = dayLongTokens(clock.now);

    // Act
    const first = await tokens.get(KEY, iam.signIn, never());
    const second = await tokens.get(KEY, iam.signIn, never());

    // Assess
    expect(iam.calls()).toBe(1);
    expect(second).toBe(first);
  });

  it('keeps one token per key', async () => {
    // Prepare
    const clock = manualClock();
    const tokens = createTokenCache({ now: clock.now });
    const iam = dayLongTokens(clock.now);
    const otherKey = tokenKey(
      'https://iam.cn-north-4.myhuaweicloud.com',
      'bcs-demo',
      'offboard-bot',
      'p2',
    );

    // Act
    const a = await tokens.get(KEY, iam.signIn, never());
    const b = await tokens.get(otherKey, iam.signIn, never());

    // Assess
    expect(iam.calls()).toBe(2);
    expect(a.value).not.toBe(b.value);
  });

  it('keeps using a token while more than the margin remains', async () => {
    // Prepare
    const clock = manualClock();
    const tokens = createTokenCache({ now: clock.now, refreshMarginMs: 10 * MINUTE });
    const iam = countingSignIn((n) => ({
      value: `token-${n}`,
      expiresAt: clock.now() + 60 * MINUTE,
    }));
    await tokens.get(KEY, iam.signIn, never());
    clock.advance(50 * MINUTE - 1);

    // Act
    const token = await tokens.get(KEY, iam.signIn, never());

    // Assess
    expect(token.value).toBe('token-1');
    expect(iam.calls()).toBe(1);
  });

  it('refreshes the token when no more than the margin remains', async () => {
    // Prepare
    const clock = manualClock();
    const tokens = createTokenCache({ now: clock.now, refreshMarginMs: 10 * MINUTE });
    const iam = countingSignIn((n) => ({
      value: `token-${n}`,
      expiresAt: clock.now() + 60 * MINUTE,
    }));
    await tokens.get(KEY, iam.signIn, never());
    clock.advance(50 * MINUTE);

    // Act
    const token = await tokens.get(KEY, iam.signIn, never());

    // Assess
    expect(token.value).toBe('token-2');
    expect(iam.calls()).toBe(2);
  });

  it('refreshes by default more than 15 minutes (the longest invocation) before expiry', async () => {
    // Prepare
    const clock = manualClock();
    const tokens = createTokenCache({ now: clock.now });
    const iam = countingSignIn((n) => ({
      value: `token-${n}`,
      expiresAt: clock.now() + 60 * MINUTE,
    }));
    await tokens.get(KEY, iam.signIn, never());
    clock.advance(45 * MINUTE);

    // Act
    const token = await tokens.get(KEY, iam.signIn, never());

    // Assess
    expect(REFRESH_MARGIN_MS).toBeGreaterThan(15 * MINUTE);
    expect(token.value).toBe('token-2');
  });

  it('signs in once for 50 concurrent callers, and gives them all the same token', async () => {
    // Prepare
    const tokens = createTokenCache();
    const pending = deferred<IamToken>();
    let calls = 0;
    const signIn = () => {
      calls += 1;
      return pending.promise;
    };

    // Act
    const waiters = Array.from({ length: 50 }, () => tokens.get(KEY, signIn, never()));
    pending.resolve({ value: 'shared', expiresAt: Date.now() + DAY });
    const results = await Promise.all(waiters);

    // Assess
    expect(calls).toBe(1);
    expect(new Set(results.map((token) => token.value))).toEqual(new Set(['shared']));
  });

  it('does not cache a failed sign-in: every waiter sees the failure, the next call tries again', async () => {
    // Prepare
    const tokens = createTokenCache();
    const failure = new Error('IAM said no');
    let calls = 0;
    const signIn = () => {
      calls += 1;
      return calls === 1
        ? Promise.reject(failure)
        : Promise.resolve({ value: 'second', expiresAt: Date.now() + DAY });
    };

    // Act
    const failed = await Promise.allSettled([
      tokens.get(KEY, signIn, never()),
      tokens.get(KEY, signIn, never()),
    ]);
    const retried = await tokens.get(KEY, signIn, never());

    // Assess
    expect(failed).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    expect(retried.value).toBe('second');
    expect(calls).toBe(2);
  });

  it('lets a waiter give up at its own signal without cancelling the shared sign-in', async () => {
    // Prepare
    const tokens = createTokenCache();
    const pending = deferred<IamToken>();
    let calls = 0;
    const signIn = () => {
      calls += 1;
      return pending.promise;
    };
    const impatient = new AbortController();
    const reason = new DOMException('deadline', 'TimeoutError');
    const gaveUp = tokens.get(KEY, signIn, impatient.signal);
    const patient = tokens.get(KEY, signIn, never());

    // Act
    impatient.abort(reason);
    const gaveUpOutcome = await gaveUp.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    pending.resolve({ value: 'shared', expiresAt: Date.now() + DAY });
    const patientToken = await patient;
    const later = await tokens.get(KEY, signIn, never());

    // Assess
    expect(gaveUpOutcome).toBe(reason);
    expect(patientToken.value).toBe('shared');
    expect(later.value).toBe('shared');
    expect(calls).toBe(1);
  });

  it.each([
    ['signed in', () => Promise.resolve({ value: 'token', expiresAt: Date.now() + DAY })],
    ['failed', () => Promise.reject(new Error('IAM refused'))],
  ])("leaves no listener on a waiter's signal once the sign-in has %s", async (_end, signIn) => {
    // Prepare: a warm container's deadline signals must not collect listeners
    const tokens = createTokenCache();
    const signal = new AbortController().signal;

    // Act
    await tokens.get(KEY, signIn, signal).catch(() => undefined);

    // Assess
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener on a signal that fired while its waiter waited', async () => {
    // Prepare
    const tokens = createTokenCache();
    const impatient = new AbortController();
    const waiting = tokens.get(KEY, () => new Promise<IamToken>(() => undefined), impatient.signal);

    // Act
    impatient.abort(new DOMException('deadline', 'TimeoutError'));
    await waiting.catch(() => undefined);

    // Assess
    expect(getEventListeners(impatient.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once for a signal that has already fired', async () => {
    // Prepare
    const tokens = createTokenCache();
    const reason = new DOMException('deadline', 'TimeoutError');
    const signIn = () => new Promise<IamToken>(() => undefined);

    // Act
    const outcome = tokens.get(KEY, signIn, AbortSignal.abort(reason));

    // Assess
    await expect(outcome).rejects.toBe(reason);
  });

  it('drops the cached token on invalidate, so the next call signs in again', async () => {
    // Prepare
    const tokens = createTokenCache();
    const iam = dayLongTokens();
    const dead = await tokens.get(KEY, iam.signIn, never());

    // Act
    tokens.invalidate(KEY, dead);
    const fresh = await tokens.get(KEY, iam.signIn, never());

    // Assess
    expect(fresh.value).toBe('token-2');
    expect(iam.calls()).toBe(2);
  });

  it('ignores invalidate for a token that is no longer the cached one', async () => {
    // Prepare
    const tokens = createTokenCache();
    const iam = dayLongTokens();
    const dead = await tokens.get(KEY, iam.signIn, never());
    tokens.invalidate(KEY, dead);
    const fresh = await tokens.get(KEY, iam.signIn, never());

    // Act
    tokens.invalidate(KEY, dead);
    tokens.invalidate(KEY, { ...fresh });
    const again = await tokens.get(KEY, iam.signIn, never());

    // Assess
    expect(again).toBe(fresh);
    expect(iam.calls()).toBe(2);
  });

  it('ignores invalidate for another key', async () => {
    // Prepare
    const tokens = createTokenCache();
    const iam = dayLongTokens();
    const token = await tokens.get(KEY, iam.signIn, never());

    // Act
    tokens.invalidate('another key', token);
    const again = await tokens.get(KEY, iam.signIn, never());

    // Assess
    expect(again).toBe(token);
  });
});

describe('tokenKey()', () => {
  it('tells apart tuples whose parts would run together', () => {
    // Prepare
    const a = ['https://iam', 'x,y', 'user', 'p'] as const;
    const b = ['https://iam', 'x', 'y,user', 'p'] as const;

    // Act
    const keys = [tokenKey(...a), tokenKey(...b)];

    // Assess
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('names the same tuple the same way', () => {
    // Prepare
    const tuple = ['https://iam.cn-north-4.myhuaweicloud.com', 'bcs-demo', 'bot', 'p1'] as const;

    // Act
    const keys = [tokenKey(...tuple), tokenKey(...tuple)];

    // Assess
    expect(keys[0]).toBe(keys[1]);
  });
});
