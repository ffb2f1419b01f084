/**
 * Lemma 7 (Appendix A.5, eqs. 50–58), note §5.2: the separation S = I ∪ J
 * behind Theorem 4 and Corollary 3, and the quantities both constructions
 * derive from it for α = 2^-p.
 */
import { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import { dotOf } from '../../numeric/field.js';
import { ONE, rational, ZERO } from '../../numeric/rational.js';
import type { LinearFit } from './linear-fit.js';

export interface Split {
  /** 0-based sample indices of I (J is the rest) */
  I: number[];
  J: number[];
  beta: Fraction[];
  /** which case of the proof: β = 0 (a group prefix) or β = x_l */
  betaZero: boolean;
}

/**
 * Lemma 7 (eqs. 50–58), note §5.2: a split S = I ∪ J and β with, for all small
 * α > 0, v_i − αβᵀx_i < v_j − αβᵀx_j (i ∈ I, j ∈ J) and Σ_I u ≠ 0.
 * Returns null when no split exists (possible only when Assumption 2 fails).
 */
export function lemma7Split(
  u: readonly Fraction[],
  v: readonly Fraction[],
  xs: readonly (readonly Fraction[])[],
): Split | null {
  const n = u.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a].compare(v[b]) || a - b);
  // groups of equal v, in increasing order
  const groups: number[][] = [];
  for (const i of order) {
    const last = groups[groups.length - 1];
    if (last && v[last[0]].equals(v[i])) last.push(i);
    else groups.push([i]);
  }
  // Case β = 0: a proper group prefix with nonzero u-sum.
  let prefix: number[] = [];
  let sum = ZERO;
  for (let g = 0; g < groups.length - 1; g++) {
    prefix = [...prefix, ...groups[g]];
    sum = groups[g].reduce((s, i) => s.add(u[i]), sum);
    if (sum.n !== 0n)
      return { I: prefix, J: order.filter((i) => !prefix.includes(i)), beta: xs[0].map(() => ZERO), betaZero: true };
  }
  // Otherwise every group sums to 0: take the first group with a nonzero u.
  const dot = (a: readonly Fraction[], b: readonly Fraction[]) => dotOf(rational, a, b);
  let before: number[] = [];
  for (const G of groups) {
    const nz = G.filter((i) => u[i].n !== 0n);
    if (nz.length === 0) {
      before = [...before, ...G];
      continue;
    }
    // l = argmax ‖x_j‖ over j ∈ G with u_j ≠ 0 (smallest index on ties), β = x_l
    let l = nz[0];
    for (const j of nz) {
      const c = dot(xs[j], xs[j]).compare(dot(xs[l], xs[l]));
      if (c > 0 || (c === 0 && j < l)) l = j;
    }
    const nl = dot(xs[l], xs[l]);
    if (nl.n === 0n) return null; // x_l = 0 with another nonzero u in the group: inputs not distinct
    const GI = G.filter((i) => dot(xs[l], xs[i]).compare(nl) >= 0);
    if (GI.some((i) => i !== l && u[i].n !== 0n)) return null; // only possible with duplicate inputs
    const I = [...before, ...GI];
    return { I, J: order.filter((i) => !I.includes(i)), beta: [...xs[l]], betaZero: false };
  }
  return null; // u = 0
}

/**
 * Lemma 7's separation at one α: the gap g(α) = min_J w − max_I w with
 * w_i = v_i − αβᵀx_i (positive when I lies strictly below J), and max_I w.
 */
export function separationGap(
  split: Split,
  v: readonly Fraction[],
  xs: readonly (readonly Fraction[])[],
  alpha: Fraction,
): { gap: Fraction; maxI: Fraction } {
  const w = (i: number) => v[i].sub(alpha.mul(dotOf(rational, split.beta, xs[i])));
  const maxI = split.I.reduce((m, i) => (w(i).compare(m) > 0 ? w(i) : m), w(split.I[0]));
  const minJ = split.J.reduce((m, j) => (w(j).compare(m) < 0 ? w(j) : m), w(split.J[0]));
  return { gap: minJ.sub(maxI), maxI };
}

/**
 * The separation quantities shared by Theorem 4 and Corollary 3 for
 * α = 2^-p (note §5.2 step 4, §5.3): per α the gap g(α) of separationGap
 * (v = Ŷ^lin_k) and η1 = max_I w + g/2. Yields only the α with g(α) > 0.
 */
export function* separations(data: Dataset, fit: LinearFit, split: Split, k: number, minP: number, maxP: number) {
  for (let p = minP; p <= maxP; p++) {
    const alpha = new Fraction(1n, 2n ** BigInt(p));
    const { gap: g, maxI } = separationGap(split, fit.Ylin[k], data.inputs, alpha);
    if (g.compare(0) > 0) yield { p, alpha, g, eta1: maxI.add(g.div(2)) };
  }
}

/** η_r for the rows r ≠ k: min_i Ŷ^lin_{r,i} − 1 (every pre-activation of their units positive). */
function otherRows(fit: LinearFit, k: number) {
  const others = Array.from({ length: fit.W.length }, (_, r) => r).filter((r) => r !== k);
  const etaR = others.map((r) => fit.Ylin[r].reduce((m, v) => (v.compare(m) < 0 ? v : m), fit.Ylin[r][0]).sub(1));
  return { others, etaR };
}

/** The units that serve output row k in a separated point: incoming weights and bias, and outgoing weight. */
export interface RowUnit {
  w: Fraction[];
  b: Fraction;
  out: Fraction;
}

/**
 * The layout Theorem 4 and Corollary 3 share, θ in the order (W1, b1, W2, b2):
 * the first hidden units serve output row k (`units`, output bias `bias`); each
 * other row r gets one unit copying its linear fit shifted by −η_r, with
 * outgoing weight 1/s+ and output bias η_r; the remaining units are zero.
 */
export function separatedPoint(
  fit: LinearFit,
  dX: number,
  d1: number,
  k: number,
  sPlus: Fraction,
  units: readonly RowUnit[],
  bias: Fraction,
): Fraction[] {
  const dY = fit.W.length,
    m = units.length;
  const { others, etaR } = otherRows(fit, k);
  const W1: Fraction[] = [],
    b1: Fraction[] = [];
  for (let u = 0; u < d1; u++) {
    const o = u - m;
    W1.push(...(u < m ? units[u].w : o < others.length ? fit.W[others[o]].slice(0, dX) : units[0].w.map(() => ZERO)));
    b1.push(u < m ? units[u].b : o < others.length ? fit.W[others[o]][dX].sub(etaR[o]) : ZERO);
  }
  const W2: Fraction[] = [],
    b2: Fraction[] = [];
  for (let r = 0; r < dY; r++) {
    for (let u = 0; u < d1; u++) {
      if (r === k) W2.push(u < m ? units[u].out : ZERO);
      else W2.push(u === m + others.indexOf(r) ? ONE.div(sPlus) : ZERO);
    }
    b2.push(r === k ? bias : etaR[others.indexOf(r)]);
  }
  return [...W1, ...b1, ...W2, ...b2];
}
