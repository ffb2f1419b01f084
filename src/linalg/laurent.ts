/**
 * Sparse multivariate Laurent polynomials with exact rational coefficients,
 * as a (non-ordered) scalar field for the generic model code.
 *
 * A value is Σ c_e · u^e over integer exponent vectors e (negative exponents
 * allowed, so a rescaling s·w, s⁻¹·v stays polynomial). Running the forward
 * pass or backprop over this field with θ replaced by a parametrised family
 * θ(u) gives the outputs, the risk or its gradient along the whole family as
 * exact Laurent polynomials, and "∇R(θ(u)) ≡ 0" is a check that every
 * coefficient is 0.
 *
 * Hand-written because no maintained TypeScript package offers sparse
 * multivariate Laurent polynomials over bigint rationals behind an
 * add/mul/compare interface; mathjs works on expression trees and floats.
 *
 * Only ring operations, division by a nonzero monomial, and comparisons of
 * constants are defined: comparing two non-constant values throws (an
 * activation whose piece would depend on u cannot be evaluated symbolically;
 * callers force the pieces).
 */
import { Fraction } from 'fraction.js';
import type { Field, Sign } from '../numeric/field.js';
import { parseRatio, ratioOfDouble } from '../numeric/parse.js';

export interface Term {
  readonly exps: readonly number[];
  readonly coeff: Fraction;
}

/** Terms keyed by their exponent vector ("e1,e2,..."); zero coefficients never stored. */
export type Laurent = ReadonlyMap<string, Term>;

const ZERO = new Fraction(0);
const keyOf = (e: readonly number[]) => e.join(',');

export function laurentConstant(vars: number, c: Fraction): Laurent {
  if (c.n === 0n) return new Map();
  const exps = new Array<number>(vars).fill(0);
  return new Map([[keyOf(exps), { exps, coeff: c }]]);
}

/** c · Π u_k^{e_k} */
export function laurentMonomial(exps: readonly number[], c: Fraction = new Fraction(1)): Laurent {
  return c.n === 0n ? new Map() : new Map([[keyOf(exps), { exps: [...exps], coeff: c }]]);
}

function addInto(m: Map<string, Term>, t: Term, sign: 1 | -1 = 1): void {
  const k = keyOf(t.exps);
  const prev = m.get(k);
  const c = prev ? prev.coeff.add(sign < 0 ? t.coeff.neg() : t.coeff) : sign < 0 ? t.coeff.neg() : t.coeff;
  if (c.n === 0n) m.delete(k);
  else m.set(k, { exps: t.exps, coeff: c });
}

export function laurentAdd(a: Laurent, b: Laurent, sign: 1 | -1 = 1): Laurent {
  if (b.size === 0) return a;
  if (a.size === 0 && sign === 1) return b;
  const m = new Map(a);
  for (const t of b.values()) addInto(m, t, sign);
  return m;
}

export function laurentScale(a: Laurent, c: Fraction): Laurent {
  if (c.n === 0n) return new Map();
  const m = new Map<string, Term>();
  for (const [k, t] of a) m.set(k, { exps: t.exps, coeff: t.coeff.mul(c) });
  return m;
}

export function laurentMul(a: Laurent, b: Laurent): Laurent {
  if (a.size === 0 || b.size === 0) return new Map();
  const m = new Map<string, Term>();
  for (const x of a.values())
    for (const y of b.values()) addInto(m, { exps: x.exps.map((e, i) => e + y.exps[i]), coeff: x.coeff.mul(y.coeff) });
  return m;
}

/** The value at a point (every variable with a negative exponent must be nonzero there). */
export function laurentEvaluate(a: Laurent, point: readonly Fraction[]): Fraction {
  let s = ZERO;
  for (const t of a.values()) {
    let v = t.coeff;
    t.exps.forEach((e, i) => {
      if (e !== 0) v = v.mul(point[i].pow(e));
    });
    s = s.add(v);
  }
  return s;
}

/** ∂/∂u_k */
export function laurentDerivative(a: Laurent, k: number): Laurent {
  const m = new Map<string, Term>();
  for (const t of a.values()) {
    if (t.exps[k] === 0) continue;
    const exps = t.exps.map((e, i) => (i === k ? e - 1 : e));
    m.set(keyOf(exps), { exps, coeff: t.coeff.mul(t.exps[k]) });
  }
  return m;
}

/** The constant value, or null when the polynomial involves a variable. */
export function laurentConstantValue(a: Laurent): Fraction | null {
  if (a.size === 0) return ZERO;
  if (a.size > 1) return null;
  const t = [...a.values()][0];
  return t.exps.every((e) => e === 0) ? t.coeff : null;
}

export function laurentToString(a: Laurent, names?: readonly string[]): string {
  if (a.size === 0) return '0';
  const parts = [...a.values()].map((t) => {
    const mono = t.exps
      .map((e, i) => (e === 0 ? '' : `${names?.[i] ?? `u${i + 1}`}${e === 1 ? '' : `^${e}`}`))
      .filter(Boolean)
      .join('·');
    const c = t.coeff.toFraction();
    return mono ? (c === '1' ? mono : c === '-1' ? `-${mono}` : `${c}·${mono}`) : c;
  });
  return parts.join(' + ').replace(/\+ -/g, '- ');
}

/** The field of Laurent polynomials in `vars` variables. */
export function laurentField(vars: number): Field<Laurent> {
  const C = (c: Fraction) => laurentConstant(vars, c);
  const constantOf = (a: Laurent, what: string): Fraction => {
    const c = laurentConstantValue(a);
    if (c === null) throw new RangeError(`${what}: ${laurentToString(a)} is not a constant, so it has no sign`);
    return c;
  };
  const sign = (a: Laurent): Sign => {
    const c = constantOf(a, 'Laurent sign');
    return c.n === 0n ? 0 : c.s < 0n ? -1 : 1;
  };
  return {
    kind: 'laurent',
    exact: true,
    zero: new Map(),
    one: C(new Fraction(1)),
    fromInt: (n) => C(new Fraction(BigInt(n))),
    fromRatio: (num, den) => {
      if (BigInt(den) === 0n) throw new RangeError('division by zero');
      return C(new Fraction(BigInt(num), BigInt(den)));
    },
    fromString: (text) => {
      const r = parseRatio(text);
      return C(new Fraction(r.num, r.den));
    },
    fromNumber: (x) => {
      const r = ratioOfDouble(x);
      return C(new Fraction(r.num, r.den));
    },
    add: (a, b) => laurentAdd(a, b),
    sub: (a, b) => laurentAdd(a, b, -1),
    mul: laurentMul,
    div: (a, b) => {
      if (b.size !== 1) throw new RangeError(`Laurent division needs a monomial divisor, got ${laurentToString(b)}`);
      const t = [...b.values()][0];
      return laurentMul(
        a,
        laurentMonomial(
          t.exps.map((e) => -e),
          new Fraction(1).div(t.coeff),
        ),
      );
    },
    neg: (a) => laurentScale(a, new Fraction(-1)),
    abs: (a) => (sign(a) < 0 ? laurentScale(a, new Fraction(-1)) : a),
    compare: (a, b) => sign(laurentAdd(a, b, -1)),
    sign,
    isZero: (a) => a.size === 0,
    eq: (a, b) => laurentAdd(a, b, -1).size === 0,
    toNumber: (a) => constantOf(a, 'Laurent toNumber').valueOf(),
    toString: (a) => laurentToString(a),
  };
}
