/**
 * Theorems 4 and 5 (Appendix A.2–A.3, eqs. 19–26 and 34–38), notes §5.3 and
 * §5.5: points with risk strictly below f*, one hidden layer and deeper.
 */
import type { Fraction } from 'fraction.js';
import { twoPiece } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { ONE, sum, ZERO } from '../../numeric/rational.js';
import { deepNet, mse, oneHidden, rowMajor, type LinearFit } from './linear-fit.js';
import { lemma7Split, separatedPoint, separations, type Split } from './separation.js';

export interface Theorem4Point {
  theta: Fraction[];
  risk: Fraction;
  alpha: Fraction;
  gamma: Fraction;
  /** exponent p with α = 2^-p */
  p: number;
  split: Split;
  /** output row k with V_k ≠ 0 */
  k: number;
}

/**
 * Theorem 4 (eqs. 19–26), note §5.3: for α = 2^-p, p = 1, 2, ..., build the
 * point and stop at the first with exact risk < f*. Requires s+ ≠ 0,
 * s− + s+ ≠ 0, s− ≠ s+, d1 ≥ d_Y + 1, Assumptions 1–2.
 * Returns null if no p ≤ maxP works or no split exists.
 */
export function theorem4Point(
  data: Dataset,
  fit: LinearFit,
  net: Network,
  sMinus: Fraction,
  sPlus: Fraction,
  maxP = 60,
): Theorem4Point | null {
  return theorem4Search(
    data,
    fit,
    net,
    sMinus,
    sPlus,
    (theta) => {
      const risk = exactRisk(net, mse, theta, data);
      return risk.compare(fit.fStar) < 0 ? risk : null;
    },
    maxP,
  );
}

/**
 * The Theorem 4 construction with a pluggable test: `lower(θ)` returns the
 * risk when θ beats the linear point (for squared loss exactly; for
 * cross-entropy in decimal), else null. V and Ŷ^lin come from the loss's own
 * linear fit.
 */
export function theorem4Search(
  data: Dataset,
  fit: LinearFit,
  net: Network,
  sMinus: Fraction,
  sPlus: Fraction,
  lower: (theta: Fraction[]) => Fraction | null,
  maxP = 60,
): Theorem4Point | null {
  const dX = data.inputs[0].length,
    d1 = net.layers[0].outDim;
  // Every output row with V_k ≠ 0 is a candidate (the paper permutes rows so k = 1).
  for (let k = 0; k < fit.V.length; k++) {
    if (!fit.V[k].some((x) => x.n !== 0n)) continue;
    const split = lemma7Split(fit.V[k], fit.Ylin[k], data.inputs);
    if (!split) continue;
    const c = sMinus.sub(sPlus).div(sMinus.add(sPlus));
    const inv = ONE.div(sMinus.add(sPlus));
    const SI = sum(split.I.map((i) => fit.V[k][i]));
    for (const { p, alpha, g, eta1 } of separations(data, fit, split, k, 1, maxP)) {
      const absGamma = alpha.compare(g.div(4)) < 0 ? alpha : g.div(4); // |γ| = min(α, g/4)
      const gamma = c.mul(SI).compare(0) > 0 ? absGamma.neg() : absGamma; // sgn γ = −sgn(c·S_I)
      // hidden units 0 and 1 serve row k: ±(w̃_k − αβ)·x ∓ (b̃_k − η1) + γ, weighted ±1/(s− + s+)
      const base = fit.W[k].slice(0, dX).map((w, j) => w.sub(alpha.mul(split.beta[j])));
      const bk = fit.W[k][dX];
      const units = [
        { w: base, b: bk.sub(eta1).add(gamma), out: inv },
        { w: base.map((x) => x.neg()), b: bk.neg().add(eta1).add(gamma), out: inv.neg() },
      ];
      const theta = separatedPoint(fit, dX, d1, k, sPlus, units, eta1);
      const risk = lower(theta);
      if (risk) return { theta, risk, alpha, gamma, p, split, k };
    }
  }
  return null;
}

/**
 * Theorem 5 (eqs. 34–38), note §5.5: the Theorem 4 point of the first hidden
 * layer, lifted: layer 2 = [W2; 0] with bias [b2; 0] + λ (λ makes every
 * layer-2 pre-activation positive), layers 3..L−1 = (1/s+)Σ_{j≤d_Y} E_jj,
 * output (1/s+)Σ E_jj with bias −λ. The output, hence the risk, equals the
 * Theorem 4 point's. Needs at least two hidden layers and d_2 ≥ d_Y.
 */
export function theorem5Point(
  data: Dataset,
  fit: LinearFit,
  hidden: readonly number[],
  sMinus: Fraction,
  sPlus: Fraction,
): { theta: Fraction[]; risk: Fraction; base: Theorem4Point } | null {
  if (hidden.length < 2) throw new RangeError('Theorem 5 needs at least two hidden layers (use Theorem 4 for one)');
  const dX = data.inputs[0].length,
    dY = fit.W.length;
  const act = twoPiece(sMinus, sPlus);
  const shallow = oneHidden(dX, hidden[0], dY, act);
  const base = theorem4Point(data, fit, shallow, sMinus, sPlus);
  if (!base) return null;
  const d1 = hidden[0];
  const W1b1 = base.theta.slice(0, d1 * dX + d1);
  const W2 = base.theta.slice(d1 * dX + d1, d1 * dX + d1 + dY * d1);
  const b2 = base.theta.slice(d1 * dX + d1 + dY * d1);
  // λ > 0 with Ŷ(θ̃2) + λ > 0 (eq. 34)
  const outs = exactOutputs(shallow, base.theta, data);
  let lambda = ONE;
  for (const row of outs) for (const v of row) if (v.add(lambda).compare(0) <= 0) lambda = v.neg().add(1);
  const inv = ONE.div(sPlus);
  const d2 = hidden[1];
  if (d2 < dY) throw new RangeError(`Theorem 5 needs d_2 ≥ d_Y, got ${d2}`);
  const theta: Fraction[] = [...W1b1];
  theta.push(...rowMajor(d2, d1, (r, c) => (r < dY ? W2[r * d1 + c] : ZERO)));
  theta.push(...Array.from({ length: d2 }, (_, r) => (r < dY ? b2[r] : ZERO).add(lambda)));
  for (let i = 2; i < hidden.length; i++) {
    theta.push(...rowMajor(hidden[i], hidden[i - 1], (r, c) => (r < dY && c === r ? inv : ZERO)));
    theta.push(...new Array<Fraction>(hidden[i]).fill(ZERO));
  }
  theta.push(...rowMajor(dY, hidden[hidden.length - 1], (r, c) => (r === c ? inv : ZERO)));
  theta.push(...new Array<Fraction>(dY).fill(lambda.neg()));
  const net = deepNet(dX, hidden, dY, act);
  return { theta, risk: exactRisk(net, mse, theta, data), base };
}
