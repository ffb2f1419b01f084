/**
 * Random-direction scans with an exact judge (the kind of experiment behind
 * loss-landscape figures such as "the loss along 200 random directions"):
 * directions are drawn in float64 and rounded to dyadic rationals, the float
 * risk along each direction at a few step sizes finds candidates, and a
 * candidate counts as a lower point only after its exact risk is below R.
 * The float threshold is a parameter, so a test can make every step a float
 * candidate and check that the exact judge alone decides.
 */
import { Fraction } from 'fraction.js';
import { dataTensors, type Dataset } from '../model/data.js';
import { exactRisk } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { risk as floatRisk } from '../model/passes.js';
import { floatBackend } from '../numeric/float-backend.js';
import { rational } from '../numeric/rational.js';

/** mulberry32: a tiny seeded PRNG, so the directions depend only on the seed (fast-check's own RNG is not exposed for this). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` unit-norm Gaussian directions over P parameters (Box–Muller), each entry rounded to a multiple of 2^-bits (so exactly a rational). */
export function dyadicDirections(P: number, count: number, seed: number, bits = 20): number[][] {
  const r = prng(seed);
  const scale = 2 ** bits;
  const out: number[][] = [];
  for (let k = 0; k < count; k++) {
    const g = Array.from({ length: P }, () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
    const norm = Math.hypot(...g);
    out.push(g.map((x) => Math.round((x / norm) * scale) / scale));
  }
  return out;
}

/** The default float threshold of a scan at risk R: a float risk below R − 1e-12·max(1, R) is a candidate lower point. */
export const scanTolerance = (R: number): number => 1e-12 * Math.max(1, R);

export interface ScanOptions {
  /** step sizes tried along each direction, with both signs */
  steps: readonly Fraction[];
  /** a float risk below R − tolerance is a candidate; default scanTolerance(R) */
  tolerance?: number;
  /** stop at the first exactly confirmed lower point (the count is then partial) */
  stopAtFirst?: boolean;
}

export interface ScanLower {
  /** 0-based index of the direction */
  direction: number;
  step: Fraction;
  /** R − (float risk) at that step */
  floatDrop: number;
  /** the exact risk at center + step·direction, below R */
  exactRisk: Fraction;
  theta: Fraction[];
}

export interface ScanResult {
  /** the first direction whose best float candidate is exactly lower, or null */
  lower: ScanLower | null;
  /** directions with a float candidate (not each confirmed exactly) */
  count: number;
}

/**
 * Scan `dirs` (entries exactly representable binary fractions, e.g. from
 * dyadicDirections) around `center`, whose exact risk is `risk`. Per direction
 * the step with the largest float drop is the candidate; the first candidate
 * whose exact risk is below `risk` is returned.
 */
export function scanDirections(
  net: Network,
  loss: Loss,
  data: Dataset,
  center: readonly Fraction[],
  risk: Fraction,
  dirs: readonly (readonly number[])[],
  opts: ScanOptions,
): ScanResult {
  const be = floatBackend;
  const { X, Y } = dataTensors(be, net, data);
  const c = center.map((x) => rational.toNumber(x));
  const R0 = rational.toNumber(risk);
  const tol = opts.tolerance ?? scanTolerance(R0);
  let first: ScanLower | null = null,
    count = 0;
  for (const [k, d] of dirs.entries()) {
    if (d.length !== center.length)
      throw new RangeError(`direction ${k + 1} has ${d.length} entries, θ has ${center.length}`);
    let best: { step: Fraction; drop: number } | null = null;
    for (const a of opts.steps)
      for (const sign of [1, -1]) {
        const step = a.mul(sign);
        const th = c.map((x, i) => x + step.valueOf() * d[i]);
        const r = floatRisk(be, net, loss, be.fromNumbers(th.length, 1, th), X, Y);
        if (r < R0 - tol && (!best || R0 - r > best.drop)) best = { step, drop: R0 - r };
      }
    if (!best) continue;
    count++;
    if (!first) {
      const theta = center.map((x, i) => x.add(best!.step.mul(rational.fromNumber(d[i]))));
      const exact = exactRisk(net, loss, theta, data);
      // the exact judge: a float drop alone never makes a lower point
      if (exact.compare(risk) < 0)
        first = { direction: k, step: best.step, floatDrop: best.drop, exactRisk: exact, theta };
      if (first && opts.stopAtFirst) break;
    }
  }
  return { lower: first, count };
}

export interface DirectionEnvelope {
  /** the steps α, as given */
  alphas: number[];
  /** R(center + α·d) − base for every direction (rows) and α (columns), float64 */
  curves: number[][];
  /** for each requested quantile q, the q-quantile over the directions of R(center + α·d) − R(center), per α */
  quantiles: { q: number; values: number[] }[];
}

/**
 * The risk envelope behind a random-direction figure: R(center + α·d) − base
 * in float64 along every direction d at every α, summarised per α by the
 * requested quantiles over the directions (q = 0 is the lowest curve, 0.5 the
 * median). `base` defaults to R(center).
 */
export function directionEnvelope(
  net: Network,
  loss: Loss,
  data: Dataset,
  center: readonly Fraction[],
  dirs: readonly (readonly number[])[],
  alphas: readonly number[],
  quantiles: readonly number[],
  base?: number,
): DirectionEnvelope {
  const be = floatBackend;
  const { X, Y } = dataTensors(be, net, data);
  const c = center.map((x) => rational.toNumber(x));
  const riskAt = (th: number[]) => floatRisk(be, net, loss, be.fromNumbers(th.length, 1, th), X, Y);
  const R0 = base ?? riskAt(c);
  const curves = dirs.map((d) => alphas.map((a) => riskAt(c.map((x, i) => x + a * d[i])) - R0));
  return {
    alphas: alphas.slice(),
    curves,
    quantiles: quantiles.map((q) => ({
      q,
      values: alphas.map((_, j) => {
        const col = curves.map((cv) => cv[j]).sort((a, b) => a - b);
        return col[Math.min(col.length - 1, Math.floor(q * col.length))];
      }),
    })),
  };
}
