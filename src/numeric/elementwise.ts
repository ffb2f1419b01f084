/**
 * Elementwise functions as the tensor backends see them. The user-facing
 * activation constructors (ReLU, leaky ReLU, hard-tanh, ...) live in
 * src/model/activation.ts and compile to these descriptors.
 */
import { Fraction } from 'fraction.js';
import { isTranscendental, type Field } from './field.js';

/**
 * A continuous piecewise-linear function on breakpoints t_1 < ... < t_K:
 * on piece p (p = 0..K, piece p is (t_p, t_{p+1}] with t_0 = -inf, t_{K+1} = +inf)
 * h(x) = slopes[p]·x + intercepts[p].
 *
 * Piece convention: a value exactly on t_p belongs to piece p-1 (the left
 * piece), so ReLU at 0 has slope 0, matching the papers' strict indicator
 * 1[z > 0]. Exact code must not rely on this: it reports such points as kinks.
 */
export interface PwlTable {
  readonly breakpoints: readonly Fraction[];
  readonly slopes: readonly Fraction[];
  readonly intercepts: readonly Fraction[];
}

export type SmoothName = 'sigmoid' | 'tanh' | 'softplus' | 'elu' | 'swish' | 'exp';

/**
 * A polynomial σ(t) = Σ_k coefficients[k]·t^k (rational coefficients, low
 * degree first, no trailing zero, degree ≥ 1). Exact on every backend: only
 * ring operations are used, so it also runs over the germ field.
 */
export interface PolyTable {
  readonly coefficients: readonly Fraction[];
}

export type Elementwise =
  | { readonly kind: 'pwl'; readonly table: PwlTable }
  | { readonly kind: 'poly'; readonly table: PolyTable }
  | { readonly kind: 'smooth'; readonly name: SmoothName; readonly alpha?: number };

/**
 * σ(x), σ′(x), σ″(x) of the polynomial with coefficients c (low degree first)
 * by one Horner pass (three accumulators), ring operations only: the field
 * may be the germ field, which has no meaningful comparison here.
 */
export function polyEval<S>(field: Field<S>, c: readonly S[], x: S): [S, S, S] {
  const f = field;
  const n = c.length - 1;
  let v = c[n],
    d1 = f.zero,
    d2 = f.zero; // d2 accumulates σ″/2
  for (let k = n - 1; k >= 0; k--) {
    d2 = f.add(f.mul(d2, x), d1);
    d1 = f.add(f.mul(d1, x), v);
    v = f.add(f.mul(v, x), c[k]);
  }
  return [v, d1, f.add(d2, d2)];
}

/** Value, first and second derivative of a smooth function, in any field that has exp/log. */
export function smoothEval<S>(field: Field<S>, name: SmoothName, x: S, alpha = 1): [S, S, S] {
  const f = field;
  if (!isTranscendental(f)) {
    throw new TypeError(
      `the ${name} activation needs exp/log, which the ${f.kind} arithmetic does not have; use float64 or decimal`,
    );
  }
  const one = f.one;
  switch (name) {
    case 'sigmoid': {
      const s = f.sigmoid(x);
      const d1 = f.mul(s, f.sub(one, s));
      return [s, d1, f.mul(d1, f.sub(one, f.add(s, s)))];
    }
    case 'tanh': {
      const t = f.tanh(x);
      const d1 = f.sub(one, f.mul(t, t));
      return [t, d1, f.neg(f.mul(f.add(t, t), d1))];
    }
    case 'softplus': {
      // log(1 + e^x), computed as max(x,0) + log(1 + e^{-|x|}) to avoid overflow.
      const pos = f.sign(x) > 0 ? x : f.zero;
      const v = f.add(pos, f.log(f.add(one, f.exp(f.neg(f.abs(x))))));
      const s = f.sigmoid(x);
      return [v, s, f.mul(s, f.sub(one, s))];
    }
    case 'elu': {
      const a = f.fromNumber(alpha);
      if (f.sign(x) > 0) return [x, one, f.zero];
      const e = f.mul(a, f.exp(x));
      return [f.sub(e, a), e, e];
    }
    case 'swish': {
      const s = f.sigmoid(x);
      const ds = f.mul(s, f.sub(one, s));
      const d1 = f.add(s, f.mul(x, ds));
      const d2 = f.mul(ds, f.add(f.fromInt(2), f.mul(x, f.sub(one, f.add(s, s)))));
      return [f.mul(x, s), d1, d2];
    }
    case 'exp': {
      const e = f.exp(x);
      return [e, e, e];
    }
    default:
      throw new TypeError(`unknown smooth activation ${JSON.stringify(name)}`);
  }
}

/** Piece index of x (number of breakpoints strictly below x) and whether x is on a breakpoint. */
export function pieceOf<S>(field: Field<S>, bps: readonly S[], x: S): { piece: number; onKink: boolean } {
  let p = 0;
  while (p < bps.length && field.compare(x, bps[p]) > 0) p++;
  return { piece: p, onKink: p < bps.length && field.compare(x, bps[p]) === 0 };
}
