/**
 * The tensor level: whole-layer operations on 2-D tensors (rows × cols,
 * row-major). Network code (forward pass, risk, gradient, Hessian-vector
 * products) is written once against `Backend<T, S>` and runs on
 *  - float64: flat Float64Arrays, no per-element allocation in inner loops;
 *  - exact:   bigint numerators over one shared bigint denominator, so a
 *             layer is an integer matrix product;
 *  - decimal: decimal.js values (a generic scalar-array backend).
 *
 * Why not one fraction.js object per entry: on the benchmark network that is
 * ~250× slower than the float loop; a shared denominator keeps the exact path
 * within a small factor (see `npm run bench`).
 */
import type { Field } from './field.js';
import type { Elementwise, PwlTable } from './elementwise.js';

export interface Tensor {
  readonly rows: number;
  readonly cols: number;
}

export type BackendName = 'float64' | 'exact' | 'decimal' | 'scalar';

export interface ActivationResult<T> {
  /** h(z), elementwise. */
  value: T;
  /** h'(z); at a PWL breakpoint the left slope (see PwlTable). */
  slope: T;
  /** h''(z) when requested (zero for PWL functions off their breakpoints). */
  curvature?: T;
  /** Piece index per entry (row-major); 0 for smooth functions. Always present on the exact backend; elsewhere only when requested. */
  piece?: Int32Array;
  /** Row-major indices of entries that sit exactly on a breakpoint. */
  kinks: number[];
}

export interface ActivateOptions {
  /** also compute h'' (smooth functions; zero for PWL) */
  curvature?: boolean;
  /** also return the piece index per entry */
  pieces?: boolean;
}

export interface Backend<T extends Tensor, S> {
  readonly name: BackendName;
  readonly field: Field<S>;
  zeros(rows: number, cols: number): T;
  /** Row-major data. */
  fromScalars(rows: number, cols: number, data: readonly S[]): T;
  /** Row-major data; the exact backend converts each double exactly. */
  fromNumbers(rows: number, cols: number, data: ArrayLike<number>): T;
  toScalars(t: T): S[];
  toNumbers(t: T): Float64Array;
  get(t: T, i: number, j: number): S;
  /** a·b */
  matmul(a: T, b: T): T;
  /** w·a + b·1ᵀ (b: rows×1, or null for no bias), in one pass. */
  affine(w: T, a: T, b: T | null): T;
  /** aᵀ·b */
  matmulTN(a: T, b: T): T;
  /** a·bᵀ */
  matmulNT(a: T, b: T): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  hadamard(a: T, b: T): T;
  scale(a: T, s: S): T;
  /** a + col·1ᵀ, col of shape rows×1. */
  addColumn(a: T, col: T): T;
  /** Row sums, shape rows×1. */
  rowSums(a: T): T;
  sum(a: T): S;
  sumSquares(a: T): S;
  dot(a: T, b: T): S;
  /** rows×cols tensor whose entry k is src[index[k]] (src read flat), or 0 where index[k] < 0. */
  gather(src: T, index: Int32Array, rows: number, cols: number): T;
  /**
   * rows×cols tensor of src's flat entries offset .. offset+rows·cols−1. The
   * float backend returns a view sharing storage: tensors are immutable values.
   */
  slice(src: T, offset: number, rows: number, cols: number): T;
  /** length×1 tensor g with g[m] = Σ_{k: index[k] = m} src[k] (src read flat). */
  scatter(src: T, index: Int32Array, length: number): T;
  /** Σ over parts of scatter(part.src, part.index, length), into one tensor. */
  scatterSum(parts: readonly { src: T; index: Int32Array }[], length: number): T;
  activate(z: T, fn: Elementwise, opts?: ActivateOptions): ActivationResult<T>;
  /**
   * A PWL function evaluated with a GIVEN piece per entry: value = a_p·z + c_p,
   * slope = a_p. This is the polynomial of one (possibly adjacent) cell.
   */
  activatePieces(z: T, table: PwlTable, pieces: Int32Array): ActivationResult<T>;
}

export function assertSameShape(op: string, a: Tensor, b: Tensor): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${op}: shapes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} differ`);
  }
}

export function assertMatmul(op: string, ar: number, ac: number, br: number, bc: number): void {
  if (ac !== br) throw new RangeError(`${op}: inner dimensions of ${ar}×${ac} and ${br}×${bc} differ`);
}
