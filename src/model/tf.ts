/**
 * TensorFlow.js as an independent implementation of the suite's networks
 * (issue 19): the same Network, θ and data, evaluated by tfjs's own kernels
 * and differentiated by its autodiff, in float32.
 *
 * Backend: @tensorflow/tfjs-node (native TensorFlow) when it is installed and
 * loads; it is an optional dependency because its install step downloads a
 * native library, which fails offline, and npm then drops it. Otherwise plain
 * @tensorflow/tfjs on its pure-JS cpu backend, which has every kernel. The
 * wasm backend (@tensorflow/tfjs-backend-wasm, binary inside the npm package)
 * is used only when asked for: in tfjs 4.22 it has no Conv2DBackpropFilter
 * kernel, so a gradient through a convolution fails there (`npm run bench`
 * measures its forward pass against cpu). SPURIOUS_TF_BACKEND=tensorflow|wasm|cpu
 * forces one; `tfBackendLine` says which is active and why.
 *
 * Layouts: the suite flattens feature maps map-major (channel, row, column)
 * and stores conv filters as [filters, inChannels, kh, kw]; tfjs computes on
 * NHWC tensors with filters [kh, kw, inChannels, filters] (conv1d: [k, in, out]).
 * `tfRiskGradient` converts both ways, so its outputs and gradient are in the
 * suite's order.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Activation } from './activation.js';
import type { Dataset } from './data.js';
import type { Loss } from './loss.js';
import type { CompiledLayer, Network, Shape } from './network.js';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';
export type Tf = typeof TF;

export interface TfRuntime {
  tf: Tf;
  backend: TfBackendName;
  /** why this backend: e.g. "tfjs-node is not installed (optional dependency)" */
  why: string;
}

const BACKENDS: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];
let loaded: Promise<TfRuntime> | null = null;

/** The tfjs runtime, loaded once: tfjs-node if it loads, else cpu (wasm only when SPURIOUS_TF_BACKEND=wasm). */
export function loadTf(): Promise<TfRuntime> {
  loaded ??= pick();
  return loaded;
}

async function pick(): Promise<TfRuntime> {
  const forced = (process.env.SPURIOUS_TF_BACKEND ?? '').trim().toLowerCase();
  if (forced && !BACKENDS.includes(forced as TfBackendName))
    throw new RangeError(`SPURIOUS_TF_BACKEND must be one of ${BACKENDS.join(', ')}, got "${forced}"`);
  const notes: string[] = [];
  if (!forced || forced === 'tensorflow') {
    try {
      // a variable specifier: the package is optional and may be absent at type-check time too
      const name = '@tensorflow/tfjs-node';
      const tf = (await import(name)) as Tf;
      await tf.ready();
      return { tf, backend: 'tensorflow', why: 'tfjs-node loaded (native TensorFlow)' };
    } catch (e) {
      const msg = String((e as Error).message ?? e).split('\n')[0];
      notes.push(
        /Cannot find (package|module)/.test(msg)
          ? 'tfjs-node is not installed (optional dependency; its install downloads a native library)'
          : `tfjs-node did not load: ${msg}`,
      );
      if (forced === 'tensorflow') throw new Error(`SPURIOUS_TF_BACKEND=tensorflow, but ${notes[0]}`);
    }
  }
  const tf = await import('@tensorflow/tfjs');
  // production mode: no debug checks, and no "install tfjs-node" banner on stderr (we say which backend runs)
  tf.enableProdMode();
  if (forced === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { tf, backend: 'wasm', why: [...notes, 'the wasm backend loaded'].join('; ') };
      }
      notes.push('the wasm backend did not initialise');
    } catch (e) {
      notes.push(`the wasm backend did not load: ${String((e as Error).message ?? e).split('\n')[0]}`);
    }
    throw new Error(`SPURIOUS_TF_BACKEND=wasm, but ${notes[notes.length - 1]}`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return {
    tf,
    backend: 'cpu',
    why: [...notes, forced ? 'forced by SPURIOUS_TF_BACKEND' : 'the pure-JS backend, every kernel'].join('; '),
  };
}

/** One line for reports and `check-model`: the tfjs version, the active backend and why. */
export function tfBackendLine(rt: TfRuntime): string {
  return `TensorFlow.js ${rt.tf.version.tfjs}, backend ${rt.backend} (${rt.why}), float32`;
}

/** A layer's value in tfjs: NHWC [N, H, W, C] for feature maps, [N, D] after a dense layer. */
interface Value {
  t: TF.Tensor;
  shape: Shape;
  flat: boolean;
}

/** The suite's map-major [N, C·H·W] from a value. */
function toFlat(tf: Tf, v: Value, N: number): TF.Tensor2D {
  if (v.flat) return v.t as TF.Tensor2D;
  return tf.reshape(tf.transpose(v.t, [0, 3, 1, 2]), [N, v.shape.channels * v.shape.height * v.shape.width]);
}

/** NHWC from a value (a flat value is map-major, i.e. NCHW flattened). */
function toMaps(tf: Tf, v: Value, N: number): TF.Tensor4D {
  if (!v.flat) return v.t as TF.Tensor4D;
  const { channels: C, height: H, width: W } = v.shape;
  return tf.transpose(tf.reshape(v.t, [N, C, H, W]), [0, 2, 3, 1]) as TF.Tensor4D;
}

const pair = (x: number | readonly [number, number] | undefined, d: number): [number, number] =>
  x === undefined ? [d, d] : typeof x === 'number' ? [x, x] : [x[0], x[1]];

/** The activation, elementwise, as tfjs ops (the same functions as ./elementwise.ts). */
function activate(tf: Tf, a: Activation, z: TF.Tensor): TF.Tensor {
  if (a.kind === 'pwl') {
    const t = a.fn.table;
    if (t.breakpoints.length === 0 && t.slopes[0].equals(1) && t.intercepts[0].equals(0)) return z;
    if (
      t.breakpoints.length === 1 &&
      t.breakpoints[0].equals(0) &&
      t.slopes[0].equals(0) &&
      t.slopes[1].equals(1) &&
      t.intercepts[0].equals(0)
    )
      return tf.relu(z);
    // s_0·z + i_0 + Σ_k (s_k − s_{k−1})·relu(z − b_k): the piecewise-linear function with these pieces
    let out = tf.add(tf.mul(z, t.slopes[0].valueOf()), t.intercepts[0].valueOf());
    t.breakpoints.forEach((b, k) => {
      out = tf.add(out, tf.mul(tf.relu(tf.sub(z, b.valueOf())), t.slopes[k + 1].sub(t.slopes[k]).valueOf()));
    });
    return out;
  }
  if (a.kind === 'poly') {
    let out: TF.Tensor = tf.zerosLike(z);
    for (let j = a.coefficients.length - 1; j >= 0; j--) out = tf.add(tf.mul(out, z), a.coefficients[j].valueOf());
    return out;
  }
  switch (a.name) {
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'softplus':
      return tf.softplus(z);
    case 'elu':
      // relu(z) + α·expm1(min(z, 0)): differentiable by tfjs (tf.where's condition is not), accurate near 0
      return tf.add(tf.relu(z), tf.mul(tf.expm1(tf.minimum(z, 0)), a.alpha ?? 1));
    case 'swish':
      return tf.mul(z, tf.sigmoid(z));
    case 'exp':
      return tf.exp(z);
  }
}

/** One layer of the network on a value, the layer's parameters sliced from θ (a 1-D tensor). */
function layerForward(tf: Tf, net: Network, L: CompiledLayer, theta: TF.Tensor1D, v: Value, N: number): Value {
  const spec = L.spec;
  const block = (role: 'weight' | 'bias') => net.views.find((x) => x.layer === L.number && x.role === role);
  const slice = (role: 'weight' | 'bias') => {
    const view = block(role)!;
    return tf.reshape(tf.slice(theta, view.offset, view.size), [...view.shape]);
  };
  const out = L.outShape;
  switch (spec.kind) {
    case 'dense': {
      let z: TF.Tensor = tf.matMul(toFlat(tf, v, N), slice('weight') as TF.Tensor2D, false, true);
      if (block('bias')) z = tf.add(z, slice('bias'));
      return { t: activate(tf, spec.activation, z), shape: out, flat: true };
    }
    case 'conv1d':
    case 'conv2d': {
      const x = toMaps(tf, v, N);
      const pad = spec.padding ?? 'same';
      let z: TF.Tensor;
      if (spec.kind === 'conv1d') {
        // [T, C, 1, k] → [k, C, T]; input [N, 1, W, C] → [N, W, C]
        const w = tf.transpose(tf.squeeze(slice('weight'), [2]), [2, 1, 0]) as TF.Tensor3D;
        const x3 = tf.reshape(x, [N, v.shape.width, v.shape.channels]) as TF.Tensor3D;
        z = tf.reshape(tf.conv1d(x3, w, spec.stride ?? 1, pad), [N, out.height, out.width, out.channels]);
      } else {
        const w = tf.transpose(slice('weight'), [2, 3, 1, 0]) as TF.Tensor4D;
        z = tf.conv2d(x, w, pair(spec.stride, 1), pad);
      }
      const view = block('bias');
      if (view) {
        const b = slice('bias');
        // per map: [T], broadcast over the last (channel) axis; per position: [T, (H,) W] → [H, W, T]
        z = tf.add(
          z,
          view.shape.length === 1 ? b : tf.transpose(tf.reshape(b, [out.channels, out.height, out.width]), [1, 2, 0]),
        );
      }
      return { t: activate(tf, spec.activation, z), shape: out, flat: false };
    }
    case 'avgpool1d':
    case 'maxpool1d':
    case 'avgpool2d':
    case 'maxpool2d': {
      const x = toMaps(tf, v, N);
      const one = spec.kind === 'avgpool1d' || spec.kind === 'maxpool1d';
      const size: [number, number] = one ? [1, spec.size as number] : pair(spec.size, 1);
      const stride: [number, number] = one
        ? [1, (spec.stride as number | undefined) ?? (spec.size as number)]
        : (pair(spec.stride, 0).map((s, i) => (s === 0 ? size[i] : s)) as [number, number]);
      const pool = spec.kind.startsWith('avg') ? tf.avgPool : tf.maxPool;
      return { t: pool(x, size, stride, 'valid'), shape: out, flat: false };
    }
  }
}

/** The network's outputs on X ([N, inputDim], samples as rows), as a [N, outputDim] tensor (map-major). */
function forwardTf(tf: Tf, net: Network, theta: TF.Tensor1D, X: TF.Tensor2D): TF.Tensor2D {
  const N = X.shape[0];
  let v: Value = { t: X, shape: net.spec.input, flat: true };
  for (const L of net.layers) v = layerForward(tf, net, L, theta, v, N);
  return toFlat(tf, v, N);
}

/** The risk of outputs O ([N, d]) against Y under the suite's loss (./loss.ts: mean or sum, ½ or not; softmax cross-entropy). */
function riskTf(tf: Tf, loss: Loss, O: TF.Tensor2D, Y: TF.Tensor2D): TF.Scalar {
  const N = O.shape[0];
  const c = (loss.reduction ?? 'mean') === 'mean' ? 1 / N : 1;
  if (loss.kind === 'squared') return tf.mul(tf.sum(tf.square(tf.sub(O, Y))), loss.half ? c / 2 : c) as TF.Scalar;
  return tf.mul(tf.sum(tf.mul(Y, tf.logSoftmax(O))), -c) as TF.Scalar;
}

export interface TfEvaluation {
  /** outputs[i][k] of sample i, float32 values */
  outputs: number[][];
  risk: number;
  /** ∂R/∂θ in the suite's parameter order, by tfjs autodiff */
  grad: number[];
}

/** Float rows of a dataset: samples as rows. */
export type FloatRows = { inputs: readonly (readonly number[])[]; targets: readonly (readonly number[])[] };

/** The data as tfjs tensors, samples as rows. */
const dataTf = (tf: Tf, net: Network, data: FloatRows) => ({
  X: tf.tensor2d(
    data.inputs.map((r) => [...r]),
    [data.inputs.length, net.inputDim],
  ),
  Y: tf.tensor2d(
    data.targets.map((r) => [...r]),
    [data.targets.length, net.outputDim],
  ),
});

/** Outputs, risk and its gradient at θ, computed by tfjs (float32) on the runtime's backend. */
export function tfRiskGradient(
  rt: TfRuntime,
  net: Network,
  loss: Loss,
  theta: readonly number[],
  data: FloatRows,
): TfEvaluation {
  const { tf } = rt;
  return tf.tidy(() => {
    const { X, Y } = dataTf(tf, net, data);
    const th = tf.tensor1d([...theta]);
    const O = forwardTf(tf, net, th, X);
    const { value, grad } = tf.valueAndGrad((t: TF.Tensor) =>
      riskTf(tf, loss, forwardTf(tf, net, t as TF.Tensor1D, X), Y),
    )(th);
    return {
      outputs: O.arraySync() as number[][],
      risk: value.arraySync() as number,
      grad: Array.from(grad.dataSync()),
    };
  });
}

/** The risk alone (forward pass, no gradient): what the wasm backend can run on every layer. */
export function tfRisk(rt: TfRuntime, net: Network, loss: Loss, theta: readonly number[], data: FloatRows): number {
  const { tf } = rt;
  return tf.tidy(() => {
    const { X, Y } = dataTf(tf, net, data);
    return riskTf(tf, loss, forwardTf(tf, net, tf.tensor1d([...theta]), X), Y).arraySync() as number;
  });
}

/**
 * Train θ with tfjs's own Adam (tf.train.adam) on the risk, full batch, for `steps` steps from `theta0`;
 * returns the end point (float32 values) in the suite's order. The training loop an ML user would run.
 */
export function tfAdam(
  rt: TfRuntime,
  net: Network,
  loss: Loss,
  theta0: readonly number[],
  data: FloatRows,
  opts: { steps: number; learningRate: number },
): Float64Array {
  const { tf } = rt;
  const { X, Y } = dataTf(tf, net, data);
  const th = tf.variable(tf.tensor1d([...theta0]));
  const opt = tf.train.adam(opts.learningRate);
  for (let s = 0; s < opts.steps; s++)
    opt.minimize(() => riskTf(tf, loss, forwardTf(tf, net, th as unknown as TF.Tensor1D, X), Y));
  const out = Float64Array.from(th.dataSync());
  tf.dispose([X, Y, th]);
  opt.dispose();
  return out;
}

/** A float view of a rational dataset (for tfRiskGradient). */
export const floatData = (data: Dataset) => ({
  inputs: data.inputs.map((r) => r.map((x) => x.valueOf())),
  targets: data.targets.map((r) => r.map((x) => x.valueOf())),
});
