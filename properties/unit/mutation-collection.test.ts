// The mutation runs' reporter (src/mutation/collection-failures.ts): a test file or describe body that throws
// while vitest collects it becomes one failed test, which Stryker's vitest runner then sees (it reads only the
// tests under each file, and a file that failed to collect has none: stryker-js#6150).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunnerTask, RunnerTestFile, RunnerTestSuite } from 'vitest';
import { createVitest } from 'vitest/node';
import CollectionFailuresAsFailedTests, { markCollectionFailures } from '../../src/mutation/collection-failures.js';

/** The tests under a suite, as Stryker's runner walks them (collectTestsFromSuite). */
const testsOf = (t: RunnerTask): RunnerTask[] => (t.type === 'suite' ? t.tasks.flatMap(testsOf) : [t]);

describe('markCollectionFailures, on tasks written by hand', () => {
  const suite = (name: string, state: 'pass' | 'fail' | undefined, tasks: RunnerTask[] = []) =>
    ({
      type: 'suite',
      id: name,
      name,
      mode: 'run',
      tasks,
      meta: {},
      result: state && { state },
    }) as unknown as RunnerTestSuite & RunnerTestFile;
  const test = (name: string, state: 'pass' | 'fail') =>
    ({ type: 'test', id: name, name, mode: 'run', meta: {}, result: { state } }) as unknown as RunnerTask;

  // kills: the added test's failed state, the skip of suites that hold a failed test or passed, the recursion
  it('a failed file with no tests gets one failed test; so does a failed describe inside a file, once', () => {
    const empty: RunnerTestFile = suite('a.test.ts', 'fail');
    expect(markCollectionFailures(empty)).toBe(1);
    expect(testsOf(empty).map((t) => [t.name, t.result?.state])).toEqual([
      ['a.test.ts is collected without an error', 'fail'],
    ]);
    const inner = suite('fixtures', 'fail');
    const file: RunnerTestFile = suite('b.test.ts', 'fail', [test('passes', 'pass'), inner]);
    expect(markCollectionFailures(file)).toBe(1);
    expect(testsOf(file).map((t) => t.result?.state)).toEqual(['pass', 'fail']);
    expect(inner.tasks).toHaveLength(1);
  });

  it('a passing file, and a failed one that already holds a failed test, are left alone', () => {
    const passing: RunnerTestFile = suite('c.test.ts', 'pass', [test('passes', 'pass')]);
    const failing: RunnerTestFile = suite('d.test.ts', 'fail', [suite('d', 'fail', [test('fails', 'fail')])]);
    expect(markCollectionFailures(passing) + markCollectionFailures(failing)).toBe(0);
    expect(testsOf(passing)).toHaveLength(1);
    expect(testsOf(failing)).toHaveLength(1);
  });
});

describe('CollectionFailuresAsFailedTests in a real vitest run', () => {
  // kills: the reporter not registered (onInit), or run before the results exist; and guards against a vitest
  // upgrade that changes where a collection error is kept
  it('a file whose describe body throws ends with a failed test in vitest’s state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collection-'));
    writeFileSync(
      join(dir, 'throws.test.ts'),
      "import { describe, it } from 'vitest';\ndescribe('fixtures', () => {\n  throw new Error('a fixture broke');\n  it('never collected', () => {});\n});\n",
    );
    const vitest = await createVitest(
      'test',
      { root: dir, config: false, watch: false, reporters: [new CollectionFailuresAsFailedTests()] },
      {},
    );
    try {
      await vitest.start();
      const tests = vitest.state.getFiles().flatMap(testsOf);
      expect(tests.map((t) => t.result?.state)).toEqual(['fail']);
      expect(tests[0].result?.errors?.[0]?.message).toBe('a fixture broke');
    } finally {
      await vitest.close();
    }
  }, 60_000);
});
