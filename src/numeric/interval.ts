/**
 * Interval arithmetic over decimal.js with outward rounding: every interval
 * holds the exact real value it stands for, so a comparison it decides
 * (`certainlyBelow`) is a proof, and one it cannot decide says so.
 *
 * Why written here: the maintained JavaScript interval libraries work in
 * float64 (15–16 digits), too coarse to compare risks that differ far below
 * that; decimal.js gives any precision but no intervals. Lower ends are
 * computed in a decimal.js constructor rounding toward −∞, upper ends in one
 * rounding toward +∞; + − × ÷ are then correctly rounded outward. exp and ln
 * are correctly rounded except, rarely, by one unit in the last place
 * (decimal.js documents this), so their ends are widened by two units.
 */
import { Decimal } from 'decimal.js';
import type { Fraction } from 'fraction.js';

export interface Interval {
  readonly lo: Decimal;
  readonly hi: Decimal;
}

export interface IntervalArithmetic {
  readonly precision: number;
  /** the exact value q, enclosed */
  of(q: Fraction | number | bigint): Interval;
  add(a: Interval, b: Interval): Interval;
  sub(a: Interval, b: Interval): Interval;
  neg(a: Interval): Interval;
  mul(a: Interval, b: Interval): Interval;
  /** b must not contain 0 */
  div(a: Interval, b: Interval): Interval;
  exp(a: Interval): Interval;
  /** a must be positive */
  ln(a: Interval): Interval;
  /** every value of a is below every value of b: a.hi < b.lo */
  certainlyBelow(a: Interval, b: Interval): boolean;
  /** a.hi < 0 or a.lo > 0 */
  excludesZero(a: Interval): boolean;
  /** hi − lo, rounded up */
  width(a: Interval): Decimal;
}

/** Interval arithmetic at `precision` significant digits. */
export function intervalArithmetic(precision = 40): IntervalArithmetic {
  const opts = { precision, toExpNeg: -9e15, toExpPos: 9e15 };
  const Dn = Decimal.clone({ ...opts, rounding: Decimal.ROUND_FLOOR });
  const Up = Decimal.clone({ ...opts, rounding: Decimal.ROUND_CEIL });
  /** two units in the last place of x at this precision (a positive Decimal) */
  const ulps = (x: Decimal) => new Up(10).pow((x.isZero() ? -precision * 4 : x.e) - precision + 1).times(2);
  const iv = (lo: Decimal, hi: Decimal): Interval => {
    if (lo.isNaN() || hi.isNaN() || lo.gt(hi)) throw new RangeError(`not an interval: [${lo}, ${hi}]`);
    return { lo, hi };
  };
  const of = (q: Fraction | number | bigint): Interval => {
    if (typeof q === 'number' || typeof q === 'bigint') {
      if (typeof q === 'number' && !Number.isInteger(q)) throw new RangeError(`${q}: pass a Fraction for non-integers`);
      return iv(new Dn(q.toString()), new Up(q.toString()));
    }
    const num = (q.s < 0n ? -q.n : q.n).toString(),
      den = q.d.toString();
    return iv(new Dn(num).div(den), new Up(num).div(den));
  };
  const mul = (a: Interval, b: Interval): Interval => {
    const lows = [a.lo, a.hi].flatMap((x) => [b.lo, b.hi].map((y) => new Dn(x).times(y)));
    const highs = [a.lo, a.hi].flatMap((x) => [b.lo, b.hi].map((y) => new Up(x).times(y)));
    return iv(Dn.min(...lows), Up.max(...highs));
  };
  return {
    precision,
    of,
    add: (a, b) => iv(new Dn(a.lo).plus(b.lo), new Up(a.hi).plus(b.hi)),
    sub: (a, b) => iv(new Dn(a.lo).minus(b.hi), new Up(a.hi).minus(b.lo)),
    neg: (a) => iv(new Dn(a.hi).neg(), new Up(a.lo).neg()),
    mul,
    div: (a, b) => {
      if (!b.lo.gt(0) && !b.hi.lt(0)) throw new RangeError(`division by an interval containing 0: [${b.lo}, ${b.hi}]`);
      return mul(a, iv(new Dn(1).div(b.hi), new Up(1).div(b.lo)));
    },
    exp: (a) => {
      const lo = new Dn(a.lo).exp(),
        hi = new Up(a.hi).exp();
      return iv(Dn.max(0, new Dn(lo).minus(ulps(lo))), new Up(hi).plus(ulps(hi)));
    },
    ln: (a) => {
      if (!a.lo.gt(0)) throw new RangeError(`ln of an interval reaching ${a.lo} ≤ 0`);
      const lo = new Dn(a.lo).ln(),
        hi = new Up(a.hi).ln();
      return iv(new Dn(lo).minus(ulps(lo)), new Up(hi).plus(ulps(hi)));
    },
    certainlyBelow: (a, b) => a.hi.lt(b.lo),
    excludesZero: (a) => a.hi.lt(0) || a.lo.gt(0),
    width: (a) => new Up(a.hi).minus(a.lo),
  };
}
