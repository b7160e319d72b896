import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run test:mutation`): the unit and property
 * tests of the mutated modules (see stryker.config.mjs), which import them directly. A module's
 * own tests are the ones that must notice a change to it. The bundle tests of `test/functions`
 * run the built bundles, where no mutant ever is, and the tests of other modules would make a
 * run last twice as long for the few mutants only they kill.
 * The event callers and the Slack worker are the pipeline's users: their tests are the ones
 * that run it end to end.
 */
export default defineConfig({
  test: {
    include: [
      'test/lib/aws/**/*.test.ts',
      'test/lib/bcs/**/*.test.ts',
      'test/lib/callers/event-callers.test.ts',
      'test/lib/callers/events/**/*.test.ts',
      'test/lib/callers/operation-tracker.test.ts',
      'test/lib/callers/slack/signing-secret*.test.ts',
      'test/lib/callers/slack/slack-worker.test.ts',
      'test/lib/callers/slack/verify-request.test.ts',
      'test/lib/callers/slack/verify-signature*.test.ts',
      'test/lib/credentials/**/*.test.ts',
      'test/lib/config/**/*.test.ts',
      'test/lib/errors/**/*.test.ts',
      'test/lib/iam/**/*.test.ts',
      'test/lib/idempotency/idempotency-key*.test.ts',
      'test/lib/idempotency/idempotency-store*.test.ts',
      'test/lib/idempotency/shared-idempotency-store.test.ts',
      'test/lib/json/json-object*.test.ts',
      'test/lib/pipeline/**/*.test.ts',
      'test/lib/schemas/**/*.test.ts',
      'test/lib/signing/**/*.test.ts',
      'test/lib/text/**/*.test.ts',
      'test/lib/tracking/**/*.test.ts',
      'test/lib/upstream/**/*.test.ts',
    ],
    // moto_server round trips: a Python server for every mutant would not fit in a run.
    exclude: ['**/*.moto.test.ts', '**/node_modules/**'],
    setupFiles: ['test/helpers/log-capture.ts', 'test/helpers/build-schemas.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
