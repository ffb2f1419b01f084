import { Fraction } from 'fraction.js';
import type { Field, Sign } from './field.js';
import { formatRatio, parseRatio, ratioOfDouble } from './parse.js';

export { Fraction };
export type Rat = Fraction;

/** Signed numerator of a fraction.js value (fraction.js stores the sign apart). */
export function numOf(a: Fraction): bigint {
  return a.s < 0n ? -a.n : a.n;
}

export function ratio(num: bigint | number, den: bigint | number = 1n): Fraction {
  const d = BigInt(den);
  if (d === 0n) throw new RangeError('division by zero');
  return new Fraction(BigInt(num), d);
}

/** Exact rationals (fraction.js, bigint). */
export const rational: Field<Fraction> = {
  kind: 'rational',
  exact: true,
  zero: new Fraction(0n),
  one: new Fraction(1n),
  fromInt: (n) => new Fraction(BigInt(n)),
  fromRatio: (num, den) => ratio(num, den),
  fromString: (text) => {
    const r = parseRatio(text);
    return new Fraction(r.num, r.den);
  },
  fromNumber: (x) => {
    const r = ratioOfDouble(x);
    return new Fraction(r.num, r.den);
  },
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => {
    if (b.n === 0n) throw new RangeError('division by zero');
    return a.div(b);
  },
  neg: (a) => a.neg(),
  abs: (a) => a.abs(),
  compare: (a, b) => Math.sign(a.compare(b)) as Sign,
  sign: (a) => (a.n === 0n ? 0 : a.s < 0n ? -1 : 1),
  isZero: (a) => a.n === 0n,
  eq: (a, b) => a.equals(b),
  toNumber: (a) => ratioToNumber(numOf(a), a.d),
  toString: (a) => formatRatio(numOf(a), a.d),
  toRatio: (a) => ({ num: numOf(a), den: a.d }),
};

/**
 * num/den as the nearest-ish double, also when num and den overflow a double
 * (Number(num)/Number(den) would give Infinity/Infinity = NaN).
 */
export function ratioToNumber(num: bigint, den: bigint): number {
  const a = Number(num);
  const b = Number(den);
  if (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a) <= Number.MAX_SAFE_INTEGER && b <= Number.MAX_SAFE_INTEGER) return a / b;
  // Scale both down to ~60 significant bits before dividing.
  const bits = (x: bigint) => (x < 0n ? -x : x).toString(2).length;
  const shift = Math.max(bits(num), bits(den)) - 60;
  if (shift <= 0) return a / b;
  const s = BigInt(shift);
  const an = Number(num >> s);
  const bd = Number(den >> s);
  if (bd === 0) return Math.sign(an) * Infinity;
  return an / bd;
}
