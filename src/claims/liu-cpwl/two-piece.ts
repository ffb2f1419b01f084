/**
 * Liu (2022) §6.1.7, Theorem 1's smallest architecture with d_x, d_y ≥ 1:
 * two groups separated by a hyperplane, fitted by two pieces per output
 * component, realised with two hidden layers of width 2·d_y. The note's
 * generator G2d: planted affine maps g_1, g_2, targets max(g_1, g_2) plus
 * small noise on component 1 (component 2 a positive or negative multiple of
 * component 1's pieces, so the same hyperplane separates them), groups by the
 * argmax; a component is self-consistent when each group lies strictly on its
 * own side of {f_1 = f_2} for the fitted pieces (max gadget) or strictly on the
 * other (min gadget); instances where it is not are outside the hypotheses.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { detectDistinct, detectNotAffine } from '../../gen/data.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactOutputs } from '../../model/exact.js';
import {
  applyAffine,
  shiftAbovePieces,
  toNetwork,
  twoGroupFits,
  twoPieceNetwork,
  widthsOf,
} from '../../papers/liu-cpwl/index.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { asJson, instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, integer } from '../schema.js';
import type { Outcome } from '../types.js';
import { liuCpwl, mse } from './paper.js';

interface TwoGroups {
  data: Dataset;
  /** group of each sample (0 or 1) */
  group: number[];
}

const apply = applyAffine;

/** Per component: the two group fits on the inputs, and the gadget kinds, or the reason they fail. */
const twoPieceFits = (v: TwoGroups) => twoGroupFits(v.data.inputs, v.data.targets, v.group);

/** Why a value is outside the hypotheses (groups, distinct inputs, Assumption 1, unique and self-consistent fits), or null. */
function detectTwoGroups(v: TwoGroups): string | null {
  if (v.group.length !== v.data.inputs.length || v.group.some((g) => g !== 0 && g !== 1))
    return 'one group (0 or 1) per sample is needed';
  const d = detectDistinct(v.data) ?? detectNotAffine(v.data);
  if (d) return d;
  const f = twoPieceFits(v);
  return typeof f === 'string' ? f : null;
}

/** The network: two pieces per component, c = 1 + max(0, −min over pieces and samples). */
function twoPiece(v: TwoGroups) {
  const f = twoPieceFits(v);
  if (typeof f === 'string') throw new Error(`internal: ${f}`);
  const c = shiftAbovePieces(f.pieces.flat(), v.data.inputs);
  const w = twoPieceNetwork(f.pieces, f.kinds, c);
  return { ...f, ...toNetwork(w), widths: widthsOf(w) };
}

const planted = instanceKind<TwoGroups>({
  generate: () =>
    fc
      .record({
        dx: fc.integer({ min: 1, max: 2 }),
        dy: fc.integer({ min: 1, max: 2 }),
        g: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 6 }),
        scale: fc.constantFrom(1, -1, 2, -2),
        xs: fc.uniqueArray(fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 2, maxLength: 2 }), {
          minLength: 14,
          maxLength: 14,
          selector: (r) => r.join(','),
        }),
        n: fc.integer({ min: 8, max: 14 }),
        noise: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 28, maxLength: 28 }),
      })
      .map(({ dx, dy, g, scale, xs, n, noise }) => {
        const maps = [0, 1].map((j) => ({
          w: g.slice(3 * j, 3 * j + dx).map((x) => new Fraction(x)),
          b: new Fraction(g[3 * j + 2]),
        }));
        if (maps[0].w.every((x, k) => x.equals(maps[1].w[k]))) maps[1].w[0] = maps[1].w[0].add(1); // not parallel
        // distinct rows after slicing to dx: keep the first occurrence of each
        const seen = new Set<string>();
        const all = xs
          .map((x) => x.slice(0, dx))
          .filter((x) => !seen.has(x.join(',')) && !!seen.add(x.join(',')))
          .map((x) => x.map((v) => new Fraction(v, 2)));
        // a gap around the planted boundary {g_1 = g_2} (the paper's groups are separated by empty regions),
        // unless too few samples are left (the detector then decides)
        // the planted boundary through the median sample, so both groups are populated
        const diffs = all.map((x) => apply(maps[0], x).sub(apply(maps[1], x))).sort((a, b) => a.compare(b));
        maps[1].b = maps[1].b.add(diffs[Math.floor(diffs.length / 2)]).add(new Fraction(1, 2));
        const apart = all.filter((x) => apply(maps[0], x).sub(apply(maps[1], x)).abs().compare(2) >= 0);
        const inputs = (apart.length >= 6 ? apart : all).slice(0, n);
        const group = inputs.map((x) => (apply(maps[0], x).compare(apply(maps[1], x)) >= 0 ? 0 : 1));
        const targets = inputs.map((x, i) => {
          const top = apply(maps[group[i]], x);
          return Array.from({ length: dy }, (_, k) =>
            (k === 0 ? top : top.mul(scale)).add(new Fraction(noise[2 * i + k], 4)),
          );
        });
        return { data: dataset(inputs, targets), group };
      })
      // about a quarter of the planted draws are not self-consistent after fitting (noise moves the
      // fitted boundary): the generator keeps the consistent ones, the detector checks saved values
      .filter((v) => detectTwoGroups(v) === null),
  detect: detectTwoGroups,
  codec: z.object({ data: datasetCodec, group: z.array(integer) }),
  describe: (v) => {
    const t = twoPiece(v);
    return `${dataTable(v.data)}\ngroups: ${v.group.map((g) => g + 1).join(' ')}\nnetwork ${t.widths.join('-')} (${t.kinds.join(', ')} per component):\n${paramTable(t.net, t.theta)}`;
  },
  hypotheses: [
    'inputs in ℚ^d_x (d_x = 1, 2), pairwise distinct; d_y = 1, 2 outputs; Assumption 1',
    'two groups (by the planted argmax, samples within distance 2 of the planted boundary left out), each with a unique least-squares affine fit',
    'each output component self-consistent: every sample strictly on its own group’s side of {f_1 = f_2} (or every one strictly on the other side)',
  ],
});

export const twoPieceCertified = liuCpwl.claim({
  id: 'liu-cpwl.two-piece.certified',
  section: '§6.1.7 (two pieces per component: two hidden layers of width 2·d_y), Theorem 1',
  title: 'Two self-consistent groups give a certified local minimum of a network with two hidden layers of width 2·d_y',
  statement:
    'Split the samples into two groups separated by a hyperplane, fit each group by its least-squares affine map, and build the network of §6.1.7: per output component, layer 1 computes both pieces plus c, layer 2 a max or min gadget, the output subtracts c. When each component is self-consistent, the network has two hidden layers of width 2·d_y, outputs each group’s fit on its samples, and is a local minimum certified exactly (pattern-class certificate: no zero pre-activation, one activation pattern per group).',
  instance: planted,
  check: (v): Outcome => {
    const t = twoPiece(v);
    const dY = v.data.targets[0].length;
    const want = [v.data.inputs[0].length, 2 * dY, 2 * dY, dY].join('-');
    if (t.widths.join('-') !== want)
      return refuted('two hidden layers of width 2·d_y', `the network is ${t.widths.join('-')}, not ${want}`);
    const out = exactOutputs(t.net, t.theta, v.data);
    for (const [i, row] of out.entries())
      for (const [k, y] of row.entries()) {
        const fit = apply(t.pieces[k][v.group[i]], v.data.inputs[i]);
        if (!y.equals(fit))
          return refuted(
            'the network outputs each group’s fit',
            `sample ${i + 1}, output ${k + 1}: the network gives ${encQ(y)}, the group fit ${encQ(fit)}`,
          );
      }
    const cert = patternClassBound(t.net, mse, t.theta, v.data);
    if (cert.strength === 'proved') return proved();
    return refuted(
      'the network is a certified local minimum',
      `the pattern-class certificate says ${cert.strength}: ${cert.summary}`,
      asJson(cert),
    );
  },
});
