/**
 * The instance kinds of He et al.'s linear-fit claims (Lemmas 4, 5, Theorems 4,
 * 5, Corollary 3): one hidden layer with a two-piece activation, and deeper
 * networks (general PWL activations: ./general-instances.ts). Each bundles the
 * generator meeting Assumptions 1–4, the detector checking them, the zod codec
 * of the saved JSON, and the readable description.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { detectDistinct, detectNotAffine, nonAffineDataset } from '../../gen/data.js';
import { twoPiece } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { ONE, sum, toRat } from '../../numeric/rational.js';
import { deepNet, defaultEta, lemma5Point, linearFit } from '../../papers/he2020/index.js';
import { dataTable, encQ, encQs, netSummary, paramTable } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, rationalCodec } from '../schema.js';

export const HYP = [
  'Assumption 1: the labels cannot be fit by an affine model (exact least-squares residual ≠ 0)',
  'Assumption 2: the inputs are pairwise distinct',
  'Assumption 3: the hidden layer is wider than the output (d1 ≥ d_Y + 1)',
  'Assumption 4: two-piece activation h_{s−,s+} with s− ≠ s+, s− + s+ ≠ 0, and s+ ≠ 0 (the paper’s “without loss of generality” of Stage (1): s+ = 0 reduces to it by the mirror, checked by he2020.stage1.mirror and he2020.lemma4.mirrored-local-min)',
  'squared loss without ½, risk = mean over samples (eq. 5)',
];

const width = z.number().int().min(1);
export const widths = z.array(width).min(1);

// ---------------------------------------------------------------------------
// One hidden layer, two-piece activation h_{s−,s+}.

/** An instance meeting Assumptions 1–4 for one hidden layer. */
export interface OneHiddenInstance {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  data: Dataset;
}

/** { d1, sMinus, sPlus, data } */
export const oneHiddenCodec = z.object({ d1: width, sMinus: rationalCodec, sPlus: rationalCodec, data: datasetCodec });

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
      sPlus: fc.constantFrom(1, 2, '1/2', -1, '3/2').map(toRat),
      ratio: fc.constantFrom(0, '1/2', '1/4', 2, '-1/2', -2, 3).map(toRat),
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
    data.targets.map((t, i) => t.map((y, o) => (o === 0 ? ONE.add(sum(data.inputs[i])) : y))),
  );
}

const MODES = ['generic', 'constant-fit', 'row0-affine'] as const;

/** s+ ∈ {1, 2, 1/2} and the ratio r = s−/s+ ∈ {0, 1/2, 2, −1/2}: two-piece slopes meeting Assumption 4. */
export const positiveSlopes = () => ({
  sPlus: fc.constantFrom(1, 2, '1/2').map(toRat),
  ratio: fc.constantFrom(0, '1/2', 2, '-1/2').map(toRat),
});

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

/** The network, the least-squares fit, the default η and the linear-fit point (Lemma 4; Lemma 5 when deeper). */
function linearFitSetup(hidden: readonly number[], sMinus: Fraction, sPlus: Fraction, data: Dataset) {
  const dX = data.inputs[0].length,
    dY = data.targets[0].length;
  const net = deepNet(dX, hidden, dY, twoPiece(sMinus, sPlus));
  const fit = linearFit(data);
  const eta = defaultEta(fit);
  return { dX, dY, net, fit, eta, theta: lemma5Point(fit, dX, hidden, sPlus, eta) };
}

/** The network, the least-squares fit, the default η and the Lemma 4 point of an instance. */
export const setupOneHidden = (v: OneHiddenInstance) => linearFitSetup([v.d1], v.sMinus, v.sPlus, v.data);

const twoPieceLine = (sMinus: Fraction, sPlus: Fraction) =>
  `activation h(x) = ${encQ(sMinus)}·x for x ≤ 0, ${encQ(sPlus)}·x for x > 0`;

export function describeOneHidden(v: OneHiddenInstance): string {
  const s = setupOneHidden(v);
  return [
    twoPieceLine(v.sMinus, v.sPlus),
    `network:\n${netSummary(s.net)}`,
    `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
    `least-squares linear fit W̃ (last column = bias): ${s.fit.W.map((r) => `[${encQs(r).join(', ')}]`).join(' ')}, f* = ${encQ(s.fit.fStar)}`,
    `Lemma 4 point (η = ${encQ(s.eta)}):\n${paramTable(s.net, s.theta)}`,
  ].join('\n');
}

/** One hidden layer, Assumptions 1–4, all label modes. */
export const oneHiddenLayer = instanceKind({
  generate: oneHiddenInstanceModes,
  detect: detectAssumptions,
  codec: oneHiddenCodec,
  describe: describeOneHidden,
  hypotheses: HYP,
});

// ---------------------------------------------------------------------------
// Deep networks (Lemma 5, Theorem 5): two or three hidden layers.

/** d_X, d_Y ∈ {1, 2} and the hidden widths' excesses over d_Y (1 or 2 each), for `minHidden` to 3 hidden layers. */
export const layerSizes = (minHidden: number) => ({
  dX: fc.integer({ min: 1, max: 2 }),
  dY: fc.integer({ min: 1, max: 2 }),
  extras: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: minHidden, maxLength: 3 }),
});

export interface DeepInstance {
  hidden: number[];
  sMinus: Fraction;
  sPlus: Fraction;
  data: Dataset;
}

export function deepInstance(): fc.Arbitrary<DeepInstance> {
  return fc
    .record({
      ...layerSizes(2),
      sPlus: fc.constantFrom(1, 2, '1/2', -1).map(toRat),
      ratio: fc.constantFrom(0, '1/2', 2, '-1/2', -2).map(toRat),
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

/** The network, the fit, the default η and the Lemma 5 point of a deep instance. */
export const setupDeep = (v: DeepInstance) => linearFitSetup(v.hidden, v.sMinus, v.sPlus, v.data);

/** Two or three hidden layers, every one wider than the output, the same two-piece activation. */
export const deepLayers = instanceKind({
  generate: deepInstance,
  detect: detectDeep,
  codec: z.object({ hidden: widths, sMinus: rationalCodec, sPlus: rationalCodec, data: datasetCodec }),
  describe: (v: DeepInstance) => {
    const s = setupDeep(v);
    return [
      twoPieceLine(v.sMinus, v.sPlus),
      `network:\n${netSummary(s.net)}`,
      `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
      `f* = ${encQ(s.fit.fStar)}`,
      `Lemma 5 point (η = ${encQ(s.eta)}):\n${paramTable(s.net, s.theta)}`,
    ].join('\n');
  },
  hypotheses: [
    ...HYP.slice(0, 2),
    'Assumption 3: every hidden layer is wider than the output (d_i ≥ d_Y + 1)',
    HYP[3],
    HYP[4],
    'two or three hidden layers, the same two-piece activation in each',
  ],
});
