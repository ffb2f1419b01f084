// Fixed examples for src/landscape that `npm run mutate` found unguarded (issue 20, part 2): each test names the
// mutants it kills.
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import { cellProgrammeApplies } from '../../src/landscape/cell-qp.js';
import { rayCurve, witnessT } from '../../src/landscape/curve.js';
import { analyseLocalMin } from '../../src/landscape/analyse.js';
import { descentSearch } from '../../src/landscape/descent.js';
import { prng, scanDirections, scanTolerance } from '../../src/landscape/scan.js';
import { analyseRechecked } from '../../src/landscape/analyse-rechecked.js';
import { constantAlongPath } from '../../src/landscape/paths.js';
import { floatProbes, randomUnitDirections } from '../../src/landscape/probes.js';
import { patternClassBound } from '../../src/landscape/certificates.js';
import { recheck } from '../../src/landscape/recheck.js';
import { hessianInertia } from '../../src/landscape/second-order.js';
import {
  affineFit,
  buildNetwork,
  dataset,
  fcNetwork,
  linear,
  relu,
  sigmoid,
  squaredLoss,
} from '../../src/model/index.js';
import { toRats } from '../../src/numeric/index.js';
import { linearRegressionFixture } from '../helpers/landscape.js';
import { exactBackend } from '../../src/numeric/exact-backend.js';
import { hardTanh } from '../../src/model/index.js';
import { det, fromRows } from '../../src/linalg/matrix.js';
import { germField } from '../../src/landscape/germ.js';
import { interpolatingPoint } from '../../src/landscape/interpolate.js';
import { softmaxRegressionLowerBound } from '../../src/landscape/ce-bounds.js';
import { intervalArithmetic } from '../../src/numeric/interval.js';

const mse = squaredLoss();

describe('cellProgrammeApplies', () => {
  it('applies to dense → ReLU → linear dense only: a convolution first is refused (each clause on its own)', () => {
    expect(cellProgrammeApplies(fcNetwork([2, 3, 1], relu(), false), mse)).toBe(true);
    const conv = buildNetwork({
      input: { channels: 1, height: 1, width: 3 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 2, padding: 'valid', activation: relu(), bias: false },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    expect(cellProgrammeApplies(conv, mse)).toBe(false);
    const reluOut = buildNetwork({
      input: { channels: 2, height: 1, width: 1 },
      layers: [
        { kind: 'dense', units: 2, activation: relu(), bias: false },
        { kind: 'dense', units: 1, activation: relu() },
      ],
    });
    expect(cellProgrammeApplies(reluOut, mse)).toBe(false);
    // dense first, then a linear 1×1 convolution as the output layer (an identity layer that is not dense)
    const convOut = buildNetwork({
      input: { channels: 2, height: 1, width: 1 },
      layers: [
        { kind: 'dense', units: 2, activation: relu(), bias: false },
        { kind: 'conv1d', filters: 1, kernel: 1, padding: 'valid', activation: linear(), bias: false },
      ],
    });
    expect(convOut.outputDim).toBe(1);
    expect(cellProgrammeApplies(convOut, mse)).toBe(false);
  });
});

describe('hessianInertia with zero rows (a live block smaller than H)', () => {
  const H = (rows: number[][]) =>
    exactBackend.fromScalars(
      rows.length,
      rows.length,
      rows.flat().map((x) => new Fraction(x)),
    );
  it('an indefinite live block stays indefinite; a positive definite one is only semidefinite on all of θ', () => {
    // p = 2 is a zero row and column: the live block is [[1, 0], [0, −1]] (n = 2 < P = 3)
    const ind = hessianInertia(
      H([
        [1, 0, 0],
        [0, -1, 0],
        [0, 0, 0],
      ]),
    );
    expect(ind.definiteness).toBe('indefinite');
    expect(ind.inertia).toEqual({ positive: 1, negative: 1, zero: 1 });
    const psd = hessianInertia(
      H([
        [2, 1, 0],
        [1, 2, 0],
        [0, 0, 0],
      ]),
    );
    expect(psd.definiteness).toBe('positive-semidefinite');
    const pd = hessianInertia(
      H([
        [2, 1],
        [1, 2],
      ]),
    );
    expect(pd.definiteness).toBe('positive-definite');
  });
});

describe('constantAlongPath at the ends of its interval', () => {
  // kills: a kink at the right end b counted as inside the interval (countRoots(lo, hi] − [m(hi) = 0] → +)
  it('a pre-activation that reaches its kink exactly at t = b does not change the pattern inside (a, b)', () => {
    // 1-1-1 ReLU with v = 0 (the risk is constant for every t); w(t) = t − 1, so z = t − 1 on x = 1
    const net = fcNetwork([1, 1, 1], relu());
    const d = dataset([[1]], [[2]]);
    const curve = rayCurve([-1, 0, 0, 0], [1, 0, 0, 0]);
    const F = (v: number) => new Fraction(v);
    const end = constantAlongPath(net, mse, d, curve, F(0), F(1));
    expect(end.strength).toBe('proved');
    // the kink inside (0, 2) is a pattern change the check cannot look past
    expect(constantAlongPath(net, mse, d, curve, F(0), F(2)).strength).toBe('inconclusive');
    // and at the left end: the interval starts on the kink, which is not inside either
    expect(constantAlongPath(net, mse, d, curve, F(1), F(2)).strength).toBe('proved');
  });
  // kills: the empty-interval guard `a ≥ b` → `a > b` (a single point would be "proved" constant)
  it('refuses an interval that is a single point, naming it', () => {
    const net = fcNetwork([1, 1, 1], relu());
    const curve = rayCurve([-1, 0, 0, 0], [1, 0, 0, 0]);
    const d = dataset([[1]], [[2]]);
    const one = new Fraction(1);
    expect(() => constantAlongPath(net, mse, d, curve, one, one)).toThrow(
      'the interval [1, 1] is empty or a single point',
    );
  });
  // kills: recheck's constant-path branch removed or made to accept any strength (no test re-checked such a verdict)
  it('re-checks its proved and refuted verdicts by recomputing them, and refuses either read as the other', () => {
    // 1-1-1 ReLU, x = 1, y = 2: θ(t) = (1, 0, t, 0) scales the output weight, R = (t − 2)² is not constant;
    // θ(t) = (−1, 0, t, 0) keeps the unit dead, so R = 4 along it
    const net = fcNetwork([1, 1, 1], relu());
    const d = dataset([[1]], [[2]]);
    const F = (v: number) => new Fraction(v);
    const theta = [F(1), F(0), F(0), F(0)];
    for (const [start, want] of [
      [[1, 0, 0, 0], 'refuted'],
      [[-1, 0, 0, 0], 'proved'],
    ] as const) {
      const v = constantAlongPath(net, mse, d, rayCurve([...start], [0, 0, 1, 0]), F(0), F(1));
      expect(v.strength).toBe(want);
      expect(recheck(v, net, mse, theta, d)).toEqual([]);
      const other = want === 'proved' ? 'refuted' : 'proved';
      expect(recheck({ ...v, strength: other }, net, mse, theta, d)).toEqual([`recomputed: ${want} (${v.summary})`]);
    }
  });
});

describe('certificates on nets without constants', () => {
  // kills: needsConstant always true (a no-bias ReLU net's groups would be fitted with a constant too, and the
  // bound 0 would prove nothing)
  it('a no-bias 1-1-1 ReLU net: the groups are fitted without a constant, which proves the cell minimum', () => {
    // y = 1 at x = 1, 2; the unit active on both: v·w = 3/5 is the best line through 0, R = (4/25 + 1/25)/2
    const net = fcNetwork([1, 1, 1], relu(), false);
    const d = dataset([[1], [2]], [[1], [1]]);
    const theta = [new Fraction(1), new Fraction(3, 5)];
    const v = patternClassBound(net, mse, theta, d);
    expect([v.strength, v.evidence.bound]).toEqual(['proved', '1/10']);
    // the summary names the certificate (kills: the name chosen regardless of the kind)
    expect(v.summary).toBe(
      'R(θ) = 1/10 equals the pattern-class lower bound over its cell, so θ is a local (cell-global) minimum',
    );
    expect(recheck(v, net, mse, theta, d)).toEqual([]);
  });
});

describe('analyseRechecked', () => {
  // kills: the re-check run on the wrong strengths (`=== 'proved'` → `!== 'proved'` re-checks an inconclusive
  // verdict, which has nothing to re-check, and throws)
  it("returns analyseLocalMin's verdict (without probes): proved, refuted and inconclusive alike", () => {
    const d = dataset([[1], [2]], [[1], [3]]);
    const cases = [
      [fcNetwork([1, 1, 1], relu()), [-1, 0, 0, 2], 'proved'], // a dead unit, the output at the mean
      [fcNetwork([1, 1, 1], relu()), [1, -1, 1, 0], 'refuted'],
      [fcNetwork([1, 1, 1], sigmoid()), [1, 0, 1, 0], 'inconclusive'], // no exact tool for the sigmoid
    ] as const;
    for (const [net, th, strength] of cases) {
      const theta = toRats([...th]);
      const v = analyseRechecked(net, mse, theta, d);
      expect(v.strength).toBe(strength);
      expect(v).toEqual(analyseLocalMin(net, mse, theta, d, { noProbes: true }));
    }
    expect(analyseRechecked(cases[0][0], mse, toRats([...cases[0][1]]), d).summary).toBe(
      'R(θ) = 1 equals the lifted convex lower bound over its cell, so θ is a local (cell-global) minimum',
    );
  });
});

describe('randomUnitDirections', () => {
  // kills: a wrong Box–Muller transform (e.g. `· cos` → `/ cos`, whose heavy tails let one coordinate dominate:
  // E[x⁴] doubles in 10 dimensions); unit length alone does not see it, the distribution does. (In 2 dimensions
  // the mutant's directions are close to uniform, so the test uses 10.)
  it('is uniform on the sphere in 10 dimensions: unit length, E[x] = 0 and E[x⁴] = 3/(P(P + 2)) = 1/40', () => {
    const P = 10;
    const ds = randomUnitDirections(P, 2000, 11);
    expect(ds).toHaveLength(2000);
    for (const v of ds) expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-12);
    const all = ds.flatMap((v) => [...v]);
    // under uniformity: the mean of x has standard deviation 0.0022, the mean of x⁴ about 0.0002 (20,000 values, negatively correlated within a vector)
    expect(Math.abs(all.reduce((s, x) => s + x, 0) / all.length)).toBeLessThan(0.012);
    expect(Math.abs(all.reduce((s, x) => s + x ** 4, 0) / all.length - 1 / 40)).toBeLessThan(0.004);
  });
});

describe('floatProbes, descent runs only', () => {
  // kills: the descent runs' perturbed start lost (`th.map(…)` → `() => undefined` gives NaN coordinates, so every
  // run counts as outside the ball and no descent is found)
  it('at a point with a nonzero gradient, gradient descent from a perturbed start finds a lower risk inside the ball', () => {
    // 1-1-1 ReLU, x = 1, y = 3, θ = (1, 0, 1, 0): f = 1, R = (1 − 3)² = 4, and R falls along −∇R
    const net = fcNetwork([1, 1, 1], relu());
    const d = dataset([[1]], [[3]]);
    const p = floatProbes(net, mse, [1, 0, 1, 0], d, {
      directionsPerRadius: 0,
      radii: [1e-1],
      gdStarts: 2,
      gdSteps: 5,
      stepSize: 1e-3,
    });
    expect(p.evidence.risk).toBe(4);
    expect(p.evidence.descentRunsOutsideBall).toBe(0);
    expect(p.evidence.minAt.method).toBe('descent');
    expect(p.evidence.minAt.radius).toBeGreaterThan(0);
    expect(p.evidence.minAt.radius).toBeLessThanOrEqual(1e-1);
    expect(p.evidence.minDeltaR).toBeLessThan(-1e-3);
  });
});

describe('descentSearch at a strict minimum', () => {
  // kills: the count of candidates screened out in floats miscounted (`=== Infinity` → `!==`, or the running count
  // lost to `&& 0`), which the verdict's summary and evidence report
  it('screens out every random direction as clearly ascending and says how many', () => {
    // a 2-1 linear net at its least-squares fit: the Hessian is positive definite, every direction ascends
    const { net, data: d } = linearRegressionFixture();
    const theta = affineFit(d).W[0];
    for (const randomDirections of [24, 5]) {
      const v = descentSearch(net, mse, theta, d, { randomDirections });
      expect(v.strength).toBe('inconclusive');
      expect(v.evidence).toMatchObject({ tried: { random: 0 }, screenedOut: { random: randomDirections } });
      expect(v.summary).toContain(`(${randomDirections} more screened out in floats as clearly ascending)`);
    }
  });
});

describe('witnessT', () => {
  // kills: the readable steps t = 1, 1/2, 1/4, … skipped (`t ≥ τ/2` → `t < τ/2`), which leaves only τ/2
  it('tries t = 1, 1/2, 1/4, … before τ/2, and needs R strictly lower', () => {
    // a 1-1 linear net without bias, x = 1: along w(t) = t, R(t) = (t − y)²
    const net = fcNetwork([1, 1], linear(), false);
    const curve = rayCurve([0], [1]);
    const tau = new Fraction(1, 64);
    const at = (y: string) => {
      const d = dataset([[1]], [[y]]);
      const w = witnessT(net, mse, d, curve, new Fraction(y).mul(y), tau);
      return w && [w.t.toFraction(), w.riskAtT.toFraction()];
    };
    expect(at('1')).toEqual(['1', '0']); // R(1) = 0 < 1
    expect(at('1/4')).toEqual(['1/4', '0']); // R(1) = 9/16, R(1/2) = 1/16 = R(0): not lower; R(1/4) = 0
    expect(at('-1')).toBeNull(); // R rises: no t, not even τ/2
  });
});

describe('descentSearch at a zero-risk point of a 1-2-1 ReLU net', () => {
  // x = 1, 2 with y = x; θ = (w₁, w₂, c₁, c₂, v₁, v₂, b). Unit 1 (w = 1, c = 0) carries the fit f(x) = x, so
  // R = 0 and no direction descends: the search ends inconclusive and its evidence reports what it examined.
  const net = fcNetwork([1, 2, 1], relu());
  const d = dataset([[1], [2]], [[1], [2]]);

  // kills: the last weighted layer never found (`net.layers.forEach((L) => …)` → `() => undefined` leaves it 0, so
  // every kink counts as read and is enumerated on both sides)
  it('keeps the kink of a unit nothing reads on its left side: one adjacent cell, the kink counted as unread', () => {
    // unit 2 (w = 1, c = −1) sits on its kink at x = 1 but its outgoing weight v₂ is 0: nothing reads it
    const v = descentSearch(net, mse, toRats(['1', '1', '0', '-1', '1', '0', '0']), d);
    expect(v.strength).toBe('inconclusive');
    expect(v.evidence).toMatchObject({ kind: 'descent-search', cells: 1 });
    expect(v.evidence).toHaveProperty(
      'note',
      '1 adjacent cell(s) examined: both sides of 0 kink entries; 1 entries of units nothing reads kept on their left side (their other side is reached by the hinges)',
    );
  });

  // kills: `silent` always false (`lp.piece[r].every(…)` → `() => undefined`) and its test read as
  // `margin ≠ 0 && slope = 0 || intercept = 0` (every ReLU unit silent, since ReLU's intercepts are all 0)
  it('skips the bilinear moves of a dead unit and makes them for the live one', () => {
    // unit 2 (w = 1, c = −5) is strictly dead on both samples (z = −4, −3), so its bilinear moves leave R constant
    // and are skipped; unit 1 gets bilinearPerUnit (6) sampled pairs × 2 signs = 12 candidates, each either
    // checked exactly or screened out in floats
    const v = descentSearch(net, mse, toRats(['1', '1', '0', '-5', '1', '1', '0']), d);
    expect(v.strength).toBe('inconclusive');
    const e = v.evidence as { tried: Record<string, number>; screenedOut?: Record<string, number> };
    expect(e.tried.bilinear + (e.screenedOut?.bilinear ?? 0)).toBe(12);
  });
});

describe('analyseLocalMin, the degenerate and probe stages', () => {
  // kills: degenerateMinimum's refutation not returned (`f.strength === 'refuted'` → `false`): the search after it
  // then refutes along a random direction instead of the null direction
  it('a cubic saddle with zero Hessian is refuted by the null-direction stage itself', () => {
    // R(t·d) = (t³·d₁d₂d₃ − 1)² at θ = 0 of a 1-1-1-1 linear net without biases: ∇R = 0, Hessian 0
    const deep = fcNetwork([1, 1, 1, 1], linear(), false);
    const v = analyseLocalMin(deep, mse, toRats([0, 0, 0]), dataset([[1]], [[1]]));
    expect(v.strength).toBe('refuted');
    expect(v.evidence).toMatchObject({ kind: 'descent', method: 'null-direction', order: 3 });
  });

  // kills: the probes' noise test with the wrong sign (`minDeltaR < −tol` → `< +tol`), which takes a rise below
  // the tolerance for a lower point
  it('at zero risk a tiny probe rise is not reported as lower risk', () => {
    // 1-1-1 sigmoid (no exact tool): θ = (0, 0, 0, 1/2) outputs 1/2 = y on both samples, so R = 0 and every probe
    // has ΔR = R(θ′) ≥ 0; at radius 1e-8 the rises are far below the tolerance 1e-12
    const net = fcNetwork([1, 1, 1], sigmoid());
    const d = dataset([[1], [2]], [['1/2'], ['1/2']]);
    const v = analyseLocalMin(net, mse, toRats(['0', '0', '0', '1/2']), d, {
      probes: { radii: [1e-8], directionsPerRadius: 8, gdStarts: 0 },
    });
    expect(v.strength).toBe('evidence');
    expect(v.summary).toMatch(/^no float probe found lower risk beyond rounding/);
  });
});

describe('scanDirections on a 1-1 linear net', () => {
  // x = 1, no bias: R(w) = (w − y)²
  const net = fcNetwork([1, 1], linear(), false);
  const steps = [new Fraction(1, 2)];

  // kills: a step counted as a candidate without a float drop (`r < R0 − tol` → `true`)
  it('counts no direction at the minimum, where every step rises', () => {
    // y = 0, w = 0: R = 0 and R(±1/2) = 1/4
    const sc = scanDirections(net, mse, dataset([[1]], [[0]]), [new Fraction(0)], new Fraction(0), [[1]], { steps });
    expect(sc).toEqual({ lower: null, count: 0 });
  });

  // kills: the float trial point on the wrong side (`c + step·d` → `c − step·d`), so the step recorded is the
  // one that rises exactly
  it('takes the step that drops: w = 1/2 with R = 1/4 below R(0) = 1', () => {
    // y = 1, w = 0: R = 1, R(1/2) = 1/4, R(−1/2) = 9/4
    const sc = scanDirections(net, mse, dataset([[1]], [[1]]), [new Fraction(0)], new Fraction(1), [[1]], { steps });
    expect(sc.count).toBe(1);
    expect(
      sc.lower && [sc.lower.step.toFraction(), sc.lower.exactRisk.toFraction(), sc.lower.theta[0].toFraction()],
    ).toEqual(['1/2', '1/4', '1/2']);
  });
});

describe('needsConstant: an activation piece with an intercept is a constant', () => {
  // kills: needsConstant's intercept test `(c) => c.n !== 0n` → `() => undefined` (a net without biases would then
  // be fitted by linear maps only, though hard-tanh's outer pieces are the constants −1 and 1)
  it('the pattern-class bound of a 1-1-1 hard-tanh net without biases fits affine maps', () => {
    // θ = (w, v) = (1/2, 1), x = ±1: z = ±1/2, both on the middle piece (an interior point, one group)
    const net = fcNetwork([1, 1, 1], hardTanh(), false);
    const v = patternClassBound(net, mse, toRats(['1/2', '1']), dataset([[1], [-1]], [[1], [0]]));
    expect(v.evidence.kind === 'pattern-class-bound' && v.evidence.affine).toBe(true);
    // an affine map fits both samples exactly (y = x/2 + 1/2), so the bound is 0
    expect(v.evidence.kind === 'pattern-class-bound' && v.evidence.bound).toBe('0');
  });
});

describe('floatProbes, direction probes and the descent starts', () => {
  // a 1-1 linear net without bias, x = 1: R(w) = (w − y)², and the only unit directions in one dimension are ±1
  const net = fcNetwork([1, 1], linear(), false);

  // kills: probes.ts, the direction probe's point lost (`th.map((x, k) => x + radius·d[k])` → `() => undefined`:
  // NaN coordinates, no probe counted, minDeltaR reported as 0 at radius 0)
  it('at the minimum w = 0 of R = w², every direction probe at radius 1/10 rises by exactly 1/100', () => {
    const p = floatProbes(net, mse, [0], dataset([[1]], [[0]]), { radii: [0.1], directionsPerRadius: 4, gdStarts: 0 });
    expect(p.evidence.risk).toBe(0);
    expect(p.evidence.minDeltaR).toBeCloseTo(0.01, 15);
    expect(p.evidence.minAt).toEqual({ method: 'direction', radius: 0.1 });
    expect(Math.abs(p.best[0])).toBeCloseTo(0.1, 15);
  });

  // kills: probes.ts, the descent run's start on the wrong side (`x + perturbation·d[k]` → `x − …`)
  it('a descent run of no steps is its perturbed start θ + perturbation·d, with d the seeded direction', () => {
    // y = 1, w = 0: R = 1; the start w = d/4 has R = (d/4 − 1)², 9/16 for d = 1 and 25/16 for d = −1
    const [d] = randomUnitDirections(1, 1, 1 + 1000); // seed 1 (the default) + 1000, as the descent runs draw it
    expect(Math.abs(d[0])).toBe(1);
    const p = floatProbes(net, mse, [0], dataset([[1]], [[1]]), {
      radii: [],
      directionsPerRadius: 0,
      gdStarts: 1,
      gdSteps: 0,
      perturbation: 1 / 4,
    });
    expect(Array.from(p.best)).toEqual([d[0] / 4]);
    expect(p.evidence.minDeltaR).toBe((d[0] / 4 - 1) ** 2 - 1);
    expect(p.evidence.minAt).toEqual({ method: 'descent', radius: 1 / 4 });
  });
});

describe('scanTolerance and prng', () => {
  // kills: scan.ts `Math.max(1, R)` → `Math.min(1, R)` (the tolerance is relative above R = 1, absolute below)
  it('the tolerance is 1e-12 up to R = 1 and 1e-12·R above', () => {
    expect(scanTolerance(4)).toBe(4e-12);
    expect(scanTolerance(1 / 2)).toBe(1e-12);
    expect(scanTolerance(0)).toBe(1e-12);
  });
  // kills: scan.ts, prng's body emptied (`{…}` → `{}`: no generator returned)
  it('prng is a seeded stream of numbers in [0, 1): the same seed repeats it, another seed does not', () => {
    const a = prng(7),
      b = prng(7),
      c = prng(8);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(new Set(xs).size).toBe(5);
  });
});

describe('landscape edges: a germ pivot, a one-layer construction, the refuting t, a balanced dual', () => {
  const F0 = new Fraction(0),
    F1 = new Fraction(1);
  // kills: germ.ts `exact: true` → false (partial pivoting over germs would pick 2 + t, not a constant divisor)
  it('the determinant over germs takes the first nonzero pivot, a constant, and divides only by it', () => {
    // [[1, 0], [2 + t, 1]]: exact pivoting takes the constant 1 in row 1 (det = 1·1 = 1); pivoting on the larger
    // 2 + t (near t = 0⁺) would divide by a non-constant germ, which germField refuses
    const c = (...k: number[]) => k.map((v) => new Fraction(v));
    expect(
      det(
        germField,
        fromRows([
          [c(1), []],
          [c(2, 1), c(1)],
        ]),
      ).map((x) => x.toFraction()),
    ).toEqual(['1']);
  });
  // kills: interpolate.ts `L < 2 || last not dense` → `&&` (a one-layer net reaches the hidden-layer code)
  it('a one-layer net has no interpolating construction', () => {
    expect(
      interpolatingPoint(
        fcNetwork([2, 1], relu()),
        dataset(
          [
            [0, 1],
            [1, 0],
          ],
          [[1], [2]],
        ),
      ),
    ).toBeNull();
  });
  // kills: paths.ts `k/(deg + 3)` → `k/(deg − 3)` (the probe t would leave [a, b])
  it('a non-constant risk is refuted at t = a + (b − a)/(deg + 3), inside the interval', () => {
    // 1-1-1 ReLU, x = 1, y = 2, θ(t) = (1, 0, t, 0): R = (t − 2)², deg 2, R(0) = 4; the first probe is t = 1/5
    const net = fcNetwork([1, 1, 1], relu());
    const v = constantAlongPath(net, mse, dataset([[1]], [[2]]), rayCurve([1, 0, 0, 0], [0, 0, 1, 0]), F0, F1);
    expect(v.strength).toBe('refuted');
    expect(v.evidence.counterexample).toEqual({ t: '1/5', risk: '81/25', riskAtStart: '4' });
  });
  // kills: ce-bounds.ts `i < N` → `i <= N` (a row for a sample that does not exist); here inside a test, since
  // ce-bounds.test.ts computes its dual while collecting, where a throw counts as no failed test
  it('the dual bound of a guess that is already feasible: no correction, entropy 2·ln 2', () => {
    // two samples with feature 1, targets (1, 0) and (0, 1), guess (1/2, 1/2) twice: Σ_i P_i = Σ_i y_i = (1, 1)
    // already, so the least-norm correction is 0 and the bound is c·Σ H(p_i) = 2·ln 2 ≈ 1.38629436112
    const h = new Fraction(1, 2),
      one = [new Fraction(1)];
    const y = [
      [F1, F0],
      [F0, F1],
    ];
    const dual = softmaxRegressionLowerBound(
      intervalArithmetic(40),
      [one, one],
      y,
      [
        [h, h],
        [h, h],
      ],
      F1,
    )!;
    expect(dual.P.map((r) => r.map((p) => p.toFraction()))).toEqual([
      ['1/2', '1/2'],
      ['1/2', '1/2'],
    ]);
    expect(dual.moved.toFraction()).toBe('0');
    expect(dual.bound.lo.lte('1.38629436112') && dual.bound.hi.gte('1.38629436111')).toBe(true);
  });
});

describe('cellProgrammeApplies, each clause against a network the others accept', () => {
  // kills: cell-qp.ts, the loss and depth test dropped (`loss.kind !== 'squared' || net.layers.length !== 2` →
  // `false`): dense → ReLU → linear dense → linear dense passes every other clause
  it('refuses three layers', () => {
    const deep = buildNetwork({
      input: { channels: 2, height: 1, width: 1 },
      layers: [
        { kind: 'dense', units: 2, activation: relu() },
        { kind: 'dense', units: 2, activation: linear() },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    expect(cellProgrammeApplies(deep, mse)).toBe(false);
  });

  // kills: cell-qp.ts, the activation clauses joined by `||` (`… && intercepts… || !slopes…`, and
  // `(pwl && one breakpoint && at 0) || intercepts…`): a sigmoid has no table and no slopes, so either form reads
  // them and throws; hard tanh (two breakpoints, slopes 0 ≠ 1) passes the slope test alone
  it('refuses a sigmoid and hard tanh (returns false, does not throw)', () => {
    expect(cellProgrammeApplies(fcNetwork([2, 3, 1], sigmoid(), false), mse)).toBe(false);
    expect(cellProgrammeApplies(fcNetwork([2, 3, 1], hardTanh(), false), mse)).toBe(false);
  });
});

describe('hessianInertia, the bit length of the entries in the cost', () => {
  // kills: second-order.ts, `bits`' absolute value (`x < 0n ? −x : x` → `x >= 0n`: "-1" has two characters, so
  // every entry counts one bit more)
  it('H = diag(1, −1) with a budget of 1.05: affordable, so the exact inertia comes with the negative direction', () => {
    // n = 2, b = 1: costInertia = (2 − 1)²·(1 + 1/64)² ≈ 1.0315 < 1.05; with b = 2 it is (1 + 2/64)² ≈ 1.0635
    const H = exactBackend.fromScalars(
      2,
      2,
      [1, 0, 0, -1].map((x) => new Fraction(x)),
    );
    const r = hessianInertia(H, { budget: 1.05 });
    expect(r.inertia).toEqual({ positive: 1, negative: 1, zero: 0 });
    expect(r.negative).toBeDefined();
  });
});

describe('floatProbes in two dimensions', () => {
  // kills: probes.ts, the probe point `x + radius·d[k]` → `x + radius/d[k]` (the same for d = ±1 in one dimension)
  it('R = (w₁² + w₂²)/2: every probe at radius 1/10 rises by exactly 1/200', () => {
    // a 2-1 linear net without bias, x = (1, 0) and (0, 1), y = 0: R = (w₁² + w₂²)/2, so a unit direction at radius r
    // rises by r²/2 = 0.005; with radius/d the point has norm r·√(1/d₁² + 1/d₂²) ≥ 2r and rises by at least 0.02
    const net = fcNetwork([2, 1], linear(), false);
    const d = dataset(
      [
        [1, 0],
        [0, 1],
      ],
      [[0], [0]],
    );
    const p = floatProbes(net, mse, [0, 0], d, { radii: [0.1], directionsPerRadius: 4, gdStarts: 0 });
    expect(p.evidence.risk).toBe(0);
    expect(p.evidence.minDeltaR).toBeCloseTo(0.005, 15);
  });
});
