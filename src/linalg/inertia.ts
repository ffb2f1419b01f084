/**
 * Inertia of a symmetric matrix, screened in float64 and confirmed in exact
 * integer arithmetic only where the answer is decided:
 *  - `floatPivotedLdl` screens: diagonal-pivoted LDLᵀ of the float matrix,
 *    which gives the (float) rank, the pivot order, the congruence T with
 *    TᵀAT ≈ diag(pivots), and a candidate negative direction when one shows;
 *  - `quadraticForm` confirms a negative direction: vᵀMv < 0 exactly for an
 *    integer v;
 *  - `positiveDefiniteBlock` proves a principal block positive definite by an
 *    exact congruence (see there), at the cost of a few integer matrix
 *    products instead of an exact elimination, whose entries grow to the size
 *    of the block's minors (thousands of bits on a 58×58 Hessian block with
 *    400-bit entries, seconds to minutes).
 * Integer matrices are bigint[] row-major n×n.
 */
import { Fraction } from 'fraction.js';
import { DEFAULT_REL_TOL } from './float.js';
import { roundedDirection } from './simple-direction.js';
import { quadraticForm } from './ldl-integer.js';

export interface FloatLdl {
  /** pivot indices in the order taken (all pivots > tol) */
  order: number[];
  pivots: number[];
  /** n×n row-major; TᵀAT ≈ diag(pivots) on `order` and the remaining block elsewhere; column p of T for p in `order` has support in the pivots taken up to p */
  T: Float64Array;
  /** |entry| ≤ tol counts as zero: relTol · max|A_ij| */
  tol: number;
  /** largest |entry| of the remaining (unpivoted) block: ≤ tol when the float matrix is PSD of rank order.length */
  remainder: number;
  /** float directions v with vᵀAv < −tol (from the remaining block), most negative first */
  negative: Float64Array[];
}

/**
 * Diagonal-pivoted LDLᵀ in float64 (ml-matrix has Cholesky and LU but no
 * pivoted symmetric LDLᵀ that stops at the numerical rank): pivot on the
 * largest remaining diagonal entry while it exceeds tol.
 */
export function floatPivotedLdl(A: ArrayLike<number>, n: number, relTol = DEFAULT_REL_TOL): FloatLdl {
  if (A.length !== n * n) throw new RangeError(`floatPivotedLdl: ${A.length} entries for ${n}×${n}`);
  const S = Float64Array.from(A);
  let scale = 0;
  for (let k = 0; k < S.length; k++) {
    if (!Number.isFinite(S[k])) throw new RangeError(`floatPivotedLdl: entry ${k} is ${S[k]}`);
    scale = Math.max(scale, Math.abs(S[k]));
  }
  const tol = relTol * scale;
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++) T[i * n + i] = 1;
  const done = new Uint8Array(n);
  const order: number[] = [],
    pivots: number[] = [];
  for (;;) {
    let p = -1;
    for (let i = 0; i < n; i++) if (!done[i] && S[i * n + i] > tol && (p < 0 || S[i * n + i] > S[p * n + p])) p = i;
    if (p < 0) break;
    const d = S[p * n + p];
    order.push(p);
    pivots.push(d);
    done[p] = 1;
    for (let i = 0; i < n; i++) {
      if (done[i]) continue;
      const l = S[i * n + p] / d;
      if (l === 0) continue;
      for (let j = 0; j < n; j++) if (!done[j]) S[i * n + j] -= l * S[p * n + j];
      for (let k = 0; k < n; k++) T[k * n + i] -= l * T[k * n + p];
    }
  }
  const rest = [...Array(n).keys()].filter((i) => !done[i]);
  let remainder = 0;
  const found: { q: number; v: Float64Array }[] = [];
  const col = (i: number) => Float64Array.from({ length: n }, (_, k) => T[k * n + i]);
  for (const i of rest) {
    for (const j of rest) remainder = Math.max(remainder, Math.abs(S[i * n + j]));
    if (S[i * n + i] < -tol) found.push({ q: S[i * n + i], v: col(i) });
  }
  if (!found.length)
    // all remaining diagonal entries ≈ 0: a large off-diagonal one gives (e_i − sign·e_j)ᵀS(e_i − sign·e_j) < 0
    for (const i of rest)
      for (const j of rest) {
        const s = S[i * n + j];
        const q = S[i * n + i] + S[j * n + j] - 2 * Math.abs(s);
        if (j > i && q < -tol) {
          const vi = col(i),
            vj = col(j);
          found.push({ q, v: vi.map((x, k) => x - Math.sign(s) * vj[k]) });
        }
      }
  found.sort((a, b) => a.q - b.q);
  return { order, pivots, T, tol, remainder, negative: found.slice(0, 3).map((f) => f.v) };
}

export { quadraticForm } from './ldl-integer.js';

/**
 * A short integer vector w with wᵀMw < 0 exactly, from float candidates
 * rounded to 1, 2, 4, … 52 bits (roundedDirection), or null.
 */
export function confirmNegative(
  M: readonly bigint[],
  n: number,
  candidates: readonly ArrayLike<number>[],
): bigint[] | null {
  for (const v of candidates) {
    const exact = Array.from(v, (x) => new Fraction(x)); // doubles are dyadic: exact
    for (const bits of [1, 2, 4, 8, 12, 16, 24, 32, 40, 52]) {
      const w = roundedDirection(exact, bits).map((x) => x.s * x.n);
      if (w.some((x) => x !== 0n) && quadraticForm(M, n, w) < 0n) return w;
    }
  }
  return null;
}

const bitLength = (x: bigint) => (x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length);

/**
 * Strict diagonal dominance after a symmetric scaling by powers of two:
 * with w_i = 2^(−e_i), e_i = ⌊(bits(A_ii) − 1)/2⌋, every row of WAW has
 * (WAW)_ii > Σ_{j≠i} |(WAW)_ij|, i.e. A_ii·2^(E−e_i) > Σ_{j≠i} |A_ij|·2^(E−e_j)
 * (E = max e_j), all in integers. Then WAW is positive definite (Gershgorin:
 * every eigenvalue lies in a disc around a positive diagonal entry that
 * excludes 0), and so is A (congruent to it).
 */
export function scaledDiagonallyDominant(A: readonly bigint[], n: number): boolean {
  const e: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = A[i * n + i];
    if (d <= 0n) return false;
    e.push(Math.floor((bitLength(d) - 1) / 2));
  }
  const E = Math.max(0, ...e);
  const sh = e.map((x) => BigInt(E - x));
  for (let i = 0; i < n; i++) {
    let off = 0n;
    for (let j = 0; j < n; j++) if (j !== i) off += (A[i * n + j] < 0n ? -A[i * n + j] : A[i * n + j]) << sh[j];
    if (A[i * n + i] << sh[i] <= off) return false;
  }
  return true;
}

/** TᵀAT for an integer upper triangular T (n×n, row-major), exactly; symmetric. */
function congruence(A: readonly bigint[], n: number, T: readonly bigint[]): bigint[] {
  const AT = new Array<bigint>(n * n).fill(0n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const a = A[i * n + k];
      if (a === 0n) continue;
      for (let j = k; j < n; j++) if (T[k * n + j] !== 0n) AT[i * n + j] += a * T[k * n + j];
    }
  const out = new Array<bigint>(n * n).fill(0n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0n;
      for (let k = 0; k <= i; k++) if (T[k * n + i] !== 0n && AT[k * n + j] !== 0n) s += T[k * n + i] * AT[k * n + j];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  return out;
}

/**
 * The integer matrix as doubles, all scaled by one power of two 2^−s chosen so
 * the largest entry is near 2^60 (a positive scaling: inertia and directions unchanged).
 */
export function scaledFloats(M: readonly bigint[]): Float64Array {
  let b = 0;
  for (const x of M) b = Math.max(b, bitLength(x));
  const s = b - 60;
  return Float64Array.from(M, (x) => (s >= 0 ? scaledNumber(x, s) : Number(x) * 2 ** -s));
}

/** A bigint as a double times 2^−shift (the low bits dropped first, so huge integers do not overflow). */
function scaledNumber(x: bigint, shift: number): number {
  const drop = Math.max(0, bitLength(x) - 60);
  const d = Math.min(drop, shift);
  return Number(x >> BigInt(d)) * 2 ** (d - shift);
}

/**
 * The unit upper triangular T with TᵀBT ≈ D for the float matrix B = WAW
 * (W the power-of-two scaling of scaledDiagonallyDominant), by LDLᵀ without
 * pivoting; null if a pivot is not positive.
 */
function floatCongruence(A: readonly bigint[], n: number): { T: Float64Array; e: number[] } | null {
  const e: number[] = [];
  for (let i = 0; i < n; i++) {
    if (A[i * n + i] <= 0n) return null;
    e.push(Math.floor((bitLength(A[i * n + i]) - 1) / 2));
  }
  const B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] = scaledNumber(A[i * n + j], e[i] + e[j]);
  // unpivoted: T must stay upper triangular in the block's order
  const S = Float64Array.from(B);
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++) T[i * n + i] = 1;
  for (let p = 0; p < n; p++) {
    const d = S[p * n + p];
    if (!(d > 0)) return null;
    for (let i = p + 1; i < n; i++) {
      const l = S[i * n + p] / d;
      if (l === 0) continue;
      for (let j = p + 1; j < n; j++) S[i * n + j] -= l * S[p * n + j];
      for (let k = 0; k <= p; k++) T[k * n + i] -= l * T[k * n + p];
    }
  }
  return { T, e };
}

/** Bits after the binary point kept when T is rounded to integers. */
const T_BITS = 30;

/**
 * Proof that the symmetric integer matrix A (n×n) is positive definite, or
 * false when none was found (which proves nothing either way). `T`: a float
 * unit upper triangular matrix with TᵀAT ≈ diagonal (from floatPivotedLdl on
 * the block's rows and columns in pivot order), or null.
 *
 * Why it is a proof: T rounded to integers T̃ = round(2^b·s_i·T_ij) is upper
 * triangular with a nonzero diagonal, hence invertible, so T̃ᵀAT̃ has A's
 * inertia (Sylvester's law), computed exactly; if it is diagonally dominant
 * after a power-of-two scaling (scaledDiagonallyDominant), it is positive
 * definite, hence A. Float errors only decide whether the test passes; if it
 * does not, the nearly diagonal T̃ᵀAT̃ is factored again in float64 and the
 * congruence repeated (a few rounds).
 */
export function positiveDefiniteBlock(A: readonly bigint[], n: number, T: Float64Array | null, rounds = 3): boolean {
  if (n === 0) return true;
  let M = [...A];
  let guide: { T: Float64Array; e: number[] } | null = T ? { T, e: new Array<number>(n).fill(0) } : null;
  for (let round = 0; round <= rounds; round++) {
    if (scaledDiagonallyDominant(M, n)) return true;
    if (round === rounds) break;
    guide = round === 0 && guide ? guide : floatCongruence(M, n);
    if (!guide) return false;
    const E = Math.max(0, ...guide.e);
    const Tint = new Array<bigint>(n * n).fill(0n);
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        const x = guide.T[i * n + j] * 2 ** (T_BITS + E - guide.e[i]);
        if (!Number.isFinite(x)) return false;
        Tint[i * n + j] = BigInt(Math.round(x));
      }
    for (let i = 0; i < n; i++) if (Tint[i * n + i] === 0n) return false; // invertibility (cannot happen: T_ii = 1)
    M = congruence(M, n, Tint);
  }
  return false;
}

/**
 * Sylvester's criterion by fraction-free (Bareiss) elimination: the symmetric
 * integer matrix A is positive definite iff its leading principal minors are
 * all positive; Bareiss's k-th pivot is the k-th leading minor, every division
 * exact. A different algorithm from positiveDefiniteBlock and from the LDLᵀ of
 * ./matrix.ts, for re-checks.
 */
export function leadingMinorsPositive(A: readonly bigint[], n: number): boolean {
  const M = [...A];
  let prev = 1n;
  for (let k = 0; k < n; k++) {
    const d = M[k * n + k];
    if (d <= 0n) return false;
    for (let i = k + 1; i < n; i++)
      for (let j = i; j < n; j++) {
        const v = (d * M[i * n + j] - M[i * n + k] * M[k * n + j]) / prev;
        M[i * n + j] = v;
        M[j * n + i] = v;
      }
    prev = d;
  }
  return true;
}
