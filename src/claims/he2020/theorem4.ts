/**
 * He et al. 2020, Theorem 4 (Appendix A.2, with Lemma 7's split): the Lemma 4
 * local minimum is spurious; and its negative controls, Theorem 4's conclusion
 * without one of its hypotheses. Each control must be refuted by search, and
 * fail in the specific way recorded in the evidence ("reason"), which
 * properties/he2020.test.ts asserts.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { smallRational } from '../../gen/arbitraries.js';
import { detectDistinct, detectNotAffine } from '../../gen/data.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { duplicateInputsBound } from '../../landscape/global-bounds.js';
import { dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import { dotOf } from '../../numeric/field.js';
import { rational, toRat } from '../../numeric/rational.js';
import { mse, theorem4Point } from '../../papers/he2020/index.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { firstMismatch } from './deciders.js';
import {
  HYP,
  oneHiddenInstance,
  oneHiddenLayer,
  positiveSlopes,
  setupOneHidden,
  type OneHiddenInstance,
} from './instances.js';
import { he2020 } from './paper.js';

export const theorem4Spurious = he2020.claim({
  id: 'he2020.theorem4.spurious',
  section: 'Appendix A.2, Theorem 4, eqs. (19)–(26); Appendix A.5, Lemma 7 (eqs. 50–58)',
  title: 'Theorem 4: the linear-fit local minimum is spurious',
  statement:
    'Under Assumptions 1–4 the Lemma 4 local minimum is spurious: the separation construction (Lemma 7 split, α = 2^-p, γ with |γ| = min(α, g/4) and sign −sgn(c·S_I)) gives parameters with strictly lower risk than f*.',
  instance: oneHiddenLayer,
  generatorVersion: 2,
  check: (v) => {
    const s = setupOneHidden(v);
    const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
    if (!t)
      return refuted(
        'a point with risk below f* exists and the construction finds it',
        `no split or no α = 2^-p (p ≤ 60) gave risk below f* = ${encQ(s.fit.fStar)}`,
        { fStar: encQ(s.fit.fStar) },
      );
    if (t.risk.compare(s.fit.fStar) >= 0) throw new Error('internal: theorem4Point returned a point that is not lower');
    // eqs. (23)–(25): row k is Ŷ^lin − αβᵀx + cγ on I and − cγ on J; the other rows are unchanged
    const c = v.sMinus.sub(v.sPlus).div(v.sMinus.add(v.sPlus));
    const I = new Set(t.split.I);
    const bad = firstMismatch(exactOutputs(s.net, t.theta, v.data), (i, r) =>
      r !== t.k
        ? s.fit.Ylin[r][i]
        : s.fit.Ylin[r][i]
            .sub(t.alpha.mul(dotOf(rational, t.split.beta, v.data.inputs[i])))
            .add(c.mul(t.gamma).mul(I.has(i) ? 1 : -1)),
    );
    if (bad)
      return refuted(
        'the Theorem 4 point has the outputs of eqs. (23)–(25)',
        `sample ${bad.i + 1}, output ${bad.k + 1}: ${encQ(bad.got)} instead of ${encQ(bad.want)}`,
        { sample: bad.i + 1, output: bad.k + 1, got: encQ(bad.got), want: encQ(bad.want) },
      );
    return proved();
  },
  plotInstances: { saved: 0, generated: 3 },
  plots: (v) => {
    const s = setupOneHidden(v);
    const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
    if (!t) return [];
    const ts = Array.from({ length: 61 }, (_, i) => -0.25 + (1.5 * i) / 60);
    // slice through the certified minimum θ toward the better point θ̃
    const risks = ts.map((tt) =>
      exactRisk(
        s.net,
        mse,
        s.theta.map((x, k) => x.add(rational.fromRatio(Math.round(tt * 1e6), 1e6).mul(t.theta[k].sub(x)))),
        v.data,
      ).valueOf(),
    );
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
});

// ---------------------------------------------------------------------------
// Negative controls: Theorem 4's conclusion without one of its hypotheses.

export const controlDuplicateInputs = he2020.claim({
  id: 'he2020.control.duplicate-inputs',
  section: '§3.2 Assumption 2 read as "distinct (x, y) pairs"; Appendix A.2 Theorem 4, A.5 Lemma 7',
  title: 'Theorem 4 when only the (x, y) pairs are distinct (a literal reading of Assumption 2)',
  statement:
    'Read literally, Assumption 2 ("all data points are distinct") allows repeated inputs with different labels. Under that reading Theorem 4 would still give a point with risk below f*. The suite tests it on data with at most d_X + 1 affinely independent distinct inputs, some repeated with different labels.',
  instance: instanceKind({
    ...oneHiddenLayer,
    generate: () =>
      fc
        .record({
          dY: fc.integer({ min: 1, max: 2 }),
          extra: fc.integer({ min: 1, max: 2 }),
          ...positiveSlopes(),
          xs: fc.uniqueArray(smallRational(4, 1), { minLength: 1, maxLength: 2, selector: (x) => x.toFraction() }),
          reps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
          ys: fc.array(smallRational(4, 1), { minLength: 12, maxLength: 12 }),
        })
        .map(({ dY, extra, sPlus, ratio, xs, reps, ys }): OneHiddenInstance => {
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
    hypotheses: [
      HYP[0],
      'distinct (x, y) pairs, with some input repeated under a different label',
      HYP[2],
      HYP[3],
      HYP[4],
    ],
  }),
  expected: 'refuted',
  correctedBy: 'he2020.theorem4.spurious',
  generatorVersion: 2,
  runs: 100,
  check: (v) => {
    const s = setupOneHidden(v);
    const bound = duplicateInputsBound(v.data, mse);
    const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
    if (t && t.risk.compare(s.fit.fStar) < 0) return proved();
    if (s.fit.fStar.equals(bound))
      return refuted(
        'Theorem 4: some parameter point has risk strictly below f*',
        `every network gives one output per distinct input, so R ≥ (1/n)·Σ within-duplicate squared deviation = ${encQ(bound)} for every parameter point, and f* = ${encQ(s.fit.fStar)} already attains it: nothing is lower.`,
        { reason: 'global-bound', fStar: encQ(s.fit.fStar), bound: encQ(bound) },
      );
    throw new Error(
      `internal: f* = ${encQ(s.fit.fStar)} is above the duplicate bound ${encQ(bound)} and the construction found no lower point`,
    );
  },
});

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
            v.data.inputs.map((x) => A.map((row) => dotOf(rational, x, row.slice(0, dX).map(toRat)).add(row[dX]))),
          ),
        }));
    }
    return fc.constant(v);
  });
}

function control(kind: Violation, id: string, title: string, statement: string, hypothesis: string) {
  return he2020.claim({
    id,
    section: '§3.2 Assumptions 1–4; Appendix A.2 Theorem 4 (negative control)',
    title,
    statement,
    instance: instanceKind({
      ...oneHiddenLayer,
      generate: () => violating(kind),
      detect: (v) => {
        const dY = v.data.targets[0].length;
        if (v.sPlus.n === 0n || v.d1 < dY + 1) return 'd1 ≤ d_Y or s+ = 0';
        if (kind === 'linear-activation') return v.sMinus.equals(v.sPlus) ? null : 'the activation is not linear';
        return detectNotAffine(v.data) === null ? 'the labels are not affine' : null;
      },
      hypotheses: [
        ...HYP.filter((h) => !h.startsWith(kind === 'affine-labels' ? 'Assumption 1' : 'Assumption 4')),
        hypothesis,
      ],
    }),
    expected: 'refuted',
    control: true,
    runs: 100,
    check: (v): Outcome => {
      const s = setupOneHidden(v);
      const t = theorem4Point(v.data, s.fit, s.net, v.sMinus, v.sPlus);
      if (t && t.risk.compare(s.fit.fStar) < 0) return proved();
      const fail = (reason: string, computed: string) =>
        refuted('Theorem 4: a point with risk strictly below f* exists', computed, {
          reason,
          fStar: encQ(s.fit.fStar),
        });
      if (kind === 'affine-labels') {
        // R ≥ 0 for every parameter point
        if (s.fit.fStar.n === 0n)
          return fail('global-bound', 'the labels are affine, so f* = 0, and no risk is below 0');
        throw new Error(`internal: affine labels but f* = ${encQ(s.fit.fStar)}`);
      }
      // linear activation: no breakpoints, one cell = the whole parameter space, so the
      // pattern-class bound at the Lemma 4 point is a GLOBAL lower bound
      const cert = patternClassBound(s.net, mse, s.theta, v.data);
      const kinkFree = s.net.layers.every((l) => l.activation.kind === 'pwl' && l.activation.breakpoints.length === 0);
      if (kinkFree && cert.strength === 'proved')
        return fail(
          'global-certificate',
          `with s− = s+ the network has a single cell (no breakpoints), and the exact pattern-class bound over it equals R = f* = ${encQ(s.fit.fStar)} at the Lemma 4 point: nothing is lower`,
        );
      throw new Error(`internal: no certificate for the linear-activation instance (${cert.summary})`);
    },
  });
}

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
