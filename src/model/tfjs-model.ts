/**
 * A TensorFlow.js LayersModel (model.json + its weight files) as a suite
 * Network and an exact θ (issue 19, `spurious check-model`). Parsing only: no
 * tfjs runtime is needed, and the float32 weights convert exactly (each is a
 * dyadic rational).
 *
 * Supported: a Sequential model of Dense, Conv1D, Conv2D (channels_last,
 * stride, 'same'/'valid', no dilation), AveragePooling1D/2D, MaxPooling1D/2D
 * ('valid'), Flatten, and Activation / LeakyReLU layers that follow a layer
 * without activation; activations relu, linear, leakyrelu, tanh, sigmoid,
 * softplus, elu. The last layer must be linear (the suite analyses the squared
 * loss). Anything else is refused in one line (ModelFileError).
 *
 * Layouts: Keras is channels_last ([H, W, C] per sample; Dense kernels [in,
 * out]; Conv kernels [kh, kw, in, out]); the suite is map-major ([C, H, W];
 * dense [out, in]; conv [out, in, kh, kw]). `toSuiteInput` reorders a sample
 * given in the model's order; a Dense after Flatten has its kernel rows
 * permuted from (h, w, c) to (c, h, w) order.
 */
import type { Fraction } from 'fraction.js';
import { rational } from '../numeric/rational.js';
import { elu, leakyRelu, linear, relu, sigmoid, softplus, tanh, type Activation } from './activation.js';
import { buildNetwork, type LayerSpec, type Network, type Shape } from './network.js';

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export interface LoadedModel {
  net: Network;
  /** θ in the suite's order, exactly the float32 weights */
  theta: Fraction[];
  /** the model's per-sample input shape, channels last: [d], [W, C] or [H, W, C] */
  inputShape: number[];
  /** the layers in words, for the report */
  layers: string[];
}

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The exact value of a float32 weight. */
const exactF32 = (x: number): Fraction => {
  if (!Number.isFinite(x)) throw new ModelFileError(`a weight is ${x}; every weight must be finite`);
  return rational.fromNumber(x);
};

function activationOf(name: unknown, alpha?: number): Activation {
  const n = name === null || name === undefined ? 'linear' : String(name).toLowerCase();
  switch (n) {
    case 'linear':
      return linear();
    case 'relu':
      return relu();
    case 'leakyrelu':
      return leakyRelu(rational.fromNumber(Math.fround(alpha ?? 0.3)));
    case 'tanh':
      return tanh();
    case 'sigmoid':
      return sigmoid();
    case 'softplus':
      return softplus();
    case 'elu':
      return elu(1);
    default:
      throw new ModelFileError(
        `unsupported activation "${n}" (supported: linear, relu, leakyrelu, tanh, sigmoid, softplus, elu)`,
      );
  }
}

const pairOf = (x: unknown, what: string): [number, number] => {
  const a = Array.isArray(x) ? x : [x, x];
  if (a.length !== 2 || a.some((v) => !Number.isInteger(v) || (v as number) < 1))
    throw new ModelFileError(`${what} must be two positive integers, got ${JSON.stringify(x)}`);
  return [a[0] as number, a[1] as number];
};
const oneOf = (x: unknown, what: string): number => {
  const v = Array.isArray(x) ? x[0] : x;
  if (!Number.isInteger(v) || (v as number) < 1)
    throw new ModelFileError(`${what} must be a positive integer, got ${JSON.stringify(x)}`);
  return v as number;
};

/**
 * Parse model.json (already JSON-parsed) with its weight data (the weight files concatenated in the
 * manifest's order). Throws ModelFileError with one line naming the problem.
 */
export function parseLayersModel(model: unknown, weightData: Uint8Array): LoadedModel {
  if (!isObj(model)) throw new ModelFileError('model.json is not a JSON object');
  const topo =
    isObj(model.modelTopology) && isObj(model.modelTopology.model_config)
      ? model.modelTopology.model_config
      : model.modelTopology;
  if (!isObj(topo)) throw new ModelFileError('model.json has no modelTopology (is it a tfjs LayersModel?)');
  if (topo.class_name !== 'Sequential')
    throw new ModelFileError(`only Sequential models are supported, got "${String(topo.class_name)}"`);
  const cfg = topo.config;
  const layersJson = Array.isArray(cfg) ? cfg : isObj(cfg) && Array.isArray(cfg.layers) ? cfg.layers : null;
  if (!layersJson || !layersJson.length) throw new ModelFileError('the Sequential model has no layers');
  const manifest = model.weightsManifest;
  if (!Array.isArray(manifest)) throw new ModelFileError('model.json has no weightsManifest');
  const specs = manifest.flatMap((g) => (isObj(g) && Array.isArray(g.weights) ? (g.weights as unknown[]) : []));
  for (const w of specs)
    if (!isObj(w) || (w.dtype ?? 'float32') !== 'float32')
      throw new ModelFileError(`weight ${isObj(w) ? String(w.name) : '?'} is not float32`);
  const floats = new Float32Array(
    weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
  );
  for (const w of specs) {
    const sh = (w as Json).shape;
    if (!Array.isArray(sh) || sh.some((v) => !Number.isInteger(v) || v < 0))
      throw new ModelFileError(`weight ${String((w as Json).name)} has no valid shape`);
  }
  const need = specs.reduce<number>((s, w) => s + ((w as Json).shape as number[]).reduce((a, b) => a * b, 1), 0);
  if (weightData.byteLength !== need * 4)
    throw new ModelFileError(`the weight files hold ${weightData.byteLength} bytes; the manifest needs ${need * 4}`);
  let wi = 0,
    off = 0;
  const take = (shape: number[], what: string): number[] => {
    const w = specs[wi] as Json | undefined;
    if (!w) throw new ModelFileError(`the manifest has no weight for ${what}`);
    const got = w.shape as number[];
    if (got.length !== shape.length || got.some((v, k) => v !== shape[k]))
      throw new ModelFileError(
        `weight ${String(w.name)} has shape [${got.join(', ')}]; ${what} needs [${shape.join(', ')}]`,
      );
    const n = shape.reduce((a, b) => a * b, 1);
    const out = Array.from(floats.subarray(off, off + n));
    wi++;
    off += n;
    return out;
  };

  const first = layersJson[0] as Json;
  const firstCfg = (isObj(first) && isObj(first.config) ? first.config : {}) as Json;
  const bis = (firstCfg.batch_input_shape ?? firstCfg.batchInputShape) as unknown;
  if (!Array.isArray(bis) || bis.length < 2 || bis.slice(1).some((v) => !Number.isInteger(v) || v < 1))
    throw new ModelFileError('the first layer has no batch_input_shape [null, …] with positive sizes');
  const inputShape = bis.slice(1) as number[];
  if (inputShape.length > 3) throw new ModelFileError(`inputs of rank ${inputShape.length} are not supported`);
  const input: Shape =
    inputShape.length === 1
      ? { channels: inputShape[0], height: 1, width: 1 }
      : inputShape.length === 2
        ? { channels: inputShape[1], height: 1, width: inputShape[0] }
        : { channels: inputShape[2], height: inputShape[0], width: inputShape[1] };

  const layers: LayerSpec[] = [];
  const theta: number[] = [];
  const words: string[] = [];
  let shape = input; // the suite's shape of the current value
  let flattenedFrom: Shape | null = null; // a Flatten of a spatial value not yet consumed by a Dense
  const setLastActivation = (a: Activation, what: string) => {
    const last = layers[layers.length - 1];
    if (!last || !('activation' in last) || last.activation.name !== 'linear')
      throw new ModelFileError(`${what} must follow a layer without activation`);
    layers[layers.length - 1] = { ...last, activation: a } as LayerSpec;
  };
  for (const [li, L] of layersJson.entries()) {
    if (!isObj(L) || typeof L.class_name !== 'string' || !isObj(L.config))
      throw new ModelFileError(`layer ${li + 1} is not {class_name, config}`);
    const c = L.config;
    const name = `layer ${li + 1} (${L.class_name})`;
    if (c.dilation_rate !== undefined && [c.dilation_rate].flat().some((v) => v !== 1))
      throw new ModelFileError(`${name}: dilated convolutions are not supported`);
    if (c.data_format !== undefined && c.data_format !== 'channels_last')
      throw new ModelFileError(`${name}: only data_format channels_last is supported`);
    switch (L.class_name) {
      case 'InputLayer':
        continue;
      case 'Flatten':
        if (shape.height * shape.width > 1) flattenedFrom = shape;
        words.push('Flatten');
        continue;
      case 'Activation':
        setLastActivation(activationOf(c.activation), name);
        words.push(`Activation ${String(c.activation)}`);
        continue;
      case 'LeakyReLU':
        setLastActivation(activationOf('leakyrelu', Number(c.alpha ?? 0.3)), name);
        words.push(`LeakyReLU (alpha ${String(c.alpha ?? 0.3)})`);
        continue;
      case 'Dense': {
        const units = oneOf(c.units, `${name} units`);
        const d = shape.channels * shape.height * shape.width;
        const K = take([d, units], `${name} kernel`);
        // suite W[o][i] = K[i'][o] with i' the Keras (h, w, c) index of the suite's (c, h, w) index i
        const src = flattenedFrom;
        const keras = (i: number) => {
          if (!src) return i;
          const HW = src.height * src.width;
          const ch = Math.floor(i / HW),
            hw = i % HW;
          return hw * src.channels + ch;
        };
        for (let o = 0; o < units; o++) for (let i = 0; i < d; i++) theta.push(K[keras(i) * units + o]);
        const bias = c.use_bias !== false;
        if (bias) theta.push(...take([units], `${name} bias`));
        layers.push({ kind: 'dense', units, bias, activation: activationOf(c.activation) });
        words.push(`Dense ${units} ${String(c.activation ?? 'linear')}`);
        shape = { channels: units, height: 1, width: 1 };
        flattenedFrom = null;
        continue;
      }
      case 'Conv1D':
      case 'Conv2D': {
        if (flattenedFrom || (shape.height * shape.width === 1 && inputShape.length === 1))
          throw new ModelFileError(`${name}: a convolution needs a spatial input`);
        const filters = oneOf(c.filters, `${name} filters`);
        const one = L.class_name === 'Conv1D';
        const [kh, kw] = one
          ? [1, oneOf(c.kernel_size, `${name} kernel_size`)]
          : pairOf(c.kernel_size, `${name} kernel_size`);
        const [sh, sw] = one
          ? [1, oneOf(c.strides ?? 1, `${name} strides`)]
          : pairOf(c.strides ?? [1, 1], `${name} strides`);
        const padding =
          c.padding === 'same' ? 'same' : c.padding === 'valid' || c.padding === undefined ? 'valid' : null;
        if (!padding)
          throw new ModelFileError(`${name}: padding must be "same" or "valid", got ${JSON.stringify(c.padding)}`);
        const C = shape.channels;
        const K = take(one ? [kw, C, filters] : [kh, kw, C, filters], `${name} kernel`);
        // suite [T, C, kh, kw] from Keras [kh, kw, C, T]
        for (let t = 0; t < filters; t++)
          for (let ch = 0; ch < C; ch++)
            for (let r = 0; r < kh; r++)
              for (let q = 0; q < kw; q++) theta.push(K[((r * kw + q) * C + ch) * filters + t]);
        const bias = c.use_bias !== false;
        if (bias) theta.push(...take([filters], `${name} bias`));
        const act = activationOf(c.activation);
        layers.push(
          one
            ? { kind: 'conv1d', filters, kernel: kw, stride: sw, padding, bias, activation: act }
            : { kind: 'conv2d', filters, kernel: [kh, kw], stride: [sh, sw], padding, bias, activation: act },
        );
        words.push(
          `${L.class_name} ${filters} ${one ? kw : `${kh}×${kw}`} ${padding} ${String(c.activation ?? 'linear')}`,
        );
        break;
      }
      case 'AveragePooling1D':
      case 'MaxPooling1D':
      case 'AveragePooling2D':
      case 'MaxPooling2D': {
        if (c.padding !== undefined && c.padding !== 'valid')
          throw new ModelFileError(`${name}: only padding "valid" pooling is supported`);
        const one = L.class_name.endsWith('1D');
        const avg = L.class_name.startsWith('Average');
        if (one) {
          const size = oneOf(c.pool_size ?? 2, `${name} pool_size`);
          const stride = c.strides === null || c.strides === undefined ? size : oneOf(c.strides, `${name} strides`);
          layers.push({ kind: avg ? 'avgpool1d' : 'maxpool1d', size, stride });
        } else {
          const size = pairOf(c.pool_size ?? [2, 2], `${name} pool_size`);
          const stride = c.strides === null || c.strides === undefined ? size : pairOf(c.strides, `${name} strides`);
          layers.push({ kind: avg ? 'avgpool2d' : 'maxpool2d', size, stride });
        }
        words.push(L.class_name);
        break;
      }
      default:
        throw new ModelFileError(
          `${name}: unsupported layer (supported: Dense, Conv1D, Conv2D, AveragePooling1D/2D, MaxPooling1D/2D, Flatten, Activation, LeakyReLU)`,
        );
    }
    // the shape after a conv or pooling layer, from the suite's own compilation
    try {
      shape = buildNetwork({ input, layers }).layers[layers.length - 1].outShape;
    } catch (e) {
      throw new ModelFileError(`${name}: ${(e as Error).message.split('\n')[0].replace(/^layer \d+ \(\w+\): /, '')}`);
    }
  }
  if (wi !== specs.length) throw new ModelFileError(`the manifest has ${specs.length - wi} weight(s) no layer uses`);
  const last = layers[layers.length - 1];
  if (!last || last.kind !== 'dense' || last.activation.name !== 'linear')
    throw new ModelFileError(
      'the last layer must be a Dense layer with linear activation (the suite analyses the squared loss)',
    );
  let net: Network;
  try {
    net = buildNetwork({ input, layers });
  } catch (e) {
    throw new ModelFileError((e as Error).message.split('\n')[0]);
  }
  return { net, theta: theta.map(exactF32), inputShape, layers: words };
}

/** A sample in the model's input order (channels last, row-major) reordered to the suite's (map-major). */
export function toSuiteInput<T>(inputShape: readonly number[], x: readonly T[]): T[] {
  if (inputShape.length === 1) return x.slice();
  const [H, W, C] = inputShape.length === 2 ? [1, inputShape[0], inputShape[1]] : inputShape;
  return Array.from({ length: C * H * W }, (_, i) => {
    const c = Math.floor(i / (H * W)),
      hw = i % (H * W);
    return x[hw * C + c];
  });
}
