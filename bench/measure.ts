/**
 * Runs measured processes (bench/child.mjs) with Node 24 (`process.execPath`) and returns what
 * they measured. Each is a new process: a truly cold module instance. Processes run alone or
 * several started together: either all at once, each waiting once started for a go before it
 * imports the bundle (so that it can be put in a cgroup first, bench/cpu-share.ts), or in
 * turns of timed calls (so that they share the moments of the machine without competing for
 * its cores).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const child = new URL('./child.mjs', import.meta.url).pathname;
/**
 * The V8 flags Lambda's Node.js bootstrap (/var/runtime/bootstrap) gives a 128 MB function:
 * `--expose-gc`, new space = memory / 10 split in two semi-spaces, old space = the rest.
 * Without them V8 sizes its heap for this machine's memory and a warm process peaks near
 * 150 MiB RSS, which says nothing about a 128 MB Lambda.
 */
export const LAMBDA_128_MB_FLAGS = [
  '--expose-gc',
  '--max-http-header-size=81920',
  '--max-semi-space-size=6',
  '--max-old-space-size=116',
];
/** A measured process that takes longer than this is stuck: it is killed and reported. */
const CHILD_TIMEOUT_MS = 120_000;

export type Mode = 'load' | 'cold' | 'warm' | 'concurrent' | 'sdk';

export interface ChildSpec {
  mode: Mode;
  /** Absolute path of the module exporting `handler`. */
  bundle: string;
  event: unknown;
  /** Every answer must hold these fields; `undefined`: the handler must answer nothing. */
  expect: Record<string, unknown> | undefined;
  /** Replaced in the event by an id of each invocation's own. */
  placeholder?: string;
  warmup?: number;
  calls?: number;
  concurrency?: number;
  /** `sdk` mode: the packages to import, in order. */
  modules?: string[];
  /** Wait, once started, for {@link RunningChild.go} before anything is imported or timed. */
  waitForGo?: boolean;
  /** `warm` mode: after the warm-up, time the calls in turns of this many, each on a go. */
  turn?: number;
}

export interface ChildResult {
  loadMs?: number;
  firstInvocationMs?: number;
  /** CPU time (user + system) from before the import to the first answer, `cold` mode. */
  firstInvocationCpuMs?: number;
  samples?: number[];
  wallMs?: number;
  maxRssKb?: number;
  rssAnonKb?: number;
  rssFileKb?: number;
  heapUsedBytes?: number;
  heapTotalBytes?: number;
  externalBytes?: number;
  invocations: number;
  /** Invocations whose answer did not match `expect`, and the first such answer. */
  failures: number;
  unexpected?: string;
  /** Bytes the function wrote to stdout (its log lines), as Lambda would ship them. */
  stdoutBytes: number;
}

let runs = 0;
/** The processes running now, to be stopped if the bench is interrupted. */
const running = new Set<ChildProcess>();

/**
 * Kills every measured process still running (the bench was interrupted).
 *
 * @example
 * ```ts
 * process.once('SIGINT', () => { stopChildren(); process.exit(130); });
 * ```
 */
export const stopChildren = (): void => {
  for (const proc of running) proc.kill('SIGKILL');
};

/** A measured process, started. */
export interface RunningChild {
  pid: number;
  /**
   * Settles when it waits for a go (`ready`): before its import (`spec.waitForGo`), before each
   * turn (`spec.turn`); or when it has ended (`ended`).
   */
  waiting(): Promise<'ready' | 'ended'>;
  /** Lets a waiting process go on. */
  go(): void;
  /** What it measured, once it ended; rejects when it failed. */
  result: Promise<ChildResult>;
  kill(): void;
}

/**
 * Spawns `node bench/child.mjs` with only the function's own environment (no NODE_OPTIONS or
 * other inherited settings).
 *
 * @example
 * ```ts
 * const child = await launch({ ...spec, waitForGo: true }, env, workDir);
 * await child.waiting();
 * cpuGroup.add(child.pid);
 * child.go();
 * const result = await child.result;
 * ```
 */
export const launch = async (
  spec: ChildSpec,
  env: Record<string, string>,
  workDir: string,
): Promise<RunningChild> => {
  runs += 1;
  const specPath = join(workDir, `spec-${runs}.json`);
  const out = join(workDir, `result-${runs}.json`);
  await writeFile(specPath, JSON.stringify({ ...spec, out }));
  // A go is a message: only the processes that wait for one get a channel.
  const goes = spec.waitForGo === true || spec.turn !== undefined;
  const proc = spawn(process.execPath, [...LAMBDA_128_MB_FLAGS, child, specPath], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(goes ? (['ipc'] as const) : [])],
  });
  running.add(proc);
  let stdoutBytes = 0;
  let stderr = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  /** `ready` messages not yet awaited, and whoever awaits the next. */
  let readies = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  proc.on('message', () => {
    readies += 1;
    wake?.();
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const exit = new Promise<number | null>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (exitCode, signal) => resolve(signal ? null : exitCode));
  }).finally(() => {
    clearTimeout(timer);
    running.delete(proc);
    ended = true;
    wake?.();
  });
  const result = exit.then(async (code) => {
    if (code !== 0) {
      throw new Error(
        `the ${spec.mode} process for ${spec.bundle} ${code === null ? 'was killed' : `exited with ${code}`}` +
          (stderr ? `:\n${stderr.trim()}` : ''),
      );
    }
    const measured = JSON.parse(await readFile(out, 'utf8')) as Omit<ChildResult, 'stdoutBytes'>;
    return { ...measured, stdoutBytes };
  });
  // Awaited by the caller, unless another process of its group failed first.
  result.catch(() => undefined);
  const waiting = async (): Promise<'ready' | 'ended'> => {
    while (readies === 0 && !ended) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    wake = undefined;
    if (readies === 0) return 'ended';
    readies -= 1;
    return 'ready';
  };
  return {
    pid: proc.pid ?? 0,
    waiting,
    go: () => proc.send('go'),
    result,
    kill: () => proc.kill('SIGKILL'),
  };
};

/** A process to run with others: what it runs, with which environment, in which cgroup. */
export interface GroupMember {
  spec: ChildSpec;
  env: Record<string, string>;
  group?: { add(pid: number): void } | undefined;
}

/**
 * Starts `members` together and hands over their results, in order; if one fails, the others
 * are stopped. `drive` lets them go (see {@link runTogether}, {@link runInTurns}).
 */
const runGroup = async (
  members: readonly GroupMember[],
  workDir: string,
  drive: (children: RunningChild[]) => Promise<void>,
): Promise<ChildResult[]> => {
  const children = await Promise.all(members.map(({ spec, env }) => launch(spec, env, workDir)));
  try {
    await drive(children);
    return await Promise.all(children.map((child) => child.result));
  } catch (error) {
    for (const child of children) child.kill();
    await Promise.allSettled(children.map((child) => child.result));
    throw error;
  }
};

/** Waits until `child` waits for a go; if it ended instead, throws why. */
const readyOrFailed = async (child: RunningChild) => {
  if ((await child.waiting()) === 'ready') return;
  await child.result;
  throw new Error('a measured process ended before its go');
};

/**
 * Runs processes at the same moment: all started, then (those waiting for a go, once each
 * waits) each moved into its cgroup if it has one, then all let go at once.
 *
 * @example
 * ```ts
 * const [fn, floor] = await runTogether([
 *   { spec: fnSpec, env, group: cpu.groups[0] },
 *   { spec: floorSpec, env, group: cpu.groups[1] },
 * ], workDir);
 * ```
 */
export const runTogether = (
  members: readonly GroupMember[],
  workDir: string,
): Promise<ChildResult[]> =>
  runGroup(members, workDir, async (children) => {
    const waiting = children.filter((_, index) => members[index]?.spec.waitForGo);
    await Promise.all(waiting.map(readyOrFailed));
    children.forEach((child, index) => {
      members[index]?.group?.add(child.pid);
    });
    for (const child of waiting) child.go();
  });

/**
 * Runs `warm` processes in turns: started together (their warm-ups at the same time), then
 * each let go for one turn of timed calls while the others wait, in order, until all are done.
 * They share the moments of the machine, turn by turn, and never compete for its cores.
 *
 * @example
 * ```ts
 * const [fn, floor] = await runInTurns([
 *   { spec: { ...fnSpec, mode: 'warm', turn: 50 }, env },
 *   { spec: { ...floorSpec, mode: 'warm', turn: 50 }, env },
 * ], workDir);
 * ```
 */
export const runInTurns = (
  members: readonly GroupMember[],
  workDir: string,
): Promise<ChildResult[]> =>
  runGroup(members, workDir, async (children) => {
    const states = await Promise.all(children.map((child) => child.waiting()));
    while (states.includes('ready')) {
      for (const [index, child] of children.entries()) {
        if (states[index] !== 'ready') continue;
        child.go();
        // Its turn is over when it waits again, or has ended.
        states[index] = await child.waiting();
      }
    }
  });

/**
 * Runs one measured process alone and returns what it measured.
 *
 * @example
 * ```ts
 * const { loadMs } = await measure({ mode: 'load', bundle, event: null, expect: {} }, env, workDir);
 * ```
 */
export const measure = async (
  spec: ChildSpec,
  env: Record<string, string>,
  workDir: string,
): Promise<ChildResult> => {
  const [result] = await runTogether([{ spec, env }], workDir);
  if (result === undefined) throw new Error('no result');
  return result;
};
