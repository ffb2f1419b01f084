import { Fraction } from 'fraction.js';
import type { Field, Sign } from './field.js';
import { formatRatio, parseRatio, ratioOfDouble } from './parse.js';

export { Fraction };
export type Rat = Fraction;

/** What the exact helpers accept as a rational. */
export type RatLike = Fraction | string | number | bigint;

/**
 * A rational by the suite's number rules: a string exactly ("1/3"; "0.1" is
 * 1/10; "1.25e-3"), a JS number at its exact binary value (0.1 is
 * 3602879701896397/36028797018963968), a bigint or a Fraction as it is.
 * Throws on NaN, ±Infinity and unparsable text.
 */
export function toRat(x: RatLike): Fraction {
  if (x instanceof Fraction) return x;
  if (typeof x === 'string') return rational.fromString(x);
  if (typeof x === 'bigint') return new Fraction(x);
  if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number`);
  return rational.fromNumber(x);
}

/** toRat over a list. */
export const toRats = (xs: readonly RatLike[]): Fraction[] => xs.map(toRat);

export const ZERO = new Fraction(0n);
export const ONE = new Fraction(1n);

/** Exact sum (0 for an empty list). */
export function sum(xs: readonly Fraction[]): Fraction {
  return xs.reduce((a, x) => a.add(x), ZERO);
}

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
  fromInt: (n) => {
    if (typeof n === 'number' && !Number.isInteger(n))
      throw new RangeError(`fromInt needs an integer, got ${n}; use fromNumber or fromString`);
    return new Fraction(BigInt(n));
  },
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
 * num/den as a double (within one rounding of the correctly rounded value),
 * also when num and den overflow a double, where Number(num)/Number(den)
 * would give Infinity/Infinity = NaN or lose the quotient.
 */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const SAFE = 9007199254740991n;
  const an = num < 0n ? -num : num;
  if (an <= SAFE && den <= SAFE) return Number(num) / Number(den); // both exact: one correct rounding
  // Integer quotient with ~64 significant bits, then scale by a power of two.
  const bits = (x: bigint) => x.toString(2).length;
  const k = 64 - (bits(an) - bits(den));
  const q = k >= 0 ? (an << BigInt(k)) / den : an / (den << BigInt(-k));
  let r = Number(q);
  // 2^-k in steps so neither factor overflows or underflows prematurely.
  let e = -k;
  while (e > 1000) {
    r *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    r *= 2 ** -1000;
    e += 1000;
  }
  r *= 2 ** e;
  return num < 0n ? -r : r;
}

/**
 * A rational for reading: its exact "p/q" text when at most `maxChars`
 * characters long, else its double to `digits` significant digits (`digits`) followed by "…"
 * (so a reader sees it was shortened; the exact value belongs in the evidence).
 * Works for rationals too large for a double's exponent (ratioToNumber).
 */
export function readableRat(x: Fraction, maxChars = 24, digits = 12): string {
  const t = formatRatio(numOf(x), x.d);
  return t.length <= maxChars ? t : `${ratioToNumber(numOf(x), x.d).toPrecision(digits)}…`;
}
