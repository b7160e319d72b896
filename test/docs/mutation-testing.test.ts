/**
 * Every mutant of lib/ marked equivalent (`// Stryker disable next-line`) says which mutators
 * and why, and docs/mutation-testing.md lists it: a mark is a claim that no test could notice
 * the change, and each must be read again when its code changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/serverless.ts';

/** Every TypeScript file under `dir`, as a path from the repository's root. */
const sourcesUnder = (dir: string): string[] =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => relative(root, join(root, dir, name)));

interface Mark {
  file: string;
  line: number;
  text: string;
}

/** Each comment of lib/ that tells Stryker to leave something out. */
const marks: Mark[] = sourcesUnder('lib').flatMap((file) =>
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .flatMap((text, index) =>
      /\/\/ Stryker (disable|restore)/.test(text) ? [{ file, line: index + 1, text }] : [],
    ),
);

const MARK = /\/\/ Stryker disable next-line ([A-Za-z]+(?:,[A-Za-z]+)*): (\S.{9,})$/;

describe('mutants marked equivalent in lib/', () => {
  it('are marked one line at a time, each naming its mutators and saying why', () => {
    // Act
    const unexplained = marks.filter(({ text }) => !MARK.test(text));

    // Assess
    expect(marks.length).toBeGreaterThan(0);
    expect(unexplained).toEqual([]);
  });

  it('are each listed in docs/mutation-testing.md, with the file and its mutators', () => {
    // Prepare
    const listed = readFileSync(join(root, 'docs/mutation-testing.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('- `lib/'));

    // Act
    const missing = marks.flatMap(({ file, line, text }) => {
      const mutators = MARK.exec(text)?.[1]?.split(',') ?? [];
      const found = listed.some(
        (item) => item.startsWith(`- \`${file}\``) && mutators.every((name) => item.includes(name)),
      );
      return found ? [] : [`${file}:${line} ${mutators.join(',')}`];
    });

    // Assess
    expect(missing).toEqual([]);
  });
});
