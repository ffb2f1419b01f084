/**
 * Global-minimum certificates from lower bounds that hold for EVERY parameter
 * point: when θ attains such a bound, θ is a global minimum (so it is not a
 * spurious one), exactly.
 *
 * Duplicate inputs: a network is a function of its input, so it gives one
 * output per distinct input; the best any network can do on a group of samples
 * with the same input is their mean target. The within-group squared
 * deviation, scaled like the risk, bounds R from below for every network.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { exactRisk } from '../model/exact.js';
import { squaredLoss, squaredRiskFactor, validateLoss, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational, sum, ZERO } from '../numeric/rational.js';
import { certify } from './recheck.js';
import { verdict, type GlobalBoundEvidence, type Verdict } from './verdict.js';

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

/** The within-duplicate squared deviation of the targets, scaled like the risk: R(θ) ≥ it for every network and θ. */
export function duplicateInputsBound(data: Dataset, loss: Loss = squaredLoss()): Fraction {
  validateLoss(loss);
  let ss = ZERO;
  for (const idx of sameInputGroups(data))
    for (let o = 0; o < data.targets[0].length; o++) {
      const mean = sum(idx.map((i) => data.targets[i][o])).div(idx.length);
      ss = ss.add(sum(idx.map((i) => data.targets[i][o].sub(mean).mul(data.targets[i][o].sub(mean)))));
    }
  return ss.mul(squaredRiskFactor(rational, loss, data.inputs.length));
}

/** "Is θ a global minimum?": proved when R(θ) equals a global lower bound (duplicate inputs; 0), else inconclusive. */
export function globalMinimum(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): Verdict<GlobalBoundEvidence> {
  const risk = exactRisk(net, loss, theta, data);
  const bound = duplicateInputsBound(data, loss);
  const groups = sameInputGroups(data).filter((g) => g.length > 1);
  const ev: GlobalBoundEvidence = {
    kind: 'global-bound',
    bound: bound.toFraction(),
    risk: risk.toFraction(),
    duplicateGroups: groups,
  };
  if (!risk.equals(bound)) {
    const why = `R(θ) = ${risk.toFraction()} is above the global lower bound ${bound.toFraction()}; this certificate does not decide`;
    return verdict('inconclusive', QUESTION, why, ev);
  }
  const why = bound.equals(ZERO)
    ? 'R(θ) = 0, and no risk is below 0: θ is a global minimum'
    : `every network gives one output per distinct input, so R ≥ ${bound.toFraction()} (the within-duplicate deviation of the targets) at every parameter point, and R(θ) attains it: θ is a global minimum`;
  return certify(verdict('proved', QUESTION, why, ev), net, loss, theta, data);
}
