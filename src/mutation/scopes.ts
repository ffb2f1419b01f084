/**
 * What `npm run mutate` mutates, and the tests each scope runs against its
 * mutants (issue 20, part 2). A toolkit scope's tests are the unit properties
 * that import its folder directly: running the whole suite against every
 * mutant of a matrix routine would cost a minute per mutant. A paper's
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

const unit = (names: string[]) => names.map((n) => `properties/unit/${n}.test.ts`);

/** a paper's constructions, against its claim suites and goldens (the claims' runs are capped at 10 like any property) */
const paper = (name: string, suites: string[], units: string[] = []): MutationScope => ({
  folder: `src/papers/${name}`,
  mutate: [`src/papers/${name}/**/*.ts`, `!src/papers/${name}/index.ts`],
  tests: [...suites.map((n) => `properties/${n}.test.ts`), ...unit(units)],
});

/** the scope's name in file names: src/papers/cnn → papers-cnn */
export const scopeName = (scope: MutationScope) => scope.folder.replace(/^src\//, '').replace(/\//g, '-');

export const SCOPES: readonly MutationScope[] = [
  {
    folder: 'src/linalg',
    mutate: ['src/linalg/**/*.ts', '!src/linalg/index.ts'],
    tests: unit([
      'linalg',
      'linalg-float',
      'polynomial',
      'errors',
      'degenerate',
      'rank-limited',
      'second-order-screen',
      'polynomial-activation',
      'landscape-soundness',
      'lower-search',
    ]),
  },
  {
    folder: 'src/model',
    mutate: ['src/model/**/*.ts', '!src/model/index.ts', '!src/model/tf.ts', '!src/model/tfjs-model.ts'],
    tests: unit([
      'model',
      'model-goldens',
      'model-stride-maxpool',
      'affine',
      'param-name',
      'structured-hessian',
      'numeric',
      'output-fit',
      'errors',
    ]),
  },
  {
    folder: 'src/landscape',
    mutate: ['src/landscape/**/*.ts', '!src/landscape/index.ts'],
    tests: unit([
      'landscape',
      'landscape-soundness',
      'snap',
      'optimise',
      'boundary-kkt',
      'ascent',
      'cell-curves',
      'curve-outputs',
      'degenerate',
      'descent-hinges',
      'global-bounds',
      'lower-search',
      'output-fit',
      'plane-cells',
      'rank-limited',
      'receptive-field',
      'second-order-screen',
      'smooth-second-order',
      'ce-bounds',
      'dead-layers',
      'connected-inputs',
      'define',
      'model-stride-maxpool',
      'polynomial-activation',
    ]),
  },
  paper('cnn', ['cnn', 'cnn-images', 'cnn-pooling', 'cnn-repair', 'cnn-split', 'cnn-theorem3']),
  paper('ding2019', ['ding2019', 'ding2019-deep', 'ding2019-n2', 'ding2019-phase'], ['smooth-second-order']),
  paper('he2020', ['he2020'], ['ce-bounds']),
  paper('liu-cpwl', ['liu-cpwl'], ['connected-inputs']),
  paper('liu1h', ['liu1h'], ['ascent']),
];
