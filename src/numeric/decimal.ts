import { Decimal } from 'decimal.js';
import type { Sign, TranscendentalField } from './field.js';
import { parseRatio, ratioOfDouble } from './parse.js';

export type Dec = Decimal;

/**
 * decimal.js at a chosen number of significant digits, with exp, log, tanh and
 * sigmoid. Each call gives an independent Decimal constructor (decimal.js
 * `clone`), so two precisions never interfere.
 */
export function decimalField(
  precision = 50,
): TranscendentalField<Decimal> & { readonly precision: number; readonly D: typeof Decimal } {
  const D = Decimal.clone({ precision, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
  const one = new D(1);
  const fromRatio = (num: bigint | number, den: bigint | number) => {
    if (BigInt(den) === 0n) throw new RangeError('division by zero');
    return new D(num.toString()).div(new D(den.toString()));
  };
  return {
    kind: 'decimal',
    exact: false,
    precision,
    D,
    zero: new D(0),
    one,
    fromInt: (n) => new D(n.toString()),
    fromRatio,
    fromString: (text) => {
      const r = parseRatio(text);
      return fromRatio(r.num, r.den);
    },
    // The double's exact binary value, rounded once to the precision (new D(x)
    // would read the shortest decimal string, which is off for subnormals).
    fromNumber: (x) => {
      if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number`);
      const r = ratioOfDouble(x);
      return fromRatio(r.num, r.den);
    },
    add: (a, b) => a.add(b),
    sub: (a, b) => a.sub(b),
    mul: (a, b) => a.mul(b),
    div: (a, b) => {
      if (b.isZero()) throw new RangeError('division by zero');
      return a.div(b);
    },
    neg: (a) => a.neg(),
    abs: (a) => a.abs(),
    compare: (a, b) => a.cmp(b) as Sign,
    sign: (a) => (a.isZero() ? 0 : a.isNeg() ? -1 : 1),
    isZero: (a) => a.isZero(),
    eq: (a, b) => a.eq(b),
    toNumber: (a) => a.toNumber(),
    toString: (a) => a.toString(),
    exp: (a) => a.exp(),
    log: (a) => a.ln(),
    tanh: (a) => a.tanh(),
    sigmoid: (a) => (a.isNeg() ? a.exp().div(one.add(a.exp())) : one.div(one.add(a.neg().exp()))),
    sqrt: (a) => a.sqrt(),
  };
}

export const decimal50 = decimalField(50);
