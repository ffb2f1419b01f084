/**
 * Liu (2022) Theorem 2 (§5.1) and its proof §6.2: the CNN construction for
 * two groups. As printed the pieces are fitted through the first-layer filters
 * only, with every later weight fixed to 1, so they are least squares over a
 * restricted class (affine in the patch sum z(x) = Σ_p x_p); the note's §6.5
 * shows that this is not a local minimum once the fully connected weights move.
 * The corrected variant (the note's D5) makes the convolution lossless and fits
 * affine maps of the whole signal; it is then certified by D1.
 * Signals: one channel of length P_0·s_0, patches tiling it (kernel = stride
 * = s_0), a bias per neuron (eq. (4)), d_y = 1.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { detectDistinct, detectNotAffine } from '../../gen/data.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactOutputs } from '../../model/exact.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import {
  applyAffine,
  losslessCnn,
  restrictedCnn,
  shiftAbovePieces,
  twoGroupFits,
  type CnnShape,
} from '../../papers/liu-cpwl/index.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { asJson, instanceKind, proved, refuted, supported } from '../define.js';
import { datasetCodec, integer } from '../schema.js';
import type { Outcome } from '../types.js';
import { liuCpwl, mse } from './paper.js';

interface CnnData extends CnnShape {
  data: Dataset;
  group: number[];
}

type Features = 'patch-sum' | 'signal';

/** z(x) = Σ_p x_p (the restricted class's features), or x itself. */
function features(v: CnnData, kind: Features): Fraction[][] {
  if (kind === 'signal') return v.data.inputs.map((x) => x.slice());
  return v.data.inputs.map((x) =>
    Array.from({ length: v.s0 }, (_, k) =>
      Array.from({ length: v.P0 }, (_, p) => x[p * v.s0 + k]).reduce((a, b) => a.add(b), ZERO),
    ),
  );
}

const fitsOf = (v: CnnData, kind: Features) => twoGroupFits(features(v, kind), v.data.targets, v.group);

function detectCnn(v: CnnData, kind: Features): string | null {
  if (v.data.inputs.some((x) => x.length !== v.s0 * v.P0)) return 'a signal is not P_0·s_0 long';
  if (v.group.length !== v.data.inputs.length || v.group.some((g) => g !== 0 && g !== 1))
    return 'one group (0 or 1) per sample is needed';
  const d = detectDistinct(v.data) ?? detectNotAffine(v.data);
  if (d) return d;
  const f = fitsOf(v, kind);
  return typeof f === 'string' ? f : null;
}

/** Planted two-group data on the features (the note's G2d on z(x) or x), the consistent draws kept. */
const cnnInstances = (kind: Features) =>
  instanceKind<CnnData>({
    generate: () =>
      fc
        .record({
          s0: fc.integer({ min: 1, max: 2 }),
          P0: fc.integer({ min: 2, max: kind === 'signal' ? 2 : 3 }),
          g: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 14, maxLength: 14 }),
          xs: fc.array(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 6, maxLength: 6 }), {
            minLength: 14,
            maxLength: 14,
          }),
          n: fc.integer({ min: kind === 'signal' ? 10 : 6, max: 14 }),
          noise: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 14, maxLength: 14 }),
        })
        .map(({ s0, P0, g, xs, n, noise }) => {
          const inputs = xs.slice(0, n).map((x) => x.slice(0, s0 * P0).map((e) => new Fraction(e, 2)));
          const probe: CnnData = {
            s0,
            P0,
            data: dataset(
              inputs,
              inputs.map(() => [ZERO]),
            ),
            group: [],
          };
          const feats = features(probe, kind);
          const d = feats[0].length;
          const maps = [0, 1].map((j) => ({
            w: g.slice(7 * j, 7 * j + d).map((x) => new Fraction(x)),
            b: new Fraction(g[7 * j + 6]),
          }));
          if (maps[0].w.every((x, k) => x.equals(maps[1].w[k]))) maps[1].w[0] = maps[1].w[0].add(1);
          // the planted boundary through the median sample
          const diffs = feats
            .map((f) => applyAffine(maps[0], f).sub(applyAffine(maps[1], f)))
            .sort((a, b) => a.compare(b));
          maps[1].b = maps[1].b.add(diffs[Math.floor(diffs.length / 2)]).add(new Fraction(1, 2));
          const group = feats.map((f) => (applyAffine(maps[0], f).compare(applyAffine(maps[1], f)) >= 0 ? 0 : 1));
          const targets = feats.map((f, i) => [applyAffine(maps[group[i]], f).add(new Fraction(noise[i], 4))]);
          return { s0, P0, data: dataset(inputs, targets), group };
        })
        // noise moves the fitted boundary: the generator keeps the self-consistent draws
        .filter((v) => detectCnn(v, kind) === null),
    detect: (v) => detectCnn(v, kind),
    codec: z.object({ s0: integer, P0: integer, data: datasetCodec, group: z.array(integer) }),
    describe: (v) =>
      `signals of ${v.P0} patches of ${v.s0} (kernel = stride = ${v.s0})\n${dataTable(v.data)}\ngroups: ${v.group.map((g) => g + 1).join(' ')}`,
    hypotheses: [
      'one-channel signals of P_0·s_0 entries (s_0 = 1, 2; P_0 = 2, 3), pairwise distinct; Assumption 1',
      kind === 'patch-sum'
        ? 'two groups whose least-squares fits on the patch sum z(x) = Σ_p x_p are unique and self-consistent'
        : 'two groups whose least-squares affine fits on the signal are unique and self-consistent',
    ],
  });

function restricted(v: CnnData) {
  const f = fitsOf(v, 'patch-sum');
  if (typeof f === 'string') throw new Error(`internal: ${f}`);
  const [f1, f2] = f.pieces[0];
  // c: every conv output a_jᵀx_p + β_j/P_0 + c ≥ 1 at every patch of every sample
  const patches = v.data.inputs.flatMap((x) =>
    Array.from({ length: v.P0 }, (_, p) => x.slice(p * v.s0, (p + 1) * v.s0)),
  );
  const perPatch = [f1, f2].map((p) => ({ w: p.w, b: p.b.div(v.P0) }));
  const c = shiftAbovePieces(perPatch, patches);
  return { ...restrictedCnn(v, [f1, f2], f.kinds[0], c), pieces: [f1, f2], c };
}

const patchSumData = cnnInstances('patch-sum');

export const theorem2CnnRealises = liuCpwl.claim({
  id: 'liu-cpwl.theorem2.cnn-realises',
  section: '§6.2, eqs. (4), (29)',
  title: 'The CNN construction outputs each group’s fit in the restricted class',
  statement:
    'One filter per piece (its weights and per-position biases fitted), the first fully connected layer summing each filter’s outputs over the patches with weight 1 (own channel only), a min or max gadget, the output minus the accumulated shift P_0·c: the network outputs f_j(x_i) = a_jᵀz(x_i) + β_j at every sample of group j, where f_j is group j’s least-squares fit on the patch sum z(x) = Σ_p x_p. Checked exactly.',
  instance: patchSumData,
  check: (v): Outcome => {
    const r = restricted(v);
    const z = features(v, 'patch-sum');
    const out = exactOutputs(r.net, r.theta, v.data);
    for (const [i, row] of out.entries()) {
      const want = applyAffine(r.pieces[v.group[i]], z[i]);
      if (!row[0].equals(want))
        return refuted(
          'the CNN outputs each group’s restricted fit',
          `sample ${i + 1} (group ${v.group[i] + 1}): the network gives ${encQ(row[0])}, the fit ${encQ(want)}`,
        );
    }
    return proved();
  },
});

export const theorem2CnnLocalMin = liuCpwl.claim({
  id: 'liu-cpwl.theorem2.cnn-local-min',
  section: 'Theorem 2 (§5.1), §6.2',
  title: 'Theorem 2’s construction: the CNN weights are a local minimum',
  statement:
    'The CNN built in §6.2 from two groups (pieces fitted through the first-layer filters, later weights fixed to 1) is a local minimum of the empirical risk, as the FC argument of §6.1.5 is said to carry over. Decided by the landscape toolkit; a counterexample is an exact descent (the fully connected weights’ gradient is Σ_i e_i·a_jᵀx_{i,p}, which only vanishes summed over p).',
  instance: patchSumData,
  expected: 'refuted',
  correctedBy: 'liu-cpwl.theorem2.lossless-certified',
  check: (v): Outcome => {
    const r = restricted(v);
    const verdict = analyseLocalMin(r.net, mse, r.theta, v.data, { noProbes: true });
    if (verdict.strength === 'proved') return proved();
    if (verdict.strength !== 'refuted') return supported();
    return refuted('the constructed CNN is a local minimum (Theorem 2)', verdict.summary, asJson(verdict));
  },
  describe: (v) => {
    const r = restricted(v);
    return `${patchSumData.describe(v)}\nthe constructed CNN (c = ${encQ(r.c)}):\n${paramTable(r.net, r.theta)}`;
  },
});

export const theorem2Lossless = liuCpwl.claim({
  id: 'liu-cpwl.theorem2.lossless-certified',
  section: 'Theorem 2 corrected (a lossless convolution: ours), §6.2',
  title: 'With a lossless convolution the CNN construction is a certified local minimum',
  statement:
    'Make the convolution lossless (identity filters e_1..e_{s_0}, bias c, patches tiling the signal: it outputs x_r + c), let the first fully connected layer compute each group’s least-squares affine fit of the whole signal (plus a shift c′), then a min or max gadget and the output minus c′. For two self-consistent groups this CNN outputs the group fits and is a local minimum, certified exactly (pattern-class certificate: no zero pre-activation, one pattern per group).',
  instance: cnnInstances('signal'),
  check: (v): Outcome => {
    const f = fitsOf(v, 'signal');
    if (typeof f === 'string') throw new Error(`internal: ${f}`);
    const c = ONE.add(v.data.inputs.flat().reduce((m, x) => (x.neg().compare(m) > 0 ? x.neg() : m), ZERO));
    const cPrime = shiftAbovePieces(f.pieces[0], v.data.inputs);
    const { net, theta } = losslessCnn(v, f.pieces[0], f.kinds[0], c, cPrime);
    const out = exactOutputs(net, theta, v.data);
    const bad = out.findIndex((row, i) => !row[0].equals(applyAffine(f.pieces[0][v.group[i]], v.data.inputs[i])));
    if (bad >= 0)
      return refuted('the lossless CNN outputs each group’s affine fit', `sample ${bad + 1}: ${encQ(out[bad][0])}`);
    const cert = patternClassBound(net, mse, theta, v.data);
    if (cert.strength === 'proved') return proved();
    return refuted('the lossless CNN is a certified local minimum', `${cert.strength}: ${cert.summary}`, asJson(cert));
  },
});
