/**
 * Liu (2022): "the constructed minima are spurious". As printed (§6.1.6,
 * Theorem 1's proof) the constructed W* is a spurious local minimum whenever
 * some group has nonzero loss. The over-parameterised remark (§4 (i)): with
 * width ≥ N an interpolating network has risk 0, so every certified
 * construction with a group of nonzero loss is spurious there.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { searchLowerPoint } from '../../landscape/global.js';
import { interpolatingPoint } from '../../landscape/interpolate.js';
import { exactRisk } from '../../model/exact.js';
import { ONE } from '../../numeric/rational.js';
import { padWidths, ridgeNetwork, toNetwork, widthsOf } from '../../papers/liu-cpwl/index.js';
import { encQ, encQs } from '../codec.js';
import { asJson, instanceKind, narrowed, proved, refuted, supported } from '../define.js';
import { integer } from '../schema.js';
import type { Outcome } from '../types.js';
import {
  describePartition,
  detectLossyGroup,
  detectPartition,
  partitionArbitrary,
  partitions,
  setupPartition,
  type PartitionValue,
  constructed,
  dataPoints,
  functionOnGrid,
} from './instances.js';
import { liuCpwl, mse } from './paper.js';

export const constructionSpurious = liuCpwl.claim({
  id: 'liu-cpwl.construction.spurious',
  section: '§6.1.5–6.1.6, eqs. (25)–(28)',
  title: 'The constructed weights are a spurious local minimum when some group has nonzero loss',
  statement:
    'For data meeting Assumption 1 and any partition, the network built by §6.1.4 (merged layering) is a local minimum, and a lower risk exists in the same architecture. Decided by the landscape toolkit: a counterexample is an exact descent at W* (not a local minimum), or W* certified global; it holds on an instance when W* is certified a local minimum and the exact lower-point search finds a point of lower risk in the same network.',
  instance: narrowed(partitions, detectLossyGroup, ['some group has a nonzero least-squares loss']),
  expected: 'refuted',
  correctedBy: 'liu-cpwl.overparameterised.spurious',
  check: (v): Outcome => {
    const c = constructed(v, 'merged');
    const local = analyseLocalMin(c.net, mse, c.theta, v.data, { noProbes: true });
    if (local.strength === 'refuted')
      return refuted('W* is a spurious local minimum', `W* is not a local minimum: ${local.summary}`, asJson(local));
    if (local.strength !== 'proved') return supported();
    const r = exactRisk(c.net, mse, c.theta, v.data);
    if (r.n === 0n)
      return refuted(
        'W* is a spurious local minimum',
        'R(W*) = 0: every group is fitted exactly, W* is a global minimum',
      );
    return searchLowerPoint(c.net, mse, v.data, r, { from: c.theta }) ? proved() : supported();
  },
});

interface Wide {
  partition: PartitionValue;
  /** extra hidden units beyond N */
  extra: number;
}

const wide = instanceKind<Wide>({
  generate: () => fc.record({ partition: partitionArbitrary(1, 3), extra: fc.integer({ min: 0, max: 2 }) }),
  detect: (v) => detectPartition(v.partition) ?? detectLossyGroup(v.partition),
  codec: z.object({ partition: partitions.codec, extra: integer }),
  describe: (v) =>
    `${describePartition(v.partition)}\nthe ridge network of the fit, padded with dead units (bias −1) to width N + ${v.extra}`,
  hypotheses: [
    ...(partitions.hypotheses ?? []),
    'some group has a nonzero least-squares loss',
    'one hidden layer of width ≥ N (the ridge network padded with dead units, bias −1)',
  ],
});

/** The ridge network of the partition's glued fit, padded with dead units (bias −1) to hidden width ≥ N. */
function wideRidge(v: Wide) {
  const s = setupPartition(v.partition);
  const w = ridgeNetwork(s.cpwl);
  const width = Math.max(widthsOf(w)[1], s.xs.length) + v.extra;
  return { s, width, ...toNetwork(padWidths(w, [width], ONE.neg())) };
}

export const overparameterisedSpurious = liuCpwl.claim({
  id: 'liu-cpwl.overparameterised.spurious',
  section: '§4, remark (i)',
  title: 'With width ≥ N, every certified construction with a group of nonzero loss is a spurious local minimum',
  statement:
    'Over-parameterised networks still have spurious minima “as long as it is possible to fit a group by a single linear piece with nonzero loss”: the ridge network of a partition, padded with dead units to a hidden width ≥ N, is a certified local minimum with positive risk, and the interpolating network of the same architecture (the toolkit’s construction: hinges between neighbouring inputs, output layer by exact least squares) has risk 0. Checked exactly.',
  instance: wide,
  check: (v): Outcome => {
    const { net, theta, width } = wideRidge(v);
    const cert = patternClassBound(net, mse, theta, v.partition.data);
    const r = exactRisk(net, mse, theta, v.partition.data);
    const interp = interpolatingPoint(net, v.partition.data);
    const r0 = interp ? exactRisk(net, mse, interp, v.partition.data) : null;
    if (cert.strength !== 'proved' || r.n === 0n || !r0 || r0.n !== 0n)
      return refuted(
        'the construction is a certified local minimum with R > 0, and an interpolating point of the same network has R = 0',
        `1-${width}-1 network: the certificate says ${cert.strength}; R(W*) = ${encQ(r)}; the interpolating point ${interp ? `has R = ${encQ(r0!)} at θ = (${encQs(interp).join(', ')})` : 'does not apply'}`,
        { certificate: asJson(cert), risk: encQ(r), interpolating: r0 ? encQ(r0) : null },
      );
    return proved();
  },
  plots: (v) => {
    const { s, net, theta, width } = wideRidge(v);
    const interp = interpolatingPoint(net, v.partition.data);
    const [lo, hi] = s.cpwl.domain;
    const r = exactRisk(net, mse, theta, v.partition.data);
    return [
      {
        title: `The glued fit (a certified local minimum of the 1-${width}-1 network) and an interpolating point of the same network`,
        x: 'x',
        y: 'y, network output',
        series: [
          { name: `glued fit of ${s.groups.length} group(s), R = ${encQ(r)}`, ...functionOnGrid(net, theta, lo, hi) },
          ...(interp ? [{ name: 'interpolating point, R = 0', ...functionOnGrid(net, interp, lo, hi) }] : []),
        ],
        points: [dataPoints(v.partition.data)],
        caption: `The samples, the network's function at the constructed point (each group fitted by its least-squares line, glued in the gaps: certified exactly as a local minimum) and at the toolkit's interpolating point of the same architecture (risk 0). The constructed minimum is spurious. Curves are exact outputs at 121 points of D = [${encQ(lo)}, ${encQ(hi)}], drawn as lines.`,
      },
    ];
  },
  plotInstances: { saved: 0, generated: 1 },
});
