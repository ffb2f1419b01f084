// Decimal second-order evidence for smooth nets (src/landscape/smooth-second-order.ts) and the
// random directions its probes (and floatProbes) use. Each test names the mutation it kills.
import { fc, test } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { randomUnitDirections, smoothSecondOrder } from '../../src/landscape/index.js';
import { definiteness, fromRows, symmetricEigen } from '../../src/linalg/index.js';
import { exactHessian, quadratic, smooth, squaredLoss } from '../../src/model/index.js';
import { rational } from '../../src/numeric/index.js';
import { theorem5Point } from '../../src/papers/ding2019/index.js';

const sse = squaredLoss({ reduction: 'sum' });
const F = (x: number) => new Fraction(x);
const xs = [F(-1), F(0), F(1), F(2)];
/** Theorem 5's point of Ding et al. for exp (σ(0) = σ″(0) = 1) with m output weights 1, 2, … */
const expPoint = (m: number) =>
  theorem5Point(
    smooth('exp'),
    F(1),
    F(1),
    xs,
    F(1),
    Array.from({ length: m }, (_, i) => F(i + 1)),
  );
/** the m − 1 directions Δw = 0, Σ Δv_i = 0 (θ = (w, v)) */
const flatOf = (m: number) =>
  Array.from({ length: m - 1 }, (_, i) =>
    Array.from({ length: 2 * m }, (_, k) => F(k === m + i ? 1 : k === m + i + 1 ? -1 : 0)),
  );

describe('randomUnitDirections', () => {
  // kills: the biased double generator (zero, ±1 and subnormal coordinates: axis-aligned or zero "directions")
  test.prop([fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 }), fc.integer()])(
    'unit vectors with every coordinate away from 0',
    (P, count, seed) => {
      const ds = randomUnitDirections(P, count, seed);
      expect(ds).toHaveLength(count);
      for (const d of ds) {
        expect(Math.abs(Math.hypot(...d) - 1)).toBeLessThan(1e-12);
        if (P > 1) for (const x of d) expect(Math.abs(x)).toBeGreaterThan(1e-9);
      }
      expect(randomUnitDirections(P, count, seed)).toEqual(ds); // seeded
    },
  );
});

describe('smoothSecondOrder', () => {
  // kills: a flat subspace treated wrongly (zero count, complement), thresholds that call the flat directions negative
  it.each([1, 2, 3])(
    'exp, m = %i: a local minimum by evidence, exactly m − 1 zero eigenvalues, PD off the flat set',
    (m) => {
      const p = expPoint(m);
      const v = smoothSecondOrder(p.net, sse, p.theta, p.data, { flat: flatOf(m) });
      expect([v.strength, v.supports]).toEqual(['evidence', 'yes']);
      expect(v.evidence.inertia).toEqual({ positive: m + 1, negative: 0, zero: m - 1 });
      if (m > 1) expect(v.evidence.flat!.complementMin).toBeGreaterThan(v.evidence.zeroTolerance);
      expect(Number(v.evidence.probes.minDelta)).toBeGreaterThan(0);
    },
  );

  // kills: the complement of the flat directions computed as the flat span itself
  it('a wrong flat direction (moving w) is not flat: the complement is then not positive definite… and says so', () => {
    const p = expPoint(2);
    const wrong = [[F(1), F(0), F(0), F(0)]];
    const v = smoothSecondOrder(p.net, sse, p.theta, p.data, { flat: wrong });
    expect(v.supports).toBe('no');
    expect(v.summary).toMatch(/not positive definite/);
  });

  // kills: the gradient test dropped or its tolerance not scaled by the precision
  it('a non-critical point is not supported: the gradient is reported', () => {
    const p = expPoint(1);
    const theta = [p.theta[0], p.theta[1].add(new Fraction(1, 1000))];
    const v = smoothSecondOrder(p.net, sse, theta, p.data);
    expect(v.supports).toBe('no');
    expect(v.summary).toMatch(/‖∇R‖ = .* >/);
  });

  // kills: probes or the Hessian sign test missing the descent of a wrong-sign, small output weight
  it('the sign rule broken (v small and of the wrong sign): negative curvature, no support', () => {
    const bad = theorem5Point(smooth('exp'), F(1), F(1), xs, F(1), [new Fraction(1, 1000)]);
    const theta = [bad.theta[0], bad.theta[1].neg()];
    // v ↦ −v moves ŷ = σ(0)·v by −2v: shift y alike, so Δy = y − ŷ stays and the point stays critical
    const flipped = { ...bad.data, targets: bad.data.targets.map((t) => [t[0].add(bad.theta[1].mul(-2))]) };
    const v = smoothSecondOrder(bad.net, sse, theta, flipped);
    expect(v.supports).toBe('no');
    expect(v.evidence.inertia.negative).toBeGreaterThan(0);
  });

  // kills: a decimal Hessian that differs from the exact one (wrong second derivative, wrong layout)
  test.prop(
    [
      fc.record({
        alpha: fc.integer({ min: 1, max: 3 }),
        beta: fc.integer({ min: -3, max: 3 }).filter((b) => b !== 0),
        gamma: fc.integer({ min: -3, max: 3 }).filter((g) => g !== 0),
        m: fc.integer({ min: 1, max: 3 }),
        lambda: fc.integer({ min: -3, max: 3 }).filter((l) => l !== 0),
      }),
    ],
    { numRuns: 15 },
  )(
    'on a polynomial σ it agrees with the exact Hessian: inertia and eigenvalues',
    ({ alpha, beta, gamma, m, lambda }) => {
      const act = quadratic(F(alpha), F(beta), F(gamma));
      const p = theorem5Point(
        act,
        F(alpha),
        F(2 * gamma),
        xs,
        F(lambda),
        Array.from({ length: m }, (_, i) => F(i + 1)),
      );
      const v = smoothSecondOrder(p.net, sse, p.theta, p.data, { flat: flatOf(m) });
      const H = exactHessian(p.net, sse, p.theta, p.data);
      if (H.kind !== 'interior') throw new Error('the exact Hessian is not defined');
      expect(v.evidence.inertia).toEqual(definiteness(rational, fromRows(H.value)).inertia);
      const exactValues = symmetricEigen(H.value.map((r) => r.map((x) => x.valueOf()))).values;
      const scale = Math.max(...exactValues.map(Math.abs));
      v.evidence.eigenvalues.forEach((l, k) => expect(Math.abs(l - exactValues[k])).toBeLessThan(1e-12 * scale));
      expect(v.supports).toBe('yes');
    },
  );
});

describe('smoothSecondOrder, the number of probe directions', () => {
  // kills: smooth-second-order.ts `opts.directions ?? 24` → `opts.directions && 24` (a count asked for replaced by
  // 24, and no count at all left undefined)
  it('is the count asked for, and 24 by default', () => {
    const p = expPoint(1);
    expect(smoothSecondOrder(p.net, sse, p.theta, p.data, { directions: 3 }).evidence.probes.directions).toBe(3);
    expect(smoothSecondOrder(p.net, sse, p.theta, p.data).evidence.probes.directions).toBe(24);
  });
});
