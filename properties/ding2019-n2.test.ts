// Ding, Li & Sun (2019), the N ≤ 2 side (§4.2: Theorems 3 and 4, the m ≥ N remark; the N = 2
// reading refuted): golden values of the note's §6 (G6) and §5.5, reproduced from the constructions.
// The claims themselves run in ./ding2019.test.ts (claimTests('ding2019.')).
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { analyseLocalMin, recheck } from '../src/landscape/index.js';
import { quadratic } from '../src/model/activation.js';
import { dataset, exactRisk, squaredLoss } from '../src/model/index.js';
import {
  factoredActivation,
  parallelAlpha,
  parallelPoint,
  shallowNet,
  shallowTheta,
  twoSampleRealizer,
} from '../src/papers/ding2019/index.js';
import { gradientBound, zeroOutputDescent, type Theorem4Value } from '../src/claims/ding2019/theorem4.js';
import { pointOf } from '../src/claims/ding2019/a4-points.js';
import { theorem3Sufficiency } from '../src/claims/ding2019/theorem3-sufficiency.js';
import { n2EveryTheorem5Activation } from '../src/claims/ding2019/n2.js';
import { evalPoly } from '../src/model/activation.js';

const F = (a: number, b = 1) => new Fraction(a, b);
const sse = squaredLoss({ reduction: 'sum' });
const str = (xs: readonly Fraction[]) => xs.map((x) => x.toFraction());

describe('Ding et al., N = 2 without Assumption 5 (the note’s G6)', () => {
  const sigma = quadratic(1, 1, 1); // 1 + t + t²: σ(0), σ′(0), σ″(0) = 1, 1, 2
  const net = shallowNet(sigma, 2);
  const data = dataset([[1], [-1]], [[7], [-1]]);
  const theta = shallowTheta(net, [F(1), F(1)], [F(1), F(1)]);

  it('x = (1, −1), y = (7, −1), w = v = (1, 1): E = 10, a certified (non-strict) local minimum, and a zero-loss point exists', () => {
    // kills: a degenerate-minimum certificate that misses the flat direction v₁ − v₂ (it would say
    // inconclusive), a risk with ½ or 1/N (E ≠ 10), a realizer solve with the rows swapped (E ≠ 0)
    expect(exactRisk(net, sse, theta, data).toFraction()).toBe('10');
    const v = analyseLocalMin(net, sse, theta, data, { noProbes: true });
    expect(v.strength).toBe('proved');
    expect(v.evidence.kind).toBe('flat-family');
    expect(recheck(v, net, sse, theta, data)).toEqual([]);
    expect(exactRisk(net, sse, shallowTheta(net, [F(0), F(1)], [F(-5), F(4)]), data).toFraction()).toBe('0');
    const r = twoSampleRealizer(sigma, data, 2)!;
    expect(exactRisk(net, sse, shallowTheta(net, r.w, r.v), data).toFraction()).toBe('0');
    expect([str(r.w), str(r.v)]).toEqual([
      ['0', '1'],
      ['-5', '4'],
    ]);
  });

  it('the generator’s construction gives the same point: α = 1 from det[z, ∂z] = 0, z = ∂z = (3, 1), y = (7, −1) at λ = −3', () => {
    // kills: a wrong α-coefficient or sign in parallelAlpha (α ≠ 1), ∂z without the factor x,
    // a planted residual not orthogonal to z (y ≠ (7, −1))
    expect(parallelAlpha(F(1), F(1), F(1), [F(1), F(-1)])!.toFraction()).toBe('1');
    const p = parallelPoint(F(1), F(1), F(1), [F(1), F(-1)], [F(1), F(1)], F(-3))!;
    expect(str(p.z)).toEqual(['3', '1']);
    expect(str(p.dz)).toEqual(['3', '1']);
    expect(str(p.data.targets.map((t) => t[0]))).toEqual(['7', '-1']);
    expect(str(p.theta)).toEqual(str(theta));
  });

  it('the refuted claim’s check fails on G6 exactly, and passes where v has mixed signs (a saddle)', () => {
    // kills: a check that accepts a certified minimum, or refutes points the toolkit shows to descend
    const g6 = { beta: F(1), gamma: F(1), omega: F(1), x: [F(1), F(-1)], v: [F(1), F(1)], lambda: F(-3) };
    expect(n2EveryTheorem5Activation.detect(g6)).toBeNull();
    const o = n2EveryTheorem5Activation.check(g6);
    expect(o.ok ? 'holds' : o.strength).toBe('refuted');
    const mixed = n2EveryTheorem5Activation.check({ ...g6, v: [F(1), F(-2)] });
    expect(mixed).toEqual({ ok: true, strength: 'proved' });
  });
});

describe('Ding et al., Theorem 4’s matrix M_i = [z_i, ∂z_i] (Appendix B)', () => {
  const base = (sigma: Theorem4Value['sigma'], w: Fraction[]): Theorem4Value => ({
    sigma,
    c: F(1),
    x: [F(-1, 2), F(3, 2)],
    y: [F(1), F(-2)],
    w,
    v: [F(3, 4), F(-1, 3)],
  });

  it('σ = exp: det M_i = (x₂ − x₁)e^{w_i(x₁ + x₂)} to relative 1e−12; e^{−t}: (x₁ − x₂)e^{−w_i(x₁ + x₂)}', () => {
    // kills: ∂z_i without the factor x (det would be (e^{…})·0), rows of M for the wrong unit
    // (i = argmax |v_i| = 1 here, w₁ ≠ w₂), e^{−t} run on x instead of −x
    for (const [w1, w2] of [
      [F(7, 4), F(-1)],
      [F(-3, 2), F(1, 2)],
    ]) {
      const b = gradientBound(base('exp', [w1, w2]));
      expect(b.unit).toBe(0);
      const want = 2 * Math.exp(w1.valueOf() * 1);
      expect(Math.abs(b.det - want) / Math.abs(want)).toBeLessThan(1e-12);
      const n = gradientBound(base('exp-neg', [w1, w2]));
      const wantNeg = -2 * Math.exp(-w1.valueOf() * 1);
      expect(Math.abs(n.det - wantNeg) / Math.abs(wantNeg)).toBeLessThan(1e-12);
    }
  });

  it('the gradient bound is attained when M_i is a multiple of an orthogonal matrix: σ = t + 1, w₁ = 0, x = (1, −1)', () => {
    // M₁ = [[1, 1], [1, −1]] = √2·(orthogonal), so ¼‖M₁⁻¹‖²‖g₁‖² = ‖r‖² = E exactly. Kills: a lost
    // factor ¼ or 2, ∂E/∂w_i not divided by v_i (v₁ = 2), a gradient of the wrong unit (v₂ = 0 is not i)
    const v: Theorem4Value = {
      sigma: 'affine',
      c: F(1),
      x: [F(1), F(-1)],
      y: [F(1), F(-2)],
      w: [F(0), F(1, 2)],
      v: [F(2), F(0)],
    };
    const b = gradientBound(v);
    expect(b.unit).toBe(0);
    expect(b.det).toBe(-2);
    expect(b.risk).toBeGreaterThan(0);
    expect(Math.abs(b.bound - b.risk) / b.risk).toBeLessThan(1e-12);
  });
});

describe('Ding et al., Theorem 3 sufficiency at a zero of σ (Appendix A’s hard case)', () => {
  it('σ = t³, x = 3/2, y = 5, w at the triple zero t₀ = 0: the toolkit finds an order-3 descent (v ≠ 0) and order 4 (v = 0), re-checked', () => {
    // kills: a search that stops at the zero Hessian (inconclusive), a pointOf that ignores the zero
    // index (w would be the drawn w = 1, where σ(wx) ≠ 0 and the descent is a gradient)
    const act = { kind: 'polynomial' as const, c: F(1), roots: [F(0)], mults: [3], quad: null };
    for (const [v, order] of [
      [F(2), 3],
      [F(0), 4],
    ] as const) {
      const value = { act, x: F(3, 2), y: F(5), v, w: F(1), zero: 0 };
      const p = pointOf(value);
      expect(p.w.toFraction()).toBe('0');
      expect(p.risk.toFraction()).toBe('25');
      const verdict = analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true });
      expect(verdict.strength).toBe('refuted');
      expect(verdict.evidence.kind === 'descent' && verdict.evidence.order).toBe(order);
      expect(recheck(verdict, p.net, sse, p.theta, p.data)).toEqual([]);
      expect(theorem3Sufficiency.check(value)).toEqual({ ok: true, strength: 'proved' });
    }
  });

  it('the factored family: (t − 1)³(t + 2)·(t² + t + 1) vanishes exactly at 1 and −2, and w = r_k/x lands there', () => {
    // kills: roots multiplied with the wrong sign, multiplicities ignored, the zero index not taken mod #zeros
    const act = factoredActivation(F(2), [F(1), F(-2)], [3, 1], { b: F(1), p: F(1) });
    expect(act.coefficients.length - 1).toBe(6);
    expect(evalPoly(act, F(1)).n).toBe(0n);
    expect(evalPoly(act, F(-2)).n).toBe(0n);
    expect(evalPoly(act, F(0)).toFraction()).toBe('-4'); // 2·(0 − 1)³·(0 + 2)·1
    const value = {
      act: { kind: 'polynomial' as const, c: F(2), roots: [F(1), F(-2)], mults: [3, 1, 1], quad: { b: F(1), p: F(1) } },
      x: F(2),
      y: F(1),
      v: F(1),
      w: F(5),
      zero: 3,
    };
    expect(pointOf(value).w.toFraction()).toBe('-1'); // zero 3 mod 2 = 1: r = −2, w = −2/2
  });
});

describe('Theorem 4, the case v = 0 (the note’s §5.5)', () => {
  it('σ = exp, w = (0, 0): Z(w) is singular, the first offset η = 10⁻³ is not, and E(w′, v′) = (1 − ε)²‖y‖²', () => {
    const v: Theorem4Value = {
      sigma: 'exp',
      c: F(1),
      x: [F(1), F(2)],
      y: [F(3), F(-1)],
      w: [F(0), F(0)],
      v: [F(0), F(0)],
    };
    const d = zeroOutputDescent(v)!;
    expect(d.eta).toBe(1e-3); // η = 0: both rows of Z are (1, 1)
    expect(d.risk).toBe(10);
    // kills: a v′ of the wrong sign or scale (ŷ′ = εy exactly when Zᵀv′ = εy)
    expect(d.lowered).toBeCloseTo((1 - d.eps) ** 2 * 10, 10);
    expect(d.lowered).toBeLessThan((1 - d.eps) * 10);
    expect(d.distance).toBeLessThanOrEqual(Math.SQRT2 * 1e-3 + 1e-3 + 1e-15);
  });
});
