import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/log-capture.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    coverage: {
      provider: 'v8',
      include: ['lib/**/*.ts'],
      reporter: ['text-summary', 'html'],
      // The floor as last measured (npm run test:coverage, the event callers included), rounded
      // down: a change that lowers it is noticed.
      thresholds: { lines: 97, branches: 92, functions: 95, statements: 96 },
    },
  },
});
