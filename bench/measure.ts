/**
 * Runs one measured process (bench/child.mjs) with Node 24 (`process.execPath`) and returns
 * what it measured. Each call is a new process: a truly cold module instance.
 */
import { spawn } from 'node:child_process';
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
}

export interface ChildResult {
  loadMs?: number;
  firstInvocationMs?: number;
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

/**
 * Spawns `node bench/child.mjs` with only the function's own environment (no NODE_OPTIONS or
 * other inherited settings) and waits for its result.
 */
export const measure = async (
  spec: ChildSpec,
  env: Record<string, string>,
  workDir: string,
): Promise<ChildResult> => {
  runs += 1;
  const specPath = join(workDir, `spec-${runs}.json`);
  const out = join(workDir, `result-${runs}.json`);
  await writeFile(specPath, JSON.stringify({ ...spec, out }));
  const proc = spawn(process.execPath, [...LAMBDA_128_MB_FLAGS, child, specPath], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdoutBytes = 0;
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
  });
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (exitCode, signal) => resolve(signal ? null : exitCode));
  }).finally(() => clearTimeout(timer));
  if (code !== 0) {
    throw new Error(
      `the ${spec.mode} process for ${spec.bundle} ${code === null ? 'was killed' : `exited with ${code}`}` +
        (stderr ? `:\n${stderr.trim()}` : ''),
    );
  }
  const result = JSON.parse(await readFile(out, 'utf8')) as Omit<ChildResult, 'stdoutBytes'>;
  return { ...result, stdoutBytes };
};
