/**
 * The shared float optimisers (issue 13, item 4) and a classification of where
 * they stop. Floats only: every conclusion drawn from an end point goes
 * through the exact tools (snapAndCertify, analyseLocalMin).
 *
 *  - adam: plain Adam on the model's own float gradient.
 *  - dampedNewton: Levenberg–Marquardt-damped Newton steps on the model's own
 *    float gradient and Hessian (src/model/passes.ts). Hand-written because
 *    the problems it serves are small (the Hessian is formed densely) and the
 *    Hessian is exact on a piecewise-quadratic risk, so it converges in tens
 *    of steps where Adam needs 10⁵ (He et al. note P20); ml-matrix solves the
 *    damped system.
 *  - endPoint: gradient norm, smallest Hessian eigenvalue, and the smallest
 *    distance of a pre-activation to a breakpoint, with a verdict: converged
 *    inside a cell, converged on (or within `margin` of) a boundary, a saddle,
 *    or not converged.
 */
import { snapAndCertify, type SnapResult } from './snap.js';
import fc from 'fast-check';
import { Matrix, solve } from 'ml-matrix';
import { floatLeastSquares, symmetricEigen } from '../linalg/float.js';
import { dataTensors, type Dataset } from '../model/data.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { hessian } from '../model/hessian.js';
import { forward, poolGaps, risk as floatRisk, riskGradient } from '../model/passes.js';
import { floatBackend } from '../numeric/float-backend.js';
import { float64 } from '../numeric/float64.js';
import { rational } from '../numeric/rational.js';
import { liftedDesign } from './lifted.js';
import { prng } from './scan.js';

const be = floatBackend;

/** Adam on the float risk from one start; returns the final point. */
export function adam(
  net: Network,
  loss: Loss,
  data: Dataset,
  start: Float64Array,
  steps: number,
  lr: number,
): Float64Array {
  const { X, Y } = dataTensors(be, net, data);
  const P = start.length;
  const th = start.slice(),
    m = new Float64Array(P),
    v = new Float64Array(P);
  const b1 = 0.9,
    b2 = 0.999,
    eps = 1e-12;
  for (let s = 1; s <= steps; s++) {
    const g = riskGradient(be, net, loss, be.fromNumbers(P, 1, th), X, Y).grad.data;
    for (let k = 0; k < P; k++) {
      m[k] = b1 * m[k] + (1 - b1) * g[k];
      v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
      th[k] -= (lr * (m[k] / (1 - b1 ** s))) / (Math.sqrt(v[k] / (1 - b2 ** s)) + eps);
    }
    if (!th.every(Number.isFinite)) break;
  }
  return th;
}

export interface NewtonOptions {
  /** at most this many accepted or rejected steps (default 400) */
  maxIter?: number;
  /** stop when ‖∇R‖ falls below this (default 1e-13) */
  gradTol?: number;
}

/** Damped Newton from `start`; returns the final point, its risk and the number of iterations. */
export function dampedNewton(
  net: Network,
  loss: Loss,
  data: Dataset,
  start: ArrayLike<number>,
  opts: NewtonOptions = {},
): { theta: Float64Array; risk: number; iterations: number } {
  const { maxIter = 400, gradTol = 1e-13 } = opts;
  const { X, Y } = dataTensors(be, net, data);
  const T = (t: Float64Array) => be.fromNumbers(t.length, 1, t);
  let th = Float64Array.from(start);
  const R = (t: Float64Array) => floatRisk(be, net, loss, T(t), X, Y);
  let r = R(th),
    mu = 1e-3,
    it = 0,
    g = riskGradient(be, net, loss, T(th), X, Y).grad.data;
  for (; it < maxIter; it++) {
    if (Math.hypot(...g) < gradTol) break;
    const H = hessian(be, net, loss, T(th), X, Y).hessian;
    if (H.length !== th.length) break;
    const A = new Matrix(H.map((row, i) => row.map((h, j) => h + (i === j ? mu : 0))));
    let step: number[];
    try {
      step = solve(A, Matrix.columnVector(Array.from(g, (x) => -x))).to1DArray();
    } catch {
      mu *= 10;
      continue;
    }
    const cand = th.map((t, i) => t + step[i]);
    const rc = R(cand);
    if (Number.isFinite(rc) && rc <= r) {
      th = cand;
      r = rc;
      mu = Math.max(mu / 3, 1e-12);
      g = riskGradient(be, net, loss, T(th), X, Y).grad.data;
    } else mu *= 4;
    if (mu > 1e12) break;
  }
  return { theta: th, risk: r, iterations: it };
}

export interface EndPoint {
  kind: 'interior' | 'boundary' | 'saddle' | 'not-converged';
  risk: number;
  gradNorm: number;
  /** smallest eigenvalue of the float Hessian (NaN when it is not finite) */
  minEig: number;
  /** smallest |z − t| over pre-activations z of piecewise-linear layers and their breakpoints t, and half-gaps of max-pooling windows (Infinity if none) */
  minMargin: number;
}

/**
 * Where a float run stopped. Not converged: ‖∇R‖ ≥ gradTol. Boundary: some
 * pre-activation within `margin` of a breakpoint. Saddle: smallest Hessian
 * eigenvalue below −eigTol (a max-pooling window whose maximum is within
 * 2·margin of another entry is a boundary too). Otherwise a converged interior point.
 */
export function endPoint(
  net: Network,
  loss: Loss,
  data: Dataset,
  theta: ArrayLike<number>,
  opts: { gradTol?: number; margin?: number; eigTol?: number } = {},
): EndPoint {
  const { gradTol = 1e-10, margin = 1e-8, eigTol = 1e-9 } = opts;
  const { X, Y } = dataTensors(be, net, data);
  const t = be.fromNumbers(theta.length, 1, theta);
  const rg = riskGradient(be, net, loss, t, X, Y);
  const gradNorm = Math.hypot(...rg.grad.data); // = gradNorm(net, loss, data, theta), with the risk kept
  const H = hessian(be, net, loss, t, X, Y).hessian;
  const minEig =
    H.length === theta.length && H.every((row) => row.length === theta.length && row.every(Number.isFinite))
      ? Math.min(...symmetricEigen(H).values)
      : NaN;
  let minMargin = Infinity;
  for (const lt of forward(be, net, t, X).layers) {
    // max pooling: half the gap from each maximum to its window's other entries (see LayerPattern.margin)
    if (lt.pool) {
      const size = lt.layer.maxPool!.size,
        gaps = poolGaps(be, lt).data;
      for (let g = 0; g < gaps.length; g++)
        if (g % size !== lt.pool.argmax[Math.floor(g / size)]) minMargin = Math.min(minMargin, gaps[g] / 2);
    }
    const a = lt.layer.activation;
    if (a.kind !== 'pwl' || lt.layer.identity) continue;
    const bps = a.breakpoints.map((b) => b.valueOf());
    for (const z of lt.pre.data) for (const b of bps) minMargin = Math.min(minMargin, Math.abs(z - b));
  }
  const kind: EndPoint['kind'] = !(gradNorm < gradTol)
    ? 'not-converged'
    : !(minMargin > margin)
      ? 'boundary'
      : !(minEig >= -eigTol)
        ? 'saddle'
        : 'interior';
  return { kind, risk: rg.risk, gradNorm, minEig, minMargin };
}

/**
 * The float64 gradient norm ‖∇R(θ)‖ (at a kink of a piecewise-linear
 * activation: the gradient of the piece the model's derivative convention picks).
 */
export function gradNorm(net: Network, loss: Loss, data: Dataset, theta: ArrayLike<number>): number {
  const { X, Y } = dataTensors(be, net, data);
  return Math.hypot(...riskGradient(be, net, loss, be.fromNumbers(theta.length, 1, theta), X, Y).grad.data);
}

/**
 * The least-squares minimum (in floats) of the risk over the cell θ is in, for
 * one hidden dense layer with a piecewise-linear activation: least squares in
 * the lifted variables (./lifted.ts), scaled like the risk. Null when θ is on a
 * cell boundary in exact arithmetic (θ is read exactly).
 */
export function cellMinimumRisk(net: Network, loss: Loss, theta: ArrayLike<number>, data: Dataset): number | null {
  const design = liftedDesign(
    net,
    Array.from(theta, (t) => rational.fromNumber(t)),
    data,
  );
  if (!design) return null;
  const rows = design.rows.map((row) => row.map((x) => x.valueOf()));
  const dY = data.targets[0].length;
  let ss = 0;
  for (let o = 0; o < dY; o++)
    ss += floatLeastSquares(
      rows,
      data.targets.map((t) => t[o].valueOf()),
    ).risk;
  return squaredRiskFactor(float64, loss, data.inputs.length) * ss;
}

export interface RestartOptions {
  method?: 'adam' | 'newton';
  /** number of random starts (default 6), uniform in [−initScale, initScale] (default 1) */
  restarts?: number;
  initScale?: number;
  seed?: number;
  /** Adam: steps and learning rate (defaults 3000, 0.01); Newton: iterations (default 400) */
  steps?: number;
  learningRate?: number;
  /**
   * Snap every end point that converged (in a cell interior or on a boundary) and decide it exactly
   * (snapAndCertify, ./snap.ts); the result is in `snap`. Default false.
   */
  certify?: boolean;
}

/** One restart's end point. */
export interface Run extends EndPoint {
  start: number;
  theta: Float64Array;
  /** with `certify`: the snapped exact point and its verdict */
  snap?: SnapResult;
}

/** `n` seeded random points of dimension P, uniform in [−scale, scale] (the restarts' starting points). */
export function randomStarts(P: number, n: number, scale: number, seed: number): number[][] {
  if (n <= 0) return [];
  return fc.sample(fc.array(fc.double({ min: -scale, max: scale, noNaN: true }), { minLength: P, maxLength: P }), {
    seed,
    numRuns: n,
  });
}

/**
 * A seeded Glorot-uniform starting point, as Keras and TensorFlow.js initialise layers: each weight
 * uniform in ±√(6/(fan_in + fan_out)) (dense [out, in]; conv [out, in, kh, kw]: fans times kh·kw),
 * biases 0. The stream is mulberry32 from `seed` (./scan.ts), not fast-check's doubles, which are
 * biased toward tiny magnitudes (right for shrinking, wrong for an initialisation).
 */
export function glorotStart(net: Network, seed: number): number[] {
  const next = prng(seed);
  const theta = new Array<number>(net.paramCount).fill(0);
  for (const v of net.views) {
    if (v.role !== 'weight') continue;
    const [o, i, kh = 1, kw = 1] = v.shape;
    const a = Math.sqrt(6 / ((o + i) * kh * kw));
    for (let k = 0; k < v.size; k++) theta[v.offset + k] = (2 * next() - 1) * a;
  }
  return theta;
}

/**
 * The optimiser from `restarts` seeded random starts, each end point
 * classified (endPoint), and with `certify` each converged one snapped and
 * decided exactly. Runs are returned in order of start.
 */
export function optimiseFromRestarts(net: Network, loss: Loss, data: Dataset, opts: RestartOptions = {}): Run[] {
  const { method = 'adam', restarts = 6, initScale = 1, seed = 1, steps, learningRate = 0.01 } = opts;
  return randomStarts(net.paramCount, restarts, initScale, seed).map((s, i) => {
    const theta =
      method === 'newton'
        ? dampedNewton(net, loss, data, s, { maxIter: steps ?? 400 }).theta
        : adam(net, loss, data, Float64Array.from(s), steps ?? 3000, learningRate);
    const run: Run = { start: i, theta, ...endPoint(net, loss, data, theta) };
    if (opts.certify && (run.kind === 'interior' || run.kind === 'boundary'))
      run.snap = snapAndCertify(net, loss, theta, data);
    return run;
  });
}
