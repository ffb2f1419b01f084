/**
 * Ding, Li & Sun (2019) §5, Theorem 5 (eqs. 14–18): for N ≥ 3 distinct inputs
 * and σ with σ(0), σ′(0), σ″(0) ≠ 0, the bias-free one-hidden-layer net has a
 * local minimum with E > 0; decided exactly for quadratic σ. Beside it, our
 * negative control: the same construction with one output weight of the wrong
 * sign and small is not a local minimum.
 */
import { analyseLocalMin } from '../../landscape/analyse.js';
import { exactGradient, exactRisk } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import { pointAtZero, quadraticRealizer, shallowTheta } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { asJson, fromVerdict, narrowed, proved, refuted, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import {
  activationOf,
  quadraticSetupArbitrary,
  quadraticSetups,
  theorem5Of,
  type QuadraticSetup,
} from './instances.js';
import { ding2019, sse } from './paper.js';

export const theorem5Critical = ding2019.claim({
  id: 'ding2019.thm5.critical-positive',
  section: '§5, Theorem 5 and its proof (eqs. 14–16)',
  title: 'Theorem 5 (N ≥ 3): the constructed point is a critical point with E > 0',
  statement:
    'For σ with σ(0), σ′(0), σ″(0) ≠ 0 and N ≥ 3 distinct inputs, the proof of Theorem 5 sets w = 0, picks Δy = y − ŷ orthogonal to 1 and x with ⟨Δy, x∘x⟩ ≠ 0 (Lemma 2), and output weights v_i of one sign against σ″(0)⟨Δy, x∘x⟩. There the gradient of E is zero and E = ‖Δy‖² > 0. Checked exactly for quadratic σ = α + βt + γt².',
  instance: quadraticSetups,
  check: (v): Outcome => {
    const p = theorem5Of(v);
    const g = exactGradient(p.net, sse, p.theta, p.data);
    if (g.kind !== 'interior') return refuted('∇E = 0', 'the risk is not differentiable at the point');
    const bad = g.value.findIndex((d) => d.n !== 0n);
    if (bad >= 0) return refuted('∇E = 0', `gradient entry ${bad + 1} is ${encQ(g.value[bad])}`);
    const e = exactRisk(p.net, sse, p.theta, p.data);
    if (!e.equals(p.risk)) return refuted('E = ‖Δy‖²', `E = ${encQ(e)}, ‖Δy‖² = ${encQ(p.risk)}`);
    if (e.s <= 0n || e.n === 0n) return refuted('E > 0', `E = ${encQ(e)}`);
    return proved();
  },
});

export const theorem5LocalMin = ding2019.claim({
  id: 'ding2019.thm5.local-min',
  section: '§5, Theorem 5 and its proof (eqs. 16–18, Lemma 1)',
  title: 'Theorem 5 (N ≥ 3): the constructed point is a local minimum',
  statement:
    'The point of the proof of Theorem 5 (w = 0, the sign rule on v, y = ŷ + Δy) is a local minimum of E. For m ≥ 2 it is not strict: E is constant when the v_i move with fixed sum. Decided by the landscape toolkit, exactly for quadratic σ: a proof is an exact certificate (positive definite Hessian for m = 1; for m ≥ 2 a positive semidefinite Hessian whose null directions are tangent to a family of critical points of equal risk).',
  instance: quadraticSetups,
  check: (v): Outcome => {
    const p = theorem5Of(v);
    return fromVerdict(
      analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true }),
      'the point is a local minimum',
    );
  },
});

/** m ≥ 3 (a realizer exists); null or the reason. */
const atLeastThreeUnits = (v: QuadraticSetup) =>
  v.magnitudes.length >= 3 ? null : `m = ${v.magnitudes.length} < 3: the quadratic net cannot fit every y`;

export const theorem5SubOptimal = ding2019.claim({
  id: 'ding2019.thm5.sub-optimal',
  section: '§5, Theorem 5; Corollary 1 (realizable nets)',
  title: 'Theorem 5 (N ≥ 3, m ≥ 3): the constructed local minimum is sub-optimal',
  statement:
    'Where the net can fit the data, the local minimum of Theorem 5 is sub-optimal: some (w′, v′) has E = 0 < E(w, v). For quadratic σ with m ≥ 3 the constructed targets lie in span{1, x, x∘x}, which the net fills (our realizer: hidden weights 0, 1, −1, output weights by an exact linear solve), so E = 0 is reached for every N.',
  instance: {
    ...narrowed(quadraticSetups, atLeastThreeUnits, ['m ≥ 3 hidden units']),
    generate: () => quadraticSetupArbitrary(3),
  },
  check: (v): Outcome => {
    const p = theorem5Of(v);
    const r = quadraticRealizer(activationOf(v), p.data, v.magnitudes.length);
    if (!r) return refuted('a realizer exists', 'the targets are not in the span of the net’s outputs');
    const e = exactRisk(p.net, sse, shallowTheta(p.net, r.w, r.v), p.data);
    if (e.n !== 0n) return refuted('E(realizer) = 0', `E = ${encQ(e)}`);
    return p.risk.compare(ZERO) > 0 ? proved() : refuted('E(w, v) > 0', `E = ${encQ(p.risk)}`);
  },
});

/**
 * Our negative control: v₁ of the wrong sign (that of σ″(0)·c) and small,
 * |v₁| = |γc|/(β²‖x‖²), the other v_i as constructed, targets rebuilt so the
 * point stays critical. Along w₁ alone E − E* = w₁²(v₁²β²‖x‖² − 4γc·v₁) + …, negative.
 */
export function flippedPoint(v: QuadraticSetup) {
  const p = theorem5Of(v);
  const gc = v.gamma.mul(p.c);
  const xx = p.data.inputs.reduce((a, r) => a.add(r[0].mul(r[0])), ZERO);
  const small = gc.abs().div(v.beta.mul(v.beta).mul(xx));
  const v1 = gc.s > 0n ? small : small.neg();
  return pointAtZero(activationOf(v), v.alpha, v.x, p.dy, [v1, ...p.v.slice(1)]);
}

export const theorem5FlippedControl = ding2019.claim({
  id: 'ding2019.thm5.flipped-sign-control',
  section: '§5, proof of Theorem 5 (the sign rule on v); our negative control',
  title: 'Control: with one output weight of the wrong sign and small, the point is still a local minimum',
  statement:
    'A negative control of ours, expected refuted: the construction of Theorem 5 with v₁ given the sign of σ″(0)⟨Δy, x∘x⟩ (against the proof’s sign rule) and |v₁| below 2|γc|/(β²‖x‖²), targets rebuilt so that the point is still critical. The claim that it is a local minimum must be refuted by an exact descent.',
  instance: quadraticSetups,
  expected: 'refuted',
  control: true,
  check: (v): Outcome => {
    const p = flippedPoint(v);
    const verdict = analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true });
    if (verdict.strength === 'proved') return proved();
    const computed = `E = ${encQ(p.risk)}, v = (${p.v.map(encQ).join(', ')}); the toolkit says ${verdict.strength}: ${verdict.summary}`;
    return verdict.strength === 'refuted'
      ? refuted('the flipped point is a local minimum', computed, asJson(verdict))
      : unsupported('the flipped point is a local minimum', computed, asJson(verdict));
  },
  describe: (v) => {
    const p = flippedPoint(v);
    return `σ(t) = ${encQ(v.alpha)} + ${encQ(v.beta)}·t + ${encQ(v.gamma)}·t², x = (${v.x.map(encQ).join(', ')}), y = (${p.data.targets.map((t) => encQ(t[0])).join(', ')})\nw = 0, v = (${p.v.map(encQ).join(', ')}), E = ${encQ(p.risk)}`;
  },
});
