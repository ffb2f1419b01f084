/**
 * Liu (one-hidden-layer ReLU, Part 1) §V, Theorem 2, corrected: saddle points
 * inside a cell I. For S ⊊ [K] (the neurons kept, T the rest with z_j = 0):
 * R_S minimises ‖A_S R_S − y‖² (eq. (20); always consistent), the residual
 * e = A_S R_S − y is unique, and g̃_j = Σ_i e_i I_ij x_i for j ∈ T. If every
 * g̃_j = 0 the points are least-squares optimal for the whole cell (minima, not
 * saddles). Otherwise they are saddles when realisable: R_S by the LP over
 * τ_S (as for minima), and each w_j (j ∈ T) in its cell with g̃_j·w_j = 0,
 * eq. (21), one more LP each.
 */
import { Fraction } from 'fraction.js';
import { feasibility, type Constraint } from '../../linalg/lp.js';
import { sum, ZERO } from '../../numeric/rational.js';
import { cellLeastSquares, genuinePoint } from './genuine.js';
import { designMatrix } from './cells.js';

export interface SaddleSetup {
  S: number[];
  T: number[];
  /** e = A_S R_S − y (−y when S is empty) */
  e: Fraction[];
  /** L_S = ‖e‖²/N */
  LS: Fraction;
  /** g̃_j for j ∈ T, in T's order */
  g: Fraction[][];
}

export function saddleSetup(
  X: readonly (readonly Fraction[])[],
  I: readonly (readonly number[])[],
  y: readonly Fraction[],
  S: readonly number[],
): SaddleSetup {
  const K = I[0].length;
  const T = Array.from({ length: K }, (_, j) => j).filter((j) => !S.includes(j));
  let e: Fraction[];
  if (S.length === 0) e = y.map((v) => v.neg());
  else {
    const IS = I.map((row) => S.map((j) => row[j]));
    const c = cellLeastSquares(X, IS, y);
    const A = designMatrix(X, IS);
    e = A.map((row, i) => sum(row.map((a, k) => a.mul(c.Rp[k]))).sub(y[i]));
  }
  const g = T.map((j) => X[0].map((_, k) => sum(X.map((x, i) => (I[i][j] ? e[i].mul(x[k]) : ZERO)))));
  return { S: [...S], T, e, LS: sum(e.map((v) => v.mul(v))).div(X.length), g };
}

/** A point in neuron j's cell with g·w = 0 (an exact LP), or null. */
function cellPointOn(
  X: readonly (readonly Fraction[])[],
  col: readonly number[],
  g: readonly Fraction[],
): Fraction[] | null {
  const cons: Constraint[] = X.map((x, i) => ({
    coeffs: x.map((v) => (col[i] ? v : v.neg())),
    op: '>=',
    rhs: new Fraction(1),
  }));
  cons.push({ coeffs: [...g], op: '=', rhs: ZERO });
  const r = feasibility(cons, X[0].length);
  return r.feasible ? r.point : null;
}

export type SaddleResult =
  | { kind: 'minimum-value'; setup: SaddleSetup }
  | { kind: 'not-realisable'; setup: SaddleSetup; why: string }
  | { kind: 'saddle'; setup: SaddleSetup; z: Fraction[]; w: Fraction[][]; k: number };

/** The corrected Theorem 2 for one S: a genuine saddle (z, w), or why there is none. */
export function genuineSaddle(
  X: readonly (readonly Fraction[])[],
  I: readonly (readonly number[])[],
  y: readonly Fraction[],
  S: readonly number[],
): SaddleResult {
  const setup = saddleSetup(X, I, y, S);
  const k = setup.g.findIndex((g) => g.some((v) => v.n !== 0n));
  if (k < 0) return { kind: 'minimum-value', setup };
  const K = I[0].length;
  const z: Fraction[] = new Array(K).fill(ZERO);
  const w: Fraction[][] = new Array(K);
  if (S.length > 0) {
    const IS = I.map((row) => S.map((j) => row[j]));
    const p = genuinePoint(X, IS, cellLeastSquares(X, IS, y));
    if (!p) return { kind: 'not-realisable', setup, why: 'no τ_S and t realise R_S inside the cells of S' };
    S.forEach((j, s) => {
      z[j] = p.z[s];
      w[j] = p.w[s];
    });
  }
  for (const [t, j] of setup.T.entries()) {
    const pt = cellPointOn(
      X,
      I.map((row) => row[j]),
      setup.g[t],
    );
    if (!pt) return { kind: 'not-realisable', setup, why: `neuron ${j + 1}: the hyperplane g̃·w = 0 misses its cell` };
    w[j] = pt;
  }
  return { kind: 'saddle', setup, z, w, k: setup.T[k] };
}
