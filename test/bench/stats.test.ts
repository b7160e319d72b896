/** The paired statistics of the benchmark: what the machine did to both halves of a pair cancels. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianDifference, medianRatio } from '../../bench/stats.ts';

const pairs = fc.array(
  fc.record({
    fn: fc.double({ min: 0.1, max: 1e4, noNaN: true }),
    floor: fc.double({ min: 0.1, max: 1e4, noNaN: true }),
  }),
  { minLength: 1, maxLength: 21 },
);

describe('medianRatio', () => {
  it('is the median of the per-pair ratios, not the ratio of the medians', () => {
    // Prepare
    const measured = [
      { fn: 300, floor: 100 },
      { fn: 900, floor: 300 },
      { fn: 1000, floor: 200 },
    ];

    // Act
    const ratio = medianRatio(measured);

    // Assess
    expect(ratio).toBe(3);
  });

  it('does not move when a pair is slowed down as a whole (property)', () => {
    fc.assert(
      fc.property(
        pairs,
        fc.array(fc.double({ min: 1, max: 10, noNaN: true })),
        (measured, slow) => {
          // Prepare
          const slowed = measured.map(({ fn, floor }, i) => {
            const factor = slow[i] ?? 1;
            return { fn: fn * factor, floor: floor * factor };
          });

          // Act
          const ratio = medianRatio(slowed);

          // Assess
          expect(ratio).toBeCloseTo(medianRatio(measured), 9);
        },
      ),
    );
  });
});

describe('medianDifference', () => {
  it('is the median of the per-pair differences', () => {
    // Prepare
    const measured = [
      { fn: 3, floor: 1 },
      { fn: 4, floor: 3 },
      { fn: 9, floor: 2 },
    ];

    // Act
    const difference = medianDifference(measured);

    // Assess
    expect(difference).toBe(2);
  });

  it('does not move when a pair is delayed as a whole (property)', () => {
    fc.assert(
      fc.property(
        pairs,
        fc.array(fc.double({ min: 0, max: 100, noNaN: true })),
        (measured, delay) => {
          // Prepare
          const delayed = measured.map(({ fn, floor }, i) => ({
            fn: fn + (delay[i] ?? 0),
            floor: floor + (delay[i] ?? 0),
          }));

          // Act
          const difference = medianDifference(delayed);

          // Assess
          expect(difference).toBeCloseTo(medianDifference(measured), 6);
        },
      ),
    );
  });
});
