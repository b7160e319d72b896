/**
 * No AWS SDK at run time: every AWS call is a signed `fetch` (lib/aws), so a deployed function's
 * first invocation loads nothing beyond its bundle and Node's built-ins.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { functionNames } from '../../scripts/build.ts';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist');
const FUNCTIONS = await functionNames();

/** Every `.ts` file under `dir`, as paths relative to the repository. */
const sources = async (dir: string): Promise<string[]> =>
  (await readdir(join(root, dir), { recursive: true }))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));

describe('no AWS SDK at run time', () => {
  it.each(FUNCTIONS)('dist/%s names no module to import, the AWS SDK included', async (name) => {
    // Prepare
    const text = await readFile(join(dist, name, 'index.mjs'), 'utf8');

    // Act
    const imports = text.match(/\bimport\s*\(|\bfrom\s*["'`]|\bimport\s*["'`]|@aws-sdk/g) ?? [];

    // Assess
    expect(imports).toEqual([]);
  });

  it.each(FUNCTIONS)('loading dist/%s resolves no module but the bundle itself', async (name) => {
    // Prepare
    const bundle = join(dist, name, 'index.mjs');
    const script = [
      "import { registerHooks } from 'node:module';",
      'const resolved = [];',
      'registerHooks({ resolve: (specifier, context, next) => {',
      '  resolved.push(specifier);',
      '  return next(specifier, context); } });',
      `const module = await import(${JSON.stringify(bundle)});`,
      'console.log(JSON.stringify({ handler: typeof module.handler, resolved: resolved.slice(1) }));',
    ].join('\n');

    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      script,
    ]);

    // Assess
    expect(JSON.parse(stdout)).toEqual({ handler: 'function', resolved: [] });
  });

  it('lib/ and functions/ import no @aws-sdk package', async () => {
    // Prepare
    const files = [...(await sources('lib')), ...(await sources('functions'))];

    // Act
    const importing = [];
    for (const file of files) {
      if ((await readFile(join(root, file), 'utf8')).includes('@aws-sdk/')) importing.push(file);
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(importing).toEqual([]);
  });
});
