/**
 * What `npm run mutate` mutates, and the tests each scope runs against its
 * mutants (issue 20, part 2). A toolkit scope's tests are the unit properties
 * that import its folder directly (unitTestsImporting): running the whole
 * suite against every mutant of a matrix routine would cost a minute per
 * mutant. A paper's
 * constructions (src/papers/<paper>) are run against that paper's claim suite
 * and goldens (properties/<paper>*.test.ts) and the unit properties that
 * import them. Mutants that no test of their scope reaches count as "no
 * coverage", against the score.
 */
export interface MutationScope {
  /** the folder's name in reports/mutation/summary.json */
  folder: string;
  mutate: string[];
  /** test files (globs) run against this scope's mutants */
  tests: string[];
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const unit = (names: string[]) => names.map((n) => `properties/unit/${n}.test.ts`);

/** a paper's constructions, against its claim suites and goldens (the claims' runs are capped at 10 like any property) */
const paper = (name: string, suites: string[], units: string[] = []): MutationScope => ({
  folder: `src/papers/${name}`,
  mutate: [`src/papers/${name}/**/*.ts`, `!src/papers/${name}/index.ts`],
  tests: [...suites.map((n) => `properties/${n}.test.ts`), ...unit(units)],
});

/** the scope's name in file names: src/papers/cnn → papers-cnn */
export const scopeName = (scope: MutationScope) => scope.folder.replace(/^src\//, '').replace(/\//g, '-');

/**
 * The unit properties that import a folder of src/ directly (`from '../../src/<folder>/…'`), read from the test
 * files themselves, so a new test file joins the scopes it tests. (A hand-kept list missed the tests of
 * src/model/float32-bound.ts and symmetry.ts, whose mutants then counted as not covered.) The mutation run's
 * vitest configuration leaves out the tests that spawn processes.
 */
export function unitTestsImporting(folder: string): string[] {
  const dir = 'properties/unit';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => readFileSync(join(dir, f), 'utf8').includes(`'../../src/${folder}/`))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/** a toolkit folder (but the files left out), against the unit properties that import it and the suites named */
const toolkit = (folder: string, leaveOut: string[] = [], suites: string[] = []): MutationScope => ({
  folder: `src/${folder}`,
  mutate: [`src/${folder}/**/*.ts`, `!src/${folder}/index.ts`, ...leaveOut.map((f) => `!src/${folder}/${f}`)],
  tests: [...unitTestsImporting(folder), ...suites.map((n) => `properties/${n}.test.ts`)],
});

export const SCOPES: readonly MutationScope[] = [
  toolkit('linalg'),
  // the tfjs bridge (tf.ts, tfjs-model.ts) is left out; float32-bound.ts, which gives the tfjs comparison its
  // tolerances, is tested by that comparison (the tf oracle: tfjs against the exact and float64 paths)
  toolkit('model', ['tf.ts', 'tfjs-model.ts'], ['tf-oracle']),
  toolkit('landscape'),
  paper('cnn', ['cnn', 'cnn-images', 'cnn-pooling', 'cnn-repair', 'cnn-split', 'cnn-theorem3']),
  paper('ding2019', ['ding2019', 'ding2019-deep', 'ding2019-n2', 'ding2019-phase'], ['smooth-second-order']),
  paper('he2020', ['he2020'], ['ce-bounds']),
  paper('liu-cpwl', ['liu-cpwl'], ['connected-inputs']),
  paper('liu1h', ['liu1h'], ['ascent']),
];
