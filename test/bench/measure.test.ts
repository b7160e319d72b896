/**
 * How the bench runs measured processes together (bench/measure.ts): real processes of
 * bench/child.mjs with a handler that only records who called it and when in order. Nothing
 * is timed: these tests check the order of events, never their durations.
 */
import { appendFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildSpec, runInTurns, runTogether } from '../../bench/measure.ts';

let dir: string;
let bundle: string;
const log = () => join(dir, 'calls.log');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcs-offboard-measure-'));
  bundle = join(dir, 'handler.mjs');
  // Each call appends the caller's pid to the log, synchronously, in the order of calls.
  await writeFile(
    bundle,
    `import { appendFileSync } from 'node:fs';
export const handler = async () => {
  appendFileSync(${JSON.stringify(log())}, process.pid + '\\n');
  return { ok: true };
};
`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spec = (overrides: Partial<ChildSpec>): ChildSpec => ({
  mode: 'warm',
  bundle,
  event: {},
  expect: { ok: true },
  warmup: 0,
  calls: 6,
  ...overrides,
});
const calls = async () => (await readFile(log(), 'utf8')).split('\n').filter(Boolean);

describe('runInTurns', () => {
  it('lets the processes make their timed calls in turns, one process after the other', async () => {
    // Prepare
    await writeFile(log(), '');
    const member = { spec: spec({ turn: 2 }), env: {} };

    // Act
    const results = await runInTurns([member, member], dir);

    // Assess
    const pids = await calls();
    const [first, second] = [pids[0], pids[2]];
    expect(first).not.toBe(second);
    expect(pids).toEqual([
      first,
      first,
      second,
      second,
      first,
      first,
      second,
      second,
      first,
      first,
      second,
      second,
    ]);
    expect(results.map((result) => result.samples?.length)).toEqual([6, 6]);
  });
});

describe('runTogether', () => {
  it('puts each waiting process in its group before any is let go, and hands back every result', async () => {
    // Prepare
    await writeFile(log(), '');
    const group = { add: (pid: number) => appendFileSync(log(), `group ${pid}\n`) };
    const member = { spec: spec({ mode: 'cold', waitForGo: true }), env: {}, group };

    // Act
    const results = await runTogether([member, member], dir);

    // Assess
    const lines = await calls();
    const grouped = lines.slice(0, 2).map((line) => line.replace('group ', ''));
    expect(lines.slice(0, 2).every((line) => line.startsWith('group '))).toBe(true);
    expect(lines.slice(2).sort()).toEqual(grouped.sort());
    expect(results.map((result) => result.failures)).toEqual([0, 0]);
  });

  it('fails with the reason of the process that failed', async () => {
    // Prepare
    const failing = { spec: spec({ mode: 'cold', bundle: join(dir, 'missing.mjs') }), env: {} };
    const waiting = { spec: spec({ mode: 'cold', waitForGo: true }), env: {} };

    // Act
    const run = runTogether([waiting, failing], dir);

    // Assess
    await expect(run).rejects.toThrow(/missing\.mjs/);
  });
});
