// Ding, Li & Sun (2019) §6 (Theorem 1), Lemma 4: the goldens of the deep construction (the note's §6.2,
// computed there exactly by hand-written scripts), reproduced from src/papers/ding2019/theorem1.ts.
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { analyseCurve, analyseLocalMin, rayCurve } from '../src/landscape/index.js';
import { fromRows, identity, matSub, matScale, rank } from '../src/linalg/matrix.js';
import { quadratic, smooth, type SmoothActivation } from '../src/model/activation.js';
import { dataset, exactHessian, exactRisk, squaredLoss } from '../src/model/index.js';
import { smoothSecondOrder } from '../src/landscape/smooth-second-order.js';
import { rational } from '../src/numeric/rational.js';
import {
  squareResidual,
  theorem1Point,
  theorem1PointFor,
  smoothDerivativesAt,
  theorem5Point,
  w1GaussNewton,
  w1QuadraticForm,
  type SignRule,
} from '../src/papers/ding2019/index.js';

const F = (a: number, b = 1) => new Fraction(a, b);
const sse = squaredLoss({ reduction: 'sum' });
const str = (xs: readonly Fraction[]) => xs.map((x) => x.toFraction());
const x = [[F(-1)], [F(0)], [F(1)]];

/** The 1-1-1-1 net of the goldens: σ = coefficients, a = 0, w₂ = 2, w₃ = 1, α (ΔY = α·(1, −2, 1)/2 up to sign). */
const golden = (sigma: number[], alpha: number, rule: SignRule = 'printed') =>
  theorem1Point(
    {
      sigma: sigma.map((c) => F(c)),
      a: F(0),
      inputs: x,
      hidden: [1, 1],
      weights: [[F(2)], [F(1)]],
      alpha: [[F(alpha)]],
    },
    rule,
  );
/** E(W + ε·e_{w₁}) as coefficients in ε. */
const alongW1 = (p: ReturnType<typeof golden>) =>
  str(
    analyseCurve(
      p.net,
      sse,
      p.data,
      rayCurve(
        p.theta,
        p.theta.map((_, k) => F(k === p.w1Offset ? 1 : 0)),
      ),
    ).riskPolynomial,
  );

describe('Ding et al. deep construction goldens (§6.2)', () => {
  it('G3: σ = 1 + t + t², a = 0, 1-1-1-1: W = (0, 0, 2, −2, 1), Y = (0, 3, 0), E = 6, E(w₁ = ε) − 6 = 8ε²(4ε⁶ + 28ε⁴ + 19ε² + 4)', () => {
    // kills: b_h = a + σ(a)·W_h1 (sign lost as in the extraction), a wrong dual V, E with ½, a flipped residual sign
    const p = golden([1, 1, 1], 2);
    expect(str(p.theta)).toEqual(['0', '0', '2', '-2', '1']);
    expect(str(p.data.targets.map((t) => t[0]))).toEqual(['0', '3', '0']);
    expect(str(p.dY[0])).toEqual(['1', '-2', '1']);
    expect(alongW1(p)).toEqual(['6', '0', '32', '0', '152', '0', '224', '0', '32']);
    // ΔY = 100·(1, −2, 1): Y = (−99, 201, −99), E = 60000, E − E₀ = 8ε²(4ε⁶ + 28ε⁴ + 217ε² + 301)
    const q = golden([1, 1, 1], 200);
    expect(str(q.data.targets.map((t) => t[0]))).toEqual(['-99', '201', '-99']);
    expect(alongW1(q)).toEqual(['60000', '0', '2408', '0', '1736', '0', '224', '0', '32']);
  });

  it('G3: the W₁ form of the J/K recursion, Q = 24, and ∇²E’s W₁ entry 2(Q + JᵀJ·XXᵀ) = 2(24 + 8) = 64', () => {
    // kills: a recursion without the s₁K term or with s₂ on the wrong factor; a Gauss–Newton part without XXᵀ
    const p = golden([1, 1, 1], 2);
    expect(w1QuadraticForm(p)[0][0].toFraction()).toBe('24');
    expect(w1GaussNewton(p)[0][0].toFraction()).toBe('8');
    const H = exactHessian(p.net, sse, p.theta, p.data);
    expect(H.kind === 'interior' && H.value[p.w1Offset][p.w1Offset].toFraction()).toBe('64');
  });

  it('G4: σ = 1 − t + t² with the printed sign rule: Y = (3, −3, 3), E = 24, E(ε) − 24 = 32ε⁸ + 160ε⁶ − 88ε⁴ − 8ε², a saddle', () => {
    // kills: a printed rule computed as the corrected one (s = sign σ″ without [σ′(a)]^{H−1}); an analysis that
    // certifies the point or misses the descent
    const p = golden([1, -1, 1], 4);
    expect(str(p.dY[0])).toEqual(['-2', '4', '-2']);
    expect(str(p.data.targets.map((t) => t[0]))).toEqual(['3', '-3', '3']);
    expect(alongW1(p)).toEqual(['24', '0', '-8', '0', '-88', '0', '160', '0', '32']);
    const e = exactRisk(
      p.net,
      sse,
      p.theta.map((t, k) => (k === p.w1Offset ? F(1, 10) : t)),
      p.data,
    );
    expect(e.sub(24).toFraction()).toBe('-276999/3125000');
    expect(w1QuadraticForm(p)[0][0].toFraction()).toBe('-16');
    expect(analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true }).strength).toBe('refuted');
  });

  it('G4 fixed: w₂ = −2, b₂ = 2, ΔY = 2(1, −2, 1): E(ε) − 24 = 8ε²(4ε⁶ + 28ε⁴ + 21ε² + 7); Hessian eigenvalues {112, 42, 0, 0, 0}', () => {
    // kills: a corrected rule that does not flip the hidden weights, or flips the output weights too
    const p = golden([1, -1, 1], 4, 'corrected');
    expect(str(p.theta)).toEqual(['0', '0', '-2', '2', '1']);
    expect(str(p.dY[0])).toEqual(['2', '-4', '2']);
    expect(alongW1(p)).toEqual(['24', '0', '56', '0', '168', '0', '224', '0', '32']);
    const Hs = exactHessian(p.net, sse, p.theta, p.data);
    if (Hs.kind !== 'interior') throw new Error('not differentiable');
    const H = fromRows(Hs.value);
    const shifted = (l: number) => rank(rational, matSub(rational, H, matScale(rational, F(l), identity(rational, 5))));
    // rank 2 (three zero eigenvalues), and 112 and 42 are eigenvalues (each simple): the spectrum is {112, 42, 0, 0, 0}
    expect([rank(rational, H), shifted(112), shifted(42)]).toEqual([2, 4, 4]);
  });

  it('H = 1, d₀ = 1, a = 0: the deep construction is Theorem 5’s with v = W₂ and Δy = −ΔY (same targets, same E)', () => {
    // kills: a sign convention mixed between §5 (Δy = y − ŷ) and §6 (ΔY = Ŷ − Y); a deep construction whose
    // one-layer case leaves Theorem 5's point
    const sigma = [F(1), F(1), F(1)];
    const deep = theorem1Point({
      sigma,
      a: F(0),
      inputs: x,
      hidden: [3],
      weights: [[F(1), F(2), F(1, 2)]],
      alpha: [[F(3)]],
    });
    const q = squareResidual(x.map((r) => r[0]));
    const qq = q.reduce((s, v) => s.add(v.mul(v)), F(0));
    const shallow = theorem5Point(
      quadratic(1, 1, 1),
      F(1),
      F(2),
      x.map((r) => r[0]),
      F(-3).div(qq),
      [F(1), F(2), F(1, 2)],
    );
    expect(str(shallow.v)).toEqual(['1', '2', '1/2']);
    expect(str(shallow.dy)).toEqual(str(deep.dY[0].map((d) => d.neg())));
    expect(str(shallow.data.targets.map((t) => t[0]))).toEqual(str(deep.data.targets.map((t) => t[0])));
    expect(exactRisk(deep.net, sse, deep.theta, deep.data).toFraction()).toBe(shallow.risk.toFraction());
  });
});

describe('Theorem 1 for σ = exp at a = 0 (decimal evidence, as ding2019.thm1.analytic-evidence checks it)', () => {
  const p = theorem1PointFor(smooth('exp'), [F(1), F(1), F(1)], {
    a: F(0),
    inputs: x,
    hidden: [1, 1],
    weights: [[F(2)], [F(1)]],
    alpha: [[F(3)]],
  });

  it('the construction is a local minimum by the toolkit’s decimal evidence, with E = ‖ΔY‖² > 0', () => {
    const r = smoothSecondOrder(p.net, sse, p.theta, p.data, { directions: 24 });
    expect(r.supports, r.summary).toBe('yes');
    const norm = p.dY.flat().reduce((s, d) => s.add(d.mul(d)), F(0));
    expect(Number(r.evidence.risk)).toBeCloseTo(norm.valueOf(), 12);
  });

  it('with the residual’s sign flipped (Y = Ŷ(W) + ΔY) it is not: the check can fail', () => {
    // kills: an evidence check that says yes to any critical point of this construction
    const flipped = dataset(
      p.data.inputs,
      p.data.targets.map((row, n) => row.map((y, i) => y.add(p.dY[i][n].mul(2)))),
    );
    expect(smoothSecondOrder(p.net, sse, p.theta, flipped, { directions: 24 }).supports).toBe('no');
  });

  it('σ = tanh at a = 1 (σ, σ′, σ″ rounded to 60 digits): the same construction is a local minimum by the same evidence', () => {
    const tanh = smooth('tanh') as SmoothActivation;
    const d = smoothDerivativesAt(tanh, F(1));
    expect(d[0].valueOf()).toBeCloseTo(Math.tanh(1), 15);
    expect(d[2].valueOf()).toBeCloseTo(-2 * Math.tanh(1) * (1 - Math.tanh(1) ** 2), 15);
    const q = theorem1PointFor(tanh, d, {
      a: F(1),
      inputs: x,
      hidden: [1, 1],
      weights: [[F(2)], [F(1)]],
      alpha: [[F(3)]],
    });
    expect(smoothSecondOrder(q.net, sse, q.theta, q.data, { directions: 24 }).supports).toBe('yes');
  });
});
