/**
 * Short directions for exact curve analysis. Exact gradients and LDLᵀ
 * witnesses (`definiteness`, ./matrix.ts) can carry hundreds of digits, and
 * every later step along them (curve polynomials of high degree over the germ
 * field, then a witness t) multiplies those sizes. Any direction in the same
 * open cone serves, so a nearby short one is taken, each checked exactly.
 */
import { Fraction } from 'fraction.js';
import type { Mat } from './matrix.js';
import { integers, quadraticForm } from './ldl-integer.js';
import { rational, ratioToNumber } from '../numeric/rational.js';

/** The integers round(v_k / max|v| · 2^bits): sign-preserving, the largest entries ±2^bits. */
export function roundedDirection(v: readonly Fraction[], bits: number): Fraction[] {
  let M = new Fraction(0);
  for (const x of v) if (x.abs().compare(M) > 0) M = x.abs();
  if (M.n === 0n) return v.map(() => new Fraction(0));
  const scale = 2 ** bits;
  return v.map((x) => {
    const q = x.div(M);
    return new Fraction(Math.round(ratioToNumber(q.s * q.n, q.d) * scale));
  });
}

/** Entries whose numerator or denominator has more digits than this count as long. */
const LONG_DIGITS = 40;
const isLong = (v: readonly Fraction[]) =>
  v.some((x) => x.n.toString().length > LONG_DIGITS || x.d.toString().length > LONG_DIGITS);

/**
 * −g itself when its entries are short, else −g rounded to 8 bits (integers up
 * to 256): d·g < 0 either way, since rounding keeps every sign or gives 0 and
 * the largest entry stays. `rounded` says which.
 */
export function shortDescentDirection(g: readonly Fraction[]): { direction: Fraction[]; rounded: boolean } {
  const minus = g.map((x) => x.neg());
  return isLong(minus)
    ? { direction: roundedDirection(minus, 8), rounded: true }
    : { direction: minus, rounded: false };
}

/**
 * A v with vᵀAv < 0 near the given witness: the witness itself when short;
 * else ±e_k, then e_k ± e_l, then the witness rounded to 0, 1, 2, … bits; the
 * witness as the last resort.
 */
export function shortNegativeDirection(A: Mat<Fraction>, witness: readonly Fraction[]): Fraction[] {
  if (!isLong(witness)) return [...witness];
  const n = A.rows;
  const F = rational;
  const M = integers(A.data).ints; // vᵀAv in integers: no gcd per product
  const negative = (v: Fraction[]) => quadraticForm(M, n, integers(v).ints) < 0n;
  const zero = new Fraction(0);
  const at = (i: number, j: number) => A.data[i * n + j];
  for (let k = 0; k < n; k++)
    if (at(k, k).s < 0n && at(k, k).n !== 0n) return Array.from({ length: n }, (_, i) => (i === k ? F.one : zero));
  for (let k = 0; k < n; k++)
    for (let l = k + 1; l < n; l++)
      for (const s of [1, -1]) {
        // (e_k + s·e_l)ᵀA(e_k + s·e_l) = a_kk + 2s·a_kl + a_ll
        const q = at(k, k)
          .add(at(k, l).mul(2 * s))
          .add(at(l, l));
        if (q.s < 0n && q.n !== 0n)
          return Array.from({ length: n }, (_, i) => (i === k ? F.one : i === l ? new Fraction(s) : zero));
      }
  for (let bits = 0; bits <= 60; bits++) {
    const v = roundedDirection(witness, bits);
    if (negative(v)) return v;
  }
  return [...witness];
}
