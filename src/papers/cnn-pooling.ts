/**
 * The CNN paper's general case (App. D, "Construction of spurious local
 * minima: the general case") with an average-pooling layer between the two
 * consecutive conv layers and the first FC layer:
 *
 *   layer 1 = L−3 conv → layer 2 = L−2 conv → layer 3 = L−1 conv →
 *   layer 4 = non-overlapping average pooling of size 2 (App. A, eq. 11) →
 *   layer 5 = FC (plays the role of W^L in Lemmas 6, 9, 10).
 *
 * 1-D, P even, kernel 3, 'same' padding, ReLU on the three conv layers, no
 * activation on pooling and FC. The FC layer reads the POOLED maps: Q = P/2
 * positions per map, columns map·Q + position (map-major, as everywhere).
 *
 * Reuse by mapping (not by copying): the conv parameters of eqs. (23), (25),
 * (26) (centre-delta filters and biases) do not depend on the number of
 * positions; only the FC columns do. So the pooled constructions are the
 * constructions of ./cnn.ts applied with the FC's own position count Q
 * (`fcShape`). The Lemma 10 quantities that live at L−3 locations j ∈ [P]
 * (D_i, G) use w̃ = Poolᵀ·(FC weights), i.e. the FC row expanded back to the
 * unpooled positions (`expandFc`): w̃^j = ½·w^{⌊j/2⌋} (note §5f).
 *
 * All indices 0-based as in ./cnn.ts: the paper's maps 1, 2 are maps 0, 1;
 * the copy of L−3 channel t is map t + 2.
 */
import { Fraction } from 'fraction.js';
import { linear, relu } from '../model/activation.js';
import type { Dataset } from '../model/data.js';
import { exactPreActivations, exactRisk } from '../model/exact.js';
import { assembleParams, buildNetwork, type Network } from '../model/network.js';
import * as Poly from '../linalg/polynomial.js';
import {
  cloneParams,
  forwarded,
  halfMse,
  l3Outputs,
  lemma6Params,
  lexicographicFilter,
  patchAt,
  planLemma10,
  residuals,
  thetaPrimeCase1,
  thetaPrimeCase2,
  type CnnParams,
  type CnnShape,
  type Lemma10Plan,
  type Subnet,
} from './cnn.js';

const ZERO = new Fraction(0);
const ONE = new Fraction(1);
const HALF = new Fraction(1, 2);
const sum = (xs: readonly Fraction[]) => xs.reduce((a, x) => a.add(x), ZERO);
const relu0 = (x: Fraction) => (x.compare(0) > 0 ? x : ZERO);

/** Pooling size (App. A, eq. 11: non-overlapping, size 2). */
export const POOL = 2;

/** Positions per map after pooling. */
export function pooledPositions(s: CnnShape): number {
  if (s.P % POOL !== 0 || s.P < POOL)
    throw new RangeError(`the pooled CNN needs an even number of positions P ≥ 2, got ${s.P}`);
  return s.P / POOL;
}

/** The shape as seen by the FC layer (positions Q = P/2): the shape under which the FC-indexed constructions of ./cnn.ts apply. */
export const fcShape = (s: CnnShape): CnnShape => ({ ...s, P: pooledPositions(s) });

export function pooledCnnNetwork(s: CnnShape): Network {
  if (s.T1 < 3 || s.T2 < 3) throw new RangeError(`Lemma 6 needs T_{L−1}, T_{L−2} ≥ 3, got ${s.T1}, ${s.T2}`);
  pooledPositions(s);
  return buildNetwork({
    input: { channels: s.C0, height: 1, width: s.P },
    layers: [
      { kind: 'conv1d', filters: s.T3, kernel: 3, padding: 'same', activation: relu() },
      { kind: 'conv1d', filters: s.T2, kernel: 3, padding: 'same', activation: relu() },
      { kind: 'conv1d', filters: s.T1, kernel: 3, padding: 'same', activation: relu() },
      { kind: 'avgpool1d', size: POOL },
      { kind: 'dense', units: s.dy, activation: linear() },
    ],
  });
}

/** θ of the pooled network from blocks; p.W is [dy][T1·Q] (FC on the pooled maps). */
export function toThetaPooled(net: Network, p: CnnParams): Fraction[] {
  return assembleParams(net, {
    'layer1.weight': p.w1.flat(2),
    'layer1.bias': p.b1,
    'layer2.weight': p.w2.flat(2),
    'layer2.bias': p.b2,
    'layer3.weight': p.w3.flat(2),
    'layer3.bias': p.b3,
    'layer5.weight': p.W.flat(),
    'layer5.bias': p.bL,
  });
}

/** The pooling matrix of one map (App. A, eq. 11): Q × P, row q = ½ on positions 2q, 2q+1. */
export function poolMatrix(P: number): Fraction[][] {
  const Q = P / POOL;
  return Array.from({ length: Q }, (_, q) =>
    Array.from({ length: P }, (_, j) => (Math.floor(j / POOL) === q ? HALF : ZERO)),
  );
}

/** One FC row on pooled maps expanded to the unpooled positions: w̃ = Poolᵀ·w per map (w̃^{map, j} = ½·w^{map, ⌊j/2⌋}). */
export function expandRow(s: CnnShape, row: readonly Fraction[], maps: number): Fraction[] {
  const Q = pooledPositions(s);
  const M = poolMatrix(s.P);
  return Array.from({ length: maps * s.P }, (_, col) => {
    const m = Math.floor(col / s.P),
      j = col % s.P;
    return sum(Array.from({ length: Q }, (_, qq) => M[qq][j].mul(row[m * Q + qq])));
  });
}

/** The parameters with the FC expanded to unpooled positions: the same outputs in the unpooled network of ./cnn.ts (pooling is linear). */
export const expandFc = (s: CnnShape, p: CnnParams): CnnParams => ({
  ...cloneParams(p),
  W: p.W.map((r) => expandRow(s, r, s.T1)),
});

/** Lemma 6 (eq. 23) with pooling: the subnetwork's FC reads the pooled copies, sub.fc is [dy][T_f·Q]. */
export const lemma6PooledParams = (sub: Subnet): CnnParams => lemma6Params({ ...sub, shape: fcShape(sub.shape) });

/** Lemma 9 case 1 (corrected) with pooling: the FC entries of maps 1, 2 := the pooled copy weights, copy weights 0, b^L −= βΣw. */
export const thetaPrimePooledCase1 = (s: CnnShape, theta: CnnParams, t: number, k: number, beta: Fraction): CnnParams =>
  thetaPrimeCase1(fcShape(s), theta, t, k, beta);

/** Lemma 9 case 2 (corrected) with pooling. */
export const thetaPrimePooledCase2 = (
  s: CnnShape,
  theta: CnnParams,
  t: number,
  k: number,
  eta: Fraction,
  bTilde: Fraction,
): CnnParams => thetaPrimeCase2(fcShape(s), theta, t, k, eta, bTilde);

export const thetaPrimePooledOf = (s: CnnShape, theta: CnnParams, plan: Lemma10Plan): CnnParams =>
  plan.which === 1
    ? thetaPrimePooledCase1(s, theta, plan.t, plan.k, plan.beta)
    : thetaPrimePooledCase2(s, theta, plan.t, plan.k, plan.eta, plan.bTilde);

/**
 * The Lemma 10 plan with pooling: (channel, output, η) with G̃ = Σ_i u_i D̃_i ≠ 0, where
 * D̃_i = Σ_j w̃^j 1[v_i^j > η] and w̃ = Poolᵀ·(FC weights on the pooled copy map). It is
 * planLemma10 of ./cnn.ts run on the expanded FC (so its D and G ARE D̃ and G̃).
 */
export const planLemma10Pooled = (
  s: CnnShape,
  theta: CnnParams,
  u: readonly (readonly Fraction[])[],
  data: Dataset,
  bTildeExtra: Fraction = ZERO,
): Lemma10Plan | null => planLemma10(s, expandFc(s, theta), u, data, bTildeExtra);

/** w̃ of channel t, output k, computed directly from the pooled FC weights: w̃^j = ½·W(k, map t+2, ⌊j/2⌋). */
export function pooledCopyWeights(s: CnnShape, p: CnnParams, t: number, k: number): Fraction[] {
  const Q = pooledPositions(s);
  return Array.from({ length: s.P }, (_, j) => p.W[k][(t + 2) * Q + Math.floor(j / POOL)].mul(HALF));
}

// ---------------------------------------------------------------------------
// Lemma 6 as printed with pooling: the reserved-map rays (note §5h through the pooling).

export interface PooledReservedDescent {
  k: number;
  /** pooled position q of the FC weight on (L−1 map 0, q) */
  q: number;
  c: Fraction[][];
  tau: Fraction;
  /** g_i = pooled σ(c·z_i − τ) at q = ½(σ(c·z_i^{2q} − τ) + σ(c·z_i^{2q+1} − τ)); F = Σ u_i g_i */
  g: Fraction[];
  F: Fraction;
  direction: Fraction[];
  /** R + (−|F|/N)ε² + (Σg²/2N)ε⁴ */
  predicted: Poly.Poly;
  how: string;
}

/**
 * The ray through the reserved L−2 map 0 of the pooled network: its filter := ε·c, its
 * bias := −ε·τ, and the FC weight on pooled position q of L−1 map 0 := ±ε (L−1 map 0
 * copies L−2 map 0 through a centre delta with bias 0). Candidates c: single taps, then
 * a filter separating all distinct L−3 patches; τ at two points of every gap of the
 * values c·z and below the smallest. Computed from the instance; null if every F = 0.
 */
export function findPooledReservedDescent(
  net: Network,
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
): PooledReservedDescent | null {
  const a = l3Outputs(s, theta.w1, theta.b1, data);
  const th = toThetaPooled(net, theta);
  const u = residuals(net, th, data);
  const N = data.inputs.length;
  const R = exactRisk(net, halfMse, th, data);
  const Q = pooledPositions(s);
  const dot = (c: readonly (readonly Fraction[])[], z: readonly (readonly Fraction[])[]) =>
    sum(c.flatMap((r, i) => r.map((x, j) => x.mul(z[i][j]))));
  for (let k = 0; k < s.dy; k++) {
    if (u[k].every((x) => x.n === 0n)) continue;
    for (let qq = 0; qq < Q; qq++) {
      const zs = [0, 1].map((o) => a.map((chs) => patchAt(chs, POOL * qq + o, s.P)));
      const cands: { c: Fraction[][]; how: string }[] = [];
      for (const tap of [1, 0, 2])
        for (let ch = 0; ch < s.T3; ch++)
          cands.push({
            c: Array.from({ length: s.T3 }, (_, i) => [0, 1, 2].map((j) => (i === ch && j === tap ? ONE : ZERO))),
            how: `single tap (channel ${ch + 1}, ${['left', 'centre', 'right'][tap]})`,
          });
      cands.push({
        c: lexicographicFilter([...zs[0], ...zs[1]]),
        how: 'lexicographic filter separating all distinct patches',
      });
      for (const { c, how } of cands) {
        const vals0 = zs.map((z) => z.map((zi) => dot(c, zi)));
        const vals = [...new Map(vals0.flat().map((x) => [x.toFraction(), x])).values()].sort((x, y) => x.compare(y));
        const taus = [vals[0].sub(1), vals[0].sub(2)];
        for (let i = 0; i + 1 < vals.length; i++)
          taus.push(vals[i].add(vals[i + 1]).div(2), vals[i].add(vals[i + 1].mul(2)).div(3));
        for (const tau of taus) {
          const g = Array.from({ length: N }, (_, i) =>
            relu0(vals0[0][i].sub(tau))
              .add(relu0(vals0[1][i].sub(tau)))
              .mul(HALF),
          );
          const Fv = sum(g.map((gi, i) => gi.mul(u[k][i])));
          if (Fv.n === 0n) continue;
          const sign = Fv.s < 0n ? 1 : -1;
          const d = new Array<Fraction>(net.paramCount).fill(ZERO);
          const w2 = net.views.find((x) => x.name === 'layer2.weight')!;
          const b2 = net.views.find((x) => x.name === 'layer2.bias')!;
          const W = net.views.find((x) => x.name === 'layer5.weight')!;
          for (let ch = 0; ch < s.T3; ch++) for (let j = 0; j < 3; j++) d[w2.offset + ch * 3 + j] = c[ch][j];
          d[b2.offset] = tau.neg();
          d[W.offset + k * s.T1 * Q + qq] = new Fraction(sign);
          const predicted = Poly.poly([R, ZERO, Fv.abs().neg().div(N), ZERO, sum(g.map((x) => x.mul(x))).div(2 * N)]);
          return { k, q: qq, c, tau, g, F: Fv, direction: d, predicted, how };
        }
      }
    }
  }
  return null;
}

/** Our repair (as in ../claims/cnn-repair.ts) for the pooled network: every L−2/L−1 map whose pre-activation is 0 on every sample and position gets bias −1. */
export function repairedPooledLemma6(
  net: Network,
  params: CnnParams,
  data: Dataset,
): { params: CnnParams; theta: Fraction[]; moved: string[] } {
  const p = cloneParams(params);
  const moved: string[] = [];
  for (const [layer, bias, name] of [
    [1, 'b2', 'L−2'],
    [2, 'b3', 'L−1'],
  ] as const) {
    const pre = exactPreActivations(net, toThetaPooled(net, p), data)[layer];
    const P = pre.length / p[bias].length;
    p[bias].forEach((_, m) => {
      if (pre.slice(m * P, (m + 1) * P).every((row) => row.every((z) => z.n === 0n))) {
        p[bias][m] = new Fraction(-1);
        moved.push(`${name} map ${m + 1}`);
      }
    });
  }
  return { params: p, theta: toThetaPooled(net, p), moved };
}

/** Pooled forwarded features (the FC's input on the copy maps), per sample: [T_f·Q]. */
export function pooledForwardedFeatures(s: CnnShape, a: readonly (readonly (readonly Fraction[])[])[]): Fraction[][] {
  const Q = pooledPositions(s);
  return a.map((chs) =>
    chs
      .slice(0, forwarded(s))
      .flatMap((row) => Array.from({ length: Q }, (_, qq) => row[POOL * qq].add(row[POOL * qq + 1]).mul(HALF))),
  );
}
