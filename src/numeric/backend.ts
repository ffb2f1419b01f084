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

/** The result of `Backend.argmaxGroups`. */
export interface GroupArgmax {
  /** per group, the position (0 .. size − 1) of its first largest entry */
  argmax: Int32Array;
  /** the groups whose largest value is attained more than once, with every such position (ascending) */
  ties: { group: number; at: number[] }[];
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
   * Maxima over groups of `size` entries (max pooling): group g is src's flat entries
   * index[g·size .. g·size + size − 1] (all ≥ 0). Compared in the backend's own order:
   * exactly on rationals, by the leading terms on germs (./landscape/germ.ts), as doubles.
   */
  argmaxGroups(src: T, index: Int32Array, size: number): GroupArgmax;
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

/**
 * `argmaxGroups` over a comparison of src's flat entries (cmp(a, b) > 0 when
 * entry a is the larger): the one loop every backend uses.
 */
export function argmaxBy(index: Int32Array, size: number, cmp: (a: number, b: number) => number): GroupArgmax {
  if (size < 1 || index.length % size !== 0)
    throw new RangeError(`argmaxGroups: ${index.length} indices do not split into groups of ${size}`);
  const groups = index.length / size;
  const argmax = new Int32Array(groups);
  const ties: GroupArgmax['ties'] = [];
  for (let g = 0; g < groups; g++) {
    const o = g * size;
    let best = 0,
      tied = false;
    for (let k = 1; k < size; k++) {
      const c = cmp(index[o + k], index[o + best]);
      if (c > 0) {
        best = k;
        tied = false;
      } else if (c === 0) tied = true;
    }
    argmax[g] = best;
    if (tied) {
      const at: number[] = [];
      for (let k = 0; k < size; k++) if (k === best || cmp(index[o + k], index[o + best]) === 0) at.push(k);
      ties.push({ group: g, at });
    }
  }
  return { argmax, ties };
}
