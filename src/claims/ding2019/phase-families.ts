/**
 * Ding, Li & Sun (2019), the phase table's cells: each cell claims "no bad
 * local minimum" for one activation at N = m and draws candidate points from
 * one family; a certified local minimum with a lower point beside it refutes
 * the cell. Exact families (polynomial and piecewise-linear σ): the toolkit
 * decides the candidate, `lowestFit` gives the lower point. Float families:
 * the optimiser's restarts (./restarts.ts), or the construction's point with
 * decimal second-order evidence (./analytic.ts) and the optimiser for a lower
 * point.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { optimiseFromRestarts } from '../../landscape/optimise.js';
import type { OutputFit } from '../../landscape/output-fit.js';
import { quadratic, type Activation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import {
  lowestFit,
  oneSignPoint,
  parallelPoint,
  quadraticParallelInputs,
  shallowNet,
  theorem5Point,
  type Theorem5Point,
} from '../../papers/ding2019/index.js';
import { rational } from '../../numeric/rational.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted, supported, unsupported, type InstanceKind } from '../define.js';
import { rationalCodec, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { analyticMinimum, analyticPoint, type AnalyticName } from './analytic.js';
import { analyseRechecked } from '../../landscape/analyse-rechecked.js';
import { sse } from './paper.js';

export const NO_BAD_MIN = 'every local minimum is a global minimum (no bad local minimum)';

const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;
const distinct = (N: number) =>
  fc.uniqueArray(nonzeroRational(4, 3), { minLength: N, maxLength: N, selector: (q) => q.toFraction() });
const magnitudes = (m: number) =>
  fc.array(
    fc.integer({ min: 1, max: 4 }).map((k) => new Fraction(k, 2)),
    { minLength: m, maxLength: m },
  );

function sizeOf(xs: readonly unknown[], N: number, what: string): string | null {
  return xs.length === N ? null : `${what} has ${xs.length} entries, not ${N}`;
}

/**
 * The exact decision at a candidate θ: an exact descent (re-checked) means θ
 * is not a local minimum; a certified local minimum (re-checked) with a lower
 * fit beside it refutes "no bad local minimum"; a certified one with no lower
 * point known, or an undecided point, is only evidence.
 */
export function noBadMinimumAt(net: Network, theta: readonly Fraction[], data: Dataset, lower: OutputFit): Outcome {
  const e = exactRisk(net, sse, theta, data);
  const verdict = analyseRechecked(net, sse, theta, data);
  if (verdict.strength === 'refuted') return proved();
  // an undecided point refutes nothing (it counts as evidence only, not as a certified instance)
  if (verdict.strength !== 'proved') return supported();
  const computed = `E(θ) = ${encQ(e)}; the toolkit says ${verdict.strength}: ${verdict.summary}`;
  if (lower.residual.compare(e) >= 0) return supported();
  return refuted(
    NO_BAD_MIN,
    `${computed}; yet θ′ = ${show(lower.theta)} has E(θ′) = ${encQ(lower.residual)} < E(θ): a sub-optimal local minimum`,
    { verdict: asJson(verdict), lower: lower.theta.map(encQ), lowerRisk: encQ(lower.residual), risk: encQ(e) },
  );
}

// ---------------------------------------------------------------------------
// Piecewise-linear σ: every hidden weight of one sign, the output layer fitted

export interface OneSignValue {
  x: Fraction[];
  y: Fraction[];
  sign: 1 | -1;
  magnitudes: Fraction[];
}

export function oneSignKind(act: Activation, N: number): InstanceKind<OneSignValue> {
  return instanceKind<OneSignValue>({
    generate: () =>
      fc.record({
        x: distinct(N),
        y: fc.array(nonzeroRational(4, 3), { minLength: N, maxLength: N }),
        sign: fc.constantFrom<1 | -1>(1, -1),
        magnitudes: magnitudes(N),
      }),
    detect: (v) =>
      sizeOf(v.x, N, 'x') ??
      sizeOf(v.y, N, 'y') ??
      sizeOf(v.magnitudes, N, 'the magnitudes') ??
      (new Set(v.x.map((q) => q.toFraction())).size < N ? 'two inputs are equal' : null) ??
      (v.x.some((q) => q.n === 0n) ? 'an input is 0' : null) ??
      (v.magnitudes.some((a) => a.n === 0n) ? 'a hidden weight is 0 (on a kink)' : null),
    codec: z.object({
      x: rationals,
      y: rationals,
      sign: z.union([z.literal(1), z.literal(-1)]),
      magnitudes: rationals,
    }),
    describe: (v) => {
      const p = oneSignPoint(act, v.x, v.y, v.sign, v.magnitudes);
      const net = shallowNet(act, N);
      return `σ = ${act.name}, N = m = ${N}, x = ${show(v.x)}, y = ${show(v.y)}; every hidden weight ${v.sign > 0 ? '> 0' : '< 0'}, θ = (w, v) = ${show(p.theta)}, E = ${encQ(exactRisk(net, sse, p.theta, p.data))}`;
    },
    hypotheses: [
      `σ = ${act.name} (piecewise linear, positively homogeneous), N = m = ${N} distinct nonzero inputs`,
      'candidates: every hidden weight of one sign (σ(w_i x) = |w_i|·σ(±x), so near θ the outputs range over one line), the output weights fitted by exact least squares',
    ],
  });
}

export const oneSignCheck =
  (act: Activation) =>
  (v: OneSignValue): Outcome => {
    const p = oneSignPoint(act, v.x, v.y, v.sign, v.magnitudes);
    return noBadMinimumAt(shallowNet(act, v.x.length), p.theta, p.data, lowestFit(act, p.data, v.x.length));
  };

// ---------------------------------------------------------------------------
// σ = 1 + t + t² at N = 2: common hidden weight ω where z ∥ ∂z

export const ONE_PLUS_T_PLUS_T2 = quadratic(1, 1, 1);

export interface ParallelCellValue {
  /** t₁ = ωx₁ (t₂ = −(1 + 2t₁)/(t₁ + 2)) */
  t1: Fraction;
  omega: Fraction;
  v: Fraction[];
  lambda: Fraction;
}

const parallelOf = (v: ParallelCellValue) => {
  const x = quadraticParallelInputs(v.t1, v.omega);
  return x && parallelPoint(new Fraction(1), new Fraction(1), v.omega, x, v.v, v.lambda);
};

export const parallelCellKind = instanceKind<ParallelCellValue>({
  generate: () =>
    fc.record({
      t1: nonzeroRational(4, 3),
      omega: nonzeroRational(4, 3),
      v: fc.array(nonzeroRational(4, 3), { minLength: 2, maxLength: 2 }),
      lambda: nonzeroRational(4, 3),
    }),
  detect: (v) => {
    if (v.v.length !== 2) return `m = ${v.v.length}, not 2`;
    if (v.omega.n === 0n) return 'ω = 0';
    if (v.t1.equals(-2)) return 't₁ = −2 (no t₂)';
    const x = quadraticParallelInputs(v.t1, v.omega)!;
    if (x.some((q) => q.n === 0n)) return 'an input is 0 (t₁ = −1/2 or t₁ = 0)';
    const p = parallelOf(v);
    if (!p || !p.alpha.equals(1)) return 'no σ = 1 + t + t² parallel point at these inputs';
    if (exactRisk(p.net, sse, p.theta, p.data).n === 0n) return 'E = 0';
    return null;
  },
  codec: z.object({ t1: rationalCodec, omega: rationalCodec, v: rationals, lambda: rationalCodec }),
  describe: (v) => {
    const p = parallelOf(v)!;
    return `σ = 1 + t + t², N = m = 2, x = ${show(p.data.inputs.map((r) => r[0]))}, y = ${show(p.data.targets.map((r) => r[0]))}; w = (ω, ω) = ${show([v.omega, v.omega])}, v = ${show(v.v)}, E = ${encQ(exactRisk(p.net, sse, p.theta, p.data))}`;
  },
  hypotheses: [
    'σ = 1 + t + t², N = m = 2 distinct nonzero inputs',
    'candidates: both hidden weights ω, the inputs x = (t₁, t₂)/ω with t₂ = −(1 + 2t₁)/(t₁ + 2), where z = σ(ωx) ∥ ∂z = x∘σ′(ωx) (Assumption 5(3) fails), any output weights, targets y = ŷ + λr with r ⊥ z (a critical point)',
  ],
});

export function parallelCellCheck(v: ParallelCellValue): Outcome {
  const p = parallelOf(v)!;
  return noBadMinimumAt(p.net, p.theta, p.data, lowestFit(ONE_PLUS_T_PLUS_T2, p.data, 2));
}

// ---------------------------------------------------------------------------
// σ = 1 + t + t² at N ≥ 3: Theorem 5's point

export interface Theorem5CellValue {
  x: Fraction[];
  lambda: Fraction;
  magnitudes: Fraction[];
}

const theorem5CellPoint = (v: Theorem5CellValue) =>
  theorem5Point(ONE_PLUS_T_PLUS_T2, new Fraction(1), new Fraction(2), v.x, v.lambda, v.magnitudes);

const setupDetect = (N: number) => (v: Theorem5CellValue) =>
  sizeOf(v.x, N, 'x') ??
  sizeOf(v.magnitudes, N, 'the magnitudes') ??
  (new Set(v.x.map((q) => q.toFraction())).size < N ? 'two inputs are equal' : null) ??
  (v.lambda.n === 0n ? 'λ = 0 (Δy = 0)' : null) ??
  (v.magnitudes.some((a) => a.s <= 0n || a.n === 0n) ? 'a magnitude |v_i| is not positive' : null);

/** N distinct inputs (nonzero with `nonzero`: at x_n = 0 tanh's z, ∂z, ∂²z all vanish there) */
const setupArbitrary = (N: number, nonzero = false) =>
  fc.record({
    x: fc.uniqueArray(nonzero ? nonzeroRational(4, 2) : smallRational(4, 2), {
      minLength: N,
      maxLength: N,
      selector: (q) => q.toFraction(),
    }),
    lambda: nonzeroRational(3, 2),
    magnitudes: magnitudes(N),
  });

const setupCodec = z.object({ x: rationals, lambda: rationalCodec, magnitudes: rationals });

export function theorem5CellKind(N: number): InstanceKind<Theorem5CellValue> {
  return instanceKind<Theorem5CellValue>({
    generate: () => setupArbitrary(N),
    detect: setupDetect(N),
    codec: setupCodec,
    describe: (v) => {
      const p = theorem5CellPoint(v);
      return `σ = 1 + t + t², N = m = ${N}, x = ${show(v.x)}, y = ${show(p.data.targets.map((r) => r[0]))}; w = 0, v = ${show(p.v)}, E = ${encQ(p.risk)}`;
    },
    hypotheses: [
      `σ = 1 + t + t², N = m = ${N} distinct inputs`,
      'candidates: the point of the proof of Theorem 5 (w = 0, output weights of one sign against σ″(0)⟨Δy, x∘x⟩, y = ŷ + λq)',
    ],
  });
}

export function theorem5CellCheck(v: Theorem5CellValue): Outcome {
  const p = theorem5CellPoint(v);
  return noBadMinimumAt(p.net, p.theta, p.data, lowestFit(ONE_PLUS_T_PLUS_T2, p.data, v.x.length));
}

// ---------------------------------------------------------------------------
// exp, softplus, tanh at N ≥ 3: the construction's point, decimal evidence

export interface AnalyticCellValue extends Theorem5CellValue {
  /** tanh only: the common hidden weight */
  omega: Fraction;
}

const RESTARTS_FOR_LOWER = 4;
/** probe directions per radius (3 radii): fewer than ding2019.thm5.analytic-evidence's 24, for time (50-digit softplus and tanh are slow) */
export const PROBE_DIRECTIONS = 8;

export function analyticCellKind(sigma: AnalyticName, N: number): InstanceKind<AnalyticCellValue> {
  return instanceKind<AnalyticCellValue>({
    generate: () =>
      setupArbitrary(N, sigma === 'tanh').chain((s) =>
        (sigma === 'tanh' ? nonzeroRational(2, 2) : fc.constant(new Fraction(1))).map((omega) => ({ ...s, omega })),
      ),
    detect: (v) =>
      setupDetect(N)(v) ??
      (sigma === 'tanh' && v.omega.n === 0n ? 'ω = 0' : null) ??
      (analyticPoint(sigma, v.x, v.lambda, v.magnitudes, v.omega) ? null : '∂²z ∈ span{z, ∂z}: no Δy'),
    codec: setupCodec.extend({ omega: rationalCodec }),
    describe: (v) => {
      const p = analyticPoint(sigma, v.x, v.lambda, v.magnitudes, v.omega)!;
      return `σ = ${sigma}, N = m = ${N}, x = ${show(v.x)}; w = ${show(p.w)}, v = ${show(p.v)}, E = ${encQ(p.risk)}`;
    },
    hypotheses: [
      `σ = ${sigma}, N = m = ${N} distinct inputs`,
      sigma === 'tanh'
        ? 'candidates: §5’s construction moved to a common hidden weight ω ≠ 0 (tanh has σ(0) = 0): Δy ⊥ z = σ(ωx) and ∂z = x∘σ′(ωx), ⟨Δy, ∂²z⟩ ≠ 0, output weights of one sign against it, σ, σ′, σ″ at ωx rounded to 60 digits'
        : 'candidates: the point of the proof of Theorem 5 (w = 0, output weights of one sign against σ″(0)⟨Δy, x∘x⟩, y = ŷ + λq)',
    ],
  });
}

/** Decimal evidence that the point is a local minimum, and the float optimiser for a lower point. */
export const analyticCellCheck =
  (sigma: AnalyticName) =>
  (v: AnalyticCellValue): Outcome =>
    noBadMinimumByEvidence(analyticPoint(sigma, v.x, v.lambda, v.magnitudes, v.omega)!);

/**
 * At a point whose only flat directions are Δw = 0, ΣΔv_i = 0: decimal
 * evidence that it is a local minimum and a lower end point of the float
 * optimiser refute "no bad local minimum" (as evidence); otherwise the point
 * refutes nothing.
 */
export function noBadMinimumByEvidence(p: Theorem5Point): Outcome {
  const r = analyticMinimum(p, PROBE_DIRECTIONS);
  if (!r.isMinimum) return supported();
  const E = rational.toNumber(p.risk); // valueOf() overflows to NaN on 120-digit rationals
  const runs = optimiseFromRestarts(p.net, sse, p.data, {
    method: 'newton',
    restarts: RESTARTS_FOR_LOWER,
    initScale: 2,
    seed: 1,
    steps: 200,
  });
  const best = runs.reduce((b, run) => (run.risk < b.risk ? run : b));
  if (!(best.risk < E * (1 - 1e-6))) return supported();
  return unsupported(
    NO_BAD_MIN,
    `the point is a local minimum by decimal evidence (${r.summary}), E = ${E.toPrecision(8)}; the float optimiser reached E′ = ${best.risk.toPrecision(8)} < E at θ′ = (${Array.from(best.theta, (t) => t.toPrecision(6)).join(', ')})`,
    { evidence: asJson(r.verdict), lowerRisk: best.risk, lower: Array.from(best.theta) },
  );
}
