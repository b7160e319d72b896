/**
 * `npm run build`: one minified ESM bundle per file of `functions/`, at
 * `dist/<function>/index.mjs`, exporting `handler`. Each bundle holds only what its own
 * function imports. esbuild's metafile for each goes beside the folder (`dist/<function>.meta.json`,
 * not packaged) to show what every byte is.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

export const functionNames = async (): Promise<string[]> =>
  (await readdir(join(root, 'functions')))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();

export const buildAll = async (): Promise<{ name: string; bytes: number }[]> => {
  await rm(dist, { recursive: true, force: true });
  const names = await functionNames();
  return Promise.all(
    names.map(async (name) => {
      const outfile = join(dist, name, 'index.mjs');
      const result = await build({
        entryPoints: [join(root, 'functions', `${name}.ts`)],
        outfile,
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'node',
        target: 'node24',
        // The Lambda runtime provides the AWS SDK v3; it is loaded lazily, only where used.
        external: ['@aws-sdk/*'],
        metafile: true,
        legalComments: 'none',
        logLevel: 'warning',
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
