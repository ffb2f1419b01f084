/**
 * Claims of He, Wang, Tao (ICLR 2020), paper file he2020-piecewise-linear.txt.
 * Constructions: src/papers/he2020.ts. First increment: Lemma 4 (the
 * linear-fit point: output, risk, local minimality, the η valley) and
 * Theorem 4 (spuriousness), one hidden layer, two-piece activations.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { detectDistinct, detectNotAffine, nonAffineDataset } from '../gen/data.js';
import { randomPwl, smallRational } from '../gen/arbitraries.js';
import { analyseLocalMin } from '../landscape/analyse.js';
import { patternClassBound } from '../landscape/certificates.js';
import { constantAlongPath } from '../landscape/paths.js';
import * as P from '../linalg/polynomial.js';
import { activationFromJSON, activationToJSON, pwl, twoPiece, type PwlActivation } from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactOutputs, exactPreActivations, exactRisk } from '../model/exact.js';
import {
  assumption4Kink,
  type Kink,
  corollary3Point,
  deepNet,
  defaultEta,
  lemma4Point,
  lemma5Point,
  lemma7Split,
  liftToPwl,
  linearFit,
  mse,
  oneHidden,
  theorem4Point,
  theorem5Point,
} from '../papers/he2020/index.js';
import { dataTable, decData, decQ, decQs, encData, encQ, encQs, field, netSummary, paramTable } from './codec.js';
import type { Claim, Json, Outcome } from './types.js';

const PAPER = 'he2020-piecewise-linear.txt';
const q = encQ;

/** An instance meeting Assumptions 1–4 for one hidden layer. */
export interface OneHiddenInstance {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  data: Dataset;
}

const encI = (v: OneHiddenInstance): Json => ({
  d1: v.d1,
  sMinus: q(v.sMinus),
  sPlus: q(v.sPlus),
  data: encData(v.data),
});
const decI = (j: Json): OneHiddenInstance => {
  const d1 = field(j, 'd1', 'value');
  if (typeof d1 !== 'number' || !Number.isInteger(d1) || d1 < 1)
    throw new Error('value.d1: expected a positive integer');
  return {
    d1,
    sMinus: decQ(field(j, 'sMinus', 'value'), 'value.sMinus'),
    sPlus: decQ(field(j, 'sPlus', 'value'), 'value.sPlus'),
    data: decData(field(j, 'data', 'value'), 'value.data'),
  };
};

/**
 * Assumptions 1–4 by construction: distinct inputs and labels not affinely
 * fittable (gen/data), d1 ∈ [d_Y+1, d_Y+3], s+ ≠ 0 and s− = r·s+ with
 * r ∉ {1, −1} (so s− ≠ s+ and s− + s+ ≠ 0).
 */
export function oneHiddenInstance(): fc.Arbitrary<OneHiddenInstance> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      dY: fc.integer({ min: 1, max: 2 }),
      extra: fc.integer({ min: 1, max: 3 }),
      sPlus: fc.constantFrom(1, 2, '1/2', -1, '3/2').map((x) => new Fraction(x)),
      ratio: fc.constantFrom(0, '1/2', '1/4', 2, '-1/2', -2, 3).map((x) => new Fraction(x)),
    })
    .chain(({ dX, dY, extra, sPlus, ratio }) =>
      nonAffineDataset(dX, { dy: dY, maxN: dX + 5 }).map((data) => ({
        d1: dY + extra,
        sPlus,
        sMinus: ratio.mul(sPlus),
        data,
      })),
    );
}

/**
 * Reshape the labels so that every branch of the construction is exercised:
 *  'constant-fit': y = c + r with r ⊥ X̃, so Ŷ^lin is constant and all v tie
 *                  (Lemma 7's β ≠ 0 case);
 *  'row0-affine':  (d_Y = 2) row 0 exactly affine, so V_0 = 0 and the
 *                  construction must use row k = 1.
 * Assumption 1 still holds: the residual r ≠ 0 is kept.
 */
export function withMode(data: Dataset, mode: 'generic' | 'constant-fit' | 'row0-affine'): Dataset {
  if (mode === 'generic') return data;
  const fit = linearFit(data);
  const dY = data.targets[0].length;
  if (mode === 'constant-fit') {
    return dataset(
      data.inputs,
      data.targets.map((t, i) => t.map((y, o) => y.sub(fit.Ylin[o][i]).add(o + 1))),
    );
  }
  if (dY < 2) return data;
  return dataset(
    data.inputs,
    data.targets.map((t, i) =>
      t.map((y, o) => (o === 0 ? data.inputs[i].reduce((acc, x) => acc.add(x), new Fraction(1)) : y)),
    ),
  );
}

const MODES = ['generic', 'constant-fit', 'row0-affine'] as const;

/** oneHiddenInstance with the label modes of withMode (for the claims that must hold). */
export function oneHiddenInstanceModes(): fc.Arbitrary<OneHiddenInstance> {
  return fc
    .tuple(oneHiddenInstance(), fc.constantFrom(...MODES))
    .map(([v, mode]) => ({ ...v, data: withMode(v.data, mode) }));
}

/** The hypothesis detector: Assumptions 1–4 and s+ ≠ 0 (Lemma 4). */
export function detectAssumptions(v: OneHiddenInstance): string | null {
  const dY = v.data.targets[0].length;
  if (v.sPlus.n === 0n) return 's+ = 0 (Lemma 4 needs s+ ≠ 0)';
  if (v.sMinus.equals(v.sPlus)) return 'the activation is linear (s− = s+)';
  if (v.sMinus.add(v.sPlus).n === 0n) return 'Assumption 4 fails: s− + s+ = 0';
  if (v.d1 < dY + 1) return `Assumption 3 fails: d1 = ${v.d1} ≤ d_Y = ${dY}`;
  return detectDistinct(v.data) ?? detectNotAffine(v.data);
}

function setup(v: OneHiddenInstance) {
  const dX = v.data.inputs[0].length,
    dY = v.data.targets[0].length;
  const act = twoPiece(v.sMinus, v.sPlus);
  const net = oneHidden(dX, v.d1, dY, act);
  const fit = linearFit(v.data);
  const eta = defaultEta(fit);
  const theta = lemma4Point(fit, dX, v.d1, v.sPlus, eta);
  return { dX, dY, net, fit, eta, theta };
}

function describeI(v: OneHiddenInstance): string {
  const s = setup(v);
  return [
    `activation h(x) = ${q(v.sMinus)}·x for x ≤ 0, ${q(v.sPlus)}·x for x > 0`,
    `network:\n${netSummary(s.net)}`,
    `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
    `least-squares linear fit W̃ (last column = bias): ${s.fit.W.map((r) => `[${encQs(r).join(', ')}]`).join(' ')}, f* = ${q(s.fit.fStar)}`,
    `Lemma 4 point (η = ${q(s.eta)}):\n${paramTable(s.net, s.theta)}`,
  ].join('\n');
}

const common = {
  paper: PAPER,
  arithmetic: 'exact' as const,
  expected: 'holds' as const,
  generatorVersion: 2,
  runs: 200,
  generate: oneHiddenInstanceModes,
  detect: detectAssumptions,
  encode: encI,
  decode: decI,
  describe: describeI,
};

const HYP = [
  'Assumption 1: the labels cannot be fit by an affine model (exact least-squares residual ≠ 0)',
  'Assumption 2: the inputs are pairwise distinct',
  'Assumption 3: the hidden layer is wider than the output (d1 ≥ d_Y + 1)',
  'Assumption 4: two-piece activation h_{s−,s+} with s− ≠ s+, s− + s+ ≠ 0, and s+ ≠ 0 (Lemma 4)',
  'squared loss without ½, risk = mean over samples (eq. 5)',
];

export const lemma4LinearFit: Claim<OneHiddenInstance> = {
  ...common,
  id: 'he2020.lemma4.linear-fit',
  section: 'Appendix A.2, Lemma 4, eqs. (14), (27)',
  title: 'Lemma 4: the constructed point reproduces the least-squares linear fit',
  statement:
    "With W1 = [W̃ weights; 0], b1 = [W̃ bias − η; −η], W2 = [I/s+ 0], b2 = η and η < min(0, min Ŷ^lin), every first-layer pre-activation is positive, the network outputs the least-squares affine fit W̃x̃ on every sample, and its risk equals the linear model's f*.",
  hypotheses: HYP,
  check: (v): Outcome => {
    const s0 = setup(v);
    // η = min(0, min Ŷ^lin) − q for a q > 0 drawn from the instance (any valid η, not only the default)
    const q0 = v.data.targets
      .flat()
      .reduce((acc, y) => acc.add(y.abs()), new Fraction(0))
      .div(7)
      .add(new Fraction(1, 3));
    return lemma4PointAt(v, s0.eta.add(1).sub(q0));
  },
};

/** Lemma 4's point at a given η: positive first-layer pre-activations, the linear-fit outputs, R = f*. */
function lemma4PointAt(v: OneHiddenInstance, eta: Fraction): Outcome {
  const s0 = setup(v);
  const s = { ...s0, eta, theta: lemma4Point(s0.fit, s0.dX, v.d1, v.sPlus, eta) };
  const pre = exactPreActivations(s.net, s.theta, v.data)[0];
  const nonPos = pre.flatMap((row, u) => row.map((z, i) => ({ u, i, z }))).find(({ z }) => z.compare(0) <= 0);
  if (nonPos)
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'every first-layer pre-activation is positive',
      computed: `with η = ${q(eta)} the first-layer pre-activation of unit ${nonPos.u + 1} on sample ${nonPos.i + 1} is ${q(nonPos.z)}, not positive`,
      evidence: { eta: q(eta), unit: nonPos.u + 1, sample: nonPos.i + 1, preActivation: q(nonPos.z) },
    };
  const out = exactOutputs(s.net, s.theta, v.data);
  for (let i = 0; i < out.length; i++)
    for (let k = 0; k < s.dY; k++)
      if (!out[i][k].equals(s.fit.Ylin[k][i]))
        return {
          ok: false,
          strength: 'refuted',
          claimed: 'the Lemma 4 point outputs the linear fit on every sample',
          computed: `sample ${i + 1}, output ${k + 1}: the network gives ${q(out[i][k])}, the linear fit ${q(s.fit.Ylin[k][i])}`,
          evidence: { sample: i + 1, output: k + 1, network: q(out[i][k]), linear: q(s.fit.Ylin[k][i]) },
        };
  const r = exactRisk(s.net, mse, s.theta, v.data);
  if (!r.equals(s.fit.fStar))
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'R(θ) = f*',
      computed: `R(θ) = ${q(r)} but f* = ${q(s.fit.fStar)}`,
      evidence: { risk: q(r), fStar: q(s.fit.fStar) },
    };
  return { ok: true, strength: 'proved' };
}

/**
 * A negative control for Lemma 4's strict hypothesis η < min(0, min Ŷ^lin): at
 * η equal to that bound some first-layer pre-activation is exactly 0 (a linear-fit
 * unit at the sample of the smallest fitted output, or the extra unit when that is ≥ 0).
 */
export const lemma4EtaAtBound: Claim<OneHiddenInstance> = {
  ...common,
  id: 'he2020.control.lemma4-eta-at-bound',
  section: 'Appendix A.2, Lemma 4, eqs. (14), (27) (negative control: η on the bound)',
  title: 'Lemma 4 with η = min(0, min Ŷ^lin) instead of η < it: every first-layer pre-activation positive (false)',
  statement:
    "Lemma 4's construction run with η exactly on its bound, η = min(0, min Ŷ^lin), although the lemma asks η < min(0, min Ŷ^lin) strictly: every first-layer pre-activation would still be positive. A negative control: the suite must find a pre-activation that is exactly 0, which shows that the strict inequality is needed (and that the positivity check can fail).",
  hypotheses: [...HYP, "η = min(0, min Ŷ^lin) exactly (violates Lemma 4's strict η < min(0, min Ŷ^lin))"],
  expected: 'refuted',
  runs: 100,
  check: (v): Outcome => lemma4PointAt(v, setup(v).eta.add(1)),
  describe: (v) =>
    `${describeI(v)}\nthis control builds the point at η = ${q(setup(v).eta.add(1))}, the bound itself, not at the default η above`,
};

export const lemma4LocalMin: Claim<OneHiddenInstance> = {
  ...common,
  id: 'he2020.lemma4.local-min',
  section: 'Appendix A.2, Lemma 4 and its proof',
  title: 'Lemma 4: the linear-fit point is a local minimum',
  statement:
    'The Lemma 4 point is a local minimum of the empirical risk. Decided by the landscape toolkit: an exact cell certificate (lifted or pattern-class lower bound equal to the risk), not float probes.',
  hypotheses: HYP,
  check: (v): Outcome => {
    const s = setup(v);
    const verdict = analyseLocalMin(s.net, mse, s.theta, v.data, { noProbes: true });
    if (verdict.strength === 'proved') return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: verdict.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: 'the Lemma 4 point is a local minimum',
      computed: `the toolkit says ${verdict.strength}: ${verdict.summary}`,
      evidence: verdict as unknown as Json,
    };
  },
};

export const theorem4Spurious: Claim<OneHiddenInstance> = {
  ...common,
  id: 'he2020.theorem4.spurious',
  section: 'Appendix A.2, Theorem 4, eqs. (19)–(26); Appendix A.5, Lemma 7 (eqs. 50–58)',
  title: 'Theorem 4: the linear-fit local minimum is spurious',
  statement:
    'Under Assumptions 1–4 the Lemma 4 local minimum is spurious: the separation construction (Lemma 7 split, α = 2^-p, γ with |γ| = min(α, g/4) and sign −sgn(c·S_I)) gives parameters with strictly lower risk than f*.',
  hypotheses: HYP,
  check: (v): Outcome => {
    const s = setup(v);
    const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
    if (!t)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'a point with risk below f* exists and the construction finds it',
        computed: `no split or no α = 2^-p (p ≤ 60) gave risk below f* = ${q(s.fit.fStar)}`,
        evidence: { fStar: q(s.fit.fStar) },
      };
    if (t.risk.compare(s.fit.fStar) >= 0) throw new Error('internal: theorem4Point returned a point that is not lower');
    // eqs. (23)–(25): row k is Ŷ^lin − αβᵀx + cγ on I and − cγ on J; the other rows are unchanged
    const c = v.sMinus.sub(v.sPlus).div(v.sMinus.add(v.sPlus));
    const out = exactOutputs(s.net, t.theta, v.data);
    const I = new Set(t.split.I);
    for (let i = 0; i < out.length; i++)
      for (let r = 0; r < s.dY; r++) {
        const bx = t.split.beta.reduce((acc, b, j) => acc.add(b.mul(v.data.inputs[i][j])), new Fraction(0));
        const want =
          r !== t.k
            ? s.fit.Ylin[r][i]
            : s.fit.Ylin[r][i].sub(t.alpha.mul(bx)).add(c.mul(t.gamma).mul(I.has(i) ? 1 : -1));
        if (!out[i][r].equals(want))
          return {
            ok: false,
            strength: 'refuted',
            claimed: 'the Theorem 4 point has the outputs of eqs. (23)–(25)',
            computed: `sample ${i + 1}, output ${r + 1}: ${q(out[i][r])} instead of ${q(want)}`,
            evidence: { sample: i + 1, output: r + 1, got: q(out[i][r]), want: q(want) },
          };
      }
    return { ok: true, strength: 'proved' };
  },
  plots: (v) => {
    const s = setup(v);
    const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
    if (!t) return [];
    const d = t.theta.map((x, k) => x.valueOf() - s.theta[k].valueOf());
    const ts = Array.from({ length: 61 }, (_, i) => -0.25 + (1.5 * i) / 60);
    // slice through the certified minimum θ toward the better point θ̃
    const risks = ts.map((tt) =>
      exactRisk(
        s.net,
        mse,
        s.theta.map((x, k) => x.add(new Fraction(Math.round(tt * 1e6), 1e6).mul(t.theta[k].sub(x)))),
        v.data,
      ).valueOf(),
    );
    void d;
    return [
      {
        title: 'Risk from the Lemma 4 minimum θ (t = 0) to the Theorem 4 point θ̃ (t = 1)',
        x: 't (θ + t·(θ̃ − θ))',
        y: 'risk R',
        series: [{ name: 'R', x: ts, y: risks }],
        caption:
          'θ is a certified local minimum with R(θ) = f*; θ̃ has exactly lower risk. The curve shows one segment (evaluated exactly, plotted in floats); it cannot show the other directions.',
      },
    ];
  },
};

export const lemma4Valley: Claim<OneHiddenInstance> = {
  ...common,
  id: 'he2020.lemma4.eta-valley',
  section: 'Appendix A.2, Lemma 4; §3.2 Theorem 1 ("infinitely many")',
  title: 'The η valley: the risk is constant along the family of Lemma 4 points',
  statement:
    'Moving η down from a valid value moves the Lemma 4 point along a straight path inside one cell on which the risk stays exactly f* (one source of the "infinitely many" spurious minima). Checked exactly: the pattern is proved constant on the path (Sturm) and R along it is the constant polynomial.',
  hypotheses: HYP,
  runs: 200,
  check: (v): Outcome => {
    const s = setup(v);
    const a = lemma4Point(s.fit, s.dX, v.d1, v.sPlus, s.eta);
    const b = lemma4Point(s.fit, s.dX, v.d1, v.sPlus, s.eta.sub(2));
    const curve = a.map((x, k) => P.poly([x, b[k].sub(x)]));
    const verdict = constantAlongPath(s.net, mse, v.data, curve, new Fraction(0), new Fraction(1));
    if (verdict.strength === 'proved') return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: verdict.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: `R is constant (= f* = ${q(s.fit.fStar)}) for η in [${q(s.eta.sub(2))}, ${q(s.eta)}]`,
      computed: verdict.summary,
      evidence: verdict as unknown as Json,
    };
  },
};

// ---------------------------------------------------------------------------
// Deep networks: Lemma 5 and Theorem 5 (two or three hidden layers).

export interface DeepInstance {
  hidden: number[];
  sMinus: Fraction;
  sPlus: Fraction;
  data: Dataset;
}

const encD = (v: DeepInstance): Json => ({
  hidden: v.hidden,
  sMinus: q(v.sMinus),
  sPlus: q(v.sPlus),
  data: encData(v.data),
});
const decD = (j: Json): DeepInstance => {
  const hidden = field(j, 'hidden', 'value');
  if (
    !Array.isArray(hidden) ||
    hidden.length < 1 ||
    !hidden.every((w) => typeof w === 'number' && Number.isInteger(w) && w > 0)
  )
    throw new Error('value.hidden: expected a list of positive widths');
  return {
    hidden: hidden as number[],
    sMinus: decQ(field(j, 'sMinus', 'value'), 'value.sMinus'),
    sPlus: decQ(field(j, 'sPlus', 'value'), 'value.sPlus'),
    data: decData(field(j, 'data', 'value'), 'value.data'),
  };
};

export function deepInstance(): fc.Arbitrary<DeepInstance> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      dY: fc.integer({ min: 1, max: 2 }),
      extras: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 3 }),
      sPlus: fc.constantFrom(1, 2, '1/2', -1).map((x) => new Fraction(x)),
      ratio: fc.constantFrom(0, '1/2', 2, '-1/2', -2).map((x) => new Fraction(x)),
    })
    .chain(({ dX, dY, extras, sPlus, ratio }) =>
      fc.tuple(nonAffineDataset(dX, { dy: dY, maxN: dX + 4 }), fc.constantFrom(...MODES)).map(([data, mode]) => ({
        hidden: extras.map((e) => dY + e),
        sPlus,
        sMinus: ratio.mul(sPlus),
        data: withMode(data, mode),
      })),
    );
}

function detectDeep(v: DeepInstance): string | null {
  const dY = v.data.targets[0].length;
  const narrow = v.hidden.findIndex((w) => w < dY + 1);
  if (narrow >= 0) return `Assumption 3 fails: hidden layer ${narrow + 1} has width ${v.hidden[narrow]} ≤ d_Y = ${dY}`;
  return detectAssumptions({ d1: v.hidden[0], sMinus: v.sMinus, sPlus: v.sPlus, data: v.data });
}

function setupDeep(v: DeepInstance) {
  const dX = v.data.inputs[0].length,
    dY = v.data.targets[0].length;
  const act = twoPiece(v.sMinus, v.sPlus);
  const net = deepNet(dX, v.hidden, dY, act);
  const fit = linearFit(v.data);
  const eta = defaultEta(fit);
  return { dX, dY, net, fit, eta, theta: lemma5Point(fit, dX, v.hidden, v.sPlus, eta) };
}

const deepCommon = {
  paper: PAPER,
  arithmetic: 'exact' as const,
  expected: 'holds' as const,
  generatorVersion: 2,
  runs: 200,
  generate: deepInstance,
  detect: detectDeep,
  encode: encD,
  decode: decD,
  describe: (v: DeepInstance) => {
    const s = setupDeep(v);
    return [
      `activation h(x) = ${q(v.sMinus)}·x for x ≤ 0, ${q(v.sPlus)}·x for x > 0`,
      `network:\n${netSummary(s.net)}`,
      `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
      `f* = ${q(s.fit.fStar)}`,
      `Lemma 5 point (η = ${q(s.eta)}):\n${paramTable(s.net, s.theta)}`,
    ].join('\n');
  },
};

const HYP_DEEP = [
  ...HYP.slice(0, 2),
  'Assumption 3: every hidden layer is wider than the output (d_i ≥ d_Y + 1)',
  HYP[3],
  HYP[4],
  'two or three hidden layers, the same two-piece activation in each',
];

export const lemma5LinearFitAndMin: Claim<DeepInstance> = {
  ...deepCommon,
  id: 'he2020.lemma5.local-min',
  section: 'Appendix A.3, Lemma 5, eqs. (29)–(33)',
  title: 'Lemma 5: the deep linear-fit point reproduces the LS fit and is a local minimum',
  statement:
    'For depth L ≥ 3, layer 1 as in Lemma 4, hidden layers copying the fit channels and a positive constant channel (scaled by 1/s+), and output [I/s+ 0] with bias η, the network outputs the least-squares linear fit, its risk is f*, and it is a local minimum (decided by an exact cell certificate).',
  hypotheses: HYP_DEEP,
  check: (v): Outcome => {
    const s = setupDeep(v);
    const out = exactOutputs(s.net, s.theta, v.data);
    const bad = out
      .flatMap((row, i) => row.map((x, k) => ({ i, k, x })))
      .find(({ i, k, x }) => !x.equals(s.fit.Ylin[k][i]));
    if (bad)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the Lemma 5 point outputs the linear fit',
        computed: `sample ${bad.i + 1}, output ${bad.k + 1}: ${q(bad.x)} instead of ${q(s.fit.Ylin[bad.k][bad.i])}`,
        evidence: { sample: bad.i + 1 },
      };
    const verdict = analyseLocalMin(s.net, mse, s.theta, v.data, { noProbes: true });
    if (verdict.strength === 'proved') return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: verdict.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: 'the Lemma 5 point is a local minimum',
      computed: `the toolkit says ${verdict.strength}: ${verdict.summary}`,
      evidence: verdict as unknown as Json,
    };
  },
};

export const theorem5Spurious: Claim<DeepInstance> = {
  ...deepCommon,
  id: 'he2020.theorem5.spurious',
  section: 'Appendix A.3, Theorem 5, eqs. (34)–(38)',
  title: 'Theorem 5: the deep linear-fit local minimum is spurious',
  statement:
    'The Theorem 4 point lifted through the deeper layers (layer-2 shift λ with every layer-2 pre-activation strictly positive, eq. 34; identity-like copies; output bias −λ) has exactly the Theorem 4 output, hence risk strictly below f*.',
  hypotheses: HYP_DEEP,
  check: (v): Outcome => {
    const s = setupDeep(v);
    const t = theorem5Point(v.data, s.fit, v.hidden, v.sMinus, v.sPlus);
    if (!t)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'a point with risk below f* exists (Theorem 5)',
        computed: `the construction found none (f* = ${q(s.fit.fStar)})`,
        evidence: { fStar: q(s.fit.fStar) },
      };
    // eq. (34): λ makes every layer-2 pre-activation strictly positive (so layer 2 is linear on every sample)
    const pre2 = exactPreActivations(s.net, t.theta, v.data)[1];
    const nonPos = pre2.flatMap((row, u) => row.map((z, i) => ({ u, i, z }))).find(({ z }) => z.compare(0) <= 0);
    if (nonPos)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'every layer-2 pre-activation of the lifted point is positive (eq. 34)',
        computed: `the layer-2 pre-activation of unit ${nonPos.u + 1} on sample ${nonPos.i + 1} is ${q(nonPos.z)}, not positive`,
        evidence: { unit: nonPos.u + 1, sample: nonPos.i + 1, preActivation: q(nonPos.z) },
      };
    if (t.risk.compare(s.fit.fStar) >= 0)
      return {
        ok: false,
        strength: 'refuted',
        claimed: `the lifted point has risk ${q(t.base.risk)} < f*`,
        computed: `its risk is ${q(t.risk)} ≥ f* = ${q(s.fit.fStar)}`,
        evidence: { risk: q(t.risk), fStar: q(s.fit.fStar) },
      };
    if (!t.risk.equals(t.base.risk))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the lift preserves the Theorem 4 output',
        computed: `risk ${q(t.risk)} vs the shallow point's ${q(t.base.risk)}`,
        evidence: { risk: q(t.risk), base: q(t.base.risk) },
      };
    const shallow = oneHidden(s.dX, v.hidden[0], s.dY, twoPiece(v.sMinus, v.sPlus));
    const a = exactOutputs(s.net, t.theta, v.data),
      b = exactOutputs(shallow, t.base.theta, v.data);
    const diff = a.flatMap((row, i) => row.map((x, k) => ({ i, k, x }))).find(({ i, k, x }) => !x.equals(b[i][k]));
    if (diff)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the deep point has exactly the Theorem 4 outputs (eq. 38)',
        computed: `sample ${diff.i + 1}, output ${diff.k + 1}: ${q(diff.x)} vs ${q(b[diff.i][diff.k])}`,
        evidence: null,
      };
    return { ok: true, strength: 'proved' };
  },
};

// ---------------------------------------------------------------------------
// Negative controls: Theorem 4's conclusion without one of its hypotheses.
// Each must be refuted by search, and fail in the specific way recorded in
// the evidence ("reason"), which properties/he2020.test.ts asserts.

type Violation = 'affine-labels' | 'linear-activation';

function violating(kind: Violation): fc.Arbitrary<OneHiddenInstance> {
  return oneHiddenInstance().chain((v) => {
    if (kind === 'linear-activation') return fc.constant({ ...v, sMinus: v.sPlus });
    if (kind === 'affine-labels') {
      const dX = v.data.inputs[0].length,
        dY = v.data.targets[0].length;
      return fc
        .array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: dX + 1, maxLength: dX + 1 }), {
          minLength: dY,
          maxLength: dY,
        })
        .map((A) => ({
          ...v,
          data: dataset(
            v.data.inputs,
            v.data.inputs.map((x) =>
              A.map((row) => x.reduce((acc, xi, j) => acc.add(xi.mul(row[j])), new Fraction(row[dX]))),
            ),
          ),
        }));
    }
    return fc.constant(v);
  });
}

function control(
  kind: Violation,
  id: string,
  title: string,
  statement: string,
  hypothesis: string,
): Claim<OneHiddenInstance> {
  return {
    ...common,
    id,
    section: '§3.2 Assumptions 1–4; Appendix A.2 Theorem 4 (negative control)',
    title,
    statement,
    hypotheses: [
      ...HYP.filter((h) => !h.startsWith(kind === 'affine-labels' ? 'Assumption 1' : 'Assumption 4')),
      hypothesis,
    ],
    expected: 'refuted',
    generatorVersion: 1,
    runs: 100,
    generate: () => violating(kind),
    detect: (v) => {
      const dY = v.data.targets[0].length;
      if (v.sPlus.n === 0n || v.d1 < dY + 1) return 'd1 ≤ d_Y or s+ = 0';
      if (kind === 'linear-activation') return v.sMinus.equals(v.sPlus) ? null : 'the activation is not linear';
      return detectNotAffine(v.data) === null ? 'the labels are not affine' : null;
    },
    check: (v): Outcome => {
      const s = setup(v);
      const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
      if (t && t.risk.compare(s.fit.fStar) < 0) return { ok: true, strength: 'proved' };
      const refuted = (reason: string, computed: string): Outcome => ({
        ok: false,
        strength: 'refuted',
        claimed: 'Theorem 4: a point with risk strictly below f* exists',
        computed,
        evidence: { reason, fStar: q(s.fit.fStar) },
      });
      if (kind === 'affine-labels') {
        // R ≥ 0 for every parameter point
        if (s.fit.fStar.n === 0n)
          return refuted('global-bound', 'the labels are affine, so f* = 0, and no risk is below 0');
        throw new Error(`internal: affine labels but f* = ${q(s.fit.fStar)}`);
      }
      // linear activation: no breakpoints, one cell = the whole parameter space, so the
      // pattern-class bound at the Lemma 4 point is a GLOBAL lower bound
      const cert = patternClassBound(s.net, mse, s.theta, v.data);
      const kinkFree = s.net.layers.every((l) => l.activation.kind === 'pwl' && l.activation.breakpoints.length === 0);
      if (kinkFree && cert.strength === 'proved')
        return refuted(
          'global-certificate',
          `with s− = s+ the network has a single cell (no breakpoints), and the exact pattern-class bound over it equals R = f* = ${q(s.fit.fStar)} at the Lemma 4 point: nothing is lower`,
        );
      throw new Error(`internal: no certificate for the linear-activation instance (${cert.summary})`);
    },
  };
}

/** Within-duplicate squared deviation: a lower bound on R for EVERY network (one output per distinct input). */
export function duplicateBound(data: Dataset): Fraction {
  const groups = new Map<string, number[]>();
  data.inputs.forEach((x, i) => {
    const key = x.map((c) => c.toFraction()).join(',');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  let ss = new Fraction(0);
  for (const idx of groups.values()) {
    const dY = data.targets[0].length;
    for (let o = 0; o < dY; o++) {
      const mean = idx.reduce((acc, i) => acc.add(data.targets[i][o]), new Fraction(0)).div(idx.length);
      for (const i of idx) ss = ss.add(data.targets[i][o].sub(mean).mul(data.targets[i][o].sub(mean)));
    }
  }
  return ss.div(data.inputs.length);
}

export const controlDuplicateInputs: Claim<OneHiddenInstance> = {
  ...common,
  id: 'he2020.control.duplicate-inputs',
  section: '§3.2 Assumption 2 read as "distinct (x, y) pairs"; Appendix A.2 Theorem 4, A.5 Lemma 7',
  title: 'Theorem 4 when only the (x, y) pairs are distinct (a literal reading of Assumption 2)',
  statement:
    'Read literally, Assumption 2 ("all data points are distinct") allows repeated inputs with different labels. Under that reading Theorem 4 would still give a point with risk below f*. The suite tests it on data like note G6: at most d_X + 1 affinely independent distinct inputs, some repeated with different labels.',
  hypotheses: [
    HYP[0],
    'distinct (x, y) pairs, with some input repeated under a different label',
    HYP[2],
    HYP[3],
    HYP[4],
  ],
  expected: 'refuted',
  correctedBy: 'he2020.theorem4.spurious',
  runs: 100,
  generate: () =>
    fc
      .record({
        dY: fc.integer({ min: 1, max: 2 }),
        extra: fc.integer({ min: 1, max: 2 }),
        sPlus: fc.constantFrom(1, 2, '1/2').map((x) => new Fraction(x)),
        ratio: fc.constantFrom(0, '1/2', 2, '-1/2').map((x) => new Fraction(x)),
        xs: fc.uniqueArray(smallRational(4, 1), { minLength: 1, maxLength: 2, selector: (x) => x.toFraction() }),
        reps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
        ys: fc.array(smallRational(4, 1), { minLength: 12, maxLength: 12 }),
      })
      .map(({ dY, extra, sPlus, ratio, xs, reps, ys }) => {
        // 1-D inputs: at most 2 = d_X + 1 distinct values; the first repeated at least twice
        const inputs: Fraction[][] = [],
          targets: Fraction[][] = [];
        let c = 0;
        xs.forEach((x, g) => {
          const times = g === 0 ? reps[0] + 1 : reps[1];
          for (let r = 0; r < times; r++) {
            inputs.push([x]);
            targets.push(
              Array.from({ length: dY }, (_, o) => ys[c++ % ys.length].add(g === 0 && r === 0 && o === 0 ? 1 : 0)),
            );
          }
        });
        return { d1: dY + extra, sPlus, sMinus: ratio.mul(sPlus), data: dataset(inputs, targets) };
      }),
  detect: (v) => {
    const keys = v.data.inputs.map(
      (x, i) => `${x.map((c) => c.toFraction()).join(',')}|${v.data.targets[i].map((c) => c.toFraction()).join(',')}`,
    );
    if (new Set(keys).size !== keys.length) return 'two (x, y) pairs coincide';
    if (detectDistinct(v.data) === null) return 'the inputs are distinct (nothing repeated)';
    return detectNotAffine(v.data);
  },
  check: (v): Outcome => {
    const s = setup(v);
    const bound = duplicateBound(v.data);
    const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
    if (t && t.risk.compare(s.fit.fStar) < 0) return { ok: true, strength: 'proved' };
    if (s.fit.fStar.equals(bound))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'Theorem 4: some parameter point has risk strictly below f*',
        computed: `every network gives one output per distinct input, so R ≥ (1/n)·Σ within-duplicate squared deviation = ${q(bound)} for every parameter point, and f* = ${q(s.fit.fStar)} already attains it: nothing is lower.`,
        evidence: { reason: 'global-bound', fStar: q(s.fit.fStar), bound: q(bound) },
      };
    throw new Error(
      `internal: f* = ${q(s.fit.fStar)} is above the duplicate bound ${q(bound)} and the construction found no lower point`,
    );
  },
};

export const controlAffineLabels = control(
  'affine-labels',
  'he2020.control.affine-labels',
  'Control: Theorem 4 without Assumption 1 (affine labels)',
  "Theorem 4's conclusion when the labels are exactly affine in the inputs. Expected to fail: f* = 0, so the Lemma 4 point is a global minimum.",
  'labels exactly affine in the inputs (Assumption 1 violated on purpose)',
);
export const controlLinearActivation = control(
  'linear-activation',
  'he2020.control.linear-activation',
  'Control: Theorem 4 with a linear activation',
  "Theorem 4's conclusion with s− = s+ (a linear activation). Expected to fail: the network is affine, so no point beats the least-squares fit (Corollary 2).",
  'a linear activation s− = s+ (non-linearity violated on purpose)',
);

// ---------------------------------------------------------------------------
// General piecewise-linear activations: Lemma 6 and Theorem 1 (the lift at a kink).

export interface GeneralInstance {
  hidden: number[];
  act: PwlActivation;
  data: Dataset;
}

const encG = (v: GeneralInstance): Json => ({
  hidden: v.hidden,
  activation: activationToJSON(v.act) as unknown as Json,
  data: encData(v.data),
});
const decG = (j: Json): GeneralInstance => {
  const hidden = field(j, 'hidden', 'value');
  if (
    !Array.isArray(hidden) ||
    hidden.length < 1 ||
    !hidden.every((w) => typeof w === 'number' && Number.isInteger(w) && w > 0)
  )
    throw new Error('value.hidden: expected a list of positive widths');
  const act = activationFromJSON(field(j, 'activation', 'value') as never);
  if (act.kind !== 'pwl') throw new Error('value.activation: expected a piecewise-linear activation');
  return { hidden: hidden as number[], act, data: decData(field(j, 'data', 'value'), 'value.data') };
};

export function generalInstance(): fc.Arbitrary<GeneralInstance> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      dY: fc.integer({ min: 1, max: 2 }),
      extras: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 3 }),
      act: randomPwl({ minPieces: 2, maxPieces: 4 }),
    })
    .chain(({ dX, dY, extras, act }) =>
      nonAffineDataset(dX, { dy: dY, maxN: dX + 4 }).map((data) => ({ hidden: extras.map((e) => dY + e), act, data })),
    );
}

function detectGeneral(v: GeneralInstance): string | null {
  const dY = v.data.targets[0].length;
  if (v.hidden.some((w) => w < dY + 1)) return 'Assumption 3 fails: a hidden layer is not wider than the output';
  if (!assumption4Kink(v.act)) return 'Assumption 4 fails: no turning point with s− + s+ ≠ 0';
  return detectDistinct(v.data) ?? detectNotAffine(v.data);
}

function setupGeneral(v: GeneralInstance) {
  const dX = v.data.inputs[0].length,
    dY = v.data.targets[0].length;
  const kink = assumption4Kink(v.act)!;
  const net = deepNet(dX, v.hidden, dY, v.act);
  const fit = linearFit(v.data);
  const eta = defaultEta(fit);
  const inner =
    v.hidden.length === 1
      ? lemma4Point(fit, dX, v.hidden[0], kink.inner.sPlus, eta)
      : lemma5Point(fit, dX, v.hidden, kink.inner.sPlus, eta);
  const lifted = liftToPwl(inner, dX, v.hidden, dY, v.act, kink, v.data);
  return { dX, dY, kink, net, fit, theta: lifted.theta, c: lifted.c };
}

const generalCommon = {
  paper: PAPER,
  arithmetic: 'exact' as const,
  expected: 'holds' as const,
  generatorVersion: 2,
  runs: 200,
  generate: generalInstance,
  detect: detectGeneral,
  encode: encG,
  decode: decG,
  describe: (v: GeneralInstance) => {
    const s = setupGeneral(v);
    return [
      `activation: ${v.act.name}; lifted at the turning point t = ${q(s.kink.t)} (slopes ${q(s.kink.sMinus)}, ${q(s.kink.sPlus)}, ε = ${s.kink.eps}, scale c = ${q(s.c)})`,
      `network:\n${netSummary(s.net)}`,
      `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
      `f* = ${q(s.fit.fStar)}`,
      `Lemma 6 point:\n${paramTable(s.net, s.theta)}`,
    ].join('\n');
  },
};

const HYP_GENERAL = [
  HYP[0],
  HYP[1],
  'Assumption 3: every hidden layer is wider than the output',
  'Assumption 4: a continuous PWL activation (2–4 pieces) with a turning point t where s− ≠ s+ and s− + s+ ≠ 0',
  HYP[4],
  'one to three hidden layers (depth L = 2 to 4), the same activation in each',
];

export const lemma6LocalMin: Claim<GeneralInstance> = {
  ...generalCommon,
  id: 'he2020.lemma6.local-min',
  section: 'Appendix A.4, Lemma 6, eqs. (40)–(44)',
  title: 'Lemma 6: the linear-fit local minimum exists for general PWL activations',
  statement:
    'Lifting the Lemma 4/5 point to a general piecewise-linear activation at a turning point t (pre-activations t + ε·c·Z′ inside the two linear pieces next to t) gives a point that outputs the least-squares linear fit, has risk f*, and is a local minimum (exact cell certificate).',
  hypotheses: HYP_GENERAL,
  check: (v): Outcome => {
    const s = setupGeneral(v);
    const r = exactRisk(s.net, mse, s.theta, v.data);
    if (!r.equals(s.fit.fStar))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the lifted point has risk f*',
        computed: `R = ${q(r)} but f* = ${q(s.fit.fStar)}`,
        evidence: { risk: q(r), fStar: q(s.fit.fStar) },
      };
    const verdict = analyseLocalMin(s.net, mse, s.theta, v.data, { noProbes: true });
    if (verdict.strength === 'proved') return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: verdict.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: 'the lifted point is a local minimum',
      computed: `the toolkit says ${verdict.strength}: ${verdict.summary}`,
      evidence: verdict as unknown as Json,
    };
  },
};

export const theorem1Spurious: Claim<GeneralInstance> = {
  ...generalCommon,
  id: 'he2020.theorem1.spurious',
  section: '§3.2 Theorem 1; proof in Appendix A.4, eqs. (45)–(46)',
  title: 'Theorem 1: for any non-linear PWL activation the linear-fit local minimum is spurious',
  statement:
    'Under Assumptions 1–4, lifting the Theorem 4/5 point at the same turning point gives a point of the general-PWL network with exactly the same outputs, hence risk strictly below f*: the Lemma 6 local minimum is spurious.',
  hypotheses: HYP_GENERAL,
  check: (v): Outcome => {
    const s = setupGeneral(v);
    const dX = s.dX,
      dY = s.dY,
      k = s.kink;
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
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'a point below f* exists',
        computed: 'the two-piece construction found none',
        evidence: { fStar: q(s.fit.fStar) },
      };
    const lifted = liftToPwl(base.theta, dX, v.hidden, dY, v.act, k, v.data);
    const r = exactRisk(s.net, mse, lifted.theta, v.data);
    // the lift must reproduce the two-piece point's outputs exactly
    const inner = deepNet(dX, v.hidden, dY, twoPiece(k.inner.sMinus, k.inner.sPlus));
    const a = exactOutputs(s.net, lifted.theta, v.data),
      b = exactOutputs(inner, base.theta, v.data);
    const diff = a.flatMap((row, i) => row.map((x, o) => ({ i, o, x }))).find(({ i, o, x }) => !x.equals(b[i][o]));
    if (diff)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the lifted point has exactly the outputs of the two-piece point',
        computed: `sample ${diff.i + 1}, output ${diff.o + 1}: ${q(diff.x)} vs ${q(b[diff.i][diff.o])}`,
        evidence: null,
      };
    if (r.compare(s.fit.fStar) < 0) return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: 'refuted',
      claimed: `the lifted better point has risk ${q(base.risk)} < f*`,
      computed: `its risk is ${q(r)} (f* = ${q(s.fit.fStar)})`,
      evidence: { risk: q(r), fStar: q(s.fit.fStar), base: q(base.risk) },
    };
  },
};

// ---------------------------------------------------------------------------
// Corollary 3: h = s+|x| (s− = −s+, where Assumption 4 fails), d1 ≥ d_Y + 2.

function absInstance(): fc.Arbitrary<OneHiddenInstance> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      dY: fc.integer({ min: 1, max: 2 }),
      extra: fc.integer({ min: 2, max: 3 }),
      sPlus: fc.constantFrom(1, 2, '1/2', -1).map((x) => new Fraction(x)),
    })
    .chain(({ dX, dY, extra, sPlus }) =>
      nonAffineDataset(dX, { dy: dY, maxN: dX + 5 }).map((data) => ({
        d1: dY + extra,
        sPlus,
        sMinus: sPlus.neg(),
        data,
      })),
    );
}

export const corollary3Spurious: Claim<OneHiddenInstance> = {
  ...common,
  id: 'he2020.corollary3.spurious',
  section: 'Appendix A.4, Corollary 3',
  title: 'Corollary 3: |x|-type activations also have spurious linear-fit minima (d1 ≥ d_Y + 2)',
  statement:
    'For h = s+|x| (s− = −s+, so Assumption 4 fails) and Assumption 5 (d1 ≥ d_Y + 2), the Lemma 4 point is a local minimum with risk f*, and the three-unit construction (output row k shifted by −γ on I and +γ on J, sgn γ = sgn S_I) gives strictly lower risk.',
  hypotheses: [HYP[0], HYP[1], 'Assumption 5: d1 ≥ d_Y + 2', 'h = s+|x| with s+ ≠ 0 (s− = −s+)', HYP[4]],
  generate: absInstance,
  detect: (v) => {
    const dY = v.data.targets[0].length;
    if (v.sPlus.n === 0n || !v.sMinus.equals(v.sPlus.neg())) return 'the activation is not s+|x|';
    if (v.d1 < dY + 2) return `Assumption 5 fails: d1 = ${v.d1} < d_Y + 2`;
    return detectDistinct(v.data) ?? detectNotAffine(v.data);
  },
  check: (v): Outcome => {
    const s = setup(v);
    const lm = analyseLocalMin(s.net, mse, s.theta, v.data, { noProbes: true });
    if (lm.strength !== 'proved')
      return {
        ok: false,
        strength: lm.strength === 'refuted' ? 'refuted' : 'evidence',
        claimed: 'the Lemma 4 point is a local minimum',
        computed: `the toolkit says ${lm.strength}: ${lm.summary}`,
        evidence: lm as unknown as Json,
      };
    const c = corollary3Point(v.data, s.fit, s.net, v.sPlus, s.eta);
    if (!c)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'a point with risk below f* exists (Corollary 3)',
        computed: `the construction found none (f* = ${q(s.fit.fStar)})`,
        evidence: { fStar: q(s.fit.fStar) },
      };
    return { ok: true, strength: 'proved' };
  },
};

// ---------------------------------------------------------------------------
// Corollary 3 for general PWL activations where Assumption 4 fails at every
// turning point (zig-zags: slopes s, −s, s, …), one hidden layer: the
// corollary's point for s+|x| lifted at a turning point (note §5.8, last
// paragraph; the paper says the general case "follows by modification").

function zigzag(): fc.Arbitrary<PwlActivation> {
  return fc
    .record({
      s: fc.constantFrom(1, 2, '1/2', -1).map((x) => new Fraction(x)),
      gaps: fc.array(
        fc.constantFrom(1, 2, '1/2').map((x) => new Fraction(x)),
        { minLength: 0, maxLength: 2 },
      ),
      start: fc.integer({ min: -2, max: 1 }).map((k) => new Fraction(k, 2)),
      y0: fc.integer({ min: -2, max: 2 }).map((k) => new Fraction(k, 2)),
    })
    .map(({ s, gaps, start, y0 }) => {
      const bps = [start];
      for (const g of gaps) bps.push(bps[bps.length - 1].add(g));
      return pwl({
        breakpoints: bps,
        slopes: Array.from({ length: bps.length + 1 }, (_, i) => (i % 2 === 0 ? s.neg() : s)),
        anchor: { x: start, y: y0 },
        name: `zig-zag (slopes ∓${q(s.abs())}, breakpoints ${bps.map(q).join(', ')})`,
      });
    });
}

/** A turning point where Assumption 4 fails (s− + s+ = 0, s+ ≠ 0): near t, h(t + x) − h(t) = s+|x|. */
function cor3Kink(h: PwlActivation): Kink | null {
  const bps = h.breakpoints;
  for (let k = 0; k < bps.length; k++) {
    const sm = h.slopes[k],
      sp = h.slopes[k + 1];
    if (sp.n === 0n || sm.add(sp).n !== 0n) continue;
    const gaps = [k > 0 ? bps[k].sub(bps[k - 1]) : null, k + 1 < bps.length ? bps[k + 1].sub(bps[k]) : null].filter(
      (x): x is Fraction => x !== null,
    );
    const sigma = gaps.length ? gaps.reduce((m, x) => (x.compare(m) < 0 ? x : m)) : new Fraction(1);
    return { t: bps[k], sMinus: sm, sPlus: sp, sigma, eps: 1, inner: { sMinus: sm, sPlus: sp } };
  }
  return null;
}

interface ZigzagInstance {
  d1: number;
  act: PwlActivation;
  data: Dataset;
}

export const corollary3Zigzag: Claim<ZigzagInstance> = {
  id: 'he2020.corollary3.zigzag-lift',
  paper: PAPER,
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  section:
    'Appendix A.4, Corollary 3 (activations violating Assumption 4; "the rest follows by modification"), with the lift of Lemma 6 / Theorem 1 (eqs. 40–46)',
  title:
    'Corollary 3 for zig-zag activations: a spurious linear-fit local minimum when Assumption 4 fails at every turning point',
  statement:
    'Corollary 3 says the Theorem 1 conclusion holds without Assumption 4. The paper writes out only h = s+|x|; for a general PWL activation whose every turning point has s− + s+ = 0 (a zig-zag), the modification is the lift of Lemma 6 at a turning point t, where h(t + x) − h(t) = s+|x|: the lifted Lemma 4 point outputs the linear fit, has risk f* and is a local minimum (exact certificate), and the lifted Corollary 3 point has exactly the outputs of the s+|x| construction, so risk < f*. One hidden layer (d1 ≥ d_Y + 2), as the paper proves it.',
  hypotheses: [
    HYP[0],
    HYP[1],
    'Assumption 5: d1 ≥ d_Y + 2',
    'a zig-zag activation: 1–3 breakpoints, slopes alternating −s, s, …, so s− + s+ = 0 at every turning point (Assumption 4 fails everywhere)',
    HYP[4],
  ],
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        dY: fc.integer({ min: 1, max: 2 }),
        extra: fc.integer({ min: 2, max: 3 }),
        act: zigzag(),
      })
      .chain(({ dX, dY, extra, act }) =>
        nonAffineDataset(dX, { dy: dY, maxN: dX + 5 }).map((data) => ({ d1: dY + extra, act, data })),
      ),
  detect: (v) => {
    const dY = v.data.targets[0].length;
    if (v.d1 < dY + 2) return `Assumption 5 fails: d1 = ${v.d1} < d_Y + 2`;
    if (assumption4Kink(v.act))
      return 'Assumption 4 holds at some turning point (Theorem 1 applies; not a Corollary 3 case)';
    if (!cor3Kink(v.act)) return 'no turning point with s− = −s+ ≠ 0';
    return detectDistinct(v.data) ?? detectNotAffine(v.data);
  },
  check: (v): Outcome => {
    const dX = v.data.inputs[0].length,
      dY = v.data.targets[0].length;
    const kink = cor3Kink(v.act)!;
    const fit = linearFit(v.data),
      eta = defaultEta(fit);
    const net = oneHidden(dX, v.d1, dY, v.act);
    const innerNet = oneHidden(dX, v.d1, dY, twoPiece(kink.inner.sMinus, kink.inner.sPlus));
    const lm = liftToPwl(lemma4Point(fit, dX, v.d1, kink.sPlus, eta), dX, [v.d1], dY, v.act, kink, v.data).theta;
    const R = exactRisk(net, mse, lm, v.data);
    if (!R.equals(fit.fStar))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the lifted Lemma 4 point has risk f*',
        computed: `R = ${q(R)}, f* = ${q(fit.fStar)}`,
        evidence: null,
      };
    const verdict = analyseLocalMin(net, mse, lm, v.data, { noProbes: true });
    if (verdict.strength !== 'proved')
      return {
        ok: false,
        strength: verdict.strength === 'refuted' ? 'refuted' : 'evidence',
        claimed: 'the lifted Lemma 4 point is a local minimum',
        computed: `the toolkit says ${verdict.strength}: ${verdict.summary}`,
        evidence: null,
      };
    const c3 = corollary3Point(v.data, fit, innerNet, kink.sPlus, eta);
    if (!c3)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the s+|x| construction of Corollary 3 finds a point below f*',
        computed: 'it found none',
        evidence: { fStar: q(fit.fStar) },
      };
    const lifted = liftToPwl(c3.theta, dX, [v.d1], dY, v.act, kink, v.data).theta;
    const a = exactOutputs(net, lifted, v.data),
      b = exactOutputs(innerNet, c3.theta, v.data);
    const diff = a.flatMap((row, i) => row.map((x, o) => ({ i, o, x }))).find(({ i, o, x }) => !x.equals(b[i][o]));
    if (diff)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the lifted point has exactly the outputs of the s+|x| point',
        computed: `sample ${diff.i + 1}, output ${diff.o + 1}: ${q(diff.x)} vs ${q(b[diff.i][diff.o])}`,
        evidence: null,
      };
    const r = exactRisk(net, mse, lifted, v.data);
    if (r.compare(fit.fStar) < 0) return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'the lifted Corollary 3 point has risk below f*',
      computed: `its risk is ${q(r)}, f* = ${q(fit.fStar)}`,
      evidence: null,
    };
  },
  encode: (v) => ({ d1: v.d1, activation: activationToJSON(v.act) as unknown as Json, data: encData(v.data) }),
  decode: (j) => {
    const act = activationFromJSON(field(j, 'activation', 'value') as never);
    if (act.kind !== 'pwl') throw new Error('value.activation: expected a piecewise-linear activation');
    return { d1: field(j, 'd1', 'value') as number, act, data: decData(field(j, 'data', 'value'), 'value.data') };
  },
  describe: (v) =>
    `activation: ${v.act.name}\none hidden layer of ${v.d1}\ndata (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
};

export const theorem1Valley: Claim<GeneralInstance> = {
  ...generalCommon,
  id: 'he2020.theorem1.eta-valley',
  section: '§3.2 Theorem 1 ("infinitely many"); Appendix A.4, Lemma 6',
  title: 'Theorem 1, "infinitely many": a constant-risk valley of lifted local minima',
  statement:
    'For a general PWL activation, the lifted Lemma 6 points for η in [η0 − 1, η0] (at one scale c valid for both ends) form a straight path inside one cell with risk exactly f* all along: a continuum of spurious local minima. Checked exactly (pattern proved constant by Sturm, the risk polynomial constant). The M and α families are he2020.theorem1.m-alpha-valley.',
  hypotheses: HYP_GENERAL,
  check: (v): Outcome => {
    const s = setupGeneral(v);
    const k = s.kink;
    const inner = (eta: Fraction) =>
      v.hidden.length === 1
        ? lemma4Point(s.fit, s.dX, v.hidden[0], k.inner.sPlus, eta)
        : lemma5Point(s.fit, s.dX, v.hidden, k.inner.sPlus, eta);
    const eta0 = defaultEta(s.fit),
      etaLow = eta0.sub(1);
    // the far end has the largest |Z′|: its scale is valid for the whole path
    const low = liftToPwl(inner(etaLow), s.dX, v.hidden, s.dY, v.act, k, v.data);
    const high = liftToPwl(inner(eta0), s.dX, v.hidden, s.dY, v.act, k, v.data, low.c);
    const curve = high.theta.map((x, idx) => P.poly([x, low.theta[idx].sub(x)]));
    const verdict = constantAlongPath(s.net, mse, v.data, curve, new Fraction(0), new Fraction(1));
    if (verdict.strength === 'proved' && exactRisk(s.net, mse, high.theta, v.data).equals(s.fit.fStar))
      return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: verdict.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: `R ≡ f* = ${q(s.fit.fStar)} along the lifted η family`,
      computed: verdict.summary,
      evidence: verdict as unknown as Json,
    };
  },
};

/**
 * The M and α families of Lemma 6 (eqs. 40–41): with the pieces fixed, every
 * layer's pre-activation is affine in the family parameter p (p = c = 1/M, or
 * p = α_2), and the outputs are (affine in p)/p. So p·(Ŷ(p) − W̃X̃) is a
 * polynomial of degree ≤ 1 in p on the family's cell; it vanishes everywhere
 * once it vanishes at two distinct p. Checked at DEGREE_SAMPLES > 2 values.
 */
const DEGREE_SAMPLES = 4;

export const theorem1MAlphaValley: Claim<GeneralInstance> = {
  ...generalCommon,
  id: 'he2020.theorem1.m-alpha-valley',
  section:
    '§3.2 Theorem 1 ("infinitely many"); Appendix A.4, Lemma 6, eqs. (40)–(41) (the scale M and the factors α_i)',
  title:
    'Theorem 1, "infinitely many": the M and α families of Lemma 6 keep the linear-fit outputs in one cell; their extreme members are certified local minima',
  statement:
    "The Lemma 6 point depends on a scale M (c = 1/M, any c with c·max|Z′| < σ) and, for depth L ≥ 3, factors 0 < α_i < 1 on the hidden layers after the first. Along each family the pieces of every hidden unit are fixed and p·Ŷ(p) is a polynomial of degree ≤ 1 in the family parameter p, so exact equality of the outputs with W̃X̃ at 4 distinct values of p proves it for the whole family: risk f* all along. The one-cell structure is checked exactly too: every hidden pre-activation is t + c_l·Z′ with the same Z′ for all members (c_l = c·α_2···α_l), so the pieces are the same for every p down to 0. Ranges: c ∈ (0, c_max] with c_max the lift's scale (c·(max|Z′| + 1) ≤ σ/2, inside the admissible c·max|Z′| < σ), and α_2 ∈ (0, 1) with the other α_i = 1/2. The two extreme members are certified local minima by the toolkit (the others share their cell and their risk).",
  hypotheses: HYP_GENERAL,
  check: (v): Outcome => {
    const s = setupGeneral(v);
    const k = s.kink;
    const eta = defaultEta(s.fit);
    const inner =
      v.hidden.length === 1
        ? lemma4Point(s.fit, s.dX, v.hidden[0], k.inner.sPlus, eta)
        : lemma5Point(s.fit, s.dX, v.hidden, k.inner.sPlus, eta);
    const half = v.hidden.slice(1).map(() => new Fraction(1, 2));
    // scales[l]: c_l = c·α_2···α_l of hidden layer l (the factor of its deviation from t)
    const members: { label: string; theta: Fraction[]; scales: Fraction[] }[] = [];
    const scalesOf = (c: Fraction, alphas: Fraction[]) =>
      v.hidden.map((_, l) => alphas.slice(0, l).reduce((acc, a) => acc.mul(a), c));
    for (let j = 1; j <= DEGREE_SAMPLES; j++) {
      const c = s.c.mul(new Fraction(j, DEGREE_SAMPLES)); // c ∈ (0, c_max]
      members.push({
        label: `M = ${q(c.inverse())}`,
        theta: liftToPwl(inner, s.dX, v.hidden, s.dY, v.act, k, v.data, c, half.length ? half : undefined).theta,
        scales: scalesOf(c, half),
      });
    }
    if (v.hidden.length >= 2)
      for (let j = 1; j <= DEGREE_SAMPLES; j++) {
        const a2 = new Fraction(j, DEGREE_SAMPLES + 1); // α_2 ∈ (0, 1)
        const alphas = [a2, ...half.slice(1)];
        members.push({
          label: `α_2 = ${q(a2)}`,
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
        return {
          ok: false,
          strength: 'refuted',
          claimed: 'every hidden pre-activation of the family is t + c_l·Z′ with one Z′ for all members',
          computed: `at ${m.label} the scaled deviations (z − t)/c_l differ from those at ${members[0].label}`,
          evidence: { member: m.label },
        };
    const key = (th: Fraction[]) => JSON.stringify(activationPatternKeys(s.net, th, v.data));
    const base = key(members[0].theta);
    for (const m of members) {
      const out = exactOutputs(s.net, m.theta, v.data);
      const diff = out
        .flatMap((row, i) => row.map((x, o) => ({ i, o, x })))
        .find(({ i, o, x }) => !x.equals(s.fit.Ylin[o][i]));
      if (diff)
        return {
          ok: false,
          strength: 'refuted',
          claimed: 'every member of the M/α family outputs the linear fit W̃X̃',
          computed: `at ${m.label}: sample ${diff.i + 1}, output ${diff.o + 1} is ${q(diff.x)}, the fit is ${q(s.fit.Ylin[diff.o][diff.i])}`,
          evidence: { member: m.label, theta: encQs(m.theta) },
        };
      if (key(m.theta) !== base)
        return {
          ok: false,
          strength: 'refuted',
          claimed: 'the family stays in one cell',
          computed: `the activation pieces at ${m.label} differ from those at ${members[0].label}`,
          evidence: { member: m.label },
        };
    }
    for (const m of [members[0], members[members.length - 1]]) {
      const lm = analyseLocalMin(s.net, mse, m.theta, v.data, { noProbes: true });
      if (lm.strength !== 'proved')
        return {
          ok: false,
          strength: lm.strength === 'refuted' ? 'refuted' : 'evidence',
          claimed: `the family member at ${m.label} is a local minimum`,
          computed: `the toolkit says ${lm.strength}: ${lm.summary}`,
          evidence: { member: m.label, theta: encQs(m.theta) },
        };
    }
    return { ok: true, strength: 'proved' };
  },
};

/** The piece index of every hidden unit on every sample. */
function activationPatternKeys(net: ReturnType<typeof deepNet>, theta: readonly Fraction[], data: Dataset) {
  return activationPattern(net, theta, data).layers.map((l) => l.piece);
}

// ---------------------------------------------------------------------------
// Lemma 7 on its own (note P12): random u (Σu = 0, u ≠ 0), v with forced ties, distinct x.

interface SplitValue {
  u: Fraction[];
  v: Fraction[];
  xs: Fraction[][];
}

export const lemma7Separation: Claim<SplitValue> = {
  id: 'he2020.lemma7.separation',
  paper: PAPER,
  section: 'Appendix A.5, Lemma 7, eqs. (50)–(58)',
  title: 'Lemma 7: a separation I ∪ J with Σ_I u ≠ 0 exists for distinct inputs',
  statement:
    'For u ≠ 0 with Σu = 0, any v, and pairwise distinct x_i, there are disjoint non-empty I, J covering all samples and β such that, for all small α > 0, v_i − αβᵀx_i < v_j − αβᵀx_j for i ∈ I, j ∈ J, and Σ_{i∈I} u_i ≠ 0. Checked exactly: Σ_I u ≠ 0, and some α = 2^-p has a strictly positive gap, and so do all smaller α tried.',
  hypotheses: [
    'u ≠ 0 with Σ u = 0',
    'v with many ties (values from a set of 1–3)',
    'pairwise distinct x_i in 1–2 dimensions',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        levels: fc.array(smallRational(3, 1), { minLength: 1, maxLength: 3 }),
        pick: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        u0: fc.array(smallRational(4, 1), { minLength: 7, maxLength: 7 }),
        xs: fc.uniqueArray(fc.array(smallRational(5, 2), { minLength: 2, maxLength: 2 }), {
          minLength: 2,
          maxLength: 8,
          selector: (r) => r[0].toFraction(),
        }),
      })
      .map(({ dX, levels, pick, u0, xs }) => {
        const n = xs.length;
        const u = u0.slice(0, n - 1);
        u.push(u.reduce((acc, x) => acc.sub(x), new Fraction(0))); // Σu = 0
        return {
          u,
          v: Array.from({ length: n }, (_, i) => levels[pick[i] % levels.length]),
          xs: xs.map((x) => x.slice(0, dX)),
        };
      }),
  detect: (v) => (v.u.every((x) => x.n === 0n) ? 'u = 0' : null),
  check: (v): Outcome => {
    const sp = lemma7Split(v.u, v.v, v.xs);
    const fail = (computed: string): Outcome => ({
      ok: false,
      strength: 'refuted',
      claimed: 'a separation with Σ_I u ≠ 0 exists (Lemma 7)',
      computed,
      evidence: { u: encQs(v.u), v: encQs(v.v) },
    });
    if (!sp) return fail('the algorithm found no separation');
    const I = new Set(sp.I);
    if (
      sp.I.length === 0 ||
      sp.J.length === 0 ||
      sp.I.length + sp.J.length !== v.u.length ||
      sp.J.some((j) => I.has(j))
    )
      return fail('I and J do not partition the samples into two non-empty sets');
    if (sp.I.reduce((acc, i) => acc.add(v.u[i]), new Fraction(0)).n === 0n) return fail('Σ_I u = 0');
    const bx = (i: number) => sp.beta.reduce((acc, b, j) => acc.add(b.mul(v.xs[i][j])), new Fraction(0));
    const gap = (a: Fraction) => {
      const w = (i: number) => v.v[i].sub(a.mul(bx(i)));
      return sp.J.reduce((m, j) => (w(j).compare(m) < 0 ? w(j) : m), w(sp.J[0])).sub(
        sp.I.reduce((m, i) => (w(i).compare(m) > 0 ? w(i) : m), w(sp.I[0])),
      );
    };
    let first = -1;
    for (let p = 1; p <= 60; p++)
      if (gap(new Fraction(1n, 2n ** BigInt(p))).compare(0) > 0) {
        first = p;
        break;
      }
    if (first < 0) return fail('no α = 2^-p (p ≤ 60) gives a positive gap');
    for (let p = first; p <= first + 10; p++)
      if (gap(new Fraction(1n, 2n ** BigInt(p))).compare(0) <= 0)
        return fail(`the gap is positive at α = 2^-${first} but not at 2^-${p}`);
    return { ok: true, strength: 'proved' };
  },
  encode: (v) => ({ u: encQs(v.u), v: encQs(v.v), xs: v.xs.map(encQs) }),
  decode: (j) => ({
    u: decQs(field(j, 'u', 'value'), 'value.u'),
    v: decQs(field(j, 'v', 'value'), 'value.v'),
    xs: (field(j, 'xs', 'value') as Json[]).map((r, i) => decQs(r, `value.xs[${i}]`)),
  }),
  describe: (v) =>
    `u = (${encQs(v.u).join(', ')})\nv = (${encQs(v.v).join(', ')})\nx = ${v.xs.map((x) => `(${encQs(x).join(', ')})`).join(', ')}`,
};

export const he2020Claims = [
  lemma7Separation,
  lemma4LinearFit,
  lemma4LocalMin,
  lemma4Valley,
  theorem4Spurious,
  lemma5LinearFitAndMin,
  theorem5Spurious,
  lemma6LocalMin,
  theorem1Spurious,
  theorem1Valley,
  theorem1MAlphaValley,
  corollary3Spurious,
  corollary3Zigzag,
  controlDuplicateInputs,
  controlAffineLabels,
  controlLinearActivation,
  lemma4EtaAtBound,
];
