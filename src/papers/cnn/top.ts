/**
 * App. D's FC layers above the first (`CnnShape.hiddenFc`, `ForwardingTop` in ./network.ts):
 * the offset c that keeps the forwarding units active, and how far an output may
 * move before one of them reaches its kink.
 */
import type { Fraction } from 'fraction.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import type { CnnShape, ForwardingTop } from './network.js';

const maxOf = (xs: readonly Fraction[]) => xs.reduce((m, x) => (x.compare(m) > 0 ? x : m), ZERO);

/**
 * The forwarding top for a network whose one-FC outputs are `outputs[i][k]`: c = 1 + max |o_{i,k}|,
 * so every forwarding unit has pre-activation o + c ≥ 1 on every sample; idle units at bias 0 (the
 * paper's unused units). Undefined when the shape has no FC layers above the first.
 */
export function forwardingTop(s: CnnShape, outputs: readonly (readonly Fraction[])[]): ForwardingTop | undefined {
  if (!s.hiddenFc?.length) return undefined;
  return { c: ONE.add(maxOf(outputs.flat().map((o) => o.abs()))), idle: ZERO };
}

/** FC outputs o_{i,k} = W_k·f_i + b_k of features f_i (sample-major), for `forwardingTop` before θ exists. */
export const fcOutputs = (
  feats: readonly (readonly Fraction[])[],
  W: readonly (readonly Fraction[])[],
  b: readonly Fraction[],
): Fraction[][] => feats.map((f) => W.map((row, k) => row.reduce((acc, w, j) => acc.add(w.mul(f[j])), b[k])));

/**
 * With a forwarding top of offset c, output k of sample i may move by δ·D_i without a forwarding
 * unit leaving its active piece while |δ| < min over D_i ≠ 0 of (o_{i,k} + c)/|D_i| (that bound;
 * null when every D_i is 0 or there is no top).
 */
export function topMargin(
  top: ForwardingTop | undefined,
  outputs: readonly Fraction[],
  D: readonly Fraction[],
): Fraction | null {
  if (!top) return null;
  let m: Fraction | null = null;
  D.forEach((d, i) => {
    if (d.n === 0n) return;
    const r = outputs[i].add(top.c).div(d.abs());
    if (!m || r.compare(m) < 0) m = r;
  });
  return m;
}
