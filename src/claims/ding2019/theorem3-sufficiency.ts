/**
 * Ding, Li & Sun (2019) §4.2, Theorem 3 (N = m = 1), sufficiency (Appendix A):
 * under Assumption 4 (every zero of σ is a sign change) no point with E > 0 is
 * a local minimum of E = (y − vσ(wx))². Decided exactly by the landscape
 * toolkit at generated points, about a third of them placed at a zero of σ(wx) on
 * purpose (the case the appendix argues through the sign change).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { recheck } from '../../landscape/recheck.js';
import { twoPiece, type Activation } from '../../model/activation.js';
import { dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import { factoredActivation, shallowNet, shallowTheta } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted, unsupported } from '../define.js';
import { integer, rationalCodec, rationals } from '../schema.js';
import { ding2019, sse } from './paper.js';

/** An Assumption 4 activation: leaky ReLU with slopes s₋ ≠ s₊ (both > 0), or c·∏(t − r_k)^{m_k}·(t² + bt + p). */
export type A4Activation =
  | { kind: 'leaky-relu'; sMinus: Fraction; sPlus: Fraction }
  | { kind: 'polynomial'; c: Fraction; roots: Fraction[]; mults: number[]; quad: { b: Fraction; p: Fraction } | null };

export interface SufficiencyValue {
  act: A4Activation;
  x: Fraction;
  y: Fraction;
  v: Fraction;
  /** used when `zero` is null */
  w: Fraction;
  /** put w at a zero t₀ of σ (w = t₀/x): the (k mod #zeros)-th (leaky ReLU: t₀ = 0; else the roots r_k); ignored when σ has no real zero */
  zero: number | null;
}

export const activationOfA4 = (a: A4Activation): Activation =>
  a.kind === 'leaky-relu' ? twoPiece(a.sMinus, a.sPlus) : factoredActivation(a.c, a.roots, a.mults, a.quad);

/** The real zeros of σ. */
const zerosOf = (a: A4Activation): Fraction[] => (a.kind === 'leaky-relu' ? [ZERO] : a.roots);

export function pointOf(v: SufficiencyValue) {
  const act = activationOfA4(v.act);
  const net = shallowNet(act, 1);
  const zeros = zerosOf(v.act);
  const atZero = v.zero !== null && zeros.length > 0;
  const w = atZero ? zeros[v.zero! % zeros.length].div(v.x) : v.w;
  const theta = shallowTheta(net, [w], [v.v]);
  const data = dataset([[v.x]], [[v.y]]);
  return { act, net, theta, data, w, atZero, risk: exactRisk(net, sse, theta, data) };
}

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

function detectA4(a: A4Activation): string | null {
  if (a.kind === 'leaky-relu') {
    if (a.sMinus.s <= 0n || a.sMinus.n === 0n || a.sPlus.s <= 0n || a.sPlus.n === 0n)
      return 'a slope is not positive (a zero at a local extremum, or a flat zero piece)';
    return a.sMinus.equals(a.sPlus) ? 's₋ = s₊ (linear, not the leaky ReLU family)' : null;
  }
  if (a.c.n === 0n) return 'c = 0 (σ ≡ 0)';
  if (a.mults.length < a.roots.length) return 'a root has no multiplicity';
  if (a.mults.slice(0, a.roots.length).some((m) => m % 2 !== 1 || m < 1 || m > 7))
    return 'a root of even multiplicity: a zero at a local extremum (Assumption 4 fails)';
  if (new Set(a.roots.map((r) => r.toFraction())).size !== a.roots.length) return 'two roots are equal';
  if (a.quad && a.quad.b.mul(a.quad.b).compare(a.quad.p.mul(4)) >= 0) return 't² + bt + p has a real zero (b² ≥ 4p)';
  if (a.roots.length === 0 && !a.quad) return 'σ is constant';
  return null;
}

const activationJson = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('leaky-relu'), sMinus: rationalCodec, sPlus: rationalCodec }),
  z.object({
    kind: z.literal('polynomial'),
    c: rationalCodec,
    roots: rationals,
    mults: z.array(integer),
    quad: z.object({ b: rationalCodec, p: rationalCodec }).nullable(),
  }),
]);

const sufficiencyValues = instanceKind<SufficiencyValue>({
  generate: () =>
    fc.record({
      act: a4Activation,
      x: nonzeroRational(4, 3),
      y: nonzeroRational(6, 3),
      v: fc.oneof(fc.constant(ZERO), smallRational(6, 3)),
      w: smallRational(4, 3),
      zero: fc.option(fc.nat(2), { freq: 2 }),
    }),
  detect: (v) => {
    const bad = detectA4(v.act);
    if (bad) return bad;
    if (v.x.n === 0n) return 'x = 0';
    if (v.zero !== null && v.zero < 0) return 'a negative zero index';
    return pointOf(v).risk.n === 0n ? 'E = 0: a global minimum' : null;
  },
  codec: z.object({
    act: activationJson,
    x: rationalCodec,
    y: rationalCodec,
    v: rationalCodec,
    w: rationalCodec,
    zero: integer.nullable(),
  }),
  describe: (v) => {
    const p = pointOf(v);
    return `σ = ${p.act.name}, x = ${encQ(v.x)}, y = ${encQ(v.y)}; (w, v) = (${encQ(p.w)}, ${encQ(v.v)})${p.atZero ? ' with σ(wx) = 0' : ''}, E = ${encQ(p.risk)}`;
  },
  hypotheses: [
    'N = m = 1, x ≠ 0',
    'σ meets Assumption 4: leaky ReLU with slopes s₋ ≠ s₊ both > 0, or c·∏(t − r_k)^{m_k}·(t² + bt + p) with distinct r_k, odd m_k and b² < 4p (among them 1 + t + t² and t³)',
    'E(w, v) > 0; w at a zero of σ (w = t₀/x, so σ(wx) = 0) for about a third of the instances',
  ],
});

export const theorem3Sufficiency = ding2019.claim({
  id: 'ding2019.thm3.sufficiency',
  section: '§4.2, Theorem 3 and Assumption 4; Appendix A (sufficiency)',
  title: 'Theorem 3, sufficiency: under Assumption 4 the one-neuron, one-sample net has no bad local minimum',
  statement:
    'If every zero of σ is neither a local minimum nor a local maximum of σ (Assumption 4), then for x ≠ 0 no point (w, v) with E = (y − vσ(wx))² > 0 is a local minimum. Checked exactly at generated points, about a third of them with σ(wx) = 0 (w = t₀/x at a zero t₀ of σ, where the gradient in v vanishes): the landscape toolkit must find an exact descent (a gradient, negative-curvature or higher-order direction of its own, not one we supply), which is then re-checked independently.',
  instance: sufficiencyValues,
  check: (v) => {
    const p = pointOf(v);
    const verdict = analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true });
    const computed = `E = ${encQ(p.risk)}; the toolkit says ${verdict.strength}: ${verdict.summary}`;
    if (verdict.strength === 'proved')
      return refuted('(w, v) with E > 0 is not a local minimum', computed, asJson(verdict));
    if (verdict.strength !== 'refuted')
      return unsupported('(w, v) with E > 0 is not a local minimum', computed, asJson(verdict));
    const errs = recheck(verdict, p.net, sse, p.theta, p.data);
    if (errs.length)
      throw new Error(`internal: the toolkit's descent failed its independent re-check: ${errs.join('; ')}`);
    return proved();
  },
});
