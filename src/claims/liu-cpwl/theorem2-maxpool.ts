/**
 * Liu (2022) Theorem 2 (§5.1) with max pooling, the remark of §6.2: "the
 * outputs are then CPWL and each group will be fitted by these CPWL
 * predictors". The note (§5.12) finds this too vague to test in general and
 * valid where every pooling argmax is strict and constant on each group, so
 * that the pooling acts there as a fixed selection of entries. That is the
 * testable part, registered here: the lossless convolution, max pooling over
 * the patches of each channel, pieces affine in the pooled features. A tied or
 * changing argmax within a group is outside the hypotheses (the detector says
 * so, as untestable).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { detectDistinct } from '../../gen/data.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactOutputs } from '../../model/exact.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import { applyAffine, maxPoolCnn, shiftAbovePieces, twoGroupFits } from '../../papers/liu-cpwl/index.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { fromVerdict, instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, integer } from '../schema.js';
import type { Outcome } from '../types.js';
import { liuCpwl, mse } from './paper.js';

interface PooledData {
  s0: number;
  P0: number;
  data: Dataset;
  group: number[];
}

/** The entry x_{p·s_0 + r} of a signal. */
const entry = (v: PooledData, x: readonly Fraction[], p: number, r: number) => x[p * v.s0 + r];

/** u_r(x) = max_p x_{p·s_0 + r}: the pooled features (without the convolution's shift c). */
const pooled = (v: PooledData): Fraction[][] =>
  v.data.inputs.map((x) =>
    Array.from({ length: v.s0 }, (_, r) =>
      Array.from({ length: v.P0 }, (_, p) => entry(v, x, p, r)).reduce((m, e) => (e.compare(m) > 0 ? e : m)),
    ),
  );

/** The argmax patch of channel r on signal x, or null when the maximum is tied. */
function argmax(v: PooledData, x: readonly Fraction[], r: number): number | null {
  const es = Array.from({ length: v.P0 }, (_, p) => entry(v, x, p, r));
  const top = es.reduce((m, e) => (e.compare(m) > 0 ? e : m));
  const at = es.flatMap((e, p) => (e.equals(top) ? [p] : []));
  return at.length === 1 ? at[0] : null;
}

function detectPooled(v: PooledData): string | null {
  if (v.data.inputs.some((x) => x.length !== v.s0 * v.P0)) return 'a signal is not P_0·s_0 long';
  if (v.group.length !== v.data.inputs.length || v.group.some((g) => g !== 0 && g !== 1))
    return 'one group (0 or 1) per sample is needed';
  const d = detectDistinct(v.data);
  if (d) return d;
  for (let r = 0; r < v.s0; r++)
    for (const g of [0, 1]) {
      const seen = new Set(v.data.inputs.flatMap((x, i) => (v.group[i] === g ? [argmax(v, x, r)] : [])));
      if (seen.has(null) || seen.size > 1)
        return `channel ${r + 1}: a pooling argmax is tied or changes within group ${g + 1}; there the paper’s max-pooling remark is too vague to test`;
    }
  const f = twoGroupFits(pooled(v), v.data.targets, v.group);
  return typeof f === 'string' ? `on the pooled features: ${f}` : null;
}

/**
 * Planted data: two affine maps of the pooled features, groups split by
 * them through the median sample, each group's signals with its own argmax
 * patch (group 1 the first patch, group 2 the last) by a gap below the
 * maximum, targets the group's map plus noise; the self-consistent draws kept.
 */
const pooledInstances = instanceKind<PooledData>({
  generate: () =>
    fc
      .record({
        s0: fc.integer({ min: 1, max: 2 }),
        P0: fc.integer({ min: 2, max: 3 }),
        g: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 6 }),
        us: fc.array(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 2, maxLength: 2 }), {
          minLength: 12,
          maxLength: 12,
        }),
        gaps: fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 6, maxLength: 6 }), {
          minLength: 12,
          maxLength: 12,
        }),
        n: fc.integer({ min: 6, max: 12 }),
        noise: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 12, maxLength: 12 }),
      })
      .map(({ s0, P0, g, us, gaps, n, noise }) => {
        const u = us.slice(0, n).map((r) => r.slice(0, s0).map((e) => new Fraction(e, 2)));
        const maps = [0, 1].map((j) => ({
          w: g.slice(3 * j, 3 * j + s0).map((x) => new Fraction(x)),
          b: new Fraction(g[3 * j + 2]),
        }));
        if (maps[0].w.every((x, k) => x.equals(maps[1].w[k]))) maps[1].w[0] = maps[1].w[0].add(1);
        const diffs = u.map((f) => applyAffine(maps[0], f).sub(applyAffine(maps[1], f))).sort((a, b) => a.compare(b));
        maps[1].b = maps[1].b.add(diffs[Math.floor(diffs.length / 2)]).add(new Fraction(1, 2));
        const group = u.map((f) => (applyAffine(maps[0], f).compare(applyAffine(maps[1], f)) >= 0 ? 0 : 1));
        const inputs = u.map((f, i) => {
          const top = group[i] === 0 ? 0 : P0 - 1;
          return Array.from({ length: P0 * s0 }, (_, q) => {
            const p = Math.floor(q / s0),
              r = q % s0;
            return p === top ? f[r] : f[r].sub(new Fraction(gaps[i][q], 2));
          });
        });
        const targets = u.map((f, i) => [applyAffine(maps[group[i]], f).add(new Fraction(noise[i], 4))]);
        return { s0, P0, data: dataset(inputs, targets), group };
      })
      // noise moves the fitted boundary: the generator keeps the self-consistent draws
      .filter((v) => detectPooled(v) === null),
  detect: detectPooled,
  codec: z.object({ s0: integer, P0: integer, data: datasetCodec, group: z.array(integer) }),
  describe: (v) =>
    `signals of ${v.P0} patches of ${v.s0} (kernel = stride = ${v.s0}), max pooling over the patches of each channel\n${dataTable(v.data)}\ngroups: ${v.group.map((g) => g + 1).join(' ')}`,
  hypotheses: [
    'one-channel signals of P_0·s_0 entries (s_0 = 1, 2; P_0 = 2, 3), pairwise distinct',
    'every pooling argmax strict and constant within each group (elsewhere the remark is too vague to test)',
    'two groups whose least-squares fits on the pooled features u(x) = (max_p x_{p·s_0 + r})_r are unique and self-consistent',
  ],
});

function construction(v: PooledData) {
  const u = pooled(v);
  const f = twoGroupFits(u, v.data.targets, v.group);
  if (typeof f === 'string') throw new Error(`internal: ${f}`);
  // c: every x_r + c ≥ 1; c′: every piece + c′ ≥ 1 at the samples
  const c = ONE.add(v.data.inputs.flat().reduce((m, x) => (x.neg().compare(m) > 0 ? x.neg() : m), ZERO));
  const cPrime = shiftAbovePieces(f.pieces[0], u);
  return { u, pieces: f.pieces[0], c, cPrime, ...maxPoolCnn(v, f.pieces[0], f.kinds[0], c, cPrime) };
}

export const theorem2MaxPool = liuCpwl.claim({
  id: 'liu-cpwl.theorem2.max-pool-fixed-selection',
  section: 'Theorem 2 (§5.1), §6.2 (the max-pooling remark), in its testable reading (ours)',
  title:
    'With max pooling whose argmax is strict and constant on each group, the CNN construction is a certified local minimum',
  statement:
    'The lossless convolution (identity filters, bias c: x_r + c), max pooling over the P_0 patches of each channel (pooled features u_r(x) = max_p x_{p·s_0 + r} + c), a first fully connected layer computing each group’s least-squares affine fit of the pooled features, a min or max gadget, the output minus the shift. Where every pooling argmax is strict and constant within each group (the pooling then selects fixed entries there), the network outputs each group’s fit and is a local minimum, certified exactly (pattern-class certificate, else the landscape toolkit). Checked exactly; tied or changing argmaxes within a group are outside this claim, where the remark is too vague to test.',
  instance: pooledInstances,
  check: (v): Outcome => {
    const k = construction(v);
    const out = exactOutputs(k.net, k.theta, v.data);
    const bad = out.findIndex((row, i) => !row[0].equals(applyAffine(k.pieces[v.group[i]], k.u[i])));
    if (bad >= 0)
      return refuted(
        'the max-pooling CNN outputs each group’s fit on the pooled features',
        `sample ${bad + 1} (group ${v.group[bad] + 1}): the network gives ${encQ(out[bad][0])}, the fit ${encQ(applyAffine(k.pieces[v.group[bad]], k.u[bad]))}`,
      );
    const cert = patternClassBound(k.net, mse, k.theta, v.data);
    if (cert.strength === 'proved') return proved();
    return fromVerdict(
      analyseLocalMin(k.net, mse, k.theta, v.data, { noProbes: true }),
      'the max-pooling CNN is a local minimum',
    );
  },
  describe: (v) => {
    const k = construction(v);
    return `${pooledInstances.describe(v)}\nthe constructed CNN (c = ${encQ(k.c)}, c′ = ${encQ(k.cPrime)}):\n${paramTable(k.net, k.theta)}`;
  },
});
