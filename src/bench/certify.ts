/**
 * Time to certify a planted local minimum exactly, by route, on the reference
 * sizes (N = 64, width-16 hidden layers, inputs of dimension 2), for
 * `npm run bench`. Each point is planted strictly inside a cell
 * (plantCellMinimum), so the route's certificate must prove it; the times
 * include the tools' own re-check of the proof (certify).
 */
import { Fraction } from 'fraction.js';
import { liftedBound, patternClassBound } from '../landscape/certificates.js';
import { plantCellMinimum } from '../landscape/plant.js';
import { activationPattern, dataset, fcNetwork, relu, squaredLoss, type Network } from '../model/index.js';

const mse = squaredLoss();
const N = 64;

/** A deterministic interior point with planted targets (a small LCG of k/8 values, shifted off kinks). */
function planted(net: Network, salt: number) {
  let s = 12345 + salt;
  const k8 = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return new Fraction((s % 17) - 8, 8);
  };
  const xs = Array.from({ length: N }, () => Array.from({ length: net.inputDim }, k8));
  for (let attempt = 0; attempt < 50; attempt++) {
    const theta = Array.from({ length: net.paramCount }, k8);
    // biases off the k/8 grid, so no pre-activation is exactly 0
    for (const l of net.layers) for (const p of l.biasIndex ?? []) theta[p] = theta[p].add(new Fraction(1, 1009 + p));
    if (
      !activationPattern(
        net,
        theta,
        dataset(
          xs,
          xs.map(() => [0]),
        ),
      ).interior
    )
      continue;
    const coeffs = Array.from({ length: 5 }, k8);
    return { theta, data: plantCellMinimum(net, theta, xs, coeffs) };
  }
  throw new Error('bench: no interior point found');
}

function timeMs(fn: () => { strength: string }): { ms: number; strength: string } {
  const t0 = performance.now();
  const v = fn();
  return { ms: Math.round((performance.now() - t0) * 10) / 10, strength: v.strength };
}

export function certifyTimes(): Record<string, unknown> {
  const deep = fcNetwork([2, 16, 16, 1], relu());
  const one = fcNetwork([2, 16, 1], relu());
  const a = planted(deep, 1);
  const b = planted(one, 2);
  return {
    patternClass: {
      network: [2, 16, 16, 1],
      samples: N,
      ...timeMs(() => patternClassBound(deep, mse, a.theta, a.data)),
    },
    lifted: { network: [2, 16, 1], samples: N, ...timeMs(() => liftedBound(one, mse, b.theta, b.data)) },
    boundary: 'not measured: no construction plants a boundary minimum at this size yet (issue 12)',
    degenerate: 'not measured: the degenerate-minimum certificate is not built yet (issue 12)',
  };
}
