/**
 * Lemma 2 of "Spurious local minima provably exist for deep CNNs" (§3.2.1,
 * eqs. 7–8; proof G.2, eq. 31): the threshold that satisfies eq. (8) — the
 * paper's midpoint rule (refuted), the rule corrected to compare upper ends
 * (holds), and when eq. (8) is attainable at all (refuted on ties).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { toRat } from '../../numeric/rational.js';
import {
  column,
  firstNonzeroGroup,
  paperMidpointThreshold,
  satisfiesEq7,
  selectThreshold,
  splitSums,
  validGaps,
} from '../../papers/cnn/index.js';
import { encQ, encQs } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { rationalRows, rationals } from '../schema.js';
import type { Json, Outcome } from '../types.js';
import { paper } from './parts.js';
import { detectBasic, detectSeparated, splitArb, splitTable, splitValues, type SplitValue } from './split-values.js';

/** V_j (upper end of the first nonzero group) for every location, or null. */
const uppers = (x: SplitValue) =>
  Array.from({ length: x.v[0].length }, (_, j) => firstNonzeroGroup(column(x.v, j), x.u)?.upper ?? null);

/** Eq. (8) with strict separation: S_h(η) ≠ 0, S_j(η) = 0 for j ≠ h, and no v equals η. null if it holds, else what failed. */
function eq8Failure(x: SplitValue, h: number, eta: Fraction): { computed: string; evidence: Json } | null {
  const S = splitSums(x.v, x.u, eta);
  const hit = x.v.flatMap((r, i) => r.map((t, j) => ({ i, j, t }))).filter((e) => e.t.equals(eta));
  const ev = { h: h + 1, eta: encQ(eta), S: encQs(S) };
  const others = S.map((s, j) => ({ s, j })).filter((e) => e.j !== h && e.s.n !== 0n);
  if (others.length)
    return {
      computed: `η = ${encQ(eta)} (chosen at location ${h + 1}) leaves ${others.map((e) => `S_${e.j + 1}(η) = ${encQ(e.s)}`).join(', ')} ≠ 0 at other locations (S = ${S.map(encQ).join(', ')})`,
      evidence: ev,
    };
  if (S[h].n === 0n) return { computed: `S_${h + 1}(η) = 0 at the chosen location (η = ${encQ(eta)})`, evidence: ev };
  if (hit.length)
    return {
      computed: `η = ${encQ(eta)} (chosen at location ${h + 1}) equals ${hit.map((e) => `v_${e.i + 1}^${e.j + 1}`).join(', ')}, so those samples sit exactly at the threshold (neither above nor below, eq. 7); S = ${S.map(encQ).join(', ')}`,
      evidence: { ...ev, collisions: hit.map((e) => [e.i + 1, e.j + 1]) },
    };
  return null;
}

export const lemma2ThresholdMidpoint = paper.claim({
  id: 'cnn.lemma2.threshold-midpoint',
  section: '§3.2.1 Lemma 2, eqs. (7)–(8); App. G.2 (midpoint thresholds, "the biggest threshold"), eq. (31)',
  title: "The paper's rule: the location with the largest midpoint threshold satisfies eq. (8)",
  statement:
    'G.2 sets, at each location, η_j = the midpoint between the first group with nonzero u-sum and the next group, and takes the location h with the biggest η_j. The paper concludes (eq. 8/31) that S_j(η) = Σ_{v_i^j > η} u_i = 0 for every j ≠ h, while S_h(η) ≠ 0, with every v strictly above or below η (the Lemma 10 proof relies on the gap).',
  instance: splitValues(
    () => splitArb({ n: [2, 6], m: [2, 4], v: [0, 10], u: [-3, 3] }),
    (x) => {
      const b = detectBasic(x);
      if (b) return b;
      const mids = Array.from({ length: x.v[0].length }, (_, j) => firstNonzeroGroup(column(x.v, j), x.u))
        .filter((f) => f !== null)
        .map((f) => f!.upper.add(f!.lower).div(2));
      if (mids.length === 0) return 'no location has a nonzero group sum (no split)';
      const top = mids.reduce((a, t) => (t.compare(a) > 0 ? t : a));
      return mids.filter((t) => t.equals(top)).length > 1 ? 'the largest midpoint is attained at two locations' : null;
    },
  ),
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 6, 2 ≤ M ≤ 4)',
    'u: integers with Σu = 0, u ≠ 0',
    'some location has a nonzero group sum, and the largest midpoint is attained at one location only',
  ],
  expected: 'refuted',
  correctedBy: 'cnn.lemma2.threshold-corrected',
  runs: 1000,
  check: (x) => {
    const p = paperMidpointThreshold(x.v, x.u)!;
    const e8 = eq8Failure(x, p.h, p.eta);
    if (!e8) return proved();
    const f = firstNonzeroGroup(column(x.v, p.h), x.u)!;
    const corr = selectThreshold(x.v, x.u);
    return refuted(
      `the largest midpoint η = ${encQ(p.eta)} (location ${p.h + 1}, between v = ${encQ(f.upper)} and ${encQ(f.lower)}) satisfies eq. (8): S_j(η) = 0 for j ≠ ${p.h + 1}, S_${p.h + 1}(η) ≠ 0, and no v equals η`,
      `${e8.computed}. Midpoints per location: ${uppers(x)
        .map((_, j) => {
          const g = firstNonzeroGroup(column(x.v, j), x.u);
          return `loc${j + 1} ${g ? `${encQ(g.upper.add(g.lower).div(2))} (gap ${encQ(g.lower)} to ${encQ(g.upper)})` : 'none'}`;
        })
        .join(
          ', ',
        )}. ${corr.ok ? `The corrected rule (compare the gaps' upper ends) takes location ${corr.h + 1} and η in (${encQ(corr.lower)}, ${encQ(corr.upper)}), e.g. ${encQ(corr.eta)}.` : `The corrected rule does not apply: ${corr.reason}.`}`,
      e8.evidence,
    );
  },
});

interface ThresholdValue extends SplitValue {
  /** values η must also avoid (e.g. −b of layer L−3; note §5b.3, C4) */
  avoid: Fraction[];
}

export const lemma2ThresholdCorrected = paper.claim({
  id: 'cnn.lemma2.threshold-corrected',
  section:
    '§3.2.1 Lemma 2, eqs. (7)–(8); App. G.2, eq. (31); the biggest threshold compared by the upper end of the gap (our correction)',
  title: "The biggest threshold, chosen by the upper end V_j of each location's first nonzero gap, satisfies eq. (8)",
  statement:
    "Let V_j be the value of location j's first group (from the top) with nonzero u-sum and L_j the next lower value. If the largest V_j is attained at a unique location h, any η in (ℓ, V_h), with ℓ the largest of L_h and the other V_j, and η different from every v (and from −b), gives S_h(η) = Σ_{v_i^h > η} u_i ≠ 0 and S_j(η) = 0 for every j ≠ h (eq. 8); also η satisfies eq. (7) at h and no other location has a valid threshold above η (it is the biggest). Uniqueness of the largest V_j is needed: with a tie, eq. (8) can fail for every η (cnn.lemma2.threshold-attainable).",
  instance: instanceKind<ThresholdValue>({
    generate: () =>
      fc
        .tuple(splitArb({ n: [2, 7], m: [2, 4], v: [-3, 6], u: [-3, 3] }), fc.integer({ min: -12, max: 12 }))
        .map(([x, k]) => ({ ...x, avoid: [toRat(k).div(2)] })),
    detect: (x) => {
      const b = detectBasic(x);
      if (b) return b;
      const V = uppers(x).filter((t): t is Fraction => t !== null);
      if (V.length === 0) return 'no location has a nonzero group sum (no split)';
      const top = V.reduce((a, t) => (t.compare(a) > 0 ? t : a));
      return V.filter((t) => t.equals(top)).length > 1
        ? `the largest upper end V = ${encQ(top)} is attained at two locations (a tie: eq. (8) may be unattainable, see cnn.lemma2.threshold-attainable)`
        : null;
    },
    codec: z.object({ v: rationalRows, u: rationals, avoid: rationals }),
    describe: (x) => `v (samples × locations) and u:\n${splitTable(x)}\nη must avoid: ${x.avoid.map(encQ).join(', ')}`,
  }),
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 7, 2 ≤ M ≤ 4)',
    'u: integers with Σu = 0, u ≠ 0',
    'some location has a nonzero group sum, and the largest V_j is attained at one location only (an unstated condition; ties: cnn.lemma2.threshold-attainable)',
    'a value −b (the bias of layer L−3) for η to avoid (else the perturbed samples sit on a ReLU kink)',
  ],
  runs: 300,
  check: (x) => {
    const s = selectThreshold(x.v, x.u, x.avoid);
    if (!s.ok) return refuted('the corrected rule selects a threshold when the largest V_j is unique', s.reason);
    const fail = (computed: string, evidence: Json): Outcome =>
      refuted(
        `η in (ℓ, V_h) = (${encQ(s.lower)}, ${encQ(s.upper)}) at location h = ${s.h + 1} gives eq. (8): S_h(η) ≠ 0, S_j(η) = 0 for j ≠ h, η ∉ {v}, η ≠ −b`,
        computed,
        evidence,
      );
    if (!(s.eta.compare(s.lower) > 0 && s.eta.compare(s.upper) < 0))
      return fail(`η = ${encQ(s.eta)} is outside the interval`, { eta: encQ(s.eta) });
    const e8 = eq8Failure(x, s.h, s.eta);
    if (e8) return fail(e8.computed, e8.evidence);
    if (x.avoid.some((a) => a.equals(s.eta)))
      return fail(`η = ${encQ(s.eta)} equals the avoided value`, { eta: encQ(s.eta) });
    const Sh = splitSums(x.v, x.u, s.eta)[s.h];
    if (!Sh.equals(s.groupSum))
      return fail(`S_h(η) = ${encQ(Sh)} differs from the first nonzero group sum ${encQ(s.groupSum)}`, {
        eta: encQ(s.eta),
      });
    if (!satisfiesEq7(column(x.v, s.h), x.u, s.eta))
      return fail(`η = ${encQ(s.eta)} does not satisfy eq. (7) at h`, { eta: encQ(s.eta) });
    for (let j = 0; j < x.v[0].length; j++) {
      if (j === s.h) continue;
      const g = validGaps(column(x.v, j), x.u).find((gap) => gap.upper.compare(s.eta) > 0);
      if (g)
        return fail(
          `location ${j + 1} has valid thresholds up to ${encQ(g.upper)} > η = ${encQ(s.eta)} (η is not the biggest)`,
          { eta: encQ(s.eta), location: j + 1 },
        );
    }
    return proved();
  },
});

/** The pieces on which S(η) = (S_1(η), …, S_M(η)) is constant: every distinct v value and the open intervals between and beyond them. */
function etaPieces(x: SplitValue): { label: string; eta: Fraction }[] {
  const vals = [...new Map(x.v.flat().map((t) => [t.toFraction(), t])).values()].sort((a, b) => a.compare(b));
  const out: { label: string; eta: Fraction }[] = [{ label: `η < ${encQ(vals[0])}`, eta: vals[0].sub(1) }];
  vals.forEach((t, i) => {
    out.push({ label: `η = ${encQ(t)}`, eta: t });
    out.push(
      i + 1 < vals.length
        ? { label: `${encQ(t)} < η < ${encQ(vals[i + 1])}`, eta: t.add(vals[i + 1]).div(2) }
        : { label: `η > ${encQ(t)}`, eta: t.add(1) },
    );
  });
  return out;
}

export const lemma2ThresholdAttainable = paper.claim({
  id: 'cnn.lemma2.threshold-attainable',
  section:
    '§3.2.1 Lemma 2, eqs. (7)–(8); App. G.2, eq. (31) ("choose the location h with the biggest threshold"), without the unstated condition that the biggest threshold is attained at one location only',
  title:
    'Eq. (8) is attainable whenever a split exists: some location h and threshold η with S_h(η) ≠ 0 and S_j(η) = 0 for every other location j (false when the largest upper end V is tied)',
  statement:
    'Lemma 2 (eq. 8/31) asserts that, once some location has a split, one can pick a location h and a threshold η such that the samples above η have nonzero u-sum at h, S_h(η) = Σ_{i: v_i^h > η} u_i ≠ 0, and zero u-sum at every other location, S_j(η) = 0 for j ≠ h. Read here in its weakest form: it is enough that SOME location h and SOME η do this (η may even equal some v, and need not be the biggest threshold). Decided exactly: S(η) is constant on each value of v and each open interval between consecutive values, so one η per piece is checked. It fails when two locations tie for the largest upper end V_j (the value of the first group from the top with nonzero u-sum): just below V both sums are nonzero, above V both are zero, and lower thresholds may not help. With a unique largest V_j eq. (8) is attainable (cnn.lemma2.threshold-corrected).',
  instance: splitValues(
    () => splitArb({ n: [2, 6], m: [2, 3], v: [0, 3], u: [-3, 3] }),
    (x) =>
      detectSeparated(x) ??
      (uppers(x).every((t) => t === null) ? 'no location has a nonzero group sum (no split)' : null),
  ),
  hypotheses: [
    'v: N × M small integers (2 ≤ N ≤ 6, 2 ≤ M ≤ 3), pairwise separating the samples (Assumption 1)',
    'u: integers with Σu = 0, u ≠ 0',
    'some location has a group of equal v with nonzero u-sum (a split exists, eq. 7)',
  ],
  expected: 'refuted',
  correctedBy: 'cnn.lemma2.threshold-corrected',
  runs: 1000,
  check: (x) => {
    const pieces = etaPieces(x).map((p) => ({ ...p, S: splitSums(x.v, x.u, p.eta) }));
    const good = pieces.find((p) => p.S.filter((t) => t.n !== 0n).length === 1);
    if (good) return proved();
    const V = uppers(x);
    const top = V.filter((t): t is Fraction => t !== null).reduce((a, t) => (t.compare(a) > 0 ? t : a));
    const tied = V.map((t, j) => ({ t, j }))
      .filter((e) => e.t !== null && e.t.equals(top))
      .map((e) => e.j + 1);
    return refuted(
      `a split exists here (${V.map((t, j) => ({ t, j }))
        .filter((e) => e.t !== null)
        .map((e) => `location ${e.j + 1}: its first group from the top with nonzero u-sum is at v = ${encQ(e.t!)}`)
        .join(
          '; ',
        )}), so some location h and threshold η give S_h(η) ≠ 0 and S_j(η) = 0 at every other location j (eq. 8)`,
      `no η does: on every piece S(η) = (${x.v[0].map((_, j) => `S_${j + 1}(η)`).join(', ')}) has either no nonzero entry or more than one — ${pieces.map((p) => `${p.label}: (${p.S.map(encQ).join(', ')})`).join('; ')}. Upper ends V_j of the first nonzero-sum group per location: ${V.map((t, j) => `loc${j + 1} ${t === null ? 'none' : encQ(t)}`).join(', ')}${tied.length > 1 ? ` — the largest, ${encQ(top)}, is tied between locations ${tied.join(' and ')}` : ''}.`,
      { pieces: pieces.map((p) => ({ eta: encQ(p.eta), S: encQs(p.S) })), tied },
    );
  },
});

/** In the paper's order: the paper's threshold rule, the corrected rule, ties. */
export const lemma2ThresholdClaims = [lemma2ThresholdMidpoint, lemma2ThresholdCorrected, lemma2ThresholdAttainable];
