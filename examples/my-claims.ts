/**
 * Two claims of your own, run by the suite's CLI:
 *
 *   npx spurious verify --claims ./my-claims.ts
 *   npx spurious show counterexamples/mine.dead-relu.global-min/<hash>.json
 *
 * The setting: a one-hidden-layer ReLU network whose two hidden units are dead
 * on every sample (incoming weight 0, bias −1) and whose output bias is the
 * mean target. Is that point a local minimum? (Yes: the toolkit proves it.)
 * Is it a global minimum? (No: the suite finds a lower point and saves it.)
 */
import {
  analyseLocalMin,
  claimsOf,
  dataset,
  datasetCodec,
  dataTable,
  encQ,
  exactRisk,
  fc,
  fcNetwork,
  fromVerdict,
  instanceKind,
  paramTable,
  proved,
  rationals,
  refuted,
  relu,
  searchLowerPoint,
  smallRational,
  squaredLoss,
  sum,
  toRat,
  z,
  type Dataset,
  type Fraction,
} from 'spurious-minima';

const net = fcNetwork([1, 2, 1], relu()); // θ = (w₁, w₂, b₁, b₂, z₁, z₂, c)
const mse = squaredLoss(); // R = (1/N)·Σ (ŷ − y)²

interface DeadPoint {
  data: Dataset;
  theta: Fraction[];
}

// What the claims draw: data (2–6 distinct inputs, small rational targets) and the dead point.
const deadPoints = instanceKind<DeadPoint>({
  generate: () =>
    fc
      .record({
        xs: fc.uniqueArray(smallRational(4, 1), { minLength: 2, maxLength: 6, selector: (x) => x.toFraction() }),
        ys: fc.array(smallRational(4, 1), { minLength: 6, maxLength: 6 }),
        out: fc.array(smallRational(3, 1), { minLength: 2, maxLength: 2 }),
      })
      .map(({ xs, ys, out }) => {
        const data = dataset(
          xs.map((x) => [x]),
          xs.map((_, i) => [ys[i]]),
        );
        const mean = sum(data.targets.map((t) => t[0])).div(xs.length);
        return { data, theta: [toRat(0), toRat(0), toRat(-1), toRat(-1), out[0], out[1], mean] };
      }),
  codec: z.object({ data: datasetCodec, theta: rationals }), // saved losslessly, rationals as "p/q"
  describe: (v) => `data:\n${dataTable(v.data)}\nθ:\n${paramTable(net, v.theta)}`,
  hypotheses: [
    'a 1-2-1 ReLU network with biases',
    'both hidden units dead on every sample (w = 0, b = −1)',
    'output bias = mean target',
  ],
});

const mine = claimsOf({ paper: 'my-notes.md', runs: 50 });

export const deadIsLocalMin = mine.claim({
  id: 'mine.dead-relu.local-min',
  section: '§1',
  title: 'Dead hidden units and the mean as output: a local minimum',
  statement:
    'At a point where every hidden unit is dead and the output bias is the mean target, the risk has a local minimum.',
  instance: deadPoints,
  // proved by an exact certificate, or refuted by an exact descent; anything weaker fails the claim
  check: (v) => fromVerdict(analyseLocalMin(net, mse, v.theta, v.data, { noProbes: true }), 'θ is a local minimum'),
});

export const deadIsGlobalMin = mine.claim({
  id: 'mine.dead-relu.global-min',
  section: '§1',
  title: 'Dead hidden units and the mean as output: a global minimum (false)',
  statement: 'The same point is a global minimum: no parameter point has lower risk.',
  expected: 'refuted', // we expect the suite to find why not
  instance: deadPoints,
  check: (v) => {
    const r = exactRisk(net, mse, v.theta, v.data);
    const lower = searchLowerPoint(net, mse, v.data, r, { seed: 1 });
    if (!lower) return proved();
    return refuted(
      `no parameter point has risk below R(θ) = ${encQ(r)}`,
      `θ′ = (${lower.theta.map(encQ).join(', ')}) has R(θ′) = ${encQ(lower.risk)} < ${encQ(r)}, exactly`,
      { risk: encQ(r), lowerTheta: lower.theta.map(encQ), lowerRisk: encQ(lower.risk) },
    );
  },
});
