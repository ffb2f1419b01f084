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
  fcLayer,
  fcPositions,
  halfMse,
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
  const w2 = net.views.find((x) => x.name === 'layer2.weight')!;
  const b2 = net.views.find((x) => x.name === 'layer2.bias')!;
  const W = net.views.find((x) => x.name === `layer${fcLayer(net)}.weight`)!;
  // layer2.weight [T2, T3, 1, 3]: map 0, channel ch, tap j at ch·3 + j
  for (let ch = 0; ch < s.T3; ch++) for (let j = 0; j < 3; j++) d[w2.offset + ch * 3 + j] = c[ch][j];
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
  const a = l3Outputs(s, theta.w1, theta.b1, data);
  const th = toTheta(net, theta);
  const u = residuals(net, th, data);
  const N = data.inputs.length;
  const R = exactRisk(net, halfMse, th, data);
  const m = variant.pool;
  for (let k = 0; k < s.dy; k++) {
    if (u[k].every((x) => x.n === 0n)) continue;
    for (let q = 0; q < fcPositions(s, variant); q++) {
      // the patches of every position the FC position q averages
      const zs = Array.from({ length: m }, (_, o) => a.map((chs) => patchAt(chs, m * q + o, s.P)));
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

/** Every single tap (centre, left, right; channel by channel), then the lexicographic filter of the patches. */
function candidateFilters(
  s: CnnShape,
  z: readonly (readonly (readonly Fraction[])[])[],
): { c: Fraction[][]; how: string }[] {
  const out: { c: Fraction[][]; how: string }[] = [];
  for (const tap of [1, 0, 2])
    for (let ch = 0; ch < s.T3; ch++) {
      const c = Array.from({ length: s.T3 }, (_, i) => [0, 1, 2].map((j) => (i === ch && j === tap ? ONE : ZERO)));
      out.push({ c, how: `single tap (channel ${ch + 1}, ${['left', 'centre', 'right'][tap]})` });
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
  const T = z[0].length;
  return Array.from({ length: T }, (_, ch) => [0, 1, 2].map((j) => weights[ch * 3 + j]));
}

/** Groups of samples with identical L−3 patches at position p, with their u^k-sum (note §5h). */
export function patchGroups(
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
  u: readonly Fraction[],
  p: number,
): { members: number[]; sum: Fraction; patch: Fraction[][] }[] {
  const a = l3Outputs(s, theta.w1, theta.b1, data);
  const map = new Map<string, { members: number[]; sum: Fraction; patch: Fraction[][] }>();
  a.forEach((chs, i) => {
    const z = patchAt(chs, p, s.P);
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
