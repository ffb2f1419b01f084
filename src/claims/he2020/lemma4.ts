/**
 * He et al. 2020, Lemma 4 (Appendix A.2): the linear-fit point of a
 * one-hidden-layer network (its outputs and risk, local minimality, the η
 * valley), and the negative control with η on its bound.
 */
import type { Fraction } from 'fraction.js';
import { constantAlongPath } from '../../landscape/paths.js';
import * as P from '../../linalg/polynomial.js';
import { exactOutputs, exactPreActivations, exactRisk } from '../../model/exact.js';
import { ONE, ratio, sum, ZERO } from '../../numeric/rational.js';
import { lemma4Point, mse } from '../../papers/he2020/index.js';
import { encQ } from '../codec.js';
import { asJson, proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { firstMismatch, firstNonPositive, localMin, verdictFailure } from './deciders.js';
import { describeOneHidden, oneHiddenLayer, setupOneHidden, type OneHiddenInstance } from './instances.js';
import { he2020 } from './paper.js';

/** Lemma 4's point at a given η: positive first-layer pre-activations, the linear-fit outputs, R = f*. */
function lemma4PointAt(v: OneHiddenInstance, eta: Fraction): Outcome {
  const s0 = setupOneHidden(v);
  const s = { ...s0, eta, theta: lemma4Point(s0.fit, s0.dX, v.d1, v.sPlus, eta) };
  const nonPos = firstNonPositive(exactPreActivations(s.net, s.theta, v.data)[0]);
  if (nonPos)
    return refuted(
      'every first-layer pre-activation is positive',
      `with η = ${encQ(eta)} the first-layer pre-activation of unit ${nonPos.u + 1} on sample ${nonPos.i + 1} is ${encQ(nonPos.z)}, not positive`,
      { eta: encQ(eta), unit: nonPos.u + 1, sample: nonPos.i + 1, preActivation: encQ(nonPos.z) },
    );
  const bad = firstMismatch(exactOutputs(s.net, s.theta, v.data), (i, k) => s.fit.Ylin[k][i]);
  if (bad)
    return refuted(
      'the Lemma 4 point outputs the linear fit on every sample',
      `sample ${bad.i + 1}, output ${bad.k + 1}: the network gives ${encQ(bad.got)}, the linear fit ${encQ(bad.want)}`,
      { sample: bad.i + 1, output: bad.k + 1, network: encQ(bad.got), linear: encQ(bad.want) },
    );
  const r = exactRisk(s.net, mse, s.theta, v.data);
  if (!r.equals(s.fit.fStar))
    return refuted('R(θ) = f*', `R(θ) = ${encQ(r)} but f* = ${encQ(s.fit.fStar)}`, {
      risk: encQ(r),
      fStar: encQ(s.fit.fStar),
    });
  return proved();
}

export const lemma4LinearFit = he2020.claim({
  id: 'he2020.lemma4.linear-fit',
  section: 'Appendix A.2, Lemma 4, eqs. (14), (27)',
  title: 'Lemma 4: the constructed point reproduces the least-squares linear fit',
  statement:
    "With W1 = [W̃ weights; 0], b1 = [W̃ bias − η; −η], W2 = [I/s+ 0], b2 = η and η < min(0, min Ŷ^lin), every first-layer pre-activation is positive, the network outputs the least-squares affine fit W̃x̃ on every sample, and its risk equals the linear model's f*.",
  instance: oneHiddenLayer,
  generatorVersion: 2,
  check: (v) => {
    // η = min(0, min Ŷ^lin) − q for a q > 0 drawn from the instance (any valid η, not only the default)
    const q0 = sum(v.data.targets.flat().map((y) => y.abs()))
      .div(7)
      .add(ratio(1, 3));
    return lemma4PointAt(v, setupOneHidden(v).eta.add(1).sub(q0));
  },
});

/**
 * A negative control for Lemma 4's strict hypothesis η < min(0, min Ŷ^lin): at
 * η equal to that bound some first-layer pre-activation is exactly 0 (a linear-fit
 * unit at the sample of the smallest fitted output, or the extra unit when that is ≥ 0).
 */
export const lemma4EtaAtBound = he2020.claim({
  id: 'he2020.control.lemma4-eta-at-bound',
  section: 'Appendix A.2, Lemma 4, eqs. (14), (27) (negative control: η on the bound)',
  title: 'Lemma 4 with η = min(0, min Ŷ^lin) instead of η < it: every first-layer pre-activation positive (false)',
  statement:
    "Lemma 4's construction run with η exactly on its bound, η = min(0, min Ŷ^lin), although the lemma asks η < min(0, min Ŷ^lin) strictly: every first-layer pre-activation would still be positive. A negative control: the suite must find a pre-activation that is exactly 0, which shows that the strict inequality is needed (and that the positivity check can fail).",
  instance: oneHiddenLayer,
  hypotheses: ["η = min(0, min Ŷ^lin) exactly (violates Lemma 4's strict η < min(0, min Ŷ^lin))"],
  expected: 'refuted',
  control: true,
  generatorVersion: 2,
  runs: 100,
  check: (v) => lemma4PointAt(v, setupOneHidden(v).eta.add(1)),
  describe: (v) =>
    `${describeOneHidden(v)}\nthis control builds the point at η = ${encQ(setupOneHidden(v).eta.add(1))}, the bound itself, not at the default η above`,
});

export const lemma4LocalMin = he2020.claim({
  id: 'he2020.lemma4.local-min',
  section: 'Appendix A.2, Lemma 4 and its proof',
  title: 'Lemma 4: the linear-fit point is a local minimum',
  statement:
    'The Lemma 4 point is a local minimum of the empirical risk. Decided by the landscape toolkit: an exact cell certificate (lifted or pattern-class lower bound equal to the risk), not float probes.',
  instance: oneHiddenLayer,
  generatorVersion: 2,
  check: (v) => {
    const s = setupOneHidden(v);
    return localMin(s.net, s.theta, v.data, 'the Lemma 4 point is a local minimum');
  },
});

export const lemma4Valley = he2020.claim({
  id: 'he2020.lemma4.eta-valley',
  section: 'Appendix A.2, Lemma 4; §3.2 Theorem 1 ("infinitely many")',
  title: 'The η valley: the risk is constant along the family of Lemma 4 points',
  statement:
    'Moving η down from a valid value moves the Lemma 4 point along a straight path inside one cell on which the risk stays exactly f* (one source of the "infinitely many" spurious minima). Checked exactly: the pattern is proved constant on the path (Sturm) and R along it is the constant polynomial.',
  instance: oneHiddenLayer,
  generatorVersion: 2,
  check: (v) => {
    const s = setupOneHidden(v);
    const a = lemma4Point(s.fit, s.dX, v.d1, v.sPlus, s.eta);
    const b = lemma4Point(s.fit, s.dX, v.d1, v.sPlus, s.eta.sub(2));
    const curve = a.map((x, k) => P.poly([x, b[k].sub(x)]));
    const verdict = constantAlongPath(s.net, mse, v.data, curve, ZERO, ONE);
    if (verdict.strength === 'proved') return proved();
    return verdictFailure(
      verdict,
      `R is constant (= f* = ${encQ(s.fit.fStar)}) for η in [${encQ(s.eta.sub(2))}, ${encQ(s.eta)}]`,
      verdict.summary,
      asJson(verdict),
    );
  },
});
