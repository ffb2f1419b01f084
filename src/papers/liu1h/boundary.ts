/**
 * Liu (one-hidden-layer ReLU, Part 1) §VI, Lemma 3 and Theorem 3, exact:
 * non-differentiable local minima with w_m on the hyperplane H_n of sample n,
 * between cell 1 (I_nm = 0, w_m·x_n < 0) and cell 2 (I_nm = 1).
 *
 * The system DR = d of eqs. (27)–(28) has Kd + 1 rows: the stationarity of
 * every block j ≠ m, block m's stationarity projected on H_n (through
 * P_i = (x_i·x_n)x_n − ‖x_n‖²x_i) and the row x_n·R_m = 0. It is the KKT
 * system of min{‖A⁽¹⁾R − y‖² : x_n·R_m = 0}, built here both ways so that a
 * claim can compare them. On its solution set the residual e is unique, and
 * with h = Σ_{i≠n} e_i I_im x_i, a = h·x_n and J = e_n‖x_n‖² the paper's
 * (29)/(30) read σa < 0 < σ(a + J) for σ = sign z_m; the exact local-minimum
 * condition is σa ≤ 0 ≤ σ(a + J), with the facet test of genuine.ts.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, solve, toRows, type AffineSet } from '../../linalg/matrix.js';
import { rational, sum, ZERO } from '../../numeric/rational.js';
import { designMatrix } from './cells.js';
import { genuinePoint, noRealisation } from './genuine.js';

type Rows = readonly (readonly Fraction[])[];

const dot = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));

/** The facet of H_n for neuron m: cell 1 is I with I_nm = 0. */
export interface Facet {
  m: number;
  n: number;
}

/** I with entry (n, m) set to `on`. */
export const withEntry = (I: readonly (readonly number[])[], { m, n }: Facet, on: 0 | 1): number[][] =>
  I.map((row, i) => row.map((s, j) => (i === n && j === m ? on : s)));

/** D and d of eqs. (27)–(28), with I_nm as given in I (the paper leaves it open; it does not matter). */
export function theorem3System(X: Rows, I: readonly (readonly number[])[], y: readonly Fraction[], { m, n }: Facet) {
  const K = I[0].length,
    dim = X[0].length;
  const xn = X[n],
    nn = dot(xn, xn);
  const P = X.map((x) => {
    const c = dot(x, xn);
    return x.map((v, k) => c.mul(xn[k]).sub(nn.mul(v)));
  });
  const D: Fraction[][] = [],
    d: Fraction[] = [];
  for (let j = 0; j < K; j++)
    for (let r = 0; r < dim; r++) {
      const left = (i: number) => (j === m ? P[i][r] : X[i][r]);
      const used = (i: number) => I[i][j] === 1 && !(j === m && i === n);
      D.push(
        Array.from({ length: K * dim }, (_, col) => {
          const k = Math.floor(col / dim),
            c = col % dim;
          return sum(X.map((x, i) => (used(i) && I[i][k] ? left(i).mul(x[c]) : ZERO)));
        }),
      );
      d.push(sum(X.map((_, i) => (used(i) ? left(i).mul(y[i]) : ZERO))));
    }
  D.push(Array.from({ length: K * dim }, (_, col) => (Math.floor(col / dim) === m ? xn[col % dim] : ZERO)));
  d.push(ZERO);
  return { D, d };
}

/** The solution set of DR = d, or null when it is inconsistent (the paper's condition (44) failing). */
export function solutionSet(D: Rows, d: readonly Fraction[]): AffineSet<Fraction> | null {
  const r = solve(rational, fromRows(D, D[0].length), [...d]);
  return r.consistent ? { point: r.x, directions: r.nullspace } : null;
}

/** The R-part of the solutions of the KKT system [AᵀA c; cᵀ 0](R, ν) = (Aᵀy, 0), A = A⁽¹⁾, c = x_n in block m. */
export function kktSolutionSet(
  X: Rows,
  I: readonly (readonly number[])[],
  y: readonly Fraction[],
  f: Facet,
): AffineSet<Fraction> | null {
  const A = designMatrix(X, withEntry(I, f, 0));
  const P = A[0].length,
    dim = X[0].length;
  const c = Array.from({ length: P }, (_, k) => (Math.floor(k / dim) === f.m ? X[f.n][k % dim] : ZERO));
  const rows = Array.from({ length: P + 1 }, (_, r) =>
    Array.from({ length: P + 1 }, (_, s) =>
      r < P && s < P ? sum(A.map((row) => row[r].mul(row[s]))) : r < P ? c[r] : s < P ? c[s] : ZERO,
    ),
  );
  const rhs = [...Array.from({ length: P }, (_, r) => sum(A.map((row, i) => row[r].mul(y[i])))), ZERO];
  const sol = solutionSet(rows, rhs);
  if (!sol) return null;
  // project out ν; a spanning set of directions is enough for affineSetsEqual
  const dirs = toRows(sol.directions).slice(0, P);
  return { point: sol.point.slice(0, P), directions: fromRows(dirs, sol.directions.cols) };
}

export interface Theorem3Quantities {
  /** e_i = Σ_k I_ik R_k·x_i − y_i (I_nm irrelevant: R_m·x_n = 0) */
  e: Fraction[];
  /** h = Σ_{i≠n} e_i I_im x_i */
  h: Fraction[];
  /** a = h·x_n */
  a: Fraction;
  /** J = e_n‖x_n‖² */
  J: Fraction;
  /** L_nd = ‖e‖²/N */
  L: Fraction;
}

/** e, h, a, J and the loss at a solution R of DR = d. */
export function theorem3Quantities(
  X: Rows,
  I: readonly (readonly number[])[],
  y: readonly Fraction[],
  { m, n }: Facet,
  R: readonly Fraction[],
): Theorem3Quantities {
  const A = designMatrix(X, I);
  const e = A.map((row, i) => dot(row, R).sub(y[i]));
  const h = X[0].map((_, k) => sum(X.map((x, i) => (i !== n && I[i][m] ? e[i].mul(x[k]) : ZERO))));
  const xn = X[n];
  return { e, h, a: dot(h, xn), J: e[n].mul(dot(xn, xn)), L: sum(e.map((v) => v.mul(v))).div(X.length) };
}

/** The paper's (29) and (30) for sign σ of z_m: σa < 0 and σ(a + J) > 0. */
export const printedCriterion = ({ a, J }: Pick<Theorem3Quantities, 'a' | 'J'>, sigma: 1 | -1) =>
  a.mul(sigma).compare(ZERO) < 0 && a.add(J).mul(sigma).compare(ZERO) > 0;

/** The exact local-minimum condition for sign σ of z_m: σa ≤ 0 ≤ σ(a + J). */
export const correctedCriterion = ({ a, J }: Pick<Theorem3Quantities, 'a' | 'J'>, sigma: 1 | -1) =>
  a.mul(sigma).compare(ZERO) <= 0 && a.add(J).mul(sigma).compare(ZERO) >= 0;

/** The two cells' least-squares optima L*_{I⁽¹⁾} and L*_{I⁽²⁾}. */
export function adjacentOptima(X: Rows, I: readonly (readonly number[])[], y: readonly Fraction[], f: Facet) {
  return ([0, 1] as const).map((on) => {
    const A = designMatrix(X, withEntry(I, f, on));
    return leastSquares(rational, fromRows(A, A[0].length), [...y]).risk.div(X.length);
  });
}

/** R_p and Z (row r of Z holds the directions' r-th coordinates) as genuinePoint reads them. */
export const asCellSet = (S: AffineSet<Fraction>) => ({ Rp: [...S.point], Z: toRows(S.directions) });

/** DR = d, its solution set and e, h, a, J, L_nd (an error if DR = d is inconsistent, which the KKT reading rules out). */
export function theorem3Setup(X: Rows, I: readonly (readonly number[])[], y: readonly Fraction[], f: Facet) {
  const { D, d } = theorem3System(X, I, y, f);
  const S = solutionSet(D, d);
  if (!S) throw new Error(`DR = d is inconsistent for neuron ${f.m + 1} on the hyperplane of sample ${f.n + 1}`);
  return { D, d, S, q: theorem3Quantities(X, I, y, f, S.point) };
}

/**
 * The candidate for sign σ of z_m: a solution of DR = d realised with w_m on
 * the facet (unless `untested`) and every other neuron in its cell (only with
 * z_j ≠ 0 when `nonzero`, as the paper's (16)/(17)).
 */
export const facetCandidate = (
  X: Rows,
  I: readonly (readonly number[])[],
  S: AffineSet<Fraction>,
  f: Facet,
  sigma: 1 | -1,
  { untested = false, nonzero = false } = {},
) => genuinePoint(X, I, asCellSet(S), { ...f, sigma, untested }, nonzero);

/** No solution of DR = d puts w_m on the facet with z_m = σ and the others in their cells: one LP certificate per sign choice, or null. */
export const noFacetCandidate = (
  X: Rows,
  I: readonly (readonly number[])[],
  S: AffineSet<Fraction>,
  f: Facet,
  sigma: 1 | -1,
) => noRealisation(X, I, asCellSet(S), { ...f, sigma });
