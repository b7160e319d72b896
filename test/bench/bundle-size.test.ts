/**
 * The budgets that are stable enough for `npm test`: bundle sizes and what a bundle holds.
 * Timings never go here; they are `npm run bench`'s. The bundles are built by the vitest
 * globalSetup before any test runs.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUDGETS } from '../../bench/budgets.ts';
import { functionNames } from '../../scripts/build.ts';

const dist = new URL('../../dist/', import.meta.url).pathname;
const names = await functionNames();
/**
 * Every function but the Slack ones must carry no Slack code. The operation tracker is one of
 * them: it posts an operation's end to the `response_url` of the command that started it.
 */
const SLACK_FUNCTIONS = /slack|^operation-tracker$/i;
const notSlack = names.filter((name) => !SLACK_FUNCTIONS.test(name));

describe('bundle sizes', () => {
  it.each(names)(
    'dist/%s/index.mjs is at most 30 KB, read strictly as 30,000 bytes, minified',
    async (name) => {
      // Prepare
      const bundle = join(dist, name, 'index.mjs');

      // Act
      const { size } = await stat(bundle);

      // Assess
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThanOrEqual(BUDGETS.bundleBytes);
    },
  );
});

describe('what a bundle carries', () => {
  it.each(notSlack)('dist/%s/index.mjs holds no Slack code', async (name) => {
    // Prepare
    const metafile = JSON.parse(
      await readFile(join(dist, `${name}.meta.json`), 'utf8'),
    ) as Metafile;
    const text = await readFile(join(dist, name, 'index.mjs'), 'utf8');

    // Act
    const inputs = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    const slackMentions = text.match(/slack/gi) ?? [];

    // Assess
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((input) => /slack/i.test(input))).toEqual([]);
    expect(text).not.toMatch(/x-slack-signature|x-slack-request-timestamp|hooks\.slack\.com/i);
    expect(slackMentions).toEqual([]);
  });
});

describe('what a bundle carries (middy)', () => {
  const withoutMiddy = names.filter((name) => !name.startsWith('http-'));

  it.each(withoutMiddy)(
    "dist/%s/index.mjs holds neither middy nor its errors' mapping",
    async (name) => {
      // Prepare
      const metafile = JSON.parse(
        await readFile(join(dist, `${name}.meta.json`), 'utf8'),
      ) as Metafile;

      const text = await readFile(join(dist, name, 'index.mjs'), 'utf8');

      // Act
      const inputs = Object.values(metafile.outputs).flatMap((output) =>
        Object.keys(output.inputs),
      );

      // Assess
      expect(inputs.length).toBeGreaterThan(0);
      expect(inputs.filter((input) => /@middy|body-parser-error/.test(input))).toEqual([]);
      expect(text).not.toContain('Content-Type must be application/json');
    },
  );
});

describe('what a bundle costs to load', () => {
  it.each(names)(
    'dist/%s/index.mjs imports no Node built-in as an ES module and holds no \\p{…} pattern',
    async (name) => {
      // Prepare
      const text = await readFile(join(dist, name, 'index.mjs'), 'utf8');

      // Act
      // A built-in's ES module facade reads all its exports (node:crypto loads Web Crypto, over
      // a millisecond): scripts/build.ts takes them with process.getBuiltinModule instead.
      const builtinImports = text.match(/\b(?:from|import)\s*["']node:[^"']+["']/g) ?? [];
      // A \p{…} property escape costs a quarter of a millisecond of ICU set-up, even unused.
      const propertyEscapes = text.match(/\\p\{[^}]*\}/g) ?? [];

      // Assess
      expect(builtinImports).toEqual([]);
      expect(propertyEscapes).toEqual([]);
    },
  );
});
