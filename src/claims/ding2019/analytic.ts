/**
 * Ding, Li & Sun (2019) §5 for analytic σ, shared by the Theorem 5 evidence
 * claim and the phase table: the construction's point (w = 0 for exp and
 * softplus; a common weight ω ≠ 0 for tanh, whose σ(0) = 0) and the landscape
 * toolkit's decimal second-order evidence that it is a local minimum, with
 * the m − 1 directions along which E is constant given.
 */
import { Fraction } from 'fraction.js';
import { smoothSecondOrder, type SmoothSecondOrderEvidence } from '../../landscape/smooth-second-order.js';
import type { Verdict } from '../../landscape/verdict.js';
import { smooth, type SmoothActivation } from '../../model/activation.js';
import { smoothCommonWeightPoint, theorem5Point, type Theorem5Point } from '../../papers/ding2019/index.js';
import { sse } from './paper.js';

export type AnalyticName = 'exp' | 'softplus' | 'tanh';

/** ln 2 to 60 digits: softplus(0) = ln 2 is irrational, and the targets y = ŷ + Δy are rationals. */
const LN2 = new Fraction('0.693147180559945309417232121458176568075500134360255254120680');

/** σ(0) (a rational, or its 60-digit rounding) and σ″(0) of exp and softplus. */
const AT_ZERO = {
  exp: { s0: new Fraction(1), s2: new Fraction(1) },
  softplus: { s0: LN2, s2: new Fraction(1, 4) },
};

/**
 * The point: Theorem 5's (w = 0) for exp and softplus; for tanh the
 * common-weight construction at ω (σ, σ′, σ″ at ωx rounded to 60 digits),
 * null when ∂²z ∈ span{z, ∂z} there.
 */
export function analyticPoint(
  sigma: AnalyticName,
  x: readonly Fraction[],
  lambda: Fraction,
  magnitudes: readonly Fraction[],
  omega: Fraction = new Fraction(1),
): Theorem5Point | null {
  const act = smooth(sigma) as SmoothActivation;
  if (sigma === 'tanh') return smoothCommonWeightPoint(act, omega, x, lambda, magnitudes);
  return theorem5Point(act, AT_ZERO[sigma].s0, AT_ZERO[sigma].s2, x, lambda, magnitudes);
}

/**
 * The toolkit's decimal evidence at the point, given that E is constant
 * along Δw = 0, Σ Δv_i = 0 (every unit has the same hidden weight); `isMinimum`
 * also asks for exactly m − 1 zero eigenvalues. `directions` probe directions
 * at each of the radii 10⁻², 10⁻³, 10⁻⁴ times min(1, min|v_i|).
 */
export function analyticMinimum(
  p: Theorem5Point,
  directions = 24,
): {
  isMinimum: boolean;
  summary: string;
  verdict: Verdict<SmoothSecondOrderEvidence>;
} {
  const m = p.v.length;
  const P = p.theta.length;
  // the directions e_{v_i} − e_{v_{i+1}} (θ = (w, v))
  const flat = Array.from({ length: m - 1 }, (_, i) =>
    Array.from({ length: P }, (_, k) => new Fraction(k === m + i ? 1 : k === m + i + 1 ? -1 : 0)),
  );
  const scale = Math.min(1, ...p.v.map((x) => Math.abs(x.valueOf())));
  const r = smoothSecondOrder(p.net, sse, p.theta, p.data, { flat, scale, directions });
  if (r.supports !== 'yes') return { isMinimum: false, summary: r.summary, verdict: r };
  if (r.evidence.inertia.zero !== m - 1)
    return {
      isMinimum: false,
      summary: `${r.evidence.inertia.zero} zero eigenvalues, not m − 1 = ${m - 1}`,
      verdict: r,
    };
  return { isMinimum: true, summary: r.summary, verdict: r };
}
