/**
 * Ding, Li & Sun (2019) §4.2 and §5: the reading that at N = 2 no bad local
 * minimum exists for every activation meeting Theorem 5's conditions
 * (σ(0), σ′(0), σ″(0) ≠ 0). The paper proves "no bad minimum" at N = 2 only
 * under Assumption 5 (Theorem 4); the phase-transition remarks of §4.2 and §5
 * invite the broader reading, which is false: with all hidden weights equal
 * to ω where z = σ(ωx) and ∂z = x∘σ′(ωx) are parallel (Assumption 5(3) fails
 * at λ = ω), §5's argument goes through at N = 2. The generator draws such
 * points for quadratic σ and lets the toolkit decide them exactly.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational } from '../../gen/arbitraries.js';
import { exactRisk } from '../../model/exact.js';
import { parallelPoint, shallowTheta, twoSampleRealizer } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted, unsupported } from '../define.js';
import { rationalCodec, rationals } from '../schema.js';
import { analyseRechecked } from '../../landscape/analyse-rechecked.js';
import { ding2019, sse } from './paper.js';

export interface ParallelValue {
  /** β, γ of σ = α + βt + γt² (α is solved for) */
  beta: Fraction;
  gamma: Fraction;
  /** the common hidden weight */
  omega: Fraction;
  /** the two inputs */
  x: Fraction[];
  /** output weights v_i, m = 2..3 */
  v: Fraction[];
  /** scale of the residual r ⊥ z */
  lambda: Fraction;
}

const pointCache = new WeakMap<ParallelValue, ReturnType<typeof parallelPoint>>();
export const parallelOf = (v: ParallelValue) =>
  pointCache.get(v) ??
  (pointCache.set(v, parallelPoint(v.beta, v.gamma, v.omega, v.x, v.v, v.lambda)), pointCache.get(v)!);

const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;

const parallelValues = instanceKind<ParallelValue>({
  generate: () =>
    fc.record({
      beta: nonzeroRational(4, 3),
      gamma: nonzeroRational(4, 3),
      omega: nonzeroRational(4, 3),
      x: fc.uniqueArray(nonzeroRational(4, 3), { minLength: 2, maxLength: 2, selector: (q) => q.toFraction() }),
      v: fc.array(nonzeroRational(4, 3), { minLength: 2, maxLength: 3 }),
      lambda: nonzeroRational(4, 3),
    }),
  detect: (v) => {
    if (v.beta.n === 0n || v.gamma.n === 0n) return 'σ′(0) = β or σ″(0) = 2γ is 0';
    if (v.x.length !== 2) return `N = ${v.x.length}, not 2`;
    if (v.x[0].equals(v.x[1])) return 'x₁ = x₂';
    if (v.v.length < 2) return 'm < 2';
    const p = parallelOf(v);
    if (!p) return 'no α makes z ∥ ∂z at this ω (x₂σ′(ωx₂) = x₁σ′(ωx₁) for every α)';
    if (p.alpha.n === 0n) return 'the solved α is 0: σ(0) = 0';
    if (exactRisk(p.net, sse, p.theta, p.data).n === 0n) return 'E = 0 (λ = 0)';
    return null;
  },
  codec: z.object({
    beta: rationalCodec,
    gamma: rationalCodec,
    omega: rationalCodec,
    x: rationals,
    v: rationals,
    lambda: rationalCodec,
  }),
  describe: (v) => {
    const p = parallelOf(v);
    if (!p) return `β = ${encQ(v.beta)}, γ = ${encQ(v.gamma)}, ω = ${encQ(v.omega)}, x = ${show(v.x)}: no α`;
    return [
      `σ(t) = ${p.act.name} (σ(0) = ${encQ(p.alpha)}, σ′(0) = ${encQ(v.beta)}, σ″(0) = ${encQ(v.gamma.mul(2))}), N = 2, m = ${v.v.length}`,
      `x = ${show(v.x)}, y = ${show(p.data.targets.map((t) => t[0]))}`,
      `w = ${show(v.v.map(() => v.omega))}, v = ${show(v.v)}; z = σ(ωx) = ${show(p.z)} ∥ ∂z = x∘σ′(ωx) = ${show(p.dz)}, E = ${encQ(exactRisk(p.net, sse, p.theta, p.data))}`,
    ].join('\n');
  },
  hypotheses: [
    'σ(t) = α + βt + γt² with σ(0) = α, σ′(0) = β, σ″(0) = 2γ all nonzero (Theorem 5’s conditions)',
    'N = 2 distinct nonzero inputs, m = 2..3 hidden units, E > 0',
    'the points drawn: every hidden weight equal to ω, α solved so that z = σ(ωx) ∥ ∂z = x∘σ′(ωx), targets y = ŷ + λr with r ⊥ z (a critical point)',
  ],
});

export const n2EveryTheorem5Activation = ding2019.claim({
  id: 'ding2019.n2.every-thm5-activation',
  section:
    '§1 (contributions: the phase transition in N), §4.2 (Theorem 4, Assumption 5) and §5 (Theorem 5’s conditions)',
  title: 'Reading: at N = 2 no bad local minimum for every σ with σ(0), σ′(0), σ″(0) ≠ 0',
  statement:
    'A broader reading of the phase transition that §1 announces (no bad local minimum with one or two samples, bad minima with three or more for almost all activations) and §4.2 and §5 develop: with two distinct samples (N = 2) and m ≥ N hidden units, E has no sub-optimal local minimum for every activation with σ(0), σ′(0), σ″(0) ≠ 0 (the conditions under which Theorem 5 builds bad minima for N ≥ 3). The paper proves N = 2 only under Assumption 5 (Theorem 4). Checked exactly for quadratic σ at critical points with all hidden weights equal to ω where σ(ωx) and x∘σ′(ωx) are parallel: each such point with E > 0 must not be a local minimum (the net can fit every y, so a local minimum with E > 0 is sub-optimal; a zero-loss point is computed). Expected refuted: the toolkit certifies some of these points as local minima.',
  instance: parallelValues,
  expected: 'refuted',
  correctedBy: 'ding2019.thm4.no-bad-min',
  check: (v) => {
    const p = parallelOf(v)!;
    const e = exactRisk(p.net, sse, p.theta, p.data);
    const r = twoSampleRealizer(p.act, p.data, v.v.length);
    if (!r) throw new Error('internal: no zero-loss point of the two-sample net was found');
    const e0 = exactRisk(p.net, sse, shallowTheta(p.net, r.w, r.v), p.data);
    if (e0.n !== 0n) throw new Error(`internal: the two-sample realizer has E = ${encQ(e0)}`);
    const verdict = analyseRechecked(p.net, sse, p.theta, p.data);
    const computed = `E = ${encQ(e)} > 0 = E(w = ${show(r.w)}, v = ${show(r.v)}); the toolkit says ${verdict.strength}: ${verdict.summary}`;
    const claimed = '(w, v) with E > 0 is not a local minimum';
    if (verdict.strength === 'refuted') return proved();
    return verdict.strength === 'proved'
      ? refuted(claimed, computed, asJson(verdict))
      : unsupported(claimed, computed, asJson(verdict));
  },
});
