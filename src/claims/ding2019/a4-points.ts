/**
 * Ding, Li & Sun (2019) §4.2, Theorem 3 (N = m = 1): points (w, v) of
 * E = (y − vσ(wx))² for Assumption 4 activations, about a third of them at a
 * zero of σ(wx), and the exact check that such a point with E > 0 is not a
 * local minimum (the toolkit's own descent, re-checked). Shared by the
 * sufficiency claim and the phase table's N = 1 cells.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { twoPiece, type Activation } from '../../model/activation.js';
import { dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import { factoredActivation, shallowNet, shallowTheta } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted, unsupported } from '../define.js';
import { integer, rationalCodec, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { analyseRechecked } from '../../landscape/analyse-rechecked.js';
import { sse } from './paper.js';

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

export function detectA4(a: A4Activation): string | null {
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

export function sufficiencyKind(act: fc.Arbitrary<A4Activation>, hypotheses: string[]) {
  return instanceKind<SufficiencyValue>({
    generate: () =>
      fc.record({
        act,
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
    hypotheses,
  });
}

/** The toolkit must find an exact descent at a point with E > 0 (re-checked independently). */
export function descentAt(v: SufficiencyValue): Outcome {
  const p = pointOf(v);
  const verdict = analyseRechecked(p.net, sse, p.theta, p.data);
  const computed = `E = ${encQ(p.risk)}; the toolkit says ${verdict.strength}: ${verdict.summary}`;
  if (verdict.strength === 'proved')
    return refuted('(w, v) with E > 0 is not a local minimum', computed, asJson(verdict));
  if (verdict.strength !== 'refuted')
    return unsupported('(w, v) with E > 0 is not a local minimum', computed, asJson(verdict));
  return proved();
}
