import { defineConfig } from 'vitest/config';

// Every run also writes vitest's JSON report to reports/vitest-results.json;
// .ci/run reads it to print the plain "N passed, N failed" line.
export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts'],
    exclude: ['properties/helpers/**'],
    // every property stops (and fails) after 100 s, shrinking included: see the file
    setupFiles: ['properties/helpers/setup.ts'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest-results.json' }]],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
