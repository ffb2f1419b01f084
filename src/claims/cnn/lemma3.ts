/**
 * Lemma 3 of "Spurious local minima provably exist for deep CNNs" (§3.2.1;
 * proof G.5): some location has a group of equal v with nonzero u-sum. True
 * for N ≤ 3 or M = 1 and under a subset genericity of u; false as printed and
 * after Lemma 11's pairwise perturbations.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { fromRows, nullspace, toRows } from '../../linalg/matrix.js';
import { gcdBig, lcmBig } from '../../numeric/parse.js';
import { rational, toRat, ZERO } from '../../numeric/rational.js';
import { column, groupsAt } from '../../papers/cnn/index.js';
import { encQ, encQs } from '../codec.js';
import { proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { paper } from './parts.js';
import {
  balanceU,
  detectSeparated,
  groupList,
  pairedArb,
  splitArb,
  splitValues,
  type SplitValue,
} from './split-values.js';

function lemma3Check(x: SplitValue): Outcome {
  const M = x.v[0].length;
  for (let j = 0; j < M; j++) if (groupsAt(column(x.v, j), x.u).some((g) => g.sum.n !== 0n)) return proved();
  const per = Array.from({ length: M }, (_, j) => `location ${j + 1}: ${groupList(x, j)}`);
  return refuted(
    'some location j and group q (samples with equal v_i^j) have a nonzero u-sum (Lemma 3), so Lemma 2 finds a split',
    `every group sum is 0 (u = (${x.u.map(encQ).join(', ')}), Σu = 0, the samples pairwise separated by v): ${per.join(' | ')}. No location admits a split (eq. 7).`,
    { v: x.v.map(encQs), u: encQs(x.u) },
  );
}

const LEMMA3_SECTION = '§3.2.1 Lemma 3; App. G.5 (proof by induction over N, G.5.1–G.5.5)';

export const lemma3SmallCases = paper.claim({
  id: 'cnn.lemma3.small-cases',
  section: LEMMA3_SECTION + '; the special cases N ≤ 3 (G.5.1, G.5.3) and M = 1 (G.5.1)',
  title: 'Lemma 3 for N ≤ 3 or M = 1: some group of equal v has a nonzero u-sum',
  statement:
    'If there are at most 3 samples, or a single location, and the samples are pairwise separated by v (Assumption 1 in v-terms), Σu = 0 and u ≠ 0, then some location has a group of samples with equal v whose u-sum is nonzero. (As pure combinatorics, with no perturbation of the network; this is the range in which the printed Lemma 3 holds.)',
  instance: splitValues(
    () =>
      fc.oneof(
        splitArb({ n: [2, 3], m: [1, 4], v: [0, 2], u: [-2, 2] }),
        splitArb({ n: [2, 7], m: [1, 1], v: [-6, 6], u: [-2, 2], distinct: true }),
      ),
    (x) =>
      detectSeparated(x) ??
      (x.v.length <= 3 || x.v[0].length === 1 ? null : 'N ≥ 4 and M ≥ 2 (outside the small cases)'),
  ),
  hypotheses: [
    'either 2 ≤ N ≤ 3 and 1 ≤ M ≤ 4 (v ∈ {0, 1, 2}), or M = 1 and 2 ≤ N ≤ 7 (distinct v ∈ [−6, 6])',
    'every pair of samples differs at some location',
    'Σu = 0, u ≠ 0 (integers)',
  ],
  runs: 300,
  check: lemma3Check,
});

export const lemma3AsPrinted = paper.claim({
  id: 'cnn.lemma3.as-printed',
  section: LEMMA3_SECTION,
  title: 'Lemma 3 as printed: under Assumption 1 and R > 0, some location has a group of equal v with nonzero u-sum',
  statement:
    "Lemma 3: under Assumption 1, for squared or cross-entropy loss with R > 0, there exist a location j ∈ [M] and a group q ∈ [g_j] (samples with equal v_i^j) with Σ_{i ∈ I_q^j} u_i ≠ 0. Checked as the combinatorial statement about the given θ: v pairwise separating the samples (implied by Assumption 1; equivalent to it when the L−3 neurons are all active, as in Lemma 7), Σu = 0 (output-bias stationarity) and u ≠ 0 (R > 0), for any N and M. The proof's perturbations (Lemma 11) change θ and are not part of the statement.",
  instance: splitValues(
    () => pairedArb({ maxN: 10, maxPairs: 4, minM: 1, maxM: 4, v: fc.integer({ min: 0, max: 2 }) }),
    detectSeparated,
  ),
  hypotheses: [
    'v: N × M table with entries in {0, 1, 2}, 2 ≤ N ≤ 10, 1 ≤ M ≤ 4',
    'every pair of samples differs at some location',
    'u ∈ {−1, 0, 1}^N with Σu = 0 and u ≠ 0 (biased toward zero group sums: k pairs (+1, −1), then zeros)',
  ],
  expected: 'refuted',
  correctedBy: 'cnn.lemma3.small-cases',
  runs: 2000,
  check: lemma3Check,
});

/** The first pair (or single sample) violating Lemma 11's pairwise genericity: u_i ≠ 0, u_i ≠ u_j, u_i + u_j ≠ 0. */
function pairwiseDegeneracy(u: readonly Fraction[]): string | null {
  for (let i = 0; i < u.length; i++) {
    if (u[i].n === 0n) return `u_${i + 1} = 0`;
    for (let k = i + 1; k < u.length; k++) {
      if (u[i].equals(u[k])) return `u_${i + 1} = u_${k + 1}`;
      if (u[i].add(u[k]).n === 0n) return `u_${i + 1} + u_${k + 1} = 0`;
    }
  }
  return null;
}

/** All u with every group sum 0 at every location: a basis of the null space of the group-indicator matrix. */
function zeroGroupSumBasis(v: readonly (readonly Fraction[])[]): Fraction[][] {
  const N = v.length,
    M = v[0].length;
  const rows: Fraction[][] = [];
  for (let j = 0; j < M; j++)
    for (const g of groupsAt(
      column(v, j),
      v.map(() => ZERO),
    ))
      rows.push(Array.from({ length: N }, (_, i) => toRat(g.members.includes(i) ? 1 : 0)));
  const K = toRows(nullspace(rational, fromRows(rows, N)));
  const d = K[0]?.length ?? 0;
  return Array.from({ length: d }, (_, k) => K.map((r) => r[k]));
}

/** Integer vector with coprime entries proportional to x (x ≠ 0), or x itself if it is 0. */
function primitive(x: Fraction[]): Fraction[] {
  if (x.every((t) => t.n === 0n)) return x;
  const L = x.reduce((a, t) => lcmBig(a, t.d), 1n);
  const ints = x.map((t) => (t.s * t.n * L) / t.d);
  const g = ints.reduce((a, t) => gcdBig(a, t < 0n ? -t : t), 0n);
  return ints.map((t) => toRat(t / g));
}

/**
 * Pairwise-generic search space for Lemma 3. Two locations whose values form
 * a k1 × k2 grid (k ∈ {3, 4}, a few rows dropped), optionally a third
 * location with values in {0, 1, 2}; u either (a) random integers with Σu = 0,
 * or (b) a random integer combination of the null space of "every group sum
 * is 0" (the only place a counterexample can live), made integral and
 * primitive; up to 8 combinations are tried for one that is pairwise generic,
 * else (a) is used. Coefficients are drawn without fast-check's small-value bias.
 */
function genericSearchArb(): fc.Arbitrary<SplitValue> {
  const ints = (lo: number, hi: number, n: number) =>
    fc.array(fc.noBias(fc.integer({ min: lo, max: hi })), { minLength: n, maxLength: n });
  return fc
    .record({
      k1: fc.integer({ min: 3, max: 4 }),
      k2: fc.integer({ min: 3, max: 4 }),
      third: fc.option(ints(0, 2, 16), { freq: 4 }),
      drop: fc.array(
        fc.integer({ min: 0, max: 11 }).map((k) => k === 1),
        { minLength: 16, maxLength: 16 },
      ),
      nullMode: fc.boolean(),
      coeffs: ints(-9, 9, 16),
      raw: ints(-1000, 1000, 16),
    })
    .map(({ k1, k2, third, drop, nullMode, coeffs, raw }) => {
      const rows: number[][] = [];
      for (let a = 0; a < k1; a++)
        for (let b = 0; b < k2; b++) if (!drop[a * 4 + b]) rows.push(third ? [a, b, third[a * 4 + b]] : [a, b]);
      const v = rows.map((r) => r.map((x) => toRat(x)));
      if (!nullMode || v.length < 2) return { v, u: balanceU(raw.slice(0, v.length)).map((x) => toRat(x)) };
      const B = zeroGroupSumBasis(v);
      // a few coefficient vectors read from `coeffs`; the first pairwise-generic one wins, else the random u
      for (let t = 0; t < 8; t++) {
        const u = primitive(
          v.map((_, i) => B.reduce((acc, col, k) => acc.add(col[i].mul(coeffs[(k * (t + 1) + t) % 16])), ZERO)),
        );
        if (!pairwiseDegeneracy(u)) return { v, u };
      }
      return { v, u: balanceU(raw.slice(0, v.length)).map((x) => toRat(x)) };
    });
}

export const lemma3PairwiseGeneric = paper.claim({
  id: 'cnn.lemma3.pairwise-generic',
  section: LEMMA3_SECTION + '; with the perturbation targets of Lemma 11 (App. E; proof G.8 items 1–3)',
  title:
    "Lemma 3 after Lemma 11's perturbations: pairwise-generic u (u_i ≠ 0, u_i ≠ u_j, u_i + u_j ≠ 0) still need not give a nonzero group sum",
  statement:
    'The proof of Lemma 3 (G.5) repairs the degenerate cases by perturbing W^L(1,·) with Lemma 11 until u_i ≠ 0, u_i ≠ u_j and u_i + u_j ≠ 0 for all i ≠ j (Lemmas 12/13 for cross-entropy). Reading: under Assumption 1 (v pairwise separating the samples), Σu = 0 and this pairwise genericity, some location has a group of equal v with nonzero u-sum. (Since the perturbation leaves v unchanged, this is what the proof needs after perturbing.)',
  instance: splitValues(
    genericSearchArb,
    (x) =>
      detectSeparated(x) ?? (pairwiseDegeneracy(x.u) ? `u is not pairwise generic (${pairwiseDegeneracy(x.u)})` : null),
  ),
  hypotheses: [
    'two locations with values in a k1 × k2 grid (k ∈ {3, 4}, some rows dropped; N ≤ 16), optionally a third location with values in {0, 1, 2}: the samples are pairwise separated',
    'Σu = 0; u_i ≠ 0, u_i ≠ u_j and u_i + u_j ≠ 0 for all i ≠ j (Lemma 11 items 2–3)',
    'u: random integers, or a random integer vector with every group sum 0 (biased search)',
  ],
  expected: 'refuted',
  correctedBy: 'cnn.lemma3.subset-generic',
  runs: 1000,
  check: lemma3Check,
});

/** The first nonempty proper subset of samples with zero u-sum (as 1-based indices), or null. */
function zeroSubset(u: readonly Fraction[]): number[] | null {
  const N = u.length;
  for (let mask = 1; mask < (1 << N) - 1; mask++) {
    let t = ZERO;
    for (let i = 0; i < N; i++) if (mask & (1 << i)) t = t.add(u[i]);
    if (t.n === 0n)
      return Array.from({ length: N }, (_, i) => i)
        .filter((i) => mask & (1 << i))
        .map((i) => i + 1);
  }
  return null;
}

// duplicates: a claim definition (id, section, title, statement, instance), shaped like every other claim
export const lemma3SubsetGeneric = paper.claim({
  id: 'cnn.lemma3.subset-generic',
  section: LEMMA3_SECTION + '; corrected hypothesis (no vanishing partial sum of u)',
  title: 'Lemma 3 holds for every N and M when no proper subset of the samples has zero u-sum',
  statement:
    "If the samples are pairwise separated by v, Σu = 0, and no nonempty proper subset of the samples has zero u-sum, then some location has a group of equal v with nonzero u-sum. (All groups with zero sum would force every group to be all samples, i.e. equal v everywhere, against separation.) This is the genericity the perturbation argument of G.5 would have to reach; Lemma 11's pairwise conditions are not enough (cnn.lemma3.pairwise-generic).",
  instance: splitValues(
    () => splitArb({ n: [2, 7], m: [1, 4], v: [0, 3], u: [-500, 500] }),
    (x) => {
      const b = detectSeparated(x);
      if (b) return b;
      const z = zeroSubset(x.u);
      return z ? `the samples {${z.join(', ')}} have zero u-sum` : null;
    },
  ),
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 7, 1 ≤ M ≤ 4), pairwise separating the samples',
    'u: integers in [−500, 500] with Σu = 0 and no nonempty proper subset summing to 0',
  ],
  runs: 300,
  check: lemma3Check,
});

export const lemma3Claims = [lemma3SmallCases, lemma3AsPrinted, lemma3PairwiseGeneric, lemma3SubsetGeneric];
