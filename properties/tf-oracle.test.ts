/**
 * Issue 19, part 1: TensorFlow.js as an independent oracle. Random FC nets and
 * CNNs (1-D and 2-D) from the suite's generators, evaluated by tfjs (float32,
 * its own kernels and autodiff) and by the suite (exact rationals for
 * piecewise-linear nets and the squared loss, float64 otherwise), must agree
 * within the float32 rounding bounds of src/model/float32-bound.ts — derived
 * bounds, not chosen tolerances. Against the float64 path the bound grows by
 * the factor 1 + 2⁻²⁸, which covers float64's own rounding (the same bound
 * with u = 2⁻⁵³ instead of 2⁻²⁴ is 2⁻²⁹ times it).
 *
 * Gradients are compared only where the gradient exists in both: the exact
 * path finds no kink, and no pre-activation is within its float32 bound of a
 * breakpoint (`kinkMargin` > 0); those skipped are counted, and most instances
 * must be compared.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { cnnArch, fcArch, instance, smallRational } from '../src/gen/arbitraries.js';
import {
  elu,
  hardTanh,
  leakyRelu,
  linear,
  pwl,
  relu,
  sigmoid,
  softplus,
  tanh,
  type Activation,
} from '../src/model/activation.js';
import { toRat } from '../src/numeric/rational.js';
import { dataset, dataTensors, paramTensor, type Dataset } from '../src/model/data.js';
import { exactGradient, exactOutputs, exactRisk } from '../src/model/exact.js';
import { float32Bounds } from '../src/model/float32-bound.js';
import { crossEntropyLoss, squaredLoss, type Loss } from '../src/model/loss.js';
import { buildNetwork, type Network } from '../src/model/network.js';
import { forward, riskGradient } from '../src/model/passes.js';
import { floatData, loadTf, tfBackendLine, tfRiskGradient, type TfRuntime } from '../src/model/tf.js';
import { floatBackend } from '../src/numeric/float-backend.js';
import { plannedRuns } from './helpers/setup.js';

let rt: TfRuntime;
beforeAll(async () => {
  rt = await loadTf();
});

const num = (xs: readonly Fraction[]) => xs.map((x) => x.valueOf());
const F64 = 1 + 2 ** -28;

/** The suite's float64 outputs, risk and gradient (sample-major outputs). */
function float64Eval(net: Network, loss: Loss, theta: readonly number[], data: Dataset) {
  const N = data.inputs.length;
  const { X, Y } = dataTensors(floatBackend, net, data);
  const th = paramTensor(floatBackend, net, theta);
  const O = forward(floatBackend, net, th, X).output;
  const rg = riskGradient(floatBackend, net, loss, th, X, Y);
  return {
    outputs: Array.from({ length: N }, (_, i) => Array.from({ length: net.outputDim }, (_, k) => O.data[k * N + i])),
    risk: rg.risk,
    grad: Array.from(rg.grad.data),
  };
}

interface Tally {
  runs: number;
  gradients: number;
  nearKink: number;
  /** instances where some magnitude is tiny enough that float32 may underflow: no bound applies (counted) */
  underflow: number;
  worst: number;
}

/**
 * One comparison: tfjs against the exact path (piecewise linear, squared loss) or the float64 path; returns
 * whether the gradient was compared. `worst` collects the largest |difference| / bound seen.
 */
function compare(net: Network, loss: Loss, thetaQ: Fraction[], data: Dataset, t: Tally): void {
  const theta = num(thetaQ);
  const fd = floatData(data);
  const tf = tfRiskGradient(rt, net, loss, theta, fd);
  const b = float32Bounds(net, loss, theta, fd);
  if (b.underflowRisk) {
    t.underflow++;
    return;
  }
  const exact =
    loss.kind === 'squared' && net.layers.every((L) => !('activation' in L.spec) || L.spec.activation.kind === 'pwl');
  const slack = exact ? 1 : F64;
  const ref = exact
    ? (() => {
        const g = exactGradient(net, loss, thetaQ, data);
        return {
          outputs: exactOutputs(net, thetaQ, data).map(num),
          risk: exactRisk(net, loss, thetaQ, data).valueOf(),
          grad: g.kind === 'interior' ? num(g.value) : null,
        };
      })()
    : float64Eval(net, loss, theta, data);
  t.runs++;
  const check = (what: string, got: number, want: number, bound: number) => {
    const diff = Math.abs(got - want);
    t.worst = Math.max(t.worst, bound > 0 ? diff / bound : diff === 0 ? 0 : Infinity);
    expect(diff, `${what}: tfjs ${got}, suite ${want}, float32 bound ${bound * slack}`).toBeLessThanOrEqual(
      bound * slack,
    );
  };
  tf.outputs.forEach((row, i) =>
    row.forEach((o, k) => check(`output ${k + 1} of sample ${i + 1}`, o, ref.outputs[i][k], b.outputs[i][k])),
  );
  check('risk', tf.risk, ref.risk, b.risk);
  if (!b.grad || !ref.grad || b.kinkMargin <= 0) {
    if (b.grad) t.nearKink++;
    return;
  }
  t.gradients++;
  tf.grad.forEach((g, j) => check(`∂R/∂θ[${j}]`, g, ref.grad![j], b.grad![j]));
}

const fresh = (): Tally => ({ runs: 0, gradients: 0, nearKink: 0, underflow: 0, worst: 0 });
/** Values with a denominator (so pre-activations are rarely exactly on a kink) */
const value = smallRational(12, 7);

describe(`TensorFlow.js as an oracle (float32 bounds derived, not chosen)`, () => {
  it('reports its backend in one line', () => {
    expect(tfBackendLine(rt)).toMatch(/^TensorFlow\.js 4\.\d+\.\d+, backend (tensorflow|wasm|cpu) \(.+\), float32$/);
  });

  // kills: a dense weight read transposed, a bias dropped, the wrong loss scale (mean/sum, ½), a PWL piece wrong
  it('FC nets with piecewise-linear activations: outputs, risk and gradient agree with the exact path (squared loss) and the float64 path (cross-entropy)', () => {
    const t = fresh();
    fc.assert(
      fc.property(
        instance(fcArch({ maxDepth: 3, maxWidth: 4 }), { minN: 1, maxN: 4, param: value, value }),
        fc.constantFrom<Loss>(
          squaredLoss({ half: true }),
          squaredLoss(),
          squaredLoss({ reduction: 'sum' }),
          crossEntropyLoss(),
        ),
        ({ net, data, theta }, loss) => compare(net, loss, theta, data, t),
      ),
      { numRuns: 80, seed: 19 },
    );
    expect(t.gradients).toBeGreaterThan(t.runs / 2);
  });

  // kills: a conv filter in the wrong layout ([T, C, kh, kw] → [kh, kw, C, T]), NCHW/NHWC confusion, 'same' padding on the wrong side, pooling windows
  it('CNNs, 1-D and 2-D (the suite generator cnnArch, same and valid, average pooling): the same agreement', () => {
    const t = fresh();
    fc.assert(
      fc.property(
        instance(cnnArch(), { minN: 1, maxN: 3, param: value, value }),
        fc.constantFrom<Loss>(squaredLoss({ half: true }), crossEntropyLoss()),
        ({ net, data, theta }, loss) => compare(net, loss, theta, data, t),
      ),
      { numRuns: 60, seed: 23 },
    );
    expect(t.gradients).toBeGreaterThan(t.runs / 3);
  });

  // kills: the per-position bias laid out (W, H) instead of (H, W), a stride ignored, max pooling taking the wrong window
  it('strides, per-position biases and max pooling, 1-D and 2-D', () => {
    const nets = [
      buildNetwork({
        input: { channels: 2, height: 1, width: 7 },
        layers: [
          {
            kind: 'conv1d',
            filters: 3,
            kernel: 3,
            stride: 2,
            padding: 'same',
            bias: 'per-position',
            activation: relu(),
          },
          { kind: 'maxpool1d', size: 2 },
          { kind: 'dense', units: 2, activation: linear() },
        ],
      }),
      buildNetwork({
        input: { channels: 2, height: 4, width: 5 },
        layers: [
          {
            kind: 'conv2d',
            filters: 2,
            kernel: [3, 2],
            stride: [1, 2],
            padding: 'valid',
            bias: 'per-position',
            activation: leakyRelu('1/4'),
          },
          { kind: 'maxpool2d', size: [2, 1] },
          { kind: 'conv2d', filters: 2, kernel: 1, padding: 'same', bias: false, activation: relu() },
          { kind: 'dense', units: 2, activation: linear() },
        ],
      }),
    ];
    const t = fresh();
    for (const net of nets)
      fc.assert(
        fc.property(instance(fc.constant(net), { minN: 1, maxN: 3, param: value, value }), ({ net: n, data, theta }) =>
          compare(n, squaredLoss({ half: true }), theta, data, t),
        ),
        { numRuns: 25, seed: 29 },
      );
    expect(t.gradients).toBeGreaterThan(t.runs / 3);
  });

  it('smooth activations (sigmoid, tanh, softplus): outputs and risk agree with the float64 path', () => {
    const t = fresh();
    fc.assert(
      fc.property(
        instance(fcArch({ minDepth: 2, maxDepth: 3, activation: fc.constantFrom(sigmoid(), tanh(), softplus()) }), {
          minN: 1,
          maxN: 4,
          param: value,
          value,
        }),
        fc.constantFrom<Loss>(squaredLoss({ half: true }), crossEntropyLoss()),
        ({ net, data, theta }, loss) => compare(net, loss, theta, data, t),
      ),
      { numRuns: 40, seed: 31 },
    );
    // saturated units (sigmoid' ≈ e^(−z) for large z) can leave float32's normal range: those are counted, not compared
    // (under npm run mutate's cap, 10 runs of the 40)
    expect(t.runs + t.underflow).toBe(plannedRuns(40));
    expect(t.runs).toBeGreaterThanOrEqual((plannedRuns(40) * 3) / 4);
  });

  // regressions from a review that searched 39 000 instances for a violation of the bounds
  it('review cases: relu + 1 is not run as relu, hard-tanh rounding is inside the bound, tiny probabilities are flagged, elu differentiates', () => {
    const t = fresh();
    const shifted = pwl({ breakpoints: [0], slopes: [0, 1], anchor: { x: 0, y: 1 } }); // relu + 1
    const one = (a: Activation) =>
      buildNetwork({
        input: { channels: 1, height: 1, width: 1 },
        layers: [
          { kind: 'dense', units: 1, activation: a },
          { kind: 'dense', units: 1, activation: linear() },
        ],
      });
    const rows = (x: string, y: string) => dataset([[x]], [[y]]);
    compare(one(shifted), squaredLoss({ half: true }), ['1', '0', '1', '0'].map(toRat), rows('2', '0'), t);
    compare(one(hardTanh()), squaredLoss({ half: true }), ['1/37', '0', '1', '0'].map(toRat), rows('1/21', '1'), t);
    expect(t.runs).toBe(2);
    // cross-entropy with a probability e^(−110): float32 underflows, so no bound may be claimed
    const ce = buildNetwork({
      input: { channels: 1, height: 1, width: 1 },
      layers: [{ kind: 'dense', units: 2, bias: false, activation: linear() }],
    });
    expect(float32Bounds(ce, crossEntropyLoss(), [0, -110], { inputs: [[1]], targets: [[1, 0]] }).underflowRisk).toBe(
      true,
    );
    // elu: tfjs differentiates it, and near 0 its value is within the bound
    compare(one(elu(1)), squaredLoss({ half: true }), ['1/1000', '-1/3000', '1', '0'].map(toRat), rows('1', '0'), t);
    expect(t.runs).toBe(3);
  });

  // the bounds are not vacuous: relative to the values they bound they are of the order of float32's rounding
  it('the derived bounds are small: below 1e-4 of the magnitudes they bound on these nets', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 3, width: 3 },
      layers: [
        { kind: 'conv2d', filters: 3, kernel: 3, padding: 'same', activation: relu() },
        { kind: 'dense', units: 2, activation: linear() },
      ],
    });
    const theta = Array.from({ length: net.paramCount }, (_, j) => ((j * 37) % 11) / 7 - 0.7);
    const data = dataset(
      [
        [1, 2, 0, -1, 3, 1, 0, 2, -2],
        [0, 1, 1, 2, -1, 0, 3, 1, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    );
    const b = float32Bounds(net, squaredLoss({ half: true }), theta, floatData(data));
    expect(b.forwardGamma).toBeLessThan(1e-5);
    expect(b.backwardGamma).toBeLessThan(1e-5);
  });
});
