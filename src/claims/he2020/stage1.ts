/**
 * He et al. 2020, Appendix A.2, Stage (1): "Without loss of generality, we
 * assume that s+ ≠ 0" — the mirror h_{s−,s+}(x) = h_{−s+,−s−}(−x) maps the
 * network with s+ = 0 one-to-one onto one with a nonzero right slope. The
 * two-piece claims draw s+ ≠ 0 (their detectors reject s+ = 0, as the paper
 * does after this step); these claims check the step itself, and Lemma 4 at
 * s+ = 0 through it, so no case of the paper is left out.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { datasetFor, paramsFor } from '../../gen/arbitraries.js';
import { detectDistinct, detectNotAffine } from '../../gen/data.js';
import { twoPiece } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import { toRat } from '../../numeric/rational.js';
import {
  deepNet,
  defaultEta,
  lemma4Point,
  linearFit,
  mirroredSlopes,
  mirrorPoint,
  mse,
  oneHidden,
} from '../../papers/he2020/index.js';
import { dataTable, encQ, netSummary, paramTable } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, rationalCodec, rationals } from '../schema.js';
import { firstMismatch, localMin } from './deciders.js';
import { HYP, oneHiddenInstanceModes, widths } from './instances.js';
import { he2020 } from './paper.js';

interface MirrorValue {
  hidden: number[];
  sMinus: Fraction;
  sPlus: Fraction;
  theta: Fraction[];
  data: Dataset;
}

const SLOPES = [-2, -1, '-1/2', 0, '1/2', 1, 2] as const;
const netOf = (v: Pick<MirrorValue, 'hidden' | 'data'>, sMinus: Fraction, sPlus: Fraction) =>
  deepNet(v.data.inputs[0].length, v.hidden, v.data.targets[0].length, twoPiece(sMinus, sPlus));

const mirrorValues = instanceKind<MirrorValue>({
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        dY: fc.integer({ min: 1, max: 2 }),
        hidden: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
        sMinus: fc.constantFrom(...SLOPES).map(toRat),
        sPlus: fc.constantFrom(...SLOPES).map(toRat),
      })
      .filter((r) => !r.sMinus.equals(r.sPlus))
      .chain((r) => {
        const net = deepNet(r.dX, r.hidden, r.dY, twoPiece(r.sMinus, r.sPlus));
        return fc
          .record({ theta: paramsFor(net), data: datasetFor(net, { maxN: 4 }) })
          .map(({ theta, data }) => ({ hidden: r.hidden, sMinus: r.sMinus, sPlus: r.sPlus, theta, data }));
      }),
  detect: (v) => {
    if (v.sMinus.equals(v.sPlus)) return 'the activation is linear (s− = s+)';
    return v.theta.length === netOf(v, v.sMinus, v.sPlus).paramCount ? null : 'θ does not fit the network';
  },
  codec: z.object({
    hidden: widths,
    sMinus: rationalCodec,
    sPlus: rationalCodec,
    theta: rationals,
    data: datasetCodec,
  }),
  describe: (v) =>
    [
      `h_{s−,s+} with s− = ${encQ(v.sMinus)}, s+ = ${encQ(v.sPlus)}`,
      `network:\n${netSummary(netOf(v, v.sMinus, v.sPlus))}`,
      `θ:\n${paramTable(netOf(v, v.sMinus, v.sPlus), v.theta)}`,
      `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
    ].join('\n'),
  hypotheses: [
    'a network with 1–2 hidden layers (widths 1–3), biases, two-piece activation h_{s−,s+} with s− ≠ s+ (slopes in {−2, −1, −1/2, 0, 1/2, 1, 2}, s+ = 0 included)',
    'any rational parameter point and data',
  ],
});

export const stage1Mirror = he2020.claim({
  id: 'he2020.stage1.mirror',
  section: 'Appendix A.2, Stage (1) (“without loss of generality, we assume that s+ ≠ 0”)',
  title:
    'The mirror: negating the hidden layers’ weights and biases turns h_{s−,s+} into h_{−s+,−s−} with the same outputs',
  statement:
    'Since h_{s−,s+}(x) = h_{−s+,−s−}(−x), the network with activation h_{s−,s+} at parameters (W_i, b_i) gives exactly the outputs of the network with activation h_{−s+,−s−} at (−W_i, −b_i for every hidden layer i ≤ L − 1; W_L, b_L), and this map of parameters is one-to-one (it is its own inverse). So the risk functions correspond point by point, with their local and global minima, and s+ = 0 (where −s− ≠ 0 is the mirrored right slope) reduces to s+ ≠ 0. Checked exactly on every sample.',
  instance: mirrorValues,
  check: (v) => {
    const net = netOf(v, v.sMinus, v.sPlus);
    const m = mirroredSlopes(v.sMinus, v.sPlus);
    const mirrored = netOf(v, m.sMinus, m.sPlus);
    const theta2 = mirrorPoint(net, v.theta);
    const out = exactOutputs(mirrored, theta2, v.data);
    const bad = firstMismatch(exactOutputs(net, v.theta, v.data), (i, k) => out[i][k]);
    if (bad)
      return refuted(
        'the mirrored network gives the same outputs',
        `sample ${bad.i + 1}, output ${bad.k + 1}: h_{s−,s+} at θ gives ${encQ(bad.got)}, h_{−s+,−s−} at the mirrored θ gives ${encQ(bad.want)}`,
      );
    if (mirrorPoint(net, theta2).some((x, k) => !x.equals(v.theta[k])))
      return refuted('the mirror is its own inverse', 'mirroring twice does not give θ back');
    return proved({
      instances: 1,
      [v.sPlus.n === 0n ? 'right-slope-0' : v.sMinus.n === 0n ? 'left-slope-0' : 'both-nonzero']: 1,
    });
  },
  tally: {
    title: 'The slopes drawn',
    caption: 's+ = 0 is the case the paper reduces by this mirror; s− = 0 (ReLU-like) is mirrored to s+ = 0.',
    total: 'instances',
    rows: [
      { key: 'instances', label: 'instances' },
      { key: 'right-slope-0', label: 's+ = 0' },
      { key: 'left-slope-0', label: 's− = 0' },
      { key: 'both-nonzero', label: 'both slopes nonzero' },
    ],
  },
});

interface ZeroRightSlope {
  d1: number;
  sMinus: Fraction;
  data: Dataset;
}

/** The Lemma 4 point for s+ = 0: built for the mirrored activation h_{0,−s−}, then mirrored back. */
function mirroredLemma4(v: ZeroRightSlope) {
  const dX = v.data.inputs[0].length,
    dY = v.data.targets[0].length;
  const net = oneHidden(dX, v.d1, dY, twoPiece(v.sMinus, toRat(0)));
  const fit = linearFit(v.data);
  const eta = defaultEta(fit);
  const inner = lemma4Point(fit, dX, v.d1, v.sMinus.neg(), eta);
  return { net, fit, eta, theta: mirrorPoint(net, inner) };
}

const zeroRightSlope = instanceKind<ZeroRightSlope>({
  // the one-hidden-layer instances of the two-piece claims, their s+ moved to s− and s+ := 0
  generate: () => oneHiddenInstanceModes().map((v) => ({ d1: v.d1, sMinus: v.sPlus, data: v.data })),
  detect: (v) => {
    if (v.sMinus.n === 0n) return 's− = 0 as well (the activation is 0)';
    const dY = v.data.targets[0].length;
    if (v.d1 < dY + 1) return `Assumption 3 fails: d1 = ${v.d1} ≤ d_Y = ${dY}`;
    return detectDistinct(v.data) ?? detectNotAffine(v.data);
  },
  codec: z.object({ d1: z.number().int().min(1), sMinus: rationalCodec, data: datasetCodec }),
  describe: (v) => {
    const s = mirroredLemma4(v);
    return [
      `h_{s−,s+} with s− = ${encQ(v.sMinus)}, s+ = 0`,
      `network:\n${netSummary(s.net)}`,
      `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
      `f* = ${encQ(s.fit.fStar)}; the Lemma 4 point of h_{0,${encQ(v.sMinus.neg())}} (η = ${encQ(s.eta)}), mirrored:\n${paramTable(s.net, s.theta)}`,
    ].join('\n');
  },
  hypotheses: [
    HYP[0],
    HYP[1],
    HYP[2],
    'two-piece activation with s+ = 0 and s− ≠ 0 (so s− ≠ s+ and s− + s+ ≠ 0)',
    HYP[4],
  ],
});

export const lemma4Mirrored = he2020.claim({
  id: 'he2020.lemma4.mirrored-local-min',
  section: 'Appendix A.2, Stage (1) and Lemma 4 (the case s+ = 0)',
  title: 'Lemma 4 when s+ = 0: the mirrored linear-fit point outputs the linear fit and is a local minimum',
  statement:
    'For s+ = 0 the paper builds the Lemma 4 point for the mirrored activation h_{0,−s−} (right slope −s− ≠ 0) and maps it back by the mirror (hidden weights and biases negated). That point of the original network outputs the least-squares affine fit on every sample, has risk f*, and is a local minimum (decided by the landscape toolkit, exactly).',
  instance: zeroRightSlope,
  check: (v) => {
    const s = mirroredLemma4(v);
    const bad = firstMismatch(exactOutputs(s.net, s.theta, v.data), (i, k) => s.fit.Ylin[k][i]);
    if (bad)
      return refuted(
        'the mirrored Lemma 4 point outputs the linear fit',
        `sample ${bad.i + 1}, output ${bad.k + 1}: the network gives ${encQ(bad.got)}, the linear fit ${encQ(bad.want)}`,
      );
    const r = exactRisk(s.net, mse, s.theta, v.data);
    if (!r.equals(s.fit.fStar)) return refuted('R(θ) = f*', `R(θ) = ${encQ(r)} but f* = ${encQ(s.fit.fStar)}`);
    return localMin(s.net, s.theta, v.data, 'the mirrored Lemma 4 point is a local minimum');
  },
});
