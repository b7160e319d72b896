/**
 * `npm run bench` (`-- --quick` for a short development run): builds the bundles and measures
 * each function next to the floor (bench/floor/index.mjs, a bare handler making the same two
 * `fetch` calls), in one run, against the IAM + BCS simulator:
 *
 * - minified bundle bytes (and where they come from, from esbuild's metafile);
 * - module load: `await import(bundle)` in fresh processes, `node:http` already loaded;
 * - cold first invocation: import + sign-in + BCS call, in fresh processes;
 * - warm invocations: sequential calls in one process after a warm-up, median and p99;
 * - IAM sign-ins for 50 concurrent cold invocations;
 * - peak RSS and live heap of a warm process;
 * - the import of the AWS SDK clients each bundle loads on first use (outside the bundle).
 *
 * Every measured handler runs in its own child process (bench/child.mjs, Node 24); the
 * simulator runs here. Targets are interleaved round by round (floor, A, B, then A, B,
 * floor, ...) so that drift of the machine falls on all of them alike. It prints a Markdown
 * table per function, writes it to bench/results.md (full runs only) and exits 1 when a
 * budget is broken or a measurement failed.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { buildAll, bundleOptions } from '../scripts/build.ts';
import { type Simulator, startSimulator } from '../simulator/index.ts';
import { simulatorEnv } from '../test/helpers/bundles.ts';
import { startAwsStandIns } from './aws-stand-ins.ts';
import { BUDGETS, QUICK_RUNS, RUNS } from './budgets.ts';
import {
  type BenchTarget,
  bcsAnswers,
  benchTargets,
  type FloorKind,
  floorTargets,
  INVOCATION,
} from './functions.ts';
import { type ChildResult, type ChildSpec, LAMBDA_128_MB_FLAGS, measure } from './measure.ts';
import {
  breakdownText,
  bytesBySource,
  emptyMeasured,
  type Measured,
  markdownTable,
  rowsFor,
} from './report.ts';
import { sdkClientsOf } from './sdk-clients.ts';

const root = new URL('..', import.meta.url).pathname;

interface Target {
  data: Measured;
  bundle: string;
  bench: BenchTarget | undefined;
}

const { values: options } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const runs = options.quick ? QUICK_RUNS : RUNS;
const command = options.quick ? 'npm run bench -- --quick' : 'npm run bench';

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 24) {
  console.error(`The budgets are for Node 24; this is Node ${process.version}. Run: npm run bench`);
  process.exit(2);
}

const progress = (text: string) => process.stderr.write(text);
const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
const bytes = (count = 0) => `${count.toLocaleString('en-US')} B`;

/** The bytes of an esbuild metafile's only output, grouped by source. */
const breakdownOf = (metafile: Metafile) =>
  bytesBySource(Object.values(metafile.outputs)[0]?.inputs ?? {});

/**
 * `npm run build`, then a private copy of every bundle and metafile: a test run elsewhere
 * rebuilding `dist/` meanwhile cannot pull a file from under a measurement.
 */
const buildAndCopy = async (workDir: string): Promise<Target[]> => {
  for (let attempt = 1; ; attempt++) {
    const built = await buildAll();
    try {
      return await Promise.all(
        built.map(async ({ name }) => {
          const dir = join(workDir, name);
          await mkdir(dir, { recursive: true });
          const bundle = join(dir, 'index.mjs');
          await copyFile(join(root, 'dist', name, 'index.mjs'), bundle);
          const metafile = JSON.parse(
            await readFile(join(root, 'dist', `${name}.meta.json`), 'utf8'),
          ) as Metafile;
          const bench = benchTargets[name];
          const { size } = await stat(bundle);
          const sdkClients = sdkClientsOf(await readFile(bundle, 'utf8'));
          return {
            data: emptyMeasured(name, size, breakdownOf(metafile), bench !== undefined, sdkClients),
            bundle,
            bench,
          };
        }),
      );
    } catch (error) {
      if (attempt >= 3) throw error;
      progress(`dist/ changed while it was copied (${(error as Error).message}); building again\n`);
    }
  }
};

/** Each floor's source, and its name in the results. */
const FLOORS: Record<FloorKind, { source: string; name: string }> = {
  http: { source: join(root, 'bench', 'floor', 'index.mjs'), name: 'floor' },
  event: { source: join(root, 'bench', 'floor', 'event.mjs'), name: 'event floor' },
};
/** The floors' sources as written (they import bench/floor/sign-in.mjs). */
const floorSourceBytes: Record<string, number> = {};

/** A floor, minified with the functions' own esbuild options so that sizes compare. */
const buildFloor = async (kind: FloorKind, workDir: string): Promise<Target> => {
  const { source, name } = FLOORS[kind];
  floorSourceBytes[name] = (await stat(source)).size;
  const bundle = join(workDir, name.replace(' ', '-'), 'index.mjs');
  const { metafile } = await build({ ...bundleOptions, entryPoints: [source], outfile: bundle });
  const { size } = await stat(bundle);
  return {
    data: emptyMeasured(
      name,
      size,
      breakdownOf(metafile),
      true,
      sdkClientsOf(await readFile(bundle, 'utf8')),
    ),
    bundle,
    bench: floorTargets[kind],
  };
};

/** What the measured processes talk to: IAM and BCS, and the AWS services of the event functions. */
interface Services {
  sim: Simulator;
  aws: Awaited<ReturnType<typeof startAwsStandIns>>;
}

/** One measured process against a simulator reset to the constant BCS answers. */
const runChild = async (
  { sim, aws }: Services,
  target: Target,
  spec: Omit<ChildSpec, 'bundle' | 'event' | 'expect'>,
  workDir: string,
): Promise<{ result: ChildResult; signIns: number }> => {
  // Loading (the bundle, or the SDK clients it imports) needs no event; every other mode
  // invokes the function.
  const loadsOnly = spec.mode === 'load' || spec.mode === 'sdk';
  const bench = target.bench ?? (loadsOnly ? { event: () => null, expect: {} } : undefined);
  if (!bench) throw new Error(`no event is known for ${target.data.name}`);
  sim.reset();
  for (const fault of bcsAnswers) sim.inject(fault);
  // Only what is set: the measured process gets no inherited settings (bench/measure.ts).
  const env = Object.fromEntries(
    Object.entries(simulatorEnv(sim, target.bench?.floor === 'event' ? aws.env : {})).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const failedBefore = aws.failures.length;
  const result = await measure(
    {
      ...spec,
      bundle: target.bundle,
      event: bench.event(),
      expect: bench.expect,
      placeholder: INVOCATION,
    },
    env,
    workDir,
  );
  if (result.failures > 0) {
    throw new Error(
      `${result.failures} of ${result.invocations} invocations did not answer ` +
        `${JSON.stringify(bench.expect)}; the first answered ${result.unexpected}`,
    );
  }
  const failed = aws.failures.slice(failedBefore);
  if (failed.length > 0) {
    throw new Error(`${failed.length} invocation(s) did not succeed; the first: ${failed[0]}`);
  }
  return { result, signIns: sim.signInCount() };
};

/**
 * `rounds` rounds over the targets, each round in a rotated order (ABC, BCA, CAB, ...). A
 * target whose measurement fails is reported and left out of the rest of the run.
 */
const interleaved = async (
  label: string,
  targets: readonly Target[],
  rounds: number,
  one: (target: Target, round: number) => Promise<void>,
) => {
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    progress(`\r${label}: round ${round + 1}/${rounds}`);
    const shift = round % targets.length;
    for (const target of [...targets.slice(shift), ...targets.slice(0, shift)]) {
      if (target.data.error !== undefined) continue;
      try {
        await one(target, round);
      } catch (error) {
        target.data.error = (error as Error).message;
        progress(`\n${target.data.name}: ${target.data.error}\n`);
      }
    }
  }
  progress(
    `\r${label}: ${rounds} rounds in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
};

/**
 * Module load is measured for every bundle; the invocations only for the floor and the
 * functions bench/functions.ts has an event for.
 */
const measureAll = async (services: Services, all: readonly Target[], workDir: string) => {
  const targets = all.filter((target) => target.bench !== undefined);
  // Load and cold processes alternate within each round, so that both see the same machine.
  const fresh = Math.max(runs.load, runs.cold);
  await interleaved('module load and cold first invocation', all, fresh, async (target, round) => {
    if (round < runs.load) {
      const { result } = await runChild(services, target, { mode: 'load' }, workDir);
      target.data.loadMs.push(result.loadMs ?? Number.NaN);
    }
    if (round < runs.cold && target.bench !== undefined) {
      const { result } = await runChild(services, target, { mode: 'cold' }, workDir);
      target.data.coldMs.push(result.firstInvocationMs ?? Number.NaN);
      target.data.coldLoadMs.push(result.loadMs ?? Number.NaN);
    }
  });
  // A pass of its own: these processes are heavier and would disturb the timings above.
  const usingSdk = all.filter((target) => target.data.sdkClients.length > 0);
  await interleaved(
    'AWS SDK clients imported on first use',
    usingSdk,
    runs.load,
    async (target) => {
      const spec = { mode: 'sdk' as const, modules: target.data.sdkClients };
      const { result } = await runChild(services, target, spec, workDir);
      target.data.sdkLoadMs.push(result.loadMs ?? Number.NaN);
    },
  );
  await interleaved('warm invocations', targets, runs.warm, async (target) => {
    const spec = { mode: 'warm', warmup: runs.warmup, calls: runs.warmCalls } as const;
    const { result } = await runChild(services, target, spec, workDir);
    target.data.warmMs.push(...(result.samples ?? []));
    target.data.maxRssKb.push(result.maxRssKb ?? Number.NaN);
    target.data.rssAnonKb.push(result.rssAnonKb ?? Number.NaN);
    target.data.rssFileKb.push(result.rssFileKb ?? Number.NaN);
    target.data.heapUsedBytes.push(result.heapUsedBytes ?? Number.NaN);
    target.data.logBytesPerCall = result.stdoutBytes / result.invocations;
  });
  await interleaved('concurrent cold invocations', targets, runs.concurrent, async (target) => {
    const spec = { mode: 'concurrent', concurrency: BUDGETS.concurrency } as const;
    const { signIns } = await runChild(services, target, spec, workDir);
    target.data.signIns.push(signIns);
  });
};

/** The 1-minute load average when the run began: the bench shares the machine. */
const loadAverage = { start: os.loadavg()[0] ?? Number.NaN };

/** A function's measurements and the floor they are compared with. */
interface Compared {
  fn: Measured;
  floor: Measured;
}

const report = (floors: Record<FloorKind, Measured>, functions: readonly Compared[]) => {
  const floor = floors.http;
  const cpus = os.cpus();
  const lines = [
    '## Benchmark: each function next to the floor',
    '',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version} (every measured process: ${process.execPath.replace(root, '')})`,
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; load average ` +
      `${loadAverage.start.toFixed(2)} at the start, ${os.loadavg()[0]?.toFixed(2)} at the end ` +
      '(other work on the machine widens the spreads)',
    `- command: \`${command}\``,
    `- runs per target: module load ${runs.load} processes; cold first invocation ${runs.cold} ` +
      `processes; warm ${runs.warm} process(es) × ${runs.warmCalls.toLocaleString('en-US')} ` +
      `calls after ${runs.warmup} warm-up calls; ${runs.concurrent} process(es) × ` +
      `${BUDGETS.concurrency} concurrent cold invocations; targets interleaved round by round`,
    `- floors (remove-channel-orgs, measured minified by esbuild with the functions' build ` +
      'options): `bench/floor/index.mjs` for the HTTP functions (and the size and load of the ' +
      `Slack ones), ${bytes(floorSourceBytes.floor)} as written; \`bench/floor/event.mjs\` for ` +
      `the event functions, ${bytes(floorSourceBytes['event floor'])} as written, which also claims ` +
      'the request in the idempotency table, records its outcome and publishes it, with the same ' +
      'AWS SDK clients (both share `bench/floor/sign-in.mjs`)',
    '- every target runs in its own Node 24 process against the simulator, BCS answering a ' +
      'constant 200; the event targets also against in-memory stand-ins for DynamoDB, ' +
      'EventBridge and SQS in the bench process (bench/aws-stand-ins.ts), each invocation a new ' +
      'request (its own correlation id)',
  ];
  if (options.quick) {
    lines.push('', '> **Quick run**: fewer runs than a verdict needs; results.md not written.');
  }
  const broken: string[] = [];
  const flagged: string[] = [];
  for (const { fn, floor: itsFloor } of functions) {
    const rows = rowsFor(fn, itsFloor);
    lines.push('', `### ${fn.name}`, '', `Compared with: the ${itsFloor.name}.`, '');
    lines.push(markdownTable(rows), '');
    lines.push(`Bytes by source: ${breakdownText(fn.breakdown)}.`);
    if (fn.invocable && fn.error === undefined) {
      const coldLoad = [...fn.coldLoadMs].sort((a, b) => a - b)[fn.coldLoadMs.length >> 1] ?? 0;
      lines.push(
        `Cold start, import part: median ${coldLoad.toFixed(2)} ms. ` +
          `Log output: ${Math.round(fn.logBytesPerCall ?? 0)} bytes per warm invocation.`,
      );
    }
    for (const row of rows) {
      if (row.ok === false)
        broken.push(`${fn.name}: ${row.figure} is ${row.value} (budget ${row.budget})`);
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
  for (const each of Object.values(floors)) {
    if (each.error !== undefined) broken.push(`${each.name}: measurement failed: ${each.error}`);
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
    'Method: module load is `performance.now()` around `await import(bundle)` in a fresh ' +
      'process that has already imported `node:http`; cold first invocation is the same clock ' +
      'from before the import to the first answer (IAM sign-in and BCS call included; for the ' +
      'event functions and their floor also the import of the AWS SDK clients, the claim, the ' +
      'record and the published outcome); warm ' +
      'figures pool the timed calls of all warm processes (p99 interpolated); sign-ins are ' +
      'counted by the simulator.',
    '',
    'Memory: every measured process runs with the V8 flags Lambda gives a 128 MB function ' +
      `(\`${LAMBDA_128_MB_FLAGS.join(' ')}\`). Peak RSS is the process's own high-water mark ` +
      "(`VmHWM`; `resourceUsage().maxRSS` would carry the bench parent's peak over fork + " +
      "exec), the highest of the target's warm processes; anonymous and file-backed RSS and " +
      'the heap (`heapUsed` after a forced GC) are read at the end of the warm loop.' +
      (floor.maxRssKb.length > 0
        ? ` The bare floor itself peaks at ${mib(Math.max(...floor.maxRssKb))}, ` +
          `${mib(Math.max(...floor.rssFileKb))} of it file-backed pages of the node binary ` +
          "(shared, reclaimable): an RSS threshold would measure Node and this machine's " +
          'load, not the function, so the budgets bound the anonymous RSS (what must fit) ' +
          'and what the function adds over the floor.'
        : ''),
    '',
    'AWS SDK clients: the build leaves `@aws-sdk/*` out of the bundles (the Lambda runtime ' +
      'provides it) and each client is imported on first use, so its cost is in neither the ' +
      "bundle's size nor its module load (the event functions' cold invocation, and their " +
      "floor's, include the clients they use). " +
      "The row times importing every client a bundle may import (this repository's " +
      'node_modules, one after the other, `node:http` already loaded). A deployment pays it ' +
      'once per cold start, for the clients that start needs: Secrets Manager in every ' +
      'function (the Huawei credentials, or the Slack signing secret; the bench gives the ' +
      'credentials in the environment instead), ' +
      'DynamoDB for the idempotency table, EventBridge for outcomes, SQS only to dead-letter a ' +
      'message, Lambda to hand a Slack command to the worker. The floor reads its credentials ' +
      'from its environment and uses none.',
  );
  return { markdown: `${lines.join('\n')}\n`, broken };
};

const main = async (): Promise<number> => {
  const started = performance.now();
  const workDir = await mkdtemp(join(os.tmpdir(), 'bcs-offboard-bench-'));
  let sim: Simulator | undefined;
  let aws: Services['aws'] | undefined;
  try {
    progress('building the bundles and the floors\n');
    const functions = await buildAndCopy(workDir);
    const floors = {
      http: await buildFloor('http', workDir),
      event: await buildFloor('event', workDir),
    };
    // The bundles import the AWS SDK (the Lambda runtime's) from node_modules, as in Lambda.
    await symlink(join(root, 'node_modules'), join(workDir, 'node_modules'), 'dir');
    sim = await startSimulator();
    aws = await startAwsStandIns();
    await measureAll({ sim, aws }, [floors.http, floors.event, ...functions], workDir);
    const floorOf = (target: Target) => floors[target.bench?.floor ?? 'http'].data;
    for (const target of functions) {
      if (floorOf(target).error !== undefined) {
        target.data.error ??= `the ${floorOf(target).name} could not be measured`;
      }
    }
    const { markdown, broken } = report(
      { http: floors.http.data, event: floors.event.data },
      functions.map((target) => ({ fn: target.data, floor: floorOf(target) })),
    );
    console.log(markdown);
    if (!options.quick) {
      await writeFile(join(root, 'bench', 'results.md'), markdown);
      progress('written to bench/results.md\n');
    }
    progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    if (broken.length > 0) {
      console.error(
        `\n${broken.length} budget(s) broken:\n${broken.map((b) => `  - ${b}`).join('\n')}`,
      );
      return 1;
    }
    return 0;
  } finally {
    await sim?.stop();
    await aws?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
};

process.exitCode = await main();
