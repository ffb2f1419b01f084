/**
 * Lemma 6 (eq. 23): θ, where two conv layers L−2, L−1 copy o^{L−3} and maps
 * 1, 2 are reserved (zero); the output bias that makes the risk stationary,
 * the least-squares FC of a genuine subnetwork minimum, and our repair
 * (reserved maps strictly off). Either variant: only the FC columns depend on it.
 */
import type { Fraction } from 'fraction.js';
import { affineFit, affineFitOf } from '../../model/affine.js';
import type { Dataset } from '../../model/data.js';
import { exactOutputs, exactPreActivations } from '../../model/exact.js';
import { squaredLoss } from '../../model/loss.js';
import type { Network } from '../../model/network.js';
import { ONE, sum, toRat, ZERO } from '../../numeric/rational.js';
import {
  cloneParams,
  cnnNetwork,
  E,
  fcShape,
  forwarded,
  lowerDepth,
  PLAIN,
  shapeOf,
  tapCount,
  toTheta,
  zeroFilter,
  type CnnParams,
  type CnnShape,
  type CnnVariant,
  type ForwardingTop,
  type LowerLayer,
} from './network.js';

/** The subnetwork of Lemma 6: layer L−3 and the FC weights on the forwarded copies. */
export interface Subnet {
  shape: CnnShape;
  /** the conv layers below L−3 (part of the subnetwork), when the shape has them */
  lower?: LowerLayer[];
  /** [T3][L−3 input channels][taps] */
  filter: Fraction[][][];
  /** [T3] */
  bias: Fraction[];
  /** [dy][T_f·Q]: W^L(k, map t+2, position j) at column t·Q + j (Q = the FC's positions per map) */
  fc: Fraction[][];
  /** [dy] */
  bL: Fraction[];
  /** with FC layers above the first (`CnnShape.hiddenFc`): how they forward its outputs (`forwardingTop`) */
  top?: ForwardingTop;
}

/** Lemma 6, eq. (23) in filter form (note §5a); with pooling the FC reads the pooled copies (sub.fc is [dy][T_f·Q]). */
export function lemma6Params(sub: Subnet, variant: CnnVariant = PLAIN): CnnParams {
  const s = fcShape(sub.shape, variant);
  const Tf = forwarded(s);
  const taps = tapCount(sub.shape);
  const w2 = Array.from({ length: s.T2 }, (_, m) =>
    m >= 2 && m - 2 < Math.min(s.T2 - 2, s.T3) ? E(m - 2, s.T3, ONE, taps) : zeroFilter(s.T3, taps),
  );
  const w3 = Array.from({ length: s.T1 }, (_, m) =>
    m < Math.min(s.T1, s.T2) ? E(m, s.T2, ONE, taps) : zeroFilter(s.T2, taps),
  );
  const W = Array.from({ length: s.dy }, (_, k) =>
    Array.from({ length: s.T1 * s.P }, (_, col) => {
      const m = Math.floor(col / s.P),
        j = col % s.P;
      return m >= 2 && m - 2 < Tf ? sub.fc[k][(m - 2) * s.P + j] : ZERO;
    }),
  );
  return {
    ...(sub.lower
      ? { lower: sub.lower.map((l) => ({ w: l.w.map((f) => f.map((c) => c.slice())), b: l.b.slice() })) }
      : {}),
    w1: sub.filter.map((f) => f.map((c) => c.slice())),
    b1: sub.bias.slice(),
    w2,
    b2: new Array<Fraction>(s.T2).fill(ZERO),
    w3,
    b3: new Array<Fraction>(s.T1).fill(ZERO),
    W,
    bL: sub.bL.slice(),
    ...(sub.top ? { top: { ...sub.top } } : {}),
  };
}

/** θ of Lemma 6 for a subnetwork on the network of the given variant: the network, θ by blocks, and θ. */
export function lemma6Point(sub: Subnet, variant: CnnVariant = PLAIN) {
  const net = cnnNetwork(sub.shape, variant);
  const params = lemma6Params(sub, variant);
  return { net, params, theta: toTheta(net, params) };
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

/** Exact least squares of the targets on [features, 1]: FC weights and bias (per output), from the shared affine fit. */
export function leastSquaresFc(
  features: readonly (readonly Fraction[])[],
  data: Dataset,
): { fc: Fraction[][]; bL: Fraction[] } {
  const { W } = affineFitOf(features, data.targets);
  return { fc: W.map((row) => row.slice(0, -1)), bL: W.map((row) => row[row.length - 1]) };
}

/** Exact optimum of ½·mean‖·‖² over all affine maps of the raw input x (a lower bound for any locally affine subnetwork). */
export function affineOptimum(data: Dataset): Fraction {
  return affineFit(data, squaredLoss({ half: true })).risk;
}

/**
 * OUR REPAIR of eq. (23) (not the paper's construction), for either variant.
 * As printed, θ gives its reserved and unused feature maps filter 0 and bias 0,
 * so their pre-activations sit exactly on the ReLU kink and the bilinear
 * "filter × FC weight" directions through them descend (cnn.lemma6.local-min).
 * Here every map of layers L−2 and L−1 whose pre-activation is exactly 0 on
 * every sample and position at θ (the two reserved maps, and maps that copy
 * nothing) gets bias −1: its outputs stay 0, so every output is unchanged, θ
 * is strictly inside one activation cell (with FC layers above the first, their
 * units that forward nothing get bias −1 too), and — for a genuine subnetwork local
 * minimum — a local minimum of the whole network. Lemma 9's θ′ and Lemma 10's
 * perturbation still apply (they set the reserved maps' biases themselves), so
 * the repaired θ is a spurious local minimum: what Theorem 1 claims, realised exactly.
 */
export function repairedLemma6(
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
    // [unit = map·P + position][sample]; the conv layers below L−3 come first
    const pre = exactPreActivations(net, toTheta(net, p), data)[lowerDepth(shapeOf(net)) + layer];
    const P = pre.length / p[bias].length;
    p[bias].forEach((_, m) => {
      if (pre.slice(m * P, (m + 1) * P).every((row) => row.every((z) => z.n === 0n))) {
        p[bias][m] = toRat(-1);
        moved.push(`${name} map ${m + 1}`);
      }
    });
  }
  // the idle units of FC layers above the first (zero weights in and out, bias 0) sit on the kink too
  const s = shapeOf(net);
  if (p.top?.idle.n === 0n && s.hiddenFc?.some((m) => m > s.dy)) {
    p.top = { ...p.top, idle: toRat(-1) };
    moved.push('the FC units that forward nothing');
  }
  return { params: p, theta: toTheta(net, p), moved };
}
