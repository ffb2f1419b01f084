/**
 * Lemma 2 of "Spurious local minima provably exist for deep CNNs" (§3.2.1,
 * eq. 7; proof G.2) at one location, as exact combinatorics on a table v and
 * the loss derivatives u: a split exists iff some group of equal v has a
 * nonzero u-sum. The threshold rules (eq. 8): ./lemma2-threshold.ts; on
 * network states: ./lemma2-network.ts.
 */
import { column, firstNonzeroGroup, groupsAt, satisfiesEq7, validGaps } from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { paper } from './parts.js';
import { detectBasic, groupList, splitArb, splitValues } from './split-values.js';

// ---------------------------------------------------------------------------
// P8: Lemma 2's split at one location ⇔ a nonzero group sum.

export const lemma2SplitIffNonzeroGroup = paper.claim({
  id: 'cnn.lemma2.split-iff-nonzero-group',
  section: '§3.2.1 Lemma 2, eq. (7); App. G.2 (proof of Lemma 2)',
  title:
    'Lemma 2 (one location): a threshold meeting eq. (7) exists iff some group of equal v has a nonzero u-sum; the first such group gives the largest thresholds',
  statement:
    "At a location j, sort the samples by v_i^j and group equal values. With Σu = 0: (a) some η satisfies eq. (7) (every v above or below η, none equal, and the samples above η have nonzero u-sum) if and only if some group has a nonzero u-sum; (b) the first group from the top with nonzero sum is never the last group; (c) every η strictly between that group's value c_{q1} and the next lower value satisfies eq. (7), and no η ≥ c_{q1} does (the proof of Lemma 2 in G.2 takes the midpoint of this gap). Valid thresholds are enumerated independently: one test point in every open gap between consecutive distinct values.",
  instance: splitValues(() => splitArb({ n: [2, 7], m: [1, 4], v: [-2, 3], u: [-3, 3] }), detectBasic),
  hypotheses: [
    'v: N × M table of small integers (2 ≤ N ≤ 7, 1 ≤ M ≤ 4), ties frequent',
    'u: integers with Σu = 0 (output-bias stationarity) and u ≠ 0',
  ],
  runs: 300,
  check: (x) => {
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
      const fail = (claimed: string, computed: string): Outcome =>
        refuted(claimed, `at location ${j + 1} (${groupList(x, j)}): ${computed}`, {
          location: j + 1,
          groups: gs.map((g) => ({ value: encQ(g.value), members: g.members.map((i) => i + 1), sum: encQ(g.sum) })),
        });
      if (bad)
        return fail(
          'a threshold equal to some v, or outside the range of v, never satisfies eq. (7)',
          `η = ${encQ(bad)} satisfies eq. (7)`,
        );
      if (valid.length > 0 !== anyNonzero)
        return fail(
          'a valid split exists iff some group sum is nonzero',
          valid.length > 0
            ? `η = ${encQ(valid[0])} satisfies eq. (7) but every group sum is 0`
            : 'some group sum is nonzero but no threshold satisfies eq. (7)',
        );
      if (!anyNonzero) continue;
      const q1 = gs.findIndex((g) => g.sum.n !== 0n);
      if (q1 === gs.length - 1)
        return fail(
          'the first group with nonzero sum is not the last group',
          `the first nonzero group is the last (v = ${encQ(gs[q1].value)})`,
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
          `it returned group ${f.index + 1}, (${encQ(f.lower)}, ${encQ(f.upper)}), sum ${encQ(f.sum)}`,
        );
      const hi = f.upper,
        lo = f.lower,
        w = hi.sub(lo);
      for (const eta of [lo.add(hi).div(2), lo.add(w.div(1000)), hi.sub(w.div(1000))])
        if (!satisfiesEq7(col, x.u, eta))
          return fail(`every η in (${encQ(lo)}, ${encQ(hi)}) satisfies eq. (7)`, `η = ${encQ(eta)} does not`);
      const above = valid.find((eta) => eta.compare(hi) >= 0);
      if (above) return fail(`no valid threshold is ≥ c_q1 = ${encQ(hi)}`, `η = ${encQ(above)} is valid`);
      // the gaps of validGaps (prefix sums) are exactly the valid gaps found by enumeration
      const gaps = validGaps(col, x.u);
      if (gaps.length !== valid.length || gaps.some((g, k) => !g.upper.add(g.lower).div(2).equals(valid[k])))
        return fail(
          'the valid thresholds are the gaps with nonzero prefix sum',
          `prefix-sum gaps ${gaps.map((g) => `(${encQ(g.lower)}, ${encQ(g.upper)})`).join(' ')} vs enumerated ${valid.map(encQ).join(', ')}`,
        );
    }
    return proved();
  },
});
