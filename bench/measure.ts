/**
 * Runs measured processes (bench/child.mjs) with Node 24 (`process.execPath`) and returns what
 * they measured. Each is a new process: a truly cold module instance. Processes run alone or
 * several at once, started together; a process may wait, once started, for a go before it
 * imports the bundle, so that it can be put in a cgroup first (bench/cpu-share.ts).
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
  /** Settles once it waits for its go (`spec.waitForGo`), or at once. */
  ready: Promise<void>;
  /** Lets it import the bundle and measure. */
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
 * await child.ready;
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
  const proc = spawn(process.execPath, [...LAMBDA_128_MB_FLAGS, child, specPath], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...env },
    // The go is a message: only the processes that wait for one get a channel.
    stdio: ['ignore', 'pipe', 'pipe', ...(spec.waitForGo ? (['ipc'] as const) : [])],
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
  const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const result = new Promise<number | null>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (exitCode, signal) => resolve(signal ? null : exitCode));
  })
    .finally(() => {
      clearTimeout(timer);
      running.delete(proc);
    })
    .then(async (code) => {
      if (code !== 0) {
        throw new Error(
          `the ${spec.mode} process for ${spec.bundle} ${code === null ? 'was killed' : `exited with ${code}`}` +
            (stderr ? `:\n${stderr.trim()}` : ''),
        );
      }
      const measured = JSON.parse(await readFile(out, 'utf8')) as Omit<ChildResult, 'stdoutBytes'>;
      return { ...measured, stdoutBytes };
    });
  // Awaited by the caller unless another process of its group failed first.
  result.catch(() => undefined);
  const ready = spec.waitForGo
    ? Promise.race([
        new Promise<void>((resolve) => proc.once('message', () => resolve())),
        result.then(() => {
          throw new Error(`the ${spec.mode} process for ${spec.bundle} ended before its go`);
        }),
      ])
    : Promise.resolve();
  return {
    pid: proc.pid ?? 0,
    ready,
    go: () => {
      if (spec.waitForGo) proc.send('go');
    },
    result,
    kill: () => proc.kill('SIGKILL'),
  };
};

/**
 * Runs processes together: all started, then (once each waits for its go) each moved into its
 * cgroup if it has one, then all let go at once. If one fails, the others are stopped.
 *
 * @example
 * ```ts
 * const [fn, floor] = await runTogether([
 *   { spec: fnSpec, env, group: cpu.groups[0] },
 *   { spec: floorSpec, env, group: cpu.groups[1] },
 * ], workDir);
 * ```
 */
export const runTogether = async (
  processes: readonly {
    spec: ChildSpec;
    env: Record<string, string>;
    group?: { add(pid: number): void } | undefined;
  }[],
  workDir: string,
): Promise<ChildResult[]> => {
  const children = await Promise.all(processes.map(({ spec, env }) => launch(spec, env, workDir)));
  try {
    await Promise.all(children.map((child) => child.ready));
    children.forEach((child, index) => {
      processes[index]?.group?.add(child.pid);
    });
    for (const child of children) child.go();
    return await Promise.all(children.map((child) => child.result));
  } catch (error) {
    for (const child of children) child.kill();
    await Promise.allSettled(children.map((child) => child.result));
    throw error;
  }
};

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
