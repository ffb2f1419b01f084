/**
 * He et al. 2020, Lemma 6 and Theorem 1 (§3.2; Appendix A.4): for a general
 * piecewise-linear activation, the linear-fit point lifted at a turning point
 * is a local minimum, it is spurious, and it lies in constant-risk valleys
 * (the η family, and the M and α families of eqs. 40–41).
 */
import type { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { constantAlongPath } from '../../landscape/paths.js';
import * as P from '../../linalg/polynomial.js';
import { twoPiece } from '../../model/activation.js';
import { activationPattern, exactOutputs, exactPreActivations, exactRisk } from '../../model/exact.js';
import { ONE, ratio, ZERO } from '../../numeric/rational.js';
import {
  deepNet,
  defaultEta,
  liftToPwl,
  mse,
  oneHidden,
  theorem4Point,
  theorem5Point,
} from '../../papers/he2020/index.js';
import { encQ, encQs } from '../codec.js';
import { asJson, proved, refuted } from '../define.js';
import { firstMismatch, localMin, verdictFailure } from './deciders.js';
import { generalPwl, innerPoint, setupGeneral } from './general-instances.js';
import { he2020 } from './paper.js';

export const lemma6LocalMin = he2020.claim({
  id: 'he2020.lemma6.local-min',
  section: 'Appendix A.4, Lemma 6, eqs. (40)–(44)',
  title: 'Lemma 6: the linear-fit local minimum exists for general PWL activations',
  statement:
    'Lifting the Lemma 4/5 point to a general piecewise-linear activation at a turning point t (pre-activations t + ε·c·Z′ inside the two linear pieces next to t) gives a point that outputs the least-squares linear fit, has risk f*, and is a local minimum (exact cell certificate).',
  instance: generalPwl,
  generatorVersion: 2,
  check: (v) => {
    const s = setupGeneral(v);
    const r = exactRisk(s.net, mse, s.theta, v.data);
    if (!r.equals(s.fit.fStar))
      return refuted('the lifted point has risk f*', `R = ${encQ(r)} but f* = ${encQ(s.fit.fStar)}`, {
        risk: encQ(r),
        fStar: encQ(s.fit.fStar),
      });
    return localMin(s.net, s.theta, v.data, 'the lifted point is a local minimum');
  },
});

export const theorem1Spurious = he2020.claim({
  id: 'he2020.theorem1.spurious',
  section: '§3.2 Theorem 1; proof in Appendix A.4, eqs. (45)–(46)',
  title: 'Theorem 1: for any non-linear PWL activation the linear-fit local minimum is spurious',
  statement:
    'Under Assumptions 1–4, lifting the Theorem 4/5 point at the same turning point gives a point of the general-PWL network with exactly the same outputs, hence risk strictly below f*: the Lemma 6 local minimum is spurious.',
  instance: generalPwl,
  generatorVersion: 2,
  check: (v) => {
    const s = setupGeneral(v);
    const { dX, dY, kink: k } = s;
    const base =
      v.hidden.length === 1
        ? theorem4Point(
            v.data,
            s.fit,
            oneHidden(dX, v.hidden[0], dY, twoPiece(k.inner.sMinus, k.inner.sPlus)),
            k.inner.sMinus,
            k.inner.sPlus,
          )
        : theorem5Point(v.data, s.fit, v.hidden, k.inner.sMinus, k.inner.sPlus);
    if (!base)
      return refuted('a point below f* exists', 'the two-piece construction found none', { fStar: encQ(s.fit.fStar) });
    const lifted = liftToPwl(base.theta, dX, v.hidden, dY, v.act, k, v.data);
    const r = exactRisk(s.net, mse, lifted.theta, v.data);
    // the lift must reproduce the two-piece point's outputs exactly
    const inner = deepNet(dX, v.hidden, dY, twoPiece(k.inner.sMinus, k.inner.sPlus));
    const b = exactOutputs(inner, base.theta, v.data);
    const diff = firstMismatch(exactOutputs(s.net, lifted.theta, v.data), (i, o) => b[i][o]);
    if (diff)
      return refuted(
        'the lifted point has exactly the outputs of the two-piece point',
        `sample ${diff.i + 1}, output ${diff.k + 1}: ${encQ(diff.got)} vs ${encQ(diff.want)}`,
      );
    if (r.compare(s.fit.fStar) < 0) return proved();
    return refuted(
      `the lifted better point has risk ${encQ(base.risk)} < f*`,
      `its risk is ${encQ(r)} (f* = ${encQ(s.fit.fStar)})`,
      { risk: encQ(r), fStar: encQ(s.fit.fStar), base: encQ(base.risk) },
    );
  },
});

export const theorem1Valley = he2020.claim({
  id: 'he2020.theorem1.eta-valley',
  section: '§3.2 Theorem 1 ("infinitely many"); Appendix A.4, Lemma 6',
  title: 'Theorem 1, "infinitely many": a constant-risk valley of lifted local minima',
  statement:
    'For a general PWL activation, the lifted Lemma 6 points for η in [η0 − 1, η0] (at one scale c valid for both ends) form a straight path inside one cell with risk exactly f* all along: a continuum of spurious local minima. Checked exactly (pattern proved constant by Sturm, the risk polynomial constant). The M and α families are he2020.theorem1.m-alpha-valley.',
  instance: generalPwl,
  generatorVersion: 2,
  check: (v) => {
    const s = setupGeneral(v);
    const eta0 = defaultEta(s.fit),
      etaLow = eta0.sub(1);
    // the far end has the largest |Z′|: its scale is valid for the whole path
    const low = liftToPwl(innerPoint(v, s.fit, etaLow), s.dX, v.hidden, s.dY, v.act, s.kink, v.data);
    const high = liftToPwl(innerPoint(v, s.fit, eta0), s.dX, v.hidden, s.dY, v.act, s.kink, v.data, low.c);
    const curve = high.theta.map((x, idx) => P.poly([x, low.theta[idx].sub(x)]));
    const verdict = constantAlongPath(s.net, mse, v.data, curve, ZERO, ONE);
    if (verdict.strength === 'proved' && exactRisk(s.net, mse, high.theta, v.data).equals(s.fit.fStar)) return proved();
    return verdictFailure(
      verdict,
      `R ≡ f* = ${encQ(s.fit.fStar)} along the lifted η family`,
      verdict.summary,
      asJson(verdict),
    );
  },
});

/**
 * The M and α families of Lemma 6 (eqs. 40–41): with the pieces fixed, every
 * layer's pre-activation is affine in the family parameter p (p = c = 1/M, or
 * p = α_2), and the outputs are (affine in p)/p. So p·(Ŷ(p) − W̃X̃) is a
 * polynomial of degree ≤ 1 in p on the family's cell; it vanishes everywhere
 * once it vanishes at two distinct p. Checked at DEGREE_SAMPLES > 2 values.
 */
const DEGREE_SAMPLES = 4;

export const theorem1MAlphaValley = he2020.claim({
  id: 'he2020.theorem1.m-alpha-valley',
  section:
    '§3.2 Theorem 1 ("infinitely many"); Appendix A.4, Lemma 6, eqs. (40)–(41) (the scale M and the factors α_i)',
  title:
    'Theorem 1, "infinitely many": the M and α families of Lemma 6 keep the linear-fit outputs in one cell; their extreme members are certified local minima',
  statement:
    "The Lemma 6 point depends on a scale M (c = 1/M, any c with c·max|Z′| < σ) and, for depth L ≥ 3, factors 0 < α_i < 1 on the hidden layers after the first. Along each family the pieces of every hidden unit are fixed and p·Ŷ(p) is a polynomial of degree ≤ 1 in the family parameter p, so exact equality of the outputs with W̃X̃ at 4 distinct values of p proves it for the whole family: risk f* all along. The one-cell structure is checked exactly too: every hidden pre-activation is t + c_l·Z′ with the same Z′ for all members (c_l = c·α_2···α_l), so the pieces are the same for every p down to 0. Ranges: c ∈ (0, c_max] with c_max the lift's scale (c·(max|Z′| + 1) ≤ σ/2, inside the admissible c·max|Z′| < σ), and α_2 ∈ (0, 1) with the other α_i = 1/2. The two extreme members are certified local minima by the toolkit (the others share their cell and their risk).",
  instance: generalPwl,
  generatorVersion: 2,
  check: (v) => {
    const s = setupGeneral(v);
    const k = s.kink;
    const inner = innerPoint(v, s.fit, defaultEta(s.fit));
    const half = v.hidden.slice(1).map(() => ratio(1, 2));
    // scales[l]: c_l = c·α_2···α_l of hidden layer l (the factor of its deviation from t)
    const members: { label: string; theta: Fraction[]; scales: Fraction[] }[] = [];
    const scalesOf = (c: Fraction, alphas: Fraction[]) =>
      v.hidden.map((_, l) => alphas.slice(0, l).reduce((acc, a) => acc.mul(a), c));
    for (let j = 1; j <= DEGREE_SAMPLES; j++) {
      const c = s.c.mul(ratio(j, DEGREE_SAMPLES)); // c ∈ (0, c_max]
      members.push({
        label: `M = ${encQ(c.inverse())}`,
        theta: liftToPwl(inner, s.dX, v.hidden, s.dY, v.act, k, v.data, c, half.length ? half : undefined).theta,
        scales: scalesOf(c, half),
      });
    }
    if (v.hidden.length >= 2)
      for (let j = 1; j <= DEGREE_SAMPLES; j++) {
        const a2 = ratio(j, DEGREE_SAMPLES + 1); // α_2 ∈ (0, 1)
        const alphas = [a2, ...half.slice(1)];
        members.push({
          label: `α_2 = ${encQ(a2)}`,
          theta: liftToPwl(inner, s.dX, v.hidden, s.dY, v.act, k, v.data, s.c, alphas).theta,
          scales: scalesOf(s.c, alphas),
        });
      }
    // The structure the degree argument rests on, checked exactly: every hidden pre-activation is
    // t + c_l·Z′ with Z′ the SAME for all members, so the pieces (fixed by the sign of Z′ while
    // c_l·|Z′| < σ) are the same for every parameter value down to p → 0, not only at the samples.
    const devs = (m: (typeof members)[number]) =>
      exactPreActivations(s.net, m.theta, v.data)
        .slice(0, v.hidden.length)
        .map((layer, l) =>
          layer.map((row) => row.map((z) => z.sub(k.t).div(m.scales[l]).toFraction()).join(',')).join(';'),
        )
        .join('|');
    const base0 = devs(members[0]);
    for (const m of members)
      if (devs(m) !== base0)
        return refuted(
          'every hidden pre-activation of the family is t + c_l·Z′ with one Z′ for all members',
          `at ${m.label} the scaled deviations (z − t)/c_l differ from those at ${members[0].label}`,
          { member: m.label },
        );
    // the piece index of every hidden unit on every sample
    const key = (th: Fraction[]) => JSON.stringify(activationPattern(s.net, th, v.data).layers.map((l) => l.piece));
    const base = key(members[0].theta);
    for (const m of members) {
      const diff = firstMismatch(exactOutputs(s.net, m.theta, v.data), (i, o) => s.fit.Ylin[o][i]);
      if (diff)
        return refuted(
          'every member of the M/α family outputs the linear fit W̃X̃',
          `at ${m.label}: sample ${diff.i + 1}, output ${diff.k + 1} is ${encQ(diff.got)}, the fit is ${encQ(diff.want)}`,
          { member: m.label, theta: encQs(m.theta) },
        );
      if (key(m.theta) !== base)
        return refuted(
          'the family stays in one cell',
          `the activation pieces at ${m.label} differ from those at ${members[0].label}`,
          { member: m.label },
        );
    }
    for (const m of [members[0], members[members.length - 1]]) {
      const lm = analyseLocalMin(s.net, mse, m.theta, v.data, { noProbes: true });
      if (lm.strength !== 'proved')
        return verdictFailure(
          lm,
          `the family member at ${m.label} is a local minimum`,
          `the toolkit says ${lm.strength}: ${lm.summary}`,
          { member: m.label, theta: encQs(m.theta) },
        );
    }
    return proved();
  },
});
