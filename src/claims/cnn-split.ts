/**
 * Claims of "Spurious local minima provably exist for deep convolutional
 * neural networks" about the data split (Lemmas 2/3, the threshold rule) and
 * the cross-entropy algebra (Lemmas 12/13). Constructions: src/papers/cnn-split.ts.
 *
 * The split claims are combinatorial statements about a table v (N samples ×
 * M locations: v[i][j] is the bias-free pre-activation of sample i at
 * location j of layer L−3, eq. 6) and the loss derivatives u (u_i = ∂l/∂o_1 at
 * sample i; Σu = 0 by stationarity in the output bias, §3.2.1). All exact.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import {
  column,
  firstNonzeroGroup,
  groupsAt,
  paperMidpointThreshold,
  satisfiesEq7,
  selectThreshold,
  splitSums,
  validGaps,
} from '../papers/cnn-split.js';
import { fromRows, nullspace, toRows } from '../linalg/matrix.js';
import { gcdBig, lcmBig } from '../numeric/parse.js';
import { rational } from '../numeric/rational.js';
import { CodecError, decQ, decQs, encQ, encQs, field } from './codec.js';
import type { AnyClaim, Claim, Json, Outcome } from './types.js';

const PAPER = 'cnn-spurious-minima.txt';
const q = encQ;
const ZERO = new Fraction(0);
const F = (x: number) => new Fraction(x);
const sumOf = (xs: readonly Fraction[]) => xs.reduce((a, x) => a.add(x), ZERO);

// ---------------------------------------------------------------------------
// Split instances: v (N × M) and u.

export interface SplitValue {
  /** v[i][j]: sample i, location j */
  v: Fraction[][];
  u: Fraction[];
}

const encSplit = (x: SplitValue): Json => ({ v: x.v.map(encQs), u: encQs(x.u) });
function decSplit(j: Json): SplitValue {
  const v = field(j, 'v', 'value');
  if (!Array.isArray(v)) throw new CodecError('value.v: expected an array of rows');
  return { v: v.map((r, i) => decQs(r, `value.v[${i}]`)), u: decQs(field(j, 'u', 'value'), 'value.u') };
}

/** v as a table (samples × locations) with u, then the groups of every location. */
export function splitTable(x: SplitValue, opts: { groups?: boolean } = {}): string {
  const M = x.v[0]?.length ?? 0;
  const cells = x.v.map((r, i) => [`${i + 1}`, ...r.map(q), q(x.u[i])]);
  const head = ['sample', ...Array.from({ length: M }, (_, j) => `loc${j + 1}`), 'u'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => '  ' + r.map((s, c) => s.padStart(widths[c])).join('  ');
  const out = [line(head), ...cells.map(line)];
  if (opts.groups !== false)
    for (let j = 0; j < M; j++)
      out.push(
        `  loc${j + 1} groups (v: samples, u-sum): ${groupsAt(column(x.v, j), x.u)
          .map((g) => `${q(g.value)}: {${g.members.map((i) => i + 1).join(',')}}, ${q(g.sum)}`)
          .join('; ')}`,
      );
  return out.join('\n');
}

/** Shape, Σu = 0 and u ≠ 0 (bias stationarity and R > 0, §3.2.1 and Lemma 11.4). */
function detectBasic(x: SplitValue): string | null {
  const N = x.v.length;
  if (N < 2) return 'fewer than 2 samples';
  if (x.u.length !== N) return 'u and v have different numbers of samples';
  const M = x.v[0].length;
  if (M < 1 || x.v.some((r) => r.length !== M)) return 'the rows of v have different lengths';
  if (sumOf(x.u).n !== 0n) return 'Σu ≠ 0 (the output bias is not stationary)';
  if (x.u.every((t) => t.n === 0n)) return 'u = 0 (R > 0 forces u ≠ 0)';
  return null;
}

/** Assumption 1 in v-terms: every pair of samples differs at some location. */
function unseparatedPair(x: SplitValue): [number, number] | null {
  for (let i = 0; i < x.v.length; i++)
    for (let k = i + 1; k < x.v.length; k++) if (x.v[i].every((t, j) => t.equals(x.v[k][j]))) return [i, k];
  return null;
}
function detectSeparated(x: SplitValue): string | null {
  const b = detectBasic(x);
  if (b) return b;
  const p = unseparatedPair(x);
  return p ? `samples ${p[0] + 1} and ${p[1] + 1} have the same v at every location (Assumption 1 fails)` : null;
}

interface SplitArbOptions {
  minN: number;
  maxN: number;
  minM: number;
  maxM: number;
  /** entries of v (integers; small ranges force ties) */
  v: fc.Arbitrary<number>;
  /** raw u entries (integers) */
  u: fc.Arbitrary<number>;
  /** distinct v values (only meaningful with M = 1) */
  distinct?: boolean;
}

/** Σu = 0: u_N := −(u_1 + … + u_{N−1}). */
function balanceU(raw: number[]): number[] {
  const u = raw.slice();
  u[u.length - 1] = -u.slice(0, -1).reduce((a, b) => a + b, 0);
  return u.map((x) => x + 0);
}

/** Samples as records (a row of maxM entries and a raw u), M chosen separately: each part shrinks on its own. */
function splitArb(o: SplitArbOptions): fc.Arbitrary<SplitValue> {
  const sample = fc.record({ row: fc.array(o.v, { minLength: o.maxM, maxLength: o.maxM }), u: o.u });
  const samples = o.distinct
    ? fc.uniqueArray(sample, { minLength: o.minN, maxLength: o.maxN, selector: (s) => s.row[0] })
    : fc.array(sample, { minLength: o.minN, maxLength: o.maxN });
  return fc.record({ M: fc.integer({ min: o.minM, max: o.maxM }), samples }).map(({ M, samples }) => {
    const u = balanceU(samples.map((s) => s.u));
    return { v: samples.map((s) => s.row.slice(0, M).map(F)), u: u.map(F) };
  });
}

/**
 * Biased toward zero group sums: u ∈ {−1, 0, 1}^N with Σu = 0, as k pairs
 * (+1, −1) on the first 2k samples and 0 on the rest. Rows repeated in their
 * first M entries are dropped (Assumption 1 by construction; the detector
 * still checks it), so removing a row while shrinking keeps the hypotheses.
 */
function pairedArb(o: {
  maxN: number;
  maxPairs: number;
  minM: number;
  maxM: number;
  v: fc.Arbitrary<number>;
}): fc.Arbitrary<SplitValue> {
  const row = fc.array(o.v, { minLength: o.maxM, maxLength: o.maxM });
  return fc
    .record({
      M: fc.integer({ min: o.minM, max: o.maxM }),
      rows: fc.array(row, { minLength: 2, maxLength: o.maxN }),
      pairs: fc.integer({ min: 1, max: o.maxPairs }),
    })
    .map(({ M, rows, pairs }) => {
      const seen = new Set<string>();
      const kept = rows.map((r) => r.slice(0, M)).filter((r) => !seen.has(r.join(',')) && !!seen.add(r.join(',')));
      const k = Math.max(1, Math.min(pairs, Math.floor(kept.length / 2)));
      return { v: kept.map((r) => r.map(F)), u: kept.map((_, i) => F(i < 2 * k ? (i % 2 === 0 ? 1 : -1) : 0)) };
    });
}

const groupList = (x: SplitValue, j: number) =>
  groupsAt(column(x.v, j), x.u)
    .map((g) => `v = ${q(g.value)}: samples {${g.members.map((i) => i + 1).join(', ')}}, u-sum ${q(g.sum)}`)
    .join('; ');

// ---------------------------------------------------------------------------
// P8: Lemma 2's split at one location ⇔ a nonzero group sum.

export const lemma2SplitIffNonzeroGroup: Claim<SplitValue> = {
  id: 'cnn.lemma2.split-iff-nonzero-group',
  paper: PAPER,
  section: '§3.2.1 Lemma 2, eq. (7); App. G.2 (proof of Lemma 2)',
  title:
    'Lemma 2 (one location): a threshold meeting eq. (7) exists iff some group of equal v has a nonzero u-sum; the first such group gives the largest thresholds',
  statement:
    "At a location j, sort the samples by v_i^j and group equal values. With Σu = 0: (a) some η satisfies eq. (7) (every v above or below η, none equal, and the samples above η have nonzero u-sum) if and only if some group has a nonzero u-sum; (b) the first group from the top with nonzero sum is never the last group; (c) every η strictly between that group's value c_{q1} and the next lower value satisfies eq. (7), and no η ≥ c_{q1} does (the proof of Lemma 2 in G.2 takes the midpoint of this gap). Valid thresholds are enumerated independently: one test point in every open gap between consecutive distinct values.",
  hypotheses: [
    'v: N × M table of small integers (2 ≤ N ≤ 7, 1 ≤ M ≤ 4), ties frequent',
    'u: integers with Σu = 0 (output-bias stationarity) and u ≠ 0',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 300,
  generate: () =>
    splitArb({
      minN: 2,
      maxN: 7,
      minM: 1,
      maxM: 4,
      v: fc.integer({ min: -2, max: 3 }),
      u: fc.integer({ min: -3, max: 3 }),
    }),
  detect: detectBasic,
  check: (x): Outcome => {
    const M = x.v[0].length;
    for (let j = 0; j < M; j++) {
      const col = column(x.v, j);
      const gs = groupsAt(col, x.u);
      const anyNonzero = gs.some((g) => g.sum.n !== 0n);
      // independent enumeration: the literal eq. (7) at one point of every open gap, and at every value and beyond the ends
      const vals = gs.map((g) => g.value);
      const gapPoints = vals.slice(1).map((lo, k) => lo.add(vals[k]).div(2));
      const valid = gapPoints.filter((eta) => satisfiesEq7(col, x.u, eta));
      const nonGap = [...vals, vals[0].add(1), vals[vals.length - 1].sub(1)];
      const bad = nonGap.find((eta) => satisfiesEq7(col, x.u, eta));
      const fail = (claimed: string, computed: string): Outcome => ({
        ok: false,
        strength: 'refuted',
        claimed,
        computed: `at location ${j + 1} (${groupList(x, j)}): ${computed}`,
        evidence: {
          location: j + 1,
          groups: gs.map((g) => ({ value: q(g.value), members: g.members.map((i) => i + 1), sum: q(g.sum) })),
        },
      });
      if (bad)
        return fail(
          'a threshold equal to some v, or outside the range of v, never satisfies eq. (7)',
          `η = ${q(bad)} satisfies eq. (7)`,
        );
      if (valid.length > 0 !== anyNonzero)
        return fail(
          'a valid split exists iff some group sum is nonzero',
          valid.length > 0
            ? `η = ${q(valid[0])} satisfies eq. (7) but every group sum is 0`
            : 'some group sum is nonzero but no threshold satisfies eq. (7)',
        );
      if (!anyNonzero) continue;
      const q1 = gs.findIndex((g) => g.sum.n !== 0n);
      if (q1 === gs.length - 1)
        return fail(
          'the first group with nonzero sum is not the last group',
          `the first nonzero group is the last (v = ${q(gs[q1].value)})`,
        );
      const f = firstNonzeroGroup(col, x.u)!;
      if (
        f.index !== q1 ||
        !f.upper.equals(gs[q1].value) ||
        !f.lower.equals(gs[q1 + 1].value) ||
        !f.sum.equals(gs[q1].sum)
      )
        return fail(
          'firstNonzeroGroup returns the first group with nonzero sum and the next value',
          `it returned group ${f.index + 1}, (${q(f.lower)}, ${q(f.upper)}), sum ${q(f.sum)}`,
        );
      const hi = f.upper,
        lo = f.lower,
        w = hi.sub(lo);
      for (const eta of [lo.add(hi).div(2), lo.add(w.div(1000)), hi.sub(w.div(1000))])
        if (!satisfiesEq7(col, x.u, eta))
          return fail(`every η in (${q(lo)}, ${q(hi)}) satisfies eq. (7)`, `η = ${q(eta)} does not`);
      const above = valid.find((eta) => eta.compare(hi) >= 0);
      if (above) return fail(`no valid threshold is ≥ c_q1 = ${q(hi)}`, `η = ${q(above)} is valid`);
      // the gaps of validGaps (prefix sums) are exactly the valid gaps found by enumeration
      const gaps = validGaps(col, x.u);
      if (gaps.length !== valid.length || gaps.some((g, k) => !g.upper.add(g.lower).div(2).equals(valid[k])))
        return fail(
          'the valid thresholds are the gaps with nonzero prefix sum',
          `prefix-sum gaps ${gaps.map((g) => `(${q(g.lower)}, ${q(g.upper)})`).join(' ')} vs enumerated ${valid.map(q).join(', ')}`,
        );
    }
    return { ok: true, strength: 'proved' };
  },
  encode: encSplit,
  decode: decSplit,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}`,
};

// ---------------------------------------------------------------------------
// Lemma 3: some location has a group with nonzero u-sum.

function lemma3Check(x: SplitValue): Outcome {
  const M = x.v[0].length;
  for (let j = 0; j < M; j++)
    if (groupsAt(column(x.v, j), x.u).some((g) => g.sum.n !== 0n)) return { ok: true, strength: 'proved' };
  const per = Array.from({ length: M }, (_, j) => `location ${j + 1}: ${groupList(x, j)}`);
  return {
    ok: false,
    strength: 'refuted',
    claimed:
      'some location j and group q (samples with equal v_i^j) have a nonzero u-sum (Lemma 3), so Lemma 2 finds a split',
    computed: `every group sum is 0 (u = (${x.u.map(q).join(', ')}), Σu = 0, the samples pairwise separated by v): ${per.join(' | ')}. No location admits a split (eq. 7).`,
    evidence: { v: x.v.map(encQs), u: encQs(x.u) },
  };
}

const LEMMA3_SECTION = '§3.2.1 Lemma 3; App. G.5 (proof by induction over N, G.5.1–G.5.5)';

export const lemma3SmallCases: Claim<SplitValue> = {
  id: 'cnn.lemma3.small-cases',
  paper: PAPER,
  section: LEMMA3_SECTION + '; the special cases N ≤ 3 (G.5.1, G.5.3) and M = 1 (G.5.1)',
  title: 'Lemma 3 for N ≤ 3 or M = 1: some group of equal v has a nonzero u-sum',
  statement:
    'If there are at most 3 samples, or a single location, and the samples are pairwise separated by v (Assumption 1 in v-terms), Σu = 0 and u ≠ 0, then some location has a group of samples with equal v whose u-sum is nonzero. (As pure combinatorics, with no perturbation of the network; this is the range in which the printed Lemma 3 holds.)',
  hypotheses: [
    'either 2 ≤ N ≤ 3 and 1 ≤ M ≤ 4 (v ∈ {0, 1, 2}), or M = 1 and 2 ≤ N ≤ 7 (distinct v ∈ [−6, 6])',
    'every pair of samples differs at some location',
    'Σu = 0, u ≠ 0 (integers)',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 300,
  generate: () =>
    fc.oneof(
      splitArb({
        minN: 2,
        maxN: 3,
        minM: 1,
        maxM: 4,
        v: fc.integer({ min: 0, max: 2 }),
        u: fc.integer({ min: -2, max: 2 }),
      }),
      splitArb({
        minN: 2,
        maxN: 7,
        minM: 1,
        maxM: 1,
        v: fc.integer({ min: -6, max: 6 }),
        u: fc.integer({ min: -2, max: 2 }),
        distinct: true,
      }),
    ),
  detect: (x) =>
    detectSeparated(x) ?? (x.v.length <= 3 || x.v[0].length === 1 ? null : 'N ≥ 4 and M ≥ 2 (outside the small cases)'),
  check: lemma3Check,
  encode: encSplit,
  decode: decSplit,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}`,
};

export const lemma3AsPrinted: Claim<SplitValue> = {
  id: 'cnn.lemma3.as-printed',
  paper: PAPER,
  section: LEMMA3_SECTION,
  title: 'Lemma 3 as printed: under Assumption 1 and R > 0, some location has a group of equal v with nonzero u-sum',
  statement:
    "Lemma 3: under Assumption 1, for squared or cross-entropy loss with R > 0, there exist a location j ∈ [M] and a group q ∈ [g_j] (samples with equal v_i^j) with Σ_{i ∈ I_q^j} u_i ≠ 0. Checked as the combinatorial statement about the given θ: v pairwise separating the samples (implied by Assumption 1; equivalent to it when the L−3 neurons are all active, as in Lemma 7), Σu = 0 (output-bias stationarity) and u ≠ 0 (R > 0), for any N and M. The proof's perturbations (Lemma 11) change θ and are not part of the statement.",
  hypotheses: [
    'v: N × M table with entries in {0, 1, 2}, 2 ≤ N ≤ 10, 1 ≤ M ≤ 4',
    'every pair of samples differs at some location',
    'u ∈ {−1, 0, 1}^N with Σu = 0 and u ≠ 0 (biased toward zero group sums: k pairs (+1, −1), then zeros)',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  correctedBy: 'cnn.lemma3.small-cases',
  generatorVersion: 1,
  runs: 2000,
  generate: () => pairedArb({ maxN: 10, maxPairs: 4, minM: 1, maxM: 4, v: fc.integer({ min: 0, max: 2 }) }),
  detect: detectSeparated,
  check: lemma3Check,
  encode: encSplit,
  decode: decSplit,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}`,
};

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
      rows.push(Array.from({ length: N }, (_, i) => new Fraction(g.members.includes(i) ? 1 : 0)));
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
  return ints.map((t) => new Fraction(t / g));
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
      const v = rows.map((r) => r.map(F));
      if (!nullMode || v.length < 2) return { v, u: balanceU(raw.slice(0, v.length)).map(F) };
      const B = zeroGroupSumBasis(v);
      // a few coefficient vectors read from `coeffs`; the first pairwise-generic one wins, else the random u
      for (let t = 0; t < 8; t++) {
        const u = primitive(
          v.map((_, i) => B.reduce((acc, col, k) => acc.add(col[i].mul(coeffs[(k * (t + 1) + t) % 16])), ZERO)),
        );
        if (!pairwiseDegeneracy(u)) return { v, u };
      }
      return { v, u: balanceU(raw.slice(0, v.length)).map(F) };
    });
}

export const lemma3PairwiseGeneric: Claim<SplitValue> = {
  id: 'cnn.lemma3.pairwise-generic',
  paper: PAPER,
  section: LEMMA3_SECTION + '; with the perturbation targets of Lemma 11 (App. E; proof G.8 items 1–3)',
  title:
    "Lemma 3 after Lemma 11's perturbations: pairwise-generic u (u_i ≠ 0, u_i ≠ u_j, u_i + u_j ≠ 0) still need not give a nonzero group sum",
  statement:
    'The proof of Lemma 3 (G.5) repairs the degenerate cases by perturbing W^L(1,·) with Lemma 11 until u_i ≠ 0, u_i ≠ u_j and u_i + u_j ≠ 0 for all i ≠ j (Lemmas 12/13 for cross-entropy). Reading: under Assumption 1 (v pairwise separating the samples), Σu = 0 and this pairwise genericity, some location has a group of equal v with nonzero u-sum. (Since the perturbation leaves v unchanged, this is what the proof needs after perturbing.)',
  hypotheses: [
    'two locations with values in a k1 × k2 grid (k ∈ {3, 4}, some rows dropped; N ≤ 16), optionally a third location with values in {0, 1, 2}: the samples are pairwise separated',
    'Σu = 0; u_i ≠ 0, u_i ≠ u_j and u_i + u_j ≠ 0 for all i ≠ j (Lemma 11 items 2–3)',
    'u: random integers, or a random integer vector with every group sum 0 (biased search)',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  correctedBy: 'cnn.lemma3.subset-generic',
  generatorVersion: 1,
  runs: 1000,
  generate: genericSearchArb,
  detect: (x) =>
    detectSeparated(x) ?? (pairwiseDegeneracy(x.u) ? `u is not pairwise generic (${pairwiseDegeneracy(x.u)})` : null),
  check: lemma3Check,
  encode: encSplit,
  decode: decSplit,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}`,
};

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

export const lemma3SubsetGeneric: Claim<SplitValue> = {
  id: 'cnn.lemma3.subset-generic',
  paper: PAPER,
  section: LEMMA3_SECTION + '; corrected hypothesis (no vanishing partial sum of u)',
  title: 'Lemma 3 holds for every N and M when no proper subset of the samples has zero u-sum',
  statement:
    "If the samples are pairwise separated by v, Σu = 0, and no nonempty proper subset of the samples has zero u-sum, then some location has a group of equal v with nonzero u-sum. (All groups with zero sum would force every group to be all samples, i.e. equal v everywhere, against separation.) This is the genericity the perturbation argument of G.5 would have to reach; Lemma 11's pairwise conditions are not enough (cnn.lemma3.pairwise-generic).",
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 7, 1 ≤ M ≤ 4), pairwise separating the samples',
    'u: integers in [−500, 500] with Σu = 0 and no nonempty proper subset summing to 0',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 300,
  generate: () =>
    splitArb({
      minN: 2,
      maxN: 7,
      minM: 1,
      maxM: 4,
      v: fc.integer({ min: 0, max: 3 }),
      u: fc.integer({ min: -500, max: 500 }),
    }),
  detect: (x) => {
    const b = detectSeparated(x);
    if (b) return b;
    const z = zeroSubset(x.u);
    return z ? `the samples {${z.join(', ')}} have zero u-sum` : null;
  },
  check: lemma3Check,
  encode: encSplit,
  decode: decSplit,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}`,
};

// ---------------------------------------------------------------------------
// P11: the biggest-threshold rule and eq. (8).

interface ThresholdValue extends SplitValue {
  /** values η must also avoid (e.g. −b of layer L−3; note §5b.3, C4) */
  avoid: Fraction[];
}
const encT = (x: ThresholdValue): Json => ({ v: x.v.map(encQs), u: encQs(x.u), avoid: encQs(x.avoid) });
const decT = (j: Json): ThresholdValue => ({ ...decSplit(j), avoid: decQs(field(j, 'avoid', 'value'), 'value.avoid') });

/** V_j (upper end of the first nonzero group) for every location, or null. */
const uppers = (x: SplitValue) =>
  Array.from({ length: x.v[0].length }, (_, j) => firstNonzeroGroup(column(x.v, j), x.u)?.upper ?? null);

/** Eq. (8) with strict separation: S_h(η) ≠ 0, S_j(η) = 0 for j ≠ h, and no v equals η. null if it holds, else what failed. */
function eq8Failure(x: SplitValue, h: number, eta: Fraction): { computed: string; evidence: Json } | null {
  const S = splitSums(x.v, x.u, eta);
  const hit = x.v.flatMap((r, i) => r.map((t, j) => ({ i, j, t }))).filter((e) => e.t.equals(eta));
  const ev = { h: h + 1, eta: q(eta), S: encQs(S) };
  const others = S.map((s, j) => ({ s, j })).filter((e) => e.j !== h && e.s.n !== 0n);
  if (others.length)
    return {
      computed: `η = ${q(eta)} (chosen at location ${h + 1}) leaves ${others.map((e) => `S_${e.j + 1}(η) = ${q(e.s)}`).join(', ')} ≠ 0 at other locations (S = ${S.map(q).join(', ')})`,
      evidence: ev,
    };
  if (S[h].n === 0n) return { computed: `S_${h + 1}(η) = 0 at the chosen location (η = ${q(eta)})`, evidence: ev };
  if (hit.length)
    return {
      computed: `η = ${q(eta)} (chosen at location ${h + 1}) equals ${hit.map((e) => `v_${e.i + 1}^${e.j + 1}`).join(', ')}, so those samples sit exactly at the threshold (neither above nor below, eq. 7); S = ${S.map(q).join(', ')}`,
      evidence: { ...ev, collisions: hit.map((e) => [e.i + 1, e.j + 1]) },
    };
  return null;
}

export const lemma2ThresholdCorrected: Claim<ThresholdValue> = {
  id: 'cnn.lemma2.threshold-corrected',
  paper: PAPER,
  section:
    '§3.2.1 Lemma 2, eqs. (7)–(8); App. G.2, eq. (31); the biggest threshold compared by the upper end of the gap (note §5b.3)',
  title: "The biggest threshold, chosen by the upper end V_j of each location's first nonzero gap, satisfies eq. (8)",
  statement:
    "Let V_j be the value of location j's first group (from the top) with nonzero u-sum and L_j the next lower value. If the largest V_j is attained at a unique location h, any η in (ℓ, V_h), with ℓ the largest of L_h and the other V_j, and η different from every v (and from −b), gives S_h(η) = Σ_{v_i^h > η} u_i ≠ 0 and S_j(η) = 0 for every j ≠ h (eq. 8); also η satisfies eq. (7) at h and no other location has a valid threshold above η (it is the biggest). Uniqueness of the largest V_j is needed: with a tie, eq. (8) can fail for every η (cnn.lemma2.threshold-attainable).",
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 7, 2 ≤ M ≤ 4)',
    'u: integers with Σu = 0, u ≠ 0',
    'some location has a nonzero group sum, and the largest V_j is attained at one location only (C2; ties: cnn.lemma2.threshold-attainable)',
    'a value −b (the bias of layer L−3) for η to avoid (C4)',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 300,
  generate: () =>
    fc
      .tuple(
        splitArb({
          minN: 2,
          maxN: 7,
          minM: 2,
          maxM: 4,
          v: fc.integer({ min: -3, max: 6 }),
          u: fc.integer({ min: -3, max: 3 }),
        }),
        fc.integer({ min: -12, max: 12 }),
      )
      .map(([x, k]) => ({ ...x, avoid: [new Fraction(k, 2)] })),
  detect: (x) => {
    const b = detectBasic(x);
    if (b) return b;
    const V = uppers(x).filter((t): t is Fraction => t !== null);
    if (V.length === 0) return 'no location has a nonzero group sum (no split)';
    const top = V.reduce((a, t) => (t.compare(a) > 0 ? t : a));
    return V.filter((t) => t.equals(top)).length > 1
      ? `the largest upper end V = ${q(top)} is attained at two locations (a tie: eq. (8) may be unattainable, see cnn.lemma2.threshold-attainable)`
      : null;
  },
  check: (x): Outcome => {
    const s = selectThreshold(x.v, x.u, x.avoid);
    if (!s.ok)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the corrected rule selects a threshold when the largest V_j is unique',
        computed: s.reason,
        evidence: null,
      };
    const fail = (computed: string, evidence: Json): Outcome => ({
      ok: false,
      strength: 'refuted',
      claimed: `η in (ℓ, V_h) = (${q(s.lower)}, ${q(s.upper)}) at location h = ${s.h + 1} gives eq. (8): S_h(η) ≠ 0, S_j(η) = 0 for j ≠ h, η ∉ {v}, η ≠ −b`,
      computed,
      evidence,
    });
    if (!(s.eta.compare(s.lower) > 0 && s.eta.compare(s.upper) < 0))
      return fail(`η = ${q(s.eta)} is outside the interval`, { eta: q(s.eta) });
    const e8 = eq8Failure(x, s.h, s.eta);
    if (e8) return fail(e8.computed, e8.evidence);
    if (x.avoid.some((a) => a.equals(s.eta)))
      return fail(`η = ${q(s.eta)} equals the avoided value`, { eta: q(s.eta) });
    const Sh = splitSums(x.v, x.u, s.eta)[s.h];
    if (!Sh.equals(s.groupSum))
      return fail(`S_h(η) = ${q(Sh)} differs from the first nonzero group sum ${q(s.groupSum)}`, { eta: q(s.eta) });
    if (!satisfiesEq7(column(x.v, s.h), x.u, s.eta))
      return fail(`η = ${q(s.eta)} does not satisfy eq. (7) at h`, { eta: q(s.eta) });
    for (let j = 0; j < x.v[0].length; j++) {
      if (j === s.h) continue;
      const g = validGaps(column(x.v, j), x.u).find((gap) => gap.upper.compare(s.eta) > 0);
      if (g)
        return fail(
          `location ${j + 1} has valid thresholds up to ${q(g.upper)} > η = ${q(s.eta)} (η is not the biggest)`,
          { eta: q(s.eta), location: j + 1 },
        );
    }
    return { ok: true, strength: 'proved' };
  },
  encode: encT,
  decode: decT,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}\nη must avoid: ${x.avoid.map(q).join(', ')}`,
};

export const lemma2ThresholdMidpoint: Claim<SplitValue> = {
  id: 'cnn.lemma2.threshold-midpoint',
  paper: PAPER,
  section: '§3.2.1 Lemma 2, eqs. (7)–(8); App. G.2 (midpoint thresholds, "the biggest threshold"), eq. (31)',
  title: "The paper's rule: the location with the largest midpoint threshold satisfies eq. (8)",
  statement:
    'G.2 sets, at each location, η_j = the midpoint between the first group with nonzero u-sum and the next group, and takes the location h with the biggest η_j. The paper concludes (eq. 8/31) that S_j(η) = Σ_{v_i^j > η} u_i = 0 for every j ≠ h, while S_h(η) ≠ 0, with every v strictly above or below η (the Lemma 10 proof relies on the gap).',
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 6, 2 ≤ M ≤ 4)',
    'u: integers with Σu = 0, u ≠ 0',
    'some location has a nonzero group sum, and the largest midpoint is attained at one location only',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  correctedBy: 'cnn.lemma2.threshold-corrected',
  generatorVersion: 1,
  runs: 1000,
  generate: () =>
    splitArb({
      minN: 2,
      maxN: 6,
      minM: 2,
      maxM: 4,
      v: fc.integer({ min: 0, max: 10 }),
      u: fc.integer({ min: -3, max: 3 }),
    }),
  detect: (x) => {
    const b = detectBasic(x);
    if (b) return b;
    const mids = Array.from({ length: x.v[0].length }, (_, j) => firstNonzeroGroup(column(x.v, j), x.u))
      .filter((f) => f !== null)
      .map((f) => f!.upper.add(f!.lower).div(2));
    if (mids.length === 0) return 'no location has a nonzero group sum (no split)';
    const top = mids.reduce((a, t) => (t.compare(a) > 0 ? t : a));
    return mids.filter((t) => t.equals(top)).length > 1 ? 'the largest midpoint is attained at two locations' : null;
  },
  check: (x): Outcome => {
    const p = paperMidpointThreshold(x.v, x.u)!;
    const e8 = eq8Failure(x, p.h, p.eta);
    if (!e8) return { ok: true, strength: 'proved' };
    const f = firstNonzeroGroup(column(x.v, p.h), x.u)!;
    const corr = selectThreshold(x.v, x.u);
    return {
      ok: false,
      strength: 'refuted',
      claimed: `the largest midpoint η = ${q(p.eta)} (location ${p.h + 1}, between v = ${q(f.upper)} and ${q(f.lower)}) satisfies eq. (8): S_j(η) = 0 for j ≠ ${p.h + 1}, S_${p.h + 1}(η) ≠ 0, and no v equals η`,
      computed: `${e8.computed}. Midpoints per location: ${uppers(x)
        .map((_, j) => {
          const g = firstNonzeroGroup(column(x.v, j), x.u);
          return `loc${j + 1} ${g ? `${q(g.upper.add(g.lower).div(2))} (gap ${q(g.lower)} to ${q(g.upper)})` : 'none'}`;
        })
        .join(
          ', ',
        )}. ${corr.ok ? `The corrected rule (compare the gaps' upper ends) takes location ${corr.h + 1} and η in (${q(corr.lower)}, ${q(corr.upper)}), e.g. ${q(corr.eta)}.` : `The corrected rule does not apply: ${corr.reason}.`}`,
      evidence: e8.evidence,
    };
  },
  encode: encSplit,
  decode: decSplit,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}`,
};

/** The pieces on which S(η) = (S_1(η), …, S_M(η)) is constant: every distinct v value and the open intervals between and beyond them. */
function etaPieces(x: SplitValue): { label: string; eta: Fraction }[] {
  const vals = [...new Map(x.v.flat().map((t) => [t.toFraction(), t])).values()].sort((a, b) => a.compare(b));
  const out: { label: string; eta: Fraction }[] = [{ label: `η < ${q(vals[0])}`, eta: vals[0].sub(1) }];
  vals.forEach((t, i) => {
    out.push({ label: `η = ${q(t)}`, eta: t });
    out.push(
      i + 1 < vals.length
        ? { label: `${q(t)} < η < ${q(vals[i + 1])}`, eta: t.add(vals[i + 1]).div(2) }
        : { label: `η > ${q(t)}`, eta: t.add(1) },
    );
  });
  return out;
}

export const lemma2ThresholdAttainable: Claim<SplitValue> = {
  id: 'cnn.lemma2.threshold-attainable',
  paper: PAPER,
  section:
    '§3.2.1 Lemma 2, eqs. (7)–(8); App. G.2, eq. (31) ("choose the location h with the biggest threshold"); the note\'s condition C2 (§3.2, §5b.3, T3)',
  title:
    'Eq. (8) is attainable whenever a split exists: some location h and threshold η with S_h(η) ≠ 0 and S_j(η) = 0 for every other location j (false when the largest upper end V is tied)',
  statement:
    'Lemma 2 (eq. 8/31) asserts that, once some location has a split, one can pick a location h and a threshold η such that the samples above η have nonzero u-sum at h, S_h(η) = Σ_{i: v_i^h > η} u_i ≠ 0, and zero u-sum at every other location, S_j(η) = 0 for j ≠ h. Read here in its weakest form: it is enough that SOME location h and SOME η do this (η may even equal some v, and need not be the biggest threshold). Decided exactly: S(η) is constant on each value of v and each open interval between consecutive values, so one η per piece is checked. It fails when two locations tie for the largest upper end V_j (the value of the first group from the top with nonzero u-sum): just below V both sums are nonzero, above V both are zero, and lower thresholds may not help. With a unique largest V_j eq. (8) is attainable (cnn.lemma2.threshold-corrected).',
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 6, 2 ≤ M ≤ 3), pairwise separating the samples (Assumption 1)',
    'u: integers with Σu = 0, u ≠ 0',
    'some location has a group of equal v with nonzero u-sum (a split exists, eq. 7)',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  correctedBy: 'cnn.lemma2.threshold-corrected',
  generatorVersion: 1,
  runs: 1000,
  generate: () =>
    splitArb({
      minN: 2,
      maxN: 6,
      minM: 2,
      maxM: 3,
      v: fc.integer({ min: 0, max: 3 }),
      u: fc.integer({ min: -3, max: 3 }),
    }),
  detect: (x) =>
    detectSeparated(x) ??
    (uppers(x).every((t) => t === null) ? 'no location has a nonzero group sum (no split)' : null),
  check: (x): Outcome => {
    const pieces = etaPieces(x).map((p) => ({ ...p, S: splitSums(x.v, x.u, p.eta) }));
    const good = pieces.find((p) => p.S.filter((t) => t.n !== 0n).length === 1);
    if (good) return { ok: true, strength: 'proved' };
    const V = uppers(x);
    const top = V.filter((t): t is Fraction => t !== null).reduce((a, t) => (t.compare(a) > 0 ? t : a));
    const tied = V.map((t, j) => ({ t, j }))
      .filter((e) => e.t !== null && e.t.equals(top))
      .map((e) => e.j + 1);
    return {
      ok: false,
      strength: 'refuted',
      claimed: `a split exists here (${V.map((t, j) => ({ t, j }))
        .filter((e) => e.t !== null)
        .map((e) => `location ${e.j + 1}: its first group from the top with nonzero u-sum is at v = ${q(e.t!)}`)
        .join(
          '; ',
        )}), so some location h and threshold η give S_h(η) ≠ 0 and S_j(η) = 0 at every other location j (eq. 8)`,
      computed: `no η does: on every piece S(η) = (${x.v[0].map((_, j) => `S_${j + 1}(η)`).join(', ')}) has either no nonzero entry or more than one — ${pieces.map((p) => `${p.label}: (${p.S.map(q).join(', ')})`).join('; ')}. Upper ends V_j of the first nonzero-sum group per location: ${V.map((t, j) => `loc${j + 1} ${t === null ? 'none' : q(t)}`).join(', ')}${tied.length > 1 ? ` — the largest, ${q(top)}, is tied between locations ${tied.join(' and ')}` : ''}.`,
      evidence: { pieces: pieces.map((p) => ({ eta: q(p.eta), S: encQs(p.S) })), tied },
    };
  },
  encode: encSplit,
  decode: decSplit,
  describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}`,
};

// ---------------------------------------------------------------------------
// P18: Lemmas 12/13, the cross-entropy algebra (standard softmax: u = p − y).

export interface CeValue {
  pi: Fraction;
  pj: Fraction;
  yi: number;
  yj: number;
  alpha: Fraction;
}

export const lemma1213CeAlgebra: Claim<CeValue> = {
  id: 'cnn.lemma12-13.ce-algebra',
  paper: PAPER,
  section:
    'App. E Lemmas 12/13; App. G.6 eqs. (70)–(81), App. G.7 eqs. (82)–(85); Taylor expansion (72) with ∂u/∂o = p − p² (73), ∂²u/∂o² = (1 − 2p)(p − p²) (74)',
  title:
    'Lemmas 12/13: for cross-entropy, u_i = u_j or u_i + u_j = 0 with parallel features Q^i x_i = α Q^j x_j (α ≠ 0, 1) can be broken to first or second order unless α = −1',
  statement:
    "With u = p − y (standard softmax; the paper's e^{−o} convention in (69)–(70) flips the sign of u), p ∈ (0, 1), labels y ∈ {0, 1}, α ∉ {0, 1}: (i) u_i = u_j with different labels is impossible; (ii) with the same label, u_i = u_j forces p_i = p_j, and then (75) (p − p²)α = p − p² fails, so (75) and (76) never hold together with u_i = u_j (Lemma 12); (iii) u_i + u_j = 0 forces different labels and p_j = 1 − p_i, and then (82) −(p_i − p_i²)α = p_j − p_j² and (83) −(1 − 2p_i)α + (1 − 2p_j) = 0 both hold iff α = −1 (Lemma 13; α = −1 is excluded by Q x ≥ 0, Q x ≠ 0).",
  hypotheses: [
    'p_i, p_j rationals in (0, 1) (p_j often equal to p_i or 1 − p_i so the antecedents occur)',
    'labels y_{i,1}, y_{j,1} ∈ {0, 1}',
    'α rational, α ∉ {0, 1} (α = −1 often)',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 400,
  generate: () => {
    const prob = fc
      .integer({ min: 2, max: 16 })
      .chain((den) => fc.integer({ min: 1, max: den - 1 }).map((k) => new Fraction(k, den)));
    const alpha = fc.oneof(
      fc.constant(new Fraction(-1)),
      fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: 1, max: 4 })).map(([a, b]) => new Fraction(a, b)),
    );
    return fc
      .record({
        pi: prob,
        other: prob,
        mode: fc.constantFrom('same', 'complement', 'free'),
        yi: fc.integer({ min: 0, max: 1 }),
        yj: fc.integer({ min: 0, max: 1 }),
        alpha,
      })
      .map(({ pi, other, mode, yi, yj, alpha }) => ({
        pi,
        pj: mode === 'same' ? pi : mode === 'complement' ? new Fraction(1).sub(pi) : other,
        yi,
        yj,
        alpha,
      }));
  },
  detect: (x) => {
    for (const p of [x.pi, x.pj]) if (!(p.compare(0) > 0 && p.compare(1) < 0)) return `p = ${q(p)} is not in (0, 1)`;
    if (![0, 1].includes(x.yi) || ![0, 1].includes(x.yj)) return 'a label is not 0 or 1';
    if (x.alpha.n === 0n || x.alpha.equals(1)) return 'α ∈ {0, 1}';
    return null;
  },
  check: (x): Outcome => {
    const one = new Fraction(1);
    const ui = x.pi.sub(x.yi),
      uj = x.pj.sub(x.yj);
    const d1 = (p: Fraction) => p.sub(p.mul(p)); // (73)
    const d2r = (p: Fraction) => one.sub(p.mul(2)); // (74) / (73)
    const eq75 = d1(x.pi).mul(x.alpha).equals(d1(x.pj));
    const eq76 = d2r(x.pi).mul(x.alpha).equals(d2r(x.pj));
    const eq82 = d1(x.pi).mul(x.alpha).neg().equals(d1(x.pj));
    const eq83 = d2r(x.pi).mul(x.alpha).neg().add(d2r(x.pj)).n === 0n;
    // the second-order conditions as the paper states them before dividing by (73): ∂²u_i α² = ±∂²u_j
    const sec12 = d2r(x.pi)
      .mul(d1(x.pi))
      .mul(x.alpha.mul(x.alpha))
      .equals(d2r(x.pj).mul(d1(x.pj)));
    const sec13 = d2r(x.pi)
      .mul(d1(x.pi))
      .mul(x.alpha.mul(x.alpha))
      .equals(d2r(x.pj).mul(d1(x.pj)).neg());
    const facts = { ui: q(ui), uj: q(uj), eq75, eq76, eq82, eq83 };
    const fail = (claimed: string, computed: string): Outcome => ({
      ok: false,
      strength: 'refuted',
      claimed,
      computed,
      evidence: facts as unknown as Json,
    });
    const ctx = `p_i = ${q(x.pi)}, p_j = ${q(x.pj)}, labels ${x.yi}, ${x.yj}, α = ${q(x.alpha)}: u_i = ${q(ui)}, u_j = ${q(uj)}`;
    // (73)/(74) reduce (75)∧(second order) to (75)∧(76), and likewise for (82)/(83)
    if ((eq75 && sec12) !== (eq75 && eq76))
      return fail('given (75), the second-order condition is equivalent to (76)', ctx);
    if ((eq82 && sec13) !== (eq82 && eq83))
      return fail('given (82), the second-order condition is equivalent to (83)', ctx);
    if (x.yi !== x.yj && ui.equals(uj)) return fail('u_i = u_j is impossible with different labels', ctx);
    if (x.yi === x.yj && ui.equals(uj)) {
      if (!x.pi.equals(x.pj)) return fail('u_i = u_j with the same label forces p_i = p_j', ctx);
      if (eq75) return fail('with p_i = p_j, (75) (p − p²)α = p − p² fails for α ≠ 1', ctx);
    }
    if (ui.equals(uj) && eq75 && eq76) return fail('Lemma 12: u_i = u_j, (75) and (76) never hold together', ctx);
    if (ui.add(uj).n === 0n) {
      if (x.yi === x.yj) return fail('u_i + u_j = 0 forces different labels', ctx);
      if (!x.pj.equals(one.sub(x.pi))) return fail('u_i + u_j = 0 forces p_j = 1 − p_i', ctx);
      if ((eq82 && eq83) !== x.alpha.equals(-1))
        return fail('(82) and (83) both hold iff α = −1', `${ctx}; (82) ${eq82}, (83) ${eq83}`);
    }
    return { ok: true, strength: 'proved' };
  },
  encode: (x) => ({ pi: q(x.pi), pj: q(x.pj), yi: x.yi, yj: x.yj, alpha: q(x.alpha) }),
  decode: (j) => ({
    pi: decQ(field(j, 'pi', 'value'), 'value.pi'),
    pj: decQ(field(j, 'pj', 'value'), 'value.pj'),
    yi: field(j, 'yi', 'value') as number,
    yj: field(j, 'yj', 'value') as number,
    alpha: decQ(field(j, 'alpha', 'value'), 'value.alpha'),
  }),
  describe: (x) =>
    `sample i: p = ${q(x.pi)}, label ${x.yi}, u = ${q(x.pi.sub(x.yi))}\nsample j: p = ${q(x.pj)}, label ${x.yj}, u = ${q(x.pj.sub(x.yj))}\nQ^i x_i = α Q^j x_j with α = ${q(x.alpha)}`,
};

/** In lemma order: Lemma 2 (split at one location, the paper's threshold rule, the corrected rule, ties), Lemma 3, Lemmas 12/13. */
export const cnnLemma2SplitClaims: AnyClaim[] = [
  lemma2SplitIffNonzeroGroup,
  lemma2ThresholdMidpoint,
  lemma2ThresholdCorrected,
  lemma2ThresholdAttainable,
];
export const cnnLemma3Claims: AnyClaim[] = [
  lemma3SmallCases,
  lemma3AsPrinted,
  lemma3PairwiseGeneric,
  lemma3SubsetGeneric,
];
export const cnnLemma1213Claims: AnyClaim[] = [lemma1213CeAlgebra];
export const cnnSplitClaims: AnyClaim[] = [...cnnLemma2SplitClaims, ...cnnLemma3Claims, ...cnnLemma1213Claims];
