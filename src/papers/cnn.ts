/**
 * "Spurious local minima provably exist for deep convolutional neural
 * networks" (anonymous ICLR submission, paper file cnn-spurious-minima.txt):
 * the network-level constructions, exact in rationals for the squared loss.
 *
 *   Lemma 6 (eq. 23)   θ: two conv layers L−2, L−1 copy o^{L−3}; maps 1, 2 reserved (zero)
 *   Lemma 9 (eqs. 25/26) θ′: the reserved maps rewired so every output is unchanged
 *                        (corrected, note §5c) and the formulas as printed (literal)
 *   Lemma 10 (eqs. 27/28) the one-bias perturbation of θ′ and its exact quadratic risk
 *   Lemma 11             perturbations of W^L(k,·)
 *   note §5h            the second-order descent at θ through a reserved map
 *   note §5g            positive per-map rescaling
 *
 * Architecture (note §2.5): 1-D input with C0 channels and P positions;
 * layer 1 = L−3 (conv1d, T3 filters, kernel 3, 'same', ReLU, tied bias),
 * layer 2 = L−2 (conv1d, T2 ≥ 3), layer 3 = L−1 (conv1d, T1 ≥ 3), layer 4 = L
 * (dense, d_y outputs, linear). The repo's networks flatten feature maps
 * map-major (index = map·P + position), which is the note's neuron order
 * h = (t−1)P + p, so "W^L(k, 2P + j)" is W[k][2·P + j] here (0-based maps).
 * Loss: squared with ½, averaged over N (note §2.4): u_i = o_{i,k} − y_{i,k}.
 *
 * All indices below are 0-based: the paper's "map 1, 2" are maps 0, 1, and the
 * copy of L−3 channel t is map t + 2.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, type Mat } from '../linalg/matrix.js';
import * as Poly from '../linalg/polynomial.js';
import { linear, relu } from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { exactOutputs, exactRisk } from '../model/exact.js';
import { squaredLoss } from '../model/loss.js';
import { assembleParams, buildNetwork, type Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { groupsAt, selectThreshold, splitSums } from './cnn-split.js';

export const ZERO = new Fraction(0);
export const ONE = new Fraction(1);
const F = (x: number | string | Fraction) => (x instanceof Fraction ? x : new Fraction(x as number));
const sum = (xs: readonly Fraction[]) => xs.reduce((a, x) => a.add(x), ZERO);
const relu0 = (x: Fraction) => (x.compare(0) > 0 ? x : ZERO);

/** ½‖o − y‖², averaged over the N samples (note §2.4, paper G.8). */
export const halfMse = squaredLoss({ half: true });

export interface CnnShape {
  /** input channels C0 and positions P */
  C0: number;
  P: number;
  /** filters of layers L−3, L−2, L−1 */
  T3: number;
  T2: number;
  T1: number;
  /** outputs */
  dy: number;
}

/** Forwarded L−3 channels: T_f = min(T1 − 2, T2 − 2, T3) (note §2.6). */
export const forwarded = (s: CnnShape) => Math.min(s.T1 - 2, s.T2 - 2, s.T3);

export function cnnNetwork(s: CnnShape): Network {
  if (s.T1 < 3 || s.T2 < 3) throw new RangeError(`Lemma 6 needs T_{L−1}, T_{L−2} ≥ 3, got ${s.T1}, ${s.T2}`);
  return buildNetwork({
    input: { channels: s.C0, height: 1, width: s.P },
    layers: [
      { kind: 'conv1d', filters: s.T3, kernel: 3, padding: 'same', activation: relu() },
      { kind: 'conv1d', filters: s.T2, kernel: 3, padding: 'same', activation: relu() },
      { kind: 'conv1d', filters: s.T1, kernel: 3, padding: 'same', activation: relu() },
      { kind: 'dense', units: s.dy, activation: linear() },
    ],
  });
}

/** The parameters by block: filters [map][input channel][tap 0..2] (tap 1 = centre), FC W[k][map·P + position]. */
export interface CnnParams {
  w1: Fraction[][][];
  b1: Fraction[];
  w2: Fraction[][][];
  b2: Fraction[];
  w3: Fraction[][][];
  b3: Fraction[];
  W: Fraction[][];
  bL: Fraction[];
}

export const cloneParams = (p: CnnParams): CnnParams => ({
  w1: p.w1.map((f) => f.map((c) => c.slice())),
  b1: p.b1.slice(),
  w2: p.w2.map((f) => f.map((c) => c.slice())),
  b2: p.b2.slice(),
  w3: p.w3.map((f) => f.map((c) => c.slice())),
  b3: p.b3.slice(),
  W: p.W.map((r) => r.slice()),
  bL: p.bL.slice(),
});

/** θ in the network's parameter order. */
export function toTheta(net: Network, p: CnnParams): Fraction[] {
  return assembleParams(net, {
    'layer1.weight': p.w1.flat(2),
    'layer1.bias': p.b1,
    'layer2.weight': p.w2.flat(2),
    'layer2.bias': p.b2,
    'layer3.weight': p.w3.flat(2),
    'layer3.bias': p.b3,
    'layer4.weight': p.W.flat(),
    'layer4.bias': p.bL,
  });
}

/** Centre-delta filter E_c over `inChannels` input channels (note §2.2). */
export function E(c: number, inChannels: number, scale: Fraction = ONE): Fraction[][] {
  return Array.from({ length: inChannels }, (_, ch) => [ZERO, ch === c ? scale : ZERO, ZERO]);
}
const zeroFilter = (inChannels: number) => Array.from({ length: inChannels }, () => [ZERO, ZERO, ZERO]);

/** The subnetwork of Lemma 6: layer L−3 and the FC weights on the forwarded copies. */
export interface Subnet {
  shape: CnnShape;
  /** [T3][C0][3] */
  filter: Fraction[][][];
  /** [T3] */
  bias: Fraction[];
  /** [dy][T_f·P]: W^L(k, map t+2, position j) at column t·P + j */
  fc: Fraction[][];
  /** [dy] */
  bL: Fraction[];
}

/** Input sample i as [channel][position] (the network's map-major layout). */
export const inputMaps = (s: CnnShape, x: readonly Fraction[]) =>
  Array.from({ length: s.C0 }, (_, c) => x.slice(c * s.P, (c + 1) * s.P));

/** v_i^{t,p} = W^{L−3}(t,·)·patch (no bias), [sample][channel][position] (eq. 6). */
export function preActivations(
  s: CnnShape,
  filter: readonly (readonly (readonly Fraction[])[])[],
  data: Dataset,
): Fraction[][][] {
  return data.inputs.map((x) => {
    const m = inputMaps(s, x);
    return filter.map((f) =>
      Array.from({ length: s.P }, (_, p) => {
        let acc = ZERO;
        for (let c = 0; c < s.C0; c++)
          for (let k = 0; k < 3; k++) {
            const q = p + k - 1;
            if (q >= 0 && q < s.P) acc = acc.add(f[c][k].mul(m[c][q]));
          }
        return acc;
      }),
    );
  });
}

/** a_i^{t,p} = σ(v + b_t), [sample][channel][position]. */
export function l3Outputs(
  s: CnnShape,
  filter: readonly (readonly (readonly Fraction[])[])[],
  bias: readonly Fraction[],
  data: Dataset,
): Fraction[][][] {
  return preActivations(s, filter, data).map((chs) => chs.map((row, t) => row.map((v) => relu0(v.add(bias[t])))));
}

/** The forwarded features (a of channels 0..T_f−1, map-major) of every sample. */
export function forwardedFeatures(s: CnnShape, a: readonly (readonly (readonly Fraction[])[])[]): Fraction[][] {
  return a.map((chs) => chs.slice(0, forwarded(s)).flat());
}

/** Lemma 6, eq. (23) in filter form (note §5a). */
export function lemma6Params(sub: Subnet): CnnParams {
  const s = sub.shape;
  const Tf = forwarded(s);
  const w2 = Array.from({ length: s.T2 }, (_, m) =>
    m >= 2 && m - 2 < Math.min(s.T2 - 2, s.T3) ? E(m - 2, s.T3) : zeroFilter(s.T3),
  );
  const w3 = Array.from({ length: s.T1 }, (_, m) => (m < Math.min(s.T1, s.T2) ? E(m, s.T2) : zeroFilter(s.T2)));
  const W = Array.from({ length: s.dy }, (_, k) =>
    Array.from({ length: s.T1 * s.P }, (_, col) => {
      const m = Math.floor(col / s.P),
        j = col % s.P;
      return m >= 2 && m - 2 < Tf ? sub.fc[k][(m - 2) * s.P + j] : ZERO;
    }),
  );
  return {
    w1: sub.filter.map((f) => f.map((c) => c.slice())),
    b1: sub.bias.slice(),
    w2,
    b2: new Array<Fraction>(s.T2).fill(ZERO),
    w3,
    b3: new Array<Fraction>(s.T1).fill(ZERO),
    W,
    bL: sub.bL.slice(),
  };
}

/** w^j = W^L(k, map t+2, position j) at θ (note §2.6). */
export const copyWeights = (s: CnnShape, p: CnnParams, t: number, k: number) =>
  p.W[k].slice((t + 2) * s.P, (t + 3) * s.P);

/** Lemma 9 case 1 (η ≥ −b, β = η + b ≥ 0), corrected (note §5c): b_t^{L−3} unchanged. */
export function thetaPrimeCase1(s: CnnShape, theta: CnnParams, t: number, k: number, beta: Fraction): CnnParams {
  const p = cloneParams(theta);
  const w = copyWeights(s, theta, t, k);
  p.w2[0] = E(t, s.T3, F(-1));
  p.b2[0] = beta;
  p.w2[1] = E(t, s.T3);
  p.b2[1] = beta.neg();
  p.w3[0] = E(0, s.T2, F(-1));
  p.b3[0] = beta;
  p.w3[1] = E(1, s.T2);
  p.b3[1] = beta;
  for (let j = 0; j < s.P; j++) {
    p.W[k][j] = w[j];
    p.W[k][s.P + j] = w[j];
    p.W[k][(t + 2) * s.P + j] = ZERO;
  }
  p.bL[k] = theta.bL[k].sub(beta.mul(sum(w)));
  return p;
}

/** Lemma 9 case 2 (η < −b), corrected (note §5c): b_t^{L−3} := b̃ ≥ −min v, and the OLD b in b_{t+2}^{L−1} = η + b. */
export function thetaPrimeCase2(
  s: CnnShape,
  theta: CnnParams,
  t: number,
  k: number,
  eta: Fraction,
  bTilde: Fraction,
): CnnParams {
  const p = cloneParams(theta);
  const b = theta.b1[t];
  const w = copyWeights(s, theta, t, k);
  const shift = eta.add(bTilde).neg();
  p.b1[t] = bTilde;
  p.w2[0] = E(t, s.T3);
  p.b2[0] = shift;
  p.w2[1] = E(t, s.T3);
  p.b2[1] = shift;
  p.b2[t + 2] = shift;
  p.b3[t + 2] = eta.add(b);
  for (let j = 0; j < s.P; j++) {
    p.W[k][j] = w[j];
    p.W[k][s.P + j] = w[j].neg();
  }
  return p;
}

/** min over samples and positions of v in channel t (the paper's "min_{i,j} v_i^j"). */
export const minV = (v: readonly (readonly (readonly Fraction[])[])[], t: number) =>
  v.flatMap((chs) => chs[t]).reduce((m, x) => (x.compare(m) < 0 ? x : m));

/**
 * Lemma 9 as printed, eqs. (25)/(26) (note §4, T1): b_t^{L−3} := −min v is
 * written in BOTH cases and the same symbol is then used everywhere:
 * case 1 with β = η + (−min v); case 2 with b̃ = −min v and b_{t+2}^{L−1} = η + b̃.
 */
export function thetaPrimeLiteral(
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
  t: number,
  k: number,
  eta: Fraction,
  which: 1 | 2,
): CnnParams {
  const bNew = minV(preActivations(s, theta.w1, data), t).neg();
  if (which === 1) {
    const p = thetaPrimeCase1(s, { ...theta, b1: theta.b1.map((b, c) => (c === t ? bNew : b)) }, t, k, eta.add(bNew));
    return p;
  }
  return thetaPrimeCase2(s, { ...theta, b1: theta.b1.map((b, c) => (c === t ? bNew : b)) }, t, k, eta, bNew);
}

/** Lemma 10 (eqs. 27/28): the one bias that is perturbed, as a block name and index. */
export const lemma10Bias = (which: 1 | 2) => ({ block: 'layer2.bias', map: which === 1 ? 1 : 0 });

/** θ′ with the Lemma 10 perturbation δb added (case 1: b_2^{L−2}; case 2: b_1^{L−2}). */
export function perturbLemma10(theta: CnnParams, which: 1 | 2, db: Fraction): CnnParams {
  const p = cloneParams(theta);
  const m = lemma10Bias(which).map;
  p.b2[m] = p.b2[m].add(db);
  return p;
}

/** The unit direction of the Lemma 10 perturbation in θ-space. */
export function lemma10Direction(net: Network, which: 1 | 2): Fraction[] {
  const d = new Array<Fraction>(net.paramCount).fill(ZERO);
  const v = net.views.find((x) => x.name === 'layer2.bias')!;
  d[v.offset + lemma10Bias(which).map] = ONE;
  return d;
}

/** u^k_i = o_{i,k} − y_{i,k} (squared loss, note §2.4). */
export function residuals(net: Network, theta: readonly Fraction[], data: Dataset): Fraction[][] {
  const out = exactOutputs(net, theta, data);
  return Array.from({ length: net.outputDim }, (_, k) => out.map((o, i) => o[k].sub(data.targets[i][k])));
}

/** b^L_k = mean_i(y_{i,k} − fc_k·a_i): the bias that makes Σ_i u^k_i = 0 (C1). */
export function stationaryBias(
  features: readonly (readonly Fraction[])[],
  fc: readonly (readonly Fraction[])[],
  data: Dataset,
): Fraction[] {
  const N = data.inputs.length;
  return fc.map((row, k) =>
    sum(features.map((a, i) => data.targets[i][k].sub(sum(a.map((x, j) => x.mul(row[j])))))).div(N),
  );
}

/** Exact least squares of the targets on [features, 1]: FC weights and bias (per output). */
export function leastSquaresFc(
  features: readonly (readonly Fraction[])[],
  data: Dataset,
): { fc: Fraction[][]; bL: Fraction[] } {
  const A = fromRows(features.map((a) => [...a, ONE]));
  const ls = leastSquares(rational, A, fromRows(data.targets.map((y) => [...y]))) as { x: Mat<Fraction> };
  const d = features[0].length,
    dy = data.targets[0].length;
  const fc = Array.from({ length: dy }, (_, k) => Array.from({ length: d }, (_, j) => ls.x.data[j * ls.x.cols + k]));
  return { fc, bL: Array.from({ length: dy }, (_, k) => ls.x.data[d * ls.x.cols + k]) };
}

/** Exact optimum of ½·mean‖·‖² over all affine maps of the raw input x (a lower bound for any locally affine subnetwork). */
export function affineOptimum(data: Dataset): Fraction {
  const A = fromRows(data.inputs.map((x) => [...x, ONE]));
  const ls = leastSquares(rational, A, fromRows(data.targets.map((y) => [...y])));
  return ls.risk.div(2 * data.inputs.length);
}

// ---------------------------------------------------------------------------
// Lemma 10: the split, D_i, G, ρ, and the exact descent (note §5d).

export interface Lemma10Plan {
  t: number;
  k: number;
  eta: Fraction;
  which: 1 | 2;
  /** case 1: β = η + b; case 2: b̃ */
  beta: Fraction;
  bTilde: Fraction;
  /** D_i = Σ_j w^j 1[v_i^j > η] */
  D: Fraction[];
  G: Fraction;
  rho: Fraction;
  /** 'selected': the corrected §5b.3 rule; 'searched': a gap with G ≠ 0 found by scanning */
  mode: 'selected' | 'searched';
  h?: number;
  groupSum?: Fraction;
}

/** v of channel t as an N×P table. */
export const channelTable = (v: readonly (readonly (readonly Fraction[])[])[], t: number) => v.map((chs) => chs[t]);

/**
 * A (channel t, output k, η) with G = Σ_j w^j S_j(η) ≠ 0, η ∉ {v}, η ≠ −b_t:
 * first by the corrected biggest-threshold rule (selectThreshold), else by
 * scanning the gaps between the sorted v values of each channel (G is constant
 * on each gap; a second point per gap in case the first one hits −b_t). null if none.
 */
export function planLemma10(
  s: CnnShape,
  theta: CnnParams,
  u: readonly (readonly Fraction[])[],
  data: Dataset,
  bTildeExtra: Fraction = ZERO,
): Lemma10Plan | null {
  const v = preActivations(s, theta.w1, data);
  const Tf = forwarded(s);
  const build = (
    t: number,
    k: number,
    eta: Fraction,
    mode: 'selected' | 'searched',
    h?: number,
    groupSum?: Fraction,
  ): Lemma10Plan | null => {
    const w = copyWeights(s, theta, t, k);
    const tab = channelTable(v, t);
    const D = tab.map((row) => sum(row.map((x, j) => (x.compare(eta) > 0 ? w[j] : ZERO))));
    const G = sum(D.map((d, i) => d.mul(u[k][i])));
    if (G.n === 0n) return null;
    const b = theta.b1[t];
    const which: 1 | 2 = eta.compare(b.neg()) > 0 ? 1 : 2;
    const beta = eta.add(b);
    const bTilde = minV(v, t).neg().add(bTildeExtra);
    const flat = tab.flat();
    const rho =
      which === 1
        ? flat.map((x) => relu0(x.add(b)).sub(beta).abs()).reduce((m, x) => (x.compare(m) < 0 ? x : m))
        : flat.map((x) => x.sub(eta).abs()).reduce((m, x) => (x.compare(m) < 0 ? x : m));
    return { t, k, eta, which, beta, bTilde, D, G, rho, mode, h, groupSum };
  };
  for (let k = 0; k < s.dy; k++)
    for (let t = 0; t < Tf; t++) {
      if (u[k].every((x) => x.n === 0n)) continue;
      const sel = selectThreshold(channelTable(v, t), u[k], [theta.b1[t].neg()]);
      if (sel.ok) {
        const pl = build(t, k, sel.eta, 'selected', sel.h, sel.groupSum);
        if (pl) return pl;
      }
    }
  for (let k = 0; k < s.dy; k++)
    for (let t = 0; t < Tf; t++) {
      const vals = [
        ...new Map(
          channelTable(v, t)
            .flat()
            .map((x) => [x.toFraction(), x]),
        ).values(),
      ].sort((a, b) => a.compare(b));
      const bad = [...vals, theta.b1[t].neg()];
      for (let g = 0; g + 1 < vals.length; g++)
        for (const frac of [F(1).div(2), F(1).div(3)]) {
          const eta = vals[g].add(vals[g + 1].sub(vals[g]).mul(frac));
          if (bad.some((x) => x.equals(eta))) continue;
          const pl = build(t, k, eta, 'searched');
          if (pl) return pl;
        }
    }
  return null;
}

export function thetaPrimeOf(s: CnnShape, theta: CnnParams, plan: Lemma10Plan): CnnParams {
  return plan.which === 1
    ? thetaPrimeCase1(s, theta, plan.t, plan.k, plan.beta)
    : thetaPrimeCase2(s, theta, plan.t, plan.k, plan.eta, plan.bTilde);
}

/** δb* = −sgn(G)·min(ρ/2, |G|/ΣD²) (note §5d). */
export function bestDeltaB(plan: Lemma10Plan): Fraction {
  const sD2 = sum(plan.D.map((d) => d.mul(d)));
  const m = plan.rho.div(2).compare(plan.G.abs().div(sD2)) < 0 ? plan.rho.div(2) : plan.G.abs().div(sD2);
  return plan.G.s < 0n ? m : m.neg();
}

/** R + (δb/N)G + (δb²/2N)ΣD² (note §5d). */
export function predictedLemma10Risk(R: Fraction, plan: Lemma10Plan, db: Fraction, N: number): Fraction {
  const sD2 = sum(plan.D.map((d) => d.mul(d)));
  return R.add(db.mul(plan.G).div(N)).add(
    db
      .mul(db)
      .mul(sD2)
      .div(2 * N),
  );
}

// ---------------------------------------------------------------------------
// Note §5h: the second-order descent at θ through the reserved L−2 map 0.

export interface ReservedDescent {
  /** output row k, position p of the FC weight on (L−1 map 0, p) */
  k: number;
  p: number;
  /** reserved L−2 map-0 filter direction c[channel][tap] and threshold τ (bias direction −τ) */
  c: Fraction[][];
  tau: Fraction;
  /** g_i = σ(c·z_i^p − τ), F = Σ u^k_i g_i ≠ 0 */
  g: Fraction[];
  F: Fraction;
  /** the ray direction d in θ-space: θ + ε·d has R = R(θ) − (|F|/N)ε² + (Σg²/2N)ε⁴ */
  direction: Fraction[];
  /** the predicted risk polynomial in ε */
  predicted: Poly.Poly;
  /** what produced c: a single tap, or the lexicographic separating filter */
  how: string;
}

/** Patch of o^{L−3} at position p: [channel][tap], zero padded. */
export function patchAt(a: readonly (readonly Fraction[])[], p: number, P: number): Fraction[][] {
  return a.map((row) => [0, 1, 2].map((k) => (p + k - 1 >= 0 && p + k - 1 < P ? row[p + k - 1] : ZERO)));
}

const dot = (c: readonly (readonly Fraction[])[], z: readonly (readonly Fraction[])[]) =>
  sum(c.flatMap((r, i) => r.map((x, j) => x.mul(z[i][j]))));

/** The ray direction of note §5h for (k, p, c, τ) and the sign s of the FC entry. */
export function reservedDirection(
  net: Network,
  s: CnnShape,
  k: number,
  p: number,
  c: readonly (readonly Fraction[])[],
  tau: Fraction,
  sign: 1 | -1,
): Fraction[] {
  const d = new Array<Fraction>(net.paramCount).fill(ZERO);
  const w2 = net.views.find((x) => x.name === 'layer2.weight')!;
  const b2 = net.views.find((x) => x.name === 'layer2.bias')!;
  const W = net.views.find((x) => x.name === 'layer4.weight')!;
  // layer2.weight [T2, T3, 1, 3]: map 0, channel ch, tap j at ch·3 + j
  for (let ch = 0; ch < s.T3; ch++) for (let j = 0; j < 3; j++) d[w2.offset + ch * 3 + j] = c[ch][j];
  d[b2.offset] = tau.neg();
  d[W.offset + k * s.T1 * s.P + p] = F(sign);
  return d;
}

/**
 * Search for the §5h descent: for each output k and position p, candidate
 * filters c (every single tap, then a lexicographic filter that separates all
 * distinct patches), and thresholds τ at two points of every gap between the
 * sorted values c·z_i^p and below the smallest; the first F ≠ 0 wins.
 * Computed from the instance (o^{L−3} and u at θ), nothing hard-coded.
 */
export function findReservedDescent(
  net: Network,
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
): ReservedDescent | null {
  const a = l3Outputs(s, theta.w1, theta.b1, data);
  const th = toTheta(net, theta);
  const u = residuals(net, th, data);
  const N = data.inputs.length;
  const R = exactRisk(net, halfMse, th, data);
  for (let k = 0; k < s.dy; k++) {
    if (u[k].every((x) => x.n === 0n)) continue;
    for (let p = 0; p < s.P; p++) {
      const z = a.map((chs) => patchAt(chs, p, s.P));
      for (const { c, how } of candidateFilters(s, z)) {
        const g0 = z.map((zi) => dot(c, zi));
        const vals = [...new Map(g0.map((x) => [x.toFraction(), x])).values()].sort((x, y) => x.compare(y));
        const taus = [vals[0].sub(1), vals[0].sub(2)];
        for (let i = 0; i + 1 < vals.length; i++)
          taus.push(vals[i].add(vals[i + 1]).div(2), vals[i].add(vals[i + 1].mul(2)).div(3));
        for (const tau of taus) {
          const g = g0.map((x) => relu0(x.sub(tau)));
          const Fv = sum(g.map((gi, i) => gi.mul(u[k][i])));
          if (Fv.n === 0n) continue;
          const sign: 1 | -1 = Fv.s < 0n ? 1 : -1;
          const sg2 = sum(g.map((x) => x.mul(x)));
          const predicted = Poly.poly([R, ZERO, Fv.abs().neg().div(N), ZERO, sg2.div(2 * N)]);
          return { k, p, c, tau, g, F: Fv, direction: reservedDirection(net, s, k, p, c, tau, sign), predicted, how };
        }
      }
    }
  }
  return null;
}

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
  const K = minDiff ? range.div(minDiff).add(2).floor() : F(2);
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

// ---------------------------------------------------------------------------
// Rescaling (note §5g) and Lemma 11.

/** Multiply filter and bias of map m of conv layer l ∈ {1,2,3} by α and divide layer l+1's input-channel-m slice by α. */
export function rescaleMap(s: CnnShape, theta: CnnParams, l: 1 | 2 | 3, m: number, alpha: Fraction): CnnParams {
  const p = cloneParams(theta);
  const [w, b] = l === 1 ? [p.w1, p.b1] : l === 2 ? [p.w2, p.b2] : [p.w3, p.b3];
  w[m] = w[m].map((c) => c.map((x) => x.mul(alpha)));
  b[m] = b[m].mul(alpha);
  if (l < 3) {
    const next = l === 1 ? p.w2 : p.w3;
    for (const f of next) f[m] = f[m].map((x) => x.div(alpha));
  } else for (const row of p.W) for (let j = 0; j < s.P; j++) row[m * s.P + j] = row[m * s.P + j].div(alpha);
  return p;
}

/** o^{L−1,i} (the FC input) at θ, per sample. */
export function fcInputs(net: Network, theta: readonly Fraction[], data: Dataset): Fraction[][] {
  // the three conv layers evaluated directly on the rational parameters (cross-checked against
  // exactPreActivations of the Network in properties/cnn.test.ts)
  const s = shapeOf(net);
  const p = paramsOf(net, s, theta);
  const a = l3Outputs(s, p.w1, p.b1, data);
  const conv = (inp: Fraction[][], w: Fraction[][][], b: Fraction[]) =>
    w.map((f, t) =>
      Array.from({ length: s.P }, (_, q) => {
        let acc = b[t];
        for (let c = 0; c < inp.length; c++)
          for (let k = 0; k < 3; k++)
            if (q + k - 1 >= 0 && q + k - 1 < s.P) acc = acc.add(f[c][k].mul(inp[c][q + k - 1]));
        return relu0(acc);
      }),
    );
  return a.map((ai) => conv(conv(ai, p.w2, p.b2), p.w3, p.b3).flat());
}

/** The shape of a network built by cnnNetwork. */
export function shapeOf(net: Network): CnnShape {
  const [l1, l2, l3, l4] = net.layers;
  return {
    C0: net.spec.input.channels,
    P: net.spec.input.width,
    T3: l1.outShape.channels,
    T2: l2.outShape.channels,
    T1: l3.outShape.channels,
    dy: l4.outDim,
  };
}

/** θ back to blocks. */
export function paramsOf(net: Network, s: CnnShape, theta: readonly Fraction[]): CnnParams {
  const blk = (name: string) => {
    const v = net.views.find((x) => x.name === name)!;
    return theta.slice(v.offset, v.offset + v.size);
  };
  const filt = (xs: Fraction[], T: number, C: number) =>
    Array.from({ length: T }, (_, t) =>
      Array.from({ length: C }, (_, c) => xs.slice((t * C + c) * 3, (t * C + c) * 3 + 3)),
    );
  const Wf = blk('layer4.weight');
  return {
    w1: filt(blk('layer1.weight'), s.T3, s.C0),
    b1: blk('layer1.bias'),
    w2: filt(blk('layer2.weight'), s.T2, s.T3),
    b2: blk('layer2.bias'),
    w3: filt(blk('layer3.weight'), s.T1, s.T2),
    b3: blk('layer3.bias'),
    W: Array.from({ length: s.dy }, (_, k) => Wf.slice(k * s.T1 * s.P, (k + 1) * s.T1 * s.P)),
    bL: blk('layer4.bias'),
  };
}

/** θ with W^L(k,·) += δw. */
export function perturbFcRow(theta: CnnParams, k: number, dw: readonly Fraction[]): CnnParams {
  const p = cloneParams(theta);
  p.W[k] = p.W[k].map((x, j) => x.add(dw[j]));
  return p;
}

// ---------------------------------------------------------------------------
// The tiny instances of the note's goldens (§6.2), for tests and a Fig. 3 reproduction.

/** G1–G3 setup: P = 3, C0 = 1, T3 = 1, T2 = T1 = 3, d_y = 1, filter E, bias b, FC weights w on map 3. */
export function goldenSubnet(
  b: Fraction | number | string,
  w: readonly (number | string)[],
  bL: Fraction | number | string,
  P = 3,
): Subnet {
  return {
    shape: { C0: 1, P, T3: 1, T2: 3, T1: 3, dy: 1 },
    filter: [E(0, 1)],
    bias: [F(b as number)],
    fc: [w.map((x) => F(x as number))],
    bL: [F(bL as number)],
  };
}

/** Golden G2 (note §6.2): a genuine subnetwork local minimum with R(θ) = 1 that is a saddle. */
export function goldenG2(): { sub: Subnet; data: Dataset } {
  const data = dataset(
    [
      [1, 1, 1],
      [2, 2, 1],
      [2, 1, 4],
      [4, 3, 4],
      [2, 2, 4],
    ],
    [[-1], [3], [6], [4], [4]],
  );
  return { sub: goldenSubnet(0, [1, -1, 1], 0), data };
}

export interface Fig3Instance {
  net: Network;
  data: Dataset;
  shape: CnnShape;
  /** θ (Lemma 6), θ′ (Lemma 9, case 1) */
  theta: Fraction[];
  thetaPrime: Fraction[];
  /** the Lemma 10 direction at θ′ (unit vector on the perturbed bias) and its best step δb* */
  lemma10Direction: Fraction[];
  deltaB: Fraction;
  /** the §5h descent direction at θ (ray; R = R(θ) − (|F|/N)ε² + …) */
  saddleDirection: Fraction[];
  risk: Fraction;
}

/** Everything a Fig. 3 reproduction needs for the tiny CNN of golden G2 (or any subnet + data). */
export function fig3Instance(sub: Subnet = goldenG2().sub, data: Dataset = goldenG2().data): Fig3Instance {
  const s = sub.shape;
  const net = cnnNetwork(s);
  const p = lemma6Params(sub);
  const theta = toTheta(net, p);
  const u = residuals(net, theta, data);
  const plan = planLemma10(s, p, u, data);
  if (!plan) throw new Error('fig3Instance: no split with G ≠ 0 for this instance');
  const thetaPrime = toTheta(net, thetaPrimeOf(s, p, plan));
  const sd = findReservedDescent(net, s, p, data);
  if (!sd) throw new Error('fig3Instance: no reserved-map descent for this instance');
  return {
    net,
    data,
    shape: s,
    theta,
    thetaPrime,
    lemma10Direction: lemma10Direction(net, plan.which),
    deltaB: bestDeltaB(plan),
    saddleDirection: sd.direction,
    risk: exactRisk(net, halfMse, theta, data),
  };
}

export { groupsAt, splitSums };
