/**
 * Report tables of the CNN paper built from several claims' verdicts (see
 * VerdictTableSpec): the cell texts come from the verdicts of the claims named.
 */
import type { VerdictTableSpec } from '../types.js';

// duplicates: two table specs (data of the same shape), not repeated logic
export const cnnTables: VerdictTableSpec[] = [
  {
    id: 'cnn.table.lemma6',
    paper: 'cnn',
    title: 'Is the Lemma 6 point θ a local minimum of the whole CNN?',
    caption:
      'Rows: the network of App. C (no pooling) and the general case of App. D (average pooling before the FC layer). Columns: θ as printed in eq. (23) (the reserved maps of layers L−2, L−1 with filter and bias 0) and our repair (the reserved maps strictly off, bias −1). Each cell is the verdict of the claim named in it, over the sampled instances.',
    rowTitle: 'network',
    columnTitle: 'θ',
    rows: ['no pooling (App. C)', 'average pooling (App. D)'],
    columns: ['as printed (eq. 23)', 'repaired (reserved maps off)'],
    cells: [
      { row: 'no pooling (App. C)', column: 'as printed (eq. 23)', claim: 'cnn.lemma6.local-min' },
      { row: 'no pooling (App. C)', column: 'repaired (reserved maps off)', claim: 'cnn.lemma6.repaired-local-min' },
      { row: 'average pooling (App. D)', column: 'as printed (eq. 23)', claim: 'cnn.appd.lemma6-with-pooling' },
      {
        row: 'average pooling (App. D)',
        column: 'repaired (reserved maps off)',
        claim: 'cnn.appd.lemma6-repaired-with-pooling',
      },
    ],
    say: {
      certified: 'a local minimum on every instance, certified exactly',
      evidence: 'a local minimum, float evidence',
      refuted: 'not a local minimum: exact descent found',
      'refuted-evidence': 'not a local minimum: float evidence',
    },
  },
  {
    id: 'cnn.table.lemma9',
    paper: 'cnn',
    title: 'Does θ′ of Lemma 9 keep the risk, R(θ′) = R(θ)?',
    caption:
      'Rows: the two cases of Lemma 9 (η ≥ −b, eq. 25; η < −b, eq. 26). Columns: the formulas as printed (the L−3 bias reassigned to −min v and that value used everywhere) and corrected (the old bias kept where the output must be preserved). Each cell is the verdict of the claim named in it.',
    rowTitle: 'case',
    columnTitle: 'formula',
    rows: ['case 1 (η ≥ −b, eq. 25)', 'case 2 (η < −b, eq. 26)'],
    columns: ['as printed', 'corrected'],
    cells: [
      { row: 'case 1 (η ≥ −b, eq. 25)', column: 'as printed', claim: 'cnn.lemma9.literal-case1' },
      { row: 'case 1 (η ≥ −b, eq. 25)', column: 'corrected', claim: 'cnn.lemma9.theta-prime-case1' },
      { row: 'case 2 (η < −b, eq. 26)', column: 'as printed', claim: 'cnn.lemma9.literal-case2' },
      { row: 'case 2 (η < −b, eq. 26)', column: 'corrected', claim: 'cnn.lemma9.theta-prime-case2' },
    ],
    say: {
      certified: 'R(θ′) = R(θ) on every instance, exactly',
      refuted: 'R(θ′) ≠ R(θ): exact counterexample',
    },
  },
];
