/**
 * A damped Newton optimiser for He et al.'s float claims (Theorem 2 and
 * Corollary 2 in floats, notes P20 and P25): one hidden layer, d_Y = 1, no
 * biases, two-piece activation, run from a given start.
 */
import type { Fraction } from 'fraction.js';
import { dampedNewton, endPoint } from '../../landscape/optimise.js';
import { twoPiece } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { mse, theorem2Net } from '../../papers/he2020/index.js';

/** A float instance: one hidden layer of d1, h_{s−,s+}, the data, and the optimiser's start θ0. */
export interface FloatStart {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  data: Dataset;
  start: number[];
}

/** Where the optimiser stopped: θ, R, ‖∇R‖, the smallest Hessian eigenvalue and min |(W1)_k·x_i| (the pre-activations' distance to the kink at 0). */
export interface Converged {
  theta: Float64Array;
  risk: number;
  gradNorm: number;
  minEig: number;
  minMargin: number;
  iterations: number;
}

/** The toolkit's damped Newton (src/landscape/optimise.ts) from v.start, and where it stopped. */
function dampedNewtonRun(v: FloatStart): Converged {
  const net = floatNet(v);
  const run = dampedNewton(net, mse, v.data, v.start);
  const e = endPoint(net, mse, v.data, run.theta);
  return {
    theta: run.theta,
    risk: run.risk,
    gradNorm: e.gradNorm,
    minEig: e.minEig,
    minMargin: e.minMargin,
    iterations: run.iterations,
  };
}

const floatNet = (v: FloatStart) => theorem2Net(v.data.inputs[0].length, v.d1, twoPiece(v.sMinus, v.sPlus));
const cache = new WeakMap<FloatStart, Converged>();
/** The optimiser's run from v.start, once per instance (the detector and the check share it). */
export const converge = (v: FloatStart) => cache.get(v) ?? (cache.set(v, dampedNewtonRun(v)), cache.get(v)!);

/** The optimiser's convergence threshold: ‖∇R‖ below it counts as a critical point. */
export const GRAD_TOL = 1e-10;
