/** Corollary 3 (Appendix A.4), note §5.8: the spurious point when s− = −s+ (h = s+|x|). */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { ONE, sum } from '../../numeric/rational.js';
import { mse, type LinearFit } from './linear-fit.js';
import { lemma7Split, separatedPoint, separations } from './separation.js';
import type { Theorem4Point } from './theorem4.js';

/**
 * Corollary 3 (the case s− = −s+, e.g. h = s+|x|), note §5.8; needs
 * d1 ≥ d_Y + 2. Units 1–3 serve output row k, units 4.. the other rows:
 * row k of the output becomes Ŷ^lin − γ on I and Ŷ^lin + γ on J, with
 * sgn γ = sgn S_I; exactly n·ΔR = −2γ·S_I + n·γ², so γ is halved from
 * min(α, g/4) until the risk is below f*.
 */
export function corollary3Point(
  data: Dataset,
  fit: LinearFit,
  net: Network,
  sPlus: Fraction,
  eta: Fraction,
  maxP = 60,
  minP = 1,
): Theorem4Point | null {
  const dX = data.inputs[0].length,
    dY = fit.W.length,
    d1 = net.layers[0].outDim;
  if (d1 < dY + 2) throw new RangeError(`Corollary 3 needs d1 ≥ d_Y + 2, got ${d1}`);
  const k = fit.V.findIndex((row) => row.some((x) => x.n !== 0n));
  if (k < 0) return null;
  const split = lemma7Split(fit.V[k], fit.Ylin[k], data.inputs);
  if (!split) return null;
  const SI = sum(split.I.map((i) => fit.V[k][i]));
  const half = ONE.div(sPlus.mul(2)),
    inv = ONE.div(sPlus);
  const wk = fit.W[k].slice(0, dX),
    bk = fit.W[k][dX];
  for (const { p, alpha, g, eta1 } of separations(data, fit, split, k, minP, maxP)) {
    const shifted = wk.map((w, j) => w.sub(alpha.mul(split.beta[j])));
    let absGamma = alpha.compare(g.div(4)) < 0 ? alpha : g.div(4);
    for (let halving = 0; halving < 80; halving++, absGamma = absGamma.div(2)) {
      const gamma = SI.s < 0n ? absGamma.neg() : absGamma;
      // hidden units 0–2 serve row k: (w̃_k − αβ), w̃_k and −(w̃_k − αβ), weighted 1/(2s+), 1/s+, −1/(2s+)
      const units = [
        { w: shifted, b: bk.sub(eta1).add(gamma), out: half },
        { w: wk, b: bk.sub(eta), out: inv },
        { w: shifted.map((x) => x.neg()), b: bk.neg().add(eta1).add(gamma), out: half.neg() },
      ];
      const theta = separatedPoint(fit, dX, d1, k, sPlus, units, eta);
      const risk = exactRisk(net, mse, theta, data);
      if (risk.compare(fit.fStar) < 0) return { theta, risk, alpha, gamma, p, split, k };
    }
  }
  return null;
}
