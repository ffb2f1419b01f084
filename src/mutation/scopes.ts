/**
 * What `npm run mutate` mutates, and the tests each scope runs against its
 * mutants (issue 20, part 2). A scope's tests are the unit properties that
 * import its folder directly: running the whole suite against every mutant of
 * a matrix routine would cost a minute per mutant. Mutants that no test of
 * their scope reaches count as "no coverage", against the score.
 */
export interface MutationScope {
  /** the folder's name in reports/mutation/summary.json */
  folder: string;
  mutate: string[];
  /** test files (globs) run against this scope's mutants */
  tests: string[];
}

const unit = (names: string[]) => names.map((n) => `properties/unit/${n}.test.ts`);

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
];
