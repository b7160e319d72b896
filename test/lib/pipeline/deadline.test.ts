import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEADLINE_RESERVE_MS,
  deadlineSignal,
  remainderSignal,
} from '../../../lib/pipeline/deadline.ts';

/** A context with `remainingMs` left, whatever the clock says (no timing in these tests). */
const contextWith = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

/** The delays the signals were made with (AbortSignal.timeout's argument), in order. */
const timeoutsAsked = () => {
  const timeout = vi.spyOn(AbortSignal, 'timeout');
  return () => timeout.mock.calls.map(([ms]) => ms);
};

describe('deadline signals', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('deadlineSignal()', () => {
    it("fires one second (DEADLINE_RESERVE_MS) before Lambda's own end", () => {
      // Prepare
      const asked = timeoutsAsked();

      // Act
      const signal = deadlineSignal(contextWith(5000));

      // Assess
      expect(asked()).toEqual([4000]);
      expect(DEADLINE_RESERVE_MS).toBe(1000);
      expect(signal.aborted).toBe(false);
    });

    it.each([999, 1000, 0])(
      'fires after 1 ms, rather than throwing, when %i ms are left (no more than the reserve)',
      (remainingMs) => {
        // Prepare
        const asked = timeoutsAsked();

        // Act
        const signal = deadlineSignal(contextWith(remainingMs));

        // Assess
        expect(asked()).toEqual([1]);
        expect(signal).toBeInstanceOf(AbortSignal);
      },
    );

    it('gives a millisecond over the reserve a millisecond', () => {
      // Prepare
      const asked = timeoutsAsked();

      // Act
      deadlineSignal(contextWith(1002));

      // Assess
      expect(asked()).toEqual([2]);
    });
  });

  describe('remainderSignal()', () => {
    it("fires 100 ms before Lambda's own end: after the deadline, in time to report", () => {
      // Prepare
      const asked = timeoutsAsked();
      const context = contextWith(5000);

      // Act
      deadlineSignal(context);
      const signal = remainderSignal(context);

      // Assess
      const [deadline, remainder] = asked();
      expect(remainder).toBe(4900);
      expect(remainder).toBeGreaterThan(deadline ?? Number.POSITIVE_INFINITY);
      expect(signal.aborted).toBe(false);
    });

    it.each([
      [100, 1],
      [0, 1],
      [102, 2],
    ])('with %i ms left, fires after %i ms rather than throwing', (remainingMs, expected) => {
      // Prepare
      const asked = timeoutsAsked();

      // Act
      remainderSignal(contextWith(remainingMs));

      // Assess
      expect(asked()).toEqual([expected]);
    });
  });
});
