/**
 * Ding, Li & Sun (2019) §5, Theorem 5's proof generalised (ours): every hidden
 * weight at a common value ω instead of 0. The proof's argument goes through
 * whenever ½x∘x∘σ″(ωx) is not in span{σ(ωx), x∘σ′(ωx)}; decided exactly for
 * quadratic σ.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { nonzeroRational } from '../../gen/arbitraries.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { exactGradient } from '../../model/exact.js';
import { commonWeightPoint } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { fromVerdict, instanceKind, refuted } from '../define.js';
import { rationalCodec } from '../schema.js';
import type { Outcome } from '../types.js';
import {
  activationOf,
  detectQuadraticSetup,
  quadraticSetupArbitrary,
  quadraticSetupCodec,
  quadraticSetups,
  type QuadraticSetup,
} from './instances.js';
import { ding2019, sse } from './paper.js';

type OmegaSetup = QuadraticSetup & { omega: Fraction };

const pointOf = (v: OmegaSetup) => commonWeightPoint(activationOf(v), v.omega, v.x, v.lambda, v.magnitudes);

const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;

const omegaSetups = instanceKind<OmegaSetup>({
  generate: () =>
    fc.tuple(quadraticSetupArbitrary(), nonzeroRational(3, 3)).map(([setup, omega]) => ({ ...setup, omega })),
  detect: (v) => {
    const base = detectQuadraticSetup(v);
    if (base) return base;
    if (v.omega.n === 0n) return 'ω = 0 (Theorem 5’s own point)';
    return pointOf(v) ? null : '½x∘x∘σ″(ωx) lies in span{σ(ωx), x∘σ′(ωx)}: no Δy (Lemma 2)';
  },
  codec: quadraticSetupCodec.extend({ omega: rationalCodec }),
  describe: (v) => {
    const p = pointOf(v);
    if (!p) return `σ(t) = ${encQ(v.alpha)} + ${encQ(v.beta)}·t + ${encQ(v.gamma)}·t², ω = ${encQ(v.omega)}: no Δy`;
    return [
      `σ(t) = ${encQ(v.alpha)} + ${encQ(v.beta)}·t + ${encQ(v.gamma)}·t², N = ${v.x.length}, m = ${v.magnitudes.length}, ω = ${encQ(v.omega)}`,
      `x = ${show(v.x)}, y = ${show(p.data.targets.map((t) => t[0]))}`,
      `Δy = ${show(p.dy)}, ⟨Δy, ∂²z⟩ = ${encQ(p.c)}, E = ${encQ(p.risk)}; w = ${show(p.w)}, v = ${show(p.v)}`,
    ].join('\n');
  },
  hypotheses: [
    ...(quadraticSetups.hypotheses ?? []),
    'a common hidden weight ω ≠ 0 with ½x∘x∘σ″(ωx) ∉ span{σ(ωx), x∘σ′(ωx)}',
  ],
});

export const theorem5CommonWeight = ding2019.claim({
  id: 'ding2019.thm5.common-weight',
  section: '§5, proof of Theorem 5 (eqs. 14–18) with w = ω·1; Lemmas 1 and 2',
  title: 'Theorem 5’s construction at any common hidden weight ω: a local minimum with E > 0',
  statement:
    'Our generalisation of the proof of Theorem 5: put every hidden weight at the same ω (the proof takes ω = 0). With z = σ(ωx), ∂z = x∘σ′(ωx) and ∂²z = ½x∘x∘σ″(ωx), take Δy ⊥ z, ∂z with ⟨Δy, ∂²z⟩ ≠ 0 (Lemma 2, possible when ∂²z ∉ span{z, ∂z}), every v_i of sign −sign⟨Δy, ∂²z⟩, and y = (Σ v_i)z + Δy. Then ⟨Δy, ŷ′ − ŷ⟩ = Σ (v_i + Δv_i)Δw_i²⟨Δy, ∂²z⟩ ≤ 0 nearby and Lemma 1 makes the point a local minimum with E = ‖Δy‖² > 0. Checked exactly for quadratic σ: zero gradient, and a certificate from the landscape toolkit.',
  instance: omegaSetups,
  check: (v): Outcome => {
    const p = pointOf(v)!;
    const g = exactGradient(p.net, sse, p.theta, p.data);
    if (g.kind !== 'interior') return refuted('∇E = 0', 'the risk is not differentiable at the point');
    const bad = g.value.findIndex((d) => d.n !== 0n);
    if (bad >= 0) return refuted('∇E = 0', `gradient entry ${bad + 1} is ${encQ(g.value[bad])}`);
    return fromVerdict(
      analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true }),
      'the point is a local minimum',
    );
  },
});
