/**
 * Turns the measurements into the verdict: one Markdown table per function (figure, budget,
 * the function's value, the floor's, the ratio and whether the budget holds).
 */
import { BUDGETS } from './budgets.ts';
import { median, quantile, type Spread, spread } from './stats.ts';

/** Everything measured for one function, or for the floor. */
export interface Measured {
  name: string;
  /** Minified bundle size. */
  bytes: number;
  /** Bytes of the bundle by package or lib/ folder, largest first (esbuild's metafile). */
  breakdown: [string, number][];
  /** false: no event is known for it; only its size is checked. */
  invocable: boolean;
  /** Why its measurements stopped (a crash, an answer that is not a success). */
  error?: string;
  loadMs: number[];
  coldMs: number[];
  /** The import part of each cold measurement. */
  coldLoadMs: number[];
  /** Every timed warm invocation, all warm processes pooled. */
  warmMs: number[];
  /** Peak RSS of each warm process, its anonymous and file-backed RSS and V8 heap after GC at the end. */
  maxRssKb: number[];
  rssAnonKb: number[];
  rssFileKb: number[];
  heapUsedBytes: number[];
  /** Sign-ins the simulator counted in each concurrent-cold process. */
  signIns: number[];
  /** Log bytes written per warm invocation. */
  logBytesPerCall?: number;
  /** The AWS SDK clients the bundle imports on first use (bench/sdk-clients.ts). */
  sdkClients: string[];
  /** Time to import all of them, one after the other, in each of separate processes. */
  sdkLoadMs: number[];
}

export const emptyMeasured = (
  name: string,
  bytes: number,
  breakdown: [string, number][],
  invocable: boolean,
  sdkClients: string[] = [],
): Measured => ({
  name,
  bytes,
  breakdown,
  invocable,
  sdkClients,
  sdkLoadMs: [],
  loadMs: [],
  coldMs: [],
  coldLoadMs: [],
  warmMs: [],
  maxRssKb: [],
  rssAnonKb: [],
  rssFileKb: [],
  heapUsedBytes: [],
  signIns: [],
});

export interface Row {
  figure: string;
  budget: string;
  value: string;
  floor: string;
  ratio: string;
  /** undefined: a figure shown for information, with no budget of its own. */
  ok: boolean | undefined;
}

/** The highest of `values` (NaN ones ignored), 0 for none. */
const max = (values: readonly number[]) => Math.max(0, ...values.filter((v) => !Number.isNaN(v)));
const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
const int = (value: number) => value.toLocaleString('en-US');
const times = (ratio: number) =>
  Number.isFinite(ratio) ? `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×` : '—';
const spreadText = (s: Spread, digits: number) =>
  `${ms(s.median, digits)} (IQR ${s.q1.toFixed(digits)}–${s.q3.toFixed(digits)}, ` +
  `range ${s.min.toFixed(digits)}–${s.max.toFixed(digits)}, n=${s.n})`;

/** The rows of one function's table, its figures next to the floor's. */
export const rowsFor = (fn: Measured, floor: Measured): Row[] => {
  const rows: Row[] = [
    {
      figure: 'minified bundle',
      budget: `≤ ${kib(BUDGETS.bundleBytes)} (${int(BUDGETS.bundleBytes)} B)`,
      value: `${kib(fn.bytes)} (${int(fn.bytes)} B)`,
      floor: `${kib(floor.bytes)} (${int(floor.bytes)} B)`,
      ratio: times(fn.bytes / floor.bytes),
      ok: fn.bytes <= BUDGETS.bundleBytes,
    },
  ];
  if (fn.error !== undefined || fn.loadMs.length === 0) return rows;

  const load = spread(fn.loadMs);
  const floorLoad = spread(floor.loadMs);
  const loadRatio = load.median / floorLoad.median;
  rows.push({
    figure: 'module load, median of separate processes',
    budget: `≤ ${ms(BUDGETS.loadMs, 0)} and ≤ ${BUDGETS.loadRatio}× floor`,
    value: spreadText(load, 2),
    floor: spreadText(floorLoad, 2),
    ratio: times(loadRatio),
    ok: load.median <= BUDGETS.loadMs && loadRatio <= BUDGETS.loadRatio,
  });
  if (fn.sdkLoadMs.length > 0) {
    const names = fn.sdkClients.map((name) => name.replace('@aws-sdk/client-', '')).join(', ');
    rows.push({
      figure: `AWS SDK clients it may import on first use (${names}), median of separate processes`,
      budget: '— (outside the bundle: see the note)',
      value: spreadText(spread(fn.sdkLoadMs), 1),
      floor: 'none',
      ratio: '—',
      ok: undefined,
    });
  }
  if (!fn.invocable) return rows;

  const cold = spread(fn.coldMs);
  const floorCold = spread(floor.coldMs);
  const coldRatio = cold.median / floorCold.median;
  const warm = median(fn.warmMs);
  const floorWarm = median(floor.warmMs);
  const overhead = warm - floorWarm;
  const rss = max(fn.maxRssKb);
  const floorRss = max(floor.maxRssKb);
  // Without /proc (not Linux) the anonymous part is unknown: the whole peak stands for it.
  const anon = max(fn.rssAnonKb) || rss;
  const floorAnon = max(floor.rssAnonKb) || floorRss;
  const heap = median(fn.heapUsedBytes);
  const floorHeap = median(floor.heapUsedBytes);
  const floorSignIns = Math.max(...floor.signIns);
  rows.push(
    {
      figure: 'cold first invocation (load + sign-in + call), median',
      budget: `≤ ${BUDGETS.coldRatio}× floor`,
      value: spreadText(cold, 1),
      floor: spreadText(floorCold, 1),
      ratio: times(coldRatio),
      ok: coldRatio <= BUDGETS.coldRatio,
    },
    {
      figure: `warm invocation, median (n=${int(fn.warmMs.length)})`,
      budget: '—',
      value: ms(warm, 3),
      floor: ms(floorWarm, 3),
      ratio: times(warm / floorWarm),
      ok: undefined,
    },
    {
      figure: 'warm invocation, p99',
      budget: '—',
      value: ms(quantile(fn.warmMs, 0.99), 3),
      floor: ms(quantile(floor.warmMs, 0.99), 3),
      ratio: times(quantile(fn.warmMs, 0.99) / quantile(floor.warmMs, 0.99)),
      ok: undefined,
    },
    {
      figure: 'warm invocation, added over the floor (median)',
      budget: `≤ ${ms(BUDGETS.warmOverheadMs, 1)}`,
      value: `${overhead >= 0 ? '+' : ''}${ms(overhead, 3)}`,
      floor: '—',
      ratio: '—',
      ok: overhead <= BUDGETS.warmOverheadMs,
    },
    {
      figure: `IAM sign-ins, ${BUDGETS.concurrency} concurrent cold invocations`,
      budget: `exactly ${BUDGETS.signIns} (every run)`,
      value: `${fn.signIns.join(', ')} (${fn.signIns.length} run${fn.signIns.length > 1 ? 's' : ''})`,
      floor: `${floor.signIns.join(', ')} (no budget)`,
      ratio: times(Math.max(...fn.signIns) / floorSignIns),
      ok: fn.signIns.length > 0 && fn.signIns.every((count) => count === BUDGETS.signIns),
    },
    {
      figure: 'peak RSS of a warm process (VmHWM), then anonymous + file-backed at the end',
      budget: '— (mostly Node: see the note)',
      value: `${mib(rss)} (${mib(anon)} + ${mib(max(fn.rssFileKb))})`,
      floor: `${mib(floorRss)} (${mib(floorAnon)} + ${mib(max(floor.rssFileKb))})`,
      ratio: times(rss / floorRss),
      ok: undefined,
    },
    {
      figure: 'anonymous RSS at the end of the warm loop',
      budget: `≤ ${mib(BUDGETS.anonRssKb)} (¾ of 128 MiB)`,
      value: mib(anon),
      floor: mib(floorAnon),
      ratio: times(anon / floorAnon),
      ok: anon <= BUDGETS.anonRssKb,
    },
    {
      figure: 'peak RSS added over the floor',
      budget: `≤ ${mib(BUDGETS.addedRssKb)}`,
      value: `${rss >= floorRss ? '+' : ''}${mib(rss - floorRss)}`,
      floor: '—',
      ratio: '—',
      ok: rss - floorRss <= BUDGETS.addedRssKb,
    },
    {
      figure: 'V8 heap used after the warm loop (after GC)',
      budget: '—',
      value: mib(heap / 1024),
      floor: mib(floorHeap / 1024),
      ratio: times(heap / floorHeap),
      ok: undefined,
    },
  );
  return rows;
};

const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? '✅' : '❌');

export const markdownTable = (rows: readonly Row[]): string =>
  [
    '| figure | budget | function | floor | ratio | ok? |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.figure} | ${row.budget} | ${row.value} | ${row.floor} | ${row.ratio} | ${mark(row.ok)} |`,
    ),
  ].join('\n');

/** "@middy/core 2.7 KiB · lib/schemas 2.3 KiB · lib/iam 1.6 KiB · ..." */
export const breakdownText = (breakdown: readonly [string, number][]): string =>
  breakdown.map(([group, bytes]) => `${group} ${kib(bytes)}`).join(' · ');

/** Groups the inputs of an esbuild metafile output by npm package or by lib/ folder. */
export const bytesBySource = (inputs: Record<string, { bytesInOutput: number }>) => {
  const groups = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    const folder = /^(lib\/[^/]+)\//.exec(path)?.[1];
    const group = pkg ?? folder ?? (path.startsWith('lib/') ? 'lib/*.ts' : path);
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
  }
  return [...groups].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
};
