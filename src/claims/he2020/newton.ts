/**
 * A damped Newton optimiser for He et al.'s float claims (Theorem 2 and
 * Corollary 2 in floats, notes P20 and P25): one hidden layer, d_Y = 1, no
 * biases, two-piece activation, run from a given start.
 */
import type { Fraction } from 'fraction.js';
import { Matrix, solve } from 'ml-matrix';
import { symmetricEigen } from '../../linalg/float.js';
import { twoPiece } from '../../model/activation.js';
import { dataTensors, type Dataset } from '../../model/data.js';
import { hessian, risk as floatRisk, riskGradient } from '../../model/passes.js';
import { floatBackend } from '../../numeric/float-backend.js';
import { mse, theorem2Net } from '../../papers/he2020/index.js';

/** A float instance: one hidden layer of d1, h_{s−,s+}, the data, and the optimiser's start θ0. */
export interface FloatStart {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  data: Dataset;
  start: number[];
}

/** Where the optimiser stopped: θ, R, ‖∇R‖, the smallest Hessian eigenvalue and min |(W1)_k·x_i|. */
export interface Converged {
  theta: Float64Array;
  risk: number;
  gradNorm: number;
  minEig: number;
  minMargin: number;
  iterations: number;
}

/**
 * Levenberg–Marquardt-damped Newton steps on the model's own float gradient
 * and Hessian (src/model/passes.ts). Hand-written because the problem is
 * tiny (≤ 9 parameters) and the Hessian is exact for a piecewise-quadratic
 * risk, so this converges in tens of steps where Adam needs 10⁵ (note P20).
 */
function dampedNewton(v: FloatStart, maxIter = 400): Converged {
  const n = floatNet(v),
    be = floatBackend;
  const { X, Y } = dataTensors(be, n, v.data);
  let th = Float64Array.from(v.start);
  const R = (t: Float64Array) => floatRisk(be, n, mse, be.fromNumbers(t.length, 1, t), X, Y);
  let r = R(th),
    mu = 1e-3,
    it = 0,
    g = riskGradient(be, n, mse, be.fromNumbers(th.length, 1, th), X, Y).grad.data;
  for (; it < maxIter; it++) {
    if (Math.hypot(...g) < 1e-13) break;
    const H = hessian(be, n, mse, be.fromNumbers(th.length, 1, th), X, Y).hessian;
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
      g = riskGradient(be, n, mse, be.fromNumbers(th.length, 1, th), X, Y).grad.data;
    } else mu *= 4;
    if (mu > 1e12) break;
  }
  const H = hessian(be, n, mse, be.fromNumbers(th.length, 1, th), X, Y).hessian;
  const minEig =
    H.length === th.length && H.every((row) => row.length === th.length && row.every(Number.isFinite))
      ? Math.min(...symmetricEigen(H).values)
      : NaN;
  const dX = v.data.inputs[0].length;
  let minMargin = Infinity;
  for (let k = 0; k < v.d1; k++)
    for (const x of v.data.inputs)
      minMargin = Math.min(minMargin, Math.abs(x.reduce((s, xj, j) => s + th[k * dX + j] * xj.valueOf(), 0)));
  return { theta: th, risk: r, gradNorm: Math.hypot(...g), minEig, minMargin, iterations: it };
}

const floatNet = (v: FloatStart) => theorem2Net(v.data.inputs[0].length, v.d1, twoPiece(v.sMinus, v.sPlus));
const cache = new WeakMap<FloatStart, Converged>();
/** The optimiser's run from v.start, once per instance (the detector and the check share it). */
export const converge = (v: FloatStart) => cache.get(v) ?? (cache.set(v, dampedNewton(v)), cache.get(v)!);

/** The optimiser's convergence threshold: ‖∇R‖ below it counts as a critical point. */
export const GRAD_TOL = 1e-10;
