/**
 * Cross-entropy risks enclosed by intervals (../numeric/interval.ts), so that
 * "R(θ′) < R(θ)" or "R(θ′) < min of a convex model" can be proved although
 * exp and log are not rational.
 *
 * (a) ceRiskInterval: the risk c·Σ_i Σ_j y_ij (LSE(ŷ_i) − ŷ_ij) of exact
 *     (rational) outputs, as in ../model/loss.ts.
 * (b) softmaxRegressionLowerBound: a certified lower bound on the optimum of
 *     linear softmax regression F(W) = c·Σ_i [LSE(W x̃_i) − y_iᵀ W x̃_i] with
 *     one-hot (simplex) targets, by weak duality. LSE(z) = max over the
 *     simplex of pᵀz + H(p) (H the entropy), so for any P with rows p_i in the
 *     simplex and Σ_i (p_i − y_i) x̃_iᵀ = 0, F(W) ≥ c·Σ_i H(p_i) for EVERY W.
 *     A near-optimal P̃ (e.g. softmax of a float minimiser, as rationals) is
 *     moved to exact feasibility by the least-norm rational correction; its
 *     entropy is then enclosed. The bound is within O(‖P̃ − P*‖²) of the optimum.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares } from '../linalg/matrix.js';
import type { Interval, IntervalArithmetic } from '../numeric/interval.js';
import { rational, sum, ZERO } from '../numeric/rational.js';

const sumI = (I: IntervalArithmetic, xs: readonly Interval[]) => xs.reduce((a, b) => I.add(a, b), I.of(0));

/** c·Σ_i Σ_j y_ij (LSE(ŷ_i) − ŷ_ij), enclosed; outputs and targets are N × d. */
export function ceRiskInterval(
  I: IntervalArithmetic,
  outputs: readonly (readonly Fraction[])[],
  targets: readonly (readonly Fraction[])[],
  c: Fraction,
): Interval {
  const terms = outputs.map((o, i) => {
    const m = o.reduce((a, b) => (b.compare(a) > 0 ? b : a));
    const lse = I.add(
      I.of(m),
      I.ln(
        sumI(
          I,
          o.map((v) => I.exp(I.of(v.sub(m)))),
        ),
      ),
    );
    return sumI(
      I,
      targets[i].map((y, j) => (y.n === 0n ? I.of(0) : I.mul(I.of(y), I.sub(lse, I.of(o[j]))))),
    );
  });
  return I.mul(I.of(c), sumI(I, terms));
}

export interface SoftmaxDualBound {
  /** encloses c·Σ_i H(p_i) ≤ min_W F(W) */
  bound: Interval;
  /** the exactly feasible dual point (rows in the simplex, Σ_i (p_i − y_i) x̃_iᵀ = 0) */
  P: Fraction[][];
  /** the largest |correction| applied to P̃ */
  moved: Fraction;
}

/**
 * A certified lower bound on min_W c·Σ_i [LSE(W x̃_i) − y_iᵀ W x̃_i] (see (b)):
 * features x̃_i (N × m, include a 1 for a bias), one-hot targets (N × d), and a
 * guess P̃ (N × d). Null when the corrected P leaves the simplex (a guess too
 * far from the optimum) or the targets are not in the simplex.
 */
export function softmaxRegressionLowerBound(
  I: IntervalArithmetic,
  features: readonly (readonly Fraction[])[],
  targets: readonly (readonly Fraction[])[],
  guess: readonly (readonly Fraction[])[],
  c: Fraction,
): SoftmaxDualBound | null {
  const N = features.length,
    m = features[0].length,
    d = targets[0].length;
  if (targets.some((y) => !sum(y).equals(1) || y.some((v) => v.s < 0n))) return null;
  const at = (i: number, j: number) => i * d + j;
  const rows: Fraction[][] = [],
    rhs: Fraction[] = [];
  const blank = () => new Array<Fraction>(N * d).fill(ZERO);
  for (let i = 0; i < N; i++) {
    const r = blank();
    for (let j = 0; j < d; j++) r[at(i, j)] = new Fraction(1);
    rows.push(r);
    rhs.push(new Fraction(1).sub(sum(guess[i])));
  }
  for (let j = 0; j < d; j++)
    for (let k = 0; k < m; k++) {
      const r = blank();
      for (let i = 0; i < N; i++) r[at(i, j)] = features[i][k];
      rows.push(r);
      rhs.push(sum(features.map((x, i) => guess[i][j].sub(targets[i][j]).mul(x[k]))).neg());
    }
  const ls = leastSquares(rational, fromRows(rows, N * d), rhs);
  if (ls.risk.n !== 0n) return null; // the constraints cannot be met (not expected: they are consistent)
  const P = guess.map((row, i) => row.map((p, j) => p.add(ls.x[at(i, j)])));
  if (P.some((row) => row.some((p) => p.s < 0n))) return null;
  const entropy = (p: Fraction) => (p.n === 0n ? I.of(0) : I.neg(I.mul(I.of(p), I.ln(I.of(p)))));
  const bound = I.mul(
    I.of(c),
    sumI(
      I,
      P.flatMap((row) => row.map(entropy)),
    ),
  );
  const moved = ls.x.reduce((a, b) => (b.abs().compare(a) > 0 ? b.abs() : a), ZERO);
  return { bound, P, moved };
}
