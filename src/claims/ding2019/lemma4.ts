/**
 * Ding, Li & Sun (2019) §6.3, Lemma 4 (eq. 32) and its proof in Appendix E:
 * near the deep construction W, ⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ ≥ 0, with equality iff
 * W₁′ = W₁. Checked exactly along sampled lines W′ = W + εD: the inner product
 * is a polynomial in ε (the outputs along the line, over the germ field).
 */
import { Fraction } from 'fraction.js';
import { curveAt, rayCurve } from '../../landscape/curve.js';
import { outputsAlong } from '../../landscape/curve-outputs.js';
import * as P from '../../linalg/polynomial.js';
import type { Poly } from '../../linalg/polynomial.js';
import { exactOutputs } from '../../model/exact.js';
import { sum, ZERO } from '../../numeric/rational.js';
import { withBaseW1, type SignRule, type Theorem1Point } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { refuted, supported } from '../define.js';
import type { Outcome } from '../types.js';
import { deepPointOf, deepSetups, describeDeepSetup, type DeepSetup } from './deep-instances.js';
import { ding2019 } from './paper.js';

/** ⟨ΔY, Ŷ(W + εD) − Ŷ(W̃ + εD̃)⟩ as a polynomial in ε. */
function innerProductAlong(p: Theorem1Point, d: readonly Fraction[]): Poly {
  const full = outputsAlong(p.net, p.data, rayCurve(p.theta, d));
  const dTilde = d.map((x, k) => (k >= p.w1Offset && k < p.w1Offset + p.w1Size ? ZERO : x));
  const tilde = outputsAlong(p.net, p.data, rayCurve(p.theta, dTilde));
  let acc: Poly = [];
  full.forEach((row, n) =>
    row.forEach((y, i) => (acc = P.add(acc, P.mul(P.constant(p.dY[i][n]), P.sub(y, tilde[n][i]))))),
  );
  return acc;
}

/** The same inner product at one rational ε, by two plain exact forward passes (independent of the polynomial). */
function innerProductAt(p: Theorem1Point, d: readonly Fraction[], eps: Fraction): Fraction {
  const w = curveAt(rayCurve(p.theta, d), eps);
  const a = exactOutputs(p.net, w, p.data);
  const b = exactOutputs(p.net, withBaseW1(p, w), p.data);
  return sum(a.flatMap((r, n) => r.map((y, i) => p.dY[i][n].mul(y.sub(b[n][i])))));
}

/** (32) along the line W + εD: null if it holds for all small ε ≠ 0, else the failure with an exact witness ε. */
function lemma4Along(p: Theorem1Point, d: readonly Fraction[], k: number): Outcome | null {
  const moves = d.slice(p.w1Offset, p.w1Offset + p.w1Size).some((x) => x.n !== 0n);
  const q = innerProductAlong(p, d);
  const ord = P.order(q);
  if (!moves) {
    if (ord < 0) return null;
    return refuted(
      'equality when W₁′ = W₁',
      `direction ${k + 1} keeps W₁, yet the inner product is ${P.polyToString(q, 'ε')}`,
    );
  }
  if (ord >= 0 && ord % 2 === 0 && q[ord].s > 0n) return null;
  // an exact witness: the first ε = ±2^{−j} with inner product ≤ 0 (< 0 when q ≢ 0), recomputed directly
  for (let j = 0, t = new Fraction(1); j <= 80; j++, t = t.div(2))
    for (const eps of [t, t.neg()]) {
      const ip = innerProductAt(p, d, eps);
      if (ord < 0 ? ip.n === 0n : ip.s < 0n && ip.n !== 0n)
        return refuted(
          '⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ > 0 for W′ ≠ W̃′ near W (eq. 32)',
          `along W + ε·(direction ${k + 1}) the inner product is ${P.polyToString(q, 'ε')}; at ε = ${encQ(eps)} it is ${encQ(ip)}`,
          { direction: d.map(encQ), polynomial: P.polyToStrings(q), eps: encQ(eps), innerProduct: encQ(ip) },
        );
    }
  throw new Error(`internal: the inner product ${P.polyToString(q, 'ε')} has no witness ε = ±2^−j, j ≤ 80`);
}

const checkWith =
  (rule: SignRule) =>
  (v: DeepSetup): Outcome => {
    const p = deepPointOf(v, rule);
    for (const [k, d] of v.directions.entries()) {
      const bad = lemma4Along(p, d, k);
      if (bad) return bad;
    }
    return supported(); // exact on every sampled line, but lines are not the neighbourhood: evidence
  };

export const lemma4InnerProduct = ding2019.claim({
  id: 'ding2019.lemma4.inner-product',
  section: '§6.3, Lemma 4 (eq. 32); Appendix E (eqs. 65–79)',
  title: 'Lemma 4 (σ′(a) > 0): ⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ ≥ 0 near W, with equality iff W₁′ = W₁',
  statement:
    'At the construction of §6.2 with Lemma 3’s residual, every W′ near W has ⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ ≥ 0 (W̃′: W′ with W₁′ put back to W₁), with equality iff W₁′ = W₁. Checked exactly on three sampled lines W′ = W + εD per instance: the inner product is a polynomial in ε that is identically zero when D leaves W₁ fixed and otherwise has a positive lowest coefficient of even degree, so the inequality holds strictly for all small ε ≠ 0 on that line. A line check on samples, not a proof for the whole neighbourhood. Polynomial σ with σ′(a) > 0.',
  instance: deepSetups('increasing'),
  check: checkWith('printed'),
});

export const lemma4InnerProductDecreasing = ding2019.claim({
  id: 'ding2019.lemma4.inner-product-decreasing',
  section: '§6.3, Lemma 4 (eq. 32); Appendix E (eqs. 75–79)',
  title: 'Lemma 4 as printed for σ′(a) < 0: ⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ ≥ 0 near W',
  statement:
    'Lemma 4 is stated under Assumptions 1 and 2 for the W and Y of §6.2, whatever the sign of σ′(a). Expected refuted for σ′(a) < 0, H ≥ 2, all weights of layers 2..H+1 positive and the residual signed by [σ′(a)]^{H−1}σ″(a) as in (24d): along a sampled line W + εD the inner product has a negative lowest coefficient, and an explicit rational ε gives a negative value by direct exact evaluation. Eq. (78) drops a remainder of the later layers that is of the same order as the term it keeps.',
  instance: deepSetups('decreasing', { minH: 2, maxH: 3, maxAlpha: 60 }),
  expected: 'refuted',
  correctedBy: 'ding2019.lemma4.inner-product-corrected',
  check: checkWith('printed'),
});

export const lemma4InnerProductCorrected = ding2019.claim({
  id: 'ding2019.lemma4.inner-product-corrected',
  section: '§6.3, Lemma 4 (eq. 32); §6.2 (the remark: hidden weights with the sign of σ′(a))',
  title: 'Lemma 4 for σ′(a) < 0 with hidden weights of the sign of σ′(a): (32) holds on sampled lines',
  statement:
    'Our repair for σ′(a) < 0: the weights of layers 2..H carry the sign of σ′(a) (as the remark after §6.2’s list says), the output weights stay positive and the residual takes the sign of σ″(a). Then ⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ ≥ 0 near W with equality iff W₁′ = W₁. Checked exactly on three sampled lines per instance as for σ′(a) > 0 (a line check on samples, not a proof for the neighbourhood). Polynomial σ with σ′(a) < 0, H = 2..3.',
  instance: deepSetups('decreasing', { minH: 2, maxH: 3, maxAlpha: 60 }),
  check: checkWith('corrected'),
  describe: (v) => describeDeepSetup(v, 'corrected'),
});
