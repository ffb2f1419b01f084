/**
 * He et al. 2020, Corollary 3 (Appendix A.4): activations where Assumption 4
 * fails (s− + s+ = 0) also have spurious linear-fit local minima, for
 * h = s+|x| (d1 ≥ d_Y + 2), and for zig-zag activations where it fails at
 * every turning point, one hidden layer: the corollary's point for s+|x|
 * lifted at a turning point (note §5.8, last paragraph; the paper says the
 * general case "follows by modification").
 */
import fc from 'fast-check';
import { z } from 'zod';
import { detectDistinct, detectNotAffine, nonAffineDataset } from '../../gen/data.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { pwl, twoPiece, type PwlActivation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import { ratio, toRat } from '../../numeric/rational.js';
import {
  assumption4Kink,
  corollary3Kink,
  corollary3Point,
  defaultEta,
  lemma4Point,
  liftToPwl,
  linearFit,
  mse,
  oneHidden,
} from '../../papers/he2020/index.js';
import { dataTable, encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, pwlActivationCodec } from '../schema.js';
import { firstMismatch, localMin, verdictFailure } from './deciders.js';
import { HYP, oneHiddenLayer, setupOneHidden, type OneHiddenInstance } from './instances.js';
import { he2020 } from './paper.js';

function absInstance(): fc.Arbitrary<OneHiddenInstance> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      dY: fc.integer({ min: 1, max: 2 }),
      extra: fc.integer({ min: 2, max: 3 }),
      sPlus: fc.constantFrom(1, 2, '1/2', -1).map(toRat),
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

export const corollary3Spurious = he2020.claim({
  id: 'he2020.corollary3.spurious',
  section: 'Appendix A.4, Corollary 3',
  title: 'Corollary 3: |x|-type activations also have spurious linear-fit minima (d1 ≥ d_Y + 2)',
  statement:
    'For h = s+|x| (s− = −s+, so Assumption 4 fails) and Assumption 5 (d1 ≥ d_Y + 2), the Lemma 4 point is a local minimum with risk f*, and the three-unit construction (output row k shifted by −γ on I and +γ on J, sgn γ = sgn S_I) gives strictly lower risk.',
  instance: instanceKind({
    ...oneHiddenLayer,
    generate: absInstance,
    detect: (v) => {
      const dY = v.data.targets[0].length;
      if (v.sPlus.n === 0n || !v.sMinus.equals(v.sPlus.neg())) return 'the activation is not s+|x|';
      if (v.d1 < dY + 2) return `Assumption 5 fails: d1 = ${v.d1} < d_Y + 2`;
      return detectDistinct(v.data) ?? detectNotAffine(v.data);
    },
    hypotheses: [HYP[0], HYP[1], 'Assumption 5: d1 ≥ d_Y + 2', 'h = s+|x| with s+ ≠ 0 (s− = −s+)', HYP[4]],
  }),
  generatorVersion: 2,
  check: (v) => {
    const s = setupOneHidden(v);
    const lm = localMin(s.net, s.theta, v.data, 'the Lemma 4 point is a local minimum');
    if (!lm.ok) return lm;
    if (!corollary3Point(v.data, s.fit, s.net, v.sPlus, s.eta))
      return refuted(
        'a point with risk below f* exists (Corollary 3)',
        `the construction found none (f* = ${encQ(s.fit.fStar)})`,
        { fStar: encQ(s.fit.fStar) },
      );
    return proved();
  },
});

// ---------------------------------------------------------------------------
// Zig-zag activations: slopes s, −s, s, …, so Assumption 4 fails at every turning point.

function zigzag(): fc.Arbitrary<PwlActivation> {
  return fc
    .record({
      s: fc.constantFrom(1, 2, '1/2', -1).map(toRat),
      gaps: fc.array(fc.constantFrom(1, 2, '1/2').map(toRat), { minLength: 0, maxLength: 2 }),
      start: fc.integer({ min: -2, max: 1 }).map((k) => ratio(k, 2)),
      y0: fc.integer({ min: -2, max: 2 }).map((k) => ratio(k, 2)),
    })
    .map(({ s, gaps, start, y0 }) => {
      const bps = [start];
      for (const g of gaps) bps.push(bps[bps.length - 1].add(g));
      return pwl({
        breakpoints: bps,
        slopes: Array.from({ length: bps.length + 1 }, (_, i) => (i % 2 === 0 ? s.neg() : s)),
        anchor: { x: start, y: y0 },
        name: `zig-zag (slopes ∓${encQ(s.abs())}, breakpoints ${bps.map(encQ).join(', ')})`,
      });
    });
}

interface ZigzagInstance {
  d1: number;
  act: PwlActivation;
  data: Dataset;
}

const zigzagInstances = instanceKind({
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        dY: fc.integer({ min: 1, max: 2 }),
        extra: fc.integer({ min: 2, max: 3 }),
        act: zigzag(),
      })
      .chain(({ dX, dY, extra, act }) =>
        nonAffineDataset(dX, { dy: dY, maxN: dX + 5 }).map((data): ZigzagInstance => ({ d1: dY + extra, act, data })),
      ),
  detect: (v) => {
    const dY = v.data.targets[0].length;
    if (v.d1 < dY + 2) return `Assumption 5 fails: d1 = ${v.d1} < d_Y + 2`;
    if (assumption4Kink(v.act))
      return 'Assumption 4 holds at some turning point (Theorem 1 applies; not a Corollary 3 case)';
    if (!corollary3Kink(v.act)) return 'no turning point with s− = −s+ ≠ 0';
    return detectDistinct(v.data) ?? detectNotAffine(v.data);
  },
  codec: z.codec(
    z.object({ d1: z.number().int(), activation: pwlActivationCodec, data: datasetCodec }),
    z.custom<ZigzagInstance>(),
    {
      decode: ({ d1, activation, data }) => ({ d1, act: activation, data }),
      encode: ({ d1, act, data }) => ({ d1, activation: act, data }),
    },
  ),
  describe: (v) =>
    `activation: ${v.act.name}\none hidden layer of ${v.d1}\ndata (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
  hypotheses: [
    HYP[0],
    HYP[1],
    'Assumption 5: d1 ≥ d_Y + 2',
    'a zig-zag activation: 1–3 breakpoints, slopes alternating −s, s, …, so s− + s+ = 0 at every turning point (Assumption 4 fails everywhere)',
    HYP[4],
  ],
});

export const corollary3Zigzag = he2020.claim({
  id: 'he2020.corollary3.zigzag-lift',
  section:
    'Appendix A.4, Corollary 3 (activations violating Assumption 4; "the rest follows by modification"), with the lift of Lemma 6 / Theorem 1 (eqs. 40–46)',
  title:
    'Corollary 3 for zig-zag activations: a spurious linear-fit local minimum when Assumption 4 fails at every turning point',
  statement:
    'Corollary 3 says the Theorem 1 conclusion holds without Assumption 4. The paper writes out only h = s+|x|; for a general PWL activation whose every turning point has s− + s+ = 0 (a zig-zag), the modification is the lift of Lemma 6 at a turning point t, where h(t + x) − h(t) = s+|x|: the lifted Lemma 4 point outputs the linear fit, has risk f* and is a local minimum (exact certificate), and the lifted Corollary 3 point has exactly the outputs of the s+|x| construction, so risk < f*. One hidden layer (d1 ≥ d_Y + 2), as the paper proves it.',
  instance: zigzagInstances,
  check: (v) => {
    const dX = v.data.inputs[0].length,
      dY = v.data.targets[0].length;
    const kink = corollary3Kink(v.act)!;
    const fit = linearFit(v.data),
      eta = defaultEta(fit);
    const net = oneHidden(dX, v.d1, dY, v.act);
    const innerNet = oneHidden(dX, v.d1, dY, twoPiece(kink.inner.sMinus, kink.inner.sPlus));
    const lm = liftToPwl(lemma4Point(fit, dX, v.d1, kink.sPlus, eta), dX, [v.d1], dY, v.act, kink, v.data).theta;
    const R = exactRisk(net, mse, lm, v.data);
    if (!R.equals(fit.fStar))
      return refuted('the lifted Lemma 4 point has risk f*', `R = ${encQ(R)}, f* = ${encQ(fit.fStar)}`);
    const verdict = analyseLocalMin(net, mse, lm, v.data, { noProbes: true });
    if (verdict.strength !== 'proved')
      return verdictFailure(
        verdict,
        'the lifted Lemma 4 point is a local minimum',
        `the toolkit says ${verdict.strength}: ${verdict.summary}`,
      );
    const c3 = corollary3Point(v.data, fit, innerNet, kink.sPlus, eta);
    if (!c3)
      return refuted('the s+|x| construction of Corollary 3 finds a point below f*', 'it found none', {
        fStar: encQ(fit.fStar),
      });
    const lifted = liftToPwl(c3.theta, dX, [v.d1], dY, v.act, kink, v.data).theta;
    const b = exactOutputs(innerNet, c3.theta, v.data);
    const diff = firstMismatch(exactOutputs(net, lifted, v.data), (i, o) => b[i][o]);
    if (diff)
      return refuted(
        'the lifted point has exactly the outputs of the s+|x| point',
        `sample ${diff.i + 1}, output ${diff.k + 1}: ${encQ(diff.got)} vs ${encQ(diff.want)}`,
      );
    const r = exactRisk(net, mse, lifted, v.data);
    if (r.compare(fit.fStar) < 0) return proved();
    return refuted('the lifted Corollary 3 point has risk below f*', `its risk is ${encQ(r)}, f* = ${encQ(fit.fStar)}`);
  },
});
