import { test, fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import {
  activationPattern,
  dataset,
  exactRisk,
  fcNetwork,
  linear,
  relu,
  squaredLoss,
  type Dataset,
  type Network,
} from '../../src/model/index.js';
import { rational } from '../../src/numeric/index.js';
import * as P from '../../src/linalg/polynomial.js';
import {
  analyseCurve,
  analyseLocalMin,
  boundaryBound,
  constantAlongPath,
  curveAt,
  descentSearch,
  equalRisk,
  floatProbes,
  liftedBound,
  patternClassBound,
  plantCellMinimum,
  randomUnitDirections,
  rayCurve,
  recheck,
  secondOrder,
  slice1d,
  slice2d,
  type Verdict,
} from '../../src/landscape/index.js';
import { pwlActivation, smallRational } from '../../src/gen/index.js';
import { everyTamperRefused, plantedFixture, witnessLowers } from '../helpers/landscape.js';

const mse = squaredLoss();
const F = (x: number | string) => new Fraction(x as number);
const Fs = (xs: (number | string)[]) => xs.map(F);

// A fixed one-hidden-layer ReLU instance at a planted cell minimum (nonzero residuals).
const { net, theta, data } = plantedFixture();

describe('certificates on fixed examples', () => {
  it('convex quadratic toy (an affine model) at its least-squares solution: proved', () => {
    const lin = fcNetwork([2, 1], []); // ŷ = w·x + b, R is a convex quadratic in θ
    const d = dataset(
      [
        [1, 0],
        [0, 1],
        [1, 1],
        [2, 1],
      ],
      [[1], [2], [2], [4]],
    );
    // normal equations solved by hand: w = (7/6, 5/6)... use the certificate's own map to set θ
    const ls = patternClassBound(lin, mse, Fs([0, 0, 0]), d);
    const map = (ls.evidence.groups ?? [])[0].map[0].map((x) => rational.fromString(x)); // [w1, w2, b]
    const v = analyseLocalMin(lin, mse, map, d, { noProbes: true });
    expect(v.strength).toBe('proved');
    expect(recheck(v, lin, mse, map, d)).toEqual([]);
    // and a non-minimiser of the same quadratic is refuted with a verified witness
    const off = analyseLocalMin(lin, mse, Fs([0, 0, 0]), d, { noProbes: true });
    expect(off.strength).toBe('refuted');
    expect(witnessLowers(off, lin, d)).toBe(true);
  });

  it('one-hidden-layer ReLU net at its least-squares cell minimum: (a) and (b) prove it, and the proof re-checks', () => {
    const r = exactRisk(net, mse, theta, data);
    expect(r.n).not.toBe(0n); // nonzero residuals
    const a = patternClassBound(net, mse, theta, data);
    const b = liftedBound(net, mse, theta, data);
    expect(a.strength).toBe('proved');
    expect(b.strength).toBe('proved');
    expect(rational.fromString(b.evidence.bound!).equals(r)).toBe(true);
    expect(recheck(a, net, mse, theta, data)).toEqual([]);
    expect(recheck(b, net, mse, theta, data)).toEqual([]);
    // a tampered certificate fails its re-check
    const tampered = structuredClone(a);
    tampered.evidence.groups![0].map[0][0] = '12345';
    expect(recheck(tampered, net, mse, theta, data).length).toBeGreaterThan(0);
  });

  it('the same net pushed off the minimum is refuted, with the witness re-verified by plain evaluation', () => {
    const pushed = theta.slice();
    pushed[12] = pushed[12].add(F('1/10')); // output bias
    const v = analyseLocalMin(net, mse, pushed, data, { noProbes: true });
    expect(v.strength).toBe('refuted');
    expect(witnessLowers(v, net, data)).toBe(true);
    expect(recheck(v, net, mse, pushed, data)).toEqual([]);
  });

  it('an extra all-zero unit: only the bilinear second-order ray descends, and tool 1 certifies it exactly', () => {
    const net4 = fcNetwork([2, 4, 1], relu());
    // θ with a fourth hidden unit whose incoming weights, bias and outgoing weight are 0
    const t4 = [...theta.slice(0, 6), F(0), F(0), ...theta.slice(6, 9), F(0), ...theta.slice(9, 12), F(0), theta[12]];
    const pat = activationPattern(net4, t4, data);
    expect(pat.interior).toBe(false);
    expect(pat.kinks.every((k) => k.layer === 1 && k.unit === 3)).toBe(true);
    expect(pat.kinks).toHaveLength(data.inputs.length); // on the kink for every sample
    // first order gives nothing: the gradient of every adjacent cell at θ vanishes on the base net's cell minimum
    const so = secondOrder(net4, mse, t4, data);
    expect(so.strength).toBe('inconclusive'); // Hessian undefined on the boundary
    const v = descentSearch(net4, mse, t4, data);
    expect(v.strength).toBe('refuted');
    const e = v.evidence;
    if (e.kind !== 'descent') throw new Error('expected a descent');
    expect(e.order).toBe(2); // R(t) = R(0) − c·t² + O(t^3)
    expect(rational.fromString(e.leadingCoefficient).s).toBe(-1n);
    // the descent moves the zero unit's incoming and outgoing weights together
    const moves = e.curve.map((c, k) => (c.length > 1 && c[1] !== '0' ? k : -1)).filter((k) => k >= 0);
    const incoming = [6, 7, 11],
      outgoing = [15];
    expect(moves.some((k) => incoming.includes(k)) && moves.some((k) => outgoing.includes(k))).toBe(true);
    expect(witnessLowers(v, net4, data)).toBe(true);
    // the risk polynomial along that ray is R(0) − c t² + (higher even terms): no linear term
    const a = analyseCurve(
      net4,
      mse,
      data,
      e.curve.map((c) => P.poly(c.map((x) => rational.fromString(x)))),
    );
    expect(P.coeff(a.riskPolynomial, 1).n).toBe(0n);
    expect(recheck(v, net4, mse, t4, data)).toEqual([]);
  });
});

describe('paths and equal risk', () => {
  it('permuting hidden units gives identical outputs (proved); a perturbed copy does not (refuted)', () => {
    // swap units 1 and 2: rows of W1, entries of b1 and W2
    const perm = [
      ...theta.slice(2, 4),
      ...theta.slice(0, 2),
      ...theta.slice(4, 6),
      theta[7],
      theta[6],
      theta[8],
      theta[10],
      theta[9],
      theta[11],
      theta[12],
    ];
    const v = equalRisk({ net, theta }, { net, theta: perm }, mse, data, { outputs: true });
    expect(v.strength).toBe('proved');
    const bad = perm.slice();
    bad[12] = bad[12].add(1);
    expect(equalRisk({ net, theta }, { net, theta: bad }, mse, data).strength).toBe('refuted');
  });

  it("risk is constant along a dead unit's outgoing weight, not along a live one, and a kink crossing is flagged", () => {
    const net4 = fcNetwork([2, 4, 1], relu());
    // unit 4 dead on every sample: incoming 0, bias −1
    const t4 = [...theta.slice(0, 6), F(0), F(0), ...theta.slice(6, 9), F(-1), ...theta.slice(9, 12), F(0), theta[12]];
    const along = (k: number) => t4.map((x, j) => P.poly([x, j === k ? F(1) : F(0)]));
    expect(constantAlongPath(net4, mse, data, along(15), F(-3), F(5)).strength).toBe('proved');
    const live = constantAlongPath(net4, mse, data, along(12), F(0), F(1));
    expect(live.strength).toBe('refuted');
    const c = live.evidence.counterexample!;
    expect(
      exactRisk(net4, mse, curveAt(along(12), rational.fromString(c.t)), data).equals(rational.fromString(c.risk)),
    ).toBe(true);
    // moving the dead unit's bias from −1 to +1 crosses its kink at 0
    expect(constantAlongPath(net4, mse, data, along(11), F(0), F(2)).strength).toBe('inconclusive');
  });

  it('slices are plot-ready and pass through R(θ)', () => {
    const d = randomUnitDirections(net.paramCount, 2, 5);
    const s1 = slice1d(net, mse, theta, d[0], [-0.1, 0, 0.1], data);
    expect(s1.risk[1]).toBeCloseTo(exactRisk(net, mse, theta, data).valueOf(), 12);
    const s2 = slice2d(net, mse, theta, d[0], d[1], [-0.1, 0, 0.1], [-0.1, 0, 0.1], data);
    expect(s2.risk).toHaveLength(3);
    expect(s2.risk[1][1]).toBe(s1.risk[1]);
    expect(() => slice1d(net, mse, theta, [1, 2], [0], data)).toThrow(/direction has 2 entries/);
  });
});

// ---------------------------------------------------------------------------
// Fuzzed consistency: proved ⇒ no lower point in the certified region;
// refuted ⇒ the witness is lower by exact evaluation.
const counts: Record<string, number> = {};
afterAll(() => {
  // The properties must not be vacuous: both kinds of verdict occurred.
  expect(counts.proved ?? 0).toBeGreaterThan(0);
  expect(counts.refuted ?? 0).toBeGreaterThan(0);
});

const smallNet = fc
  .record({
    d0: fc.integer({ min: 1, max: 2 }),
    widths: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
    act: pwlActivation(),
  })
  .map(({ d0, widths, act }) => fcNetwork([d0, ...widths, 1], act));

const instanceArb = smallNet.chain((n) =>
  fc.record({
    net: fc.constant(n),
    theta: fc.array(smallRational(5, 4), { minLength: n.paramCount, maxLength: n.paramCount }),
    inputs: fc.uniqueArray(fc.array(smallRational(6, 3), { minLength: n.inputDim, maxLength: n.inputDim }), {
      minLength: 6,
      maxLength: 10,
      selector: (r) => r.map((x) => x.toFraction()).join(','),
    }),
    coeffs: fc.array(smallRational(4, 3), { minLength: 1, maxLength: 5 }),
    targets: fc.array(smallRational(6, 2), { minLength: 10, maxLength: 10 }),
    planted: fc.boolean(),
  }),
);

/** Exact risk at float probe points that stay in θ's certified region must not be lower. */
function noLowerInRegion(v: Verdict, n: Network, th: Fraction[], d: Dataset): void {
  const r0 = exactRisk(n, mse, th, d);
  const pat = activationPattern(n, th, d);
  const kinkSet = new Set(pat.kinks.map((k) => `${k.layer}/${k.unit}/${k.sample}`));
  const key = (p: ReturnType<typeof activationPattern>) =>
    p.layers
      .map((lp) =>
        lp.piece
          .map((row, u) => row.map((x, i) => (kinkSet.has(`${lp.layer}/${u}/${i}`) ? '*' : x)).join(''))
          .join('.'),
      )
      .join('|');
  const base = key(pat);
  for (const [ri, radius] of [1e-1, 1e-2, 1e-3, 1e-5].entries()) {
    for (const dir of randomUnitDirections(n.paramCount, 6, 100 + ri)) {
      const p = th.map((x, k) => rational.fromNumber(x.valueOf() + radius * dir[k]));
      const pp = activationPattern(n, p, d);
      if (key({ ...pp, layers: pp.layers }) !== base) continue; // left the certified region: no claim there
      expect(exactRisk(n, mse, p, d).compare(r0)).toBeGreaterThanOrEqual(0);
    }
  }
  // The toolkit's own float probes: if one reports a lower risk, its point must
  // be outside the certified region or not lower in exact arithmetic (float noise).
  const probes = floatProbes(n, mse, th, d, { directionsPerRadius: 8, gdStarts: 2, gdSteps: 10, radii: [1e-2, 1e-4] });
  expect(Number.isFinite(probes.evidence.minDeltaR)).toBe(true);
  if (probes.evidence.minDeltaR < 0) {
    const p = Array.from(probes.best, (x) => rational.fromNumber(x));
    const inRegion = key(activationPattern(n, p, d)) === base;
    if (inRegion) expect(exactRisk(n, mse, p, d).compare(r0)).toBeGreaterThanOrEqual(0);
  }
  void v;
}

describe('fuzzed verdict consistency', () => {
  test.prop([instanceArb], { numRuns: 60 })(
    'proved ⇒ no lower point in the certified region; refuted ⇒ an exactly lower witness',
    (inst) => {
      const { net: n, theta: th, inputs: xs, coeffs, targets, planted } = inst;
      let d: Dataset;
      if (planted) {
        const pat = activationPattern(
          n,
          th,
          dataset(
            xs,
            xs.map(() => [0]),
          ),
        );
        fc.pre(pat.interior);
        d = plantCellMinimum(n, th, xs, coeffs);
      } else {
        d = dataset(
          xs,
          xs.map((_, i) => [targets[i % targets.length]]),
        );
      }
      const v = analyseLocalMin(n, mse, th, d, { noProbes: true, search: { randomDirections: 8, bilinearPerUnit: 2 } });
      counts[v.strength] = (counts[v.strength] ?? 0) + 1;
      if (planted) expect(v.strength).toBe('proved'); // planting makes θ attain the pattern-class bound
      if (v.strength === 'proved') {
        expect(recheck(v, n, mse, th, d)).toEqual([]);
        noLowerInRegion(v, n, th, d);
      }
      if (v.strength === 'refuted') {
        expect(witnessLowers(v, n, d)).toBe(true);
        expect(recheck(v, n, mse, th, d)).toEqual([]);
      }
      // kills: any check of the re-checkers that a single changed number slips past
      if (v.strength === 'proved' || v.strength === 'refuted') everyTamperRefused(v, n, th, d);
      // every verdict serializes losslessly
      const back = JSON.parse(JSON.stringify(v));
      expect(back).toEqual(v);
      for (const str of JSON.stringify(v).match(/"-?\d+\/\d+"/g) ?? [])
        expect(rational.toString(rational.fromString(JSON.parse(str)))).toBe(JSON.parse(str));
    },
  );
});

describe('smooth networks get evidence, never proof', () => {
  it('a tanh network at a float point: evidence with the probe configuration recorded', async () => {
    const { tanh } = await import('../../src/model/activation.js');
    const n = fcNetwork([1, 2, 1], tanh());
    const d = dataset([[0], [1], [2]], [[0], [1], [0]]);
    const v = analyseLocalMin(n, mse, Fs([1, -1, 0, 0, 1, 1, 0]), d);
    expect(v.strength).toBe('evidence');
    expect(v.evidence.kind).toBe('float-probes');
    if (v.evidence.kind === 'float-probes') expect(v.evidence.radii.length).toBeGreaterThan(0);
    expect(['yes', 'no']).toContain(v.supports);
  });
  it('exact tools refuse cross-entropy and smooth activations with clear errors', () => {
    const lin = fcNetwork([1, 1], [], true);
    expect(() =>
      analyseCurve(lin, { kind: 'cross-entropy' }, dataset([[1]], [[1]]), rayCurve(['0', '0'], ['1', '0'])),
    ).toThrow(/squared loss/);
    void linear;
  });
});

// ---------------------------------------------------------------------------
// Each case below was a wrong `proved`, a wrong re-check, or a crash, found by review.
describe('review regressions', () => {
  it('constant path: a double root at the left end no longer hides a pattern change (was a false proof)', () => {
    const n = fcNetwork([1, 1, 1], relu());
    const d = dataset([[1]], [[1]]);
    // w = 0, b(t) = t³ − t², v = 1, c(t) = −t³ + t²: the unit's pre-activation crosses 0 at t = 1
    const curve = [P.poly([0]), P.poly([0, 0, -1, 1]), P.poly([1]), P.poly([0, 0, 1, -1])];
    const v = constantAlongPath(n, mse, d, curve, F(0), F(4));
    expect(v.strength).not.toBe('proved');
    expect(exactRisk(n, mse, curveAt(curve, F('1/2')), d).toFraction()).not.toBe(
      exactRisk(n, mse, curveAt(curve, F(0)), d).toFraction(),
    );
  });

  it('32 kink entries: enumeration beyond the cap is refused instead of silently checking one cell; the default analysis finds the descent', () => {
    const n = fcNetwork([1, 5, 1], relu());
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    const r = [7, 1, -3, -5, -5, -3, 1, 7]; // orthogonal to 1 and x
    const d = dataset(
      xs.map((x) => [x]),
      xs.map((x, i) => [x + r[i]]),
    );
    // unit 1 = (w 1, b 10, v 1), units 2..5 zero, output bias −10: 32 entries on kinks
    const th = Fs([1, 0, 0, 0, 0, 10, 0, 0, 0, 0, 1, 0, 0, 0, 0, -10]);
    expect(activationPattern(n, th, d).kinks).toHaveLength(32);
    expect(() => boundaryBound(n, mse, th, d, 32)).toThrow(/maxKinks must be an integer from 0 to 20/);
    expect(() => descentSearch(n, mse, th, d, { maxKinks: 31 })).toThrow(/maxKinks/);
    const v = analyseLocalMin(n, mse, th, d, { noProbes: true });
    expect(v.strength).toBe('refuted');
    expect(recheck(v, n, mse, th, d)).toEqual([]);
  });

  it('recheck: a descent verdict about another θ, or with a made-up polynomial, is rejected', () => {
    const lin = fcNetwork([1, 1], []);
    const d = dataset([[0], [1], [2]], [[0], [2], [1]]);
    const wrong = analyseLocalMin(lin, mse, Fs([0, 0]), d, { noProbes: true });
    expect(wrong.strength).toBe('refuted');
    expect(recheck(wrong, lin, mse, Fs(['1/2', '1/2']), d).join(' ')).toMatch(/does not start at θ/);
    // a fake straight line at a proved minimum of a ReLU net
    const n = fcNetwork([1, 1, 1], relu());
    const d2 = dataset([[0], [1], [2]], [[0], [1], [2]]);
    const th = Fs([0, -1, 1, 1]);
    expect(analyseLocalMin(n, mse, th, d2, { noProbes: true }).strength).toBe('proved');
    const fake: Verdict = {
      strength: 'refuted',
      question: 'q',
      summary: 's',
      evidence: {
        kind: 'descent',
        method: 'given',
        curve: [['0', '1'], ['-1', '1'], ['1'], ['1', '-1']],
        riskPolynomial: ['0'],
        order: 1,
        leadingCoefficient: '-1',
        risk: '2/3',
        t: '1',
        riskAtT: '0',
      },
    };
    expect(recheck(fake, n, mse, th, d2).length).toBeGreaterThan(0);
  });

  it('recheck: pattern-class groups must partition the samples', () => {
    const lin = fcNetwork([1, 1], []);
    const d = dataset([[0], [1], [2]], [[0], [2], [1]]);
    const th = Fs(['1/2', '3/2']); // not a minimum: R = 3/2, bound 1/2
    const real = patternClassBound(lin, mse, th, d);
    expect(real.strength).toBe('inconclusive');
    const g = real.evidence.groups![0];
    const tampered: Verdict = {
      ...real,
      strength: 'proved',
      evidence: { ...real.evidence, bound: '3/2', groups: [g, g, g] },
    };
    expect(recheck(tampered, lin, mse, th, d).join(' ')).toMatch(/every sample exactly once|share a pattern/);
  });

  it('a descent piece shorter than 2^-200 gives a witness (t below the proven piece length), not a crash', () => {
    const n = fcNetwork([1, 1, 1], relu(), [true, false]);
    const d = dataset([[1], [2]], [[-100], [2]]);
    const th = [F(1), F(-1).sub(new Fraction(1n, 2n ** 200n)), F(1)];
    const v = analyseLocalMin(n, mse, th, d, { noProbes: true });
    // the gradient descends, but only on a piece of length ~2^-200 before sample 1's unit switches on
    expect(v.strength).toBe('refuted');
    if (v.evidence.kind !== 'descent') throw new Error('expected a descent');
    expect(rational.fromString(v.evidence.t).compare(new Fraction(1n, 2n ** 150n))).toBeLessThan(0);
    expect(recheck(v, n, mse, th, d)).toEqual([]);
  });

  it('polynomial coefficients follow the suite convention: strings exactly, numbers at their binary value', () => {
    expect(P.poly(['0.1'])[0].toFraction()).toBe('1/10');
    expect(P.poly([0.5])[0].toFraction()).toBe('1/2');
    expect(P.poly([0.1])[0].toFraction()).toBe('3602879701896397/36028797018963968');
  });
});

describe('certificates (a) and (b) at a boundary point with two kink entries', () => {
  // 1-2-1 ReLU without biases, θ = (w₁, w₂, v₁, v₂) = (1, −1, 1, 1): at x = 0 both pre-activations are 0, two kinks
  const n121 = fcNetwork([1, 2, 1], relu(), false);
  const th = Fs([1, -1, 1, 1]);
  const d = dataset([[0], [1], [-1]], [[0], [1], [2]]);

  // kills: certificates.ts, liftedBound's boundary guard (`!design` → `false`: it then reads the null design)
  it('the lifted bound is inconclusive there', () => {
    const v = liftedBound(n121, mse, th, d);
    expect(v.strength).toBe('inconclusive');
    expect(v.summary).toBe('θ is on a cell boundary; the lifted bound needs an interior point');
  });

  // kills: certificates.ts, the side of kink b read from the mask (`⌊mask / 2^b⌋ mod 2` → `⌊mask · 2^b⌋ mod 2`, which
  // puts every kink after the first on its left side)
  it('the boundary bound enumerates the four left/right assignments, kink 0 in the low bit', () => {
    const v = boundaryBound(n121, mse, th, d);
    expect(v.evidence.kinks.map((k) => [k.unit, k.sample])).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(v.evidence.assignments.map((a) => a.sides)).toEqual([
      ['left', 'left'],
      ['right', 'left'],
      ['left', 'right'],
      ['right', 'right'],
    ]);
  });
});
