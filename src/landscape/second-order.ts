/**
 * The inertia of an exact cell Hessian for the second-order certificate,
 * screened in float64 and confirmed exactly only where it decides:
 *  - a negative direction is proposed by the float pivoted LDLᵀ
 *    (../linalg/inertia.ts), rounded to short integers and confirmed by the
 *    exact quadratic form vᵀHv < 0;
 *  - positive definiteness is proved by an exact congruence to a diagonally
 *    dominant matrix (positiveDefiniteBlock);
 *  - a singular positive semidefinite Hessian gets its exact inertia (exact
 *    LDLᵀ, `definiteness`) when that is affordable (costInertia < budget);
 *    otherwise what is exact is stated apart from what rests on float64: the
 *    parameters whose Hessian rows are exactly zero and a principal block of
 *    the float rank proved positive definite are exact, the float rank and the
 *    absence of negative directions are not (a Hessian without zero rows is
 *    first tried for positive definiteness by congruence, as the float rank of
 *    an ill-conditioned one is too low).
 * Whenever a float proposal fails its exact check, the exact LDLᵀ decides.
 */
import { Fraction } from 'fraction.js';
import { DEFAULT_REL_TOL } from '../linalg/float.js';
import { confirmNegative, floatPivotedLdl, positiveDefiniteBlock, scaledFloats } from '../linalg/inertia.js';
import { definiteness, fromRows, type Definiteness } from '../linalg/matrix.js';
import { shortNegativeDirection } from '../linalg/simple-direction.js';
import type { QTensor } from '../numeric/exact-backend.js';
import { rational } from '../numeric/rational.js';

export interface Inertia {
  positive: number;
  negative: number;
  zero: number;
}

/** What was checked when the exact inertia was too costly (see SecondOrderEvidence.screened). */
export interface ScreenedInertia {
  /** the float64 screen's inertia: pivots above the tolerance, negative 1 when it saw a negative direction (unconfirmed), the rest zero */
  inertia: Inertia;
  /** pivots and remaining entries of magnitude ≤ relativeTolerance · max|H_ij| count as zero */
  relativeTolerance: number;
  /** parameters whose Hessian row is exactly zero (exact zero directions) */
  zeroRows: number;
  /** size of a principal block proved positive definite exactly (0: none proved): at least this many positive directions */
  positiveBlock: number;
}

export interface HessianInertia {
  /** exact inertia, when computed */
  inertia?: Inertia;
  definiteness?: Definiteness;
  /** v with vᵀHv < 0 exactly (one entry per parameter), when one was found */
  negative?: Fraction[];
  /** set instead of `inertia` when the exact inertia was too costly */
  screened?: ScreenedInertia;
}

/**
 * A deterministic cost model of the exact LDLᵀ on an n×n block with b-bit
 * entries: Σ_k (n − k)² entry updates on integers of about k·b bits, each
 * costing about (size in 64-bit words)² (products). All n steps are counted:
 * the exact rank can exceed the float one (an ill-conditioned block).
 * Measured with the fraction-free elimination (../linalg/ldl-integer.ts): at
 * least 24 000 units per millisecond on the 2-core machine (15×15 at 2000
 * bits: 25·10⁶ units, 1.0 s; 60×60 at 200 bits: 2.6·10⁸ units, 3.0 s); the
 * rational elimination it replaced managed 300–450.
 */
export function costInertia(n: number, b: number): number {
  let c = 0;
  for (let k = 1; k <= n; k++) c += (n - k) ** 2 * (1 + (k * b) / 64) ** 2;
  return c;
}

/** The default budget of costInertia: about two seconds at most on a 2-core machine. */
export const EXACT_INERTIA_BUDGET = 5e7;

/** Largest block on which an exact congruence proof of positive definiteness is tried when the float screen doubts it (n³ integer products per round). */
const CONGRUENCE_TRY = 100;

const bits = (x: bigint) => (x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length);

/** The inertia of the exact Hessian H (P×P, numerators over one denominator), as described above. */
export function hessianInertia(H: QTensor, opts: { budget?: number } = {}): HessianInertia {
  const P = H.rows;
  const budget = opts.budget ?? EXACT_INERTIA_BUDGET;
  const num = H.num;
  // exact zero rows: e_p is a zero direction; the rest is decided on the live block
  const live: number[] = [];
  for (let p = 0; p < P; p++) {
    let nz = false;
    for (let q = 0; q < P && !nz; q++) nz = num[p * P + q] !== 0n;
    if (nz) live.push(p);
  }
  const n = live.length;
  const M = new Array<bigint>(n * n);
  let b = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      M[i * n + j] = num[live[i] * P + live[j]];
      b = Math.max(b, bits(M[i * n + j]));
    }
  const embed = (v: readonly bigint[]) => {
    const out = new Array<Fraction>(P).fill(new Fraction(0));
    live.forEach((p, i) => (out[p] = new Fraction(v[i])));
    return out;
  };

  const exact = (): HessianInertia => {
    // the exact LDLᵀ on the live block (H's entries as rationals; same inertia as M)
    const Hm = fromRows(
      Array.from({ length: n }, (_, i) => M.slice(i * n, (i + 1) * n).map((x) => new Fraction(x, H.den))),
      n,
    );
    const def = definiteness(rational, Hm);
    const inertia = { ...def.inertia, zero: def.inertia.zero + P - n };
    const out: HessianInertia = { inertia, definiteness: def.kind };
    if (n < P && def.kind === 'positive-definite') out.definiteness = 'positive-semidefinite';
    if (def.negativeWitness) {
      const v = shortNegativeDirection(Hm, def.negativeWitness);
      out.negative = new Array<Fraction>(P).fill(new Fraction(0));
      live.forEach((p, i) => (out.negative![p] = v[i]));
    }
    return out;
  };
  if (n === 0) return { inertia: { positive: 0, negative: 0, zero: P }, definiteness: 'positive-semidefinite' };

  const ldl = floatPivotedLdl(scaledFloats(M), n);
  const r = ldl.order.length;
  const affordable = costInertia(n, b) < budget;
  if (ldl.negative.length) {
    const w = confirmNegative(M, n, ldl.negative);
    if (w) {
      // the screened direction, confirmed exactly (and the exact inertia beside it when cheap)
      return { ...(affordable ? exact() : {}), negative: embed(w) };
    }
    if (affordable) return exact(); // the float proposal failed its exact check: decide exactly
  }
  const block = (k: number) => {
    const idx = ldl.order.slice(0, k);
    const A = idx.flatMap((i) => idx.map((j) => M[i * n + j]));
    const T = new Float64Array(k * k);
    idx.forEach((i, a) => idx.forEach((j, c) => (T[a * k + c] = ldl.T[i * n + j])));
    return positiveDefiniteBlock(A, k, T);
  };
  const pd: HessianInertia = { inertia: { positive: P, negative: 0, zero: 0 }, definiteness: 'positive-definite' };
  if (r === n && n === P && !ldl.negative.length && block(n)) return pd;
  if (affordable) return exact();
  // no zero rows but a float rank below n: an ill-conditioned positive definite H may still be proved
  if (n === P && !ldl.negative.length && n <= CONGRUENCE_TRY && positiveDefiniteBlock(M, n, null)) return pd;
  // not decided exactly within the budget: what was checked, and the float screen
  return {
    screened: {
      inertia: { positive: r, negative: ldl.negative.length ? 1 : 0, zero: P - r - (ldl.negative.length ? 1 : 0) },
      relativeTolerance: DEFAULT_REL_TOL,
      zeroRows: P - n,
      positiveBlock: r > 0 && block(r) ? r : 0,
    },
  };
}
