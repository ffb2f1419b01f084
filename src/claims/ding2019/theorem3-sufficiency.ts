/**
 * Ding, Li & Sun (2019) §4.2, Theorem 3 (N = m = 1), sufficiency (Appendix A):
 * under Assumption 4 (every zero of σ is a sign change) no point with E > 0 is
 * a local minimum of E = (y − vσ(wx))². Decided exactly by the landscape
 * toolkit at generated points, about a third of them placed at a zero of σ(wx) on
 * purpose (the case the appendix argues through the sign change).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { ZERO } from '../../numeric/rational.js';
import { descentAt, sufficiencyKind, type A4Activation } from './a4-points.js';
import { ding2019 } from './paper.js';

const positive = nonzeroRational(4, 3).map((q) => q.abs());
const ONE = new Fraction(1);

const a4Activation: fc.Arbitrary<A4Activation> = fc.oneof(
  fc
    .tuple(positive, positive)
    .filter(([a, b]) => !a.equals(b))
    .map(([sMinus, sPlus]) => ({ kind: 'leaky-relu' as const, sMinus, sPlus })),
  // c·∏(t − r_k)^{m_k}·(t² + bt + p): distinct roots, odd multiplicities, b² < 4p
  fc.record({
    kind: fc.constant('polynomial' as const),
    c: nonzeroRational(4, 3),
    roots: fc.uniqueArray(smallRational(4, 2), { minLength: 0, maxLength: 3, selector: (q) => q.toFraction() }),
    mults: fc.array(fc.constantFrom(1, 3, 5), { minLength: 3, maxLength: 3 }),
    quad: fc.option(
      fc.record({ b: smallRational(3, 2), p: positive }).map(({ b, p }) => ({ b, p: p.add(b.mul(b).div(4)) })),
    ),
  }),
  // the activations the paper's class names: 1 + t + t² (no real zero) and t³ (a triple zero at 0)
  fc.constant<A4Activation>({ kind: 'polynomial', c: ONE, roots: [], mults: [], quad: { b: ONE, p: ONE } }),
  fc.constant<A4Activation>({ kind: 'polynomial', c: ONE, roots: [ZERO], mults: [3], quad: null }),
);

export const theorem3Sufficiency = ding2019.claim({
  id: 'ding2019.thm3.sufficiency',
  section: '§4.2, Theorem 3 and Assumption 4; Appendix A (sufficiency)',
  title: 'Theorem 3, sufficiency: under Assumption 4 the one-neuron, one-sample net has no bad local minimum',
  statement:
    'If every zero of σ is neither a local minimum nor a local maximum of σ (Assumption 4), then for x ≠ 0 no point (w, v) with E = (y − vσ(wx))² > 0 is a local minimum. Checked exactly at generated points, about a third of them with σ(wx) = 0 (w = t₀/x at a zero t₀ of σ, where the gradient in v vanishes): the landscape toolkit must find an exact descent (a gradient, negative-curvature or higher-order direction of its own, not one we supply), which is then re-checked independently.',
  instance: sufficiencyKind(a4Activation, [
    'N = m = 1, x ≠ 0',
    'σ meets Assumption 4: leaky ReLU with slopes s₋ ≠ s₊ both > 0, or c·∏(t − r_k)^{m_k}·(t² + bt + p) with distinct r_k, odd m_k and b² < 4p (among them 1 + t + t² and t³)',
    'E(w, v) > 0; w at a zero of σ (w = t₀/x, so σ(wx) = 0) for about a third of the instances',
  ]),
  check: descentAt,
});
