/** Order statistics for the benchmark's samples. */

/** The `q` quantile (0 to 1) of `values`, interpolating linearly between order statistics. */
export const quantile = (values: readonly number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = sorted[Math.floor(at)] ?? Number.NaN;
  const above = sorted[Math.ceil(at)] ?? Number.NaN;
  return below + (above - below) * (at - Math.floor(at));
};

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median, quartiles and extremes of a set of timings. */
export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export const spread = (values: readonly number[]): Spread => ({
  n: values.length,
  median: median(values),
  q1: quantile(values, 0.25),
  q3: quantile(values, 0.75),
  min: Math.min(...values),
  max: Math.max(...values),
});

/** A figure of a function and of its floor, measured at the same moment (processes run together). */
export interface Pair {
  fn: number;
  floor: number;
}

/**
 * The median of the per-pair ratios (function / floor): what the machine did to both at that
 * moment cancels out of each ratio.
 *
 * @example
 * ```ts
 * medianRatio([{ fn: 3, floor: 1 }, { fn: 4, floor: 2 }, { fn: 10, floor: 2 }]); // 3
 * ```
 */
export const medianRatio = (pairs: readonly Pair[]): number =>
  median(pairs.map(({ fn, floor }) => fn / floor));

/**
 * The median of the per-pair differences (function − floor).
 *
 * @example
 * ```ts
 * medianDifference([{ fn: 3, floor: 1 }, { fn: 4, floor: 3 }, { fn: 9, floor: 2 }]); // 2
 * ```
 */
export const medianDifference = (pairs: readonly Pair[]): number =>
  median(pairs.map(({ fn, floor }) => fn - floor));
