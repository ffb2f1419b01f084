/**
 * Ding, Li & Sun (2019) §5, Theorem 5 for analytic σ: exp and softplus (both
 * have σ(0), σ′(0), σ″(0) ≠ 0), where exact arithmetic cannot go. The same
 * construction as the exact claims (w = 0, the sign rule on v, y = ŷ + Δy),
 * checked with the landscape toolkit's decimal second-order evidence
 * (smoothSecondOrder): the label is evidence.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, supported, unsupported } from '../define.js';
import { rationalCodec, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { analyticMinimum, analyticPoint } from './analytic.js';
import { ding2019 } from './paper.js';

interface AnalyticSetup {
  sigma: 'exp' | 'softplus';
  x: Fraction[];
  lambda: Fraction;
  magnitudes: Fraction[];
}

const pointOf = (v: AnalyticSetup) => analyticPoint(v.sigma, v.x, v.lambda, v.magnitudes)!;

const analyticSetups = instanceKind<AnalyticSetup>({
  generate: () =>
    fc.record({
      sigma: fc.constantFrom<'exp' | 'softplus'>('exp', 'softplus'),
      x: fc.uniqueArray(smallRational(2, 2), { minLength: 3, maxLength: 5, selector: (q) => q.toFraction() }),
      lambda: nonzeroRational(2, 2),
      magnitudes: fc.array(
        fc.integer({ min: 1, max: 4 }).map((k) => new Fraction(k, 2)),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  detect: (v) => {
    if (v.x.length < 3) return `N = ${v.x.length} < 3 samples`;
    if (new Set(v.x.map((q) => q.toFraction())).size !== v.x.length) return 'two inputs are equal';
    if (v.lambda.n === 0n) return 'λ = 0 (Δy = 0)';
    if (v.magnitudes.length < 1 || v.magnitudes.some((a) => a.s <= 0n || a.n === 0n))
      return 'a magnitude |v_i| is not positive';
    return null;
  },
  codec: z.object({ sigma: z.enum(['exp', 'softplus']), x: rationals, lambda: rationalCodec, magnitudes: rationals }),
  describe: (v) => {
    const p = pointOf(v);
    return [
      `σ = ${v.sigma}, N = ${v.x.length}, m = ${v.magnitudes.length}, x = (${v.x.map(encQ).join(', ')})`,
      `Δy = (${p.dy.map(encQ).join(', ')}), E = ${encQ(p.risk)}, w = 0, v = (${p.v.map(encQ).join(', ')})`,
    ].join('\n');
  },
  hypotheses: [
    'σ = exp (σ(0) = σ′(0) = σ″(0) = 1) or softplus (ln 2, 1/2, 1/4): analytic, Theorem 5’s condition holds',
    'N = 3..5 pairwise distinct rational inputs, m = 1..3 hidden units',
  ],
});

export const theorem5Analytic = ding2019.claim({
  id: 'ding2019.thm5.analytic-evidence',
  section: '§5, Theorem 5 and its proof (eqs. 14–18), for analytic σ',
  title: 'Theorem 5 (N ≥ 3) for exp and softplus: the constructed point is a local minimum (decimal evidence)',
  statement:
    'For σ = exp and σ = softplus (analytic, with σ(0), σ′(0), σ″(0) ≠ 0) and N ≥ 3 distinct inputs, the point of the proof of Theorem 5 (w = 0, output weights of one sign against σ″(0)⟨Δy, x∘x⟩, y = ŷ + Δy) is a local minimum with E > 0. Checked in 50-digit decimals, so only as evidence: the gradient is below 10⁻³⁸(1 + E); the Hessian (float64 eigenvalues of the decimal Hessian, |λ| ≤ 10⁻⁹·max|λ| counted as zero) has no negative eigenvalue and exactly m − 1 zero ones; it is positive definite off the m − 1 directions Δw = 0, ΣΔv_i = 0 along which E is constant; and 72 probes at radii 10⁻², 10⁻³, 10⁻⁴ times min(1, min|v_i|), with E′ − E computed as −2⟨Δy, ŷ′ − ŷ⟩ + ‖ŷ′ − ŷ‖² (Lemma 1’s identity), find no lower risk. For softplus, σ(0) = ln 2 is rounded to 60 digits in the targets. e^{−t} needs no instances of its own: σ(w x) = exp(−w x), the exp network with w ↦ −w.',
  instance: analyticSetups,
  arithmetic: 'decimal',
  runs: 30,
  check: (v): Outcome => {
    const r = analyticMinimum(pointOf(v));
    const claimed =
      'a local minimum: ∇E ≈ 0, Hessian PSD with exactly m − 1 zero eigenvalues, PD off the flat set, no probe lower';
    return r.isMinimum ? supported() : unsupported(claimed, r.summary, asJson(r.verdict));
  },
});
