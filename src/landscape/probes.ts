/**
 * Tool 4 (float probes) and tool 6 (slices). Floats only: probes give
 * `evidence`, never proof; a probe that finds lower risk can be handed to
 * tool 1 (its direction) for an exact decision on PWL networks.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { dataTensors, type Dataset } from '../model/data.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { risk, riskGradient } from '../model/passes.js';
import { floatBackend } from '../numeric/float-backend.js';
import type { ProbeEvidence } from './verdict.js';

export interface ProbeOptions {
  seed?: number;
  radii?: number[];
  directionsPerRadius?: number;
  gdStarts?: number;
  gdSteps?: number;
  stepSize?: number;
  /** size of the random perturbation each descent run starts from */
  perturbation?: number;
}

export const DEFAULT_PROBES: Required<ProbeOptions> = {
  seed: 1,
  radii: [1e-1, 1e-2, 1e-3, 1e-4],
  directionsPerRadius: 16,
  gdStarts: 4,
  gdSteps: 40,
  stepSize: 1e-2,
  perturbation: 1e-3,
};

/** Euclidean norm without spreading the vector into one call (large P overflows the stack). */
function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

const toNum = (theta: readonly (Fraction | number)[]) =>
  Float64Array.from(theta, (x) => (typeof x === 'number' ? x : x.valueOf()));

/**
 * Seeded random directions, uniform on the unit sphere: Gaussian coordinates
 * (Box–Muller on unbiased uniforms), normalised. fast-check's default double
 * generator is biased toward 0, ±1 and tiny values, which gave axis-aligned
 * and even zero "directions"; fc.noBias removes that bias.
 */
export function randomUnitDirections(P: number, count: number, seed: number): Float64Array[] {
  if (P === 0) return [];
  const uniform = fc.noBias(fc.integer({ min: 1, max: 2 ** 30 })).map((k) => k / 2 ** 30); // in (0, 1]
  const gaussian = fc.tuple(uniform, uniform).map(([a, b]) => Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b));
  return fc.sample(fc.noBias(fc.array(gaussian, { minLength: P, maxLength: P })), { seed, numRuns: count }).map((v) => {
    const n = norm(v);
    // a zero vector has probability ~2^(-30P): fall back to a coordinate direction
    return n > 0 ? Float64Array.from(v, (x) => x / n) : Float64Array.from(v, (_, k) => (k === 0 ? 1 : 0));
  });
}

export interface ProbeResult {
  evidence: ProbeEvidence;
  /** the probe point with the lowest risk (float64) */
  best: Float64Array;
}

export function floatProbes(
  net: Network,
  loss: Loss,
  theta: readonly (Fraction | number)[],
  data: Dataset,
  options: ProbeOptions = {},
): ProbeResult {
  const o = { ...DEFAULT_PROBES, ...options };
  const be = floatBackend;
  const { X, Y } = dataTensors(be, net, data);
  const P = net.paramCount;
  if (theta.length !== P) throw new RangeError(`θ has ${theta.length} entries but the network has ${P} parameters`);
  const th = toNum(theta);
  const R = (p: Float64Array) => risk(be, net, loss, be.fromNumbers(P, 1, p), X, Y);
  const r0 = R(th);
  // The smallest R(θ') − R(θ) over all probes, negative or not.
  let best: Float64Array = th,
    minDeltaR = Infinity,
    minAt: ProbeEvidence['minAt'] = { method: 'direction', radius: 0 };
  const consider = (p: Float64Array, method: 'direction' | 'descent', radius: number) => {
    const delta = R(p) - r0;
    if (delta < minDeltaR) {
      minDeltaR = delta;
      best = p;
      minAt = { method, radius };
    }
  };
  o.radii.forEach((radius, ri) => {
    for (const d of randomUnitDirections(P, o.directionsPerRadius, o.seed + ri))
      consider(
        th.map((x, k) => x + radius * d[k]),
        'direction',
        radius,
      );
  });
  const ball = Math.max(...o.radii, o.perturbation);
  let outside = 0;
  for (const d of randomUnitDirections(P, o.gdStarts, o.seed + 1000)) {
    let p: Float64Array = th.map((x, k) => x + o.perturbation * d[k]);
    for (let s = 0; s < o.gdSteps; s++) {
      const g = riskGradient(be, net, loss, be.fromNumbers(P, 1, p), X, Y).grad.data;
      p = p.map((x, k) => x - o.stepSize * g[k]);
    }
    const dist = norm(p.map((x, k) => x - th[k]));
    if (dist <= ball) consider(p, 'descent', dist);
    else outside++;
  }
  if (!Number.isFinite(minDeltaR)) minDeltaR = 0; // no probes (P = 0)
  return {
    evidence: {
      kind: 'float-probes',
      seed: o.seed,
      radii: o.radii,
      directionsPerRadius: o.directionsPerRadius,
      gdStarts: o.gdStarts,
      gdSteps: o.gdSteps,
      stepSize: o.stepSize,
      perturbation: o.perturbation,
      risk: r0,
      minDeltaR,
      noiseTolerance: 1e-12 * Math.max(1, Math.abs(r0)),
      descentRunsOutsideBall: outside,
      minAt,
    },
    best,
  };
}

/** The float risk at points of the network's parameter space (data converted once). */
function floatRiskAt(net: Network, loss: Loss, data: Dataset): (point: ArrayLike<number>) => number {
  const be = floatBackend;
  const { X, Y } = dataTensors(be, net, data);
  return (point) => risk(be, net, loss, be.fromNumbers(point.length, 1, point), X, Y);
}

/** Tool 6: risk along θ + t·d for each t (floats), ready to plot. */
export function slice1d(
  net: Network,
  loss: Loss,
  theta: readonly (Fraction | number)[],
  d: ArrayLike<number>,
  ts: readonly number[],
  data: Dataset,
): { t: number[]; risk: number[] } {
  const th = toNum(theta);
  if (d.length !== th.length) throw new RangeError(`the direction has ${d.length} entries but θ has ${th.length}`);
  const at = floatRiskAt(net, loss, data);
  return { t: [...ts], risk: ts.map((t) => at(th.map((x, k) => x + t * d[k]))) };
}

/** Tool 6: risk on the plane θ + a·d1 + b·d2 (rows: a, columns: b). */
export function slice2d(
  net: Network,
  loss: Loss,
  theta: readonly (Fraction | number)[],
  d1: ArrayLike<number>,
  d2: ArrayLike<number>,
  as: readonly number[],
  bs: readonly number[],
  data: Dataset,
): { a: number[]; b: number[]; risk: number[][] } {
  const th = toNum(theta);
  if (d1.length !== th.length || d2.length !== th.length)
    throw new RangeError(`directions must have ${th.length} entries`);
  const at = floatRiskAt(net, loss, data);
  return {
    a: [...as],
    b: [...bs],
    risk: as.map((a) => bs.map((b) => at(th.map((x, k) => x + a * d1[k] + b * d2[k])))),
  };
}
