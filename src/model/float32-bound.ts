/**
 * How far a float32 evaluation of a network (TensorFlow.js, ./tf.ts) may be
 * from the exact one: first-order rounding-error bounds in the style of
 * Higham, "Accuracy and Stability of Numerical Algorithms" (§3.1, §3.5),
 * computed with the suite's float64 path. A test that compares tfjs with the
 * suite uses these as its tolerances, so the tolerance is derived, not chosen.
 *
 * Model: every float32 operation has relative error ≤ u = 2⁻²⁴, so a sum of n
 * products errs by ≤ γ_n·Σ|w||x| with γ_n = n·u/(1 − n·u), whatever the
 * summation order; inputs and θ are rounded to float32 (relative u each).
 *
 * Forward. Let the "absolute network" have the same layers with |θ|, |x| and
 * each activation σ replaced by t ↦ Lip(σ)·t + |σ(0)| (its pre-activations are
 * ≥ 0, where this bounds |σ|); A_l are its layer outputs. With E_l the error of
 * layer l, E_l ≤ Lip·|W_l|·E_{l−1} + (γ_{n_l+2} + u_σ)·A_l (n_l the fan-in, +2
 * for the bias and the rounding of the weights, u_σ the activation's own
 * rounding), and since A_l ≥ Lip·|W_l|·A_{l−1} this unrolls to E_l ≤ Γ_l·A_l
 * with Γ_l = u + Σ_{m ≤ l}(γ_{n_m+2} + u_σ,m); Γ/(1 − Γ) covers the products of
 * the (1 + δ) factors.
 *
 * Gradient (piecewise-linear activations only, away from kinks, where σ' is
 * exact). g = Σ over samples (and positions) of δ_l ⊗ h_{l−1}; with the absolute
 * network's backward pass G(v) for an output gradient v ≥ 0 (linear in v), the
 * error is ≤ G(e_L) + (Γ_L + Γ_back + γ_{N·P+1})·G(B): e_L bounds the error of
 * ∂R/∂o, B its magnitude, Γ_back = Σ_l (γ_{fan-out_l+2} + u) the backward dot
 * products, γ_{N·P+1} the sum over N samples and P positions. Near a kink
 * (|z − breakpoint| ≤ its bound) or a max-pooling near-tie the float32 and
 * exact passes may take different pieces: `kinkMargin` ≤ 0 says so, and the
 * gradient bound does not apply there.
 *
 * Hypothesis: no underflow (Higham's model without its absolute term). It is
 * checked, not assumed: `underflowRisk` is true when some nonzero magnitude met
 * is below 2⁻⁶⁰, and then no bound here applies (a test counts such instances).
 * A piecewise-linear activation other than identity and relu is evaluated by
 * tfjs as s_0·z + i_0 + Σ Δs_k·relu(z − b_k), whose rounding is bounded through
 * its own slope and intercept sums (see activationConstants).
 */
import { toRat, type Activation } from './activation.js';
import { evalPwl, pwl } from './activation.js';
import type { Loss } from './loss.js';
import { buildNetwork, type CompiledLayer, type LayerSpec, type Network } from './network.js';
import { backpropagate, forward, preActivationGradients } from './passes.js';
import { floatBackend, type FTensor } from '../numeric/float-backend.js';

/** Unit roundoff of float32. */
export const U32 = 2 ** -24;
/** γ_n = n·u/(1 − n·u) (Higham, Lemma 3.1). */
export const gamma = (n: number, u = U32) => (n * u) / (1 - n * u);

export interface Float32Bounds {
  /** |float32 output − exact output| ≤ outputs[i][k] */
  outputs: number[][];
  /** |float32 risk − exact risk| ≤ risk */
  risk: number;
  /** |float32 ∂R/∂θ_j − exact| ≤ grad[j]; null for activations that are not piecewise linear */
  grad: number[] | null;
  /**
   * min over units and samples of (distance of the pre-activation to the nearest breakpoint, or of a
   * max-pooling maximum to the runner-up) minus its error bound: ≤ 0 means the float32 pass may be
   * on another piece, where no bound applies to the gradient
   */
  kinkMargin: number;
  /** Γ of the output (forward) and of the backward pass */
  forwardGamma: number;
  backwardGamma: number;
  /**
   * The model above has no underflow: it holds while every nonzero magnitude met (θ, inputs, each
   * layer's pre-activations and outputs, the backward pass's ∂R/∂z, the softmax probabilities) is at
   * least 2⁻⁶⁰, so that no product of two falls below float32's normal range (2⁻¹²⁶; sums that do are
   * exact, by gradual underflow). True when that fails: then no bound here applies.
   */
  underflowRisk: boolean;
}

/** Below this a nonzero magnitude may lead to an underflowing product (see `underflowRisk`). */
const TINY = 2 ** -60;

/** Lipschitz constant and |σ(0)| (upper bounds), and the activation's own rounding in float32. */
function activationConstants(a: Activation): { lip: number; at0: number; round: number } {
  if (a.kind === 'pwl') {
    const t = a.fn.table;
    const lip = Math.max(...t.slopes.map((s) => Math.abs(s.valueOf())));
    const at0 = Math.abs(evalPwl(a, toRat(0)).valueOf());
    const exact =
      t.intercepts[0].equals(0) &&
      ((t.breakpoints.length === 0 && t.slopes[0].equals(1)) ||
        (t.breakpoints.length === 1 && t.breakpoints[0].equals(0) && t.slopes[0].equals(0) && t.slopes[1].equals(1)));
    if (exact) return { lip, at0, round: 0 }; // identity and relu (tf.relu) are exact
    // ./tf.ts evaluates s_0·z + i_0 + Σ_k Δs_k·relu(z − b_k): per term the rounding of the coefficient and
    // of b_k, the subtraction and the product, then K + 1 additions, so its error is at most
    // γ_{K+5}·(lipT·|z| + cT) with lipT = |s_0| + Σ|Δs_k| and cT = |i_0| + Σ|Δs_k|·|b_k|. The absolute
    // network's value Lip·|z| + at0 times round = γ_{K+5}·lipT/Lip covers it when at0 ≥ cT·Lip/lipT.
    const K = t.breakpoints.length;
    const ds = t.breakpoints.map((_, k) => Math.abs(t.slopes[k + 1].sub(t.slopes[k]).valueOf()));
    const lipT = Math.abs(t.slopes[0].valueOf()) + ds.reduce((x, y) => x + y, 0);
    const cT =
      Math.abs(t.intercepts[0].valueOf()) + ds.reduce((x, y, k) => x + y * Math.abs(t.breakpoints[k].valueOf()), 0);
    if (lip === 0) return { lip, at0: Math.max(at0, cT), round: gamma(K + 5) };
    return { lip, at0: Math.max(at0, (cT * lip) / lipT), round: (gamma(K + 5) * lipT) / lip };
  }
  if (a.kind === 'smooth') {
    // sup |σ'| and |σ(0)| (upper bounds); tfjs's cpu kernels evaluate in float64 and round, a few u
    const round = 4 * U32;
    switch (a.name) {
      case 'sigmoid':
        return { lip: 0.25, at0: 0.5, round };
      case 'tanh':
        return { lip: 1, at0: 0, round };
      case 'softplus':
        return { lip: 1, at0: 0.7, round }; // ln 2 < 0.7
      case 'elu':
        // relu(z) + α·expm1(min(z, 0)) in ./tf.ts
        return { lip: Math.max(1, Math.abs(a.alpha ?? 1)), at0: 0, round: round + gamma(3) };
      case 'swish':
        return { lip: 1.1, at0: 0, round }; // sup |d/dz z·sigmoid(z)| ≈ 1.0998
      case 'exp':
        break;
    }
  }
  throw new RangeError(
    `no global Lipschitz bound for the activation ${a.name}: the float32 error bound covers piecewise-linear and sigmoid, tanh, softplus, elu, swish`,
  );
}

/**
 * The absolute network: the same layers, each activation t ↦ Lip·t + |σ(0)| (linear: its pre-activations
 * are ≥ 0), and each max pooling an average pooling of the same windows. A window's maximum of |v| is at
 * most its sum, size × the average; the sum also bounds the backward pass, which sends the gradient to
 * every entry. `scale[l]` = Π size over the max poolings up to layer l: values and gradients of the real
 * bound are at most scale × the absolute network's (an input scaled by s ≥ 1 moves a layer's positive
 * affine output by at most s, and each parameter's gradient is a product of a backward factor and an
 * input factor of which only one passes through a given pooling).
 */
function absoluteNetwork(net: Network): { abs: Network; scale: number[] } {
  const scale: number[] = [];
  let sc = 1;
  const layers = net.spec.layers.map((l): LayerSpec => {
    if (l.kind === 'maxpool1d' || l.kind === 'maxpool2d') {
      const size = typeof l.size === 'number' ? (l.kind === 'maxpool2d' ? l.size ** 2 : l.size) : l.size[0] * l.size[1];
      sc *= size;
      scale.push(sc);
      return l.kind === 'maxpool1d'
        ? { kind: 'avgpool1d', size: l.size, ...(l.stride !== undefined ? { stride: l.stride } : {}) }
        : { kind: 'avgpool2d', size: l.size, ...(l.stride !== undefined ? { stride: l.stride } : {}) };
    }
    scale.push(sc);
    if (!('activation' in l)) return l;
    const c = activationConstants(l.activation);
    const act = pwl({ breakpoints: [], slopes: [c.lip], anchor: { x: 0, y: c.at0 }, name: 'abs-bound' });
    return { ...l, activation: act };
  });
  return { abs: buildNetwork({ input: net.spec.input, layers }), scale };
}

/** Fan-in (terms per output), fan-out (outputs per input) and output positions of a layer. */
function fans(L: CompiledLayer): { fanIn: number; fanOut: number; positions: number } {
  const s = L.spec;
  const positions = L.outShape.height * L.outShape.width;
  switch (s.kind) {
    case 'dense':
      return { fanIn: L.inDim, fanOut: L.outDim, positions: 1 };
    case 'conv1d':
    case 'conv2d': {
      const taps =
        s.kind === 'conv1d' ? s.kernel : typeof s.kernel === 'number' ? s.kernel ** 2 : s.kernel[0] * s.kernel[1];
      return { fanIn: L.inShape.channels * taps, fanOut: s.filters * taps, positions };
    }
    default: {
      const size = typeof s.size === 'number' ? (s.kind.endsWith('2d') ? s.size ** 2 : s.size) : s.size[0] * s.size[1];
      return { fanIn: s.kind.startsWith('max') ? 0 : size, fanOut: size, positions };
    }
  }
}

/** d × N column data (the suite's layout) from rows. */
const columns = (rows: readonly (readonly number[])[], d: number): FTensor => {
  const N = rows.length;
  const out = new Array<number>(d * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) out[j * N + i] = rows[i][j];
  return floatBackend.fromNumbers(d, N, out);
};

/** The bounds at θ on the data (inputs and targets as rows of numbers). */
export function float32Bounds(
  net: Network,
  loss: Loss,
  theta: readonly number[],
  data: { inputs: readonly (readonly number[])[]; targets: readonly (readonly number[])[] },
): Float32Bounds {
  const N = data.inputs.length,
    d = net.outputDim;
  const be = floatBackend;
  const { abs, scale } = absoluteNetwork(net);
  const S = scale[scale.length - 1] ?? 1;
  const th = be.fromNumbers(theta.length, 1, [...theta]);
  const thAbs = be.fromNumbers(theta.length, 1, theta.map(Math.abs));
  const X = columns(data.inputs, net.inputDim);
  const XAbs = columns(
    data.inputs.map((r) => r.map(Math.abs)),
    net.inputDim,
  );
  const tr = forward(be, net, th, X);
  const trA = forward(be, abs, thAbs, XAbs);
  // forward Γ per layer
  const G: number[] = [];
  let g = U32;
  net.layers.forEach((L) => {
    const act = 'activation' in L.spec ? activationConstants(L.spec.activation).round : 0;
    g += gamma(fans(L).fanIn + 2) + act;
    G.push(g);
  });
  const rel = (x: number) => x / (1 - x);
  const at = (t: FTensor, k: number, i: number) => t.data[k * N + i];
  const Gout = rel(G[G.length - 1]);
  const O = tr.output,
    A = trA.output;
  const outputs = Array.from({ length: N }, (_, i) => Array.from({ length: d }, (_, k) => Gout * S * at(A, k, i)));
  // E': the output error plus the rounding of the targets and of o − y
  const y = (i: number, k: number) => data.targets[i][k];
  const E1 = outputs.map((r, i) =>
    r.map((e, k) => e + U32 * Math.abs(y(i, k)) + U32 * (Math.abs(at(O, k, i)) + Math.abs(y(i, k)))),
  );
  const c = (loss.reduction ?? 'mean') === 'mean' ? 1 / N : 1;
  let risk = 0;
  let underflow = [...theta, ...data.inputs.flat()].some((x) => x !== 0 && Math.abs(x) < TINY);
  const eL = new Array<number>(d * N).fill(0),
    B = new Array<number>(d * N).fill(0);
  if (loss.kind === 'squared') {
    const h = loss.half ? 0.5 : 1;
    let sum = 0;
    for (let i = 0; i < N; i++)
      for (let k = 0; k < d; k++) {
        const r = Math.abs(at(O, k, i) - y(i, k)),
          e = E1[i][k];
        risk += c * h * (2 * r * e + e * e);
        sum += (r + e) ** 2;
        // ∂R/∂o = (2h·c)·(o − y): the rounding of the factor and of the product
        eL[k * N + i] = 2 * h * c * (e + gamma(2) * (r + e));
        B[k * N + i] = 2 * h * c * (r + e);
      }
    // the sum of N·d squares, and the factor c·h
    risk += gamma(N * d + 2) * c * h * sum;
  } else {
    // log-softmax is 1-Lipschitz per entry in the max-norm of its input, twice (o_j and the lse)
    for (let i = 0; i < N; i++) {
      const o = Array.from({ length: d }, (_, k) => at(O, k, i));
      const m = Math.max(...o);
      const lse = m + Math.log(o.reduce((s, v) => s + Math.exp(v - m), 0));
      const maxE = Math.max(...E1[i]);
      for (let k = 0; k < d; k++) {
        const ls = o[k] - lse,
          p = Math.exp(ls);
        const els = 2 * maxE + gamma(d + 6) * (2 + Math.abs(o[k]) + Math.abs(m) + Math.log(d));
        risk += c * (Math.abs(y(i, k)) * els + (gamma(N * d + 1) + U32) * Math.abs(y(i, k)) * Math.abs(ls));
        const ySum = data.targets[i].reduce((s, v) => s + Math.abs(v), 0);
        // ∂R/∂o = c·(Σy·p − y): p's error, then the product, the subtraction and the factor c (γ_3)
        eL[k * N + i] =
          c *
          (ySum * p * (2 * maxE + gamma(d + 5)) +
            gamma(3) * (ySum * p * (1 + 2 * maxE + gamma(d + 5)) + Math.abs(y(i, k))));
        if (p > 0 && p < TINY) underflow = true;
        B[k * N + i] = c * (ySum * p + Math.abs(y(i, k))) + eL[k * N + i];
      }
    }
  }
  // kink margin: pre-activations against breakpoints, max-pooling maxima against their runners-up
  let kinkMargin = Infinity;
  net.layers.forEach((L, l) => {
    const lt = tr.layers[l],
      ltA = trA.layers[l];
    const bound = rel(G[l]);
    if ('activation' in L.spec && L.spec.activation.kind === 'pwl') {
      const bps = L.spec.activation.fn.table.breakpoints.map((b) => b.valueOf());
      if (bps.length)
        for (let j = 0; j < lt.pre.data.length; j++) {
          const z = lt.pre.data[j];
          const dist = Math.min(...bps.map((b) => Math.abs(z - b)));
          kinkMargin = Math.min(
            kinkMargin,
            dist - bound * scale[l] * ltA.pre.data[j] - U32 * Math.max(...bps.map(Math.abs)),
          );
        }
    }
    if (L.maxPool) {
      const { size, windows } = L.maxPool;
      const inBound = l === 0 ? U32 : rel(G[l - 1]);
      for (let u = 0; u < L.outDim; u++)
        for (let i = 0; i < N; i++) {
          const vals = Array.from({ length: size }, (_, q) => lt.input.data[windows[u * size + q] * N + i]).sort(
            (a, b) => b - a,
          );
          const mags = Array.from({ length: size }, (_, q) => ltA.input.data[windows[u * size + q] * N + i]);
          const inScale = l === 0 ? 1 : scale[l - 1];
          kinkMargin = Math.min(kinkMargin, vals[0] - vals[1] - 2 * inBound * inScale * Math.max(...mags));
        }
    }
  });
  // per layer the backward dot products, and σ' as tfjs computes it (its own rounding, as forward) times δ
  const backwardGamma = net.layers.reduce(
    (s, L) =>
      s + gamma(fans(L).fanOut + 2) + U32 + ('activation' in L.spec ? activationConstants(L.spec.activation).round : 0),
    0,
  );
  // underflow: every nonzero magnitude of the forward trace and of the backward pass at least TINY
  const tiny = (xs: ArrayLike<number>) => Array.prototype.some.call(xs, (x: number) => x !== 0 && Math.abs(x) < TINY);
  if (tr.layers.some((lt) => tiny(lt.pre.data) || tiny(lt.output.data))) underflow = true;
  const Yf = columns(data.targets, d);
  if (preActivationGradients(be, net, loss, th, X, Yf).pre.some((D) => tiny(D.data))) underflow = true;
  const pwlOnly = net.layers.every((L) => !('activation' in L.spec) || L.spec.activation.kind === 'pwl');
  let grad: number[] | null = null;
  if (pwlOnly) {
    // G(v): the absolute network's backward pass for the output gradient v ≥ 0, run directly on its
    // trace (as riskGradient assembles the parameter gradient), so that no v is lost to rounding
    const absGrad = (v: number[]) => {
      let delta = be.fromNumbers(d, N, v);
      const parts: { src: FTensor; index: Int32Array }[] = [];
      for (let l = trA.layers.length - 1; l >= 0; l--) {
        const lt = trA.layers[l];
        const D = lt.act ? be.hadamard(delta, lt.act.slope) : delta;
        if (lt.layer.weightIndex) parts.push({ src: be.matmulNT(D, lt.input), index: lt.layer.weightIndex });
        if (lt.layer.biasIndex) parts.push({ src: be.rowSums(D), index: lt.layer.biasIndex });
        if (l > 0) delta = backpropagate(be, lt, D);
      }
      return be.scatterSum(parts, theta.length).data;
    };
    const Ge = absGrad(eL),
      GB = absGrad(B);
    const P = Math.max(...net.layers.map((L) => fans(L).positions));
    const g = G[G.length - 1] + backwardGamma + gamma(N * P + 1);
    grad = Array.from(Ge, (e, j) => (S * (e + g * GB[j])) / (1 - g));
  }
  return {
    outputs,
    risk,
    grad,
    kinkMargin,
    forwardGamma: Gout,
    backwardGamma,
    underflowRisk: underflow,
  };
}
