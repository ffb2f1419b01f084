/**
 * Liu (2022): the remarks around the theorems, each as printed and, where the
 * note gives one, corrected.
 *  - §4 remark (ii): "a dataset of two samples will not produce spurious local
 *    minima";
 *  - §5.8 / §6.1.7 padding: "unused neurons can take zero weight vectors and
 *    biases" (printed), against bias −1 (corrected);
 *  - §5 homogeneity: "multiplying a layer by any a ≠ 0 and the next by 1/a
 *    keeps the risk" (printed), against a > 0 (corrected).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smallRational } from '../../gen/arbitraries.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { searchLowerPoint } from '../../landscape/global.js';
import { affineFitOf } from '../../model/affine.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactOutputs, exactPreActivations, exactRisk } from '../../model/exact.js';
import { fcNetwork, relu } from '../../model/index.js';
import { applyRescaling, rescalingSymmetries } from '../../model/symmetry.js';
import { ONE } from '../../numeric/rational.js';
import { padWidths, ridgeNetwork, toNetwork, widthsOf } from '../../papers/liu-cpwl/index.js';
import { dataTable, encQ, encQs, paramTable } from '../codec.js';
import { asJson, fromVerdict, instanceKind, proved, refuted, supported } from '../define.js';
import { datasetCodec, integer, rationalCodec, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import {
  describePartition,
  detectPartition,
  partitionArbitrary,
  partitions,
  setupPartition,
  type PartitionValue,
  constructed,
} from './instances.js';
import { liuCpwl, mse } from './paper.js';

// ── §4 remark (ii): two samples ─────────────────────────────────────────────

interface TwoSamples {
  data: Dataset;
  /** hidden width of the 1-K-1 network */
  width: number;
  /** first-layer weights and biases (K each); the output layer is refitted exactly */
  first: Fraction[];
}

/** θ with the given first layer and the output layer set to the exact least-squares fit on the hidden features. */
function twoSamplePoint(v: TwoSamples) {
  const K = v.width;
  const net = fcNetwork([1, K, 1], relu());
  const w1 = v.first.slice(0, K),
    b1 = v.first.slice(K, 2 * K);
  const hidden = v.data.inputs.map(([x]) =>
    w1.map((w, k) => {
      const z = w.mul(x).add(b1[k]);
      return z.s > 0n ? z : new Fraction(0);
    }),
  );
  const fit = affineFitOf(hidden, v.data.targets);
  const theta = [...w1, ...b1, ...fit.W[0]];
  return { net, theta };
}

const twoSamples = instanceKind<TwoSamples>({
  generate: () =>
    fc
      .record({
        xs: fc.uniqueArray(fc.integer({ min: -8, max: 8 }), { minLength: 2, maxLength: 2 }),
        ys: fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 2, maxLength: 2 }),
        width: fc.integer({ min: 1, max: 2 }),
        first: fc.array(smallRational(4, 2), { minLength: 4, maxLength: 4 }),
      })
      .map(({ xs, ys, width, first }) => ({
        data: dataset(
          xs.map((x) => [new Fraction(x, 4)]),
          ys.map((y) => [new Fraction(y, 4)]),
        ),
        width,
        first: first.slice(0, 2 * width),
      })),
  detect: (v) =>
    v.data.inputs.length !== 2
      ? 'not two samples'
      : v.data.inputs[0][0].equals(v.data.inputs[1][0])
        ? 'the two inputs coincide'
        : v.first.length !== 2 * v.width
          ? 'the first layer needs 2·width numbers'
          : null,
  codec: z.object({ data: datasetCodec, width: integer, first: rationals }),
  describe: (v) => {
    const p = twoSamplePoint(v);
    return `${dataTable(v.data)}\nnetwork 1-${v.width}-1 (ReLU), output layer refitted exactly:\n${paramTable(p.net, p.theta)}`;
  },
  hypotheses: [
    'two samples with distinct one-dimensional inputs (any targets)',
    'a 1-K-1 ReLU network, K = 1–2, at a point whose output layer is the exact least-squares fit on its hidden features',
  ],
});

export const remarkTwoSamples = liuCpwl.claim({
  id: 'liu-cpwl.remark.two-samples',
  section: '§4, remark (ii)',
  title: '“A dataset of two samples will not produce spurious local minima”',
  statement:
    'With two samples a single affine piece fits the data exactly, and the paper concludes that no spurious local minimum exists. Checked on 1-K-1 ReLU networks: whenever the toolkit certifies a point as a local minimum, no point of the same network may have lower risk (the exact lower-point search looks for one; a counterexample is a certified local minimum with an exactly lower point).',
  instance: twoSamples,
  expected: 'refuted',
  correctedBy: 'liu-cpwl.remark.two-samples-dead-minimum',
  check: (v): Outcome => {
    const p = twoSamplePoint(v);
    const local = analyseLocalMin(p.net, mse, p.theta, v.data, { noProbes: true });
    if (local.strength !== 'proved') return supported(); // not a certified local minimum: nothing to check
    const r = exactRisk(p.net, mse, p.theta, v.data);
    if (r.n === 0n) return proved(); // a zero-risk minimum is global
    const lower = searchLowerPoint(p.net, mse, v.data, r, { from: p.theta, goal: new Fraction(0) });
    if (!lower) return supported(); // none found: not a proof that none exists
    return refuted(
      'every local minimum is global (no spurious minimum with two samples)',
      `θ is a certified local minimum with R(θ) = ${encQ(r)} (${local.summary}), and θ′ = (${encQs(lower.theta).join(', ')}) in the same network has R(θ′) = ${encQ(lower.risk)} (${lower.how})`,
      { local: asJson(local), lower: { theta: encQs(lower.theta), risk: encQ(lower.risk) } },
    );
  },
});

/** Two samples with distinct inputs and distinct targets, for the dead-unit minimum. */
const twoDistinct = instanceKind<{ data: Dataset }>({
  generate: () =>
    fc
      .record({
        xs: fc.uniqueArray(fc.integer({ min: -8, max: 8 }), { minLength: 2, maxLength: 2 }),
        ys: fc.uniqueArray(fc.integer({ min: -8, max: 8 }), { minLength: 2, maxLength: 2 }),
      })
      .map(({ xs, ys }) => ({
        data: dataset(
          xs.map((x) => [new Fraction(x, 4)]),
          ys.map((y) => [new Fraction(y, 4)]),
        ),
      })),
  detect: (v) =>
    v.data.inputs.length !== 2
      ? 'not two samples'
      : v.data.inputs[0][0].equals(v.data.inputs[1][0])
        ? 'the two inputs coincide'
        : v.data.targets[0][0].equals(v.data.targets[1][0])
          ? 'the two targets are equal (the constant fit is exact)'
          : null,
  codec: z.object({ data: datasetCodec }),
  describe: (v) => dataTable(v.data),
  hypotheses: ['two samples with distinct one-dimensional inputs and distinct targets'],
});

export const remarkTwoSamplesDead = liuCpwl.claim({
  id: 'liu-cpwl.remark.two-samples-dead-minimum',
  section: '§4, remark (ii), corrected (ours)',
  title: 'Two samples do give a spurious local minimum: a 1-1-1 ReLU network with its hidden unit dead',
  statement:
    'For two samples with distinct inputs and distinct targets, the 1-1-1 ReLU network with hidden weight 0, hidden bias −1 (dead at every input, strictly), output weight 0 and output bias the mean target is a local minimum, certified exactly (the unit stays dead for small moves, and the output bias is at its optimum), with risk ((y_1 − y_2)/2)² > 0, while the same network fits both samples exactly at another point. So remark (ii) fails, and Assumption 1 is not needed for spurious minima.',
  instance: twoDistinct,
  check: (v): Outcome => {
    const net = fcNetwork([1, 1, 1], relu());
    const [y1, y2] = v.data.targets.map((y) => y[0]);
    const theta = [new Fraction(0), new Fraction(-1), new Fraction(0), y1.add(y2).div(2)];
    const local = analyseLocalMin(net, mse, theta, v.data, { noProbes: true });
    if (local.strength !== 'proved') return fromVerdict(local, 'the dead-unit point is a local minimum');
    const r = exactRisk(net, mse, theta, v.data);
    const want = y1.sub(y2).div(2).pow(2);
    const [x1, x2] = v.data.inputs.map((x) => x[0]);
    // the zero-risk point: σ(s·(x − x_lo)) switched on at the larger input only, read out to hit both targets
    const [lo, hi, ylo, yhi] = x1.compare(x2) < 0 ? [x1, x2, y1, y2] : [x2, x1, y2, y1];
    const fit = [new Fraction(1), lo.neg(), yhi.sub(ylo).div(hi.sub(lo)), ylo];
    const r0 = exactRisk(net, mse, fit, v.data);
    if (!r.equals(want) || r.n === 0n || r0.n !== 0n)
      return refuted(
        'the dead-unit point has R = ((y_1 − y_2)/2)² > 0 and another point has R = 0',
        `R(dead point) = ${encQ(r)} (expected ${encQ(want)}), R(fitting point (${encQs(fit).join(', ')})) = ${encQ(r0)}`,
      );
    return proved();
  },
});

// ── padding of unused units ───────────────────────────────────────────────

interface Padded {
  partition: PartitionValue;
  /** extra units in the hidden layer */
  pad: number;
}

const paddedRidge = (v: Padded, bias: Fraction) => {
  const s = setupPartition(v.partition);
  const w = ridgeNetwork(s.cpwl);
  return { ...s, ...toNetwork(padWidths(w, [widthsOf(w)[1] + v.pad], bias)) };
};

const padded = instanceKind<Padded>({
  generate: () => fc.record({ partition: partitionArbitrary(1), pad: fc.integer({ min: 1, max: 2 }) }),
  detect: (v) => detectPartition(v.partition) ?? (v.pad < 1 ? 'nothing padded' : null),
  codec: z.object({ partition: partitions.codec, pad: integer }),
  describe: (v) =>
    `${describePartition(v.partition)}\nthe ridge network of this fit, with ${v.pad} unused unit(s) added`,
  hypotheses: [
    ...(partitions.hypotheses ?? []),
    'the ridge network of the glued fit (a certified local minimum), 1–2 unused units added',
  ],
});

/**
 * The toolkit's answer for the padded network. For the printed claim (expected refuted) an undecided answer
 * is no counterexample; for the corrected one (expected to hold) it is not support either: it counts as a
 * failure of float strength (fromVerdict), so the run says so instead of claiming the minimum.
 */
function paddedLocalMin(v: Padded, bias: Fraction): Outcome {
  const p = paddedRidge(v, bias);
  const verdict = analyseLocalMin(p.net, mse, p.theta, v.partition.data, { noProbes: true });
  const claimed = `the padded network (unused units with zero weights and bias ${encQ(bias)}) is still a local minimum`;
  if (bias.n !== 0n) return fromVerdict(verdict, claimed);
  if (verdict.strength === 'proved') return proved();
  if (verdict.strength !== 'refuted') return supported();
  return refuted(claimed, verdict.summary, asJson(verdict));
}

export const remarkZeroPadding = liuCpwl.claim({
  id: 'liu-cpwl.remark.zero-padding',
  section: '§6.1.7 (padding a construction into a larger network: “zero weight vectors and biases”)',
  title: 'Unused units with zero weights and zero biases keep a constructed local minimum a local minimum',
  statement:
    'A constructed local minimum embedded in a wider network, the extra units given zero incoming weights, zero bias and zero outgoing weights, is still a local minimum. Decided by the landscape toolkit on padded ridge networks; a counterexample is an exact descent (the unused unit sits on its kink at every sample).',
  instance: padded,
  expected: 'refuted',
  correctedBy: 'liu-cpwl.remark.dead-padding',
  check: (v) => paddedLocalMin(v, new Fraction(0)),
});

export const remarkDeadPadding = liuCpwl.claim({
  id: 'liu-cpwl.remark.dead-padding',
  section: '§6.1.7 padding, corrected (bias −1 instead of 0: ours)',
  title: 'Unused units with zero weights and bias −1 keep a constructed local minimum a local minimum',
  statement:
    'The same embedding with bias −1 for every unused unit (dead at every input, strictly): the padded network is still a certified local minimum, with the same risk. Decided by the landscape toolkit (exact certificates).',
  instance: padded,
  check: (v) => paddedLocalMin(v, ONE.neg()),
});

// ── homogeneity ───────────────────────────────────────────────────────────

interface Rescaled {
  partition: PartitionValue;
  /** which rescaling symmetry of the merged construction (taken modulo their number) */
  unit: number;
  factor: Fraction;
}

function rescaleCheck(v: Rescaled): Outcome {
  const c = constructed(v.partition, 'merged');
  const syms = rescalingSymmetries(c.net);
  const sym = syms[v.unit % syms.length];
  const moved = applyRescaling(sym, c.theta, v.factor);
  const before = exactOutputs(c.net, c.theta, v.partition.data);
  const after = exactOutputs(c.net, moved, v.partition.data);
  const i = before.findIndex((row, k) => !row[0].equals(after[k][0]));
  if (i < 0) return proved();
  const z = exactPreActivations(c.net, c.theta, v.partition.data)[sym.layer - 1][sym.units[0]][i];
  return refuted(
    `scaling ${sym.name}'s incoming weights and bias by a = ${encQ(v.factor)} and its outgoing weights by 1/a keeps the network's function`,
    `at sample ${i + 1} the output changes from ${encQ(before[i][0])} to ${encQ(after[i][0])} (the unit's pre-activation there is ${encQ(z)}; σ(a·z) ≠ a·σ(z) for a < 0)`,
    { unit: sym.name, factor: encQ(v.factor), sample: i + 1, before: encQ(before[i][0]), after: encQ(after[i][0]) },
  );
}

const rescaled = (positive: boolean) =>
  instanceKind<Rescaled>({
    generate: () =>
      fc
        .record({ partition: partitionArbitrary(2, 3), unit: fc.nat({ max: 40 }), factor: smallRational(6, 3) })
        .map((v) => ({
          ...v,
          factor: v.factor.n === 0n ? ONE : positive ? v.factor.abs() : v.factor,
        })),
    detect: (v) =>
      detectPartition(v.partition) ??
      (v.factor.n === 0n ? 'a = 0' : positive && v.factor.s < 0n ? 'a < 0 (the corrected claim takes a > 0)' : null),
    codec: z.object({ partition: partitions.codec, unit: integer, factor: rationalCodec }),
    describe: (v) => {
      const c = constructed(v.partition, 'merged');
      const syms = rescalingSymmetries(c.net);
      return `${describePartition(v.partition)}\nthe merged construction ${c.widths.join('-')}; rescaled: ${syms[v.unit % syms.length].name} by a = ${encQ(v.factor)}`;
    },
    hypotheses: [
      ...(partitions.hypotheses ?? []),
      'the merged construction of the glued fit; one hidden unit, its incoming weights and bias scaled by a, its outgoing weights by 1/a',
      positive ? 'a > 0 rational' : 'a ≠ 0 rational',
    ],
  });

export const remarkRescalingAnySign = liuCpwl.claim({
  id: 'liu-cpwl.remark.rescaling-any-sign',
  section: '§5 (after Theorems 1–2: non-homogeneous minima)',
  title: 'Scaling a unit by any a ≠ 0 and its outgoing weights by 1/a keeps the network’s function',
  statement:
    'The paper counts minima up to homogeneity: multiplying a layer by a ≠ 0 and the next by 1/a “keeps the risk constant”. Checked unit by unit on constructed networks: the outputs at every sample must be unchanged, exactly.',
  instance: rescaled(false),
  expected: 'refuted',
  correctedBy: 'liu-cpwl.remark.rescaling-positive',
  check: rescaleCheck,
});

export const remarkRescalingPositive = liuCpwl.claim({
  id: 'liu-cpwl.remark.rescaling-positive',
  section: '§5 homogeneity, corrected (a > 0 only: ours)',
  title: 'Scaling a unit by a > 0 and its outgoing weights by 1/a keeps the network’s function',
  statement:
    'For a > 0 (ReLU is positively homogeneous, σ(a·z) = a·σ(z)), scaling one hidden unit’s incoming weights and bias by a and its outgoing weights by 1/a leaves every output exactly unchanged.',
  instance: rescaled(true),
  check: rescaleCheck,
});
