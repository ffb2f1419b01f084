/**
 * A vitest reporter for the mutation runs only (./vitest.config.ts): a test file or `describe` body that throws
 * while vitest collects it becomes one failed test.
 *
 * Why: Stryker's vitest runner (@stryker-mutator/vitest-runner 9.6.1, `VitestTestRunner.run`) builds a
 * mutant's result from the tests it finds under each file (`collectTestsFromSuite`), and counts the mutant
 * killed only if one of them failed. A mutant that makes a file throw during collection (a fixture computed in
 * a `describe` body, a table built at import) leaves that file with no tests, so the mutant counted as
 * survived although the file fails (stryker-js#6150, still open). No Stryker option changes this. With
 * `ignoreStatic` off (./run.ts) every static mutant runs this way, so the false survivors were many.
 *
 * The reporter runs when a run ends, before Stryker reads the results, and gives every failed suite (a file or
 * a `describe`) that holds no failed test one failed test carrying the suite's errors. A suite that passed, or
 * that already holds a failed test, is left alone.
 */
import type { RunnerTestCase, RunnerTestFile, RunnerTestSuite } from 'vitest';
import type { Vitest } from 'vitest/node';
import type { Reporter } from 'vitest/reporters';

const hasFailedTest = (suite: RunnerTestSuite | RunnerTestFile): boolean =>
  suite.tasks.some((t) => (t.type === 'suite' ? hasFailedTest(t) : t.result?.state === 'fail'));

/** Adds the failed tests (see the module comment) under `suite`; returns how many it added. */
export function markCollectionFailures(suite: RunnerTestSuite | RunnerTestFile): number {
  let added = 0;
  for (const t of suite.tasks) if (t.type === 'suite') added += markCollectionFailures(t);
  if (suite.result?.state !== 'fail' || hasFailedTest(suite)) return added;
  // a test object as vitest's collector makes one, minus the context only vitest can build (nothing reads it
  // once the run has ended)
  const failed = {
    type: 'test',
    id: `${suite.id}_collection`,
    name: `${suite.name} is collected without an error`,
    mode: 'run',
    meta: {},
    file: suite.file,
    suite,
    timeout: 0,
    annotations: [],
    artifacts: [],
    result: { state: 'fail', errors: suite.result.errors ?? [] },
  };
  suite.tasks.push(failed as unknown as RunnerTestCase);
  return added + 1;
}

export default class CollectionFailuresAsFailedTests implements Reporter {
  private vitest: Vitest | undefined;
  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }
  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) markCollectionFailures(file);
  }
}
