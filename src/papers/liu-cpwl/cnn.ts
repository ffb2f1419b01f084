/**
 * Liu (2022) §6.2 and Theorem 2: the CNN construction for two groups, on
 * one-dimensional signals of length P_0·s_0 (one input channel, patches of
 * s_0 entries tiling the signal: kernel s_0, stride s_0, a bias per neuron as
 * in eq. (4)), d_y = 1.
 *
 *  - restrictedCnn (as printed): one filter per piece, every patch through it,
 *    the first fully connected layer sums each filter's outputs with weights 1
 *    (its own channel only: otherwise the pieces coincide), a min or max gadget,
 *    and the output subtracts the accumulated shift P_0·c. So the pieces are
 *    f_j(x) = a_jᵀ z(x) + β_j with z(x) = Σ_p x_p: least squares on the patch
 *    sum, a restricted class (the note's §5.12);
 *  - losslessCnn (the note's D5 fix): s_0 identity filters e_1..e_{s_0} with
 *    bias c, so the convolution outputs x_r + c, and the first fully connected
 *    layer computes any affine pieces of x; a min or max gadget; minus c.
 */
import type { Fraction } from 'fraction.js';
import { buildNetwork, linear, relu, type Network } from '../../model/index.js';
import { assembleParams } from '../../model/network.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import type { AffineMap } from './network.js';

export interface CnnShape {
  /** patch size s_0 and number of patches P_0 */
  s0: number;
  P0: number;
}

/**
 * conv1d (T filters, kernel = stride = s_0, per-position biases, ReLU),
 * optionally max pooling over the P_0 patches of each channel, → dense 2 →
 * dense 2 (gadget) → dense 1.
 */
function cnnNetwork(shape: CnnShape, filters: number, maxPool = false): Network {
  return buildNetwork({
    input: { channels: 1, height: 1, width: shape.s0 * shape.P0 },
    layers: [
      {
        kind: 'conv1d',
        filters,
        kernel: shape.s0,
        stride: shape.s0,
        padding: 'valid',
        bias: 'per-position',
        activation: relu(),
      },
      ...(maxPool ? [{ kind: 'maxpool1d' as const, size: shape.P0, stride: shape.P0 }] : []),
      { kind: 'dense', units: 2, activation: relu() },
      { kind: 'dense', units: 2, activation: relu() },
      { kind: 'dense', units: 1, activation: linear() },
    ],
  });
}

/** s_0 identity filters of s_0 entries: filter k reads entry k of each patch. */
const identityFilters = (s0: number) =>
  Array.from({ length: s0 * s0 }, (_, q) => (Math.floor(q / s0) === q % s0 ? ONE : ZERO));

/** The first fully connected biases when its inputs carry the shift c: β_j − c·Σ a_j + c′. */
const shiftedBiases = (pieces: readonly AffineMap[], c: Fraction, cPrime: Fraction) =>
  pieces.map((f) => f.b.sub(c.mul(f.w.reduce((s, x) => s.add(x), ZERO))).add(cPrime));

const M = ONE.neg();

/**
 * The gadget layers (numbered `first` and `first + 1`): max (σ(g1), σ(g2 − g1),
 * read out n1 + n2) or min (σ(g2), σ(g2 − g1), n1 − n2), minus the shift.
 */
function gadget(kind: 'max' | 'min', shift: Fraction, first = 3) {
  return {
    [`layer${first}.weight`]: kind === 'max' ? [ONE, ZERO, M, ONE] : [ZERO, ONE, M, ONE],
    [`layer${first}.bias`]: [ZERO, ZERO],
    [`layer${first + 1}.weight`]: [ONE, kind === 'max' ? ONE : M],
    [`layer${first + 1}.bias`]: [shift.neg()],
  };
}

/**
 * The printed construction for restricted pieces f_j(x) = a_jᵀ z(x) + β_j
 * (a_j ∈ ℚ^{s_0}); the positivity shift c must make every f_j + P_0·c
 * positive at the samples (per-position biases β_j/P_0 + c).
 */
export function restrictedCnn(
  shape: CnnShape,
  pieces: readonly [AffineMap, AffineMap],
  kind: 'max' | 'min',
  c: Fraction,
): { net: Network; theta: Fraction[] } {
  const net = cnnNetwork(shape, 2);
  const { s0, P0 } = shape;
  // conv outputs are channel-major: unit t·P_0 + p is filter t at patch p
  const ownChannel = (j: number) => Array.from({ length: 2 * P0 }, (_, u) => (Math.floor(u / P0) === j ? ONE : ZERO));
  const theta = assembleParams(net, {
    'layer1.weight': pieces.flatMap((f) => f.w.slice(0, s0)),
    'layer1.bias': pieces.flatMap((f) => Array.from({ length: P0 }, () => f.b.div(P0).add(c))),
    'layer2.weight': [...ownChannel(0), ...ownChannel(1)],
    'layer2.bias': [ZERO, ZERO],
    ...gadget(kind, c.mul(P0)),
  });
  return { net, theta };
}

/**
 * The lossless construction for full affine pieces f_j(x) = A_jᵀx + β_j
 * (A_j ∈ ℚ^{s_0·P_0}); c makes every x_r + c positive, c′ every f_j + c′.
 */
export function losslessCnn(
  shape: CnnShape,
  pieces: readonly [AffineMap, AffineMap],
  kind: 'max' | 'min',
  c: Fraction,
  cPrime: Fraction,
): { net: Network; theta: Fraction[] } {
  const { s0, P0 } = shape;
  const net = cnnNetwork(shape, s0);
  // conv unit k·P_0 + p outputs x_{p·s_0 + k} + c
  const fc1 = pieces.flatMap((f) => Array.from({ length: s0 * P0 }, (_, u) => f.w[(u % P0) * s0 + Math.floor(u / P0)]));
  const theta = assembleParams(net, {
    'layer1.weight': identityFilters(s0),
    'layer1.bias': Array.from({ length: s0 * P0 }, () => c),
    'layer2.weight': fc1,
    'layer2.bias': shiftedBiases(pieces, c, cPrime),
    ...gadget(kind, cPrime),
  });
  return { net, theta };
}

/**
 * The construction with max pooling (the paper's §6.2 remark, read as the
 * note's §5.12 allows): the lossless convolution (x_r + c), max pooling over
 * the P_0 patches of each channel, so the pooled feature r is
 * u_r(x) = max_p x_{p·s_0 + r} (+ c); the first fully connected layer computes
 * affine pieces f_j(x) = a_jᵀu(x) + β_j (a_j ∈ ℚ^{s_0}); a min or max gadget;
 * minus c′. Where every pooling argmax is strict and constant on a group, the
 * pooling acts there as a fixed selection of entries.
 */
export function maxPoolCnn(
  shape: CnnShape,
  pieces: readonly [AffineMap, AffineMap],
  kind: 'max' | 'min',
  c: Fraction,
  cPrime: Fraction,
): { net: Network; theta: Fraction[] } {
  const { s0, P0 } = shape;
  const net = cnnNetwork(shape, s0, true);
  const theta = assembleParams(net, {
    'layer1.weight': identityFilters(s0),
    'layer1.bias': Array.from({ length: s0 * P0 }, () => c),
    'layer3.weight': pieces.flatMap((f) => f.w.slice(0, s0)),
    'layer3.bias': shiftedBiases(pieces, c, cPrime),
    ...gadget(kind, cPrime, 4),
  });
  return { net, theta };
}
