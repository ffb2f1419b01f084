// The shared float optimisers (issue 13, item 4): Adam, damped Newton, and the classification of where a run
// stops; the float cell minimum agrees with the exact lifted bound.
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  adam,
  cellMinimumRisk,
  dampedNewton,
  endPoint,
  liftedBound,
  optimiseFromRestarts,
  plantCellMinimum,
  randomStarts,
  recheck,
  snapAndCertify,
} from '../../src/landscape/index.js';
import {
  affineFit,
  dataset,
  exactRisk,
  fcNetwork,
  linear,
  quadratic,
  relu,
  squaredLoss,
} from '../../src/model/index.js';
import { toRats } from '../../src/numeric/index.js';
import { maxPoolCnn } from '../../src/papers/liu-cpwl/index.js';
import { linearRegressionFixture, liuG3, plantedFixture } from '../helpers/landscape.js';

const mse = squaredLoss();
const floats = (t: readonly Fraction[]) => t.map((x) => x.valueOf());

describe('damped Newton', () => {
  // kills: a step of the wrong sign, a damping that never shrinks, accepting a step that raises R
  it('on linear regression (a 2-1 linear net) it reaches the exact least-squares risk', () => {
    const { net, data: d } = linearRegressionFixture();
    const run = dampedNewton(net, mse, d, [5, -5, 5]);
    expect(Math.abs(run.risk - affineFit(d).risk.valueOf())).toBeLessThan(1e-12);
    expect(run.iterations).toBeLessThan(50);
    expect(endPoint(net, mse, d, run.theta).kind).toBe('interior');
  });
});

describe('where a run stops', () => {
  const { net, theta, data } = plantedFixture();
  it('a planted cell minimum is a converged interior point, and the float cell minimum equals the exact lifted bound', () => {
    const e = endPoint(net, mse, data, floats(theta));
    expect(e.kind).toBe('interior');
    expect(e.gradNorm).toBeLessThan(1e-10);
    const exact = liftedBound(net, mse, theta, data);
    expect(exact.strength).toBe('proved');
    const bound = new Fraction(exact.evidence.bound!).valueOf();
    expect(Math.abs(cellMinimumRisk(net, mse, floats(theta), data)! - bound)).toBeLessThan(1e-9 * Math.max(1, bound));
  });
  // kills: a classification that ignores the gradient, the margin or the curvature
  it('moved off it, it is not converged; on a planted boundary minimum it is a boundary point; at a saddle a saddle', () => {
    const moved = floats(theta).map((x, k) => (k === theta.length - 1 ? x + 1 / 64 : x));
    expect(endPoint(net, mse, data, moved).kind).toBe('not-converged');
    // 1-1-1 ReLU, the unit's kink on sample 2 (w·x + b = 0 at x = 1); residual 0 there
    const n1 = fcNetwork([1, 1, 1], relu());
    const t1 = toRats([1, -1, 2, 0]);
    const d1 = plantCellMinimum(
      n1,
      t1,
      toRats([0, 1, 2, 3, 4]).map((x) => [x]),
      toRats([1, -1]),
      { boundary: true },
    );
    expect(exactRisk(n1, mse, t1, d1).compare(0)).toBeGreaterThan(0);
    const b = endPoint(n1, mse, d1, floats(t1));
    expect(b.kind).toBe('boundary');
    expect(b.minMargin).toBe(0);
    // "within margin" includes the margin itself (kills: `!(minMargin > margin)` → `!(minMargin >= margin)`)
    expect(endPoint(n1, mse, d1, floats(t1), { margin: 0 }).kind).toBe('boundary');
    // Ding's wrong-sign control: critical, with a negative Hessian eigenvalue
    const sumLoss = squaredLoss({ reduction: 'sum' });
    const dn = fcNetwork([1, 3, 1], quadratic(1, 1, 1), false);
    const dd = dataset([[-1], [0], [1]], [[-2], [-5], [-2]]);
    const s = endPoint(dn, sumLoss, dd, [0, 0, 0, 1 / 1000, -3001 / 2000, -3001 / 2000]);
    expect(s.kind).toBe('saddle');
    expect(s.minMargin).toBe(Infinity);
  });
});

describe('where a run stops, when the floats overflow', () => {
  // kills: the eigenvalues taken of a Hessian with non-finite entries (`&&` → `||` in its guard)
  it('a point whose risk overflows is not converged, with no smallest eigenvalue (NaN), and does not throw', () => {
    const net = fcNetwork([1, 2, 1], relu());
    const d = dataset([[1], [2]], [[1], [3]]);
    const e = endPoint(net, mse, d, [1e200, 1e200, 1e200, 1e200, 1e200, 1e200, 0]);
    expect(e.kind).toBe('not-converged');
    expect(e.minEig).toBeNaN();
  });
});

describe('restarts', () => {
  const { net, data: d } = liuG3();
  // kills: starts not seeded (non-deterministic runs), a run left unclassified, an interior label on a non-minimum
  it('are seeded, every end point is classified, and converged interior ones are certified once snapped', () => {
    const runs = optimiseFromRestarts(net, mse, d, { method: 'newton', restarts: 8, seed: 3 });
    expect(runs.map((r) => r.start)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(
      optimiseFromRestarts(net, mse, d, { method: 'newton', restarts: 8, seed: 3 }).map((r) => Array.from(r.theta)),
    ).toEqual(runs.map((r) => Array.from(r.theta)));
    expect(runs.every((r) => ['interior', 'boundary', 'saddle', 'not-converged'].includes(r.kind))).toBe(true);
    const interior = runs.filter((r) => r.kind === 'interior');
    expect(interior.length).toBeGreaterThan(0);
    for (const r of interior) expect(snapAndCertify(net, mse, r.theta, d).verdict.strength).toBe('proved');
    const adamRuns = optimiseFromRestarts(net, mse, d, { restarts: 3, seed: 3, steps: 2000, learningRate: 0.02 });
    expect(adamRuns).toHaveLength(3);
  });
  // kills: `certify` ignored, a snap attached to a run that did not converge, a snap verdict not re-checked
  it('with certify, every converged run carries its snapped exact point and verdict, re-checked', () => {
    const runs = optimiseFromRestarts(net, mse, d, { method: 'newton', restarts: 8, seed: 3, certify: true });
    const converged = runs.filter((r) => r.kind === 'interior' || r.kind === 'boundary');
    expect(converged.length).toBeGreaterThan(0);
    for (const r of runs) expect(r.snap !== undefined).toBe(converged.includes(r));
    for (const r of converged) {
      expect(['proved', 'refuted']).toContain(r.snap!.verdict.strength);
      expect(recheck(r.snap!.verdict, net, mse, r.snap!.theta, d)).toEqual([]);
    }
    expect(runs.filter((r) => r.kind === 'interior').every((r) => r.snap!.verdict.strength === 'proved')).toBe(true);
  });
});

describe('Adam', () => {
  // kills: the moment updates (1 − β₁ → 1 + β₁, β₂), the bias corrections and the sign of the step: Adam's first
  // step moves every coordinate with a nonzero gradient by lr (to within ε), against the gradient's sign, and its
  // second step, the gradient's sign unchanged, by about lr again
  it('the first two steps move each coordinate by the learning rate, downhill', () => {
    // R(w, b) = mean((w·x + b − y)²) on two samples: ∂R/∂w = 2, ∂R/∂b = −6 at (0, 0)
    const net = fcNetwork([1, 1], linear());
    const d = dataset([[1], [-1]], [[2], [4]]);
    const one = adam(net, mse, d, Float64Array.from([0, 0]), 1, 0.01);
    expect(Array.from(one).map((x) => x.toFixed(9))).toEqual(['-0.010000000', '0.010000000']);
    const two = adam(net, mse, d, Float64Array.from([0, 0]), 2, 0.01);
    // (the gradient has moved a little: each step is lr within 1e-4)
    expect(two[0]).toBeCloseTo(-0.02, 3);
    expect(two[1]).toBeCloseTo(0.02, 3);
    // a zero gradient does not move (ε keeps 0/0 away)
    const still = adam(net, mse, dataset([[1], [-1]], [[0], [0]]), Float64Array.from([0, 0]), 3, 0.01);
    expect(Array.from(still)).toEqual([0, 0]);
  });
});

describe('damped Newton beside a saddle', () => {
  // 1-1-1 linear net without biases, x = 1, y = 1: R(a, b) = (ab − 1)², with a saddle at 0 and minima on ab = 1.
  // At (1/10, 1/10): ∇R = 2(ab − 1)(b, a) = −0.198·(1, 1), and (1, 1) is an eigenvector of
  // H = 2[[b², 2ab − 1], [2ab − 1, a²]] with eigenvalue 2(0.01 − 0.98) = −1.94. The first damped step
  // −(H + 10⁻³)⁻¹∇R ≈ −0.102·(1, 1) lands near the saddle, R ≈ 1 > R(start) = 0.9801: it must be refused and the
  // damping raised (×4 each time) until H + μ is positive definite (μ > 1.94), when the step goes downhill.
  const net = fcNetwork([1, 1, 1], linear(), false);
  const d = dataset([[1]], [[1]]);
  const start = [1 / 10, 1 / 10];
  const r0 = dampedNewton(net, mse, d, start, { maxIter: 0 }).risk; // the float R at the start
  // kills: optimise.ts `rc <= r` → `true` (the uphill step into the saddle accepted)
  it('refuses the first, uphill step: after one iteration it is still at the start', () => {
    expect(r0).toBeCloseTo(0.9801, 12);
    const one = dampedNewton(net, mse, d, start, { maxIter: 1 });
    expect(Array.from(one.theta)).toEqual(start);
    expect(one.risk).toBe(r0);
    expect(one.iterations).toBe(1);
  });
  // kills: optimise.ts `mu *= 4` → `mu /= 4` (the damping lowered after a refused step: every later step is the
  // same uphill Newton step, refused, and the run never leaves the start), and `rc <= r` → `true` (the run
  // then settles at the saddle, R = 1)
  it('raises the damping until a step goes downhill, and reaches a global minimum (R = 0)', () => {
    const run = dampedNewton(net, mse, d, start);
    expect(run.risk).toBeLessThan(1e-20);
    expect(Math.abs(run.theta[0] * run.theta[1] - 1)).toBeLessThan(1e-10);
  });
});

describe('randomStarts, both signs', () => {
  // kills: `min: −scale` → `+scale` (every start would be the corner (scale, …, scale))
  it('draws entries in [−scale, scale] on both sides of 0', () => {
    const xs = randomStarts(3, 4, 2, 1).flat();
    expect(xs).toHaveLength(12);
    expect(xs.every((x) => x >= -2 && x <= 2)).toBe(true);
    expect(xs.some((x) => x < 0)).toBe(true);
  });
});

describe('endPoint through max pooling', () => {
  // kills: optimise.ts's pool-gap loop `g++` → `g--` (it would never end; no test reached a pooled end point)
  it('reads the pool gaps into a finite positive kink margin', () => {
    const q = (n: number, d = 1) => new Fraction(n, d);
    const pieces: [{ w: Fraction[]; b: Fraction }, { w: Fraction[]; b: Fraction }] = [
      { w: [q(0)], b: q(0) },
      { w: [q(15, 11)], b: q(-7, 22) },
    ];
    const { net, theta } = maxPoolCnn({ s0: 1, P0: 2 }, pieces, 'max', q(2), q(2));
    const data = dataset(
      [
        [q(0), q(1, 2)],
        [q(-1, 2), q(-1)],
      ],
      [[q(1)], [q(0)]],
    );
    const e = endPoint(net, squaredLoss(), data, theta.map(Number));
    expect(Number.isFinite(e.minMargin) && e.minMargin > 0).toBe(true);
  });
});
