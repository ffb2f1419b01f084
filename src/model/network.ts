/**
 * Network architectures. Every layer is an affine map followed by an
 * elementwise activation:  a_l = h_l(W_l a_{l-1} + b_l).
 * The matrices W_l and vectors b_l are read out of ONE flat parameter vector θ
 * through index maps: a dense layer maps each entry to its own parameter, a
 * convolution maps every Toeplitz entry to its (tied) filter tap, a tied bias
 * maps every position of a feature map to one parameter, and an average
 * pooling layer has a fixed matrix and no parameters. FC and CNN networks are
 * therefore one code path, and a convolution IS its unrolled Toeplitz matrix.
 * Max pooling is the one layer that is not affine: each output is the largest
 * entry of its window (`CompiledLayer.maxPool`), a selection that depends on
 * the input (see ./passes.ts).
 *
 * Layout of activations: feature-map-major, index = c·(H·W) + r·W + col, so
 * a 1-D signal with C channels of length P is the vector (channel 1 positions
 * 1..P, channel 2 positions 1..P, ...). Data matrices have one column per
 * sample (features × N).
 */
import { Fraction } from 'fraction.js';
import {
  activationFromJSON,
  activationToJSON,
  isIdentity,
  linear,
  type Activation,
  type ActivationJSON,
} from './activation.js';

export interface Shape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}
export const shapeSize = (s: Shape) => s.channels * s.height * s.width;

export type Padding = 'same' | 'valid';

/**
 * Biases of a convolution: one per feature map ('per-map', tied over the
 * positions; `true` is the same), one per output neuron ('per-position',
 * untied: b^l_h for every map and position, as in Liu's CNN eq. (4)), or none
 * (`false`). Unset means 'per-map'.
 */
export type ConvBias = boolean | 'per-map' | 'per-position';

/**
 * Output size of a convolution along one axis (input size n, kernel k, stride s):
 *   'valid': ⌊(n − k)/s⌋ + 1 (the kernel must fit: n ≥ k);
 *   'same':  ⌈n/s⌉, zero padding as in TensorFlow: p = max((⌈n/s⌉ − 1)·s + k − n, 0)
 *            zeros in all, ⌊p/2⌋ before and the rest after (with s = 1 and an odd
 *            kernel (k − 1)/2 on each side; 'same' needs an odd kernel).
 * Output position r reads inputs r·s − ⌊p/2⌋ + i for taps i = 0..k−1 (cross-correlation).
 */
export type LayerSpec =
  | { kind: 'dense'; units: number; bias?: boolean; activation: Activation }
  /** 1-D convolution (cross-correlation, tied filters; stride default 1; see Padding and ConvBias). */
  | {
      kind: 'conv1d';
      filters: number;
      kernel: number;
      stride?: number;
      padding?: Padding;
      bias?: ConvBias;
      activation: Activation;
    }
  | {
      kind: 'conv2d';
      filters: number;
      kernel: number | readonly [number, number];
      /** one stride for both axes, or [rows, columns]; default 1 */
      stride?: number | readonly [number, number];
      padding?: Padding;
      bias?: ConvBias;
      activation: Activation;
    }
  /**
   * Average pooling within each feature map (no parameters, no activation): windows of
   * `size` entries every `stride` entries (default stride = size: non-overlapping); output
   * size ⌊(n − size)/stride⌋ + 1 per axis, so trailing rows/columns that do not fill a
   * window are dropped, as in floor-mode pooling.
   */
  | { kind: 'avgpool1d'; size: number; stride?: number }
  | { kind: 'avgpool2d'; size: number | readonly [number, number]; stride?: number | readonly [number, number] }
  /**
   * Max pooling, windows as for average pooling: each output is the largest entry of its
   * window. Piecewise linear and exact in every backend; a tie between two or more
   * maximal entries of a window at a sample is a kink of this layer (see KinkHit in
   * ./passes.ts and KinkDetail in ./exact.ts).
   */
  | { kind: 'maxpool1d'; size: number; stride?: number }
  | { kind: 'maxpool2d'; size: number | readonly [number, number]; stride?: number | readonly [number, number] };

export interface NetworkSpec {
  /** A vector input is { channels: d, height: 1, width: 1 }; a 1-D signal has height 1. */
  readonly input: Shape;
  readonly layers: readonly LayerSpec[];
}

export interface ParamView {
  /** e.g. "layer1.weight", "layer3.bias" (layers count from 1, as in the papers). */
  readonly name: string;
  readonly layer: number;
  readonly role: 'weight' | 'bias';
  readonly offset: number;
  readonly size: number;
  /** dense: [out, in]; conv: [filters, inChannels, kh, kw]; bias: [n]; per-position conv bias: [maps, width] (conv1d) or [maps, height, width] (conv2d). */
  readonly shape: readonly number[];
}

export interface CompiledLayer {
  /** 1-based layer number. */
  readonly number: number;
  readonly spec: LayerSpec;
  readonly inShape: Shape;
  readonly outShape: Shape;
  readonly inDim: number;
  readonly outDim: number;
  /** outDim × inDim row-major: parameter index, or -1 for a structural zero. Null for fixed layers. */
  readonly weightIndex: Int32Array | null;
  /** Fixed matrix (average pooling), row-major, when weightIndex is null (null for max pooling). */
  readonly fixedWeight: readonly Fraction[] | null;
  /** Max pooling only (else null): output u is the largest of inputs windows[u·size .. u·size + size − 1]. */
  readonly maxPool: MaxPoolWindows | null;
  /** outDim entries: parameter index of each unit's bias, or null when the layer has none. */
  readonly biasIndex: Int32Array | null;
  /** Offset in θ when the weight (resp. bias) index map is one contiguous run (dense layers), else null. */
  readonly weightOffset: number | null;
  readonly biasOffset: number | null;
  readonly activation: Activation;
  /** True when the activation is the identity (skipped in passes). */
  readonly identity: boolean;
}

/** The windows of a max-pooling layer: `size` input units per output unit, window rows in order (i·kw + j). */
export interface MaxPoolWindows {
  readonly size: number;
  /** outDim × size input unit indices (map-major, as every layer's units). */
  readonly windows: Int32Array;
}

export interface Network {
  readonly spec: NetworkSpec;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly layers: readonly CompiledLayer[];
  readonly paramCount: number;
  readonly views: readonly ParamView[];
}

export class NetworkError extends Error {
  override name = 'NetworkError';
}

function contiguousOffset(index: Int32Array | null): number | null {
  if (!index || index.length === 0) return null;
  for (let k = 1; k < index.length; k++) if (index[k] !== index[0] + k) return null;
  return index[0] >= 0 ? index[0] : null;
}

function positiveInt(what: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1)
    throw new NetworkError(`${what} must be a positive integer, got ${JSON.stringify(x)}`);
  return x;
}

const LAYER_KEYS: Record<string, readonly string[]> = {
  dense: ['kind', 'units', 'bias', 'activation'],
  conv1d: ['kind', 'filters', 'kernel', 'stride', 'padding', 'bias', 'activation'],
  conv2d: ['kind', 'filters', 'kernel', 'stride', 'padding', 'bias', 'activation'],
  avgpool1d: ['kind', 'size', 'stride'],
  avgpool2d: ['kind', 'size', 'stride'],
  maxpool1d: ['kind', 'size', 'stride'],
  maxpool2d: ['kind', 'size', 'stride'],
};

/** A number or [rows, columns] pair of positive integers (a 1-D layer takes a number only). */
function sizePair(where: string, what: string, x: unknown, oneD: boolean): [number, number] {
  if (oneD) {
    if (Array.isArray(x))
      throw new NetworkError(`${where}: ${what} of a 1-D layer must be a number, got ${JSON.stringify(x)}`);
    return [1, positiveInt(`${where}: ${what}`, x)];
  }
  if (Array.isArray(x)) {
    if (x.length !== 2)
      throw new NetworkError(`${where}: ${what} must be a number or [rows, columns], got ${JSON.stringify(x)}`);
    return [positiveInt(`${where}: ${what} (rows)`, x[0]), positiveInt(`${where}: ${what} (columns)`, x[1])];
  }
  const k = positiveInt(`${where}: ${what}`, x);
  return [k, k];
}

/** Output size ⌊(n − k)/s⌋ + 1 of `k`-windows every `s` entries over `n` (floor mode); < 1 when a window does not fit. */
const windowCount = (n: number, k: number, s: number) => (n < k ? 0 : Math.floor((n - k) / s) + 1);

/** Windows of a pooling layer over a C×H×W input: per output unit (map-major), its input units in window order. */
function poolWindows(C: number, H: number, W: number, sh: number, sw: number, th: number, tw: number) {
  const Ho = windowCount(H, sh, th),
    Wo = windowCount(W, sw, tw);
  const windows = new Int32Array(C * Ho * Wo * sh * sw);
  let k = 0;
  for (let ch = 0; ch < C; ch++)
    for (let r = 0; r < Ho; r++)
      for (let c = 0; c < Wo; c++)
        for (let i = 0; i < sh; i++)
          for (let j = 0; j < sw; j++) windows[k++] = ch * H * W + (r * th + i) * W + (c * tw + j);
  return { Ho, Wo, windows };
}

/** Specs also come from JSON files, where TypeScript cannot check them: reject unknown kinds and keys, and non-boolean flags. */
function validateLayer(ls: unknown, where: string): void {
  if (!ls || typeof ls !== 'object') throw new NetworkError(`${where}: a layer must be an object`);
  const l = ls as Record<string, unknown>;
  const keys = LAYER_KEYS[String(l.kind)];
  if (!keys)
    throw new NetworkError(
      `${where}: unknown layer kind ${JSON.stringify(l.kind)}; known: ${Object.keys(LAYER_KEYS).join(', ')}`,
    );
  const extra = Object.keys(l).filter((k) => !keys.includes(k));
  if (extra.length)
    throw new NetworkError(
      `${where}: unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')} for a ${l.kind} layer (allowed: ${keys.join(', ')})`,
    );
  const conv = l.kind === 'conv1d' || l.kind === 'conv2d';
  if (
    l.bias !== undefined &&
    typeof l.bias !== 'boolean' &&
    !(conv && (l.bias === 'per-map' || l.bias === 'per-position'))
  )
    throw new NetworkError(
      `${where}: "bias" must be true or false, got ${JSON.stringify(l.bias)}${conv ? " (a convolution also takes 'per-map' or 'per-position')" : ''}`,
    );
  if (keys.includes('activation') && (!l.activation || typeof l.activation !== 'object'))
    throw new NetworkError(`${where}: missing activation (use linear() for none)`);
}

export function buildNetwork(spec: NetworkSpec): Network {
  if (!spec || typeof spec !== 'object' || !spec.input || typeof spec.input !== 'object')
    throw new NetworkError('a network spec needs an "input" shape { channels, height, width }');
  if (!Array.isArray(spec.layers)) throw new NetworkError('a network spec needs a "layers" array');
  spec.layers.forEach((l, i) => validateLayer(l, `layer ${i + 1}`));
  let shape: Shape = {
    channels: positiveInt('input channels', spec.input.channels),
    height: positiveInt('input height', spec.input.height),
    width: positiveInt('input width', spec.input.width),
  };
  if (spec.layers.length === 0) throw new NetworkError('a network needs at least one layer');
  const layers: CompiledLayer[] = [];
  const views: ParamView[] = [];
  let offset = 0;
  const addView = (layer: number, role: 'weight' | 'bias', shp: number[]) => {
    const size = shp.reduce((a, b) => a * b, 1);
    views.push({ name: `layer${layer}.${role}`, layer, role, offset, size, shape: shp });
    offset += size;
    return offset - size;
  };
  spec.layers.forEach((ls, li) => {
    const number = li + 1;
    const where = `layer ${number} (${ls.kind})`;
    const inShape = shape;
    const inDim = shapeSize(inShape);
    let outShape: Shape;
    let weightIndex: Int32Array | null = null;
    let fixedWeight: Fraction[] | null = null;
    let biasIndex: Int32Array | null = null;
    let maxPool: MaxPoolWindows | null = null;
    let activation: Activation = linear();
    switch (ls.kind) {
      case 'dense': {
        const units = positiveInt(`${where}: units`, ls.units);
        outShape = { channels: units, height: 1, width: 1 };
        const w0 = addView(number, 'weight', [units, inDim]);
        weightIndex = Int32Array.from({ length: units * inDim }, (_, k) => w0 + k);
        if (ls.bias !== false) {
          const b0 = addView(number, 'bias', [units]);
          biasIndex = Int32Array.from({ length: units }, (_, k) => b0 + k);
        }
        activation = ls.activation;
        break;
      }
      case 'conv1d':
      case 'conv2d': {
        const oneD = ls.kind === 'conv1d';
        const [kh, kw] = sizePair(where, 'kernel', ls.kernel, oneD);
        const [sh, sw] = ls.stride === undefined ? [1, 1] : sizePair(where, 'stride', ls.stride, oneD);
        if (oneD && inShape.height !== 1)
          throw new NetworkError(`${where}: input has height ${inShape.height}; use conv2d for images`);
        const T = positiveInt(`${where}: filters`, ls.filters);
        const C = inShape.channels,
          H = inShape.height,
          W = inShape.width;
        const padding = ls.padding ?? 'same';
        if (padding !== 'same' && padding !== 'valid')
          throw new NetworkError(`${where}: padding must be 'same' or 'valid', got ${JSON.stringify(padding)}`);
        if (padding === 'same' && (kh % 2 === 0 || kw % 2 === 0))
          throw new NetworkError(`${where}: 'same' padding needs an odd kernel, got ${kh}×${kw}`);
        // see LayerSpec for the output sizes and TensorFlow's 'same' padding
        const Ho = padding === 'same' ? Math.ceil(H / sh) : windowCount(H, kh, sh);
        const Wo = padding === 'same' ? Math.ceil(W / sw) : windowCount(W, kw, sw);
        if (Ho < 1 || Wo < 1)
          throw new NetworkError(`${where}: a ${kh}×${kw} 'valid' kernel does not fit a ${H}×${W} input`);
        const ph = padding === 'same' ? Math.floor(Math.max((Ho - 1) * sh + kh - H, 0) / 2) : 0;
        const pw = padding === 'same' ? Math.floor(Math.max((Wo - 1) * sw + kw - W, 0) / 2) : 0;
        outShape = { channels: T, height: Ho, width: Wo };
        const w0 = addView(number, 'weight', [T, C, kh, kw]);
        const outDim = T * Ho * Wo;
        weightIndex = new Int32Array(outDim * inDim).fill(-1);
        // Output (t, r, c) = Σ_{ch, i, j} w[t, ch, i, j] · x[ch, r·sh + i − ph, c·sw + j − pw]   (cross-correlation, zero padding)
        for (let t = 0; t < T; t++)
          for (let r = 0; r < Ho; r++)
            for (let c = 0; c < Wo; c++) {
              const row = t * Ho * Wo + r * Wo + c;
              for (let ch = 0; ch < C; ch++)
                for (let i = 0; i < kh; i++)
                  for (let j = 0; j < kw; j++) {
                    const rr = r * sh + i - ph,
                      cc = c * sw + j - pw;
                    if (rr < 0 || rr >= H || cc < 0 || cc >= W) continue;
                    weightIndex[row * inDim + ch * H * W + rr * W + cc] = w0 + ((t * C + ch) * kh + i) * kw + j;
                  }
            }
        if (ls.bias === 'per-position') {
          const b0 = addView(number, 'bias', oneD ? [T, Wo] : [T, Ho, Wo]);
          biasIndex = Int32Array.from({ length: outDim }, (_, k) => b0 + k);
        } else if (ls.bias !== false) {
          const b0 = addView(number, 'bias', [T]);
          biasIndex = Int32Array.from({ length: outDim }, (_, k) => b0 + Math.floor(k / (Ho * Wo)));
        }
        activation = ls.activation;
        break;
      }
      case 'avgpool1d':
      case 'avgpool2d':
      case 'maxpool1d':
      case 'maxpool2d': {
        const oneD = ls.kind === 'avgpool1d' || ls.kind === 'maxpool1d';
        const [sh, sw] = sizePair(where, 'size', ls.size, oneD);
        const [th, tw] = ls.stride === undefined ? [sh, sw] : sizePair(where, 'stride', ls.stride, oneD);
        const C = inShape.channels,
          H = inShape.height,
          W = inShape.width;
        const { Ho, Wo, windows } = poolWindows(C, H, W, sh, sw, th, tw);
        if (Ho < 1 || Wo < 1) throw new NetworkError(`${where}: a ${sh}×${sw} pool does not fit a ${H}×${W} input`);
        outShape = { channels: C, height: Ho, width: Wo };
        const outDim = C * Ho * Wo;
        const size = sh * sw;
        if (ls.kind === 'maxpool1d' || ls.kind === 'maxpool2d') {
          maxPool = { size, windows };
          break;
        }
        const zero = new Fraction(0),
          w = new Fraction(1, size);
        fixedWeight = new Array<Fraction>(outDim * inDim).fill(zero);
        for (let u = 0; u < outDim; u++)
          for (let k = 0; k < size; k++) fixedWeight[u * inDim + windows[u * size + k]] = w;
        break;
      }
      default:
        throw new NetworkError(`${where}: unknown layer kind`);
    }
    if (!activation || (activation.kind !== 'pwl' && activation.kind !== 'smooth' && activation.kind !== 'poly'))
      throw new NetworkError(`${where}: missing or invalid activation`);
    layers.push({
      number,
      spec: ls,
      inShape,
      outShape,
      inDim,
      outDim: shapeSize(outShape),
      weightIndex,
      fixedWeight,
      maxPool,
      biasIndex,
      weightOffset: contiguousOffset(weightIndex),
      biasOffset: contiguousOffset(biasIndex),
      activation,
      identity: isIdentity(activation),
    });
    shape = outShape;
  });
  return { spec, inputDim: shapeSize(spec.input), outputDim: shapeSize(shape), layers, paramCount: offset, views };
}

/**
 * A fully connected network with widths [d0, d1, ..., dL]: L weight layers,
 * hidden activations as given (one for all, or one per hidden layer), and a
 * linear output layer. `bias` is one flag for all layers or one per layer.
 */
export function fcNetwork(
  widths: readonly number[],
  hidden: Activation | readonly Activation[],
  bias: boolean | readonly boolean[] = true,
): Network {
  if (widths.length < 2) throw new NetworkError(`widths need at least input and output, got [${widths.join(', ')}]`);
  const L = widths.length - 1;
  const acts = Array.isArray(hidden)
    ? (hidden as readonly Activation[])
    : Array<Activation>(L - 1).fill(hidden as Activation);
  if (acts.length !== L - 1)
    throw new NetworkError(`${L - 1} hidden layers need ${L - 1} activations, got ${acts.length}`);
  const biases = typeof bias === 'boolean' ? Array<boolean>(L).fill(bias) : bias;
  if (biases.length !== L) throw new NetworkError(`${L} layers need ${L} bias flags, got ${biases.length}`);
  return buildNetwork({
    input: { channels: widths[0], height: 1, width: 1 },
    layers: widths.slice(1).map((units, i) => ({
      kind: 'dense' as const,
      units,
      bias: biases[i],
      activation: i < L - 1 ? acts[i] : linear(),
    })),
  });
}

/** The first layer whose activation is not piecewise linear, or null: a PWL network is affine on every activation cell. */
export function nonPwlLayer(net: Network): CompiledLayer | null {
  return net.layers.find((l) => l.activation.kind !== 'pwl') ?? null;
}

/**
 * The first layer whose activation is neither piecewise linear nor polynomial,
 * or null: on every activation cell of a piecewise-polynomial network the
 * outputs, and the squared-loss risk, are polynomials in θ, so exact
 * derivatives and curve analysis apply.
 */
export function nonPolynomialLayer(net: Network): CompiledLayer | null {
  return net.layers.find((l) => l.activation.kind !== 'pwl' && l.activation.kind !== 'poly') ?? null;
}

export function view(net: Network, name: string): ParamView {
  const v = net.views.find((x) => x.name === name);
  if (!v)
    throw new NetworkError(
      `no parameter block ${JSON.stringify(name)}; this network has ${net.views.map((x) => x.name).join(', ')}`,
    );
  return v;
}

/** A copy of θ's entries of one named block. */
export function getBlock<S>(net: Network, theta: readonly S[], name: string): S[] {
  const v = view(net, name);
  return theta.slice(v.offset, v.offset + v.size);
}

/** θ with one named block replaced (row-major values). */
export function setBlock<S>(net: Network, theta: readonly S[], name: string, values: readonly S[]): S[] {
  const v = view(net, name);
  if (values.length !== v.size)
    throw new NetworkError(`${name} has ${v.size} entries (shape ${v.shape.join('×')}), got ${values.length}`);
  const out = theta.slice();
  for (let k = 0; k < v.size; k++) out[v.offset + k] = values[k];
  return out;
}

/** Assemble θ from named blocks; every block must be given. */
export function assembleParams<S>(net: Network, blocks: Record<string, readonly S[]>): S[] {
  const out: S[] = new Array(net.paramCount);
  for (const v of net.views) {
    const b = blocks[v.name];
    if (!b) throw new NetworkError(`missing parameter block ${v.name} (shape ${v.shape.join('×')})`);
    if (b.length !== v.size)
      throw new NetworkError(`${v.name} has ${v.size} entries (shape ${v.shape.join('×')}), got ${b.length}`);
    for (let k = 0; k < v.size; k++) out[v.offset + k] = b[k];
  }
  const extra = Object.keys(blocks).filter((k) => !net.views.some((v) => v.name === k));
  if (extra.length) throw new NetworkError(`unknown parameter blocks ${extra.join(', ')}`);
  return out;
}

/** Plain-data network spec (activations as JSON), for counterexample files. */
export type NetworkSpecJSON = {
  input: Shape;
  layers: (
    | (Omit<Extract<LayerSpec, { activation: Activation }>, 'activation'> & { activation: ActivationJSON })
    | Exclude<LayerSpec, { activation: Activation }>
  )[];
};

export function networkToJSON(net: Network): NetworkSpecJSON {
  return {
    input: { ...net.spec.input },
    layers: net.spec.layers.map((l) =>
      'activation' in l ? { ...l, activation: activationToJSON(l.activation) } : { ...l },
    ),
  } as NetworkSpecJSON;
}

export function networkFromJSON(j: NetworkSpecJSON): Network {
  if (!j || typeof j !== 'object' || !Array.isArray(j.layers))
    throw new NetworkError('a network spec needs "input" and a "layers" array');
  return buildNetwork({
    input: j.input,
    layers: j.layers.map((l) =>
      'activation' in l ? { ...l, activation: activationFromJSON(l.activation) } : l,
    ) as LayerSpec[],
  });
}
