/**
 * "Spurious local minima provably exist for deep convolutional neural
 * networks" (anonymous ICLR submission, paper file cnn-spurious-minima.txt):
 * the network of the constructions, and its parameters by block.
 *
 * Architecture (note §2.5): 1-D input with C0 channels and P positions, or an
 * H × W image (P = H·W positions, row-major; `CnnShape.H`) with 3 × 3 filters;
 * layer 1 = L−3 (conv, T3 filters, kernel 3, 'same', ReLU, tied bias),
 * layer 2 = L−2 (conv, T2 ≥ 3), layer 3 = L−1 (conv, T1 ≥ 3), then the FC
 * layer W^L (dense, d_y outputs, linear). Two variants (`CnnVariant`): the
 * plain network (FC = layer 4), and App. D's general case with a
 * non-overlapping average pooling of size 2 (2 × 2 on images) within each map
 * between L−1 and the FC (App. A, eq. 11; FC = layer 5, reading Q pooled
 * positions per map). Every construction reaches positions only through
 * `neighbour` and `poolWindows`, so it runs unchanged on images. Optionally
 * (`CnnShape.hiddenFc`, App. D) hidden dense ReLU layers follow: the first
 * plays W^L and the others forward its outputs to a linear output layer
 * (`ForwardingTop`); conv layers below L−3: `CnnShape.lower`.
 *
 * The repo's networks flatten feature maps map-major (index = map·P + position),
 * which is the note's neuron order h = (t−1)P + p, so "W^L(k, 2P + j)" is
 * W[k][2·P + j] here (0-based maps); with pooling the FC columns are map·Q + q.
 * Loss: squared with ½, averaged over N (note §2.4): u_i = o_{i,k} − y_{i,k}.
 *
 * All indices are 0-based: the paper's "map 1, 2" are maps 0, 1, and the
 * copy of L−3 channel t is map t + 2.
 */
import type { Fraction } from 'fraction.js';
import { linear, relu } from '../../model/activation.js';
import { squaredLoss } from '../../model/loss.js';
import { assembleParams, buildNetwork, type LayerSpec, type Network } from '../../model/network.js';
import { ONE, ZERO } from '../../numeric/rational.js';

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
  /**
   * Image rows: absent (or 1) for a 1-D signal of P positions with 3-tap filters;
   * H ≥ 2 for an H × (P/H) image, positions row-major, with 3 × 3 filters.
   */
  H?: number;
  /**
   * Maps of the conv layers below L−3 (bottom-up; 3-tap or 3 × 3, 'same', ReLU, one bias
   * per map): absent for the paper's L = 4 network, where L−3 reads the input.
   */
  lower?: number[];
  /**
   * Widths (each ≥ d_y) of the hidden dense ReLU layers between L−1 (or its pooling) and the
   * output: absent for the paper's L = 4 network, where the FC layer is the output. With them
   * (App. D's general case) the first plays the role of W^L with its first d_y units, and the
   * others forward those to a linear output layer (`ForwardingTop`).
   */
  hiddenFc?: number[];
}

/** Conv layers below L−3. */
export const lowerDepth = (s: CnnShape) => s.lower?.length ?? 0;
/** Input channels of the L−3 layer: C0, or the maps of the top layer below it. */
export const l3InChannels = (s: CnnShape) => (lowerDepth(s) ? s.lower![lowerDepth(s) - 1] : s.C0);
/** The parameter block of L−3 (r = 1), L−2 (r = 2) or L−1 (r = 3) in the network: `layer<n>.weight|bias`. */
export const convBlock = (s: CnnShape, r: 1 | 2 | 3, part: 'weight' | 'bias') => `layer${lowerDepth(s) + r}.${part}`;

/** Image rows (1 for a 1-D signal). */
export const imageRows = (s: CnnShape) => s.H ?? 1;
/** An H × W image (H ≥ 2) rather than a 1-D signal. */
export const isImage = (s: CnnShape) => imageRows(s) > 1;
/** Image columns W = P/H (P for a 1-D signal). */
export const imageCols = (s: CnnShape) => s.P / imageRows(s);
/** Taps per filter and input channel: 3 (1-D) or 9 (3 × 3, row-major). */
export const tapCount = (s: CnnShape) => (isImage(s) ? 9 : 3);

/**
 * The position that tap t of a 'same' (zero-padded, stride 1) filter centred at
 * position p reads, or −1 in the padding. 1-D: p + t − 1; image: row + ⌊t/3⌋ − 1,
 * column + (t mod 3) − 1 (the model's [kh, kw] tap order).
 */
export function neighbour(s: CnnShape, p: number, t: number): number {
  if (!isImage(s)) {
    const q = p + t - 1;
    return q >= 0 && q < s.P ? q : -1;
  }
  const W = imageCols(s);
  const r = Math.floor(p / W) + Math.floor(t / 3) - 1,
    c = (p % W) + (t % 3) - 1;
  return r >= 0 && r < imageRows(s) && c >= 0 && c < W ? r * W + c : -1;
}

/**
 * What lies between layer L−1 and the FC layer: nothing (the plain network), or
 * a non-overlapping average pooling of `pool` positions within each map (App. D).
 * The conv parameters of eqs. (23), (25), (26) do not depend on it; the FC
 * columns do (`fcShape`), and so do the quantities at L−3 locations that the FC
 * weights enter (w̃ = Poolᵀ·w, `expandFc`).
 */
export interface CnnVariant {
  /** pooling size before the FC layer; 1 = no pooling layer */
  readonly pool: number;
}

export const PLAIN: CnnVariant = { pool: 1 };
/** App. D with App. A's pooling: non-overlapping, size 2. */
export const POOLED: CnnVariant = { pool: 2 };

/** Forwarded L−3 channels: T_f = min(T1 − 2, T2 − 2, T3) (note §2.6). */
export const forwarded = (s: CnnShape) => Math.min(s.T1 - 2, s.T2 - 2, s.T3);

/**
 * The positions of each pooling window, one window per position the FC layer
 * reads: [p] for every p without pooling; with pooling, non-overlapping windows
 * of `pool` positions (1-D) or pool × pool blocks (image), in row-major order.
 */
export function poolWindows(s: CnnShape, variant: CnnVariant = PLAIN): number[][] {
  const m = variant.pool;
  const H = imageRows(s),
    W = imageCols(s);
  if (!Number.isInteger(W) || W < 1)
    throw new RangeError(`the image needs P to be a multiple of H = ${H}, got P = ${s.P}`);
  if (m === 1) return Array.from({ length: s.P }, (_, p) => [p]);
  const mr = isImage(s) ? m : 1;
  if (W % m !== 0 || H % mr !== 0 || W < m)
    throw new RangeError(
      isImage(s)
        ? `the pooled CNN needs H and W to be positive multiples of ${m}, got ${H} × ${W}`
        : `the pooled CNN needs P to be a positive multiple of ${m}, got ${s.P}`,
    );
  const out: number[][] = [];
  for (let r = 0; r < H / mr; r++)
    for (let c = 0; c < W / m; c++) {
      const win: number[] = [];
      for (let dr = 0; dr < mr; dr++) for (let dc = 0; dc < m; dc++) win.push((r * mr + dr) * W + c * m + dc);
      out.push(win);
    }
  return out;
}

/** Positions per map that the FC layer reads: P, or the number of pooling windows. */
export function fcPositions(s: CnnShape, variant: CnnVariant = PLAIN): number {
  return poolWindows(s, variant).length;
}

/** The shape as seen by the FC layer: the shape under which the FC-indexed constructions apply. */
export const fcShape = (s: CnnShape, variant: CnnVariant = PLAIN): CnnShape =>
  variant.pool === 1
    ? s
    : isImage(s)
      ? { ...s, P: fcPositions(s, variant), H: imageRows(s) / variant.pool }
      : { ...s, P: fcPositions(s, variant) };

export function cnnNetwork(s: CnnShape, variant: CnnVariant = PLAIN): Network {
  if (s.T1 < 3 || s.T2 < 3) throw new RangeError(`Lemma 6 needs T_{L−1}, T_{L−2} ≥ 3, got ${s.T1}, ${s.T2}`);
  if (s.hiddenFc?.some((m) => m < s.dy))
    throw new RangeError(`every FC layer above L−1 needs at least d_y = ${s.dy} units, got ${s.hiddenFc.join(', ')}`);
  fcPositions(s, variant);
  const img = isImage(s);
  const conv = img ? ('conv2d' as const) : ('conv1d' as const);
  const pooling: LayerSpec[] =
    variant.pool === 1 ? [] : [{ kind: img ? 'avgpool2d' : 'avgpool1d', size: variant.pool }];
  const lower: LayerSpec[] = (s.lower ?? []).map((maps) => ({
    kind: conv,
    filters: maps,
    kernel: 3,
    padding: 'same' as const,
    activation: relu(),
  }));
  return buildNetwork({
    input: { channels: s.C0, height: imageRows(s), width: imageCols(s) },
    layers: [
      ...lower,
      { kind: conv, filters: s.T3, kernel: 3, padding: 'same', activation: relu() },
      { kind: conv, filters: s.T2, kernel: 3, padding: 'same', activation: relu() },
      { kind: conv, filters: s.T1, kernel: 3, padding: 'same', activation: relu() },
      ...pooling,
      ...(s.hiddenFc ?? []).map((units) => ({ kind: 'dense' as const, units, activation: relu() })),
      { kind: 'dense', units: s.dy, activation: linear() },
    ],
  });
}

/** A conv layer below L−3: filters [map][input channel][tap] and one bias per map. */
export interface LowerLayer {
  w: Fraction[][][];
  b: Fraction[];
}

/** The parameters by block: filters [map][input channel][tap 0..2] (tap 1 = centre), FC W[k][map·Q + position]. */
export interface CnnParams {
  /** the conv layers below L−3 (absent when there are none) */
  lower?: LowerLayer[];
  w1: Fraction[][][];
  b1: Fraction[];
  w2: Fraction[][][];
  b2: Fraction[];
  w3: Fraction[][][];
  b3: Fraction[];
  W: Fraction[][];
  bL: Fraction[];
  /** with `CnnShape.hiddenFc`: how the FC layers above the first forward its outputs */
  top?: ForwardingTop;
}

/**
 * App. D: "the first fully connected layer … plays the role of layer L …, whose output is then
 * forwarded invariantly to the final output neurons". Its first d_y units compute W^L·o + b^L + c
 * (ReLU; active while every output exceeds −c); each later hidden FC layer passes those d_y units by
 * identity with bias 0, and the linear output layer takes them by identity with bias −c, so the
 * outputs are those of the one-FC network. Every other unit (widths above d_y) forwards nothing:
 * zero weights in and out, bias `idle` (0, as the paper sets unused units; −1 in our repair).
 */
export interface ForwardingTop {
  c: Fraction;
  idle: Fraction;
}

export const cloneParams = (p: CnnParams): CnnParams => ({
  ...(p.lower ? { lower: p.lower.map((l) => ({ w: l.w.map((f) => f.map((c) => c.slice())), b: l.b.slice() })) } : {}),
  w1: p.w1.map((f) => f.map((c) => c.slice())),
  b1: p.b1.slice(),
  w2: p.w2.map((f) => f.map((c) => c.slice())),
  b2: p.b2.slice(),
  w3: p.w3.map((f) => f.map((c) => c.slice())),
  b3: p.b3.slice(),
  W: p.W.map((r) => r.slice()),
  bL: p.bL.slice(),
  ...(p.top ? { top: { ...p.top } } : {}),
});

/** The FC layer's number (the role of W^L): the network's first dense layer (4, or 5 after a pooling layer, plus the layers below L−3). */
export const fcLayer = (net: Network) => net.layers.findIndex((l) => l.spec.kind === 'dense') + 1;

/** The blocks of the dense layers of a forwarding top (`ForwardingTop`), from the first FC layer on. */
function topBlocks(s: CnnShape, L: number, p: CnnParams): Record<string, Fraction[]> {
  const widths = s.hiddenFc ?? [];
  if (!widths.length) {
    if (p.top) throw new RangeError('the parameters give FC layers above the first; the CNN has none');
    return { [`layer${L}.weight`]: p.W.flat(), [`layer${L}.bias`]: p.bL };
  }
  if (!p.top)
    throw new RangeError(`the CNN has ${widths.length} FC layer(s) above the first; the parameters give none`);
  const { c, idle } = p.top;
  const cols = p.W[0]?.length ?? 0;
  const out: Record<string, Fraction[]> = {
    [`layer${L}.weight`]: Array.from({ length: widths[0] }, (_, k) =>
      k < s.dy ? p.W[k] : new Array<Fraction>(cols).fill(ZERO),
    ).flat(),
    [`layer${L}.bias`]: Array.from({ length: widths[0] }, (_, k) => (k < s.dy ? p.bL[k].add(c) : idle)),
  };
  const sizes = [...widths, s.dy];
  for (let l = 1; l < sizes.length; l++) {
    const last = l === sizes.length - 1;
    out[`layer${L + l}.weight`] = Array.from({ length: sizes[l] }, (_, k) =>
      Array.from({ length: sizes[l - 1] }, (_, j) => (k === j && k < s.dy ? ONE : ZERO)),
    ).flat();
    out[`layer${L + l}.bias`] = Array.from({ length: sizes[l] }, (_, k) => (last ? c.neg() : k < s.dy ? ZERO : idle));
  }
  return out;
}

/** θ in the network's parameter order (either variant: the FC is the last layer). */
export function toTheta(net: Network, p: CnnParams): Fraction[] {
  const L = fcLayer(net);
  const s = shapeOf(net);
  if ((p.lower?.length ?? 0) !== lowerDepth(s))
    throw new RangeError(
      `the CNN has ${lowerDepth(s)} conv layer(s) below L−3; the parameters give ${p.lower?.length ?? 0}`,
    );
  const lower = Object.fromEntries(
    (p.lower ?? []).flatMap((l, i) => [
      [`layer${i + 1}.weight`, l.w.flat(2)],
      [`layer${i + 1}.bias`, l.b],
    ]),
  );
  return assembleParams(net, {
    ...lower,
    [convBlock(s, 1, 'weight')]: p.w1.flat(2),
    [convBlock(s, 1, 'bias')]: p.b1,
    [convBlock(s, 2, 'weight')]: p.w2.flat(2),
    [convBlock(s, 2, 'bias')]: p.b2,
    [convBlock(s, 3, 'weight')]: p.w3.flat(2),
    [convBlock(s, 3, 'bias')]: p.b3,
    ...topBlocks(s, L, p),
  });
}

/** The shape of a network built by cnnNetwork (either variant). */
export function shapeOf(net: Network): CnnShape {
  const convs = net.layers.filter((l) => l.spec.kind === 'conv1d' || l.spec.kind === 'conv2d');
  const [l1, l2, l3] = convs.slice(-3);
  const H = net.spec.input.height;
  const lower = convs.slice(0, -3).map((l) => l.outShape.channels);
  const dense = net.layers.filter((l) => l.spec.kind === 'dense').map((l) => l.outDim);
  const s: CnnShape = {
    C0: net.spec.input.channels,
    P: H * net.spec.input.width,
    T3: l1.outShape.channels,
    T2: l2.outShape.channels,
    T1: l3.outShape.channels,
    dy: dense[dense.length - 1],
    ...(H > 1 ? { H } : {}),
    ...(lower.length ? { lower } : {}),
    ...(dense.length > 1 ? { hiddenFc: dense.slice(0, -1) } : {}),
  };
  return s;
}

/**
 * θ back to blocks (either variant). FC layers above the first are read as a forwarding top
 * (`ForwardingTop`, the form every construction gives them); θ with any other top is refused.
 */
export function paramsOf(net: Network, s: CnnShape, theta: readonly Fraction[]): CnnParams {
  const blk = (name: string) => {
    const v = net.views.find((x) => x.name === name)!;
    return theta.slice(v.offset, v.offset + v.size);
  };
  const K = tapCount(s);
  const filt = (xs: Fraction[], T: number, C: number) =>
    Array.from({ length: T }, (_, t) =>
      Array.from({ length: C }, (_, c) => xs.slice((t * C + c) * K, (t * C + c) * K + K)),
    );
  const L = fcLayer(net);
  const Wf = blk(`layer${L}.weight`);
  const cols = Wf.length / (s.hiddenFc?.[0] ?? s.dy);
  const lower = (s.lower ?? []).map((maps, i) => ({
    w: filt(blk(`layer${i + 1}.weight`), maps, i === 0 ? s.C0 : s.lower![i - 1]),
    b: blk(`layer${i + 1}.bias`),
  }));
  const p: CnnParams = {
    ...(lower.length ? { lower } : {}),
    w1: filt(blk(convBlock(s, 1, 'weight')), s.T3, l3InChannels(s)),
    b1: blk(convBlock(s, 1, 'bias')),
    w2: filt(blk(convBlock(s, 2, 'weight')), s.T2, s.T3),
    b2: blk(convBlock(s, 2, 'bias')),
    w3: filt(blk(convBlock(s, 3, 'weight')), s.T1, s.T2),
    b3: blk(convBlock(s, 3, 'bias')),
    W: Array.from({ length: s.dy }, (_, k) => Wf.slice(k * cols, (k + 1) * cols)),
    bL: blk(`layer${L}.bias`).slice(0, s.dy),
  };
  if (!s.hiddenFc?.length) return p;
  // c from the output bias (−c), idle from the first unit past d_y (if any); then every top block must match
  const c = blk(`layer${L + s.hiddenFc.length}.bias`)[0].neg();
  const wide = s.hiddenFc.findIndex((m) => m > s.dy);
  const idle = wide < 0 ? ZERO : blk(`layer${L + wide}.bias`)[s.dy];
  const read: CnnParams = { ...p, bL: p.bL.map((b) => b.sub(c)), top: { c, idle } };
  for (const [name, values] of Object.entries(topBlocks(s, L, read)))
    if (blk(name).some((x, i) => !x.equals(values[i])))
      throw new RangeError(`θ's FC layers above the first are not a forwarding top (${name} differs)`);
  return read;
}

/** Centre-delta filter E_c over `inChannels` input channels (note §2.2), with `taps` taps (3, or 9 for 3 × 3). */
export function E(c: number, inChannels: number, scale: Fraction = ONE, taps = 3): Fraction[][] {
  return Array.from({ length: inChannels }, (_, ch) =>
    Array.from({ length: taps }, (_, k) => (ch === c && k === (taps - 1) / 2 ? scale : ZERO)),
  );
}

export const zeroFilter = (inChannels: number, taps = 3) =>
  Array.from({ length: inChannels }, () => new Array<Fraction>(taps).fill(ZERO));

/** The variant of a network built by cnnNetwork: its pooling layer's size, if it has one. */
export function variantOf(net: Network): CnnVariant {
  const pool = net.spec.layers.find((l) => l.kind === 'avgpool1d' || l.kind === 'avgpool2d');
  if (!pool || (pool.kind !== 'avgpool1d' && pool.kind !== 'avgpool2d')) return PLAIN;
  return { pool: typeof pool.size === 'number' ? pool.size : pool.size[1] };
}
