import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run test:mutation`): every unit and property
 * test of `lib/`, whose modules are all mutated (see stryker.config.mjs). A module's own tests
 * are the ones that must notice a change to it. The bundle tests of `test/functions` run the
 * built bundles, where no mutant ever is. With `perTest` coverage, each mutant runs only the
 * tests that reach it.
 */
export default defineConfig({
  test: {
    // A run of one group of modules may name its own tests (comma-separated globs): a *static*
    // mutant (in code that runs while a module loads) runs every test of the set, and with
    // all of test/lib that is about a minute per static mutant on two cores.
    include: process.env.MUTATION_TESTS?.split(',') ?? ['test/lib/**/*.test.ts'],
    // moto_server round trips: a Python server for every mutant would not fit in a run.
    exclude: ['**/*.moto.test.ts', '**/node_modules/**'],
    setupFiles: ['test/helpers/log-capture.ts', 'test/helpers/build-schemas.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
