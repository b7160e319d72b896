/**
 * `npm run build`: one minified ESM bundle per file of `functions/`, at
 * `dist/<function>/index.mjs`, exporting `handler`. Each bundle holds only what its own
 * function imports. esbuild's metafile for each goes beside the folder (`dist/<function>.meta.json`,
 * not packaged) to show what every byte is.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

export const functionNames = async (): Promise<string[]> =>
  (await readdir(join(root, 'functions')))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();

/**
 * The Node built-ins the bundles import, each with the names imported from it. The bundles
 * take them with `process.getBuiltinModule`, not as ES modules: the ES module facade of a
 * built-in reads every one of its exports at once, so that `node:timers` (in @middy/core)
 * also loads `node:timers/promises`, and `node:crypto` (Slack signatures) Web Crypto: 0.4 and
 * 1.2 ms of a cold start. Importing a name missing here fails the build.
 */
const BUILTINS: Record<string, string[]> = {
  'node:crypto': ['createHash', 'createHmac', 'createSecretKey', 'timingSafeEqual'],
  'node:http': ['STATUS_CODES'],
  'node:timers': ['setTimeout', 'clearTimeout'],
};

const builtinsByValue: Plugin = {
  name: 'builtins-by-value',
  setup: (build) => {
    build.onResolve({ filter: /^node:/ }, ({ path }) =>
      Object.hasOwn(BUILTINS, path) ? { path, namespace: 'builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({
      contents: `export const { ${BUILTINS[path]?.join(', ')} } = process.getBuiltinModule('${path}');`,
    }));
  },
};

/** How every bundle is built (and the benchmark's floor, so that they compare). */
export const bundleOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  // Arrow functions are kept as written. Written as `function` expressions instead (esbuild's
  // `supported: { arrow: false }`, used until the AWS SDK went), every bundle was 7 % larger:
  // 2.4 KB of the worker's 30 KB, now needed for request signing and the AWS calls. Their
  // module load differed by less than the noise of `npm run bench` (see docs/performance.md).
  supported: {
    // Node 24 has \p{...} in regular expressions: without this, esbuild 0.28 would turn each
    // such literal into a `new RegExp(...)` run at load. (The bundles hold none: one costs ICU
    // set-up at load all the same, test/bench/bundle-size.test.ts.)
    'regexp-unicode-property-escapes': true,
  },
  plugins: [builtinsByValue],
  metafile: true,
  legalComments: 'none',
  // Text such as `…` as its UTF-8 bytes (Node reads a module as UTF-8), not as `\u2026`.
  charset: 'utf8',
  logLevel: 'warning',
} as const satisfies BuildOptions;

export const buildAll = async (): Promise<{ name: string; bytes: number }[]> => {
  await rm(dist, { recursive: true, force: true });
  const names = await functionNames();
  return Promise.all(
    names.map(async (name) => {
      const outfile = join(dist, name, 'index.mjs');
      const result = await build({
        ...bundleOptions,
        entryPoints: [join(root, 'functions', `${name}.ts`)],
        outfile,
      });
      await mkdir(dist, { recursive: true });
      await writeFile(join(dist, `${name}.meta.json`), JSON.stringify(result.metafile));
      const bytes =
        result.metafile.outputs[Object.keys(result.metafile.outputs)[0] ?? '']?.bytes ?? 0;
      return { name, bytes };
    }),
  );
};

if (import.meta.main) {
  for (const { name, bytes } of await buildAll()) {
    console.log(`dist/${name}/index.mjs  ${(bytes / 1024).toFixed(1)} KiB`);
  }
}
