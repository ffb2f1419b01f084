/**
 * Lemma 10's descent at θ′, decided exactly on either variant: the one-bias
 * perturbation moves output k of sample i by δb·D_i (D̃ with w̃ = Poolᵀ·w through
 * the pooling), the risk is exactly quadratic in δb, and the best step is lower.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { sum, toRat, ZERO } from '../../numeric/rational.js';
import {
  bestDeltaB,
  expandedCopyWeights,
  halfMse,
  perturbLemma10,
  planLemma10,
  PLAIN,
  preActivations,
  predictedLemma10Risk,
  residuals,
  thetaPrimeOf,
  toTheta,
  type CnnParams,
  type CnnShape,
  type CnnVariant,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { vec } from './parts.js';

/**
 * Lemma 10 at the Lemma 6 point θ (params): plan the split (b̃ = −min v + extra in case 2), build θ′, and check
 * R(θ′) = R(θ), the outputs and the exact risk at δb*, −δb*, ±(9/10)ρ, R(θ′ + δb*) < R(θ), and under the
 * biggest-threshold rule G = w^h·s_{q1(h)}. D and G are recomputed from the (expanded) FC weights first.
 */
export function lemma10Decide(
  net: Network,
  s: CnnShape,
  params: CnnParams,
  theta: Fraction[],
  data: Dataset,
  extra: Fraction,
  variant: CnnVariant = PLAIN,
): Outcome {
  const u = residuals(net, theta, data);
  const plan = planLemma10(s, params, u, data, extra, variant)!;
  const N = data.inputs.length;
  const R = exactRisk(net, halfMse, theta, data);
  const [w, D, G] = variant.pool === 1 ? ['w', 'D', 'G'] : ['w̃', 'D̃', 'G̃'];
  // D and G recomputed here from the FC weights (independently of the plan)
  const wt = expandedCopyWeights(s, params, plan.t, plan.k, variant);
  const Dt = preActivations(s, params.w1, data, params.lower).map((chs) =>
    sum(chs[plan.t].map((x, j) => (x.compare(plan.eta) > 0 ? wt[j] : ZERO))),
  );
  const Gt = sum(Dt.map((d, i) => d.mul(u[plan.k][i])));
  const desc = `channel ${plan.t + 1}, output ${plan.k + 1}, η = ${encQ(plan.eta)} (case ${plan.which}, ${plan.mode === 'selected' ? `corrected biggest-threshold rule, location ${plan.h! + 1}` : `a gap with ${G} ≠ 0`})${variant.pool === 1 ? '' : `, ${w} = ${vec(wt)}`}, ${G} = ${encQ(plan.G)}, ${D} = ${vec(plan.D)}, ρ = ${encQ(plan.rho)}`;
  const claimed = `${variant.pool === 1 ? '' : 'through the pooling, '}o_{i,${plan.k + 1}} moves by δb·${D}_i and the other outputs are unchanged, R(θ′ + δb) = R + (δb/N)${G} + (δb²/2N)Σ${D}² exactly for |δb| < ρ, and R(θ′ + δb*) < R(θ) [${desc}]`;
  if (Dt.some((d, i) => !d.equals(plan.D[i])) || !Gt.equals(plan.G))
    return refuted(
      claimed,
      `the plan's D = ${vec(plan.D)}, G = ${encQ(plan.G)} differ from ${D} = ${vec(Dt)}, ${G} = ${encQ(Gt)} computed from ${w}`,
      {},
    );
  const tp = thetaPrimeOf(s, params, plan, variant);
  const thP = toTheta(net, tp);
  const Rp = exactRisk(net, halfMse, thP, data);
  if (!Rp.equals(R))
    return refuted(claimed, `R(θ′) = ${encQ(Rp)} ≠ R(θ) = ${encQ(R)}`, { risk: encQ(R), riskPrime: encQ(Rp) });
  const best = bestDeltaB(plan);
  const outP = exactOutputs(net, thP, data);
  for (const db of [best, best.neg(), plan.rho.mul(toRat('9/10')), plan.rho.mul(toRat('-9/10'))]) {
    const th2 = toTheta(net, perturbLemma10(tp, plan.which, db));
    const got = exactRisk(net, halfMse, th2, data);
    const want = predictedLemma10Risk(R, plan, db, N);
    if (!got.equals(want))
      return refuted(claimed, `at δb = ${encQ(db)}: R = ${encQ(got)}, the formula gives ${encQ(want)}`, {
        deltaB: encQ(db),
        got: encQ(got),
        want: encQ(want),
      });
    const out = exactOutputs(net, th2, data);
    for (let i = 0; i < N; i++)
      for (let k = 0; k < s.dy; k++) {
        const o = k === plan.k ? outP[i][k].add(db.mul(plan.D[i])) : outP[i][k];
        if (!out[i][k].equals(o))
          return refuted(
            claimed,
            `at δb = ${encQ(db)}: sample ${i + 1}, output ${k + 1} is ${encQ(out[i][k])}, expected ${encQ(o)} (o′ + δb·${D}_i on output ${plan.k + 1}, unchanged elsewhere)`,
            { deltaB: encQ(db), sample: i + 1, output: k + 1, got: encQ(out[i][k]), want: encQ(o) },
          );
      }
  }
  const Rb = exactRisk(net, halfMse, toTheta(net, perturbLemma10(tp, plan.which, best)), data);
  if (Rb.compare(R) >= 0)
    return refuted(claimed, `at δb* = ${encQ(best)}: R = ${encQ(Rb)} is not below R(θ) = ${encQ(R)}`, {
      deltaB: encQ(best),
      risk: encQ(Rb),
    });
  if (plan.mode === 'selected' && !plan.G.equals(wt[plan.h!].mul(plan.groupSum!)))
    return refuted(
      claimed,
      `under the corrected biggest-threshold rule ${G} should be ${w}^h·s_{q1(h)} = ${encQ(wt[plan.h!])}·${encQ(plan.groupSum!)}, but ${G} = ${encQ(plan.G)}`,
      { G: encQ(plan.G) },
    );
  return proved();
}
