/**
 * The exact symmetric LDLᵀ of `definiteness` over the rationals, computed
 * fraction-free. The rational elimination reduces every intermediate with a
 * gcd; on Hessians whose entries have a few hundred bits that made a 15×15
 * inertia take seconds (and a generated test tens of seconds). Here the
 * matrix is first scaled to integers by the common denominator L > 0 (which
 * changes neither the congruence T nor the signs), then eliminated as in
 * Bareiss's algorithm: after k pivots every entry of the remaining block B and
 * every remaining column of T̃ is the Schur complement (resp. T) times the k-th
 * pivoted leading minor `prev`, an integer (Sylvester's identity and Cramer's
 * rule), so each update divides exactly by the previous minor and no gcd is
 * taken. The pivot order, the e_i + e_j step for a zero diagonal and so the
 * returned D and T are exactly those of the rational algorithm (scaling the
 * block by a common factor keeps the comparisons of |B_ii|); a property test
 * checks the two agree entry for entry.
 * No library offers this: fraction.js works per number, mathjs has no
 * fraction-free symmetric elimination.
 */
import { Fraction } from 'fraction.js';
import { lcmBig } from '../numeric/parse.js';

/** The entries times their common denominator L > 0, as integers. */
export function integers(xs: readonly Fraction[]): { ints: bigint[]; L: bigint } {
  let L = 1n;
  for (const x of xs) if (L % x.d !== 0n) L = lcmBig(L, x.d);
  return { ints: xs.map((x) => (x.s * x.n * L) / x.d), L };
}

/** vᵀMv exactly. */
export function quadraticForm(M: readonly bigint[], n: number, v: readonly bigint[]): bigint {
  let s = 0n;
  for (let i = 0; i < n; i++) {
    if (v[i] === 0n) continue;
    let r = 0n;
    for (let j = 0; j < n; j++) if (v[j] !== 0n && M[i * n + j] !== 0n) r += M[i * n + j] * v[j];
    s += v[i] * r;
  }
  return s;
}

/**
 * The fraction-free LDLᵀ: `signs` of D, and D, T and single columns of T as
 * rationals, built only on request (reducing T's n² entries, whose numerators
 * and denominators are minors of thousands of bits, costs far more than the
 * elimination). `quadraticSign(j)` is sign(t_jᵀ A t_j) for column j of T,
 * computed on the integer column.
 */
export interface IntegerLdl {
  signs: number[];
  D(): Fraction[];
  T(): Fraction[];
  column(j: number): Fraction[];
  quadraticSign(j: number): number;
}

/** D (diagonal of TᵀAT) and T (n×n row-major, det T = 1) for a symmetric rational n×n matrix. */
export function integerLdl(A: readonly Fraction[], n: number): IntegerLdl {
  const { ints: A0, L } = integers(A);
  const B = [...A0];
  const T = new Array<bigint>(n * n).fill(0n);
  for (let i = 0; i < n; i++) T[i * n + i] = 1n;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const done = new Array<boolean>(n).fill(false);
  // column j of T is T̃_j / den[j]; D_j = dnum[j] / (den[j] · L)
  const den = new Array<bigint>(n).fill(1n);
  const dnum = new Array<bigint>(n).fill(0n);
  let prev = 1n;
  for (;;) {
    let p = -1;
    for (let i = 0; i < n; i++)
      if (!done[i] && B[i * n + i] !== 0n && (p < 0 || abs(B[i * n + i]) > abs(B[p * n + p]))) p = i;
    if (p < 0) {
      let pair: [number, number] | undefined;
      for (let i = 0; i < n && !pair; i++)
        for (let j = i + 1; j < n && !pair; j++) if (!done[i] && !done[j] && B[i * n + j] !== 0n) pair = [i, j];
      if (!pair) break; // the remaining block is zero
      const [i, j] = pair;
      // congruence by I + e_j e_iᵀ (column i += column j): the diagonal becomes 2·b_ij
      const newDiag = B[i * n + i] + B[j * n + j] + 2n * B[i * n + j];
      for (let k = 0; k < n; k++) {
        B[i * n + k] += B[j * n + k];
        T[k * n + i] += T[k * n + j];
      }
      for (let k = 0; k < n; k++) B[k * n + i] = B[i * n + k];
      B[i * n + i] = newDiag;
      p = i;
    }
    const d = B[p * n + p];
    const rest: number[] = [];
    for (let j = 0; j < n; j++) if (!done[j] && j !== p) rest.push(j);
    for (const j of rest) {
      const f = B[p * n + j];
      for (let k = 0; k < n; k++) T[k * n + j] = (d * T[k * n + j] - f * T[k * n + p]) / prev;
    }
    for (let a = 0; a < rest.length; a++)
      for (let b = a; b < rest.length; b++) {
        const j = rest[a],
          k = rest[b];
        B[j * n + k] = B[k * n + j] = (d * B[j * n + k] - B[p * n + j] * B[p * n + k]) / prev;
      }
    for (const j of rest) B[p * n + j] = B[j * n + p] = 0n;
    dnum[p] = d;
    den[p] = prev;
    done[p] = true;
    prev = d;
  }
  for (let j = 0; j < n; j++) if (!done[j]) den[j] = prev;
  const intColumn = (j: number) => Array.from({ length: n }, (_, k) => T[k * n + j]);
  const columns = new Map<number, Fraction[]>();
  const column = (j: number) => {
    let c = columns.get(j);
    if (!c) columns.set(j, (c = intColumn(j).map((x) => new Fraction(x, den[j]))));
    return c;
  };
  const sign = (x: bigint) => (x > 0n ? 1 : x < 0n ? -1 : 0);
  return {
    signs: dnum.map((x, j) => sign(x) * sign(den[j])),
    D: () => dnum.map((x, j) => new Fraction(x, den[j] * L)),
    T: () => {
      const cols = Array.from({ length: n }, (_, j) => column(j));
      return Array.from({ length: n * n }, (_, i) => cols[i % n][Math.floor(i / n)]);
    },
    column,
    quadraticSign: (j) => sign(quadraticForm(A0, n, intColumn(j))),
  };
}
