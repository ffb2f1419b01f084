/**
 * Liu (2022), "Spurious local minima are common for deep neural networks with
 * piecewise linear activations", §4 and §6.1.1–6.1.3: one-dimensional
 * continuous piecewise-linear (CPWL) fits glued from group least-squares fits.
 *
 *  - groupFits: the samples (sorted by x) cut into contiguous groups, each
 *    fitted by its own least-squares line, eq. (11) (a singleton: slope 0);
 *  - gluePieces: the fits glued into one CPWL function, with an auxiliary
 *    piece in every gap where consecutive fits do not meet strictly inside it
 *    (two breakpoints at the gap's thirds), identical neighbours merged;
 *  - latticeSets: the max–min (lattice) form f = max_s min_{r ∈ S_s} φ_r of
 *    eqs. (13)–(14), Tarela & Martínez, with identical sets merged;
 *  - the points where two CPWL functions must be compared to be equal on D.
 *
 * Conventions (the paper leaves them open): the domain is D = [min x − 1,
 * max x + 1]; a cut list [k_1, …] gives the 0-based first index of groups 2, ….
 */
import { Fraction } from 'fraction.js';
import { affineFitOf } from '../../model/affine.js';
import { ONE, ZERO } from '../../numeric/rational.js';

/** An affine function of one variable, slope·x + intercept. */
export interface Piece {
  slope: Fraction;
  intercept: Fraction;
}

export const at = (p: Piece, x: Fraction): Fraction => p.slope.mul(x).add(p.intercept);
export const samePiece = (p: Piece, q: Piece): boolean => p.slope.equals(q.slope) && p.intercept.equals(q.intercept);

/** A CPWL function: pieces left to right, φ_m on [τ_{m−1}, τ_m] (τ_0, τ_M the domain's ends). */
export interface Cpwl {
  pieces: Piece[];
  /** τ_1 < … < τ_{M−1}, all strictly inside gaps between groups */
  breakpoints: Fraction[];
  domain: [Fraction, Fraction];
  /** the group of each non-auxiliary piece (−1 for an auxiliary piece) */
  group: number[];
}

export function evalCpwl(f: Cpwl, x: Fraction): Fraction {
  let m = 0;
  while (m < f.breakpoints.length && x.compare(f.breakpoints[m]) > 0) m++;
  return at(f.pieces[m], x);
}

/** The groups of a cut list over n sorted samples: [[0..k1), [k1..k2), …]. */
export function groupsOf(n: number, cuts: readonly number[]): number[][] {
  const ends = [0, ...cuts, n];
  return ends.slice(1).map((e, j) => Array.from({ length: e - ends[j] }, (_, k) => ends[j] + k));
}

/** Why a cut list is not a partition into contiguous groups of at least `minSize` samples, or null. */
export function badCuts(n: number, cuts: readonly number[], minSize = 1): string | null {
  const ends = [0, ...cuts, n];
  for (let j = 1; j < ends.length; j++)
    if (ends[j] - ends[j - 1] < minSize)
      return `cut list [${cuts.join(', ')}] over ${n} samples gives a group of ${ends[j] - ends[j - 1]} < ${minSize} samples`;
  return null;
}

/** The least-squares line of each group, eq. (11); a singleton group gets slope 0 (any line through it is optimal). */
export function groupFits(xs: readonly Fraction[], ys: readonly Fraction[], cuts: readonly number[]): Piece[] {
  return groupsOf(xs.length, cuts).map((g) => {
    if (g.length === 1) return { slope: ZERO, intercept: ys[g[0]] };
    const fit = affineFitOf(
      g.map((i) => [xs[i]]),
      g.map((i) => [ys[i]]),
    );
    return { slope: fit.W[0][0], intercept: fit.W[0][1] };
  });
}

/**
 * The fits glued into a CPWL function on D (§5.4 of the note): consecutive fits
 * meet at their intersection when it lies strictly inside the gap between the
 * groups; otherwise an auxiliary piece joins φ_j at the gap's first third to
 * φ_{j+1} at its second third. Identical consecutive pieces are merged.
 * xs must be sorted and distinct.
 */
export function gluePieces(xs: readonly Fraction[], fits: readonly Piece[], cuts: readonly number[]): Cpwl {
  const pieces: Piece[] = [fits[0]];
  const group = [0];
  const breakpoints: Fraction[] = [];
  const push = (p: Piece, g: number, tau: Fraction) => {
    if (samePiece(pieces[pieces.length - 1], p)) {
      if (g >= 0) group[group.length - 1] = g;
      return; // merged: the breakpoint disappears
    }
    pieces.push(p);
    group.push(g);
    breakpoints.push(tau);
  };
  cuts.forEach((k, j) => {
    const a = xs[k - 1],
      b = xs[k];
    const f = fits[j],
      g = fits[j + 1];
    if (!f.slope.equals(g.slope)) {
      const t = g.intercept.sub(f.intercept).div(f.slope.sub(g.slope));
      if (t.compare(a) > 0 && t.compare(b) < 0) {
        push(g, j + 1, t);
        return;
      }
    }
    const p = a.add(b.sub(a).div(3)),
      q = a.add(b.sub(a).mul(2).div(3));
    const s = at(g, q).sub(at(f, p)).div(q.sub(p));
    const aux = { slope: s, intercept: at(f, p).sub(s.mul(p)) };
    push(aux, -1, p);
    push(g, j + 1, q); // when aux equals φ_j, φ_j runs on to q; when it equals φ_{j+1}, the push merges
  });
  return { pieces, breakpoints, domain: [xs[0].sub(ONE), xs[xs.length - 1].add(ONE)], group };
}

/** The region [τ_{m−1}, τ_m] of piece m. */
function region(f: Cpwl, m: number): [Fraction, Fraction] {
  return [m === 0 ? f.domain[0] : f.breakpoints[m - 1], m === f.pieces.length - 1 ? f.domain[1] : f.breakpoints[m]];
}

/**
 * The lattice sets S_m = {r : φ_r ≥ φ_m on piece m's region} (0-based piece
 * indices, increasing), identical sets kept once, in order of first
 * occurrence (eq. (14)). Then f = max_s min_{r ∈ S_s} φ_r on D.
 */
export function latticeSets(f: Cpwl): number[][] {
  const out: number[][] = [];
  const seen = new Set<string>();
  f.pieces.forEach((pm, m) => {
    const [lo, hi] = region(f, m);
    const S = f.pieces
      .map((pr, r) => r)
      .filter((r) => [lo, hi].every((x) => at(f.pieces[r], x).compare(at(pm, x)) >= 0));
    const key = S.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(S);
    }
  });
  return out;
}

export function evalLattice(pieces: readonly Piece[], sets: readonly number[][], x: Fraction): Fraction {
  let best: Fraction | null = null;
  for (const S of sets) {
    let m: Fraction | null = null;
    for (const r of S) {
      const v = at(pieces[r], x);
      if (m === null || v.compare(m) < 0) m = v;
    }
    if (best === null || m!.compare(best) > 0) best = m;
  }
  return best!;
}

/**
 * The points where two CPWL functions built from these pieces must agree for
 * them to be equal on D: D's ends, every breakpoint, every pairwise
 * intersection of pieces inside D, and the midpoints between consecutive ones
 * (both functions are affine between consecutive points of this list).
 */
export function comparisonPoints(f: Cpwl): Fraction[] {
  const [lo, hi] = f.domain;
  const pts = [lo, hi, ...f.breakpoints];
  for (let r = 0; r < f.pieces.length; r++)
    for (let s = r + 1; s < f.pieces.length; s++) {
      const p = f.pieces[r],
        q = f.pieces[s];
      if (p.slope.equals(q.slope)) continue;
      const t = q.intercept.sub(p.intercept).div(p.slope.sub(q.slope));
      if (t.compare(lo) >= 0 && t.compare(hi) <= 0) pts.push(t);
    }
  const sorted = [...new Map(pts.map((x) => [x.toFraction(), x])).values()].sort((a, b) => a.compare(b));
  const mids = sorted.slice(1).map((x, k) => x.add(sorted[k]).div(2));
  return [...sorted, ...mids].sort((a, b) => a.compare(b));
}

/**
 * The positivity shift of §6.1.4: c = 1 + max(0, −min_m min(φ_m(D_lo), φ_m(D_hi))),
 * so every piece, auxiliary ones included, is ≥ 1 on D (an affine function's
 * minimum on an interval is at an end).
 */
export function positivityShift(f: Cpwl): Fraction {
  let low: Fraction = ZERO;
  for (const p of f.pieces)
    for (const x of f.domain) {
      const v = at(p, x).neg();
      if (v.compare(low) > 0) low = v;
    }
  return low.add(ONE);
}

/** Each group's squared error under its own least-squares line (0 for a singleton). */
export function groupSse(xs: readonly Fraction[], ys: readonly Fraction[], cuts: readonly number[]): Fraction[] {
  const fits = groupFits(xs, ys, cuts);
  return groupsOf(xs.length, cuts).map((g, j) =>
    g.reduce((s, i) => {
      const e = at(fits[j], xs[i]).sub(ys[i]);
      return s.add(e.mul(e));
    }, ZERO),
  );
}
