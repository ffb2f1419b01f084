/**
 * Liu (one-hidden-layer ReLU, Part 1) §IV, eqs. (10)–(18), corrected: the cell
 * least squares and its genuine differentiable local minima. In cell I the
 * minimisers of L_I are R = R_p + Zt (R_p the minimum-norm solution, Z a
 * basis of ker A). R is realised inside the cell iff every block R_j lies in
 * C_j (z_j > 0, w_j = R_j/z_j), in −C_j (z_j < 0), or is 0 (z_j = 0, w_j any
 * point of C_j), C_j the cell of column j: one exact LP in t per sign choice
 * τ ∈ {+, −, 0}^K, the neurons coupled through t (the paper's (16)–(17) test
 * them one by one and miss τ_j = 0).
 */
import { Fraction } from 'fraction.js';
import { columnFeasibility } from '../../landscape/arrangement.js';
import { feasibility, type Certificate, type Constraint } from '../../linalg/lp.js';
import { fromRows, leastSquares } from '../../linalg/matrix.js';
import { rational, sum, ZERO } from '../../numeric/rational.js';
import { designMatrix } from './cells.js';

export interface CellLeastSquares {
  A: Fraction[][];
  /** the minimum-norm minimiser */
  Rp: Fraction[];
  /** a basis of ker A: columns Z[·][k] */
  Z: Fraction[][];
  /** L_I* = (1/N)‖AR_p − y‖² */
  Lstar: Fraction;
}

export function cellLeastSquares(
  X: readonly (readonly Fraction[])[],
  I: readonly (readonly number[])[],
  y: readonly Fraction[],
): CellLeastSquares {
  const A = designMatrix(X, I);
  const ls = leastSquares(rational, fromRows(A, A[0].length), [...y]);
  const N = ls.nullspace;
  const Z = Array.from({ length: N.rows }, (_, r) => Array.from({ length: N.cols }, (_, c) => N.data[r * N.cols + c]));
  return { A, Rp: ls.x, Z, Lstar: ls.risk.div(X.length) };
}

export type Tau = 1 | -1 | 0;

export interface GenuinePoint {
  tau: Tau[];
  R: Fraction[];
  z: Fraction[];
  w: Fraction[][];
}

/** Every τ ∈ {1, −1, 0}^K, τ = (1, …, 1) first. */
function tauChoices(K: number): Tau[][] {
  let out: Tau[][] = [[]];
  for (let j = 0; j < K; j++) out = out.flatMap((t) => ([1, -1, 0] as Tau[]).map((s) => [...t, s]));
  return out;
}

/**
 * Neuron m held on the hyperplane of sample n (Theorem 3): its block of R
 * already has R_m·x_n = 0, its sign is fixed to σ (z_m = σ, w_m = σR_m), and
 * its facet condition σ(2I_im − 1)x_i·R_m > 0 is asked for every i ≠ n only,
 * or not at all with `untested` (the paper's "no need to test w_m*", §VI-A).
 */
export interface OnFacet {
  m: number;
  n: number;
  sigma: 1 | -1;
  untested?: boolean;
}

/** One sign choice τ and its exact LP in t (the realisation conditions). */
export interface RealisationSystem {
  tau: Tau[];
  constraints: Constraint[];
  /** the number of variables t */
  vars: number;
}

/**
 * The LPs of every admissible sign choice τ (τ = (1, …, 1) first): R(t) = R_p + Zt
 * realised inside cell I, block j by z_j = τ_j (w_j = τ_jR_j strictly in its
 * cell) or, for τ_j = 0, R_j(t) = 0. With `facet`, τ_m = σ and neuron m's
 * conditions as in OnFacet; `nonzero` leaves out τ_j = 0 (the paper's (16)/(17)).
 */
export function realisationSystems(
  X: readonly (readonly Fraction[])[],
  I: readonly (readonly number[])[],
  cell: Pick<CellLeastSquares, 'Rp' | 'Z'>,
  facet?: OnFacet,
  nonzero = false,
): RealisationSystem[] {
  const d = X[0].length,
    K = I[0].length,
    q = cell.Z[0]?.length ?? 0;
  // R_j(t)·x_i = (R_p)_j·x_i + Σ_k t_k (Z_j[·][k]·x_i)
  const at = (j: number, x: readonly Fraction[]) => ({
    coeffs: Array.from({ length: q }, (_, k) => sum(x.map((v, c) => v.mul(cell.Z[j * d + c][k])))),
    base: sum(x.map((v, c) => v.mul(cell.Rp[j * d + c]))),
  });
  const choices = tauChoices(K).filter(
    (t) => (!facet || t[facet.m] === facet.sigma) && (!nonzero || t.every((s) => s !== 0)),
  );
  return choices.map((tau) => {
    const cons: Constraint[] = [];
    for (let j = 0; j < K; j++) {
      if (tau[j] === 0) {
        for (let c = 0; c < d; c++) {
          const e = X[0].map((_, k) => (k === c ? new Fraction(1) : ZERO));
          const { coeffs, base } = at(j, e);
          cons.push({ coeffs, op: '=', rhs: base.neg() });
        }
        continue;
      }
      X.forEach((x, i) => {
        if (facet && j === facet.m && (i === facet.n || facet.untested)) return;
        const { coeffs, base } = at(j, x);
        const sign = tau[j] * (I[i][j] ? 1 : -1);
        // sign·(base + coeffs·t) > 0
        cons.push({ coeffs: coeffs.map((v) => v.mul(sign)), op: '>', rhs: base.mul(-sign) });
      });
    }
    return { tau, constraints: cons, vars: q };
  });
}

/** Every sign choice's LP is infeasible: each with its exact Motzkin certificate (null when some choice is feasible). */
export function noRealisation(
  X: readonly (readonly Fraction[])[],
  I: readonly (readonly number[])[],
  cell: Pick<CellLeastSquares, 'Rp' | 'Z'>,
  facet?: OnFacet,
): (RealisationSystem & { certificate: Certificate })[] | null {
  const out: (RealisationSystem & { certificate: Certificate })[] = [];
  for (const sys of realisationSystems(X, I, cell, facet)) {
    const r = feasibility(sys.constraints, sys.vars);
    if (r.feasible) return null;
    out.push({ ...sys, certificate: r.certificate });
  }
  return out;
}

/**
 * A point realising some R of the affine set R_p + Zt inside cell I (null when
 * none does), with its sign choice τ: a genuine differentiable local minimum of
 * the cell when the set is the cell's least-squares optima; with `facet`, a
 * candidate non-differentiable minimum with w_m on the facet of H_n.
 */
export function genuinePoint(
  X: readonly (readonly Fraction[])[],
  I: readonly (readonly number[])[],
  cell: Pick<CellLeastSquares, 'Rp' | 'Z'>,
  facet?: OnFacet,
  nonzero = false,
): GenuinePoint | null {
  const d = X[0].length,
    K = I[0].length,
    q = cell.Z[0]?.length ?? 0;
  for (const { tau, constraints: cons } of realisationSystems(X, I, cell, facet, nonzero)) {
    let t: Fraction[] | null = null;
    if (q === 0) {
      const ok = cons.every((c) =>
        c.op === '=' ? c.rhs.n === 0n : c.op === '>' ? new Fraction(0).compare(c.rhs) > 0 : true,
      );
      t = ok ? [] : null;
    } else {
      const r = feasibility(cons, q);
      t = r.feasible ? r.point : null;
    }
    if (!t) continue;
    const R = cell.Rp.map((v, r) => v.add(sum(t!.map((tk, k) => tk.mul(cell.Z[r][k])))));
    const z: Fraction[] = [],
      w: Fraction[][] = [];
    for (let j = 0; j < K; j++) {
      const Rj = R.slice(j * d, (j + 1) * d);
      if (tau[j] === 0) {
        const f = columnFeasibility(
          X,
          I.map((row) => row[j]),
        );
        if (!f.feasible) throw new Error('internal: the cell of a column drawn from weights is empty');
        z.push(ZERO);
        w.push(f.witness);
      } else {
        z.push(new Fraction(tau[j]));
        w.push(Rj.map((v) => v.mul(tau[j])));
      }
    }
    return { tau, R, z, w };
  }
  return null;
}
