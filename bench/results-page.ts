/**
 * The page `npm run bench` prints and writes to bench/results.md: how the run was made, the
 * deployed shape of every function in one table, a table per function, the verdict (every
 * broken budget, everything not measured) and how each figure is measured.
 */
import { BUDGETS } from './budgets.ts';
import { LAMBDA_128_MB_FLAGS } from './measure.ts';
import {
  breakdownText,
  type CpuLimit,
  deployedTable,
  type Measured,
  markdownTable,
  rowsFor,
} from './report.ts';
import { median, spread } from './stats.ts';

/** How the run was made, for the page's opening list. */
export interface RunInfo {
  date: Date;
  node: string;
  cpus: string;
  loadAverage: { start: number; end: number };
  command: string;
  quick: boolean;
  /** How many processes, calls and pairs each figure took (bench/budgets.ts RUNS). */
  runs: {
    load: number;
    cold: number;
    warm: number;
    warmCalls: number;
    warmup: number;
    warmTurn: number;
    concurrent: number;
    deployed: number;
  };
  /** Each floor's name, source file and size as written. */
  floors: { name: string; source: string; bytes: number }[];
  cpu: CpuLimit;
}

const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
const count = (value: number) => value.toLocaleString('en-US');

/**
 * The page, and every broken budget (a failed measurement is one too).
 *
 * @example
 * ```ts
 * const { markdown, broken } = resultsPage(info, [floors.http.data, ...], compared);
 * ```
 */
export const resultsPage = (
  info: RunInfo,
  floors: readonly Measured[],
  compared: readonly { fn: Measured; floor: Measured }[],
): { markdown: string; broken: string[] } => {
  const { runs, cpu } = info;
  const lines = [
    '## Benchmark: each function next to its floor',
    '',
    `- date: ${info.date.toISOString()}`,
    `- node: ${info.node}`,
    `- CPU: ${info.cpus}; load average ${info.loadAverage.start.toFixed(2)} at the start, ` +
      `${info.loadAverage.end.toFixed(2)} at the end (other work on the machine widens the spreads)`,
    `- command: \`${info.command}\``,
    `- runs per target: module load ${runs.load} processes; cold first invocation ${runs.cold} ` +
      `processes; warm ${runs.warm} pairs of processes × ${count(runs.warmCalls)} calls after ` +
      `${runs.warmup} warm-up calls, in turns of ${runs.warmTurn}; ${runs.concurrent} ` +
      `process(es) × ${BUDGETS.concurrency} ` +
      `concurrent cold invocations; deployed first invocation ${runs.deployed} pairs of ` +
      'processes; targets interleaved round by round',
    '- floors (remove-channel-orgs, or ListOpRecord of one operation, minified by esbuild with ' +
      "the functions' build options, every " +
      'AWS call over `fetch` signed by the bare signer of `bench/floor/aws.mjs`): ' +
      info.floors
        .map(({ name, source, bytes }) => `\`${source}\` (${name}, ${count(bytes)} B as written)`)
        .join('; '),
    '- every target runs in its own Node 24 process against the simulator (IAM, and BCS ' +
      'answering a constant 200) and, in the bench process, stand-ins for DynamoDB, EventBridge, ' +
      "SQS, Secrets Manager and Lambda Invoke (bench/aws-stand-ins.ts) and for Slack's " +
      '`response_url` (bench/response-url-stand-in.ts); each invocation is a new request, and ' +
      'each must leave its outcome there (published, handed over, posted, or the next look-up ' +
      'queued)',
    cpu.limited
      ? `- deployed first invocation: each process held to ${cpu.share} (${cpu.settings}) from ` +
        "just before its import; a function's process and its floor's started together"
      : `- deployed first invocation: **not CPU-limited: ${cpu.reason}**; measured at full ` +
        'speed, which does not stand for a 128 MB Lambda: its budgets are not judged',
  ];
  if (info.quick) {
    lines.push('', '> **Quick run**: fewer runs than a verdict needs; results.md not written.');
  }
  lines.push(
    '',
    `### Deployed shape: first invocation at the ${BUDGETS.lambdaMemoryMb} MB CPU share`,
    '',
    'Secrets from Secrets Manager, the idempotency table, the outcome bus, the tracking queue ' +
      'and Lambda Invoke, ' +
      'as deployed; from the start of the import to the first answer.',
    '',
    deployedTable(compared, cpu),
  );
  const slack = compared.find(({ fn }) => fn.answersSlack && fn.deployedMs.length > 0)?.fn;
  if (slack !== undefined) {
    const answer = spread(slack.deployedMs.map((pair) => pair.fn));
    lines.push(
      '',
      `${slack.name}'s first answer: median ${answer.median.toFixed(0)} ms, at most ` +
        `${answer.max.toFixed(0)} ms (budget: ${BUDGETS.slackFirstAnswerMs} ms, median).`,
    );
  }

  const broken: string[] = [];
  const flagged: string[] = [];
  if (!cpu.limited) {
    flagged.push(`deployed-shape budgets not judged: not CPU-limited: ${cpu.reason}`);
  }
  for (const { fn, floor } of compared) {
    const rows = rowsFor(fn, floor, cpu);
    lines.push('', `### ${fn.name}`, '', `Compared with: the ${floor.name}.`, '');
    lines.push(markdownTable(rows), '');
    lines.push(`Bytes by source: ${breakdownText(fn.breakdown)}.`);
    if (fn.invocable && fn.error === undefined) {
      lines.push(
        `Cold start, import part: median ${median(fn.coldLoadMs).toFixed(2)} ms. ` +
          `Log output: ${Math.round(fn.logBytesPerCall ?? 0)} bytes per warm invocation.`,
      );
    }
    for (const row of rows) {
      if (row.ok === false) {
        const ratio = row.ratio === '—' ? '' : `, ${row.ratio} the floor's`;
        broken.push(`${fn.name}: ${row.figure}: ${row.value}${ratio} (budget ${row.budget})`);
      }
    }
    if (!fn.invocable) {
      flagged.push(
        `${fn.name}: no event in bench/functions.ts, only its size and module load were measured`,
      );
      lines.push(
        '',
        `⚠️ Not invoked: no event for ${fn.name} in bench/functions.ts (size and module load only).`,
      );
    }
    if (fn.error !== undefined) {
      broken.push(`${fn.name}: measurement failed: ${fn.error}`);
      lines.push('', `❌ Measurement failed: ${fn.error}`);
    }
  }
  for (const floor of floors) {
    if (floor.error !== undefined) broken.push(`${floor.name}: measurement failed: ${floor.error}`);
  }
  lines.push(
    '',
    '### Verdict',
    '',
    broken.length === 0
      ? '**Every budget is met.**'
      : `**Budgets broken:**\n\n${broken.map((item) => `- ${item}`).join('\n')}`,
    ...(flagged.length > 0 ? ['', 'Not measured:', '', ...flagged.map((f) => `- ${f}`)] : []),
    '',
    ...methodNotes(floors, compared),
  );
  return { markdown: `${lines.join('\n')}\n`, broken };
};

/** How each figure is measured, and what the memory and SDK figures mean. */
const methodNotes = (
  floors: readonly Measured[],
  compared: readonly { fn: Measured; floor: Measured }[],
): string[] => {
  const bare = floors.find((floor) => floor.memory.length > 0);
  const notes = [
    'Method: module load is `performance.now()` around `await import(bundle)` in a fresh ' +
      'process that has already imported `node:http`; cold first invocation is the same clock ' +
      'from before the import to the first answer, at full speed, with the secrets in the ' +
      'environment (every call of the function included: the claim, the IAM sign-in, the BCS ' +
      'call, the record and the outcome). Warm figures pool the timed calls of all warm ' +
      "processes (p99 interpolated). A function's warm process and its floor's start together " +
      'and, once warmed up, take turns of timed calls: they share the moments of the machine ' +
      'without competing for its cores (two busy processes and the bench on two cores would ' +
      'slow the one that uses more CPU per call more). The warm overhead is the median, over ' +
      'the pairs, of the difference of their medians. Sign-ins are ' +
      'counted by the simulator. The deployed first invocation is the cold clock in the ' +
      "deployed shape (the secrets read from Secrets Manager): a function's process and its " +
      "floor's start together, each waits once started, is moved into its own cgroup at the " +
      'CPU share and let go; the ratio is the median of the per-pair ratios, so that what the ' +
      'machine does to both at that moment cancels out.',
    '',
    'Memory: every measured process runs with the V8 flags Lambda gives a 128 MB function ' +
      `(\`${LAMBDA_128_MB_FLAGS.join(' ')}\`). Peak RSS is the process's own high-water mark ` +
      "(`VmHWM`; `resourceUsage().maxRSS` would carry the bench parent's peak over fork + " +
      "exec), the highest of the target's warm processes; anonymous and file-backed RSS and " +
      'the heap (`heapUsed` after a forced GC) are read at the end of the warm loop.' +
      (bare !== undefined
        ? ` The bare ${bare.name} itself peaks at ` +
          `${mib(Math.max(...bare.memory.map((m) => m.maxRssKb)))}, ` +
          `${mib(Math.max(...bare.memory.map((m) => m.rssFileKb)))} of it file-backed pages of the node binary ` +
          "(shared, reclaimable): an RSS threshold would measure Node and this machine's " +
          'load, not the function, so the budgets bound the anonymous RSS (what must fit) ' +
          'and what the function adds over the floor.'
        : ''),
  ];
  if (compared.some(({ fn }) => fn.sdkClients.length > 0)) {
    notes.push(
      '',
      'AWS SDK clients: the build leaves `@aws-sdk/*` out of the bundles (the Lambda runtime ' +
        'provides it) and each client is imported on first use, so its cost is in neither the ' +
        "bundle's size nor its module load, but in the first invocation that needs it: the " +
        'cold and deployed rows include it, the floors import none. The SDK row times importing ' +
        "every client a bundle may import (this repository's node_modules, one after the " +
        'other, `node:http` already loaded).',
    );
  }
  return notes;
};
