/**
 * Liu (one-hidden-layer ReLU, Part 1) §IV-A, eqs. (10)–(14): the minimisers of
 * L_I in a cell are R* = A⁺y + (I − A⁺A)c. The set is an affine subspace of
 * dimension Kd − rank A (a single point iff rank A = Kd); neuron j's part R_j*
 * ranges over an affine subspace of dimension r_j = rank of Z's block j (Z a
 * basis of ker A), any of 0..d. The paper says R_j* is "an isolated point, the
 * whole ℝ^d, or a hyperplane".
 */
import { Fraction } from 'fraction.js';
import { fromRows, rank } from '../../linalg/matrix.js';
import { rational, sum } from '../../numeric/rational.js';
import { cellLeastSquares, cellLoss, patternOf } from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { cellValues, type CellValue } from './instances.js';
import { liu1h } from './paper.js';

const cells = cellValues();

/** The cell's least squares and each neuron's dimension r_j. */
function shape(v: CellValue) {
  const I = patternOf(v.X, v.w);
  const c = cellLeastSquares(v.X, I, v.y);
  const d = v.X[0].length,
    K = v.w.length,
    q = c.Z[0]?.length ?? 0;
  const dims = Array.from({ length: K }, (_, j) =>
    q === 0 ? 0 : rank(rational, fromRows(c.Z.slice(j * d, (j + 1) * d), q)),
  );
  return { I, c, d, K, q, dims };
}

export const minimiserSet = liu1h.claim({
  id: 'liu1h.section4.minimiser-set',
  section: '§IV-A, eqs. (10)–(13), Case 1 and Case 2',
  title: 'The cell’s minimisers form an affine set of dimension Kd − rank A, a point iff rank A = Kd',
  statement:
    'Every R_p + Zt (Z a basis of ker A) minimises L_I with the same value and the same outputs AR, and no other R does; the set has dimension Kd − rank A, so the minimiser is unique iff rank A = Kd (which needs N ≥ Kd). Checked exactly: the dimension against Kd − rank A, L_I at R_p + Zt for t = (1, −2, 3, …) against L_I(R_p) = L_I*, and L_I(R_p + e_k) = L_I* + ‖Ae_k‖²/N for every coordinate direction e_k (so R_p is a minimiser and the value rises off ker A).',
  instance: cells,
  check: (v): Outcome => {
    const s = shape(v);
    const A = s.c.A;
    const rk = rank(rational, fromRows(A, A[0].length));
    if (s.q !== s.K * s.d - rk)
      return refuted('dim of the minimiser set = Kd − rank A', `dim ker A = ${s.q}, Kd − rank A = ${s.K * s.d - rk}`);
    const t = Array.from({ length: s.q }, (_, k) => new Fraction((k % 2 ? -1 : 1) * (k + 1)));
    const R = s.c.Rp.map((x, r) => x.add(sum(t.map((tk, k) => tk.mul(s.c.Z[r][k])))));
    const L = cellLoss(A, R, v.y);
    if (!L.equals(s.c.Lstar)) return refuted('L_I(R_p + Zt) = L_I*', `${encQ(L)} ≠ ${encQ(s.c.Lstar)}`);
    // off the set it is higher: L_I(R_p + e_k) = L_I* + ‖Ae_k‖²/N for every coordinate direction
    for (let k = 0; k < s.K * s.d; k++) {
      const moved = s.c.Rp.map((x, r) => (r === k ? x.add(1) : x));
      const want = s.c.Lstar.add(sum(A.map((row) => row[k].mul(row[k]))).div(A.length));
      const got = cellLoss(A, moved, v.y);
      if (!got.equals(want))
        return refuted(
          'L_I(R_p + e) = L_I* + ‖Ae‖²/N (R_p is a minimiser)',
          `coordinate ${k + 1}: ${encQ(got)} ≠ ${encQ(want)}`,
        );
    }
    return proved();
  },
});

export const hyperplaneWording = liu1h.claim({
  id: 'liu1h.section4.hyperplane-wording',
  section: '§IV-A, after eq. (13) (“isolated point, the whole ℝ^d, or a hyperplane”)',
  title: 'As printed: each neuron’s minimiser set R_j* is a point, all of ℝ^d, or a hyperplane',
  statement:
    'The paper: R_j* is an isolated point, the whole ℝ^d, or a (d − 1)-dimensional hyperplane, depending on rank A = Kd and the rows of (I − A⁺A) for R_j. Checked exactly: the dimension r_j of neuron j’s part of the minimiser set must be 0, d − 1 or d.',
  instance: cells,
  expected: 'refuted',
  correctedBy: 'liu1h.section4.minimiser-set',
  check: (v): Outcome => {
    const s = shape(v);
    const bad = s.dims.findIndex((r) => r !== 0 && r !== s.d - 1 && r !== s.d);
    return bad < 0
      ? proved()
      : refuted(
          'R_j* is a point, all of ℝ^d or a hyperplane',
          `neuron ${bad + 1}: its minimisers form an affine subspace of dimension ${s.dims[bad]} in ℝ^${s.d} (pattern ${s.I.map((r) => r.join('')).join(' ')})`,
        );
  },
});
