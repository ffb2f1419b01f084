/**
 * Network architectures. Every layer is an affine map followed by an
 * elementwise activation:  a_l = h_l(W_l a_{l-1} + b_l).
 * The matrices W_l and vectors b_l are read out of ONE flat parameter vector θ
 * through index maps: a dense layer maps each entry to its own parameter, a
 * convolution maps every Toeplitz entry to its (tied) filter tap, a tied bias
 * maps every position of a feature map to one parameter, and an average
 * pooling layer has a fixed matrix and no parameters. FC and CNN networks are
 * therefore one code path, and a convolution IS its unrolled Toeplitz matrix.
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

export type LayerSpec =
  | { kind: 'dense'; units: number; bias?: boolean; activation: Activation }
  /** 1-D convolution (stride 1, cross-correlation, tied filters, one bias per feature map). */
  | { kind: 'conv1d'; filters: number; kernel: number; padding?: Padding; bias?: boolean; activation: Activation }
  | {
      kind: 'conv2d';
      filters: number;
      kernel: number | readonly [number, number];
      padding?: Padding;
      bias?: boolean;
      activation: Activation;
    }
  /** Non-overlapping average pooling within each feature map (no parameters, no activation); trailing rows/columns that do not fill a window are dropped, as in floor-mode pooling. */
  | { kind: 'avgpool1d'; size: number }
  | { kind: 'avgpool2d'; size: number | readonly [number, number] };

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
  /** dense: [out, in]; conv: [filters, inChannels, kh, kw]; bias: [n]. */
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
  /** Fixed matrix (pooling), row-major, when weightIndex is null. */
  readonly fixedWeight: readonly Fraction[] | null;
  /** outDim entries: parameter index of each unit's bias, or null when the layer has none. */
  readonly biasIndex: Int32Array | null;
  /** Offset in θ when the weight (resp. bias) index map is one contiguous run (dense layers), else null. */
  readonly weightOffset: number | null;
  readonly biasOffset: number | null;
  readonly activation: Activation;
  /** True when the activation is the identity (skipped in passes). */
  readonly identity: boolean;
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

function pair(k: number | readonly [number, number]): [number, number] {
  return typeof k === 'number' ? [k, k] : [k[0], k[1]];
}

function positiveInt(what: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1)
    throw new NetworkError(`${what} must be a positive integer, got ${JSON.stringify(x)}`);
  return x;
}

const LAYER_KEYS: Record<string, readonly string[]> = {
  dense: ['kind', 'units', 'bias', 'activation'],
  conv1d: ['kind', 'filters', 'kernel', 'padding', 'bias', 'activation'],
  conv2d: ['kind', 'filters', 'kernel', 'padding', 'bias', 'activation'],
  avgpool1d: ['kind', 'size'],
  avgpool2d: ['kind', 'size'],
};

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
  if (l.bias !== undefined && typeof l.bias !== 'boolean')
    throw new NetworkError(`${where}: "bias" must be true or false, got ${JSON.stringify(l.bias)}`);
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
        const [kh, kw] = ls.kind === 'conv1d' ? [1, positiveInt(`${where}: kernel`, ls.kernel)] : pair(ls.kernel);
        positiveInt(`${where}: kernel height`, kh);
        positiveInt(`${where}: kernel width`, kw);
        if (ls.kind === 'conv1d' && inShape.height !== 1)
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
        const Ho = padding === 'same' ? H : H - kh + 1;
        const Wo = padding === 'same' ? W : W - kw + 1;
        if (Ho < 1 || Wo < 1)
          throw new NetworkError(`${where}: a ${kh}×${kw} 'valid' kernel does not fit a ${H}×${W} input`);
        const ph = padding === 'same' ? (kh - 1) / 2 : 0;
        const pw = padding === 'same' ? (kw - 1) / 2 : 0;
        outShape = { channels: T, height: Ho, width: Wo };
        const w0 = addView(number, 'weight', [T, C, kh, kw]);
        const outDim = T * Ho * Wo;
        weightIndex = new Int32Array(outDim * inDim).fill(-1);
        // Output (t, r, c) = Σ_{ch, i, j} w[t, ch, i, j] · x[ch, r + i - ph, c + j - pw]   (cross-correlation, zero padding)
        for (let t = 0; t < T; t++)
          for (let r = 0; r < Ho; r++)
            for (let c = 0; c < Wo; c++) {
              const row = t * Ho * Wo + r * Wo + c;
              for (let ch = 0; ch < C; ch++)
                for (let i = 0; i < kh; i++)
                  for (let j = 0; j < kw; j++) {
                    const rr = r + i - ph,
                      cc = c + j - pw;
                    if (rr < 0 || rr >= H || cc < 0 || cc >= W) continue;
                    weightIndex[row * inDim + ch * H * W + rr * W + cc] = w0 + ((t * C + ch) * kh + i) * kw + j;
                  }
            }
        if (ls.bias !== false) {
          const b0 = addView(number, 'bias', [T]);
          biasIndex = Int32Array.from({ length: outDim }, (_, k) => b0 + Math.floor(k / (Ho * Wo)));
        }
        activation = ls.activation;
        break;
      }
      case 'avgpool1d':
      case 'avgpool2d': {
        const [sh, sw] = ls.kind === 'avgpool1d' ? [1, positiveInt(`${where}: size`, ls.size)] : pair(ls.size);
        positiveInt(`${where}: size`, sh);
        positiveInt(`${where}: size`, sw);
        const C = inShape.channels,
          H = inShape.height,
          W = inShape.width;
        const Ho = Math.floor(H / sh),
          Wo = Math.floor(W / sw);
        if (Ho < 1 || Wo < 1) throw new NetworkError(`${where}: a ${sh}×${sw} pool does not fit a ${H}×${W} input`);
        outShape = { channels: C, height: Ho, width: Wo };
        const outDim = C * Ho * Wo;
        const zero = new Fraction(0),
          w = new Fraction(1, sh * sw);
        fixedWeight = new Array<Fraction>(outDim * inDim).fill(zero);
        for (let ch = 0; ch < C; ch++)
          for (let r = 0; r < Ho; r++)
            for (let c = 0; c < Wo; c++)
              for (let i = 0; i < sh; i++)
                for (let j = 0; j < sw; j++)
                  fixedWeight[(ch * Ho * Wo + r * Wo + c) * inDim + ch * H * W + (r * sh + i) * W + (c * sw + j)] = w;
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
