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
  mutate: [
    'lib/iam/**/*.ts',
    'lib/schemas/**/*.ts',
    // Error classes, their codes and the gateway's answer for each.
    'lib/errors/**/*.ts',
    'lib/callers/slack/verify-signature.ts',
    'lib/callers/slack/verify-request.ts',
    'lib/upstream/call-upstream.ts',
    'lib/bcs/**/*.ts',
    // The request pipeline every caller shares, and the event callers' adapters.
    'lib/pipeline/**/*.ts',
    'lib/callers/sqs.ts',
    'lib/callers/eventbridge.ts',
    'lib/callers/operation-tracker.ts',
    // Configuration read once per container, and the tracking of BCS operations.
    'lib/config/**/*.ts',
    'lib/tracking/**/*.ts',
    // Where clampMessage and the log cut text.
    'lib/text/**/*.ts',
    // Request signing, the AWS clients and the secrets they read.
    'lib/signing/**/*.ts',
    'lib/aws/**/*.ts',
    'lib/credentials/**/*.ts',
    'lib/callers/slack/signing-secret.ts',
    // What stops a request from running twice.
    'lib/idempotency/idempotency-store.ts',
    'lib/idempotency/idempotency-key.ts',
    'lib/json/json-object.ts',
  ],
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
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: '.stryker-tmp',
};
