/** Shared fixtures and checks of the landscape tests (properties/unit/landscape*.test.ts). */
import { Fraction } from 'fraction.js';
import * as P from '../../src/linalg/polynomial.js';
import { curveAt, plantCellMinimum, type Verdict } from '../../src/landscape/index.js';
import { dataset, exactRisk, fcNetwork, relu, squaredLoss, type Dataset, type Network } from '../../src/model/index.js';
import { rational, toRats } from '../../src/numeric/index.js';

const mse = squaredLoss();

/**
 * Exact check of a refutation witness by plain evaluation, independent of recheck():
 * a descent at a positive t whose risk is strictly below R(θ(0)).
 */
export function witnessLowers(v: Verdict, n: Network, d: Dataset): boolean {
  const e = v.evidence;
  if (e.kind !== 'descent') return false;
  const q = (x: string) => rational.fromString(x);
  const curve = e.curve.map((c) => P.poly(c.map(q)));
  return (
    q(e.t).compare(0) > 0 &&
    exactRisk(n, mse, curveAt(curve, q(e.t)), d).compare(exactRisk(n, mse, curveAt(curve, new Fraction(0)), d)) < 0
  );
}

/** A fixed one-hidden-layer ReLU instance (2-3-1) at a planted cell minimum with nonzero residuals. */
export function plantedFixture(samples = 20): { net: Network; theta: Fraction[]; data: Dataset } {
  const net = fcNetwork([2, 3, 1], relu());
  const theta = toRats(['1', '-1', '1/2', '1', '-1', '-1/3', '1/5', '-1/7', '2/7', '1', '2', '-1', '1/2']);
  const inputs = [
    [1, 0],
    [0, 1],
    [1, 1],
    [2, -1],
    [-1, 2],
    [1, 3],
    [3, 1],
    [-2, -1],
    [2, 2],
    [3, 2],
    [2, 3],
    [4, 1],
    [1, 4],
    [-1, -3],
    [-3, -1],
    [-2, -2],
    [5, 1],
    [1, 5],
    [-1, 1],
    [1, -1],
  ]
    .slice(0, samples)
    .map((r) => toRats(r));
  return { net, theta, data: plantCellMinimum(net, theta, inputs, toRats([1, -2, '1/2', 3])) };
}

/**
 * Liu's one-hidden-layer G3 data: 2-1-1 ReLU without biases, inputs (u, 1) for u = 0, −4, −2, targets 1, −1, 1;
 * and its strict minimum on a cell boundary, θ = (w₁, w₂, z) = (3/10, 6/5, 1): w·x₂ = 0, R = 2/5.
 */
export function liuG3(): { net: Network; data: Dataset; theta: Fraction[] } {
  return {
    theta: toRats(['3/10', '6/5', 1]),
    net: fcNetwork([2, 1, 1], relu(), false),
    data: dataset(
      [
        [0, 1],
        [-4, 1],
        [-2, 1],
      ],
      [[1], [-1], [1]],
    ),
  };
}
