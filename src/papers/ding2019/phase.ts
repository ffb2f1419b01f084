/**
 * Ding, Li & Sun (2019), the phase transition in N (§1, §4.2, §5) on the
 * shallow model ŷ = Σ v_i σ(w_i x) with m = N: the points the phase table
 * draws where the paper gives no construction, and witnesses of
 * sub-optimality.
 *
 *  - oneSignPoint: for a positively homogeneous piecewise-linear σ (ReLU,
 *    leaky ReLU) every hidden weight of one sign s, so σ(w_i x) = |w_i|·σ(s·x)
 *    and near the point the outputs range over span{σ(s·x)}; the output layer
 *    is fitted by least squares, so the point is a local minimum (E ≥ the
 *    least-squares residual nearby, with equality at the point);
 *  - quadraticParallelInputs: for σ = 1 + t + t² the inputs at which z = σ(ωx)
 *    and ∂z = x∘σ′(ωx) are parallel: t₁ = ωx₁, t₂ = ωx₂ with
 *    σ(t₁)t₂σ′(t₂) = σ(t₂)t₁σ′(t₁), i.e. (t₂ − t₁)(1 + 2(t₁ + t₂) + t₁t₂) = 0,
 *    so t₂ = −(1 + 2t₁)/(t₁ + 2) (the note's G6 has t₁ = 1, t₂ = −1);
 *  - lowestFit: the lowest risk over a few fixed hidden-weight vectors with the
 *    output layer fitted exactly (a point of lower risk shows a local minimum
 *    is sub-optimal).
 */
import { Fraction } from 'fraction.js';
import { fitOutputLayer, type OutputFit } from '../../landscape/output-fit.js';
import type { Activation } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import { shallowNet, shallowTheta } from './shallow.js';

/** Every hidden weight s·|magnitude|, the output weights fitted by least squares. */
export function oneSignPoint(
  act: Activation,
  x: readonly Fraction[],
  y: readonly Fraction[],
  sign: 1 | -1,
  magnitudes: readonly Fraction[],
): { theta: Fraction[]; data: Dataset } {
  const net = shallowNet(act, magnitudes.length);
  const data = dataset(
    x.map((xi) => [xi]),
    y.map((yi) => [yi]),
  );
  const w = magnitudes.map((a) => (sign > 0 ? a.abs() : a.abs().neg()));
  return { theta: fitAt(net, w, data).theta, data };
}

/** The shallow net's least-squares output weights at hidden weights w. */
function fitAt(net: Network, w: readonly Fraction[], data: Dataset): OutputFit {
  const zeros = w.map(() => ZERO);
  const fit = fitOutputLayer(net, shallowTheta(net, w, zeros), data);
  if (!fit) throw new Error('internal: the shallow net has a linear output layer');
  return fit;
}

/** t₂ = −(1 + 2t₁)/(t₁ + 2) and x = (t₁/ω, t₂/ω); null when t₁ = −2 or ω = 0. */
export function quadraticParallelInputs(t1: Fraction, omega: Fraction): Fraction[] | null {
  if (omega.n === 0n || t1.equals(-2)) return null;
  const t2 = ONE.add(t1.mul(2)).neg().div(t1.add(2));
  return [t1.div(omega), t2.div(omega)];
}

/**
 * Hidden-weight vectors for m units tried as witnesses: (0, 1, −1, 2, −2, …),
 * (1, −1, 2, −2, …), (0, 2, …), cut or padded with zeros to length m; for
 * m = 1 also (−1) and (2).
 */
export function witnessHiddenWeights(m: number): Fraction[][] {
  const seq = (start: number[]) => Array.from({ length: m }, (_, i) => new Fraction(i < start.length ? start[i] : 0));
  const out = [seq([0, 1, -1, 2, -2, 3, -3]), seq([1, -1, 2, -2, 3, -3]), seq([0, 2, -2, 1, -1])];
  if (m === 1) out.push(seq([-1]), seq([2]));
  return out;
}

/** The lowest least-squares fit over the witness hidden weights. */
export function lowestFit(act: Activation, data: Dataset, m: number): OutputFit {
  const net = shallowNet(act, m);
  let best: OutputFit | null = null;
  for (const w of witnessHiddenWeights(m)) {
    const fit = fitAt(net, w, data);
    if (!best || fit.residual.compare(best.residual) < 0) best = fit;
  }
  return best!;
}
