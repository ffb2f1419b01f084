import { defineConfig } from 'vitest/config';
import CollectionFailuresAsFailedTests from './collection-failures.js';

/**
 * The tests `npm run mutate` runs against each mutant (./stryker.config.json):
 * the unit properties, which exercise the toolkit and the constructions
 * directly and quickly. The claim suites (properties/*.test.ts) and the tests
 * that spawn the CLI are left out: they would make one mutant cost minutes.
 */
export default defineConfig({
  test: {
    // the scope's test files (./run.ts sets them), else every unit property but those that spawn processes
    include: process.env.SPURIOUS_MUTATE_TESTS?.split(',') ?? ['properties/unit/**/*.test.ts'],
    exclude: [
      'properties/helpers/**',
      'properties/unit/cli.test.ts',
      'properties/unit/cli-contract.test.ts',
      'properties/unit/hostile-saves.test.ts',
      'properties/unit/own-claims.test.ts',
      'properties/unit/check-model.test.ts',
      'properties/unit/property-time-limit.test.ts',
      'properties/unit/registry.test.ts',
      'properties/unit/store.test.ts',
    ],
    setupFiles: ['properties/helpers/setup.ts'],
    testTimeout: 120_000,
    // one module graph for all files: a mutant is switched on at run time (Stryker's instrumentation), so the
    // files need not be re-imported for each mutant, which would cost minutes per mutant
    isolate: false,
    // at most 10 runs of each property against a mutant (properties/helpers/setup.ts, maxRuns)
    env: { SPURIOUS_TEST_MAX_RUNS: '10' },
    // a file that fails while it is collected counts as a failed test (./collection-failures.ts: Stryker's
    // vitest runner otherwise scores a mutant that breaks it as survived)
    reporters: ['default', new CollectionFailuresAsFailedTests()],
  },
});
