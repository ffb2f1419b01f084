/**
 * Note §5h: the second-order descent at θ through the reserved L−2 map 0.
 * Its filter := ε·c, its bias := −ε·τ, and the FC weight on (L−1 map 0, FC
 * position q) := ±ε (L−1 map 0 copies L−2 map 0 through a centre delta with
 * bias 0). With g_i = σ(c·z_i − τ) (averaged over the pooling window with
 * pooling) and F = Σ u_i g_i, R(θ + ε·d) = R(θ) − (|F|/N)ε² + (Σg²/2N)ε⁴ exactly.
 */
import type { Fraction } from 'fraction.js';
import * as Poly from '../../linalg/polynomial.js';
import type { Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { ONE, sum, toRat, ZERO } from '../../numeric/rational.js';
import { l3Outputs, patchAt, relu0 } from './layer3.js';
import { residuals } from './lemma6.js';
import {
  convBlock,
  fcLayer,
  halfMse,
  neighbour,
  poolWindows,
  tapCount,
  PLAIN,
  toTheta,
  type CnnParams,
  type CnnShape,
  type CnnVariant,
} from './network.js';

export interface ReservedDescent {
  /** output row k and FC position q (a position of L−1 map 0; with pooling, a pooled position) of the FC weight */
  k: number;
  q: number;
  /** reserved L−2 map-0 filter direction c[channel][tap] and threshold τ (bias direction −τ) */
  c: Fraction[][];
  tau: Fraction;
  /** g_i = σ(c·z_i^q − τ) (pooled: the mean over q's window), F = Σ u^k_i g_i ≠ 0 */
  g: Fraction[];
  F: Fraction;
  /** the ray direction d in θ-space: θ + ε·d has R = R(θ) − (|F|/N)ε² + (Σg²/2N)ε⁴ */
  direction: Fraction[];
  /** the predicted risk polynomial in ε */
  predicted: Poly.Poly;
  /** what produced c: a single tap, or the lexicographic separating filter */
  how: string;
}

const dot = (c: readonly (readonly Fraction[])[], z: readonly (readonly Fraction[])[]) =>
  sum(c.flatMap((r, i) => r.map((x, j) => x.mul(z[i][j]))));

/** The ray direction of note §5h for (k, FC position q, c, τ) and the sign of the FC entry (either variant). */
export function reservedDirection(
  net: Network,
  s: CnnShape,
  k: number,
  q: number,
  c: readonly (readonly Fraction[])[],
  tau: Fraction,
  sign: 1 | -1,
): Fraction[] {
  const d = new Array<Fraction>(net.paramCount).fill(ZERO);
  const w2 = net.views.find((x) => x.name === convBlock(s, 2, 'weight'))!;
  const b2 = net.views.find((x) => x.name === convBlock(s, 2, 'bias'))!;
  const W = net.views.find((x) => x.name === `layer${fcLayer(net)}.weight`)!;
  // layer2.weight [T2, T3, kh, kw]: map 0, channel ch, tap j at ch·K + j
  const K = tapCount(s);
  for (let ch = 0; ch < s.T3; ch++) for (let j = 0; j < K; j++) d[w2.offset + ch * K + j] = c[ch][j];
  d[b2.offset] = tau.neg();
  d[W.offset + k * W.shape[1] + q] = toRat(sign);
  return d;
}

/**
 * Search for the §5h descent: for each output k and FC position q, candidate
 * filters c (every single tap, then a lexicographic filter that separates all
 * distinct patches of q's pooling window), and thresholds τ at two points of
 * every gap between the sorted values c·z_i and below the smallest; the first
 * F ≠ 0 wins. Computed from the instance (o^{L−3} and u at θ), nothing hard-coded.
 */
export function findReservedDescent(
  net: Network,
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
  variant: CnnVariant = PLAIN,
): ReservedDescent | null {
  const a = l3Outputs(s, theta.w1, theta.b1, data, theta.lower);
  const th = toTheta(net, theta);
  const u = residuals(net, th, data);
  const N = data.inputs.length;
  const R = exactRisk(net, halfMse, th, data);
  const windows = poolWindows(s, variant);
  for (let k = 0; k < s.dy; k++) {
    if (u[k].every((x) => x.n === 0n)) continue;
    for (let q = 0; q < windows.length; q++) {
      // the patches of every position the FC position q averages
      const m = windows[q].length;
      const zs = windows[q].map((pos) => a.map((chs) => patchAt(s, chs, pos)));
      for (const { c, how } of candidateFilters(s, zs.flat())) {
        const vals0 = zs.map((z) => z.map((zi) => dot(c, zi)));
        const vals = [...new Map(vals0.flat().map((x) => [x.toFraction(), x])).values()].sort((x, y) => x.compare(y));
        const taus = [vals[0].sub(1), vals[0].sub(2)];
        for (let i = 0; i + 1 < vals.length; i++)
          taus.push(vals[i].add(vals[i + 1]).div(2), vals[i].add(vals[i + 1].mul(2)).div(3));
        for (const tau of taus) {
          const g = Array.from({ length: N }, (_, i) => {
            const total = sum(vals0.map((v) => relu0(v[i].sub(tau))));
            return m === 1 ? total : total.div(m);
          });
          const Fv = sum(g.map((gi, i) => gi.mul(u[k][i])));
          if (Fv.n === 0n) continue;
          const sign: 1 | -1 = Fv.s < 0n ? 1 : -1;
          const predicted = Poly.poly([R, ZERO, Fv.abs().neg().div(N), ZERO, sum(g.map((x) => x.mul(x))).div(2 * N)]);
          return { k, q, c, tau, g, F: Fv, direction: reservedDirection(net, s, k, q, c, tau, sign), predicted, how };
        }
      }
    }
  }
  return null;
}

/** Every single tap (the centre first; channel by channel), then the lexicographic filter of the patches. */
function candidateFilters(
  s: CnnShape,
  z: readonly (readonly (readonly Fraction[])[])[],
): { c: Fraction[][]; how: string }[] {
  const out: { c: Fraction[][]; how: string }[] = [];
  const K = tapCount(s),
    centre = (K - 1) / 2;
  const name = (t: number) =>
    K === 3
      ? ['left', 'centre', 'right'][t]
      : t === centre
        ? 'centre'
        : `row offset ${['−1', '0', '+1'][Math.floor(t / 3)]}, column offset ${['−1', '0', '+1'][t % 3]}`;
  for (const tap of [centre, ...Array.from({ length: K }, (_, t) => t).filter((t) => t !== centre)])
    for (let ch = 0; ch < s.T3; ch++) {
      const c = Array.from({ length: s.T3 }, (_, i) =>
        Array.from({ length: K }, (_, j) => (i === ch && j === tap ? ONE : ZERO)),
      );
      out.push({ c, how: `single tap (channel ${ch + 1}, ${name(tap)})` });
    }
  out.push({ c: lexicographicFilter(z), how: 'lexicographic filter separating all distinct patches' });
  return out;
}

/**
 * c with c·z injective on the distinct patches: weights K^m (m = coordinate
 * rank), K larger than (range of the values)/(smallest nonzero difference),
 * so c·z orders patches lexicographically.
 */
export function lexicographicFilter(z: readonly (readonly (readonly Fraction[])[])[]): Fraction[][] {
  const flat = z.map((zi) => zi.flat());
  const all = flat.flat();
  const distinct = [...new Map(all.map((x) => [x.toFraction(), x])).values()].sort((x, y) => x.compare(y));
  let minDiff: Fraction | null = null;
  for (let i = 0; i + 1 < distinct.length; i++) {
    const d = distinct[i + 1].sub(distinct[i]);
    if (!minDiff || d.compare(minDiff) < 0) minDiff = d;
  }
  const range = distinct.length > 1 ? distinct[distinct.length - 1].sub(distinct[0]) : ZERO;
  const K = minDiff ? range.div(minDiff).add(2).floor() : toRat(2);
  const n = flat[0].length;
  const weights = Array.from({ length: n }, (_, m) => K.pow(n - 1 - m));
  const T = z[0].length,
    taps = z[0][0].length;
  return Array.from({ length: T }, (_, ch) => Array.from({ length: taps }, (_, j) => weights[ch * taps + j]));
}

/** Groups of samples with identical L−3 patches at position p, with their u^k-sum (note §5h). */
export function patchGroups(
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
  u: readonly Fraction[],
  p: number,
): { members: number[]; sum: Fraction; patch: Fraction[][] }[] {
  const a = l3Outputs(s, theta.w1, theta.b1, data, theta.lower);
  const map = new Map<string, { members: number[]; sum: Fraction; patch: Fraction[][] }>();
  a.forEach((chs, i) => {
    const z = patchAt(s, chs, p);
    const key = z
      .flat()
      .map((x) => x.toFraction())
      .join(',');
    const g = map.get(key) ?? { members: [], sum: ZERO, patch: z };
    g.members.push(i);
    g.sum = g.sum.add(u[i]);
    map.set(key, g);
  });
  return [...map.values()];
}

/**
 * The third-order descent through BOTH reserved maps (not in the paper; plain
 * network). L−2 map 1 gets filter s·c and bias −s·τ, with c separating every
 * distinct L−3 patch and τ below every c·z, so it outputs s·ĝ^q, ĝ^q = c·z^q − τ > 0
 * and injective in the patch; L−1 map 0 (which copies the zero L−2 map 0) gets the
 * taps s·d on L−2 map 1 and bias s²·β, so at position p it outputs s²·h^p with
 * h^p = σ(d·(ĝ^{p−1}, ĝ^p, ĝ^{p+1}) + β) (zero padded), a function of the L−3
 * 5-window (patches at p−1, p, p+1); the FC weight on (L−1 map 0, p) gets −sgn(F)·s.
 * Output k of sample i moves by −sgn(F)·s³·h_i, so along the curve
 *   R(s) = R(θ) − (|F|/N)·s³ + (Σ h²/2N)·s⁶ exactly, F = Σ_i u^k_i h_i.
 * With d separating the distinct windows and β just below the top value whose group
 * of equal windows has a nonzero u-sum, F ≠ 0: θ is a saddle whenever some group of
 * samples with identical L−3 5-windows at some position has a nonzero u^k-sum, even
 * when every 3-window (patch) group sum is 0 and the §5h descent does not exist.
 */
export interface WindowDescent {
  k: number;
  p: number;
  c: Fraction[][];
  tau: Fraction;
  d: Fraction[];
  beta: Fraction;
  /** h_i = σ(d·(ĝ_i at the neighbours of p) + β), F = Σ u^k_i h_i ≠ 0 */
  h: Fraction[];
  F: Fraction;
  /** θ(s) as coefficient vectors: θ + s·first + s²·second */
  first: Fraction[];
  second: Fraction[];
  /** the predicted risk polynomial in s */
  predicted: Poly.Poly;
}

/** The positions an L−1 unit at p reads on L−2 (p−1, p, p+1, or the 3 × 3 block on images; −1 in the padding). */
const reads = (s: CnnShape, p: number) => Array.from({ length: tapCount(s) }, (_, t) => neighbour(s, p, t));

/** Groups of samples with identical L−3 windows at position p (the patches at every position an L−1 unit at p reads: 5 wide, or 5 × 5 on images), with their u-sums. */
export function windowGroups(
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
  u: readonly Fraction[],
  p: number,
): { members: number[]; sum: Fraction }[] {
  const a = l3Outputs(s, theta.w1, theta.b1, data, theta.lower);
  const map = new Map<string, { members: number[]; sum: Fraction }>();
  a.forEach((chs, i) => {
    const key = reads(s, p)
      .filter((q) => q >= 0)
      .map((q) =>
        patchAt(s, chs, q)
          .flat()
          .map((x) => x.toFraction())
          .join(','),
      )
      .join('|');
    const g = map.get(key) ?? { members: [], sum: ZERO };
    g.members.push(i);
    g.sum = g.sum.add(u[i]);
    map.set(key, g);
  });
  return [...map.values()];
}

/** The §-above third-order descent, for the first output k and position p with a nonzero window-group sum; null if none. */
export function findWindowDescent(net: Network, s: CnnShape, theta: CnnParams, data: Dataset): WindowDescent | null {
  const a = l3Outputs(s, theta.w1, theta.b1, data, theta.lower);
  const th = toTheta(net, theta);
  const u = residuals(net, th, data);
  const N = data.inputs.length;
  const R = exactRisk(net, halfMse, th, data);
  const patches = a.map((chs) => Array.from({ length: s.P }, (_, q) => patchAt(s, chs, q)));
  const c = lexicographicFilter(patches.flat());
  const vals = patches.map((row) => row.map((z) => dot(c, z)));
  const tau = vals
    .flat()
    .reduce((m, x) => (x.compare(m) < 0 ? x : m))
    .sub(1);
  const ghat = vals.map((row) => row.map((x) => x.sub(tau)));
  for (let k = 0; k < s.dy; k++)
    for (let p = 0; p < s.P; p++) {
      const triples = ghat.map((row) => reads(s, p).map((q) => (q >= 0 ? row[q] : ZERO)));
      const d = lexicographicFilter(triples.map((t) => [t]))[0];
      const w = triples.map((t) => sum(t.map((x, j) => x.mul(d[j]))));
      const distinct = [...new Map(w.map((x) => [x.toFraction(), x])).values()].sort((x, y) => y.compare(x));
      const top = distinct.findIndex((v) => sum(w.flatMap((x, i) => (x.equals(v) ? [u[k][i]] : []))).n !== 0n);
      if (top < 0) continue;
      const beta = top + 1 < distinct.length ? distinct[top].add(distinct[top + 1]).div(-2) : ONE.sub(distinct[top]);
      const h = w.map((x) => relu0(x.add(beta)));
      const F = sum(h.map((x, i) => x.mul(u[k][i])));
      if (F.n === 0n) throw new Error('internal: the window descent found a group with a nonzero u-sum but F = 0');
      const first = new Array<Fraction>(net.paramCount).fill(ZERO);
      const second = new Array<Fraction>(net.paramCount).fill(ZERO);
      const view = (name: string) => net.views.find((x) => x.name === name)!;
      const [w2, b2, w3, b3, W] = [
        convBlock(s, 2, 'weight'),
        convBlock(s, 2, 'bias'),
        convBlock(s, 3, 'weight'),
        convBlock(s, 3, 'bias'),
      ]
        .map(view)
        .concat([view(`layer${fcLayer(net)}.weight`)]);
      // layer2.weight [T2, T3, kh, kw]: map 1, channel ch, tap j; layer3.weight [T1, T2, kh, kw]: map 0, input map 1, tap j
      const K = tapCount(s);
      for (let ch = 0; ch < s.T3; ch++) for (let j = 0; j < K; j++) first[w2.offset + (s.T3 + ch) * K + j] = c[ch][j];
      first[b2.offset + 1] = tau.neg();
      for (let j = 0; j < K; j++) first[w3.offset + K + j] = d[j];
      first[W.offset + k * W.shape[1] + p] = toRat(F.s < 0n ? 1 : -1);
      second[b3.offset] = beta;
      const predicted = Poly.poly([
        R,
        ZERO,
        ZERO,
        F.abs().neg().div(N),
        ZERO,
        ZERO,
        sum(h.map((x) => x.mul(x))).div(2 * N),
      ]);
      return { k, p, c, tau, d, beta, h, F, first, second, predicted };
    }
  return null;
}
