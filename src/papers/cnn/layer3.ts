/**
 * The L−3 layer of the CNN paper's constructions, computed directly on the
 * rationals: pre-activations v (eq. 6), outputs a = σ(v + b), the forwarded
 * features the FC layer reads at θ (eq. 23), and the L−3 patches.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import {
  forwarded,
  lowerDepth,
  neighbour,
  PLAIN,
  poolWindows,
  tapCount,
  type CnnShape,
  type CnnVariant,
  type LowerLayer,
} from './network.js';

/** [sample][channel][position] */
export type Maps = readonly (readonly (readonly Fraction[])[])[];

export const relu0 = (x: Fraction) => (x.compare(0) > 0 ? x : ZERO);

/** Input sample i as [channel][position] (the network's map-major layout). */
export const inputMaps = (s: CnnShape, x: readonly Fraction[]) =>
  Array.from({ length: s.C0 }, (_, c) => x.slice(c * s.P, (c + 1) * s.P));

type Filters = readonly (readonly (readonly Fraction[])[])[];

/**
 * One 'same' convolution of [channel][position] maps, without bias and activation
 * (every conv of the constructions: L−3, the layers below it, and ./rescale.ts's L−2, L−1).
 */
export function convMaps(s: CnnShape, inp: readonly (readonly Fraction[])[], filter: Filters): Fraction[][] {
  return filter.map((f) =>
    Array.from({ length: s.P }, (_, p) => {
      let acc = ZERO;
      for (let c = 0; c < inp.length; c++)
        for (let k = 0; k < tapCount(s); k++) {
          const q = neighbour(s, p, k);
          if (q >= 0) acc = acc.add(f[c][k].mul(inp[c][q]));
        }
      return acc;
    }),
  );
}

/** What the L−3 layer reads, per sample [channel][position]: x, or the outputs of the conv layers below L−3 (σ(conv + b)). */
export function l3Inputs(s: CnnShape, data: Dataset, lower: readonly LowerLayer[] = []): Fraction[][][] {
  if (lower.length !== lowerDepth(s))
    throw new RangeError(`the CNN has ${lowerDepth(s)} conv layer(s) below L−3; ${lower.length} were given`);
  return data.inputs.map((x) =>
    lower.reduce<Fraction[][]>(
      (m, l) => convMaps(s, m, l.w).map((row, t) => row.map((v) => relu0(v.add(l.b[t])))),
      inputMaps(s, x),
    ),
  );
}

/** v_i^{t,p} = W^{L−3}(t,·)·patch (no bias), [sample][channel][position] (eq. 6); `lower`: the layers below L−3, if any. */
export function preActivations(
  s: CnnShape,
  filter: Filters,
  data: Dataset,
  lower: readonly LowerLayer[] = [],
): Fraction[][][] {
  return l3Inputs(s, data, lower).map((m) => convMaps(s, m, filter));
}

/** a_i^{t,p} = σ(v + b_t), [sample][channel][position]. */
export function l3Outputs(
  s: CnnShape,
  filter: Filters,
  bias: readonly Fraction[],
  data: Dataset,
  lower: readonly LowerLayer[] = [],
): Fraction[][][] {
  return preActivations(s, filter, data, lower).map((chs) =>
    chs.map((row, t) => row.map((v) => relu0(v.add(bias[t])))),
  );
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

/**
 * The conv layers below L−3 made active on the data: layer by layer, the given
 * filters with the biases 1 − (min over samples and positions of each map's
 * pre-activation), so every unit below L−3 is on with margin ≥ 1 (as the
 * generated L−3 layers are); near θ the layers below L−3 are then affine in x.
 */
export function activeLower(s: CnnShape, filters: readonly Filters[], data: Dataset): LowerLayer[] {
  const out: LowerLayer[] = [];
  for (const w of filters) {
    const pre = l3Inputs({ ...s, lower: s.lower?.slice(0, out.length) }, data, out).map((m) => convMaps(s, m, w));
    const b = w.map((_, t) => ONE.sub(minV(pre, t)));
    out.push({ w: w.map((f) => f.map((c) => c.slice())), b });
  }
  return out;
}

/** Assumption 1 (the o^{L−1,i} — the forwarded L−3 outputs — pairwise distinct) and non-degeneracy; null if both hold. */
export function detectAssumption1(feats: readonly (readonly Fraction[])[]): string | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < feats.length; i++) {
    const key = feats[i].map((x) => x.toFraction()).join(',');
    if (seen.has(key)) return `Assumption 1 fails: samples ${seen.get(key)! + 1} and ${i + 1} have the same o^{L−1}`;
    seen.set(key, i);
  }
  const zero = feats.findIndex((r) => r.every((x) => x.n === 0n));
  if (zero >= 0) return `non-degeneracy fails: sample ${zero + 1} has all forwarded L−3 outputs 0`;
  return null;
}
