/**
 * `npm run bench` (`-- --quick` for a short development run): builds the bundles and the
 * floors (bench/floor/, one per kind of function: bare handlers making the same calls over
 * `fetch`) and measures each function next to its floor, in one run:
 *
 * - minified bundle bytes (and where they come from, from esbuild's metafile);
 * - module load: `await import(bundle)` in fresh processes, `node:http` already loaded;
 * - cold first invocation (import + every call), secrets in the environment, full speed;
 * - the import of the AWS SDK clients a bundle loads on first use, while any bundle does;
 * - warm invocations: a process of the function and one of its floor run together, paired;
 * - IAM sign-ins for 50 concurrent cold invocations;
 * - peak RSS and live heap of a warm process;
 * - the deployed shape's first invocation (secrets from Secrets Manager) with each process
 *   held to the CPU share of 128 MB (bench/cpu-share.ts), a function's process and its
 *   floor's started together: the figures users feel.
 *
 * Every measured handler runs in its own child process (bench/child.mjs, Node 24); the
 * simulator and the stand-ins of AWS and Slack run here. Targets are interleaved round by
 * round so that drift of the machine falls on all of them alike. It prints the results
 * (bench/results-page.ts), writes them to bench/results.md (full runs only) and exits 1 when
 * a budget is broken or a measurement failed. Interrupted, it stops its processes and removes
 * its cgroups and files.
 */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Simulator, startSimulator } from '../simulator/index.ts';
import { startAwsStandIns } from './aws-stand-ins.ts';
import { BUDGETS, QUICK_RUNS, RUNS } from './budgets.ts';
import { type CpuGroup, type CpuShares, createCpuShares } from './cpu-share.ts';
import { benchSecrets, environmentOf, type Shape } from './environment.ts';
import { bcsAnswers, type Effect, type FloorKind, INVOCATION } from './functions.ts';
import {
  type ChildResult,
  type ChildSpec,
  runInTurns,
  runTogether,
  stopChildren,
} from './measure.ts';
import type { CpuLimit, Memory } from './report.ts';
import { startResponseUrlStandIn } from './response-url-stand-in.ts';
import { resultsPage } from './results-page.ts';
import { median } from './stats.ts';
import { buildFloor, buildFunctions, FLOORS, floorSourceBytes, type Target } from './targets.ts';

const root = new URL('..', import.meta.url).pathname;

const { values: options } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const runs = options.quick ? QUICK_RUNS : RUNS;
const command = options.quick ? 'npm run bench -- --quick' : 'npm run bench';

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 24) {
  console.error(`The budgets are for Node 24; this is Node ${process.version}. Run: npm run bench`);
  process.exit(2);
}

const progress = (text: string) => process.stderr.write(text);

/** What the measured processes talk to: IAM and BCS, AWS, and Slack's `response_url`. */
interface Services {
  sim: Simulator;
  aws: Awaited<ReturnType<typeof startAwsStandIns>>;
  slack: Awaited<ReturnType<typeof startResponseUrlStandIn>>;
}

/** One process of a measurement: what runs, how, and the cgroup it runs in, if any. */
interface Run {
  target: Target;
  spec: Pick<
    ChildSpec,
    'mode' | 'warmup' | 'calls' | 'turn' | 'concurrency' | 'modules' | 'waitForGo'
  >;
  group?: CpuGroup | undefined;
}

const EFFECTS: readonly Effect[] = ['published', 'invoked', 'posted', 'queued', 'ended'];

/** What the invocations so far left in the stand-ins. */
const effectsOf = ({ aws, slack }: Services): Record<Effect, number> => {
  const { published, invoked, queued, ended } = aws.counts();
  return { published, invoked, posted: slack.succeeded(), queued, ended };
};

/**
 * One measurement: processes started together (bench/measure.ts: `runTogether`, or
 * `runInTurns` for warm pairs) against a simulator reset to the constant BCS answers, then
 * checked: every answer as expected, nothing failed in the stand-ins, and every invocation's
 * effect there (an outcome published, a hand-over to the worker, a success posted to Slack,
 * the next look-up of an operation queued), and no other.
 */
const measureGroup = async (
  services: Services,
  group: readonly Run[],
  shape: Shape,
  workDir: string,
  start: typeof runTogether = runTogether,
): Promise<{ results: ChildResult[]; signIns: number }> => {
  const { sim, aws, slack } = services;
  sim.reset();
  for (const fault of bcsAnswers) sim.inject(fault);
  const env = environmentOf(shape, { sim, awsEnv: aws.env, responseUrlHost: slack.host });
  const before = effectsOf(services);
  const failedBefore = { aws: aws.failures.length, slack: slack.failures.length };
  const invokes = ({ spec }: Run) => spec.mode !== 'load' && spec.mode !== 'sdk';
  const processes = group.map((member) => {
    const { target, spec } = member;
    if (invokes(member) && target.bench === undefined) {
      throw new Error(`no event is known for ${target.data.name}`);
    }
    const bench = invokes(member) ? target.bench : undefined;
    return {
      spec: {
        ...spec,
        bundle: target.bundle,
        event: bench?.event({ responseUrl: slack.url('bench') }) ?? null,
        expect: bench === undefined ? {} : bench.expect,
        placeholder: INVOCATION,
      },
      env,
      group: member.group,
    };
  });
  const results = await start(processes, workDir);
  results.forEach((result, index) => {
    if (result.failures > 0) {
      throw new Error(
        `${group[index]?.target.data.name}: ${result.failures} of ${result.invocations} ` +
          `invocations did not answer ${JSON.stringify(processes[index]?.spec.expect)}; ` +
          `the first answered ${result.unexpected}`,
      );
    }
  });
  const failed = [
    ...aws.failures.slice(failedBefore.aws),
    ...slack.failures.slice(failedBefore.slack),
  ];
  if (failed.length > 0) {
    throw new Error(`${failed.length} invocation(s) did not succeed; the first: ${failed[0]}`);
  }
  const after = effectsOf(services);
  for (const effect of EFFECTS) {
    const expected = group.reduce(
      (sum, member, index) =>
        invokes(member) && member.target.bench?.effect === effect
          ? sum + (results[index]?.invocations ?? 0)
          : sum,
      0,
    );
    const left = after[effect] - before[effect];
    if (left !== expected) {
      throw new Error(
        `${expected} invocation(s) should each have left one ${effect} outcome; ${left} did`,
      );
    }
  }
  return { results, signIns: sim.signInCount() };
};

/**
 * `rounds` rounds over the items, each round in a rotated order (ABC, BCA, CAB, ...). An item
 * whose measurement fails is reported and left out of the rest of the run.
 */
const interleaved = async (
  label: string,
  items: readonly Target[],
  rounds: number,
  one: (target: Target, round: number) => Promise<void>,
) => {
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    progress(`\r${label}: round ${round + 1}/${rounds}`);
    const shift = round % Math.max(1, items.length);
    for (const target of [...items.slice(shift), ...items.slice(0, shift)]) {
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

/** A function and its floor as a pair, in an order that alternates round by round. */
const pair = (fn: Run, floor: Run, round: number): Run[] =>
  round % 2 === 0 ? [fn, floor] : [floor, fn];
/** The results of {@link pair}, as `[function's, floor's]`. */
const unpair = <T>([first, second]: T[], round: number): [T, T] =>
  (round % 2 === 0 ? [first, second] : [second, first]) as [T, T];

/** The memory of a warm process at the end of its loop. */
const memoryOf = (result: ChildResult): Memory => ({
  maxRssKb: result.maxRssKb ?? Number.NaN,
  rssAnonKb: result.rssAnonKb ?? Number.NaN,
  rssFileKb: result.rssFileKb ?? Number.NaN,
  heapUsedBytes: result.heapUsedBytes ?? Number.NaN,
});

/**
 * Every measurement of every target: module load for every bundle; the invocations for the
 * floors and the functions bench/functions.ts has an event for, each paired with its floor
 * where a figure is a comparison made at the same moment.
 */
const measureAll = async (
  services: Services,
  floors: Record<FloorKind, Target>,
  functions: readonly Target[],
  cpu: CpuShares,
  workDir: string,
) => {
  const alone = async (target: Target, spec: Run['spec']) => {
    const { results, signIns } = await measureGroup(services, [{ target, spec }], 'local', workDir);
    return { result: results[0] as ChildResult, signIns };
  };
  const floorOf = (target: Target) => floors[target.bench?.floor ?? 'http'];
  const all = [...Object.values(floors), ...functions];
  const invocable = functions.filter((target) => target.bench !== undefined);

  // Load and cold processes alternate within each round, so that both see the same machine.
  const fresh = Math.max(runs.load, runs.cold);
  await interleaved('module load and cold first invocation', all, fresh, async (target, round) => {
    if (round < runs.load) {
      const { result } = await alone(target, { mode: 'load' });
      target.data.loadMs.push(result.loadMs ?? Number.NaN);
    }
    if (round < runs.cold && target.bench !== undefined) {
      const { result } = await alone(target, { mode: 'cold' });
      target.data.coldMs.push(result.firstInvocationMs ?? Number.NaN);
      target.data.coldLoadMs.push(result.loadMs ?? Number.NaN);
    }
  });
  // A pass of its own: these processes are heavier and would disturb the timings above.
  const usingSdk = all.filter((target) => target.data.sdkClients.length > 0);
  if (usingSdk.length > 0) {
    await interleaved('AWS SDK clients imported on first use', usingSdk, runs.load, async (t) => {
      const { result } = await alone(t, { mode: 'sdk', modules: t.data.sdkClients });
      t.data.sdkLoadMs.push(result.loadMs ?? Number.NaN);
    });
  }
  await interleaved(
    'warm invocations, paired in turns',
    invocable,
    runs.warm,
    async (target, round) => {
      const floor = floorOf(target);
      const spec = {
        mode: 'warm',
        warmup: runs.warmup,
        calls: runs.warmCalls,
        turn: runs.warmTurn,
      } as const;
      const group = pair({ target, spec }, { target: floor, spec }, round);
      const { results } = await measureGroup(services, group, 'local', workDir, runInTurns);
      const [own, its] = unpair(results, round);
      target.data.warmMs.push(...(own.samples ?? []));
      target.data.floorWarmMs.push(...(its.samples ?? []));
      target.data.warmPairs.push({
        fn: median(own.samples ?? []),
        floor: median(its.samples ?? []),
      });
      target.data.memory.push(memoryOf(own));
      target.data.floorMemory.push(memoryOf(its));
      floor.data.memory.push(memoryOf(its));
      target.data.logBytesPerCall = own.stdoutBytes / own.invocations;
    },
  );
  const signingIn = all.filter((target) => target.bench?.signsIn === true);
  await interleaved('concurrent cold invocations', signingIn, runs.concurrent, async (target) => {
    const spec = { mode: 'concurrent', concurrency: BUDGETS.concurrency } as const;
    const { signIns } = await alone(target, spec);
    target.data.signIns.push(signIns);
  });
  const share = cpu.limited ? `at the ${BUDGETS.lambdaMemoryMb} MB CPU share` : 'NOT CPU-limited';
  await interleaved(
    `deployed first invocation ${share}, paired`,
    invocable,
    runs.deployed,
    async (target, round) => {
      const floor = floorOf(target);
      const spec = { mode: 'cold', waitForGo: true } as const;
      const [first, second] = cpu.limited ? cpu.groups : [];
      const group = pair(
        { target, spec, group: first },
        { target: floor, spec, group: second },
        round,
      );
      const { results } = await measureGroup(services, group, 'deployed', workDir);
      const [own, its] = unpair(results, round);
      target.data.deployedMs.push({
        fn: own.firstInvocationMs ?? Number.NaN,
        floor: its.firstInvocationMs ?? Number.NaN,
      });
      target.data.deployedCpuMs.push({
        fn: own.firstInvocationCpuMs ?? Number.NaN,
        floor: its.firstInvocationCpuMs ?? Number.NaN,
      });
    },
  );
  for (const target of functions) {
    const floor = floorOf(target).data;
    if (floor.error !== undefined) {
      target.data.error ??= `the ${floor.name} could not be measured`;
    }
  }
};

const main = async (): Promise<number> => {
  const started = performance.now();
  const loadAverageAtStart = os.loadavg()[0] ?? Number.NaN;
  // Inside the repository: the bundles import `@aws-sdk/*` from its node_modules (bench/targets.ts).
  await mkdir(join(root, '.bench-runs'), { recursive: true });
  const workDir = await mkdtemp(join(root, '.bench-runs', 'run-'));
  const cpu = createCpuShares(2, BUDGETS.lambdaMemoryMb);
  const cleanUp = () => {
    stopChildren();
    cpu.remove();
    rmSync(workDir, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`\n${signal}: stopping the measured processes, removing cgroups and files\n`);
      cleanUp();
      process.exit(130);
    });
  }
  progress(
    cpu.limited
      ? `deployed runs held to ${cpu.share} (${cpu.settings})\n`
      : `deployed runs not CPU-limited: ${cpu.reason}\n`,
  );
  let services: Services | undefined;
  try {
    progress('building the bundles and the floors\n');
    const functions = await buildFunctions(workDir);
    const kinds = Object.keys(FLOORS) as FloorKind[];
    const floors = Object.fromEntries(
      await Promise.all(kinds.map(async (kind) => [kind, await buildFloor(kind, workDir)])),
    ) as Record<FloorKind, Target>;
    services = {
      sim: await startSimulator(),
      aws: await startAwsStandIns({ secrets: benchSecrets() }),
      slack: await startResponseUrlStandIn(),
    };
    await measureAll(services, floors, functions, cpu, workDir);
    const cpus = os.cpus();
    const cpuLimit: CpuLimit = cpu.limited
      ? { limited: true, share: cpu.share, settings: cpu.settings }
      : { limited: false, reason: cpu.reason };
    const { markdown, broken } = resultsPage(
      {
        date: new Date(),
        node: `${process.version} (every measured process: ${process.execPath.replace(root, '')})`,
        cpus: `${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores`,
        loadAverage: { start: loadAverageAtStart, end: os.loadavg()[0] ?? Number.NaN },
        command,
        quick: options.quick,
        runs,
        floors: await Promise.all(
          kinds.map(async (kind) => ({
            name: FLOORS[kind].name,
            source: FLOORS[kind].source,
            bytes: await floorSourceBytes(kind),
          })),
        ),
        cpu: cpuLimit,
      },
      kinds.map((kind) => floors[kind].data),
      functions.map((target) => ({
        fn: target.data,
        floor: floors[target.bench?.floor ?? 'http'].data,
      })),
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
    await services?.sim.stop();
    await services?.aws.stop();
    await services?.slack.stop();
    cpu.remove();
    await rm(workDir, { recursive: true, force: true });
    // Another run's folder may still be there.
    await rmdir(join(root, '.bench-runs')).catch(() => undefined);
  }
};

process.exitCode = await main();
