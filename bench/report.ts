/**
 * Turns the measurements into the verdict: one Markdown table per function (figure, budget,
 * the function's value, the floor's, the ratio and whether the budget holds), and one of the
 * deployed shape for all functions.
 */
import { BUDGETS } from './budgets.ts';
import {
  median,
  medianDifference,
  medianRatio,
  type Pair,
  quantile,
  type Spread,
  spread,
} from './stats.ts';

/** The memory of a warm process at the end of its loop. */
export interface Memory {
  /** Peak RSS (VmHWM), and the anonymous and file-backed RSS at the end, in KiB. */
  maxRssKb: number;
  rssAnonKb: number;
  rssFileKb: number;
  /** The V8 heap used after a forced GC. */
  heapUsedBytes: number;
}

/** Everything measured for one function, or for the floor. */
export interface Measured {
  name: string;
  /** Minified bundle size. */
  bytes: number;
  /** Bytes of the bundle by package or lib/ folder, largest first (esbuild's metafile). */
  breakdown: [string, number][];
  /** false: no event is known for it; only its size is checked. */
  invocable: boolean;
  /** false: it never signs in to IAM, so the sign-in budget does not apply. */
  signsIn: boolean;
  /** Slack waits for its first answer: the first-answer budget applies. */
  answersSlack: boolean;
  /** Why its measurements stopped (a crash, an answer that is not a success). */
  error?: string;
  loadMs: number[];
  coldMs: number[];
  /** The import part of each cold measurement. */
  coldLoadMs: number[];
  /** Every timed warm invocation, all warm processes pooled. */
  warmMs: number[];
  /** The medians of each warm process and of the floor's process run with it. */
  warmPairs: Pair[];
  /** Every timed warm invocation of the floor's processes run with this function's. */
  floorWarmMs: number[];
  /**
   * The deployed shape's first invocation at the CPU share: wall time and CPU time of each
   * process and of the floor's process run with it.
   */
  deployedMs: Pair[];
  deployedCpuMs: Pair[];
  /** The memory of each warm process. */
  memory: Memory[];
  /** The memory of each of the floor's warm processes run with this function's. */
  floorMemory: Memory[];
  /** Sign-ins the simulator counted in each concurrent-cold process. */
  signIns: number[];
  /** Log bytes written per warm invocation. */
  logBytesPerCall?: number;
  /** The AWS SDK clients the bundle imports on first use (bench/sdk-clients.ts). */
  sdkClients: string[];
  /** Time to import all of them, one after the other, in each of separate processes. */
  sdkLoadMs: number[];
}

/**
 * A target's record before anything is measured.
 *
 * @example
 * ```ts
 * const data = emptyMeasured({ name: 'sqs-offboard', bytes: 27_918, breakdown: [], invocable: true });
 * ```
 */
export const emptyMeasured = ({
  name,
  bytes,
  breakdown,
  invocable,
  signsIn = true,
  answersSlack = false,
  sdkClients = [],
}: Pick<Measured, 'name' | 'bytes' | 'breakdown' | 'invocable'> &
  Partial<Pick<Measured, 'signsIn' | 'answersSlack' | 'sdkClients'>>): Measured => ({
  name,
  bytes,
  breakdown,
  invocable,
  signsIn,
  answersSlack,
  sdkClients,
  sdkLoadMs: [],
  loadMs: [],
  coldMs: [],
  coldLoadMs: [],
  warmMs: [],
  warmPairs: [],
  floorWarmMs: [],
  deployedMs: [],
  deployedCpuMs: [],
  memory: [],
  floorMemory: [],
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

/** Whether the deployed runs were held to a Lambda's CPU share, and which. */
export type CpuLimit =
  | { limited: true; share: string; settings: string }
  | { limited: false; reason: string };

/**
 * The rows of one function's table, its figures next to the floor's. The deployed shape's
 * budgets are judged only at the CPU share they are set for.
 *
 * @example
 * ```ts
 * markdownTable(rowsFor(fn, floor, { limited: true, share: '7.2 % of a core', settings: 'cgroup v2' }));
 * ```
 */
export const rowsFor = (fn: Measured, floor: Measured, cpu: CpuLimit): Row[] => {
  const rows: Row[] = [
    {
      figure: 'minified bundle',
      budget: `≤ ${int(BUDGETS.bundleBytes)} B`,
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
  const floorWarm = median(fn.floorWarmMs);
  const overheads = fn.warmPairs.map(({ fn: own, floor: its }) => own - its);
  const overhead = medianDifference(fn.warmPairs);
  // The floor's processes run with this function's: as many, on the same machine.
  const of = (memory: readonly Memory[], field: keyof Memory) => memory.map((m) => m[field]);
  const rss = max(of(fn.memory, 'maxRssKb'));
  const floorRss = max(of(fn.floorMemory, 'maxRssKb'));
  // Without /proc (not Linux) the anonymous part is unknown: the whole peak stands for it.
  const anon = max(of(fn.memory, 'rssAnonKb')) || rss;
  const floorAnon = max(of(fn.floorMemory, 'rssAnonKb')) || floorRss;
  const heap = median(of(fn.memory, 'heapUsedBytes'));
  const floorHeap = median(of(fn.floorMemory, 'heapUsedBytes'));
  const floorSignIns = Math.max(...floor.signIns);
  rows.push(
    {
      figure: 'cold first invocation, secrets in the environment (import + every call), median',
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
      floor: ms(quantile(fn.floorWarmMs, 0.99), 3),
      ratio: times(quantile(fn.warmMs, 0.99) / quantile(fn.floorWarmMs, 0.99)),
      ok: undefined,
    },
    {
      figure:
        `warm invocation, added over the floor: median of ${fn.warmPairs.length} paired ` +
        'differences of medians',
      budget: `≤ ${ms(BUDGETS.warmOverheadMs, 1)}`,
      value:
        `${signed(overhead)} (IQR ${signed(quantile(overheads, 0.25))} to ` +
        `${signed(quantile(overheads, 0.75))})`,
      floor: '—',
      ratio: '—',
      ok: overhead <= BUDGETS.warmOverheadMs,
    },
  );
  if (fn.signsIn) {
    rows.push({
      figure: `IAM sign-ins, ${BUDGETS.concurrency} concurrent cold invocations`,
      budget: `exactly ${BUDGETS.signIns} (every run)`,
      value: `${fn.signIns.join(', ')} (${fn.signIns.length} run${fn.signIns.length > 1 ? 's' : ''})`,
      floor: `${floor.signIns.join(', ')} (no budget)`,
      ratio: times(Math.max(...fn.signIns) / floorSignIns),
      ok: fn.signIns.length > 0 && fn.signIns.every((count) => count === BUDGETS.signIns),
    });
  }
  rows.push(
    {
      figure: 'peak RSS of a warm process (VmHWM), then anonymous + file-backed at the end',
      budget: '— (mostly Node: see the note)',
      value: `${mib(rss)} (${mib(anon)} + ${mib(max(of(fn.memory, 'rssFileKb')))})`,
      floor: `${mib(floorRss)} (${mib(floorAnon)} + ${mib(max(of(fn.floorMemory, 'rssFileKb')))})`,
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
  rows.push(...deployedRows(fn, cpu));
  return rows;
};

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value), 3)}`;

/** How the deployed runs were held, in a figure's name. */
const atShare = (cpu: CpuLimit) =>
  cpu.limited ? `at ${cpu.share}` : `**not CPU-limited** (${cpu.reason})`;

/** The deployed shape's rows: the first invocation next to the floor's, and Slack's answer. */
const deployedRows = (fn: Measured, cpu: CpuLimit): Row[] => {
  if (fn.deployedMs.length === 0) return [];
  const own = spread(fn.deployedMs.map((pair) => pair.fn));
  const its = spread(fn.deployedMs.map((pair) => pair.floor));
  const ratio = medianRatio(fn.deployedMs);
  const cpuOwn = median(fn.deployedCpuMs.map((pair) => pair.fn));
  const cpuIts = median(fn.deployedCpuMs.map((pair) => pair.floor));
  const rows: Row[] = [
    {
      figure:
        `deployed first invocation ${atShare(cpu)}: import + every call, ` +
        `${fn.deployedMs.length} pairs, ratio = median of per-pair ratios`,
      budget: `≤ ${BUDGETS.deployedColdRatio}× floor`,
      value: spreadText(own, 0),
      floor: spreadText(its, 0),
      ratio: times(ratio),
      ok: cpu.limited ? ratio <= BUDGETS.deployedColdRatio : undefined,
    },
    {
      figure: 'CPU time of that first invocation (user + system), median',
      budget: '—',
      value: ms(cpuOwn, 0),
      floor: ms(cpuIts, 0),
      ratio: times(medianRatio(fn.deployedCpuMs)),
      ok: undefined,
    },
  ];
  if (fn.answersSlack) {
    rows.push({
      figure: `first answer to Slack, deployed ${atShare(cpu)}, from the start of the import`,
      budget: `≤ ${ms(BUDGETS.slackFirstAnswerMs, 0)} (median)`,
      value: spreadText(own, 0),
      floor: '—',
      ratio: '—',
      ok: cpu.limited ? own.median <= BUDGETS.slackFirstAnswerMs : undefined,
    });
  }
  return rows;
};

/**
 * The deployed shape of every function in one table: its first invocation and its floor's at
 * the CPU share, the median of per-pair ratios, and whether the budget holds.
 *
 * @example
 * ```ts
 * deployedTable([{ fn, floor }], { limited: false, reason: 'not Linux' });
 * ```
 */
export const deployedTable = (
  compared: readonly { fn: Measured; floor: Measured }[],
  cpu: CpuLimit,
): string => {
  const lines = [
    '| function | first invocation, median (IQR) | its floor, median (IQR) | ratio: median of per-pair ratios (IQR) | budget | ok? |',
    '|---|---|---|---|---|---|',
  ];
  for (const { fn, floor } of compared) {
    if (fn.deployedMs.length === 0) {
      lines.push(`| ${fn.name} | not measured${fn.error ? ' (failed)' : ''} | | | | |`);
      continue;
    }
    const own = spread(fn.deployedMs.map((pair) => pair.fn));
    const its = spread(fn.deployedMs.map((pair) => pair.floor));
    const ratios = fn.deployedMs.map((pair) => pair.fn / pair.floor);
    const ratio = median(ratios);
    const iqr = (s: Spread) => `${s.q1.toFixed(0)}–${s.q3.toFixed(0)}`;
    lines.push(
      `| ${fn.name} | ${ms(own.median, 0)} (${iqr(own)}) | ${ms(its.median, 0)} (${iqr(its)}, ${floor.name}) | ` +
        `${times(ratio)} (${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}) | ` +
        `≤ ${BUDGETS.deployedColdRatio}× | ${mark(cpu.limited ? ratio <= BUDGETS.deployedColdRatio : undefined)} |`,
    );
  }
  return lines.join('\n');
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
