/**
 * The README and docs/ stay one piece as text moves between them: every link to a file of the
 * repository finds the file, every link to a heading finds the heading (as GitHub names its
 * anchor), and the error catalogue lists every code of ours.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../lib/errors/error-codes.ts';
import { root } from '../helpers/serverless.ts';

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks, where `#` starts no heading and `[x](y)` is no link. */
const prose = (markdown: string): string =>
  markdown
    .split(/^```.*$/m)
    .filter((_, index) => index % 2 === 0)
    .join('\n');

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to `-`, repeats numbered. */
const anchorsOf = (markdown: string): Set<string> => {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (heading ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replaceAll(' ', '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
};

const read = (page: string) => readFileSync(join(root, page), 'utf8');

/** Every link of a page to a file of the repository or a heading: `[label](target)`. */
const localLinks = (page: string) =>
  [...prose(read(page)).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target));

describe('the README and docs/', () => {
  it.each(pages)('%s: every link finds its file and its heading', (page) => {
    // Act
    const broken = localLinks(page).filter((target) => {
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? join(root, page) : join(root, dirname(page), path);
      if (!existsSync(file)) return true;
      return (
        anchor !== undefined &&
        (!file.endsWith('.md') || !anchorsOf(readFileSync(file, 'utf8')).has(anchor))
      );
    });

    // Assess
    expect(localLinks(page).length).toBeGreaterThan(0);
    expect(broken, `broken links in ${page}`).toEqual([]);
  });

  it('links every page of docs/ from the README', () => {
    // Prepare
    const linked = new Set(localLinks('README.md').map((target) => target.split('#')[0]));

    // Act
    const unlinked = readdirSync(join(root, 'docs'))
      .map((name) => relative(root, join(root, 'docs', name)))
      .filter((path) => !linked.has(path));

    // Assess
    expect(unlinked).toEqual([]);
  });

  it('lists every error code of ours in the catalogue, with its status', () => {
    // Prepare
    const catalogue = read('docs/errors.md');

    // Act
    const missing = Object.values(ErrorCodes).filter(
      (code) => !catalogue.includes(`| \`${code}\` | ${code.slice(6, 9)} |`),
    );

    // Assess
    expect(missing).toEqual([]);
  });
});
