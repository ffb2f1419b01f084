/**
 * Liu (2022) §6.1.4 and §6.1.7 for vector outputs (d_y = 2), the note's
 * §5.6.4: one lattice network per output component from the shared partition
 * (pieces, auxiliary pieces and lattice sets per component), the shallower
 * deepened by pass levels, stacked block-diagonally. With three or more
 * groups (more than two pieces per component) the network outputs each
 * group's least-squares fit in every component, and the glued function of
 * every component on D.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import {
  at,
  comparisonPoints,
  evalCpwl,
  latticeNetwork,
  stackComponents,
  toNetwork,
  widthsOf,
} from '../../papers/liu-cpwl/index.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, integer } from '../schema.js';
import type { Outcome } from '../types.js';
import {
  describePartition,
  detectPartition,
  partitionArbitrary,
  setupPartition,
  type PartitionValue,
} from './instances.js';
import { liuCpwl, mse } from './paper.js';

/** One-dimensional inputs, two target components, a shared contiguous partition. */
type VectorPartition = PartitionValue;

/** Component k as a scalar partition value. */
const componentOf = (v: VectorPartition, k: number): PartitionValue => ({
  data: dataset(
    v.data.inputs,
    v.data.targets.map((y) => [y[k]]),
  ),
  cuts: v.cuts,
});

function stacked(v: VectorPartition) {
  const setups = [0, 1].map((k) => setupPartition(componentOf(v, k)));
  const w = stackComponents(setups.map((s) => latticeNetwork(s.cpwl.pieces, s.sets, s.shift, 'merged')));
  return { setups, ...toNetwork(w), widths: widthsOf(w) };
}

const vectorPartitions = instanceKind<VectorPartition>({
  generate: () =>
    fc
      .tuple(partitionArbitrary(3), fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 20, maxLength: 20 }))
      .map(([p, y2]) => ({
        data: dataset(
          p.data.inputs,
          p.data.targets.map((y, i) => [y[0], new Fraction(y2[i], 4)]),
        ),
        cuts: p.cuts,
      })),
  detect: (v) => {
    if (v.data.targets.some((y) => y.length !== 2)) return 'the targets do not have two components';
    if (v.cuts.length < 2) return 'fewer than three groups';
    for (const k of [0, 1]) {
      const bad = detectPartition(componentOf(v, k));
      if (bad) return `component ${k + 1}: ${bad}`;
    }
    return null;
  },
  codec: z.object({ data: datasetCodec, cuts: z.array(integer) }),
  describe: (v) => [0, 1].map((k) => `component ${k + 1}:\n${describePartition(componentOf(v, k))}`).join('\n'),
  hypotheses: [
    'one-dimensional, pairwise distinct inputs, sorted; targets with d_y = 2 components',
    'Assumption 1 in each component: its targets are not fitted exactly by one affine map',
    'three or four contiguous groups of at least two samples each, shared by the components',
  ],
});

export const constructionRealisesVector = liuCpwl.claim({
  id: 'liu-cpwl.construction.realises-vector',
  section: '§6.1.4, §6.1.7 (width n²·d_y; the stacking per component is ours)',
  title: 'Vector output, more than two pieces: the stacked construction outputs each group’s fit in every component',
  statement:
    'For d_y = 2 and a contiguous partition into three or more groups, build the lattice network of §6.1.4 per output component (its own group fits, auxiliary pieces and max–min sets; merged layering), deepen the shallower one by pass levels on its positive final value, and stack them block-diagonally. Then the network outputs (f_{j,1}*(x_i), f_{j,2}*(x_i)) at every sample of group j, equals each component’s glued CPWL function at every point of D where they could differ, and its risk is the sum of the group risks (eq. (19), ‖·‖² summed over the components). Checked exactly.',
  instance: vectorPartitions,
  check: (v): Outcome => {
    const s = stacked(v);
    const out = exactOutputs(s.net, s.theta, v.data);
    for (const [k, c] of s.setups.entries())
      for (const [j, g] of c.groups.entries())
        for (const i of g) {
          const want = at(c.fits[j], c.xs[i]);
          if (!out[i][k].equals(want))
            return refuted(
              'the network outputs the group fit in every component',
              `network ${s.widths.join('-')}: at sample ${i + 1} (group ${j + 1}) component ${k + 1} is ${encQ(out[i][k])}, the fit ${encQ(want)}`,
            );
        }
    const pts = [...new Set(s.setups.flatMap((c) => comparisonPoints(c.cpwl)).map((x) => x.toFraction()))].map(
      (t) => new Fraction(t),
    );
    const onD = exactOutputs(
      s.net,
      s.theta,
      dataset(
        pts.map((x) => [x]),
        pts.map(() => [ZERO, ZERO]),
      ),
    );
    for (const [p, x] of pts.entries())
      for (const [k, c] of s.setups.entries()) {
        const want = evalCpwl(c.cpwl, x);
        if (!onD[p][k].equals(want))
          return refuted(
            'the network equals each component’s glued function on D',
            `network ${s.widths.join('-')}: at x = ${encQ(x)} component ${k + 1} is ${encQ(onD[p][k])}, the glued function ${encQ(want)}`,
          );
      }
    let sse = ZERO;
    for (const c of s.setups)
      for (const [j, g] of c.groups.entries())
        for (const i of g) sse = sse.add(at(c.fits[j], c.xs[i]).sub(c.ys[i]).pow(2));
    const r = exactRisk(s.net, mse, s.theta, v.data);
    if (!r.equals(sse.div(v.data.inputs.length)))
      return refuted(
        'R(W*) is the sum of the group risks',
        `R = ${encQ(r)}, the sum ${encQ(sse.div(v.data.inputs.length))}`,
      );
    return proved();
  },
  describe: (v) => `${vectorPartitions.describe(v)}\nstacked network ${stacked(v).widths.join('-')}`,
});
