// Ding, Li & Sun (2019): the registered claims, and the golden values of the note's §6
// (computed there exactly by hand-written scripts), reproduced from the constructions.
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { analyseLocalMin } from '../src/landscape/index.js';
import { quadratic, relu, shiftedSquare } from '../src/model/activation.js';
import { dataset, exactGradient, exactRisk, squaredLoss } from '../src/model/index.js';
import { assembleParams } from '../src/model/network.js';
import {
  assumption1List,
  deepNet,
  lemma2Vector,
  lemma3Duals,
  lemma3Residual,
  listRank,
  simplexLattice,
  quadraticRealizer,
  shallowNet,
  shallowTheta,
  squareResidual,
  theorem2Point,
  theorem5Point,
  deadReluPoint,
  commonWeightPoint,
} from '../src/papers/ding2019/index.js';
import { flippedPoint } from '../src/claims/ding2019/theorem5.js';
import { claimTests } from './helpers/claims.js';

claimTests('ding2019.');

const F = (a: number, b = 1) => new Fraction(a, b);
const sse = squaredLoss({ reduction: 'sum' });
const str = (xs: readonly Fraction[]) => xs.map((x) => x.toFraction());

describe('Ding et al. goldens (the note §6)', () => {
  const sigma = quadratic(1, 1, 1); // σ = 1 + t + t²: σ(0) = 1, σ″(0) = 2
  const x = [F(-1), F(0), F(1)];

  it('G1: x = (−1, 0, 1), m = 3, λ = 3: v = (−1, −1, −1), y = (−2, −5, −2), E* = 6, ∇E = 0, certified non-strict minimum', () => {
    // kills: a wrong residual q (not ⊥ 1, x), a flipped sign rule, E with ½ or 1/N, a lost σ(0) in ŷ
    expect(str(squareResidual(x))).toEqual(['1/3', '-2/3', '1/3']);
    const p = theorem5Point(sigma, F(1), F(2), x, F(3), [F(1), F(1), F(1)]);
    expect(str(p.v)).toEqual(['-1', '-1', '-1']);
    expect(str(p.data.targets.map((t) => t[0]))).toEqual(['-2', '-5', '-2']);
    expect(p.c.toFraction()).toBe('2');
    expect(exactRisk(p.net, sse, p.theta, p.data).toFraction()).toBe('6');
    const g = exactGradient(p.net, sse, p.theta, p.data);
    expect(g.kind === 'interior' && g.value.every((d) => d.n === 0n)).toBe(true);
    const v = analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true });
    expect(v.strength).toBe('proved');
    expect(v.summary).toContain('2 zero directions'); // m − 1 flat directions (Σ v_i fixed)
  });

  it('G1: the note’s zero-loss point w = (0, 1, −1), v = (−8, 3/2, 3/2), and our realizer, both reach E = 0', () => {
    // kills: a realizer that solves for the wrong targets or the wrong hidden weights
    const p = theorem5Point(sigma, F(1), F(2), x, F(3), [F(1), F(1), F(1)]);
    const note = shallowTheta(p.net, [F(0), F(1), F(-1)], [F(-8), F(3, 2), F(3, 2)]);
    expect(exactRisk(p.net, sse, note, p.data).toFraction()).toBe('0');
    const r = quadraticRealizer(sigma, p.data, 3)!;
    expect(str(r.w)).toEqual(['0', '1', '-1']);
    expect(str(r.v)).toEqual(['-8', '3/2', '3/2']);
  });

  it('G2: m = 1 gives a strict minimum (positive definite Hessian)', () => {
    const p = theorem5Point(sigma, F(1), F(2), x, F(3), [F(1)]);
    expect(exactRisk(p.net, sse, p.theta, p.data).toFraction()).toBe('6');
    expect(analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true }).summary).toContain('positive definite');
  });

  it('control: v₁ flipped to |γc|/(β²‖x‖²) = 1 on G1 is refuted by an exact descent', () => {
    // kills: a control that keeps the proof's sign (it would be certified), or one too large to fail
    const p = flippedPoint({ alpha: F(1), beta: F(1), gamma: F(1), x, lambda: F(3), magnitudes: [F(1), F(1), F(1)] });
    expect(str(p.v)).toEqual(['1', '-1', '-1']);
    expect(analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true }).strength).toBe('refuted');
  });

  it('G7: ReLU, x = (0, 1, 2), Y = (0, 1, 0), 1-3-2-1: Appendix C with ε = 1/10 gives the note’s point, W₃ = (5/3, 5/3), E = 2/3, certified', () => {
    // kills: a construction whose pre-activations leave the linear piece, biases not at a + ε·U, an output
    // layer not fitted by least squares (W₃ ≠ (5/3, 5/3)); here the best constant also gives 2/3 (slope 0)
    const F10 = F(1, 10);
    const data = dataset([[0], [1], [2]], [[0], [1], [0]]);
    const p = theorem2Point(
      {
        act: relu(),
        a: F(1),
        widths: [1, 3, 2, 1],
        data,
        R: [
          [F(1), F(-1), F(0)],
          [F(1), F(0), F(0), F(0), F(1), F(0)],
        ],
        U: [
          [F(0), F(0), F(0)],
          [F(-10), F(-10)],
        ],
      },
      F10,
    );
    expect(p.inside).toBe(true);
    expect([p.rankT, p.rankX]).toEqual([2, 2]);
    const note = assembleParams(p.net, {
      'layer1.weight': [F10, F10.neg(), F(0)],
      'layer1.bias': [F(1), F(1), F(1)],
      'layer2.weight': [F10, F(0), F(0), F(0), F10, F(0)],
      'layer2.bias': [F(0), F(0)],
      'layer3.weight': [F(5, 3), F(5, 3)],
    });
    expect(str(p.theta)).toEqual(str(note));
    expect(exactRisk(p.net, sse, p.theta, data).toFraction()).toBe('2/3');
    expect(analyseLocalMin(p.net, sse, p.theta, data, { noProbes: true }).strength).toBe('proved');
    // the note's realizer: hidden units 1, ReLU(x), ReLU(x − 1), then E = 0 (Corollary 2)
    const net = deepNet(relu(), [1, 3, 2, 1]);
    const zero = assembleParams(net, {
      'layer1.weight': [F(0), F(1), F(1)],
      'layer1.bias': [F(1), F(0), F(-1)],
      'layer2.weight': [F(0), F(1), F(-2), F(0), F(0), F(0)],
      'layer2.bias': [F(2), F(2)],
      'layer3.weight': [F(1), F(-1)],
    });
    expect(exactRisk(net, sse, zero, data).toFraction()).toBe('0');
  });

  it('Assumption 1: d₀ = 2 on the simplex lattice and (1, 2): the printed list has 7 vectors of rank 6, the distinct list 6 of rank 6', () => {
    // kills: a list that drops the cross products, or counts X_j ∘ X_j′ once in the printed reading
    const X = [...simplexLattice(2), [F(1), F(2)]];
    expect(simplexLattice(2).length).toBe(6);
    const printed = assumption1List(X, 'ordered');
    const distinct = assumption1List(X, 'unordered');
    expect([printed.length, listRank(printed)]).toEqual([7, 6]);
    expect([distinct.length, listRank(distinct)]).toEqual([6, 6]);
    // a trap: four collinear points and two more, all on the conic (x₁ − x₂)(x₁ + x₂ − 1) = 0
    const trap = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [1, 0],
      [0, 1],
    ].map((r) => r.map((k) => F(k)));
    expect(listRank(assumption1List(trap, 'unordered'))).toBe(5);
  });

  it('Lemma 2: z₃ in the span gives y = 0; off the span yᵀz₃ = ‖y‖² > 0', () => {
    // kills: a projection onto the wrong span (y not ⊥ z₁, z₂) or a sign error (yᵀz₃ < 0)
    const z1 = [F(1), F(1), F(1)],
      z2 = [F(-1), F(0), F(1)];
    expect(str(lemma2Vector(z1, z2, [F(3), F(1), F(-1)]))).toEqual(['0', '0', '0']);
    expect(str(lemma2Vector(z1, z2, [F(1), F(0), F(1)]))).toEqual(['1/3', '-2/3', '1/3']);
  });

  it('G5: Lemma 3 with d₀ = 2 on (0,0),(1,0),(0,1),(1,2),(2,1),(−1,3): the dual rows V₁, V₂ and ΔY = V₁ + V₂', () => {
    // kills: squares not placed first in B (V would dualise the wrong columns), a transposed solve, a lost s
    const X = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 2],
      [2, 1],
      [-1, 3],
    ].map((r) => r.map((k) => F(k)));
    const V = lemma3Duals(X)!;
    expect(V.map(str)).toEqual([
      ['4/11', '-5/11', '-3/22', '-3/11', '9/22', '1/11'],
      ['4/11', '1/22', '-7/11', '5/22', '-1/11', '1/11'],
    ]);
    expect(str(lemma3Residual(V, [[F(1), F(1)]], 1)[0])).toEqual(['8/11', '-9/22', '-17/22', '-1/22', '7/22', '2/11']);
    expect(str(lemma3Residual(V, [[F(1), F(1)]], -1)[0])[0]).toBe('-8/11');
    // the trap of the note: four collinear points, rank 5 < 6, so no duals
    const trap = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [2, -1],
      [-1, 2],
    ].map((r) => r.map((k) => F(k)));
    expect(lemma3Duals(trap)).toBeNull();
  });

  it('§1.2 / Theorem 3: σ = (t − 1/100)², (w, v) = (1/100, −1) has F = 1 and is a certified local minimum; F(101/100, 1) = 0', () => {
    // kills: a shifted square with the wrong sign of the shift, a loss with ½ (F = 1/2)
    const net = shallowNet(shiftedSquare(F(1, 100)), 1);
    const data = dataset([[1]], [[1]]);
    const theta = shallowTheta(net, [F(1, 100)], [F(-1)]);
    expect(exactRisk(net, sse, theta, data).toFraction()).toBe('1');
    expect(exactRisk(net, sse, shallowTheta(net, [F(101, 100)], [F(1)]), data).toFraction()).toBe('0');
    expect(analyseLocalMin(net, sse, theta, data, { noProbes: true }).strength).toBe('proved');
  });

  it('dead-ReLU variant: x = (0, 1, 2), Y = (0, 1, 0), 1-2-1-1 with a dead first layer: Ŷ = 1/3, E = 2/3, certified; alive, the same fit is refuted', () => {
    // kills: a first layer that is not dead (the best-constant point is then not a minimum), a wrong output fit
    const data = dataset([[0], [1], [2]], [[0], [1], [0]]);
    const R = [
      [F(1), F(-1)],
      [F(1), F(1)],
    ];
    const U = [[F(0), F(1)], [F(1)]];
    const p = deadReluPoint(relu(), [1, 2, 1, 1], data, R, U);
    expect([p.dead, p.alive]).toEqual([true, true]);
    expect(exactRisk(p.net, sse, p.theta, data).toFraction()).toBe('2/3');
    expect(analyseLocalMin(p.net, sse, p.theta, data, { noProbes: true }).strength).toBe('proved');
    // the same weights with the first layer switched on (biases +1): still the constant fit, but not a local minimum
    const th = [...p.theta];
    const b1 = p.net.views.find((v) => v.layer === 1 && v.role === 'bias')!;
    for (let k = b1.offset; k < b1.offset + b1.size; k++) th[k] = th[k].add(2);
    const on = analyseLocalMin(p.net, sse, th, data, { noProbes: true });
    expect(on.strength).toBe('refuted');
  });

  it('ω·1 generalisation: σ = 1 + t + t², ω = 1, x = (−1, 0, 1): Δy ⊥ z, ∂z, ∇E = 0, certified; the sign rule broken (v₁ small, wrong sign), refuted', () => {
    // kills: σ′ or σ″ taken at 0 instead of ωx, a flipped sign rule, a residual not ⊥ z and ∂z
    const p = commonWeightPoint(sigma, F(1), x, F(1), [F(1), F(2)])!;
    expect(str(p.z)).toEqual(['1', '1', '3']);
    expect(str(p.d2z)).toEqual(['1', '0', '1']);
    const dot = (a: Fraction[], b: Fraction[]) => a.reduce((s, ai, n) => s.add(ai.mul(b[n])), F(0));
    expect(dot(p.dy, p.z).toFraction()).toBe('0');
    expect(dot(p.dy, [F(1), F(0), F(3)]).toFraction()).toBe('0'); // ∂z = x∘σ′(ωx) = (1, 0, 3)
    expect(p.v.every((vi) => vi.mul(p.c).s < 0n)).toBe(true);
    const g = exactGradient(p.net, sse, p.theta, p.data);
    expect(g.kind === 'interior' && g.value.every((d) => d.n === 0n)).toBe(true);
    expect(analyseLocalMin(p.net, sse, p.theta, p.data, { noProbes: true }).strength).toBe('proved');
    // v₁ of the other sign and small, targets rebuilt so the point stays critical (y = (Σ v)z + Δy)
    const v1 = p.v[0].neg().div(100);
    const vs = v1.add(p.v[1]);
    const data = dataset(
      x.map((xi) => [xi]),
      p.z.map((zn, n) => [vs.mul(zn).add(p.dy[n])]),
    );
    const th = shallowTheta(p.net, p.w, [v1, p.v[1]]);
    expect(analyseLocalMin(p.net, sse, th, data, { noProbes: true }).strength).toBe('refuted');
  });
});
