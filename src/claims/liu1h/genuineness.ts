/**
 * Liu (one-hidden-layer ReLU, Part 1) §IV-B, eqs. (15)–(17): the paper's test
 * of whether the cell's least-squares optimum is "genuine" (realised by a
 * differentiable local minimum inside the cell), in the unique case
 * rank A = Kd: for every neuron, R_j*·x_i > 0 where I_ij = 1 and ≤ 0 where
 * I_ij = 0 (16), or the mirror with z_j < 0 (17), neuron by neuron, without a
 * z_j = 0 branch. Compared with the exact decision (the LP over τ ∈ {+, −, 0}^K
 * of src/papers/liu1h/genuine.ts, which is necessary and sufficient).
 */
import { boundedFilter } from '../../gen/bounded-filter.js';
import { fromRows, rank } from '../../linalg/matrix.js';
import { rational, sum, ZERO } from '../../numeric/rational.js';
import { cellLeastSquares, genuinePoint, patternOf } from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { cellValues, type CellValue } from './instances.js';
import { liu1h } from './paper.js';

const cells = cellValues();

const uniqueCell = (v: CellValue): string | null => {
  const { A } = cellLeastSquares(v.X, patternOf(v.X, v.w), v.y);
  return rank(rational, fromRows(A, A[0].length)) === A[0].length
    ? null
    : 'rank A < Kd (the continuous case, eq. (18))';
};

/** The paper's (16)/(17) as printed: per neuron, half-closed signs for z_j > 0 or for z_j < 0. */
function paperAccepts(v: CellValue): boolean {
  const I = patternOf(v.X, v.w);
  const { Rp } = cellLeastSquares(v.X, I, v.y);
  const d = v.X[0].length;
  return v.w.every((_, j) => {
    const Rj = Rp.slice(j * d, (j + 1) * d);
    const s = v.X.map((x) => sum(x.map((c, k) => c.mul(Rj[k]))));
    const side = (sign: 1 | -1) =>
      s.every((val, i) => {
        const t = val.mul(sign);
        return I[i][j] ? t.compare(ZERO) > 0 : t.compare(ZERO) <= 0;
      });
    return side(1) || side(-1);
  });
}

export const genuinenessPrinted = liu1h.claim({
  id: 'liu1h.section4.genuineness-printed',
  section: '§IV-B, eqs. (15)–(17) (the unique case, rank A = Kd)',
  title: 'As printed: the sign tests (16)/(17) decide whether the cell has a differentiable local minimum',
  statement:
    'In a cell with rank A = Kd the least-squares optimum R* is unique, and the paper decides whether it is realised inside the cell by (16)/(17): every neuron must have R_j*·x_i > 0 where I_ij = 1 and ≤ 0 where I_ij = 0 (z_j > 0), or the mirror (z_j < 0). Compared exactly with the decision that is necessary and sufficient (an exact LP over the signs τ_j ∈ {+, −, 0} with strict signs, z_j = 0 allowed when R_j* = 0): they must agree on every cell.',
  instance: {
    ...cells,
    generate: (ctx: Parameters<typeof cells.generate>[0]) =>
      boundedFilter(cells.generate(ctx), (v) => uniqueCell(v) === null, 'rank A = Kd (a unique least-squares optimum)'),
  },
  detect: uniqueCell,
  hypotheses: ['rank A = Kd (a unique least-squares optimum in the cell)'],
  expected: 'refuted',
  correctedBy: 'liu1h.theorem1.genuine-minima',
  check: (v): Outcome => {
    const I = patternOf(v.X, v.w);
    const cell = cellLeastSquares(v.X, I, v.y);
    const exact = genuinePoint(v.X, I, cell);
    const paper = paperAccepts(v);
    if (paper === (exact !== null)) return proved();
    return refuted(
      'the paper’s test (16)/(17) agrees with the exact decision',
      `R* = (${cell.Rp.map(encQ).join(', ')}): the paper ${paper ? 'accepts' : 'rejects'} it, but the cell ${exact ? `has a differentiable local minimum (τ = (${exact.tau.join(', ')}))` : 'has none (a sign is 0 on an inactive sample, so the point is on a cell boundary)'}`,
    );
  },
});
