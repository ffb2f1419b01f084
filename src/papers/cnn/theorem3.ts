/**
 * "Spurious local minima provably exist for deep convolutional neural
 * networks", §4 Theorem 2 (informal) = App. B Theorem 3 (formal), proof
 * G.9: the "non-trivial" point θ₁, built as a real network of the repo.
 *
 * Architecture (1-D): L − 1 conv1d layers (kernel 3, 'same' zero padding,
 * stride 1, ReLU, one tied bias per feature map), then a dense linear output
 * layer with d_y units. Input: C0 channels of P positions (map-major).
 *
 * θ₁ (note §5e), channels 0-based here (paper channel 1 = our channel 0):
 *  - first subnetwork = channel 0 of every conv layer: layer 1 filter =
 *    centre delta on input channel 0, bias c_p (eqs. 17–18, 9); layers ≥ 2:
 *    centre delta on channel 0, bias 0 (eq. 19);
 *  - FC weight λ on (channel 0, position k), 0 on the other channel-0
 *    positions (eq. 21);
 *  - second subnetwork = channels ≥ 1 (layer 1 reads every input channel,
 *    higher layers only channels ≥ 1; cross weights with channel 0 are 0);
 *    its ReLU-free affine map is W_2 (eq. 20);
 *  - large constants c_l are added to every second-subnetwork bias and b^L is
 *    replaced by b^L − Δo^L (eq. 22);
 *  - λ by eq. (15) (|I| = 1) or eq. (16) (squared loss: the mean residual over
 *    I divided by z = x_{i*}^k + c_p).
 * With `T3Arch.pool` a size-2 average pooling sits before the dense layer and
 * θ₁'s dense weight on the window of k is λ·2 (our reading of the paper's
 * "adjusted parameters"); W_2 and Δo^L go through the pooling.
 * The risk is the paper's: ½‖o − y‖² averaged over the N samples (halfMse, ./network.ts).
 * The expressive second subnetwork and θ₁ from a subnetwork: ./theorem3-sub.ts.
 * The search at θ₁'s kinks and our repair for depth L ≥ 3: ./theorem3-kinks.ts.
 */
import type { Fraction } from 'fraction.js';
import { linear, relu } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { buildNetwork, type LayerSpec, type Network } from '../../model/network.js';
import { ONE, ZERO } from '../../numeric/rational.js';

export interface T3Arch {
  /** positions per channel */
  P: number;
  /** input channels */
  C0: number;
  /** total layers: L − 1 conv layers and the dense output layer */
  L: number;
  /** filters of conv layers 1..L−1 */
  T: number[];
  /** outputs */
  dy: number;
  /**
   * A non-overlapping average pooling of this size within each map between the last conv layer
   * and the dense layer ("if pooling layers are used …", App. B after Theorem 3); absent or 1: none.
   */
  pool?: number;
}

/** Pooling size (1 without a pooling layer). */
export const poolOf = (a: T3Arch) => a.pool ?? 1;
/** Positions per map that the dense layer reads: P, or P / pool. */
export const fcQ = (a: T3Arch) => a.P / poolOf(a);
/** The pooled position (window) of position p. */
export const windowOf = (a: T3Arch, p: number) => Math.floor(p / poolOf(a));

/** Average each map's non-overlapping windows of rows (affine forms or values), map-major. */
function poolRows<R>(a: T3Arch, rows: readonly R[], avg: (group: readonly R[]) => R): R[] {
  const m = poolOf(a);
  if (m === 1) return rows.slice();
  const maps = rows.length / a.P;
  return Array.from({ length: maps * fcQ(a) }, (_, r) => {
    const map = Math.floor(r / fcQ(a)),
      q = r % fcQ(a);
    return avg(rows.slice(map * a.P + q * m, map * a.P + q * m + m));
  });
}

/** Second subnetwork (channels ≥ 1), before the constants c_l. */
export interface SubNet {
  /** per conv layer l (index l−1): filters[t−1][c][j] for t ≥ 1; c runs over input channels (layer 1) or channels ≥ 1 of the previous layer (c = 0 means channel 1) */
  filters: Fraction[][][][];
  /** per conv layer: bias of channels t ≥ 1 */
  biases: Fraction[][];
  /** dy × ((T_{L−1} − 1)·Q): FC weights on channels ≥ 1 (map-major; Q = P, or the pooled positions) */
  fc: Fraction[][];
  fcBias: Fraction[];
}

export function t3Network(a: T3Arch): Network {
  if (a.T.length !== a.L - 1)
    throw new Error(`t3Network: ${a.L - 1} conv layers need ${a.L - 1} filter counts, got ${a.T.length}`);
  const layers: LayerSpec[] = a.T.map((T) => ({
    kind: 'conv1d' as const,
    filters: T,
    kernel: 3,
    padding: 'same' as const,
    bias: true,
    activation: relu(),
  }));
  if (poolOf(a) > 1) {
    if (a.P % poolOf(a) !== 0)
      throw new RangeError(`the pooled CNN needs P to be a multiple of ${poolOf(a)}, got P = ${a.P}`);
    layers.push({ kind: 'avgpool1d', size: poolOf(a) });
  }
  layers.push({ kind: 'dense', units: a.dy, bias: true, activation: linear() });
  return buildNetwork({ input: { channels: a.C0, height: 1, width: a.P }, layers });
}

/** Input-channel count of conv layer l (1-based). */
export const inCh = (a: T3Arch, l: number) => (l === 1 ? a.C0 : a.T[l - 2]);

/** Index of x^{(c, q)} in the input vector (map-major). */
export const pixel = (a: T3Arch, c: number, q: number) => c * a.P + q;

/** The positions of the pooling window that holds position k ([k] without pooling). */
export const windowPositions = (a: T3Arch, k: number) =>
  Array.from({ length: poolOf(a) }, (_, j) => windowOf(a, k) * poolOf(a) + j);

/**
 * The value the split of eq. (9) is made on: x^k (channel 0, position k) without pooling; with pooling
 * (our reading of "adjusted parameters") the largest channel-0 input in the window of k, since the
 * window passes σ(x^p + c_p) of all its positions p and is off exactly when all of them are ≤ −c_p.
 */
export function splitValue(a: T3Arch, x: readonly Fraction[], k: number): Fraction {
  return windowPositions(a, k)
    .map((p) => x[pixel(a, 0, p)])
    .reduce((m, v) => (v.compare(m) > 0 ? v : m));
}

/** What the first subnetwork delivers per unit of λ: σ(x^k + c_p) (eq. 96), with pooling Σ over the window of k. */
export function firstTerm(a: T3Arch, x: readonly Fraction[], k: number, cp: Fraction): Fraction {
  return windowPositions(a, k).reduce((acc, p) => {
    const v = x[pixel(a, 0, p)].add(cp);
    return v.s > 0n && v.n !== 0n ? acc.add(v) : acc;
  }, ZERO);
}

export interface Split {
  /** the samples with the largest x^k (channel 0, position k; with pooling the largest `splitValue`) */
  I: number[];
  iStar: number;
  jStar: number;
  cp: Fraction;
  /** z = x_{i*}^k + c_p > 0 (the margin; with pooling the `splitValue` of i* plus c_p) */
  z: Fraction;
}

/** I, i*, j*, c_p (eq. 9) and z; null when I = [N] (no j* exists). */
export function split(a: T3Arch, data: Dataset, k: number): Split | null {
  const xs = data.inputs.map((x) => splitValue(a, x, k));
  let max = xs[0];
  for (const x of xs) if (x.compare(max) > 0) max = x;
  const I = xs.map((x, i) => (x.equals(max) ? i : -1)).filter((i) => i >= 0);
  if (I.length === xs.length) return null;
  const iStar = I[0];
  let jStar = -1;
  xs.forEach((x, i) => {
    if (!I.includes(i) && (jStar < 0 || x.compare(xs[jStar]) > 0)) jStar = i;
  });
  const cp = xs[iStar].add(xs[jStar]).div(-2);
  return { I, iStar, jStar, cp, z: xs[iStar].add(cp) };
}

/** Apply the second subnetwork's conv layer l (ReLU-free) to a vector of affine forms over channels ≥ 1 (or the input, l = 1). Each form is a row of length dx+1. */
function subConv(a: T3Arch, sub: SubNet, l: number, inp: Fraction[][], bias: (t: number) => Fraction): Fraction[][] {
  const P = a.P,
    Tl = a.T[l - 1];
  const C = l === 1 ? a.C0 : inCh(a, l) - 1;
  const width = inp[0].length;
  const out: Fraction[][] = [];
  for (let t = 1; t < Tl; t++)
    for (let p = 0; p < P; p++) {
      const row = new Array<Fraction>(width).fill(ZERO);
      for (let c = 0; c < C; c++)
        for (let j = 0; j < 3; j++) {
          const q = p + j - 1;
          if (q < 0 || q >= P) continue;
          const w = sub.filters[l - 1][t - 1][c][j];
          if (w.n === 0n) continue;
          const src = inp[c * P + q];
          for (let m = 0; m < width; m++) row[m] = row[m].add(w.mul(src[m]));
        }
      row[width - 1] = row[width - 1].add(bias(t));
      out.push(row);
    }
  return out;
}

/**
 * The affine forms of every second-subnetwork layer (ReLUs removed, eq. 20),
 * with the biases shifted by c (c = 0: the paper's W_2 before the constants).
 * Returns the per-layer forms (rows over x̂ = (x; 1)), the forms the dense layer reads (the last
 * layer's, window-averaged with pooling) and W_2 (dy × (dx+1)).
 */
export function subForms(
  a: T3Arch,
  sub: SubNet,
  c: readonly Fraction[],
): { layers: Fraction[][][]; read: Fraction[][]; W2: Fraction[][] } {
  const dx = a.C0 * a.P;
  let cur: Fraction[][] = Array.from({ length: dx }, (_, r) =>
    Array.from({ length: dx + 1 }, (_, m) => (m === r ? ONE : ZERO)),
  );
  const layers: Fraction[][][] = [];
  for (let l = 1; l < a.L; l++) {
    cur = subConv(a, sub, l, cur, (t) => sub.biases[l - 1][t - 1].add(c[l - 1]));
    layers.push(cur);
  }
  // with pooling the dense layer reads window averages: averaging is linear, so average the forms
  cur = poolRows(a, cur, (g) => g[0].map((_, m) => g.reduce((acc, f) => acc.add(f[m]), ZERO).div(g.length)));
  const W2 = sub.fc.map((w, o) => {
    const row = new Array<Fraction>(dx + 1).fill(ZERO);
    w.forEach((wj, j) => {
      if (wj.n === 0n) return;
      for (let m = 0; m <= dx; m++) row[m] = row[m].add(wj.mul(cur[j][m]));
    });
    row[dx] = row[dx].add(sub.fcBias[o]);
    return row;
  });
  return { layers, read: cur, W2 };
}

/** Δo^L of eq. (22), computed by its recursion (not through the forms). */
export function deltaO(a: T3Arch, sub: SubNet, c: readonly Fraction[]): Fraction[] {
  let d: Fraction[] = new Array<Fraction>((a.T[0] - 1) * a.P).fill(c[0]); // Δo^1(i) = c_1
  for (let l = 2; l < a.L; l++) {
    const forms = subConv(
      a,
      { ...sub, biases: sub.biases.map((b) => b.map(() => ZERO)) },
      l,
      d.map((v) => [v]),
      () => ZERO,
    );
    d = forms.map((f) => f[0].add(c[l - 1]));
  }
  d = poolRows(a, d, (g) => g.reduce((acc, x) => acc.add(x), ZERO).div(g.length));
  return sub.fc.map((w) => w.reduce((acc, wj, j) => acc.add(wj.mul(d[j])), ZERO));
}

/** W_2 x̂ for one input. */
export const applyAffine = (W: readonly (readonly Fraction[])[], x: readonly Fraction[]) =>
  W.map((row) => x.reduce((acc, xi, m) => acc.add(row[m].mul(xi)), row[x.length]));

/**
 * λ by eq. (15) when |I| = 1, eq. (16) (squared loss) otherwise: the least squares of the residuals
 * y_i − W_2 x̂_i on the first-subnetwork terms z_i = `firstTerm` over i ∈ I, λ = Σ z_i r_i / Σ z_i².
 * Without pooling every z_i = z, and this is eq. (16)'s mean residual over z.
 */
export function lambdaOf(a: T3Arch, W2: Fraction[][], data: Dataset, s: Split, k: number): Fraction[] {
  const zs = s.I.map((i) => firstTerm(a, data.inputs[i], k, s.cp));
  const zz = zs.reduce((acc, z) => acc.add(z.mul(z)), ZERO);
  return W2.map((_, o) =>
    s.I.reduce((acc, i, r) => acc.add(zs[r].mul(data.targets[i][o].sub(applyAffine(W2, data.inputs[i])[o]))), ZERO).div(
      zz,
    ),
  );
}

/**
 * The constants c_l, "sufficiently large" (App. B): c_l = (what makes every
 * second-subnetwork pre-activation of layer l ≥ 0 on every sample, given
 * c_1..c_{l−1}) + extra_l. With extra_l > 0 every unit is strictly active.
 */
export function sufficientC(a: T3Arch, sub: SubNet, data: Dataset, extra: readonly Fraction[]): Fraction[] {
  const c: Fraction[] = [];
  for (let l = 1; l < a.L; l++) {
    const trial = [...c, ZERO, ...new Array<Fraction>(a.L - 1 - l).fill(ZERO)];
    const forms = subForms(a, sub, trial).layers[l - 1];
    let min: Fraction | null = null;
    for (const f of forms)
      for (const x of data.inputs) {
        const v = x.reduce((acc, xi, m) => acc.add(f[m].mul(xi)), f[x.length]);
        if (min === null || v.compare(min) < 0) min = v;
      }
    const need = min === null || min.s >= 0n ? ZERO : min.neg();
    c.push(need.add(extra[l - 1]));
  }
  return c;
}

export interface Theta1 {
  net: Network;
  theta: Fraction[];
  split: Split;
  lambda: Fraction[];
  /** W_2 of eq. (20) before the constants (dy × (dx+1)) */
  W2: Fraction[][];
  c: Fraction[];
  deltaOL: Fraction[];
}

/** θ₁ as a flat parameter vector of t3Network(a). */
export function buildTheta1(
  a: T3Arch,
  sub: SubNet,
  s: Split,
  lambda: readonly Fraction[],
  k: number,
  c: readonly Fraction[],
): { net: Network; theta: Fraction[]; deltaOL: Fraction[] } {
  const net = t3Network(a);
  const theta = new Array<Fraction>(net.paramCount).fill(ZERO);
  for (let l = 1; l < a.L; l++) {
    const C = inCh(a, l),
      Tl = a.T[l - 1];
    const wv = net.views.find((v) => v.name === `layer${l}.weight`)!;
    const bv = net.views.find((v) => v.name === `layer${l}.bias`)!;
    const w = (t: number, ch: number, j: number) => wv.offset + (t * C + ch) * 3 + j;
    theta[w(0, 0, 1)] = ONE; // centre delta on channel 0 (eqs. 17, 19)
    theta[bv.offset] = l === 1 ? s.cp : ZERO; // eqs. 18, 19
    for (let t = 1; t < Tl; t++) {
      const chans = l === 1 ? a.C0 : C - 1;
      for (let ch = 0; ch < chans; ch++)
        for (let j = 0; j < 3; j++) theta[w(t, l === 1 ? ch : ch + 1, j)] = sub.filters[l - 1][t - 1][ch][j];
      theta[bv.offset + t] = sub.biases[l - 1][t - 1].add(c[l - 1]);
    }
  }
  // the dense layer: layer L, or L + 1 after a pooling layer
  const Lw = net.views.find((v) => v.name === `layer${net.layers.length}.weight`)!;
  const Lb = net.views.find((v) => v.name === `layer${net.layers.length}.bias`)!;
  const Q = fcQ(a);
  const inDim = a.T[a.L - 2] * Q;
  const deltaOL = deltaO(a, sub, c);
  for (let o = 0; o < a.dy; o++) {
    // eq. (21): channel 0, position k; with pooling (our reading of "adjusted") the window of k, weight λ·pool
    theta[Lw.offset + o * inDim + windowOf(a, k)] = lambda[o].mul(poolOf(a));
    sub.fc[o].forEach((wj, j) => (theta[Lw.offset + o * inDim + Q + j] = wj));
    theta[Lb.offset + o] = sub.fcBias[o].sub(deltaOL[o]); // b^L − Δo^L (eq. 22)
  }
  return { net, theta, deltaOL };
}
