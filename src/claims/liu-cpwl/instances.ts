/**
 * Liu (2022): the values the claims draw.
 *
 *  - partitions: one-dimensional data (distinct inputs k/4, targets k/4,
 *    Assumption 1 repaired when the targets happen to be affine) cut into
 *    contiguous groups of at least two samples (so every group's
 *    least-squares line is unique); the note's generator G1d;
 *  - setupPartition: the paper's objects built from one such value: the group
 *    fits, the glued CPWL function, its lattice form and positivity shift.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { detectDistinct, detectNotAffine, notAffinelyFittable } from '../../gen/data.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactOutputs } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { ZERO } from '../../numeric/rational.js';
import type { PlotPoints } from '../types.js';
import {
  at,
  badCuts,
  gluePieces,
  groupFits,
  groupsOf,
  latticeNetwork,
  toNetwork,
  widthsOf,
  type Layering,
  latticeSets,
  positivityShift,
  type Cpwl,
  type Piece,
} from '../../papers/liu-cpwl/index.js';
import { encQ } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, integer } from '../schema.js';

export interface PartitionValue {
  /** inputs sorted increasingly, one coordinate */
  data: Dataset;
  /** 0-based first index of groups 2, 3, … */
  cuts: number[];
}

const MAX_GROUPS = 4;
const MAX_SIZE = 5;

/** Data of Σ sizes samples and the cut list of those group sizes (each ≥ 2), drawn at most size and sliced. */
export function partitionArbitrary(minGroups = 1, maxGroups = MAX_GROUPS): fc.Arbitrary<PartitionValue> {
  const most = maxGroups * MAX_SIZE;
  return fc
    .record({
      sizes: fc.array(fc.integer({ min: 2, max: MAX_SIZE }), { minLength: minGroups, maxLength: maxGroups }),
      xs: fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: most, maxLength: most }),
      ys: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: most, maxLength: most }),
    })
    .map(({ sizes, xs, ys }) => {
      if (sizes.length === 1 && sizes[0] < 3) sizes = [3]; // Assumption 1 needs three samples
      const n = sizes.reduce((a, b) => a + b, 0);
      const x = xs
        .slice(0, n)
        .sort((a, b) => a - b)
        .map((k) => [new Fraction(k, 4)]);
      const y = ys.slice(0, n).map((k) => [new Fraction(k, 4)]);
      const cuts: number[] = [];
      let acc = 0;
      for (const s of sizes.slice(0, -1)) cuts.push((acc += s));
      // Assumption 1: not fittable by one affine map (needs n ≥ 3)
      return { data: notAffinelyFittable(x, y), cuts };
    });
}

/** Why a value is outside the hypotheses (sorted distinct 1-D inputs, groups ≥ 2, Assumption 1), or null. */
export function detectPartition(v: PartitionValue): string | null {
  const xs = v.data.inputs;
  if (xs.some((x) => x.length !== 1)) return 'the inputs are not one-dimensional';
  const distinct = detectDistinct(v.data);
  if (distinct) return distinct;
  for (let i = 1; i < xs.length; i++)
    if (xs[i][0].compare(xs[i - 1][0]) <= 0) return `inputs ${i} and ${i + 1} are not in increasing order`;
  if (v.cuts.some((k, j) => !Number.isInteger(k) || (j > 0 && k <= v.cuts[j - 1])))
    return 'the cut list is not increasing';
  return badCuts(xs.length, v.cuts, 2) ?? detectNotAffine(v.data);
}

export const pieceText = (p: Piece) =>
  `${encQ(p.slope)}·x ${p.intercept.s < 0n ? '−' : '+'} ${encQ(p.intercept.abs())}`;

export function describePartition(v: PartitionValue): string {
  const s = setupPartition(v);
  return [
    `${v.data.inputs.length} samples (x, y), in ${s.groups.length} contiguous group(s), each with its least-squares line:`,
    ...s.groups.map(
      (g, j) =>
        `  group ${j + 1}: ${g.map((i) => `(${encQ(v.data.inputs[i][0])}, ${encQ(v.data.targets[i][0])})`).join(' ')}  fit ${pieceText(s.fits[j])}`,
    ),
    `glued CPWL function on D = [${encQ(s.cpwl.domain[0])}, ${encQ(s.cpwl.domain[1])}]: pieces ${s.cpwl.pieces.map((p, m) => `${s.cpwl.group[m] < 0 ? 'auxiliary ' : ''}${pieceText(p)}`).join('; ')}; breakpoints ${s.cpwl.breakpoints.map(encQ).join(', ') || '(none)'}`,
    `lattice sets (1-based pieces): ${s.sets.map((S) => `{${S.map((r) => r + 1).join(', ')}}`).join(', ')}`,
  ].join('\n');
}

export const partitions = instanceKind<PartitionValue>({
  generate: () => partitionArbitrary(2),
  detect: detectPartition,
  codec: z.object({ data: datasetCodec, cuts: z.array(integer) }),
  describe: describePartition,
  hypotheses: [
    'one-dimensional, pairwise distinct inputs, sorted',
    'Assumption 1: the targets are not fitted exactly by one affine map',
    'contiguous groups of at least two samples each (the gaps of §6.1.1; unique least-squares lines)',
  ],
});

export interface PartitionSetup {
  xs: Fraction[];
  ys: Fraction[];
  groups: number[][];
  fits: Piece[];
  cpwl: Cpwl;
  sets: number[][];
  shift: Fraction;
}

/** The group fits (11), the glued CPWL with auxiliary pieces, its lattice sets (14) and the shift c of (15). */
export function setupPartition(v: PartitionValue): PartitionSetup {
  const xs = v.data.inputs.map((x) => x[0]);
  const ys = v.data.targets.map((y) => y[0]);
  const fits = groupFits(xs, ys, v.cuts);
  const cpwl = gluePieces(xs, fits, v.cuts);
  return {
    xs,
    ys,
    groups: groupsOf(xs.length, v.cuts),
    fits,
    cpwl,
    sets: latticeSets(cpwl),
    shift: positivityShift(cpwl),
  };
}

/** Null when some group has a nonzero least-squares loss, else the reason (every group fitted exactly: R = 0). */
export function detectLossyGroup(v: PartitionValue): string | null {
  const s = setupPartition(v);
  return s.fits.every((f, j) => s.groups[j].every((i) => at(f, s.xs[i]).equals(s.ys[i])))
    ? 'every group is fitted exactly (R = 0: nothing is spurious)'
    : null;
}

/** The constructed network (either layering) and its θ. */
export function constructed(v: PartitionValue, layering: Layering) {
  const s = setupPartition(v);
  const w = latticeNetwork(s.cpwl.pieces, s.sets, s.shift, layering);
  return { ...s, ...toNetwork(w), widths: widthsOf(w) };
}

/** A 1-D network's function on [lo, hi] at 121 points (exact outputs, as numbers), for plots. */
export function functionOnGrid(net: Network, theta: readonly Fraction[], lo: Fraction, hi: Fraction) {
  const xs = Array.from({ length: 121 }, (_, k) => lo.add(hi.sub(lo).mul(k).div(120)));
  const out = exactOutputs(
    net,
    theta,
    dataset(
      xs.map((x) => [x]),
      xs.map(() => [ZERO]),
    ),
  );
  return { x: xs.map((x) => x.valueOf()), y: out.map((r) => r[0].valueOf()) };
}

/** The samples of 1-D data as plot points. */
export const dataPoints = (data: Dataset, name = 'samples (x_i, y_i)'): PlotPoints => ({
  name,
  x: data.inputs.map((r) => r[0].valueOf()),
  y: data.targets.map((r) => r[0].valueOf()),
});
