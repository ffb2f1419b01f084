/**
 * Generated one-hidden-layer ReLU instances on which a lower point exists by construction, each with a given
 * spurious point of positive risk (properties/unit/lower-search.test.ts):
 *  - wide-dead:        the hidden layer is wide enough to interpolate (K ≥ N − 1 for 1-D inputs, K ≥ N for
 *                      2-D), targets arbitrary (not all equal); the spurious point has every unit dead and the
 *                      output bias at the mean target (a local minimum with risk = the targets' variance);
 *  - realisable-dead:  the targets are a random teacher net's own outputs on N > K + 1 inputs (risk 0 at the
 *                      teacher, the net too narrow to interpolate in general), same dead spurious point;
 *  - realisable-pruned: the same kind of data; the spurious point is the teacher with one unit switched off
 *                      and the output layer refitted by exact least squares;
 *  - wide-planted:     a planted cell minimum (plantCellMinimum at a random interior θ, nonzero residual
 *                      coefficients) with positive risk on a net wide enough to interpolate.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { plantCellMinimum, snapLastLayer } from '../../src/landscape/index.js';
import {
  activationPattern,
  assembleParams,
  dataset,
  exactOutputs,
  exactRisk,
  fcNetwork,
  getBlock,
  setBlock,
  relu,
  squaredLoss,
  type Dataset,
  type Network,
} from '../../src/model/index.js';
import { distinctInputs, smallRational } from '../../src/gen/index.js';

const mse = squaredLoss();

export interface LowerInstance {
  kind: 'wide-dead' | 'realisable-dead' | 'realisable-pruned' | 'wide-planted';
  net: Network;
  data: Dataset;
  /** the given spurious point and its exact risk (> 0) */
  theta: Fraction[];
  risk: Fraction;
  /** a known point of risk 0, when the generator has one (the teacher) */
  zero?: Fraction[];
}

const F = (x: number) => new Fraction(x);

/** Every hidden unit dead on every sample (w = 0, b = −1), outgoing weights z, output bias the mean target. */
export function deadPoint(net: Network, data: Dataset, z: readonly Fraction[]): Fraction[] {
  const [l1] = net.layers;
  const K = l1.outDim;
  const mean = data.targets.reduce((a, t) => a.add(t[0]), F(0)).div(data.targets.length);
  return assembleParams(net, {
    'layer1.weight': new Array(K * l1.inDim).fill(F(0)),
    'layer1.bias': new Array(K).fill(F(-1)),
    'layer2.weight': z.slice(0, K),
    'layer2.bias': [mean],
  });
}

const notConstant = (ys: readonly Fraction[]) => ys.some((y) => !y.equals(ys[0]));

const wideDead: fc.Arbitrary<LowerInstance> = fc
  .record({ d: fc.integer({ min: 1, max: 2 }), K: fc.integer({ min: 2, max: 4 }) })
  .chain(({ d, K }) => {
    const maxN = d === 1 ? K + 1 : K;
    return fc.record({
      d: fc.constant(d),
      K: fc.constant(K),
      xs: distinctInputs(d, { minN: Math.min(3, maxN), maxN }),
      ys: fc.array(smallRational(6, 2), { minLength: maxN, maxLength: maxN }),
      z: fc.array(smallRational(3, 2), { minLength: K, maxLength: K }),
    });
  })
  .filter(({ xs, ys }) => notConstant(ys.slice(0, xs.length)))
  .map(({ d, K, xs, ys, z }) => {
    const net = fcNetwork([d, K, 1], relu());
    const data = dataset(
      xs,
      xs.map((_, i) => [ys[i]]),
    );
    const theta = deadPoint(net, data, z);
    return { kind: 'wide-dead' as const, net, data, theta, risk: exactRisk(net, mse, theta, data) };
  });

/** A random teacher net [d, K, 1] (K in [minK, maxK]) and N ∈ [K + 2, 8] distinct inputs; the targets are its outputs. */
const teacherData = (minK: number, maxK: number) =>
  fc
    .record({ d: fc.integer({ min: 1, max: 2 }), K: fc.integer({ min: minK, max: maxK }) })
    .chain(({ d, K }) => {
      const net = fcNetwork([d, K, 1], relu());
      return fc.record({
        net: fc.constant(net),
        xs: distinctInputs(d, { minN: K + 2, maxN: 8 }),
        teacher: fc.array(smallRational(4, 2), { minLength: net.paramCount, maxLength: net.paramCount }),
      });
    })
    .map(({ net, xs, teacher }) => {
      const probe = dataset(
        xs,
        xs.map(() => [0]),
      );
      return { net, teacher, data: dataset(xs, exactOutputs(net, teacher, probe)) };
    })
    .filter((v) => notConstant(v.data.targets.map((t) => t[0])));

const realisableDead: fc.Arbitrary<LowerInstance> = fc
  .tuple(teacherData(1, 3), fc.array(smallRational(3, 2), { minLength: 3, maxLength: 3 }))
  .map(([{ net, teacher, data }, z]) => {
    const theta = deadPoint(net, data, z);
    return {
      kind: 'realisable-dead' as const,
      net,
      data,
      theta,
      risk: exactRisk(net, mse, theta, data),
      zero: teacher,
    };
  });

const realisablePruned: fc.Arbitrary<LowerInstance> = fc
  .tuple(teacherData(2, 3), fc.nat(2))
  .map(([{ net, teacher, data }, u]) => {
    // the teacher with one unit switched off (w = 0, b = −1), the output layer refitted by exact least squares
    const [l1] = net.layers;
    const unit = u % l1.outDim;
    const W = getBlock(net, teacher, 'layer1.weight').map((w, k) => (Math.floor(k / l1.inDim) === unit ? F(0) : w));
    const b = getBlock(net, teacher, 'layer1.bias').map((c, j) => (j === unit ? F(-1) : c));
    const pruned = setBlock(net, setBlock(net, teacher, 'layer1.weight', W), 'layer1.bias', b);
    const theta = snapLastLayer(net, pruned, data)!;
    return {
      kind: 'realisable-pruned' as const,
      net,
      data,
      theta,
      risk: exactRisk(net, mse, theta, data),
      zero: teacher,
    };
  })
  .filter((v) => v.risk.compare(0) > 0);

const widePlanted: fc.Arbitrary<LowerInstance> = fc
  .record({ d: fc.integer({ min: 1, max: 2 }), K: fc.integer({ min: 2, max: 4 }) })
  .chain(({ d, K }) => {
    const net = fcNetwork([d, K, 1], relu());
    const maxN = d === 1 ? K + 1 : K;
    return fc.record({
      net: fc.constant(net),
      xs: distinctInputs(d, { minN: Math.min(d + 2, maxN), maxN }),
      theta: fc.array(smallRational(4, 2), { minLength: net.paramCount, maxLength: net.paramCount }),
      coefficients: fc.array(
        smallRational(3, 2).filter((c) => c.n !== 0n),
        { minLength: 1, maxLength: 3 },
      ),
    });
  })
  .filter(
    ({ net, xs, theta }) =>
      activationPattern(
        net,
        theta,
        dataset(
          xs,
          xs.map(() => [0]),
        ),
      ).interior,
  )
  .map(({ net, xs, theta, coefficients }) => {
    const data = plantCellMinimum(net, theta, xs, coefficients);
    return { kind: 'wide-planted' as const, net, data, theta, risk: exactRisk(net, mse, theta, data) };
  })
  .filter((v) => v.risk.compare(0) > 0);

/** The four kinds above, drawn evenly. */
export const lowerInstance: fc.Arbitrary<LowerInstance> = fc.oneof(
  wideDead,
  realisableDead,
  realisablePruned,
  widePlanted,
);

/** `n` instances of each kind from a fixed seed (deterministic). */
export function lowerInstances(n: number, seed = 13): LowerInstance[] {
  return [wideDead, realisableDead, realisablePruned, widePlanted].flatMap((a, k) =>
    fc.sample(a, { seed: seed + k, numRuns: n }),
  );
}
