import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIRST_DELAY_SECONDS,
  MAX_DELAY_SECONDS,
  nextDelaySeconds,
} from '../../../lib/tracking/backoff.ts';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;

describe('nextDelaySeconds', () => {
  it('waits 10 s after the first look-up, twice as long after each next, then 900 s', () => {
    // Act
    const delays = Array.from({ length: 12 }, (_, index) =>
      nextDelaySeconds(index + 1, NOW, NOW + 24 * HOUR),
    );

    // Assess
    expect(delays).toEqual([10, 20, 40, 80, 160, 320, 640, 900, 900, 900, 900, 900]);
  });

  it('is a whole number of seconds from 1 to SQS cap, never past the maximum age (unless 1 s)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: -HOUR, max: 7 * 24 * HOUR }),
        (attempt, left) => {
          // Act
          const delay = nextDelaySeconds(attempt, NOW, NOW + left);

          // Assess
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(1);
          expect(delay).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
          if (delay > 1) expect(delay * 1000).toBeLessThan(left + 1000);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never shortens from one look-up to the next while the maximum age is far', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999 }), (attempt) => {
        // Act
        const [now, next] = [attempt, attempt + 1].map((n) =>
          nextDelaySeconds(n, NOW, NOW + 24 * HOUR),
        );

        // Assess
        expect(next).toBeGreaterThanOrEqual(now ?? 0);
        expect(now).toBeGreaterThanOrEqual(FIRST_DELAY_SECONDS);
      }),
      { numRuns: 300 },
    );
  });

  it('looks an operation that never ends up 31 times in the default 6 hours', () => {
    // Prepare
    const maxAgeEndsAt = NOW + 6 * HOUR;
    let at = NOW;
    let lookUps = 1;

    // Act
    while (at < maxAgeEndsAt) {
      at += nextDelaySeconds(lookUps, at, maxAgeEndsAt) * 1000;
      lookUps += 1;
    }

    // Assess
    expect(lookUps).toBe(31);
    expect(at).toBe(maxAgeEndsAt);
  });
});
