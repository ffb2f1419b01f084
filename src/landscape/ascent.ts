/**
 * The mirror question of analyseLocalMin: is θ a local maximum? Exact, for
 * piecewise-polynomial networks with the squared loss.
 *
 *  - no: an exact ascent, a ray θ + t·d along which R(θ + td) − R(θ) has a
 *    positive lowest-order coefficient (so R rises for all small t > 0), tried
 *    along ±e_k for every parameter k (the ray's own piece is followed from a
 *    kink, as analyseCurve does); re-checked by evaluating R exactly at a
 *    small t on the ray;
 *  - yes (weakly): θ is strictly inside a cell on which every output is 0
 *    (a network without constants, biases or piece intercepts, and on every
 *    sample's pattern some layer with slope 0 on every unit: a flat plateau),
 *    so R is locally constant;
 *  - undecided otherwise (no coordinate ray rises; a maximum needs more).
 */
import { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { activationPattern, exactRisk } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { analyseCurve, curveAt, rayCurve } from './curve.js';
import { constantReason, needsConstant, patternKeys } from './certificates.js';

export type LocalMax =
  | { answer: 'no'; direction: Fraction[]; order: number; leading: Fraction; t: Fraction; rise: Fraction }
  | { answer: 'yes'; reason: string }
  | { answer: 'undecided' };

export function localMaxAnalysis(net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset): LocalMax {
  const R0 = exactRisk(net, loss, theta, data);
  for (let k = 0; k < theta.length; k++)
    for (const sign of [1, -1]) {
      const d = theta.map((_, j) => new Fraction(j === k ? sign : 0));
      const curve = rayCurve(theta, d);
      const a = analyseCurve(net, loss, data, curve);
      if (a.order < 1 || !a.leading || a.leading.s < 0n) continue;
      // re-check: the risk at a small t on the ray is above R(θ)
      for (let t = new Fraction(1, 2); t.compare(new Fraction(1, 2 ** 40)) > 0; t = t.div(2)) {
        const rise = exactRisk(net, loss, curveAt(curve, t), data).sub(R0);
        if (rise.s > 0n && rise.n !== 0n)
          return { answer: 'no', direction: d, order: a.order, leading: a.leading, t, rise };
      }
    }
  const pat = activationPattern(net, theta, data);
  if (pat.interior && !needsConstant(net)) {
    const keys = new Set(patternKeys(pat, data.inputs.length));
    const reasons = [...keys].map((key) => constantReason(net, key));
    if (reasons.every((r) => r !== null))
      return { answer: 'yes', reason: `every output is 0 throughout θ’s cell (${reasons[0]}; no constants)` };
  }
  return { answer: 'undecided' };
}
