/**
 * Mutation testing of the modules where a silent change costs most (`npm run test:mutation`:
 * over half an hour on two cores the first time, then only what changed; a group at a time with
 * `npx stryker run --mutate` and a glob of one folder). Scores, and the surviving mutants
 * judged equivalent, are in docs/mutation-testing.md.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // The unit and property tests of the mutated modules: vitest.mutation.config.ts says why.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // Every module of lib/ (issue 11: at least 90 % for every file). lib/index.ts only
  // re-exports and has no mutant.
  mutate: ['lib/**/*.ts'],
  // Each mutant runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  // A run after a small change re-tests only the mutants it touches (reports/ is gitignored).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // TypeScript 7 has no JS API: Stryker's TypeScript checker cannot run, and its rewrite of
  // tsconfig.json (which calls that API) is skipped by naming a file that does not exist. The
  // tsconfig has no `extends` or `references` for it to rewrite anyway.
  tsconfigFile: 'no-tsconfig-for-stryker.json',
  concurrency: 2,
  // The first run of every unit test of lib/ (with per-test coverage) takes over 5 minutes,
  // Stryker's default limit, on a busy two-core machine.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: '.stryker-tmp',
};
