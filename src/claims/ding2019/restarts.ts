/**
 * Ding, Li & Sun (2019), the shallow model (eq. 12) searched in floats: the
 * toolkit's damped Newton optimiser from random starts, each end point
 * classified (fit, escaped, plateau, not converged, refuted by a lower point
 * next to it, or standing). Shared by the m ≥ N extension, its controls and
 * the phase table's float cells.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational } from '../../gen/arbitraries.js';
import { optimiseFromRestarts } from '../../landscape/optimise.js';
import { floatProbes } from '../../landscape/probes.js';
import { expActivation, quadratic, softplus, square, tanh, type Activation } from '../../model/activation.js';
import { dataset, dataTensors, type Dataset } from '../../model/data.js';
import { hessian } from '../../model/hessian.js';
import type { Network } from '../../model/network.js';
import { floatBackend } from '../../numeric/float-backend.js';
import { shallowNet } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { instanceKind, supported, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import { integer, rationals } from '../schema.js';
import { sse } from './paper.js';

/** exp and softplus meet Assumptions 4 and 5; t² (a zero at a local minimum) and 1 + t + t² (Assumption 5(3) fails) are for the controls; tanh (Assumption 4 only) for the phase table. */
export type RestartSigma = 'exp' | 'softplus' | 'square' | 'one-plus-t-plus-t2' | 'tanh';

const activationNamed = (s: RestartSigma): Activation =>
  s === 'exp'
    ? expActivation()
    : s === 'softplus'
      ? softplus()
      : s === 'square'
        ? square()
        : s === 'tanh'
          ? tanh()
          : quadratic(1, 1, 1);

export interface RestartValue {
  sigma: RestartSigma;
  x: Fraction[];
  y: Fraction[];
  m: number;
  seed: number;
}

/** How a run ended: E small; escaped (‖θ‖ large, e.g. exp's valleys at infinity); not converged; else bounded and converged with E > 0, with whether a lower point was found next to it. */
export type RunClass = 'fit' | 'escaped' | 'flat' | 'not-converged' | 'refuted' | 'stands';

export const RESTARTS = 6;
const FIT = 1e-8,
  ESCAPED = 20,
  CONVERGED = 1e-7,
  FLAT = 1e-8;

export interface RestartReport {
  counts: Record<RunClass, number>;
  /** the end points that stand (bounded, converged, E > 0, no lower point found) */
  standing: { theta: number[]; risk: number; gradNorm: number; minEig: number }[];
}

const cache = new WeakMap<RestartValue, RestartReport>();

/**
 * Every entry of the float Hessian below FLAT: the optimiser stalled on a plateau
 * (exp and softplus saturate along valleys that run to infinity; an optimiser
 * trap: L-BFGS stops there with a tiny gradient and E > 0), where neither
 * probes nor curvature can tell a minimum from a slope in float64.
 */
function numericallyFlat(net: Network, data: Dataset, theta: Float64Array): boolean {
  const { X, Y } = dataTensors(floatBackend, net, data);
  const H = hessian(floatBackend, net, sse, floatBackend.fromNumbers(theta.length, 1, theta), X, Y).hessian;
  return H.every((row) => row.every((h) => Math.abs(h) < FLAT));
}

/** The toolkit's damped Newton from RESTARTS seeded starts in [−2, 2]^P, each end point classified. */
export function restartReport(v: RestartValue): RestartReport {
  const hit = cache.get(v);
  if (hit) return hit;
  const net = shallowNet(activationNamed(v.sigma), v.m);
  const data = dataset(
    v.x.map((x) => [x]),
    v.y.map((y) => [y]),
  );
  const counts: Record<RunClass, number> = { fit: 0, escaped: 0, flat: 0, 'not-converged': 0, refuted: 0, stands: 0 };
  const standing: RestartReport['standing'] = [];
  for (const run of optimiseFromRestarts(net, sse, data, {
    method: 'newton',
    restarts: RESTARTS,
    initScale: 2,
    seed: v.seed,
    steps: 200,
  })) {
    const norm = Math.hypot(...run.theta);
    if (run.risk < FIT) counts.fit++;
    else if (!(norm <= ESCAPED)) counts.escaped++;
    else if (!(run.gradNorm <= CONVERGED)) counts['not-converged']++;
    else if (numericallyFlat(net, data, run.theta)) counts.flat++;
    else {
      // floats only: the toolkit's float probes around the end point must find lower risk
      const probe = floatProbes(net, sse, Array.from(run.theta), data).evidence;
      if (probe.minDeltaR < -probe.noiseTolerance) counts.refuted++;
      else {
        counts.stands++;
        standing.push({ theta: Array.from(run.theta), risk: run.risk, gradNorm: run.gradNorm, minEig: run.minEig });
      }
    }
  }
  const r = { counts, standing };
  cache.set(v, r);
  return r;
}

export const countsText = (c: Record<RunClass, number>) =>
  `${c.fit} fit (E < 1e-8), ${c.escaped} escaped (‖θ‖ > 20), ${c.flat} stalled on a plateau (every Hessian entry below 1e-8), ${c['not-converged']} not converged (‖∇E‖ > 1e-7), ${c.refuted} bounded and converged with E > 0 and a lower point found, ${c.stands} standing`;

/** Instances: σ from `sigmas`, N from `Ns` distinct nonzero inputs, m = N..mMax, a seed for the optimiser's starts. */
export function restartKind(
  sigmas: readonly RestartSigma[],
  Ns: readonly number[],
  mMax: number,
  hypotheses: string[],
) {
  return instanceKind<RestartValue>({
    generate: () =>
      fc.constantFrom(...Ns).chain((N) =>
        fc.record({
          sigma: fc.constantFrom(...sigmas),
          x: fc.uniqueArray(nonzeroRational(2, 4), { minLength: N, maxLength: N, selector: (q) => q.toFraction() }),
          y: fc.array(nonzeroRational(4, 3), { minLength: N, maxLength: N }),
          m: fc.integer({ min: N, max: mMax }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
      ),
    detect: (v) => {
      const N = v.x.length;
      if (!sigmas.includes(v.sigma)) return `σ = ${v.sigma} is not one of ${sigmas.join(', ')}`;
      if (!Ns.includes(N) || v.y.length !== N) return `N = ${N} is not one of ${Ns.join(', ')}`;
      if (v.m < N || v.m > mMax) return `m = ${v.m} is not in N..${mMax}`;
      if (new Set(v.x.map((q) => q.toFraction())).size !== N) return 'two inputs are equal';
      if (v.x.some((q) => q.n === 0n)) return 'an input is 0';
      return null;
    },
    codec: z.object({
      sigma: z.enum(['exp', 'softplus', 'square', 'one-plus-t-plus-t2', 'tanh']),
      x: rationals,
      y: rationals,
      m: integer,
      seed: integer,
    }),
    describe: (v) =>
      `σ = ${activationNamed(v.sigma).name}, N = ${v.x.length}, m = ${v.m}, x = (${v.x.map(encQ).join(', ')}), y = (${v.y.map(encQ).join(', ')}), optimiser seed ${v.seed}; ${RESTARTS} restarts: ${countsText(restartReport(v).counts)}`,
    hypotheses,
  });
}

/** Every bounded, converged end point with E > 0 must have a lower point next to it. */
export function noneStands(v: RestartValue): Outcome {
  const r = restartReport(v);
  if (r.counts.stands === 0) return supported();
  const s = r.standing[0];
  return unsupported(
    'every bounded, converged end point with E > 0 has a lower point next to it',
    `${countsText(r.counts)}; e.g. θ = (${s.theta.map((t) => t.toPrecision(6)).join(', ')}) with E = ${s.risk.toPrecision(6)}, ‖∇E‖ = ${s.gradNorm.toExponential(2)}, smallest Hessian eigenvalue ${s.minEig.toExponential(2)}`,
    { counts: r.counts, standing: r.standing },
  );
}

export const CLASSES = `each end point is classified as fit (E < 10⁻⁸), escaped (‖θ‖ > 20: exp has valleys running to infinity, which are not minima), not converged (‖∇E‖ > 10⁻⁷), stalled on a plateau (every entry of the Hessian below 10⁻⁸, as where exp or softplus saturate along such a valley: floats cannot tell a minimum there), or bounded and converged with E > 0; every end point of the last kind must be shown not to be a local minimum: the toolkit’s float probes around it must find lower risk`;
