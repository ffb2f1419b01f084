/**
 * Ding, Li & Sun (2019) §6, Theorem 1 (eqs. 19–31) and Appendices D, E: the
 * deep construction W₁ = 0, every hidden pre-activation at a, Lemma 3's
 * residual. Exact in rationals for a polynomial σ. As printed, the
 * construction is a local minimum when σ′(a) > 0; when σ′(a) < 0 the curvature
 * of the later layers, which Appendix E's eq. (78) neglects, can make it a saddle.
 */
import { Fraction } from 'fraction.js';
import { analyseCurve, rayCurve } from '../../landscape/curve.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { definiteness, fromRows } from '../../linalg/matrix.js';
import { exactGradient, exactHessian, exactOutputs, exactPreActivations, exactRisk } from '../../model/exact.js';
import { rational, sum, ZERO } from '../../numeric/rational.js';
import { w1GaussNewton, w1QuadraticForm, withBaseW1 } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { asJson, proved, refuted, supported } from '../define.js';
import type { Outcome } from '../types.js';
import { deepPointOf, deepSetups, describeDeepSetup, type DeepSetup } from './deep-instances.js';
import type { SignRule } from '../../papers/ding2019/index.js';
import { ding2019, sse } from './paper.js';

const increasing = deepSetups('increasing');
const plus = (a: readonly Fraction[], b: readonly Fraction[]) => a.map((x, k) => x.add(b[k]));

export const theorem1Construction = ding2019.claim({
  id: 'ding2019.thm1.construction',
  section: '§6.2 (eqs. 19–24), §6.3 (eqs. 25–31), Appendix D',
  title: 'Theorem 1: the deep construction is a critical point with E > 0, and (28a) vanishes',
  statement:
    'With W₁ = 0, first-layer biases a, biases b_h = a − σ(a)·W_h1 for h = 2..H and positive weights in layers 2..H+1, every hidden pre-activation equals a on every sample, so Ŷ(W) has constant rows; with Y = Ŷ(W) − ΔY for Lemma 3’s residual, the gradient of E is zero and E = ‖ΔY‖² > 0. For any W′, the point W̃′ (W′ with W₁′ put back to 0) has an output with constant rows, so ⟨ΔY, Ŷ(W̃′) − Ŷ(W)⟩ = 0 (eqs. 29–31). Checked exactly for polynomial σ with σ′(a) > 0, on three rational W′ per instance.',
  instance: increasing,
  check: (v: DeepSetup): Outcome => {
    const p = deepPointOf(v);
    const H = v.hidden.length;
    const Z = exactPreActivations(p.net, p.theta, p.data);
    for (let h = 0; h < H; h++)
      for (const [u, row] of Z[h].entries()) {
        const off = row.findIndex((z) => !z.equals(v.a));
        if (off >= 0)
          return refuted(
            'every hidden pre-activation is a',
            `layer ${h + 1}, unit ${u + 1}, sample ${off + 1}: ${encQ(row[off])} ≠ a = ${encQ(v.a)}`,
          );
      }
    const g = exactGradient(p.net, sse, p.theta, p.data);
    if (g.kind !== 'interior') return refuted('∇E = 0', 'the risk is not differentiable at the point');
    const bad = g.value.findIndex((d) => d.n !== 0n);
    if (bad >= 0) return refuted('∇E = 0', `gradient entry ${bad + 1} is ${encQ(g.value[bad])}`);
    const e = exactRisk(p.net, sse, p.theta, p.data);
    const norm = sum(p.dY.flat().map((d) => d.mul(d)));
    if (!e.equals(norm) || e.compare(ZERO) <= 0)
      return refuted('E(W) = ‖ΔY‖² > 0', `E = ${encQ(e)}, ‖ΔY‖² = ${encQ(norm)}`);
    const base = exactOutputs(p.net, p.theta, p.data);
    for (const [k, d] of v.directions.entries()) {
      const out = exactOutputs(p.net, withBaseW1(p, plus(p.theta, d)), p.data);
      for (let i = 0; i < p.dY.length; i++) {
        const n = out.findIndex((r) => !r[i].equals(out[0][i]));
        if (n >= 0)
          return refuted(
            'Ŷ(W̃′) has constant rows (eq. 30)',
            `W′ = W + direction ${k + 1}: output ${i + 1} is ${encQ(out[0][i])} on sample 1, ${encQ(out[n][i])} on sample ${n + 1}`,
          );
      }
      const ip = sum(out.flatMap((r, n) => r.map((y, i) => p.dY[i][n].mul(y.sub(base[n][i])))));
      if (ip.n !== 0n)
        return refuted('⟨ΔY, Ŷ(W̃′) − Ŷ(W)⟩ = 0 (eq. 31)', `W′ = W + direction ${k + 1}: it is ${encQ(ip)}`);
    }
    return proved();
  },
});

export const theorem1W1Block = ding2019.claim({
  id: 'ding2019.thm1.w1-block-pd',
  section: '§6.3 (eq. 28b), Appendix E (eqs. 68–79)',
  title: 'Theorem 1 (σ′(a) > 0): the second-order form on W₁ is positive definite, the full Hessian only semidefinite',
  statement:
    'At the deep construction, the second-order term of ⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ in W₁′ = A is ½Q(A), Q(A) = Σ_i Σ_l κ_{i,l}·a_lᵀH_ia_l with κ_{i,l} = ⟨ΔY_i, X_l∘X_l⟩ and H_i the Hessian of output i in the first-layer pre-activation, by the recursion J_h = σ′(a)W_hJ_{h−1}, K_h^{(j)} = Σ_k w_{h,j,k}[σ″(a)(J_{h−1})_{k,:}ᵀ(J_{h−1})_{k,:} + σ′(a)K_{h−1}^{(k)}]. For σ′(a) > 0 and positive weights, Q is positive definite (exact LDLᵀ). It agrees with the exact Hessian: the W₁ block of ∇²E is 2(Q + (JᵀJ)⊗(XXᵀ)). The full Hessian is positive semidefinite and singular (flat directions of the constant output), so the second-order test alone decides nothing.',
  instance: increasing,
  check: (v: DeepSetup): Outcome => {
    const p = deepPointOf(v);
    const Q = w1QuadraticForm(p);
    const dq = definiteness(rational, fromRows(Q));
    if (dq.kind !== 'positive-definite')
      return refuted('Q is positive definite', `Q is ${dq.kind} (inertia ${JSON.stringify(dq.inertia)})`, {
        Q: Q.map((r) => r.map(encQ)),
      });
    const Hs = exactHessian(p.net, sse, p.theta, p.data);
    if (Hs.kind !== 'interior') return refuted('E is twice differentiable at W', 'boundary');
    const G = w1GaussNewton(p);
    for (let r = 0; r < p.w1Size; r++)
      for (let c = 0; c < p.w1Size; c++) {
        const want = Q[r][c].add(G[r][c]).mul(2);
        const got = Hs.value[p.w1Offset + r][p.w1Offset + c];
        if (!got.equals(want))
          return refuted(
            'the W₁ block of ∇²E is 2(Q + (JᵀJ)⊗(XXᵀ))',
            `entry (${r + 1}, ${c + 1}): ∇²E has ${encQ(got)}, the recursion gives ${encQ(want)}`,
          );
      }
    const dh = definiteness(rational, fromRows(Hs.value));
    if (dh.kind !== 'positive-semidefinite')
      return refuted('the full Hessian is positive semidefinite and singular', `it is ${dh.kind}`, asJson(dh.inertia));
    return proved();
  },
});

/**
 * p(ε) = R(θ + εd) − R(θ) has no descent for small ε of either sign: p ≡ 0, or its lowest
 * nonzero coefficient has even degree and is positive. Null, or what fails.
 */
function lineTest(p: ReturnType<typeof deepPointOf>, d: readonly Fraction[]): string | null {
  for (const dir of [d, d.map((x) => x.neg())]) {
    const a = analyseCurve(p.net, sse, p.data, rayCurve(p.theta, dir));
    if (a.order < 0) continue;
    if (a.order % 2 === 1 || a.leading!.s < 0n)
      return `the lowest coefficient of E(W + εd) − E(W) is ${encQ(a.leading!)}·ε^${a.order}`;
  }
  return null;
}

/** The toolkit's verdict on W; when it neither proves nor refutes, the exact line tests along v's directions. */
function localMinCheck(v: DeepSetup, rule: SignRule): Outcome {
  const p = deepPointOf(v, rule);
  // a small lattice: the flat-family re-check of an affine family is costly and cannot succeed here
  const verdict = analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true, degenerate: { maxLattice: 50 } });
  if (verdict.strength === 'proved') return proved();
  if (verdict.strength === 'refuted')
    return refuted('W is a local minimum', `the toolkit says refuted: ${verdict.summary}`, asJson(verdict));
  for (const [k, d] of v.directions.entries()) {
    const bad = lineTest(p, d);
    if (bad) return refuted('W is a local minimum', `along direction ${k + 1}, ${bad}`);
  }
  return supported();
}

export const theorem1LocalMin = ding2019.claim({
  id: 'ding2019.thm1.local-min',
  // one of the longest claims: its instances in 4 independently seeded parts, so workers share it
  parts: 4,
  section: '§6, Theorem 1; §6.3 (eqs. 25–28), Lemma 4',
  title: 'Theorem 1 (σ′(a) > 0): the deep construction is a local minimum (evidence)',
  statement:
    'The point of §6.2 with Y from Lemma 3 is a local minimum of E with E > 0. The landscape toolkit is asked first (exact: second-order test, flat-family certificate, descent search). It certifies the point only when the zero directions of the Hessian come from a symmetry it knows (e.g. the rescaling of the homogeneous σ = t² through a single unit); otherwise they are tangent to a curved set of critical points (changes of the later layers that keep the constant output), which it cannot exhibit, and the claim rests on exact line tests: along three random rational directions d, E(W + εd) − E(W) is a polynomial in ε whose lowest nonzero coefficient has even degree and is positive (or it is identically zero). Line tests are necessary, not sufficient, for a local minimum: those instances are evidence, not proof. Polynomial σ with σ′(a) > 0, H ≤ 2 hidden layers of widths ≤ 2 (larger nets make one exact analysis take seconds to minutes).',
  instance: deepSetups('increasing', { maxH: 2, maxWidth: 2 }),
  check: (v: DeepSetup) => localMinCheck(v, 'printed'),
});

export const theorem1PaperLiteralDecreasing = ding2019.claim({
  id: 'ding2019.thm1.paper-literal-decreasing',
  section: '§6.2 (eqs. 19–24, the sign rule (24d)), Lemma 4, Appendix E (eq. 78)',
  title: 'Theorem 1’s construction as printed, for σ′(a) < 0: a local minimum?',
  statement:
    'As printed, §6.2 takes every weight of layers 2..H+1 positive and Lemma 3’s residual with the sign of [σ′(a)]^{H−1}σ″(a) (eq. 24d), for any σ meeting Assumption 2, and Lemma 4 and the proof of Theorem 1 then give a local minimum. Expected refuted for σ′(a) < 0 and H ≥ 2: Appendix E’s eq. (78) neglects the Taylor remainder of the later layers, which is of the same order as the term kept, and with large enough weights and residual the point is a saddle. H = 2 here (the exact analysis at H = 3 with a cubic σ takes minutes). Decided by the landscape toolkit (exact second-order test and descent, re-checked).',
  instance: deepSetups('decreasing', { minH: 2, maxH: 2, maxAlpha: 60 }),
  expected: 'refuted',
  correctedBy: 'ding2019.thm1.local-min-corrected',
  check: (v: DeepSetup): Outcome => {
    const p = deepPointOf(v, 'printed');
    const verdict = analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true, degenerate: { maxLattice: 50 } });
    if (verdict.strength === 'proved') return proved();
    if (verdict.strength === 'refuted')
      return refuted(
        'the printed construction is a local minimum',
        `E(W) = ${encQ(exactRisk(p.net, sse, p.theta, p.data))}; the toolkit says refuted: ${verdict.summary}`,
        asJson(verdict),
      );
    return supported();
  },
});

export const theorem1LocalMinCorrected = ding2019.claim({
  id: 'ding2019.thm1.local-min-corrected',
  // one of the longest claims: its instances in 4 independently seeded parts, so workers share it
  parts: 4,
  section: '§6.2 (the remark after the construction: hidden weights with the sign of σ′(a)), §6.3, Lemma 4',
  title: 'Theorem 1 for σ′(a) < 0 with hidden weights of the sign of σ′(a): a local minimum (evidence)',
  statement:
    'Our repair of the printed construction for σ′(a) < 0, following the remark after §6.2’s list ("weights to other hidden layers are arbitrary values with the same sign as σ′(a)"): the weights of layers 2..H carry the sign of σ′(a), the output weights stay positive, and Lemma 3’s residual takes the sign of σ″(a). Every hidden layer’s curvature then adds with the sign of the first layer’s, and the point is a local minimum. Decided as for σ′(a) > 0: the landscape toolkit first, then exact line tests along three random rational directions, which are necessary, not sufficient (evidence). Polynomial σ with σ′(a) < 0, H = 2, widths ≤ 2.',
  instance: deepSetups('decreasing', { minH: 2, maxH: 2, maxWidth: 2, maxAlpha: 60 }),
  check: (v: DeepSetup) => localMinCheck(v, 'corrected'),
  describe: (v) => describeDeepSetup(v, 'corrected'),
});
