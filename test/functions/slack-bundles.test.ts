/**
 * What the Slack bundles hold (sizes of every bundle are checked in test/bench): the AWS SDK
 * only behind a dynamic import, loaded on first use, never at module load.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url).pathname;
const SLACK_FUNCTIONS = ['slack-command', 'slack-worker'];

describe('slack bundles', () => {
  it.each(SLACK_FUNCTIONS)('dist/%s imports the AWS SDK only dynamically', async (name) => {
    // Prepare
    const text = await readFile(join(dist, name, 'index.mjs'), 'utf8');

    // Act
    const staticImports = text.match(/(?:^|[;}])\s*import[^(;]*?from\s*["'][^"']+["']/g) ?? [];

    // Assess
    expect(staticImports.filter((line) => line.includes('@aws-sdk'))).toEqual([]);
    expect(text).toMatch(
      /import\("@aws-sdk\/client-secrets-manager"\)|import\("@aws-sdk\/client-lambda"\)/,
    );
  });

  it.each(SLACK_FUNCTIONS)('loading dist/%s loads no AWS SDK module', async (name) => {
    // Prepare
    const bundle = join(dist, name, 'index.mjs');
    const script = [
      "import { registerHooks } from 'node:module';",
      'const loaded = [];',
      'registerHooks({ resolve: (specifier, context, next) => {',
      "  if (specifier.startsWith('@aws-sdk/')) loaded.push(specifier);",
      '  return next(specifier, context); } });',
      `const module = await import(${JSON.stringify(bundle)});`,
      'console.log(JSON.stringify({ handler: typeof module.handler, loaded }));',
    ].join('\n');

    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      script,
    ]);

    // Assess
    expect(JSON.parse(stdout)).toEqual({ handler: 'function', loaded: [] });
  });
});
