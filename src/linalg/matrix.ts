/**
 * Dense matrices over any `Field<S>`, with the elimination-based algorithms
 * (RREF, rank, null space, solve, inverse, determinant, least squares, LDLᵀ
 * definiteness) written once. Every result is exact when the field is
 * `rational`; over `float64` the same code runs with partial pivoting but
 * tests for zero exactly, so use `./float.ts` (SVD, eigen) for float work
 * where rank decisions matter.
 */
import type { Fraction } from 'fraction.js';
import type { Field } from '../numeric/index.js';
import { integerLdl } from './ldl-integer.js';

/** Row-major: entry (i, j) is `data[i * cols + j]`. */
export type Mat<S> = { rows: number; cols: number; data: S[] };

// ---------------------------------------------------------------------------
// Construction and structure

export function shapeOf(A: { rows: number; cols: number }): string {
  return `${A.rows}×${A.cols}`;
}

function checkDims(rows: number, cols: number, where: string): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0)
    throw new RangeError(`${where}: dimensions must be nonnegative integers, got ${rows}×${cols}`);
}

export function mat<S>(rows: number, cols: number, data: S[]): Mat<S> {
  checkDims(rows, cols, 'mat');
  if (data.length !== rows * cols)
    throw new RangeError(`mat: ${rows}×${cols} needs ${rows * cols} entries, got ${data.length}`);
  return { rows, cols, data };
}

/** `cols` is only needed for a matrix with no rows. */
export function fromRows<S>(rows: readonly (readonly S[])[], cols?: number): Mat<S> {
  const c = rows.length > 0 ? rows[0].length : (cols ?? 0);
  if (cols !== undefined && cols !== c) throw new RangeError(`fromRows: expected ${cols} columns, row 0 has ${c}`);
  rows.forEach((r, i) => {
    if (r.length !== c) throw new RangeError(`fromRows: row ${i} has ${r.length} entries, row 0 has ${c}`);
  });
  return { rows: rows.length, cols: c, data: rows.flatMap((r) => [...r]) };
}

export function toRows<S>(A: Mat<S>): S[][] {
  return Array.from({ length: A.rows }, (_, i) => A.data.slice(i * A.cols, (i + 1) * A.cols));
}

/** An n×1 column. */
export function colVec<S>(v: readonly S[]): Mat<S> {
  return { rows: v.length, cols: 1, data: [...v] };
}

export function zeros<S>(F: Field<S>, rows: number, cols: number): Mat<S> {
  checkDims(rows, cols, 'zeros');
  return { rows, cols, data: new Array<S>(rows * cols).fill(F.zero) };
}

export function identity<S>(F: Field<S>, n: number): Mat<S> {
  const I = zeros(F, n, n);
  for (let i = 0; i < n; i++) I.data[i * n + i] = F.one;
  return I;
}

export function diag<S>(F: Field<S>, d: readonly S[]): Mat<S> {
  const D = zeros(F, d.length, d.length);
  d.forEach((x, i) => (D.data[i * d.length + i] = x));
  return D;
}

export function clone<S>(A: Mat<S>): Mat<S> {
  return { rows: A.rows, cols: A.cols, data: [...A.data] };
}

export function mapMat<S, T>(A: Mat<S>, f: (x: S, i: number, j: number) => T): Mat<T> {
  return { rows: A.rows, cols: A.cols, data: A.data.map((x, k) => f(x, Math.floor(k / A.cols), k % A.cols)) };
}

function checkIndex(A: Mat<unknown>, i: number, j: number, where: string): void {
  if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < A.rows && j < A.cols))
    throw new RangeError(`${where}: index (${i}, ${j}) is outside a ${shapeOf(A)} matrix`);
}

export function get<S>(A: Mat<S>, i: number, j: number): S {
  checkIndex(A, i, j, 'get');
  return A.data[i * A.cols + j];
}

/** Mutates A. */
export function set<S>(A: Mat<S>, i: number, j: number, v: S): void {
  checkIndex(A, i, j, 'set');
  A.data[i * A.cols + j] = v;
}

export function row<S>(A: Mat<S>, i: number): S[] {
  if (!(Number.isInteger(i) && i >= 0 && i < A.rows))
    throw new RangeError(`row: ${i} is outside a ${shapeOf(A)} matrix`);
  return A.data.slice(i * A.cols, (i + 1) * A.cols);
}

export function column<S>(A: Mat<S>, j: number): S[] {
  if (!(Number.isInteger(j) && j >= 0 && j < A.cols))
    throw new RangeError(`column: ${j} is outside a ${shapeOf(A)} matrix`);
  return Array.from({ length: A.rows }, (_, i) => A.data[i * A.cols + j]);
}

/** The columns of A as arrays. */
export function columns<S>(A: Mat<S>): S[][] {
  return Array.from({ length: A.cols }, (_, j) => column(A, j));
}

/** The matrix whose columns are the given vectors, all of length `rows`. */
export function fromColumns<S>(cols: readonly (readonly S[])[], rows?: number): Mat<S> {
  return transpose(fromRows(cols, rows));
}

export function transpose<S>(A: Mat<S>): Mat<S> {
  const { rows: m, cols: n } = A;
  const data = new Array<S>(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[j * m + i] = A.data[i * n + j];
  return { rows: n, cols: m, data };
}

/** Rows [r0, r1) and columns [c0, c1). */
export function submatrix<S>(A: Mat<S>, r0: number, r1: number, c0: number, c1: number): Mat<S> {
  if (!(0 <= r0 && r0 <= r1 && r1 <= A.rows && 0 <= c0 && c0 <= c1 && c1 <= A.cols))
    throw new RangeError(`submatrix: rows [${r0}, ${r1}) × columns [${c0}, ${c1}) do not fit a ${shapeOf(A)} matrix`);
  const data: S[] = [];
  for (let i = r0; i < r1; i++) for (let j = c0; j < c1; j++) data.push(A.data[i * A.cols + j]);
  return { rows: r1 - r0, cols: c1 - c0, data };
}

export function hstack<S>(...ms: Mat<S>[]): Mat<S> {
  if (ms.length === 0) throw new RangeError('hstack: no matrices');
  const m = ms[0].rows;
  const bad = ms.find((B) => B.rows !== m);
  if (bad) throw new RangeError(`hstack: shapes ${shapeOf(ms[0])} and ${shapeOf(bad)} have different row counts`);
  const cols = ms.reduce((s, B) => s + B.cols, 0);
  const data: S[] = [];
  for (let i = 0; i < m; i++) for (const B of ms) for (let j = 0; j < B.cols; j++) data.push(B.data[i * B.cols + j]);
  return { rows: m, cols, data };
}

export function vstack<S>(...ms: Mat<S>[]): Mat<S> {
  if (ms.length === 0) throw new RangeError('vstack: no matrices');
  const n = ms[0].cols;
  const bad = ms.find((B) => B.cols !== n);
  if (bad) throw new RangeError(`vstack: shapes ${shapeOf(ms[0])} and ${shapeOf(bad)} have different column counts`);
  return { rows: ms.reduce((s, B) => s + B.rows, 0), cols: n, data: ms.flatMap((B) => B.data) };
}

export function matToString<S>(F: Field<S>, A: Mat<S>): string {
  return (
    '[' +
    toRows(A)
      .map((r) => '[' + r.map((x) => F.toString(x)).join(', ') + ']')
      .join(', ') +
    ']'
  );
}

// ---------------------------------------------------------------------------
// Arithmetic

function sameShape(A: Mat<unknown>, B: Mat<unknown>, where: string): void {
  if (A.rows !== B.rows || A.cols !== B.cols)
    throw new RangeError(`${where}: shapes ${shapeOf(A)} and ${shapeOf(B)} differ`);
}

export function matAdd<S>(F: Field<S>, A: Mat<S>, B: Mat<S>): Mat<S> {
  sameShape(A, B, 'matAdd');
  return { rows: A.rows, cols: A.cols, data: A.data.map((x, k) => F.add(x, B.data[k])) };
}

export function matSub<S>(F: Field<S>, A: Mat<S>, B: Mat<S>): Mat<S> {
  sameShape(A, B, 'matSub');
  return { rows: A.rows, cols: A.cols, data: A.data.map((x, k) => F.sub(x, B.data[k])) };
}

export function matScale<S>(F: Field<S>, c: S, A: Mat<S>): Mat<S> {
  return { rows: A.rows, cols: A.cols, data: A.data.map((x) => F.mul(c, x)) };
}

export function matNeg<S>(F: Field<S>, A: Mat<S>): Mat<S> {
  return { rows: A.rows, cols: A.cols, data: A.data.map((x) => F.neg(x)) };
}

export function matMul<S>(F: Field<S>, A: Mat<S>, B: Mat<S>): Mat<S> {
  if (A.cols !== B.rows)
    throw new RangeError(`matMul: shapes ${shapeOf(A)} and ${shapeOf(B)} do not chain (${A.cols} ≠ ${B.rows})`);
  const { rows: m, cols: k } = A;
  const n = B.cols;
  const data = new Array<S>(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let acc = F.zero;
      for (let t = 0; t < k; t++) acc = F.add(acc, F.mul(A.data[i * k + t], B.data[t * n + j]));
      data[i * n + j] = acc;
    }
  return { rows: m, cols: n, data };
}

export function matVec<S>(F: Field<S>, A: Mat<S>, x: readonly S[]): S[] {
  if (A.cols !== x.length)
    throw new RangeError(`matVec: shape ${shapeOf(A)} and vector length ${x.length} do not chain`);
  return Array.from({ length: A.rows }, (_, i) => {
    let acc = F.zero;
    for (let j = 0; j < A.cols; j++) acc = F.add(acc, F.mul(A.data[i * A.cols + j], x[j]));
    return acc;
  });
}

/** xᵀ A y. */
export function bilinear<S>(F: Field<S>, x: readonly S[], A: Mat<S>, y: readonly S[]): S {
  if (x.length !== A.rows)
    throw new RangeError(`bilinear: vector length ${x.length} and shape ${shapeOf(A)} do not chain`);
  const Ay = matVec(F, A, y);
  let acc = F.zero;
  for (let i = 0; i < x.length; i++) acc = F.add(acc, F.mul(x[i], Ay[i]));
  return acc;
}

export function matEq<S>(F: Field<S>, A: Mat<S>, B: Mat<S>): boolean {
  return A.rows === B.rows && A.cols === B.cols && A.data.every((x, k) => F.eq(x, B.data[k]));
}

export function isZeroMat<S>(F: Field<S>, A: Mat<S>): boolean {
  return A.data.every((x) => F.isZero(x));
}

/** Sum of squares of all entries (squared Frobenius norm). */
export function sumSquares<S>(F: Field<S>, A: Mat<S> | readonly S[]): S {
  const xs = Array.isArray(A) ? (A as readonly S[]) : (A as Mat<S>).data;
  let acc = F.zero;
  for (const x of xs) acc = F.add(acc, F.mul(x, x));
  return acc;
}

export function isSymmetric<S>(F: Field<S>, A: Mat<S>): boolean {
  if (A.rows !== A.cols) return false;
  const n = A.rows;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (!F.eq(A.data[i * n + j], A.data[j * n + i])) return false;
  return true;
}

// ---------------------------------------------------------------------------
// Elimination

/**
 * Row index in [from, to) of the pivot for column c of a row-major matrix with
 * n columns, or -1 if the column is zero there: the first nonzero entry in an
 * exact field, the largest in magnitude (partial pivoting) otherwise.
 */
function choosePivot<S>(F: Field<S>, d: readonly S[], n: number, c: number, from: number, to: number): number {
  let p = -1;
  for (let i = from; i < to; i++) {
    const v = d[i * n + c];
    if (F.isZero(v)) continue;
    if (p < 0) {
      p = i;
      if (F.exact) break;
    } else if (F.compare(F.abs(v), F.abs(d[p * n + c])) > 0) p = i;
  }
  return p;
}

/**
 * Gauss–Jordan on a copy of A, choosing pivots only among the first `limit`
 * columns (the rest ride along, e.g. right-hand sides or a tracked identity).
 * Exact fields take the first nonzero pivot (any nonzero is exact, and the
 * choice is then deterministic); inexact fields take the largest in magnitude.
 */
function gaussJordan<S>(F: Field<S>, A: Mat<S>, limit = A.cols): { R: Mat<S>; pivots: number[] } {
  const R = clone(A);
  const { rows: m, cols: n } = R;
  const d = R.data;
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < limit && r < m; c++) {
    const p = choosePivot(F, d, n, c, r, m);
    if (p < 0) continue;
    if (p !== r)
      for (let j = 0; j < n; j++) {
        const t = d[p * n + j];
        d[p * n + j] = d[r * n + j];
        d[r * n + j] = t;
      }
    const inv = F.div(F.one, d[r * n + c]);
    for (let j = c + 1; j < n; j++) d[r * n + j] = F.mul(d[r * n + j], inv);
    d[r * n + c] = F.one;
    for (let i = 0; i < m; i++) {
      const f = d[i * n + c];
      if (i === r || F.isZero(f)) continue;
      for (let j = c + 1; j < n; j++) d[i * n + j] = F.sub(d[i * n + j], F.mul(f, d[r * n + j]));
      d[i * n + c] = F.zero;
    }
    pivots.push(c);
    r++;
  }
  return { R, pivots };
}

export type RrefResult<S> = { R: Mat<S>; pivots: number[]; rank: number };

/** Reduced row echelon form, its pivot columns (increasing) and the rank. */
export function rref<S>(F: Field<S>, A: Mat<S>): RrefResult<S> {
  const { R, pivots } = gaussJordan(F, A);
  return { R, pivots, rank: pivots.length };
}

export function rank<S>(F: Field<S>, A: Mat<S>): number {
  return gaussJordan(F, A).pivots.length;
}

/** Null-space basis read off an RREF restricted to its first n columns: one column per free variable. */
function kernelFromRref<S>(F: Field<S>, R: Mat<S>, pivots: number[], n: number): Mat<S> {
  const isPivot = new Array<boolean>(n).fill(false);
  pivots.forEach((p) => (isPivot[p] = true));
  const free = [...Array(n).keys()].filter((j) => !isPivot[j]);
  const N = zeros(F, n, free.length);
  free.forEach((f, k) => {
    N.data[f * free.length + k] = F.one;
    pivots.forEach((p, i) => (N.data[p * free.length + k] = F.neg(R.data[i * R.cols + f])));
  });
  return N;
}

/** A basis of ker A as the columns of a cols×nullity matrix (the standard basis from the free variables). */
export function nullspace<S>(F: Field<S>, A: Mat<S>): Mat<S> {
  const { R, pivots } = gaussJordan(F, A);
  return kernelFromRref(F, R, pivots, A.cols);
}

export type SolveResult<S, X> =
  | { consistent: true; x: X; nullspace: Mat<S> }
  /**
   * `certificate` is y with yᵀA = 0 and yᵀb ≠ 0 (for a matrix b: yᵀb[:, column] ≠ 0),
   * so no x can satisfy Ax = b.
   */
  | { consistent: false; certificate: S[]; column: number };

/** b as a matrix (a vector becomes one column), with its row count checked against A. */
function rightHandSide<S>(what: string, A: Mat<S>, b: readonly S[] | Mat<S>): { isVec: boolean; B: Mat<S> } {
  const isVec = Array.isArray(b);
  const B = isVec ? colVec(b as readonly S[]) : (b as Mat<S>);
  if (B.rows !== A.rows)
    throw new RangeError(`${what}: A is ${shapeOf(A)} but b is ${isVec ? `a vector of length ${B.rows}` : shapeOf(B)}`);
  return { isVec, B };
}

/**
 * All solutions of A x = b: a particular solution (free variables zero) plus
 * the null space of A, or an exact certificate of inconsistency.
 */
export function solve<S>(F: Field<S>, A: Mat<S>, b: readonly S[]): SolveResult<S, S[]>;
export function solve<S>(F: Field<S>, A: Mat<S>, b: Mat<S>): SolveResult<S, Mat<S>>;
export function solve<S>(F: Field<S>, A: Mat<S>, b: readonly S[] | Mat<S>): SolveResult<S, S[] | Mat<S>> {
  const { isVec, B } = rightHandSide('solve', A, b);
  const { rows: m, cols: n } = A;
  const k = B.cols;
  // Tracking the row operations (the identity block) makes the certificate free.
  const { R, pivots } = gaussJordan(F, hstack(A, B, identity(F, m)), n + k);
  const w = R.cols;
  const bad = pivots.findIndex((p) => p >= n);
  if (bad >= 0) {
    return { consistent: false, certificate: R.data.slice(bad * w + n + k, (bad + 1) * w), column: pivots[bad] - n };
  }
  const X = zeros(F, n, k);
  pivots.forEach((p, i) => {
    for (let j = 0; j < k; j++) X.data[p * k + j] = R.data[i * w + n + j];
  });
  return { consistent: true, x: isVec ? X.data : X, nullspace: kernelFromRref(F, R, pivots, n) };
}

/** An affine set {point + directions·t}: the solution set of a consistent linear system. */
export type AffineSet<S> = { point: readonly S[]; directions: Mat<S> };

/**
 * Whether two affine sets are the same set: their direction spaces are equal
 * (rank B = rank C = rank [B | C]) and one point of the first lies in the second.
 */
export function affineSetsEqual<S>(F: Field<S>, a: AffineSet<S>, b: AffineSet<S>): boolean {
  const n = a.point.length;
  if (b.point.length !== n || a.directions.rows !== n || b.directions.rows !== n)
    throw new RangeError(`affineSetsEqual: the sets live in spaces of different dimensions`);
  const ra = rank(F, a.directions),
    rb = rank(F, b.directions);
  if (ra !== rb || rank(F, hstack(a.directions, b.directions)) !== ra) return false;
  const gap = a.point.map((x, i) => F.sub(x, b.point[i]));
  if (b.directions.cols === 0) return gap.every((x) => F.isZero(x));
  return solve(F, b.directions, gap).consistent;
}

export function inverse<S>(F: Field<S>, A: Mat<S>): Mat<S> {
  if (A.rows !== A.cols) throw new RangeError(`inverse: matrix is ${shapeOf(A)}, not square`);
  const n = A.rows;
  const { R, pivots } = gaussJordan(F, hstack(A, identity(F, n)), n);
  if (pivots.length < n) throw new RangeError(`inverse: singular matrix (${shapeOf(A)}, rank ${pivots.length})`);
  return submatrix(R, 0, n, n, 2 * n);
}

/** Determinant by Gaussian elimination (exact over the rationals). */
export function det<S>(F: Field<S>, A: Mat<S>): S {
  if (A.rows !== A.cols) throw new RangeError(`det: matrix is ${shapeOf(A)}, not square`);
  const n = A.rows;
  const d = [...A.data];
  let result = F.one;
  for (let c = 0; c < n; c++) {
    const p = choosePivot(F, d, n, c, c, n);
    if (p < 0) return F.zero;
    if (p !== c) {
      for (let j = c; j < n; j++) {
        const t = d[p * n + j];
        d[p * n + j] = d[c * n + j];
        d[c * n + j] = t;
      }
      result = F.neg(result);
    }
    const piv = d[c * n + c];
    result = F.mul(result, piv);
    for (let i = c + 1; i < n; i++) {
      const f = F.div(d[i * n + c], piv);
      if (F.isZero(f)) continue;
      for (let j = c + 1; j < n; j++) d[i * n + j] = F.sub(d[i * n + j], F.mul(f, d[c * n + j]));
    }
  }
  return result;
}

export type LeastSquaresResult<S, X> = {
  /** The minimum-norm minimiser of ‖Ax − b‖² (the pseudo-inverse solution A⁺b). */
  x: X;
  /** r = b − A x; Aᵀ r = 0 exactly. */
  residual: X;
  /** ‖r‖² (Frobenius for a matrix b). */
  risk: S;
  rank: number;
  /** True iff the minimiser is unique, i.e. rank A = cols. */
  unique: boolean;
  /** ker A: every minimiser is x + nullspace·z. */
  nullspace: Mat<S>;
};

/**
 * Exact least squares via the normal equations AᵀA x = Aᵀb (always
 * consistent), then projecting the particular solution onto (ker A)^⊥ so the
 * answer is canonical and comparable with a float pseudo-inverse.
 */
export function leastSquares<S>(F: Field<S>, A: Mat<S>, b: readonly S[]): LeastSquaresResult<S, S[]>;
export function leastSquares<S>(F: Field<S>, A: Mat<S>, b: Mat<S>): LeastSquaresResult<S, Mat<S>>;
export function leastSquares<S>(F: Field<S>, A: Mat<S>, b: readonly S[] | Mat<S>): LeastSquaresResult<S, S[] | Mat<S>> {
  const { isVec, B } = rightHandSide('leastSquares', A, b);
  const At = transpose(A);
  const sol = solve(F, matMul(F, At, A), matMul(F, At, B));
  if (!sol.consistent)
    throw new Error('leastSquares: normal equations reported inconsistent (arithmetic is not exact?)');
  const N = sol.nullspace; // ker AᵀA = ker A
  let X = sol.x;
  if (N.cols > 0) {
    const Nt = transpose(N);
    const coef = matMul(F, inverse(F, matMul(F, Nt, N)), matMul(F, Nt, X));
    X = matSub(F, X, matMul(F, N, coef));
  }
  const Rm = matSub(F, B, matMul(F, A, X));
  const r = A.cols - N.cols;
  return {
    x: isVec ? X.data : X,
    residual: isVec ? Rm.data : Rm,
    risk: sumSquares(F, Rm),
    rank: r,
    unique: r === A.cols,
    nullspace: N,
  };
}

// ---------------------------------------------------------------------------
// Definiteness

export type Definiteness =
  'positive-definite' | 'positive-semidefinite' | 'negative-definite' | 'negative-semidefinite' | 'indefinite';

export type DefinitenessResult<S> = {
  /** The zero matrix (and the 0×0 one) is reported as positive-(semi)definite. */
  kind: Definiteness;
  /** Counts of positive, negative and zero entries of D (Sylvester's law of inertia). */
  inertia: { positive: number; negative: number; zero: number };
  /** Tᵀ A T = diag(D) exactly, T invertible (det T = 1). */
  D: S[];
  T: Mat<S>;
  /** v with vᵀAv < 0: present iff A is not positive semidefinite. */
  negativeWitness?: S[];
  /** v with vᵀAv > 0: present iff A is not negative semidefinite. */
  positiveWitness?: S[];
};

/**
 * Symmetric LDLᵀ by congruence: pivot on the largest nonzero diagonal entry of
 * the remaining block (in absolute value; the first in index order among equal
 * ones); when all remaining diagonal entries are zero but some off-diagonal
 * a_ij is not, take the first such pair in row order (i < j) and replace basis
 * vector e_i by e_i + e_j, which makes the new diagonal 2a_ij ≠ 0 (this is
 * where plain LDLᵀ without pivoting fails). The columns of the accumulated T
 * are the witnesses. The order is part of the result: D, T and the witnesses
 * are the same in every field (the rational one takes the same steps
 * fraction-free, ldl-integer.ts).
 */
export function definiteness<S>(F: Field<S>, A: Mat<S>): DefinitenessResult<S> {
  if (A.rows !== A.cols) throw new RangeError(`definiteness: matrix is ${shapeOf(A)}, not square`);
  const n = A.rows;
  if (!isSymmetric(F, A)) {
    let where = '';
    for (let i = 0; i < n && !where; i++)
      for (let j = i + 1; j < n && !where; j++)
        if (!F.eq(A.data[i * n + j], A.data[j * n + i]))
          where = ` (entry (${i}, ${j}) = ${F.toString(A.data[i * n + j])} but (${j}, ${i}) = ${F.toString(A.data[j * n + i])})`;
    throw new RangeError(`definiteness: matrix is not symmetric${where}`);
  }
  if (F.kind === 'rational')
    return rationalDefiniteness(A as unknown as Mat<Fraction>) as unknown as DefinitenessResult<S>;
  const { D, T } = fieldLdl(F, A);
  const Tm: Mat<S> = { rows: n, cols: n, data: T };
  const inertia = { positive: 0, negative: 0, zero: 0 };
  D.forEach((x) => inertia[F.sign(x) > 0 ? 'positive' : F.sign(x) < 0 ? 'negative' : 'zero']++);
  const neg = D.findIndex((x) => F.sign(x) < 0);
  const pos = D.findIndex((x) => F.sign(x) > 0);
  const kind = definitenessOfInertia(inertia);
  const result: DefinitenessResult<S> = { kind, inertia, D, T: Tm };
  if (neg >= 0) result.negativeWitness = column(Tm, neg);
  if (pos >= 0) result.positiveWitness = column(Tm, pos);
  if (F.exact) {
    // Cheap insurance: the witnesses are what callers rely on downstream.
    if (result.negativeWitness && F.sign(bilinear(F, result.negativeWitness, A, result.negativeWitness)) >= 0)
      throw new Error('definiteness: internal error, negative witness does not verify');
    if (result.positiveWitness && F.sign(bilinear(F, result.positiveWitness, A, result.positiveWitness)) <= 0)
      throw new Error('definiteness: internal error, positive witness does not verify');
  }
  return result;
}

/**
 * `definiteness` over the rationals, by the fraction-free elimination of
 * ./ldl-integer.ts: the same D, T and witnesses; D and T are reduced to
 * rationals only when read, and the witnesses are checked on integers.
 */
function rationalDefiniteness(A: Mat<Fraction>): DefinitenessResult<Fraction> {
  const n = A.rows;
  const ldl = integerLdl(A.data, n);
  const inertia = { positive: 0, negative: 0, zero: 0 };
  ldl.signs.forEach((s) => inertia[s > 0 ? 'positive' : s < 0 ? 'negative' : 'zero']++);
  const neg = ldl.signs.indexOf(-1);
  const pos = ldl.signs.indexOf(1);
  // Cheap insurance: the witnesses are what callers rely on downstream.
  if (neg >= 0 && ldl.quadraticSign(neg) >= 0)
    throw new Error('definiteness: internal error, negative witness does not verify');
  if (pos >= 0 && ldl.quadraticSign(pos) <= 0)
    throw new Error('definiteness: internal error, positive witness does not verify');
  let D: Fraction[] | undefined, T: Mat<Fraction> | undefined;
  const result = {
    kind: definitenessOfInertia(inertia),
    inertia,
    get D() {
      return (D ??= ldl.D());
    },
    get T() {
      return (T ??= { rows: n, cols: n, data: ldl.T() });
    },
  } as DefinitenessResult<Fraction>;
  if (neg >= 0) result.negativeWitness = ldl.column(neg);
  if (pos >= 0) result.positiveWitness = ldl.column(pos);
  return result;
}

/** The congruence of `definiteness` in any field: pivoted symmetric elimination with rational (field) operations. */
function fieldLdl<S>(F: Field<S>, A: Mat<S>): { D: S[]; T: S[] } {
  const n = A.rows;
  const M = [...A.data];
  const T = identity(F, n).data;
  const at = (i: number, j: number) => M[i * n + j];
  const done = new Array<boolean>(n).fill(false);
  for (;;) {
    let p = -1;
    for (let i = 0; i < n; i++)
      if (!done[i] && !F.isZero(at(i, i)) && (p < 0 || F.compare(F.abs(at(i, i)), F.abs(at(p, p))) > 0)) p = i;
    if (p < 0) {
      let pair: [number, number] | undefined;
      for (let i = 0; i < n && !pair; i++)
        for (let j = i + 1; j < n && !pair; j++) if (!done[i] && !done[j] && !F.isZero(at(i, j))) pair = [i, j];
      if (!pair) break; // the remaining block is zero
      const [i, j] = pair;
      // Congruence by E = I + e_j e_iᵀ (column i += column j): diagonal becomes 2 a_ij.
      const newDiag = F.add(F.add(at(i, i), at(j, j)), F.add(at(i, j), at(i, j)));
      for (let k = 0; k < n; k++) {
        M[i * n + k] = F.add(at(i, k), at(j, k));
        T[k * n + i] = F.add(T[k * n + i], T[k * n + j]);
      }
      for (let k = 0; k < n; k++) M[k * n + i] = M[i * n + k];
      M[i * n + i] = newDiag;
      p = i;
    }
    const d = at(p, p);
    const rest = [...Array(n).keys()].filter((j) => !done[j] && j !== p);
    const f = rest.map((j) => F.div(at(p, j), d));
    rest.forEach((j, a) => {
      for (let k = 0; k < n; k++) T[k * n + j] = F.sub(T[k * n + j], F.mul(f[a], T[k * n + p]));
      rest.forEach((k, b) => {
        if (b >= a) M[j * n + k] = M[k * n + j] = F.sub(at(j, k), F.mul(f[a], at(p, k)));
      });
    });
    rest.forEach((j) => (M[p * n + j] = M[j * n + p] = F.zero));
    done[p] = true;
  }
  return { D: Array.from({ length: n }, (_, i) => at(i, i)), T };
}

export function isPositiveDefinite<S>(F: Field<S>, A: Mat<S>): boolean {
  return definiteness(F, A).kind === 'positive-definite';
}

/** PD matrices are PSD too. */
export function isPositiveSemidefinite<S>(F: Field<S>, A: Mat<S>): boolean {
  return definiteness(F, A).negativeWitness === undefined;
}

/** The definiteness verdict implied by an inertia (counts of positive, negative and zero eigenvalues). */
export function definitenessOfInertia(inertia: { positive: number; negative: number; zero: number }): Definiteness {
  if (inertia.negative === 0) return inertia.zero === 0 ? 'positive-definite' : 'positive-semidefinite';
  if (inertia.positive === 0) return inertia.zero === 0 ? 'negative-definite' : 'negative-semidefinite';
  return 'indefinite';
}
