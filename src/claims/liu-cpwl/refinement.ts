/**
 * Liu (2022) §6.1.6, eqs. (25)–(28): refining a partition never raises the sum
 * of the groups' least-squares errors, and isolating a sample with a nonzero
 * residual lowers it by at least that residual squared (over N).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { groupFits, groupSse, groupsOf, at } from '../../papers/liu-cpwl/index.js';
import { sum } from '../../numeric/rational.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { integer } from '../schema.js';
import type { Outcome } from '../types.js';
import {
  describePartition,
  detectPartition,
  partitionArbitrary,
  partitions,
  type PartitionValue,
} from './instances.js';
import { liuCpwl } from './paper.js';

interface RefinementValue {
  partition: PartitionValue;
  /** further cut positions (any, deduplicated against the partition's) */
  extra: number[];
  /** the sample isolated as its own group (0-based) */
  isolate: number;
}

const refinements = instanceKind<RefinementValue>({
  generate: () =>
    fc
      .record({
        partition: partitionArbitrary(1),
        extra: fc.array(fc.nat({ max: 19 }), { maxLength: 3 }),
        isolate: fc.nat({ max: 19 }),
      })
      .map((v) => {
        const n = v.partition.data.inputs.length; // cuts in 1..n−1, a sample in 0..n−1
        return { ...v, extra: v.extra.map((k) => 1 + (k % (n - 1))), isolate: v.isolate % n };
      }),
  detect: (v) => {
    const bad = detectPartition(v.partition);
    if (bad) return bad;
    const n = v.partition.data.inputs.length;
    if (v.isolate >= n) return `sample ${v.isolate + 1} does not exist (${n} samples)`;
    return v.extra.some((k) => k < 1 || k >= n) ? 'a further cut is outside 1..N−1' : null;
  },
  codec: z.object({ partition: partitions.codec, extra: z.array(integer), isolate: integer }),
  describe: (v) =>
    `${describePartition(v.partition)}\nfurther cuts before samples ${v.extra.map((k) => k + 1).join(', ') || '(none)'}; isolated sample ${v.isolate + 1}`,
  hypotheses: [...(partitions.hypotheses ?? []), 'a refinement by further contiguous cuts; one sample to isolate'],
});

const merge = (a: readonly number[], b: readonly number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

export const refinementMonotone = liuCpwl.claim({
  id: 'liu-cpwl.refinement.monotone',
  section: '§6.1.6, eqs. (25)–(28)',
  title: 'A finer partition has no larger group error; isolating a sample with residual e lowers it by at least e²',
  statement:
    'For any partition into contiguous groups and any refinement of it, Σ_j SSE_j(refined) ≤ Σ_j SSE_j(coarse), each SSE under the group’s own least-squares line (27). Splitting off a sample x_n whose residual e_n under its group’s fit is nonzero, as a group of its own, gives a total at most Σ SSE − e_n² < Σ SSE (28). Checked exactly (a singleton group is fitted exactly).',
  instance: refinements,
  check: (v): Outcome => {
    const xs = v.partition.data.inputs.map((x) => x[0]);
    const ys = v.partition.data.targets.map((y) => y[0]);
    const coarse = sum(groupSse(xs, ys, v.partition.cuts));
    const finer = merge(v.partition.cuts, v.extra);
    const fine = sum(groupSse(xs, ys, finer));
    if (fine.compare(coarse) > 0)
      return refuted(
        'Σ SSE(refined) ≤ Σ SSE(coarse) (27)',
        `cuts [${v.partition.cuts.join(', ')}]: Σ SSE = ${encQ(coarse)}; refined [${finer.join(', ')}]: ${encQ(fine)}`,
        { coarse: encQ(coarse), refined: encQ(fine) },
      );
    const n = v.isolate;
    const j = groupsOf(xs.length, v.partition.cuts).findIndex((g) => g.includes(n));
    const e = at(groupFits(xs, ys, v.partition.cuts)[j], xs[n]).sub(ys[n]);
    const isolated = merge(
      v.partition.cuts,
      [n, n + 1].filter((k) => k > 0 && k < xs.length),
    );
    const after: Fraction = sum(groupSse(xs, ys, isolated));
    const bound = coarse.sub(e.mul(e));
    if (after.compare(bound) > 0 || (e.n !== 0n && after.compare(coarse) >= 0))
      return refuted(
        'isolating x_n lowers Σ SSE by at least e_n² (28)',
        `isolating sample ${n + 1} (residual ${encQ(e)}): Σ SSE goes from ${encQ(coarse)} to ${encQ(after)}, above ${encQ(bound)}`,
        { sample: n + 1, residual: encQ(e), before: encQ(coarse), after: encQ(after) },
      );
    return proved();
  },
});
