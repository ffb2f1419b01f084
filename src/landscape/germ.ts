/**
 * Germs of polynomial curves at t → 0⁺, as a scalar field for the generic
 * model code. A value is an exact polynomial p(t) with rational
 * coefficients; p < q means p(t) < q(t) for all sufficiently small t > 0,
 * i.e. the lowest-order nonzero coefficient of q − p is positive.
 *
 * Running the ordinary forward pass over this field along θ(t) picks, for
 * every unit and sample, the activation piece that holds for all small t > 0
 * (also when θ(0) sits exactly on a kink), and returns outputs and the risk
 * R(θ(t)) as exact polynomials valid on some interval (0, τ).
 * A pre-activation that stays on a breakpoint identically is reported as a
 * kink; its value is the same on both pieces, so the polynomials stay right.
 */
import { Fraction } from 'fraction.js';
import type { Field, Sign } from '../numeric/field.js';
import { parseRatio, ratioOfDouble } from '../numeric/parse.js';
import * as P from '../linalg/polynomial.js';
import type { Poly } from '../linalg/polynomial.js';
import { scalarBackend } from '../numeric/scalar-backend.js';

const cmp = (a: Poly, b: Poly): Sign => P.signNearZeroRight(P.sub(a, b));

export const germField: Field<Poly> = {
  kind: 'germ',
  exact: true,
  zero: [],
  one: [new Fraction(1)],
  fromInt: (n) => P.constant(new Fraction(BigInt(n))),
  fromRatio: (num, den) => {
    if (BigInt(den) === 0n) throw new RangeError('division by zero');
    return P.constant(new Fraction(BigInt(num), BigInt(den)));
  },
  fromString: (text) => {
    const r = parseRatio(text);
    return P.constant(new Fraction(r.num, r.den));
  },
  fromNumber: (x) => {
    const r = ratioOfDouble(x);
    return P.constant(new Fraction(r.num, r.den));
  },
  add: P.add,
  sub: P.sub,
  mul: P.mul,
  div: (a, b) => {
    if (b.length !== 1)
      throw new RangeError(`germ division needs a nonzero constant divisor, got ${P.polyToString(b)}`);
    return P.scale(a, new Fraction(1).div(b[0]));
  },
  neg: P.neg,
  abs: (a) => (P.signNearZeroRight(a) < 0 ? P.neg(a) : a),
  compare: cmp,
  sign: (a) => P.signNearZeroRight(a),
  isZero: (a) => a.length === 0,
  eq: (a, b) => cmp(a, b) === 0,
  /** the value at t = 0 */
  toNumber: (a) => P.coeff(a, 0).valueOf(),
  toString: (a) => P.polyToString(a),
};

export const germBackend = scalarBackend(germField);
