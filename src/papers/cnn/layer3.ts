/**
 * The L−3 layer of the CNN paper's constructions, computed directly on the
 * rationals: pre-activations v (eq. 6), outputs a = σ(v + b), the forwarded
 * features the FC layer reads at θ (eq. 23), and the L−3 patches.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import { ZERO } from '../../numeric/rational.js';
import { forwarded, neighbour, PLAIN, poolWindows, tapCount, type CnnShape, type CnnVariant } from './network.js';

/** [sample][channel][position] */
export type Maps = readonly (readonly (readonly Fraction[])[])[];

export const relu0 = (x: Fraction) => (x.compare(0) > 0 ? x : ZERO);

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
          for (let k = 0; k < tapCount(s); k++) {
            const q = neighbour(s, p, k);
            if (q >= 0) acc = acc.add(f[c][k].mul(m[c][q]));
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

/** One map's row as the FC layer sees it: itself, or the averages of its non-overlapping pooling windows. */
export function poolRow(s: CnnShape, row: readonly Fraction[], variant: CnnVariant = PLAIN): Fraction[] {
  if (variant.pool === 1) return row.slice();
  return poolWindows(s, variant).map((win) => win.reduce((acc, p) => acc.add(row[p]), ZERO).div(win.length));
}

/** The features the FC layer reads on the copy maps at θ: a of channels 0..T_f−1 (pooled), map-major, per sample. */
export function forwardedFeatures(s: CnnShape, a: Maps, variant: CnnVariant = PLAIN): Fraction[][] {
  poolWindows(s, variant);
  return a.map((chs) => chs.slice(0, forwarded(s)).flatMap((row) => poolRow(s, row, variant)));
}

/** min over samples and positions of v in channel t (the paper's "min_{i,j} v_i^j"). */
export const minV = (v: Maps, t: number) => v.flatMap((chs) => chs[t]).reduce((m, x) => (x.compare(m) < 0 ? x : m));

/** max over samples and positions of v in channel t. */
export const maxV = (v: Maps, t: number) => v.flatMap((chs) => chs[t]).reduce((m, x) => (x.compare(m) > 0 ? x : m));

/** v of channel t as an N×P table. */
export const channelTable = (v: Maps, t: number) => v.map((chs) => chs[t]);

/** Patch of o^{L−3} at position p: [channel][tap], zero padded (3 taps, or 3 × 3 row-major on images). */
export function patchAt(s: CnnShape, a: readonly (readonly Fraction[])[], p: number): Fraction[][] {
  return a.map((row) =>
    Array.from({ length: tapCount(s) }, (_, k) => {
      const q = neighbour(s, p, k);
      return q >= 0 ? row[q] : ZERO;
    }),
  );
}
