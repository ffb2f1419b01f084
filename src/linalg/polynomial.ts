/**
 * Exact univariate polynomials over the rationals: dense coefficient arrays
 * (index = degree, no trailing zeros; the zero polynomial is []).
 *
 * Why hand-written: the npm `polynomial` package (by the fraction.js author)
 * has division and gcd but no interpolation or Sturm counting, keeps
 * coefficients in a sparse object map, and selects its field through a
 * process-global `setField`. On the small dense products the landscape
 * toolkit's curve analysis does, it measured ~19 µs per mul+add against
 * ~2-3 µs here (see properties/polynomial.test.ts for the exactness checks).
 */
import { Fraction } from 'fraction.js';
import { parseRatio, ratioOfDouble } from '../numeric/parse.js';

export type Poly = readonly Fraction[];

const ZERO = new Fraction(0);
const ONE = new Fraction(1);

function trim(c: Fraction[]): Fraction[] {
  let n = c.length;
  while (n > 0 && c[n - 1].n === 0n) n--;
  return n === c.length ? c : c.slice(0, n);
}

/**
 * A polynomial from coefficients (low degree first). Strings are read exactly
 * ("1/3", "0.1"); JS numbers are taken at their exact binary value, as
 * everywhere else in the suite.
 */
export const poly = (coeffs: readonly (Fraction | number | string | bigint)[]): Poly =>
  trim(
    coeffs.map((x) => {
      if (x instanceof Fraction) return x;
      if (typeof x === 'bigint') return new Fraction(x);
      if (typeof x === 'string') {
        const r = parseRatio(x);
        return new Fraction(r.num, r.den);
      }
      const r = ratioOfDouble(x);
      return new Fraction(r.num, r.den);
    }),
  );

export const constant = (c: Fraction): Poly => (c.n === 0n ? [] : [c]);
/** The monomial c·t^k. */
export const monomial = (c: Fraction, k: number): Poly => (c.n === 0n ? [] : [...new Array<Fraction>(k).fill(ZERO), c]);
export const degree = (p: Poly): number => p.length - 1; // -1 for the zero polynomial
export const isZero = (p: Poly): boolean => p.length === 0;
export const coeff = (p: Poly, k: number): Fraction => p[k] ?? ZERO;

export function add(a: Poly, b: Poly): Poly {
  const n = Math.max(a.length, b.length);
  const out = new Array<Fraction>(n);
  for (let k = 0; k < n; k++) out[k] = k < a.length ? (k < b.length ? a[k].add(b[k]) : a[k]) : b[k];
  return trim(out);
}

export function sub(a: Poly, b: Poly): Poly {
  const n = Math.max(a.length, b.length);
  const out = new Array<Fraction>(n);
  for (let k = 0; k < n; k++) out[k] = k < a.length ? (k < b.length ? a[k].sub(b[k]) : a[k]) : b[k].neg();
  return trim(out);
}

export const neg = (a: Poly): Poly => a.map((x) => x.neg());
export const scale = (a: Poly, c: Fraction): Poly => (c.n === 0n ? [] : a.map((x) => x.mul(c)));

export function mul(a: Poly, b: Poly): Poly {
  if (a.length === 0 || b.length === 0) return [];
  if (a.length === 1) return scale(b, a[0]);
  if (b.length === 1) return scale(a, b[0]);
  const out = new Array<Fraction>(a.length + b.length - 1).fill(ZERO);
  for (let i = 0; i < a.length; i++) {
    if (a[i].n === 0n) continue;
    for (let j = 0; j < b.length; j++) if (b[j].n !== 0n) out[i + j] = out[i + j].add(a[i].mul(b[j]));
  }
  return trim(out);
}

/** Horner evaluation, exact. */
export function evaluate(p: Poly, t: Fraction): Fraction {
  let acc = ZERO;
  for (let k = p.length - 1; k >= 0; k--) acc = acc.mul(t).add(p[k]);
  return acc;
}

export function derivative(p: Poly): Poly {
  return trim(p.slice(1).map((c, k) => c.mul(k + 1)));
}

/** p(t + s) as a polynomial in t (Taylor shift), exact. */
export function shift(p: Poly, s: Fraction): Poly {
  // Horner with polynomial arithmetic: ((c_n)(t+s) + c_{n-1})(t+s) + ...
  const ts: Poly = trim([s, ONE]);
  let acc: Poly = [];
  for (let k = p.length - 1; k >= 0; k--) acc = add(mul(acc, ts), constant(p[k]));
  return acc;
}

/** Lowest degree with a nonzero coefficient (-1 for the zero polynomial). */
export function order(p: Poly): number {
  for (let k = 0; k < p.length; k++) if (p[k].n !== 0n) return k;
  return -1;
}

/**
 * Sign of p(t) for all sufficiently small t > 0: the sign of the
 * lowest-order nonzero coefficient (0 only for the zero polynomial).
 */
export function signNearZeroRight(p: Poly): -1 | 0 | 1 {
  const k = order(p);
  return k < 0 ? 0 : p[k].s < 0n ? -1 : 1;
}

/** Quotient and remainder of a / b (b nonzero), exact. */
export function divmod(a: Poly, b: Poly): { q: Poly; r: Poly } {
  if (b.length === 0) throw new RangeError('polynomial division by zero');
  let r = a.slice();
  const q = new Array<Fraction>(Math.max(0, a.length - b.length + 1)).fill(ZERO);
  const lead = b[b.length - 1];
  while (r.length >= b.length && r.length > 0) {
    const k = r.length - b.length;
    const c = r[r.length - 1].div(lead);
    q[k] = c;
    const next = r.slice();
    for (let j = 0; j < b.length; j++) next[k + j] = next[k + j].sub(c.mul(b[j]));
    next.length = r.length - 1; // the leading term cancels exactly
    r = trim(next);
  }
  return { q: trim(q), r };
}

/**
 * The unique polynomial of degree < n through n points with distinct
 * abscissae (Newton divided differences), exact.
 */
export function interpolate(points: readonly { t: Fraction; v: Fraction }[]): Poly {
  const n = points.length;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (points[i].t.equals(points[j].t))
        throw new RangeError(`interpolate: abscissa ${points[i].t.toFraction()} repeats`);
  const c = points.map((p) => p.v);
  for (let j = 1; j < n; j++)
    for (let i = n - 1; i >= j; i--) c[i] = c[i].sub(c[i - 1]).div(points[i].t.sub(points[i - j].t));
  let acc: Poly = [];
  for (let i = n - 1; i >= 0; i--) acc = add(mul(acc, trim([points[i].t.neg(), ONE])), constant(c[i]));
  return acc;
}

/** Greatest common divisor, made monic (exact Euclid); gcd(0, 0) = 0. */
export function gcd(a: Poly, b: Poly): Poly {
  while (b.length > 0) [a, b] = [b, divmod(a, b).r];
  return a.length ? scale(a, new Fraction(1).div(a[a.length - 1])) : a;
}

/** p / gcd(p, p'): the same distinct roots, each simple. */
export function squareFree(p: Poly): Poly {
  if (p.length <= 1) return p;
  const g = gcd(p, derivative(p));
  return g.length <= 1 ? p : divmod(p, g).q;
}

/** Sturm sequence p, p', −rem(p, p'), ... (exact). */
export function sturmSequence(p: Poly): Poly[] {
  const seq: Poly[] = [p];
  if (p.length === 0) return seq;
  let a = p,
    b = derivative(p);
  while (b.length > 0) {
    seq.push(b);
    const r = neg(divmod(a, b).r);
    a = b;
    b = r;
  }
  return seq;
}

function signChanges(seq: readonly Poly[], t: Fraction): number {
  let changes = 0,
    last = 0;
  for (const q of seq) {
    const v = evaluate(q, t);
    const s = v.n === 0n ? 0 : v.s < 0n ? -1 : 1;
    if (s === 0) continue;
    if (last !== 0 && s !== last) changes++;
    last = s;
  }
  return changes;
}

/**
 * Number of distinct real roots of p in the half-open interval (a, b]
 * (Sturm's theorem); p nonzero. The sequence is built on the square-free part
 * of p: with a multiple root at a, the sequence of p itself vanishes entirely
 * there and the count comes out wrong.
 */
export function countRoots(p: Poly, a: Fraction, b: Fraction): number {
  if (p.length === 0) throw new RangeError('countRoots: the zero polynomial has infinitely many roots');
  if (a.compare(b) > 0) throw new RangeError(`countRoots: empty interval (${a.toFraction()}, ${b.toFraction()}]`);
  const seq = sturmSequence(squareFree(p));
  return signChanges(seq, a) - signChanges(seq, b);
}

/**
 * Whether p has one strict sign on the closed interval [a, b]:
 * +1 or -1 if p(t) > 0 (< 0) for every t in [a, b], 0 otherwise (p has a root
 * there, or is the zero polynomial).
 */
export function strictSignOn(p: Poly, a: Fraction, b: Fraction): -1 | 0 | 1 {
  if (p.length === 0) return 0;
  const va = evaluate(p, a);
  if (va.n === 0n) return 0;
  if (countRoots(p, a, b) > 0) return 0;
  return va.s < 0n ? -1 : 1;
}

export function polyToStrings(p: Poly): string[] {
  return p.map((c) => c.toFraction());
}

export function polyToString(p: Poly, v = 't'): string {
  if (p.length === 0) return '0';
  return p
    .map((c, k) => ({ c, k }))
    .filter(({ c }) => c.n !== 0n)
    .map(({ c, k }) => `${c.toFraction()}${k === 0 ? '' : k === 1 ? `·${v}` : `·${v}^${k}`}`)
    .join(' + ')
    .replace(/\+ -/g, '- ');
}
