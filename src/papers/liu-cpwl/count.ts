/**
 * Liu (2022) Theorems 1–2, "the number of non-homogeneous spurious local
 * minima grows for bigger networks", made countable (the note's §6.1 growth
 * table): one-hidden-layer ReLU networks of width K, the 1-D ridge
 * construction of every contiguous partition (groups ≥ 2 samples) whose glued
 * fit needs at most K − 1 breakpoints, padded with dead units; each is
 * certified by the caller, and minima are counted once per prediction vector.
 */
import type { Fraction } from 'fraction.js';
import { patternClassBound } from '../../landscape/certificates.js';
import type { Dataset } from '../../model/data.js';
import { squaredLoss } from '../../model/loss.js';
import { ONE } from '../../numeric/rational.js';
import { at, gluePieces, groupFits, groupsOf, type Cpwl } from './cpwl.js';
import { padWidths, ridgeNetwork, toNetwork, type FcWeights } from './network.js';

/** Every cut list over n samples with groups of at least `minSize` and at most `maxGroups` groups. */
export function contiguousPartitions(n: number, maxGroups: number, minSize = 2): number[][] {
  const out: number[][] = [];
  const rec = (start: number, cuts: number[]) => {
    if (n - start >= minSize) out.push(cuts); // the rest is the last group
    if (cuts.length + 2 > maxGroups) return;
    for (let k = start + minSize; n - k >= minSize; k++) rec(k, [...cuts, k]);
  };
  rec(0, []);
  return out;
}

export interface RidgeMinimum {
  cuts: number[];
  cpwl: Cpwl;
  /** the network's outputs at the samples (the group fits) */
  predictions: Fraction[];
  /** the ridge network padded to `width` hidden units */
  weights: FcWeights;
}

/**
 * The ridge constructions that fit in width K (1 + breakpoints ≤ K), one per
 * distinct prediction vector (the first partition in enumeration order).
 */
export function ridgeMinima(xs: readonly Fraction[], ys: readonly Fraction[], width: number): RidgeMinimum[] {
  const seen = new Set<string>();
  const out: RidgeMinimum[] = [];
  for (const cuts of contiguousPartitions(xs.length, width)) {
    const cpwl = gluePieces(xs, groupFits(xs, ys, cuts), cuts);
    if (cpwl.breakpoints.length + 1 > width) continue;
    const fits = groupFits(xs, ys, cuts);
    const predictions = groupsOf(xs.length, cuts).flatMap((g, j) => g.map((i) => at(fits[j], xs[i])));
    const key = predictions.map((p) => p.toFraction()).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ cuts, cpwl, predictions, weights: padWidths(ridgeNetwork(cpwl), [width], ONE.neg()) });
  }
  return out;
}

/** The number of certified ridge minima (distinct predictions) at each width. */
export function certifiedCounts(data: Dataset, widths: readonly number[]): number[] {
  const xs = data.inputs.map((x) => x[0]);
  const ys = data.targets.map((y) => y[0]);
  return widths.map(
    (K) =>
      ridgeMinima(xs, ys, K).filter((m) => {
        const { net, theta } = toNetwork(m.weights);
        return patternClassBound(net, squaredLoss(), theta, data).strength === 'proved';
      }).length,
  );
}
