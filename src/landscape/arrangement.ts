/**
 * The cells of a first layer's weight space: for samples x_1..x_N (rows, the
 * bias coordinate included when there is one), the hyperplanes {w : w·x_i = 0}
 * cut ℝ^d into open cones, one per realisable sign column s ∈ {0, 1}^N,
 * C(s) = {w : w·x_i > 0 where s_i = 1, w·x_i < 0 where s_i = 0}. These are the
 * per-unit activation patterns of a dense ReLU-type first layer without bias
 * (or with the bias folded into homogeneous inputs).
 *
 *  - columnFeasibility: C(s) ≠ ∅ decided by the exact LP (src/linalg/lp.ts),
 *    with a witness w (all signs strict) or a Gordan certificate λ ≥ 0, λ ≠ 0,
 *    Σ λ_i σ_i x_i = 0 (σ_i = 2s_i − 1), both checked exactly here;
 *  - feasibleColumns: every realisable column, by the LP over all 2^N columns;
 *  - sweepColumns (d = 2): the same set by an exact angular sweep, a second
 *    method written independently of the LP;
 *  - coverCount: Cover's count 2·Σ_{k<d} C(N − 1, k) of the cells of N
 *    hyperplanes through 0 in general position in ℝ^d.
 */
import { Fraction } from 'fraction.js';
import { feasibility, type Constraint } from '../linalg/lp.js';
import { rank, fromRows } from '../linalg/matrix.js';
import { rational, sum, ZERO } from '../numeric/rational.js';

export type ColumnFeasibility = { feasible: true; witness: Fraction[] } | { feasible: false; multipliers: Fraction[] };

const dot = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));

/** Whether the sign column s (0/1 per sample) is realisable, with an exactly checked witness or certificate. */
export function columnFeasibility(X: readonly (readonly Fraction[])[], s: readonly number[]): ColumnFeasibility {
  const sigma = s.map((v) => (v ? 1 : -1));
  // σ_i x_i·w > 0 is homogeneous: the same as σ_i x_i·w ≥ 1
  const constraints: Constraint[] = X.map((x, i) => ({
    coeffs: x.map((v) => v.mul(sigma[i])),
    op: '>=',
    rhs: new Fraction(1),
  }));
  const r = feasibility(constraints, X[0].length);
  if (r.feasible) {
    if (X.some((x, i) => dot(x, r.point).mul(sigma[i]).compare(ZERO) <= 0))
      throw new Error('internal: the LP witness does not realise the column');
    return { feasible: true, witness: r.point };
  }
  // Motzkin for σ_i x_i·w ≥ 1 gives λ ≥ 0 with Σ λ_i σ_i x_i = 0 (and Σ λ_i > 0): Gordan's alternative
  const lambda = r.certificate.multipliers.map((m) => m.abs());
  const combo = X[0].map((_, k) => sum(X.map((x, i) => lambda[i].mul(sigma[i]).mul(x[k]))));
  if (lambda.every((l) => l.n === 0n) || combo.some((c) => c.n !== 0n))
    throw new Error('internal: the infeasibility certificate does not check');
  return { feasible: false, multipliers: lambda };
}

/** Every realisable column, in the order of the binary numbers 0..2^N − 1 (s_1 the highest bit). */
export function feasibleColumns(X: readonly (readonly Fraction[])[]): number[][] {
  const N = X.length;
  const out: number[][] = [];
  for (let m = 0; m < 2 ** N; m++) {
    const s = Array.from({ length: N }, (_, i) => (m >> (N - 1 - i)) & 1);
    if (columnFeasibility(X, s).feasible) out.push(s);
  }
  return out;
}

/** The half of the plane a nonzero direction is in (0: angle in [0, π), 1: [π, 2π)), for the exact angular order. */
const half = (v: readonly Fraction[]) => ((v[1].s > 0n && v[1].n !== 0n) || (v[1].n === 0n && v[0].s > 0n) ? 0 : 1);
const cross = (a: readonly Fraction[], b: readonly Fraction[]) => a[0].mul(b[1]).sub(a[1].mul(b[0]));

/**
 * d = 2: the realisable columns by an angular sweep. The lines' directions
 * ±(−x_i2, x_i1) sorted by angle exactly (half-plane, then cross product);
 * the bisector u + u′ of two consecutive distinct directions lies strictly
 * inside one cell, and every cell is met once. With a single line direction
 * the cells are those of ±x_1.
 */
export function sweepColumns(X: readonly (readonly Fraction[])[]): number[][] {
  if (X[0].length !== 2) throw new RangeError('sweepColumns: inputs of dimension 2 only');
  // a zero sample has no line (its pre-activation is 0 for every w): it would compare equal to every direction
  const zero = X.findIndex((x) => x.every((v) => v.n === 0n));
  if (zero >= 0) throw new RangeError(`sweepColumns: sample ${zero + 1} is zero and cuts no line`);
  const dirs: Fraction[][] = [];
  for (const x of X) {
    const v = [x[1].neg(), x[0]];
    dirs.push(
      v,
      v.map((c) => c.neg()),
    );
  }
  dirs.sort((a, b) => half(a) - half(b) || -cross(a, b).compare(ZERO));
  // merge parallel directions of the same orientation
  const distinct = dirs.filter((d, k) => k === 0 || !(half(d) === half(dirs[k - 1]) && cross(d, dirs[k - 1]).n === 0n));
  if (distinct.length > 1 && half(distinct[0]) === half(distinct[distinct.length - 1]))
    if (cross(distinct[0], distinct[distinct.length - 1]).n === 0n) distinct.pop();
  const probes: Fraction[][] =
    distinct.length <= 2
      ? [X[0].slice(), X[0].map((c) => c.neg())]
      : distinct.map((d, k) => {
          const e = distinct[(k + 1) % distinct.length];
          return [d[0].add(e[0]), d[1].add(e[1])];
        });
  const cols = new Map<string, number[]>();
  for (const w of probes) {
    const s = X.map((x) => (dot(x, w).compare(ZERO) > 0 ? 1 : 0));
    cols.set(s.join(''), s);
  }
  return [...cols.values()].sort((a, b) => (a.join('') < b.join('') ? -1 : a.join('') > b.join('') ? 1 : 0));
}

/** C(n, k) as a number (small n). */
const binom = (n: number, k: number): number => {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
};

/** Cover's count of cells of N central hyperplanes in general position in ℝ^d: 2·Σ_{k=0}^{d−1} C(N − 1, k). */
export function coverCount(N: number, d: number): number {
  if (!Number.isInteger(N) || !Number.isInteger(d) || N < 1 || d < 1)
    throw new RangeError(`coverCount: needs N ≥ 1 hyperplanes in dimension d ≥ 1, got N = ${N}, d = ${d}`);
  return 2 * Array.from({ length: d }, (_, k) => binom(N - 1, k)).reduce((a, b) => a + b, 0);
}

/** General position: every min(d, N) of the samples are linearly independent (exact ranks). */
export function inGeneralPosition(X: readonly (readonly Fraction[])[]): boolean {
  const d = X[0].length,
    N = X.length;
  const k = Math.min(d, N);
  const choose = (start: number, left: number, acc: number[]): boolean => {
    if (left === 0) return rank(rational, fromRows(acc.map((i) => [...X[i]]))) === k;
    for (let i = start; i <= N - left; i++) if (!choose(i + 1, left - 1, [...acc, i])) return false;
    return true;
  };
  return choose(0, k, []);
}
