/**
 * Global-minimum certificates from lower bounds that hold for EVERY parameter
 * point: when θ attains such a bound, θ is a global minimum (so it is not a
 * spurious one), exactly.
 *
 * Duplicate inputs: a network is a function of its input, so it gives one
 * output per distinct input; the best any network can do on a group of samples
 * with the same input is their mean target. The within-group squared
 * deviation, scaled like the risk, bounds R from below for every network.
 *
 * Architecture: the same bound over the coarser groups of samples the
 * architecture cannot tell apart (f_θ(x) = f_θ(x′) for every θ: equal on the
 * receptive field, or equal as formal terms under tied weights summed over
 * positions; ./receptive-field.ts proves it). It holds for every θ of this
 * network, not for every network.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { exactRisk } from '../model/exact.js';
import { squaredLoss, squaredRiskFactor, validateLoss, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational, sum, ZERO } from '../numeric/rational.js';
import { indistinguishableGroups, receptiveField } from './receptive-field.js';
import { certify } from './recheck.js';
import { verdict, type ArchitectureBoundEvidence, type GlobalBoundEvidence, type Verdict } from './verdict.js';

const QUESTION = 'is θ a global minimum of the risk?';

/** Samples grouped by identical input (0-based indices, groups in order of first appearance). */
export function sameInputGroups(data: Dataset): number[][] {
  const groups = new Map<string, number[]>();
  data.inputs.forEach((x, i) => {
    const key = x.map((c) => c.toFraction()).join(',');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * The within-group squared deviation of the targets, scaled like the risk:
 * R(θ) ≥ it whenever every θ gives one output per group (samples not listed
 * count as their own group and add 0).
 */
export function withinGroupBound(data: Dataset, groups: readonly (readonly number[])[], loss: Loss): Fraction {
  validateLoss(loss);
  let ss = ZERO;
  for (const idx of groups)
    for (let o = 0; o < data.targets[0].length; o++) {
      const mean = sum(idx.map((i) => data.targets[i][o])).div(idx.length);
      ss = ss.add(sum(idx.map((i) => data.targets[i][o].sub(mean).mul(data.targets[i][o].sub(mean)))));
    }
  return ss.mul(squaredRiskFactor(rational, loss, data.inputs.length));
}

/** The within-duplicate squared deviation of the targets, scaled like the risk: R(θ) ≥ it for every network and θ. */
export function duplicateInputsBound(data: Dataset, loss: Loss = squaredLoss()): Fraction {
  return withinGroupBound(data, sameInputGroups(data), loss);
}

/**
 * The within-group squared deviation of the targets over the samples `net`
 * cannot tell apart (`indistinguishableGroups`), scaled like the risk: R(θ) ≥ it
 * at every parameter point θ of `net`. At least `duplicateInputsBound`.
 */
export function architectureBound(net: Network, data: Dataset, loss: Loss = squaredLoss()): Fraction {
  return withinGroupBound(
    data,
    indistinguishableGroups(net, data).map((g) => g.samples),
    loss,
  );
}

/**
 * "Is θ a global minimum?" by the architecture bound alone: proved when R(θ)
 * equals `architectureBound`, with the groups and the argument for each in the
 * evidence (re-checked independently); inconclusive when R(θ) is above it.
 */
export function architectureGlobalMinimum(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): Verdict<ArchitectureBoundEvidence> {
  const risk = exactRisk(net, loss, theta, data);
  const groups = indistinguishableGroups(net, data).filter((g) => g.samples.length > 1);
  const bound = withinGroupBound(
    data,
    groups.map((g) => g.samples),
    loss,
  );
  const ev: ArchitectureBoundEvidence = {
    kind: 'architecture-bound',
    bound: bound.toFraction(),
    risk: risk.toFraction(),
    groups,
    outsideField: receptiveField(net).flatMap((inside, j) => (inside ? [] : [j])),
  };
  if (!risk.equals(bound)) {
    const why = `R(θ) = ${risk.toFraction()} is above ${bound.toFraction()}, the lower bound from the ${groups.length} group(s) of samples the architecture cannot tell apart; this certificate does not decide`;
    return verdict('inconclusive', QUESTION, why, ev);
  }
  const count = (r: string) => groups.filter((g) => g.reason === r).length;
  const why = bound.equals(ZERO)
    ? 'R(θ) = 0, and no risk is below 0: θ is a global minimum'
    : `every parameter point gives one output per group of samples the architecture cannot tell apart (${count('same-input')} of equal inputs, ${count('receptive-field')} equal on the receptive field, ${count('weight-sharing')} equal under tied weights summed over positions), so R ≥ ${bound.toFraction()} (the within-group deviation of the targets) at every parameter point, and R(θ) attains it: θ is a global minimum`;
  return certify(verdict('proved', QUESTION, why, ev), net, loss, theta, data);
}

/**
 * "Is θ a global minimum?": proved when R(θ) equals a global lower bound (0;
 * duplicate inputs; the architecture bound), else inconclusive (with the
 * architecture bound's evidence, the tighter of the two).
 */
export function globalMinimum(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): Verdict<GlobalBoundEvidence | ArchitectureBoundEvidence> {
  const risk = exactRisk(net, loss, theta, data);
  const bound = duplicateInputsBound(data, loss);
  if (!risk.equals(bound)) return architectureGlobalMinimum(net, loss, theta, data);
  const ev: GlobalBoundEvidence = {
    kind: 'global-bound',
    bound: bound.toFraction(),
    risk: risk.toFraction(),
    duplicateGroups: sameInputGroups(data).filter((g) => g.length > 1),
  };
  const why = bound.equals(ZERO)
    ? 'R(θ) = 0, and no risk is below 0: θ is a global minimum'
    : `every network gives one output per distinct input, so R ≥ ${bound.toFraction()} (the within-duplicate deviation of the targets) at every parameter point, and R(θ) attains it: θ is a global minimum`;
  return certify(verdict('proved', QUESTION, why, ev), net, loss, theta, data);
}
