/**
 * Ding, Li & Sun (2019) §4.2, Theorem 4 (N = m = 2, Assumption 5) in floats:
 * the proof's core (Appendix B) is that M_i = [z_i, ∂z_i] (z_i = σ(w_i x),
 * ∂z_i = x∘σ′(w_i x)) is invertible, and (∂E/∂v_i, ∂E/∂w_i / v_i) = −2M_iᵀr with
 * r = y − ŷ. So E = ‖r‖² ≤ ¼‖M_i⁻¹‖₂²[(∂_{v_i}E)² + (∂_{w_i}E/v_i)²]: a point
 * with some v_i ≠ 0 and E > 0 is not critical. Checked at random points with
 * the model's own backprop gradient; evidence, not proof.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { expActivation, polynomial, softplus, type Activation } from '../../model/activation.js';
import { dataset, dataTensors, paramTensor } from '../../model/data.js';
import { getBlock } from '../../model/network.js';
import { risk, riskGradient } from '../../model/passes.js';
import { floatBackend } from '../../numeric/float-backend.js';
import { float64 } from '../../numeric/float64.js';
import { polyEval, smoothEval } from '../../numeric/elementwise.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import { shallowNet, shallowTheta } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { instanceKind, supported, unsupported } from '../define.js';
import { rationalCodec, rationals } from '../schema.js';
import { ding2019, sse } from './paper.js';

/** Assumption 5 activations: eᵗ, e⁻ᵗ, t + c (c ≠ 0), softplus. */
export type A5Name = 'exp' | 'exp-neg' | 'affine' | 'softplus';

export interface Theorem4Value {
  sigma: A5Name;
  /** c of t + c */
  c: Fraction;
  x: Fraction[];
  y: Fraction[];
  w: Fraction[];
  v: Fraction[];
}

/**
 * The activation and the inputs the net sees. e⁻ᵗ is eᵗ on the negated inputs:
 * Σ v_i e^{−w_i x_n} = Σ v_i exp(w_i·(−x_n)), the same risk as a function of (w, v).
 */
export function a5Setting(v: Theorem4Value): { act: Activation; inputs: Fraction[] } {
  if (v.sigma === 'exp-neg') return { act: expActivation(), inputs: v.x.map((q) => q.neg()) };
  const act = v.sigma === 'exp' ? expActivation() : v.sigma === 'softplus' ? softplus() : polynomial([v.c, ONE]);
  return { act, inputs: v.x };
}

/** σ and σ′ at t in floats. */
function sigmaAndSlope(act: Activation, t: number): [number, number] {
  if (act.kind === 'smooth') return smoothEval(float64, act.name, t).slice(0, 2) as [number, number];
  if (act.kind === 'poly')
    return polyEval(
      float64,
      act.coefficients.map((q) => q.valueOf()),
      t,
    ).slice(0, 2) as [number, number];
  throw new TypeError(`${act.name} is not smooth`);
}

export interface GradientBound {
  risk: number;
  /** the unit i = argmax |v_i| */
  unit: number;
  det: number;
  /** ¼‖M_i⁻¹‖₂²[(∂_{v_i}E)² + (∂_{w_i}E/v_i)²] */
  bound: number;
}

/** E, det M_i and the bound, with the gradient from the model's backprop (float64). */
export function gradientBound(v: Theorem4Value): GradientBound {
  const { act, inputs } = a5Setting(v);
  const net = shallowNet(act, v.w.length);
  const theta = shallowTheta(net, v.w, v.v);
  const data = dataset(
    inputs.map((x) => [x]),
    v.y.map((y) => [y]),
  );
  const { X, Y } = dataTensors(floatBackend, net, data);
  const rg = riskGradient(floatBackend, net, sse, paramTensor(floatBackend, net, theta), X, Y);
  const grad = Array.from(rg.grad.data);
  const gw = getBlock(net, grad, 'layer1.weight');
  const gv = getBlock(net, grad, 'layer2.weight');
  const vs = v.v.map((q) => q.valueOf());
  const i = vs.reduce((b, x, k) => (Math.abs(x) > Math.abs(vs[b]) ? k : b), 0);
  // M_i = [z_i, ∂z_i]: rows are the samples
  const M = inputs.map((q) => {
    const x = q.valueOf();
    const [s, d] = sigmaAndSlope(act, v.w[i].valueOf() * x);
    return [s, x * d];
  });
  const det = M[0][0] * M[1][1] - M[0][1] * M[1][0];
  const fro = M.flat().reduce((a, x) => a + x * x, 0);
  // ‖M⁻¹‖₂ = σ_max(M)/|det M| for 2 × 2
  const smax2 = (fro + Math.sqrt(Math.max(0, fro * fro - 4 * det * det))) / 2;
  const g2 = gv[i] ** 2 + (gw[i] / vs[i]) ** 2;
  return { risk: rg.risk, unit: i, det, bound: (smax2 / (det * det) / 4) * g2 };
}

const pair = (a: fc.Arbitrary<Fraction>) => fc.array(a, { minLength: 2, maxLength: 2 });
const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;

const theorem4Values = instanceKind<Theorem4Value>({
  generate: () =>
    fc.record({
      sigma: fc.constantFrom<A5Name>('exp', 'exp-neg', 'affine', 'softplus'),
      c: nonzeroRational(3, 3),
      x: fc.uniqueArray(smallRational(2, 4), { minLength: 2, maxLength: 2, selector: (q) => q.toFraction() }),
      y: pair(smallRational(4, 3)),
      w: pair(smallRational(2, 4)),
      v: pair(smallRational(3, 4)),
    }),
  detect: (v) => {
    if (v.x.length !== 2 || v.y.length !== 2 || v.w.length !== 2 || v.v.length !== 2) return 'N = m = 2 is not met';
    if (v.x[0].equals(v.x[1])) return 'x₁ = x₂';
    if (v.sigma === 'affine' && v.c.n === 0n) return 'σ = t: σ(0) = 0 (Assumption 5(1) fails)';
    if (v.v.every((q) => q.n === 0n)) return 'v = 0 (the proof’s separate case; no unit to bound with)';
    return null;
  },
  codec: z.object({
    sigma: z.enum(['exp', 'exp-neg', 'affine', 'softplus']),
    c: rationalCodec,
    x: rationals,
    y: rationals,
    w: rationals,
    v: rationals,
  }),
  describe: (v) => {
    const b = gradientBound(v);
    const name = v.sigma === 'affine' ? `t + ${encQ(v.c)}` : v.sigma === 'exp-neg' ? 'e^(−t)' : v.sigma;
    return `σ = ${name}, x = ${show(v.x)}, y = ${show(v.y)}, w = ${show(v.w)}, v = ${show(v.v)}; i = ${b.unit + 1}, det M_i = ${b.det.toExponential(6)}, E = ${b.risk.toExponential(6)}, bound = ${b.bound.toExponential(6)}`;
  },
  hypotheses: [
    'N = m = 2, x₁ ≠ x₂, v ≠ 0',
    'σ meets Assumption 5: eᵗ, e⁻ᵗ (run as eᵗ on −x), t + c with c ≠ 0, softplus',
  ],
});

/** Relative slack of the bound for float rounding. */
const SLACK = 1e-9;

export const theorem4NoBadMin = ding2019.claim({
  id: 'ding2019.thm4.no-bad-min',
  section: '§4.2, Theorem 4 and Assumption 5; Appendix B (eqs. 38–52)',
  title: 'Theorem 4 (N = m = 2, Assumption 5): no point with E > 0 and v ≠ 0 is critical (float evidence)',
  statement:
    'Theorem 4: with two distinct inputs, two hidden units and σ meeting Assumption 5, E has no sub-optimal local minimum. Its proof rests on M_i = [σ(w_i x), x∘σ′(w_i x)] being invertible, which makes (∂E/∂v_i, ∂E/∂w_i / v_i) = −2M_iᵀ(y − ŷ) vanish only when E = 0. What is checked, in float64 at random points with v ≠ 0, for σ = eᵗ, e⁻ᵗ, t + c (c ≠ 0) and softplus: det M_i ≠ 0 and E ≤ ¼‖M_i⁻¹‖₂²[(∂_{v_i}E)² + (∂_{w_i}E/v_i)²]·(1 + 10⁻⁹) for i = argmax |v_i|, with the gradient from the model’s backpropagation. This is evidence for the theorem, not a proof; the v = 0 case is ding2019.thm4.zero-output-descent, and the descent paths of Appendix B are not checked.',
  instance: theorem4Values,
  arithmetic: 'float',
  check: (v) => {
    const b = gradientBound(v);
    const computed = `i = ${b.unit + 1}, det M_i = ${b.det}, E = ${b.risk}, ¼‖M_i⁻¹‖²‖g_i‖² = ${b.bound}`;
    const evidence = { unit: b.unit, det: b.det, risk: b.risk, bound: b.bound };
    if (!(Math.abs(b.det) > 0))
      return unsupported('M_i = [z_i, ∂z_i] is invertible (Assumption 5)', computed, evidence);
    if (!(b.risk <= b.bound * (1 + SLACK)))
      return unsupported('E ≤ ¼‖M_i⁻¹‖₂²[(∂_{v_i}E)² + (∂_{w_i}E/v_i)²]', computed, evidence);
    return supported();
  },
});

/** the largest ε of v′ = εZ(w′)^{−ᵀ}y and the largest ‖v′‖; the offsets η·(1, −1) of w′ = w + η·(1, −1) tried until Z(w′) is invertible */
const EPS = 1e-3;
const STEP = 1e-3;
const OFFSETS = [0, 1e-3, 2e-3, 5e-3, 1e-2];

export interface ZeroOutputDescent {
  /** E at v = 0: ‖y‖² */
  risk: number;
  eta: number;
  det: number;
  /** ε, at most EPS and small enough that ‖v′‖ ≤ STEP */
  eps: number;
  /** E(w′, v′) from the model's forward pass; (1 − ε)²‖y‖² in exact arithmetic */
  lowered: number;
  /** ‖θ′ − θ‖ */
  distance: number;
}

/**
 * The note's §5.5, case v = 0 (ŷ = 0, E = ‖y‖²): w′ = w + η·(1, −1) with
 * Z(w′) = [σ(w′_i x_n)] invertible and v′ = εZ(w′)^{−ᵀ}y give ŷ′ = εy and
 * E′ = (1 − ε)²‖y‖²; null when no offset makes Z(w′) invertible.
 */
export function zeroOutputDescent(v: Theorem4Value): ZeroOutputDescent | null {
  const { act, inputs } = a5Setting(v);
  const net = shallowNet(act, 2);
  const data = dataset(
    inputs.map((x) => [x]),
    v.y.map((y) => [y]),
  );
  const x = inputs.map((q) => q.valueOf());
  const y = v.y.map((q) => q.valueOf());
  for (const eta of OFFSETS) {
    const w = [v.w[0].valueOf() + eta, v.w[1].valueOf() - eta];
    // Z: rows are the units, columns the samples; ŷ = Zᵀv
    const Z = w.map((wi) => x.map((xn) => sigmaAndSlope(act, wi * xn)[0]));
    const det = Z[0][0] * Z[1][1] - Z[0][1] * Z[1][0];
    if (!(Math.abs(det) > 1e-12)) continue;
    // v′ = ε Z^{−ᵀ} y: solve Zᵀ u = y, then scale so that ‖v′‖ ≤ STEP
    const u = [(Z[1][1] * y[0] - Z[1][0] * y[1]) / det, (Z[0][0] * y[1] - Z[0][1] * y[0]) / det];
    const eps = Math.min(EPS, STEP / Math.hypot(...u));
    const vp = u.map((t) => eps * t);
    const { X, Y } = dataTensors(floatBackend, net, data);
    const theta = floatBackend.fromNumbers(4, 1, Float64Array.from([...w, ...vp]));
    const lowered = risk(floatBackend, net, sse, theta, X, Y);
    return { risk: y[0] ** 2 + y[1] ** 2, eta, det, eps, lowered, distance: Math.hypot(eta, eta, ...vp) };
  }
  return null;
}

const zeroOutputValues = instanceKind<Theorem4Value>({
  ...theorem4Values,
  generate: (ctx) => theorem4Values.generate(ctx).map((v) => ({ ...v, v: v.v.map(() => ZERO) })),
  detect: (v) => {
    if (v.x.length !== 2 || v.y.length !== 2 || v.w.length !== 2 || v.v.length !== 2) return 'N = m = 2 is not met';
    if (v.x[0].equals(v.x[1])) return 'x₁ = x₂';
    if (v.sigma === 'affine' && v.c.n === 0n) return 'σ = t: σ(0) = 0 (Assumption 5(1) fails)';
    if (v.v.some((q) => q.n !== 0n)) return 'v ≠ 0 (the other case)';
    return v.y.every((q) => q.n === 0n) ? 'y = 0: E = 0 at v = 0' : null;
  },
  describe: (v) => {
    const d = zeroOutputDescent(v);
    const name = v.sigma === 'affine' ? `t + ${encQ(v.c)}` : v.sigma === 'exp-neg' ? 'e^(−t)' : v.sigma;
    return `σ = ${name}, x = ${show(v.x)}, y = ${show(v.y)}, w = ${show(v.w)}, v = 0; ${d ? `η = ${d.eta}, det Z(w′) = ${d.det.toExponential(6)}, E = ${d.risk}, E(w′, v′) = ${d.lowered} at distance ${d.distance.toExponential(3)}` : 'no offset makes Z(w′) invertible'}`;
  },
  hypotheses: [
    'N = m = 2, x₁ ≠ x₂, v = 0, y ≠ 0',
    'σ meets Assumption 5: eᵗ, e⁻ᵗ (run as eᵗ on −x), t + c with c ≠ 0, softplus',
  ],
});

export const theorem4ZeroOutput = ding2019.claim({
  id: 'ding2019.thm4.zero-output-descent',
  section: '§4.2, Theorem 4; Appendix B, the case v = 0',
  title: 'Theorem 4, the case v = 0: a lower point next to every point with ŷ = 0 and y ≠ 0 (float evidence)',
  statement: `Appendix B treats v = 0 (where ŷ = 0 and E = ‖y‖² > 0) by citing Li et al. (2018): a small move of w and then a path on which E decreases. Checked in float64 with a self-contained version of ours: det Z(w′) is analytic in w′ and not identically zero, so for w′ = w + η·(1, −1) with the first η in ${OFFSETS.join(', ')} that makes Z(w′) = [σ(w′_i x_n)] invertible, v′ = εZ(w′)^{−ᵀ}y with ε = min(${EPS}, ${STEP}/‖Z(w′)^{−ᵀ}y‖) (so ‖v′‖ ≤ ${STEP}) gives ŷ′ = εy and E(w′, v′) = (1 − ε)²‖y‖². Must hold: some offset works, and the model’s forward pass gives E(w′, v′) < (1 − ε)·E, at distance ‖θ′ − θ‖ ≤ √2·${OFFSETS[OFFSETS.length - 1]} + ${STEP}. Evidence, not proof.`,
  instance: zeroOutputValues,
  arithmetic: 'float',
  check: (v) => {
    const d = zeroOutputDescent(v);
    const claimed = 'a nearby point with E(w′, v′) < (1 − ε)‖y‖²';
    if (!d) return unsupported(claimed, `no η in ${OFFSETS.join(', ')} makes Z(w′) invertible`);
    const computed = `η = ${d.eta}, det Z(w′) = ${d.det}, ε = ${d.eps}, E = ${d.risk}, E(w′, v′) = ${d.lowered}, distance ${d.distance}`;
    return d.lowered < (1 - d.eps) * d.risk ? supported() : unsupported(claimed, computed, { ...d });
  },
});
