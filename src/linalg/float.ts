/**
 * Floating-point decompositions through ml-matrix (SVD, symmetric eigen,
 * pseudo-inverse least squares). These are the numerical counterparts of the
 * exact routines in `./matrix.ts`; rank decisions need a tolerance here.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Mat } from './matrix.js';
import { definitenessOfInertia, shapeOf, toRows } from './matrix.js';

export type FloatMatrixInput = number[][] | Mat<number>;

/** Default relative tolerance: singular values ≤ tol · σ_max count as zero. */
export const DEFAULT_REL_TOL = 1e-10;

function isMat(A: FloatMatrixInput): A is Mat<number> {
  return !Array.isArray(A);
}

/** Rows of the input plus its shape (an empty number[][] has no column count, so it is 0×0). */
function rowsOf(A: FloatMatrixInput): { rows: number[][]; m: number; n: number } {
  const out = isMat(A)
    ? { rows: toRows(A), m: A.rows, n: A.cols }
    : { rows: A, m: A.length, n: A.length > 0 ? A[0].length : 0 };
  out.rows.forEach((r, i) => {
    if (r.length !== out.n) throw new RangeError(`float matrix: row ${i} has ${r.length} entries, row 0 has ${out.n}`);
    r.forEach((x, j) => {
      if (!Number.isFinite(x))
        throw new RangeError(`float matrix: entry (${i}, ${j}) is ${x}; decompositions need finite numbers`);
    });
  });
  return out;
}

/** max |entry|, without spreading n² arguments into one call (that overflows the stack for n ≳ 400). */
function maxAbs(xs: Iterable<number>): number {
  let m = 0;
  for (const x of xs) m = Math.max(m, Math.abs(x));
  return m;
}

export function toMlMatrix(A: FloatMatrixInput): Matrix {
  const { rows, m, n } = rowsOf(A);
  return m === 0 || n === 0 ? new Matrix(m, n) : new Matrix(rows);
}

export type SvdResult = {
  /** m×k with k = min(m, n), orthonormal columns. */
  U: number[][];
  /** k singular values, decreasing. */
  s: number[];
  /** n×k with orthonormal columns; A ≈ U diag(s) Vᵀ. */
  V: number[][];
  /** Number of singular values above tol · σ_max. */
  rank: number;
  tol: number;
};

/** Thin SVD. `relTol` decides the rank (absolute cutoff relTol · σ_max). */
export function svd(A: FloatMatrixInput, relTol = DEFAULT_REL_TOL): SvdResult {
  const { m, n } = rowsOf(A);
  const k = Math.min(m, n);
  if (k === 0)
    return { U: Array.from({ length: m }, () => []), s: [], V: Array.from({ length: n }, () => []), rank: 0, tol: 0 };
  // autoTranspose: without it ml-matrix warns and mishandles wide matrices.
  const d = new SingularValueDecomposition(toMlMatrix(A), { autoTranspose: true });
  const s = d.diagonal.slice(0, k);
  const thin = (M: Matrix, rows: number) =>
    Array.from({ length: rows }, (_, i) => Array.from({ length: k }, (_, j) => M.get(i, j)));
  const tol = relTol * (s[0] ?? 0);
  return {
    U: thin(d.leftSingularVectors, m),
    s,
    V: thin(d.rightSingularVectors, n),
    rank: s.filter((x) => x > tol).length,
    tol,
  };
}

export function floatRank(A: FloatMatrixInput, relTol = DEFAULT_REL_TOL): number {
  return svd(A, relTol).rank;
}

export type SymmetricEigenResult = {
  /** Increasing. */
  values: number[];
  /** n×n; column j is the unit eigenvector for values[j]. */
  vectors: number[][];
};

/** Eigen-decomposition of a symmetric matrix (asymmetry beyond `symTol`, relative to the largest entry, is rejected). */
export function symmetricEigen(A: FloatMatrixInput, symTol = 1e-12): SymmetricEigenResult {
  const { rows, m, n } = rowsOf(A);
  if (m !== n) throw new RangeError(`symmetricEigen: matrix is ${m}×${n}, not square`);
  if (n === 0) return { values: [], vectors: [] };
  const scale = Math.max(1, maxAbs(rows.flat()));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (Math.abs(rows[i][j] - rows[j][i]) > symTol * scale)
        throw new RangeError(
          `symmetricEigen: matrix is not symmetric (entry (${i}, ${j}) = ${rows[i][j]} but (${j}, ${i}) = ${rows[j][i]})`,
        );
  // ml-matrix's tql2 can index out of bounds on subnormal entries (seen with a
  // 2×2 Hessian holding 1e-322); they are below any tolerance here, so flush them.
  const flushed = rows.map((r) => r.map((x) => (Math.abs(x) < Number.MIN_VALUE * 2 ** 52 ? 0 : x)));
  const e = new EigenvalueDecomposition(toMlMatrix(flushed), { assumeSymmetric: true });
  const V = e.eigenvectorMatrix;
  // tql2 already sorts, but the order is part of this function's contract.
  const order = e.realEigenvalues.map((v, j) => [v, j] as const).sort((a, b) => a[0] - b[0]);
  return {
    values: order.map(([v]) => v),
    vectors: Array.from({ length: n }, (_, i) => order.map(([, j]) => V.get(i, j))),
  };
}

/** Definiteness from eigenvalues, treating |λ| ≤ relTol · max|λ| as zero. */
export function floatDefiniteness(
  A: FloatMatrixInput,
  relTol = DEFAULT_REL_TOL,
): {
  kind: 'positive-definite' | 'positive-semidefinite' | 'negative-definite' | 'negative-semidefinite' | 'indefinite';
  inertia: { positive: number; negative: number; zero: number };
} {
  const { values } = symmetricEigen(A);
  const tol = relTol * maxAbs(values);
  const inertia = { positive: 0, negative: 0, zero: 0 };
  values.forEach((v) => inertia[v > tol ? 'positive' : v < -tol ? 'negative' : 'zero']++);
  const kind = definitenessOfInertia(inertia);
  return { kind, inertia };
}

export type FloatLeastSquaresResult = {
  /** Minimum-norm minimiser A⁺b, n×k. */
  x: number[][];
  residual: number[][];
  risk: number;
  rank: number;
};

/**
 * Least squares through the pseudo-inverse. b is m×k (or a length-m vector,
 * treated as m×1). The cutoff is relTol · σ_max, as for `svd`.
 */
export function floatLeastSquares(
  A: FloatMatrixInput,
  b: FloatMatrixInput | number[],
  relTol = DEFAULT_REL_TOL,
): FloatLeastSquaresResult {
  const { m, n } = rowsOf(A);
  const B =
    Array.isArray(b) && (b.length === 0 || !Array.isArray(b[0]))
      ? toMlMatrix((b as number[]).map((x) => [x]))
      : toMlMatrix(b as FloatMatrixInput);
  if (B.rows !== m)
    throw new RangeError(`floatLeastSquares: A is ${m}×${n} but b is ${shapeOf({ rows: B.rows, cols: B.columns })}`);
  const Am = toMlMatrix(A);
  // One SVD gives both the rank and the pseudo-inverse solution x = V Σ⁺ Uᵀ b
  // (ml-matrix's pseudoInverse would run a second SVD with its own cutoff).
  const { U, s: sv, V, rank } = svd(A, relTol);
  if (m === 0 || n === 0) {
    const X = new Matrix(n, B.columns);
    return { x: X.to2DArray(), residual: B.to2DArray(), risk: B.to1DArray().reduce((s, v) => s + v * v, 0), rank };
  }
  const Ut = new Matrix(U).transpose();
  const inv = Matrix.zeros(sv.length, sv.length);
  sv.forEach((x, i) => {
    if (i < rank) inv.set(i, i, 1 / x);
  });
  const X = new Matrix(V).mmul(inv).mmul(Ut).mmul(B);
  const R = B.clone().sub(Am.mmul(X));
  return { x: X.to2DArray(), residual: R.to2DArray(), risk: R.to1DArray().reduce((s, v) => s + v * v, 0), rank };
}
