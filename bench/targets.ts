/**
 * What the benchmark measures: every function's bundle, as `npm run build` makes it, and the
 * floors (bench/floor/), minified with the functions' own esbuild options so that they
 * compare. Each is copied into the run's private folder, which lies inside the repository:
 * a test run rebuilding `dist/` meanwhile cannot pull a file from under a measurement, and
 * the bundles still find `@aws-sdk/*` in the repository's node_modules, as they find the
 * Lambda runtime's when deployed.
 */
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { buildAll, bundleOptions } from '../scripts/build.ts';
import { type BenchTarget, benchTargets, type FloorKind, floorTargets } from './functions.ts';
import { bytesBySource, emptyMeasured, type Measured } from './report.ts';
import { sdkClientsOf } from './sdk-clients.ts';

const root = new URL('..', import.meta.url).pathname;

/** A bundle to measure, how to invoke it, and what was measured of it. */
export interface Target {
  data: Measured;
  bundle: string;
  bench: BenchTarget | undefined;
}

/** Each floor's source, and its name in the results. */
export const FLOORS: Record<FloorKind, { source: string; name: string }> = {
  http: { source: 'bench/floor/index.mjs', name: 'HTTP floor' },
  'http-get': { source: 'bench/floor/http-get.mjs', name: 'HTTP GET floor' },
  event: { source: 'bench/floor/event.mjs', name: 'event floor' },
  'slack-command': { source: 'bench/floor/slack-command.mjs', name: 'slack-command floor' },
  'slack-worker': { source: 'bench/floor/slack-worker.mjs', name: 'slack-worker floor' },
  'slack-status': { source: 'bench/floor/slack-status.mjs', name: 'slack-status floor' },
  'operation-tracker': {
    source: 'bench/floor/operation-tracker.mjs',
    name: 'operation-tracker floor',
  },
};

/** The bytes of an esbuild metafile's only output, grouped by source. */
const breakdownOf = (metafile: Metafile) =>
  bytesBySource(Object.values(metafile.outputs)[0]?.inputs ?? {});

/** A target's record, from its bundle and metafile. */
const targetOf = async (
  name: string,
  bundle: string,
  metafile: Metafile,
  bench: BenchTarget | undefined,
): Promise<Target> => ({
  data: emptyMeasured({
    name,
    bytes: (await stat(bundle)).size,
    breakdown: breakdownOf(metafile),
    invocable: bench !== undefined,
    signsIn: bench?.signsIn ?? true,
    answersSlack: bench?.answersSlack ?? false,
    sdkClients: sdkClientsOf(await readFile(bundle, 'utf8')),
  }),
  bundle,
  bench,
});

/**
 * `npm run build`, then a copy of every bundle in `workDir`.
 *
 * @example
 * ```ts
 * const functions = await buildFunctions(workDir);
 * ```
 */
export const buildFunctions = async (workDir: string): Promise<Target[]> => {
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
          return targetOf(name, bundle, metafile, benchTargets[name]);
        }),
      );
    } catch (error) {
      if (attempt >= 3) throw error;
      process.stderr.write(
        `dist/ changed while it was copied (${(error as Error).message}); building again\n`,
      );
    }
  }
};

/**
 * A floor, minified into `workDir` with the functions' own esbuild options.
 *
 * @example
 * ```ts
 * const floor = await buildFloor('event', workDir);
 * ```
 */
export const buildFloor = async (kind: FloorKind, workDir: string): Promise<Target> => {
  const { source, name } = FLOORS[kind];
  const bundle = join(workDir, `floor-${kind}`, 'index.mjs');
  const { metafile } = await build({
    ...bundleOptions,
    entryPoints: [join(root, source)],
    outfile: bundle,
  });
  return targetOf(name, bundle, metafile, floorTargets[kind]);
};

/**
 * The size of each floor's sources as written (its own file and those it imports from
 * bench/floor/), for the results.
 *
 * @example
 * ```ts
 * await floorSourceBytes('http'); // 2,345
 * ```
 */
export const floorSourceBytes = async (kind: FloorKind): Promise<number> => {
  const { metafile } = await build({
    ...bundleOptions,
    entryPoints: [join(root, FLOORS[kind].source)],
    absWorkingDir: root,
    write: false,
    minify: false,
  });
  const sizes = await Promise.all(
    Object.keys(metafile.inputs)
      .filter((input) => input.startsWith('bench/floor/'))
      .map(async (input) => (await stat(join(root, input))).size),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
};
