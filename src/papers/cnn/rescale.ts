/**
 * Positive per-map rescaling (note §5g: Theorem 1's "infinitely many") and
 * Lemma 11's perturbations of one FC row, with the FC input o^{L−1} they act on.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import { convMaps, l3Outputs, poolRow, relu0 } from './layer3.js';
import {
  cloneParams,
  fcShape,
  paramsOf,
  PLAIN,
  shapeOf,
  variantOf,
  type CnnParams,
  type CnnShape,
  type CnnVariant,
} from './network.js';

/** Multiply filter and bias of map m of conv layer l ∈ {1,2,3} by α and divide layer l+1's input-channel-m slice (the FC columns of map m for l = 3) by α. */
// duplicates: opens like thetaPrimeCase1 (./lemma9.ts): copy θ, index the FC by the variant's positions
export function rescaleMap(
  s: CnnShape,
  theta: CnnParams,
  l: 1 | 2 | 3,
  m: number,
  alpha: Fraction,
  variant: CnnVariant = PLAIN,
): CnnParams {
  const Q = fcShape(s, variant).P;
  const p = cloneParams(theta);
  const [w, b] = l === 1 ? [p.w1, p.b1] : l === 2 ? [p.w2, p.b2] : [p.w3, p.b3];
  w[m] = w[m].map((c) => c.map((x) => x.mul(alpha)));
  b[m] = b[m].mul(alpha);
  if (l < 3) {
    const next = l === 1 ? p.w2 : p.w3;
    for (const f of next) f[m] = f[m].map((x) => x.div(alpha));
  } else for (const row of p.W) for (let j = 0; j < Q; j++) row[m * Q + j] = row[m * Q + j].div(alpha);
  return p;
}

/** o^{L−1,i} (the FC input, pooled if the network pools) at θ, per sample. */
export function fcInputs(net: Network, theta: readonly Fraction[], data: Dataset): Fraction[][] {
  // the three conv layers evaluated directly on the rational parameters (cross-checked against
  // exactPreActivations of the Network in properties/cnn.test.ts)
  const s = shapeOf(net);
  const p = paramsOf(net, s, theta);
  const a = l3Outputs(s, p.w1, p.b1, data, p.lower);
  const conv = (inp: Fraction[][], w: Fraction[][][], b: Fraction[]) =>
    convMaps(s, inp, w).map((row, t) => row.map((v) => relu0(v.add(b[t]))));
  return a.map((ai) => conv(conv(ai, p.w2, p.b2), p.w3, p.b3).flatMap((row) => poolRow(s, row, variantOf(net))));
}

/** θ with W^L(k,·) += δw. */
export function perturbFcRow(theta: CnnParams, k: number, dw: readonly Fraction[]): CnnParams {
  const p = cloneParams(theta);
  p.W[k] = p.W[k].map((x, j) => x.add(dw[j]));
  return p;
}
