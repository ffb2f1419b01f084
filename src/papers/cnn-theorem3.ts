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
 * The risk is the paper's: ½‖o − y‖² averaged over the N samples.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, type Mat } from '../linalg/matrix.js';
import { linear, relu } from '../model/activation.js';
import type { Dataset } from '../model/data.js';
import { squaredLoss } from '../model/loss.js';
import { buildNetwork, type LayerSpec, type Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';

const F0 = new Fraction(0);
const F1 = new Fraction(1);

/** The CNN paper's risk: ½‖o − y‖², mean over samples (§2.2, G.8). */
export const cnnLoss = squaredLoss({ half: true });

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
}

/** Second subnetwork (channels ≥ 1), before the constants c_l. */
export interface SubNet {
  /** per conv layer l (index l−1): filters[t−1][c][j] for t ≥ 1; c runs over input channels (layer 1) or channels ≥ 1 of the previous layer (c = 0 means channel 1) */
  filters: Fraction[][][][];
  /** per conv layer: bias of channels t ≥ 1 */
  biases: Fraction[][];
  /** dy × ((T_{L−1} − 1)·P): FC weights on channels ≥ 1 (map-major) */
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
  layers.push({ kind: 'dense', units: a.dy, bias: true, activation: linear() });
  return buildNetwork({ input: { channels: a.C0, height: 1, width: a.P }, layers });
}

/** Input-channel count of conv layer l (1-based). */
const inCh = (a: T3Arch, l: number) => (l === 1 ? a.C0 : a.T[l - 2]);

/** Index of x^{(c, q)} in the input vector (map-major). */
export const pixel = (a: T3Arch, c: number, q: number) => c * a.P + q;

export interface Split {
  /** the samples with the largest x^k (channel 0, position k) */
  I: number[];
  iStar: number;
  jStar: number;
  cp: Fraction;
  /** z = x_{i*}^k + c_p > 0 */
  z: Fraction;
}

/** I, i*, j*, c_p (eq. 9) and z; null when I = [N] (no j* exists). */
export function split(a: T3Arch, data: Dataset, k: number): Split | null {
  const xs = data.inputs.map((x) => x[pixel(a, 0, k)]);
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
      const row = new Array<Fraction>(width).fill(F0);
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
 * Returns the per-layer forms (rows over x̂ = (x; 1)) and W_2 (dy × (dx+1)).
 */
export function subForms(a: T3Arch, sub: SubNet, c: readonly Fraction[]): { layers: Fraction[][][]; W2: Fraction[][] } {
  const dx = a.C0 * a.P;
  let cur: Fraction[][] = Array.from({ length: dx }, (_, r) =>
    Array.from({ length: dx + 1 }, (_, m) => (m === r ? F1 : F0)),
  );
  const layers: Fraction[][][] = [];
  for (let l = 1; l < a.L; l++) {
    cur = subConv(a, sub, l, cur, (t) => sub.biases[l - 1][t - 1].add(c[l - 1]));
    layers.push(cur);
  }
  const W2 = sub.fc.map((w, o) => {
    const row = new Array<Fraction>(dx + 1).fill(F0);
    w.forEach((wj, j) => {
      if (wj.n === 0n) return;
      for (let m = 0; m <= dx; m++) row[m] = row[m].add(wj.mul(cur[j][m]));
    });
    row[dx] = row[dx].add(sub.fcBias[o]);
    return row;
  });
  return { layers, W2 };
}

/** Δo^L of eq. (22), computed by its recursion (not through the forms). */
export function deltaO(a: T3Arch, sub: SubNet, c: readonly Fraction[]): Fraction[] {
  let d: Fraction[] = new Array<Fraction>((a.T[0] - 1) * a.P).fill(c[0]); // Δo^1(i) = c_1
  for (let l = 2; l < a.L; l++) {
    const forms = subConv(
      a,
      { ...sub, biases: sub.biases.map((b) => b.map(() => F0)) },
      l,
      d.map((v) => [v]),
      () => F0,
    );
    d = forms.map((f) => f[0].add(c[l - 1]));
  }
  return sub.fc.map((w) => w.reduce((acc, wj, j) => acc.add(wj.mul(d[j])), F0));
}

/** W_2 x̂ for one input. */
export const applyAffine = (W: readonly (readonly Fraction[])[], x: readonly Fraction[]) =>
  W.map((row) => x.reduce((acc, xi, m) => acc.add(row[m].mul(xi)), row[x.length]));

/** λ by eq. (15) when |I| = 1, eq. (16) (squared loss) otherwise. */
export function lambdaOf(W2: Fraction[][], data: Dataset, s: Split): Fraction[] {
  return W2.map((_, o) => {
    let sum = F0;
    for (const i of s.I) sum = sum.add(data.targets[i][o].sub(applyAffine(W2, data.inputs[i])[o]));
    return sum.div(s.z.mul(s.I.length));
  });
}

/**
 * The constants c_l, "sufficiently large" (App. B): c_l = (what makes every
 * second-subnetwork pre-activation of layer l ≥ 0 on every sample, given
 * c_1..c_{l−1}) + extra_l. With extra_l > 0 every unit is strictly active.
 */
export function sufficientC(a: T3Arch, sub: SubNet, data: Dataset, extra: readonly Fraction[]): Fraction[] {
  const c: Fraction[] = [];
  for (let l = 1; l < a.L; l++) {
    const trial = [...c, F0, ...new Array<Fraction>(a.L - 1 - l).fill(F0)];
    const forms = subForms(a, sub, trial).layers[l - 1];
    let min: Fraction | null = null;
    for (const f of forms)
      for (const x of data.inputs) {
        const v = x.reduce((acc, xi, m) => acc.add(f[m].mul(xi)), f[x.length]);
        if (min === null || v.compare(min) < 0) min = v;
      }
    const need = min === null || min.s >= 0n ? F0 : min.neg();
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
  const theta = new Array<Fraction>(net.paramCount).fill(F0);
  const P = a.P;
  for (let l = 1; l < a.L; l++) {
    const C = inCh(a, l),
      Tl = a.T[l - 1];
    const wv = net.views.find((v) => v.name === `layer${l}.weight`)!;
    const bv = net.views.find((v) => v.name === `layer${l}.bias`)!;
    const w = (t: number, ch: number, j: number) => wv.offset + (t * C + ch) * 3 + j;
    theta[w(0, 0, 1)] = F1; // centre delta on channel 0 (eqs. 17, 19)
    theta[bv.offset] = l === 1 ? s.cp : F0; // eqs. 18, 19
    for (let t = 1; t < Tl; t++) {
      const chans = l === 1 ? a.C0 : C - 1;
      for (let ch = 0; ch < chans; ch++)
        for (let j = 0; j < 3; j++) theta[w(t, l === 1 ? ch : ch + 1, j)] = sub.filters[l - 1][t - 1][ch][j];
      theta[bv.offset + t] = sub.biases[l - 1][t - 1].add(c[l - 1]);
    }
  }
  const Lw = net.views.find((v) => v.name === `layer${a.L}.weight`)!;
  const Lb = net.views.find((v) => v.name === `layer${a.L}.bias`)!;
  const inDim = a.T[a.L - 2] * P;
  const deltaOL = deltaO(a, sub, c);
  for (let o = 0; o < a.dy; o++) {
    theta[Lw.offset + o * inDim + k] = lambda[o]; // eq. (21): channel 0, position k
    sub.fc[o].forEach((wj, j) => (theta[Lw.offset + o * inDim + P + j] = wj));
    theta[Lb.offset + o] = sub.fcBias[o].sub(deltaOL[o]); // b^L − Δo^L (eq. 22)
  }
  return { net, theta, deltaOL };
}

/**
 * The expressive second subnetwork (note §5e.6): channel t (1 ≤ t ≤ C0) of
 * layer 1 is the centre delta on input channel t−1, of higher layers the
 * centre delta on channel t; further channels are zero; base biases 0. Its
 * features are x itself, so the FC weights realise any affine map: they are
 * set to the exact unconstrained affine least squares on the samples ∉ I.
 */
export function expressiveSub(a: T3Arch, data: Dataset, s: Split): { sub: SubNet; lsRisk: Fraction; unique: boolean } {
  if (a.T.some((T) => T < a.C0 + 1))
    throw new Error(`expressiveSub needs T_l ≥ C0 + 1 = ${a.C0 + 1} filters, got ${a.T.join(', ')}`);
  const dx = a.C0 * a.P;
  const filters = a.T.map((Tl, li) =>
    Array.from({ length: Tl - 1 }, (_, t) =>
      Array.from({ length: li === 0 ? a.C0 : a.T[li - 1] - 1 }, (_, ch) => [F0, ch === t && t < a.C0 ? F1 : F0, F0]),
    ),
  );
  const biases = a.T.map((Tl) => new Array<Fraction>(Tl - 1).fill(F0));
  const out = data.inputs.map((_, i) => i).filter((i) => !s.I.includes(i));
  const A = fromRows(out.map((i) => [...data.inputs[i], F1]));
  const B = fromRows(out.map((i) => [...data.targets[i]]));
  const ls = leastSquares(rational, A, B) as { x: Mat<Fraction>; risk: Fraction; unique: boolean };
  const coef = (m: number, o: number) => ls.x.data[m * ls.x.cols + o];
  const last = a.T[a.L - 2] - 1;
  const fc = Array.from({ length: a.dy }, (_, o) =>
    Array.from({ length: last * a.P }, (_, j) => (j < dx ? coef(j, o) : F0)),
  );
  const fcBias = Array.from({ length: a.dy }, (_, o) => coef(dx, o));
  return { sub: { filters, biases, fc, fcBias }, lsRisk: ls.risk, unique: ls.unique };
}

/** θ₁ with the expressive second subnetwork and W_2 = exact least squares on the samples ∉ I. */
export function theta1Expressive(
  a: T3Arch,
  data: Dataset,
  k: number,
  extra: readonly Fraction[],
): (Theta1 & { sub: SubNet }) | null {
  const s = split(a, data, k);
  if (!s) return null;
  const { sub } = expressiveSub(a, data, s);
  return theta1From(a, sub, data, k, s, extra);
}

export function theta1From(
  a: T3Arch,
  sub: SubNet,
  data: Dataset,
  k: number,
  s: Split,
  extra: readonly Fraction[],
): Theta1 & { sub: SubNet } {
  const W2 = subForms(a, sub, new Array<Fraction>(a.L - 1).fill(F0)).W2;
  const lambda = lambdaOf(W2, data, s);
  const c = sufficientC(a, sub, data, extra);
  const { net, theta, deltaOL } = buildTheta1(a, sub, s, lambda, k, c);
  return { net, theta, split: s, lambda, W2, c, deltaOL, sub };
}

/** A readable name of parameter index p of t3Network(a) (channels and positions 1-based, as in the paper). */
export function paramName(a: T3Arch, net: Network, p: number): string {
  const v = net.views.find((x) => p >= x.offset && p < x.offset + x.size)!;
  const r = p - v.offset;
  if (v.layer === a.L) {
    if (v.role === 'bias') return `output bias b^${a.L}(${r + 1})`;
    const inDim = a.T[a.L - 2] * a.P;
    const o = Math.floor(r / inDim),
      j = r % inDim;
    return `FC weight W^${a.L}(output ${o + 1} ← channel ${Math.floor(j / a.P) + 1}, position ${(j % a.P) + 1})`;
  }
  if (v.role === 'bias') return `conv layer ${v.layer} bias of channel ${r + 1}`;
  const C = inCh(a, v.layer);
  const t = Math.floor(r / (C * 3)),
    ch = Math.floor((r % (C * 3)) / 3),
    j = r % 3;
  return `conv layer ${v.layer} filter of channel ${t + 1}, tap ${['left', 'centre', 'right'][j]} on input channel ${ch + 1}`;
}

/**
 * A data-driven search at the kinks of θ₁ for depth L ≥ 3 (note T9(e)): the
 * channel-0 units of conv layers l ≥ 2 have pre-activation exactly 0 on every
 * (sample, position) except (i*, k). Moving their incoming weights as a hinge
 * — one tap on a second-subnetwork channel c of layer l−1 by 1 and the bias by
 * −τ, τ between two values of that channel — switches them on for exactly the
 * (sample, position) pairs whose feature exceeds τ; an outgoing FC weight s on
 * channel 0 at a position q0 ≠ k then changes the risk at order t² by
 * s·Σ u_i·(feature − τ)₊ / N, which no affine fit cancels. s is chosen from
 * the two exact risk polynomials at s = 0 and s = 1 (the t² coefficient is
 * affine in s), and every candidate is decided by exact evaluation along the curve (descentAlong).
 * Returns the first exact descent, or null.
 */
import { analyseCurve, descentAlong } from '../landscape/curve.js';
import * as Poly from '../linalg/polynomial.js';
import type { DescentEvidence } from '../landscape/verdict.js';

export function hingeDescent(
  a: T3Arch,
  t1: Theta1 & { sub: SubNet },
  data: Dataset,
  k: number,
): (DescentEvidence & { hinge: string }) | null {
  const net = t1.net;
  const forms = subForms(a, t1.sub, t1.c).layers;
  const inDimL = a.T[a.L - 2] * a.P;
  const Lw = net.views.find((v) => v.name === `layer${a.L}.weight`)!;
  const coeff2 = (p: Poly.Poly) => Poly.coeff(p, 2);
  for (let l = 2; l < a.L; l++) {
    const C = inCh(a, l);
    const wv = net.views.find((v) => v.name === `layer${l}.weight`)!;
    const bv = net.views.find((v) => v.name === `layer${l}.bias`)!;
    for (let c = 1; c < C; c++) {
      // values of channel c of layer l−1 over all samples and positions
      const f = forms[l - 2];
      const vals: Fraction[] = [];
      for (const x of data.inputs)
        for (let q = 0; q < a.P; q++) {
          const row = f[(c - 1) * a.P + q];
          vals.push(x.reduce((acc, xi, m) => acc.add(row[m].mul(xi)), row[x.length]));
        }
      const distinct = [...new Map(vals.map((v) => [v.toFraction(), v])).values()].sort((u, w) => u.compare(w));
      const taus = distinct.slice(1).map((v, i) => v.add(distinct[i]).div(2));
      for (const tau of taus)
        for (const j of [1, 0, 2])
          for (let q0 = -1; q0 < a.P; q0++) {
            if (q0 === k) continue;
            const dir = (s: Fraction) => {
              const d = new Array<Fraction>(net.paramCount).fill(F0);
              d[wv.offset + c * 3 + j] = F1; // channel 0's tap j on channel c
              d[bv.offset] = tau.neg(); // channel 0's bias
              if (q0 >= 0) for (let o = 0; o < a.dy; o++) d[Lw.offset + o * inDimL + q0] = o === 0 ? s : F0;
              return d;
            };
            const curve = (s: Fraction) => t1.theta.map((x, p) => Poly.poly([x, dir(s)[p]]));
            const c0 = analyseCurve(net, cnnLoss, data, curve(F0));
            if (c0.descent) {
              const e = descentAlong(net, cnnLoss, data, curve(F0), 'given');
              if (e)
                return {
                  ...e,
                  hinge: `layer ${l} channel 1 switched on where channel ${c + 1} of layer ${l - 1} exceeds ${tau.toFraction()} (tap ${['left', 'centre', 'right'][j]})`,
                };
            }
            if (q0 < 0 || c0.order === 1) continue;
            const a0 = coeff2(c0.riskPolynomial);
            const b = coeff2(analyseCurve(net, cnnLoss, data, curve(F1)).riskPolynomial).sub(a0);
            if (b.n === 0n) continue;
            const s = a0
              .abs()
              .div(b.abs())
              .add(1)
              .mul(b.s < 0n ? 1 : -1);
            const e = descentAlong(net, cnnLoss, data, curve(s), 'given');
            if (e)
              return {
                ...e,
                hinge: `layer ${l} channel 1 switched on where channel ${c + 1} of layer ${l - 1} exceeds ${tau.toFraction()} (tap ${['left', 'centre', 'right'][j]}), read out by the FC weight on channel 1, position ${q0 + 1} (set to ${s.toFraction()}·t)`,
              };
          }
    }
  }
  return null;
}

/**
 * OUR REPAIR for depth L ≥ 3 (not the paper's construction). In θ₁ the
 * channel-0 copy units of conv layers l ≥ 2 (identity filter, bias 0,
 * eq. 19) have pre-activation exactly 0 on every (sample, position) except
 * (i*, k): θ₁ sits on their ReLU kinks. Here layer l's channel-0 bias is
 * −z_{l−1}/2 instead of 0, where z_1 = z is the margin and z_l = z_{l−1}/2 is
 * the value the unit carries on (i*, k): the off units get pre-activation
 * −z_{l−1}/2 < 0, the on unit z_{l−1}/2 > 0, so (with the C7 pixel condition
 * and strictly active second subnetwork) θ is strictly inside one activation
 * cell. The FC weight on (channel 0, position k) becomes λ·z/z_{L−1} =
 * λ·2^{L−2}, so the outputs are still W_2 x̂ + σ(x^k + c_p)·λ (eq. 96).
 * Only |I| = 1 makes the (i*, k) unit the only one on; with |I| ≥ 2 all of
 * I share the value z, which the same biases also keep strictly positive.
 */
export function repairDeep(
  a: T3Arch,
  t1: Theta1,
  k: number,
): { theta: Fraction[]; biases: Fraction[]; lambdaFC: Fraction[]; zLast: Fraction } {
  const net = t1.net;
  const theta = t1.theta.slice();
  const biases: Fraction[] = [];
  let zl = t1.split.z;
  for (let l = 2; l < a.L; l++) {
    const b = zl.div(-2);
    theta[net.views.find((v) => v.name === `layer${l}.bias`)!.offset] = b;
    biases.push(b);
    zl = zl.div(2);
  }
  const Lw = net.views.find((v) => v.name === `layer${a.L}.weight`)!;
  const inDim = a.T[a.L - 2] * a.P;
  const scale = t1.split.z.div(zl);
  const lambdaFC = t1.lambda.map((l) => l.mul(scale));
  for (let o = 0; o < a.dy; o++) theta[Lw.offset + o * inDim + k] = lambdaFC[o];
  return { theta, biases, lambdaFC, zLast: zl };
}
