/**
 * Lemma 10 of "Spurious local minima provably exist for deep CNNs" (App. C,
 * eqs. 27–28; §3.2 Lemma 5): the one-bias perturbation of θ′ lowers the risk
 * exactly quadratically (corrected); eq. (64) of its proof as printed
 * (refuted); and with cross-entropy (decimal evidence).
 */
import type { Fraction } from 'fraction.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import { rational, sum, toRat } from '../../numeric/rational.js';
import {
  halfMse,
  perturbFcRow,
  perturbLemma10,
  planLemma10,
  residuals,
  thetaPrimeOf,
  toTheta,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { proved, refuted, supported, unsupported } from '../define.js';
import { ceRiskAt, ceSetup, crossEntropy, D, toDec } from './ce.js';
import { lemma10Decide } from './descent.js';
import { describeGeneric, detectGeneric, generic, genericSetup, HYP_GENERIC } from './generic.js';
import { perturbed, perturbSetup } from './instances.js';
import { paper } from './parts.js';
import { firstOutputDifference } from './theta-prime.js';

export const lemma10Descent = paper.claim({
  id: 'cnn.lemma10.descent',
  section: '§3.2 Lemma 5 (informal) = App. C Lemma 10, eqs. (27)–(28); proof G.4 eqs. (50)–(63)',
  title: 'Lemma 10 (corrected): perturbing one L−2 bias of θ′ lowers the risk, exactly quadratically',
  statement:
    "Pick (channel t, output k, η) by the corrected biggest-threshold rule (at each location j take the highest group of equal v_i^j whose u-sum s_{q1(j)} is nonzero; h = the location where that group is highest, unique; η strictly between that group's value and everything below it and below the other locations' such groups; else any gap of v with G ≠ 0), η ∉ {v}, η ≠ −b; build θ′ (case 1 if η > −b, else case 2) and perturb b_2^{L−2} (case 1) or b_1^{L−2} (case 2) by δb. With D_i = Σ_j w^j·1[v_i^j > η] and G = Σ_i u_i D_i: for |δb| < ρ, R(θ′ + δb) = R(θ) + (δb/N)G + (δb²/2N)Σ D_i² exactly, output k moves by δb·D_i and the other outputs are unchanged, R(θ′ + δb*) < R(θ), and under the biggest-threshold rule G = w^h·s_{q1(h)}.",
  instance: generic,
  describe: (v) => describeGeneric(v, { uses: ['extra'] }),
  hypotheses: [
    'a (channel, η) with G = Σ_i u_i D_i ≠ 0 exists (the descent needs it; instances without one are rejected and counted)',
  ],
  runs: 200,
  detect: (v) => {
    const st = genericSetup(v);
    return planLemma10(st.s, st.params, residuals(st.net, st.theta, v.data), v.data, v.extra)
      ? null
      : 'no (channel, output, η) with G ≠ 0: no split (Lemma 3 fails on this instance)';
  },
  check: (v) => {
    const st = genericSetup(v);
    return lemma10Decide(st.net, st.s, st.params, st.theta, v.data, v.extra);
  },
});

/** a·b */
const dotv = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));

export const lemma10Eq64 = paper.claim({
  id: 'cnn.lemma10.eq64',
  section: 'App. G.4 eq. (64) (proof of Lemma 10), with App. E Lemma 11',
  title: 'Eq. (64) as printed: after a Lemma 11 perturbation δθ of W^L(1,·), R(θ + δθ) = R(θ) "by optimality"',
  statement:
    'The proof of Lemma 10 perturbs W^L(1,·) by a Lemma 11 direction δw = ε(a_i − a_j) to make the split exist and asserts R(θ + δθ) = R(θ) since θ is optimal in W^L. Checked exactly at θ with least-squares optimal W^L.',
  instance: perturbed,
  expected: 'refuted',
  correctedBy: 'cnn.lemma11.perturbations',
  runs: 100,
  check: (v) => {
    const { st, i, j, data, N, A, R } = perturbSetup(v);
    const dw = A[i].map((x, k) => x.sub(A[j][k]).mul(v.eps));
    const R2 = exactRisk(st.net, halfMse, toTheta(st.net, perturbFcRow(st.params, 0, dw)), data);
    if (R2.equals(R)) return proved();
    const quad = sum(A.map((a) => dotv(dw, a).pow(2))).div(2 * N);
    // the same direction at a small step: the excess is ε²-small but still not 0
    const small = v.eps.div(100);
    const dwSmall = dw.map((x) => x.div(100));
    const Rs = exactRisk(st.net, halfMse, toTheta(st.net, perturbFcRow(st.params, 0, dwSmall)), data);
    return refuted(
      `R(θ + δθ) = R(θ) = ${encQ(R)} for the Lemma 11 perturbation δw = ε(a_${i + 1} − a_${j + 1}) of the FC row W^L(1,·) (a_l = o^{L−1,l}, the FC input of sample l), ε = ${encQ(v.eps)}`,
      `R(θ + δθ) = ${encQ(R2)} = R(θ) + (1/2N)Σ_l(δw·a_l)² = ${encQ(R)} + ${encQ(quad)}; at the small step ε = ${encQ(small)} too, R = ${encQ(Rs)} = R(θ) + ${encQ(Rs.sub(R))} > R(θ). Optimality in W^L kills only the first-order term; the excess is exactly quadratic in ε`,
      {
        risk: encQ(R),
        riskPerturbed: encQ(R2),
        secondOrder: encQ(quad),
        smallEps: encQ(small),
        riskSmallEps: encQ(Rs),
      },
    );
  },
});

export const lemma10CrossEntropy = paper.claim({
  id: 'cnn.lemma10.ce-descent',
  section: 'App. C Lemma 10 with cross-entropy, eqs. (69)–(73)',
  title: 'Lemma 10 with cross-entropy: the one-bias perturbation of θ′ has slope G/N and lowers the risk',
  statement:
    "With softmax cross-entropy over d_y = 2 one-hot classes and b^L_1 at its optimum (Σu = 0, found by Newton's method in 50-digit decimals), pick (channel, η) with G = Σ_i u_i D_i ≠ 0 (u_i = softmax(o_i)_k − y_{i,k}) as in Lemma 10 and build θ′. Then θ′ has exactly the outputs of θ, the central difference of R_CE(θ′ + δb) at 0 equals G/N (relative error < 1e-6), and R_CE(θ′ − sgn(G)·κ) < R_CE(θ) − κ|G|/(4N) for κ = min(ρ/2, 1/1000, 4|G|/ΣD²) (softmax curvature ≤ 1/4, so the true decrease is ≥ κ|G|/(2N)). Decimal (50 digits): evidence, not proof.",
  instance: crossEntropy,
  hypotheses: [
    ...HYP_GENERIC.slice(0, 2),
    'any layer-L−3 filters and biases, FC weights on the copies; two classes, one-hot labels with both classes present (so the optimal b^L_1 exists)',
    'a (channel, η) with |G| ≥ 1e-9 exists (rejected and counted otherwise)',
  ],
  arithmetic: 'decimal',
  runs: 200,
  detect: (v) => {
    const r = detectGeneric(v.base);
    if (r) return r;
    if (v.classes.length !== v.base.data.inputs.length) return 'one class per sample needed';
    if (v.classes.every((c) => c === v.classes[0])) return 'all labels in one class: no finite optimal b^L_1';
    const st = ceSetup(v);
    const plan = planLemma10(st.s, st.params, st.uQ, st.data);
    if (!plan) return 'no (channel, η) with G ≠ 0';
    return plan.G.abs().compare(toRat('1/1000000000')) < 0
      ? `|G| = ${plan.G.valueOf().toExponential(2)} < 1e-9: indistinguishable from 0 next to the decimal rounding of the risk`
      : null;
  },
  check: (v) => {
    const st = ceSetup(v);
    const plan = planLemma10(st.s, st.params, st.uQ, st.data)!;
    const N = st.data.inputs.length;
    const tp = toTheta(st.net, thetaPrimeOf(st.s, st.params, plan));
    const claimed = `CE Lemma 10 at channel ${plan.t + 1}, output ${plan.k + 1}, η = ${encQ(plan.eta)} (case ${plan.which})`;
    const d = firstOutputDifference(exactOutputs(st.net, st.theta, st.data), exactOutputs(st.net, tp, st.data));
    if (d)
      return refuted(claimed, `θ′ changes output ${d.k + 1} of sample ${d.i + 1}: ${encQ(d.b)} vs ${encQ(d.a)}`, {});
    const G = plan.D.reduce((acc, x, i) => acc.add(st.u[plan.k][i].mul(toDec(x))), new D(0));
    const at = (db: Fraction) =>
      ceRiskAt(st.net, toTheta(st.net, perturbLemma10(thetaPrimeOf(st.s, st.params, plan), plan.which, db)), st.data);
    const h = plan.rho.div(toRat(10n ** 10n));
    const fd = at(h).sub(at(h.neg())).div(toDec(h).mul(2));
    const slope = G.div(N);
    const rel = fd.sub(slope).abs().div(slope.abs());
    if (rel.greaterThan(1e-6))
      return unsupported(
        `${claimed}: dR/dδb = G/N = ${slope.toSignificantDigits(12)}`,
        `central difference ${fd.toSignificantDigits(12)} (relative error ${rel.toSignificantDigits(3)})`,
        { fd: fd.toString(), slope: slope.toString() },
      );
    const sD2 = sum(plan.D.map((x) => x.mul(x)));
    const Gq = rational.fromString(G.toFixed(45));
    let kappa = plan.rho.div(2);
    for (const c of [toRat('1/1000'), Gq.abs().mul(4).div(sD2)]) if (c.compare(kappa) < 0) kappa = c;
    const step = G.isNegative() ? kappa : kappa.neg();
    const R0 = ceRiskAt(st.net, st.theta, st.data),
      R1 = at(step);
    // with softmax curvature ≤ 1/4 the decrease is at least κ|G|/(2N); require half of that
    const margin = toDec(kappa)
      .mul(G.abs())
      .div(4 * N);
    if (!R1.lessThan(R0.sub(margin)))
      return unsupported(
        `${claimed}: R_CE(θ′ + δb) < R_CE(θ) − κ|G|/(4N) for δb = ${encQ(step)}`,
        `R_CE = ${R1.toSignificantDigits(30)} vs R_CE(θ) = ${R0.toSignificantDigits(30)}, margin ${margin.toSignificantDigits(4)}`,
        { R0: R0.toString(), R1: R1.toString(), margin: margin.toString() },
      );
    return supported();
  },
});

export const lemma10Claims = [lemma10Descent, lemma10Eq64, lemma10CrossEntropy];
