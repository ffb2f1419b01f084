/**
 * Ding, Li & Sun (2019) §4.2, Theorem 3 (N = m = 1), necessity (Appendix A):
 * when a zero of σ is a local extremum (Assumption 4 fails), the point
 * w₀ = t₀/x with v₀ of the right sign is a bad local minimum, for every y ≠ 0.
 * And §1.2's remark that (1 − vσ(w))² with σ = (t − 0.01)² has no bad local
 * minimum, which Theorem 3's own construction refutes.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import {
  evalPoly,
  evalPwl,
  polynomial,
  relu,
  shiftedSquare,
  type Activation,
  type PolyActivation,
} from '../../model/activation.js';
import { dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import { shallowNet, shallowTheta } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { fromVerdict, instanceKind, refuted } from '../define.js';
import { rationalCodec } from '../schema.js';
import { ding2019, sse } from './paper.js';

type A4Violator = 'square' | 'negative-square' | 'relu';

interface Theorem3Value {
  kind: A4Violator;
  /** the zero t₀ = c of (t − c)² or −(t − c)² (unused for ReLU, whose zero is t₀ = −1 inside the flat piece) */
  c: Fraction;
  x: Fraction;
  y: Fraction;
  /** |v₀| */
  v: Fraction;
}

function activationOf3(v: Theorem3Value): Activation {
  if (v.kind === 'relu') return relu();
  const s = shiftedSquare(v.c);
  return v.kind === 'square'
    ? s
    : polynomial(
        s.coefficients.map((q) => q.neg()),
        `-${s.name}`,
      );
}

/** Appendix A: w₀ = t₀/x, v₀ with v₀y < 0 at a zero that is a local minimum of σ (v₀y > 0 at a local maximum). */
function necessityPoint(v: Theorem3Value) {
  const act = activationOf3(v);
  const t0 = v.kind === 'relu' ? new Fraction(-1) : v.c;
  const sameSign = v.kind === 'negative-square';
  const v0 = v.y.s > 0n === sameSign ? v.v.abs() : v.v.abs().neg();
  const net = shallowNet(act, 1);
  const data = dataset([[v.x]], [[v.y]]);
  // a realizer: t with σ(t) ≠ 0, w = t/x, v = y/σ(t)
  const t = v.kind === 'relu' ? new Fraction(1) : v.c.add(1);
  const realizer = shallowTheta(
    net,
    [t.div(v.x)],
    [v.y.div(act.kind === 'pwl' ? evalPwl(act, t) : evalPoly(act as PolyActivation, t))],
  );
  return { act, net, data, theta: shallowTheta(net, [t0.div(v.x)], [v0]), realizer };
}

const theorem3Values = instanceKind<Theorem3Value>({
  generate: () =>
    fc.record({
      kind: fc.constantFrom<A4Violator>('square', 'negative-square', 'relu'),
      c: smallRational(4, 4),
      x: nonzeroRational(6, 3),
      y: nonzeroRational(6, 3),
      v: nonzeroRational(6, 3).map((q) => q.abs()),
    }),
  detect: (v) =>
    v.x.n === 0n ? 'x = 0' : v.y.n === 0n ? 'y = 0 (no point is a bad minimum)' : v.v.n === 0n ? 'v₀ = 0' : null,
  codec: z.object({
    kind: z.enum(['square', 'negative-square', 'relu']),
    c: rationalCodec,
    x: rationalCodec,
    y: rationalCodec,
    v: rationalCodec,
  }),
  describe: (v) => {
    const p = necessityPoint(v);
    return `σ = ${p.act.name ?? v.kind}, x = ${encQ(v.x)}, y = ${encQ(v.y)}; (w₀, v₀) = (${p.theta.map(encQ).join(', ')}), E = ${encQ(exactRisk(p.net, sse, p.theta, p.data))}`;
  },
  hypotheses: [
    'N = m = 1, x ≠ 0, y ≠ 0',
    'σ violates Assumption 4: (t − c)² or ReLU (a zero at a local minimum), −(t − c)² (a zero at a local maximum)',
  ],
});

export const theorem3Necessity = ding2019.claim({
  id: 'ding2019.thm3.necessity',
  section: '§4.2, Theorem 3; Appendix A (necessity)',
  title: 'Theorem 3, necessity: without Assumption 4 the one-neuron, one-sample net has a bad local minimum',
  statement:
    'If σ has a zero t₀ that is a local minimum (or maximum) of σ, then for x ≠ 0 and every y ≠ 0 the point w₀ = t₀/x, with v₀y < 0 (v₀y > 0 at a local maximum), is a local minimum of E = (y − vσ(wx))² with E = y² > 0, while a zero-loss point exists (w = t/x, v = y/σ(t) for any t with σ(t) ≠ 0). The local minimum is certified exactly by the landscape toolkit.',
  instance: theorem3Values,
  check: (v) => {
    const p = necessityPoint(v);
    const e = exactRisk(p.net, sse, p.theta, p.data);
    if (!e.equals(v.y.mul(v.y))) return refuted('E(w₀, v₀) = y²', `E = ${encQ(e)}`);
    const e0 = exactRisk(p.net, sse, p.realizer, p.data);
    if (e0.n !== 0n) return refuted('the realizer has E = 0', `E = ${encQ(e0)}`);
    return fromVerdict(analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true }), '(w₀, v₀) is a local minimum');
  },
});

export const introShiftedSquare = ding2019.claim({
  id: 'ding2019.intro.shifted-square-no-bad-min',
  section: '§1.2 (toy functions)',
  title: '§1.2: with σ = (t − 0.01)², F(v, w) = (1 − vσ(w))² has no bad local minimum',
  statement:
    'The introduction says that for σ(t) = (t − 0.01)², F(v, w) = (1 − vσ(w))² has no sub-optimal local minimum. Checked at the points w = 1/100, v = v₀ < 0 that Theorem 3’s necessity construction gives (F = 1, while F = 0 is reached): a certified local minimum there refutes the remark. Expected refuted.',
  correctedBy: 'ding2019.thm3.necessity',
  instance: instanceKind<{ v: Fraction }>({
    generate: () => nonzeroRational(6, 3).map((q) => ({ v: q.abs().neg() })),
    detect: (v) => (v.v.s < 0n && v.v.n !== 0n ? null : 'v₀ is not negative'),
    codec: z.object({ v: rationalCodec }),
    describe: (v) => `σ = (t − 1/100)², x = 1, y = 1, (w, v) = (1/100, ${encQ(v.v)})`,
    hypotheses: ['v₀ < 0'],
  }),
  expected: 'refuted',
  check: (v) => {
    const act = shiftedSquare(new Fraction(1, 100));
    const net = shallowNet(act, 1);
    const data = dataset([[1]], [[1]]);
    const theta = shallowTheta(net, [new Fraction(1, 100)], [v.v]);
    const zero = shallowTheta(net, [new Fraction(101, 100)], [new Fraction(1)]);
    if (exactRisk(net, sse, zero, data).n !== 0n)
      throw new Error('σ(101/100) = 1, so F(101/100, 1) = 0: the suite computed otherwise');
    return fromVerdict(
      analyseLocalMin(net, sse, theta, data, { noProbes: true }),
      `(w, v) = (1/100, ${encQ(v.v)}) with F = ${encQ(exactRisk(net, sse, theta, data))} > 0 = F(101/100, 1) is not a local minimum`,
      'no',
    );
  },
});
