/**
 * "Spurious local minima provably exist for deep convolutional neural
 * networks": the data split of Lemmas 2/3 (§3.2.1, eqs. 7–8; proof G.2,
 * eq. 31) as exact combinatorics on the pre-activations v (N samples × P
 * locations) and the loss derivatives u, and the cross-entropy algebra of
 * Lemmas 12/13 (App. G.6–G.7, eqs. 70–85).
 *
 * Notation (note §5b): at one location j the distinct values of v[·][j] in
 * descending order are c_1 > c_2 > … > c_g, with group sums s_q = Σ_{i: v_ij = c_q} u_i.
 * q1 = the first q with s_q ≠ 0; V_j := c_{q1} (upper end), L_j := c_{q1+1}
 * (lower end). S_j(η) := Σ_{i: v_ij > η} u_i.
 */
import type { Fraction } from 'fraction.js';
import { sum, ZERO } from '../../numeric/rational.js';

/** Distinct values of one location, descending, with their member samples and u-sum. */
export function groupsAt(
  values: readonly Fraction[],
  u: readonly Fraction[],
): { value: Fraction; members: number[]; sum: Fraction }[] {
  if (values.length !== u.length) throw new Error(`groupsAt: ${values.length} values but ${u.length} u entries`);
  const order = values.map((_, i) => i).sort((a, b) => values[b].compare(values[a]) || a - b);
  const groups: { value: Fraction; members: number[]; sum: Fraction }[] = [];
  for (const i of order) {
    const last = groups[groups.length - 1];
    if (last && last.value.equals(values[i])) {
      last.members.push(i);
      last.sum = last.sum.add(u[i]);
    } else groups.push({ value: values[i], members: [i], sum: u[i] });
  }
  return groups;
}

/** The first group (from the top) with nonzero u-sum, and the next lower value: V_j = upper, L_j = lower (note §5b.1). null if every group sum is 0. */
export function firstNonzeroGroup(
  values: readonly Fraction[],
  u: readonly Fraction[],
): { index: number; upper: Fraction; lower: Fraction; sum: Fraction } | null {
  const gs = groupsAt(values, u);
  const q = gs.findIndex((g) => g.sum.n !== 0n);
  if (q < 0) return null;
  if (q === gs.length - 1)
    // only possible when Σu ≠ 0 (with Σu = 0 the prefix sums reach 0 at the last group)
    throw new Error(`firstNonzeroGroup: the first nonzero group is the last one (Σu = ${sum(u).toFraction()} ≠ 0?)`);
  return { index: q, upper: gs[q].value, lower: gs[q + 1].value, sum: gs[q].sum };
}

/** Column j of an N×P table. */
export const column = (v: readonly (readonly Fraction[])[], j: number): Fraction[] => v.map((row) => row[j]);

/** S_j(η) = Σ_{i: v[i][j] > η} u_i for every location j; v is N×P (v[i][j]). */
export function splitSums(v: readonly (readonly Fraction[])[], u: readonly Fraction[], eta: Fraction): Fraction[] {
  const P = v.length ? v[0].length : 0;
  return Array.from({ length: P }, (_, j) =>
    v.reduce((a, row, i) => (row[j].compare(eta) > 0 ? a.add(u[i]) : a), ZERO),
  );
}

/**
 * The thresholds that satisfy eq. (7) at one location, as the union of open
 * gaps (c_{q+1}, c_q) with prefix sum S_q ≠ 0 (note §5b.1). Used by the claims
 * to check the "first nonzero group" description against the definition.
 */
export function validGaps(
  values: readonly Fraction[],
  u: readonly Fraction[],
): { lower: Fraction; upper: Fraction; prefix: Fraction }[] {
  const gs = groupsAt(values, u);
  const out: { lower: Fraction; upper: Fraction; prefix: Fraction }[] = [];
  let S = ZERO;
  for (let q = 0; q + 1 < gs.length; q++) {
    S = S.add(gs[q].sum);
    if (S.n !== 0n) out.push({ lower: gs[q + 1].value, upper: gs[q].value, prefix: S });
  }
  return out;
}

/**
 * Eq. (7) at location j for threshold η, literally: no sample has v = η (every
 * v is either > η or < η), at least one sample lies on each side, and the u-sum
 * of the samples above η is nonzero.
 */
export function satisfiesEq7(values: readonly Fraction[], u: readonly Fraction[], eta: Fraction): boolean {
  let above = 0,
    below = 0,
    s = ZERO;
  for (let i = 0; i < values.length; i++) {
    const c = values[i].compare(eta);
    if (c === 0) return false;
    if (c > 0) {
      above++;
      s = s.add(u[i]);
    } else below++;
  }
  return above > 0 && below > 0 && s.n !== 0n;
}

/** A point of the open interval (lo, hi) that avoids `bad`: the midpoint, bisected toward hi on a collision. */
export function pointAvoiding(lo: Fraction, hi: Fraction, bad: readonly Fraction[]): Fraction {
  if (lo.compare(hi) >= 0) throw new Error(`pointAvoiding: empty interval (${lo.toFraction()}, ${hi.toFraction()})`);
  let eta = lo.add(hi).div(2);
  // the bisection points are distinct, so this ends after at most |bad| + 1 steps
  for (let k = 0; k <= bad.length; k++) {
    if (!bad.some((b) => b.equals(eta))) return eta;
    eta = eta.add(hi).div(2);
  }
  throw new Error('pointAvoiding: unreachable');
}

/** The corrected biggest-threshold rule (note §5b.3): h = unique argmax V_j, η in the open interval (ℓ, V_h), η ≠ every v entry and every value in `avoid` (e.g. −b). */
export function selectThreshold(
  v: readonly (readonly Fraction[])[],
  u: readonly Fraction[],
  avoid: readonly Fraction[] = [],
):
  | { ok: true; h: number; eta: Fraction; lower: Fraction; upper: Fraction; groupSum: Fraction }
  | { ok: false; reason: string } {
  const P = v.length ? v[0].length : 0;
  const first = Array.from({ length: P }, (_, j) => firstNonzeroGroup(column(v, j), u));
  const withSplit = first
    .map((f, j) => ({ f, j }))
    .filter((x): x is { f: NonNullable<typeof x.f>; j: number } => x.f !== null);
  if (withSplit.length === 0)
    return { ok: false, reason: 'no location has a group with nonzero u-sum (no split, Lemma 3 fails here)' };
  const top = withSplit.reduce((best, x) => (x.f.upper.compare(best.f.upper) > 0 ? x : best));
  const ties = withSplit.filter((x) => x.f.upper.equals(top.f.upper));
  if (ties.length > 1)
    return {
      ok: false,
      reason: `the largest upper end V = ${top.f.upper.toFraction()} is attained at locations ${ties.map((x) => x.j + 1).join(', ')} (not unique)`,
    };
  const lower = withSplit
    .filter((x) => x.j !== top.j)
    .reduce((a, x) => (x.f.upper.compare(a) > 0 ? x.f.upper : a), top.f.lower);
  const bad = [...v.flat(), ...avoid];
  const eta = pointAvoiding(lower, top.f.upper, bad);
  return { ok: true, h: top.j, eta, lower, upper: top.f.upper, groupSum: top.f.sum };
}

/** The paper's rule as printed: at each location the midpoint between the first nonzero-sum group and the next; take the location with the LARGEST midpoint. null if no location has a split. */
export function paperMidpointThreshold(
  v: readonly (readonly Fraction[])[],
  u: readonly Fraction[],
): { h: number; eta: Fraction } | null {
  const P = v.length ? v[0].length : 0;
  let best: { h: number; eta: Fraction } | null = null;
  for (let j = 0; j < P; j++) {
    const f = firstNonzeroGroup(column(v, j), u);
    if (!f) continue;
    const mid = f.upper.add(f.lower).div(2);
    // ties between midpoints: the first location (the paper does not say)
    if (!best || mid.compare(best.eta) > 0) best = { h: j, eta: mid };
  }
  return best;
}
