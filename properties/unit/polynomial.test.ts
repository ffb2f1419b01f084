import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import { polynomial as P } from '../../src/linalg/index.js';
import { smallRational } from '../../src/gen/index.js';

const q = smallRational(9, 6);
const polyArb = fc.array(q, { minLength: 0, maxLength: 6 }).map((c) => P.poly(c));
const eqP = (a: P.Poly, b: P.Poly) => expect(P.polyToStrings(a)).toEqual(P.polyToStrings(b));

describe('exact polynomials', () => {
  test.prop([polyArb, polyArb, q])('ring operations agree with evaluation', (a, b, t) => {
    expect(P.evaluate(P.add(a, b), t).equals(P.evaluate(a, t).add(P.evaluate(b, t)))).toBe(true);
    expect(P.evaluate(P.sub(a, b), t).equals(P.evaluate(a, t).sub(P.evaluate(b, t)))).toBe(true);
    expect(P.evaluate(P.mul(a, b), t).equals(P.evaluate(a, t).mul(P.evaluate(b, t)))).toBe(true);
    expect(P.evaluate(P.shift(a, t), new Fraction(0)).equals(P.evaluate(a, t))).toBe(true);
  });

  test.prop([polyArb, polyArb.filter((b) => b.length > 0)])('division: a = q·b + r with deg r < deg b', (a, b) => {
    const { q: quo, r } = P.divmod(a, b);
    eqP(P.add(P.mul(quo, b), r), a);
    expect(P.degree(r)).toBeLessThan(P.degree(b));
  });

  test.prop([polyArb, fc.uniqueArray(q, { minLength: 7, maxLength: 9, comparator: (x, y) => x.equals(y) })])(
    'interpolation from exact samples recovers the polynomial',
    (p, ts) => {
      eqP(P.interpolate(ts.map((t) => ({ t, v: P.evaluate(p, t) }))), p);
    },
  );

  test.prop([
    fc.uniqueArray(fc.integer({ min: -6, max: 6 }), { minLength: 1, maxLength: 4 }),
    fc.integer({ min: -7, max: 7 }),
    fc.integer({ min: 0, max: 8 }),
  ])('Sturm counts the distinct roots of a product of linear factors in (a, b]', (roots, a, len) => {
    // p = Π (t − r) · (t² + 1)  (the quadratic has no real roots)
    let p: P.Poly = P.poly([1, 0, 1]);
    for (const r of roots) p = P.mul(p, P.poly([-r, 1]));
    const b = a + len;
    expect(P.countRoots(p, new Fraction(a), new Fraction(b))).toBe(roots.filter((r) => r > a && r <= b).length);
    const sign = P.strictSignOn(p, new Fraction(a), new Fraction(b));
    const inside = roots.some((r) => r >= a && r <= b);
    expect(sign === 0).toBe(inside);
  });

  test.prop([
    fc.array(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }),
    fc.integer({ min: -5, max: 5 }),
    fc.integer({ min: 0, max: 8 }),
  ])('Sturm counts DISTINCT roots correctly with repeated roots, also at the interval ends', (factors, a, len) => {
    let p: P.Poly = P.poly([1]);
    for (const [r, mult] of factors) for (let k = 0; k < mult; k++) p = P.mul(p, P.poly([-r, 1]));
    const roots = [...new Set(factors.map(([r]) => r))];
    const b = a + len;
    expect(P.countRoots(p, new Fraction(a), new Fraction(b))).toBe(roots.filter((r) => r > a && r <= b).length);
  });

  it('regression: a double root at the left end no longer hides an interior root', () => {
    const p = P.mul(P.mul(P.poly([2, 1]), P.poly([2, 1])), P.poly([1, 1])); // (u+2)²(u+1)
    expect(P.countRoots(p, new Fraction(-2), new Fraction(2))).toBe(1);
    const q = P.mul(P.mul(P.poly([2, 1]), P.poly([2, 1])), P.mul(P.poly([-1, 1]), P.poly([-1, 1]))); // (u+2)²(u−1)²
    expect(P.countRoots(q, new Fraction(-2), new Fraction(2))).toBe(1);
  });

  test.prop([polyArb])('sign near 0⁺ is the sign of p at a tiny positive t', (p) => {
    const s = P.signNearZeroRight(p);
    if (p.length === 0) {
      expect(s).toBe(0);
      return;
    }
    // below the smallest positive root bound (Cauchy) the sign is constant
    const lead = P.order(p);
    const bound = p
      .reduce((m, c) => (c.abs().compare(m) > 0 ? c.abs() : m), new Fraction(0))
      .div(p[lead].abs())
      .add(1);
    const t = new Fraction(1).div(bound.mul(1000));
    expect(Math.sign(P.evaluate(p, t).valueOf())).toBe(s);
  });

  it('reports misuse clearly', () => {
    expect(() => P.divmod(P.poly([1]), [])).toThrow(/division by zero/);
    expect(() =>
      P.interpolate([
        { t: new Fraction(1), v: new Fraction(0) },
        { t: new Fraction(1), v: new Fraction(2) },
      ]),
    ).toThrow(/abscissa 1 repeats/);
    expect(() => P.countRoots([], new Fraction(0), new Fraction(1))).toThrow(/zero polynomial/);
    expect(P.polyToString(P.poly([1, '-1/2', 0, 3]))).toBe('1 - 1/2·t + 3·t^3');
  });
});
