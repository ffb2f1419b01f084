// Cross-entropy risks enclosed by intervals, and the dual lower bound on linear softmax regression
// (src/landscape/ce-bounds.ts).
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { ceRiskInterval, softmaxRegressionLowerBound } from '../../src/landscape/ce-bounds.js';
import { crossEntropyLoss, evalLoss } from '../../src/model/loss.js';
import { decimalField } from '../../src/numeric/decimal.js';
import { intervalArithmetic } from '../../src/numeric/interval.js';
import { scalarBackend } from '../../src/numeric/scalar-backend.js';
import { dataset } from '../../src/model/data.js';
import { ceLinearFit, ceMinimiserExists } from '../../src/papers/he2020/cross-entropy.js';

const I = intervalArithmetic(40);
const q = fc
  .tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: 1, max: 7 }))
  .map(([n, d]) => new Fraction(n, d));
const oneHot = (d: number) =>
  fc.integer({ min: 0, max: d - 1 }).map((k) => Array.from({ length: d }, (_, j) => new Fraction(j === k ? 1 : 0)));

describe('cross-entropy intervals', () => {
  // kills: a sign or shift slip in the log-sum-exp, or the scale c left out
  it('encloses the 80-digit risk of the model’s own cross-entropy', () => {
    const D = decimalField(80);
    const be = scalarBackend(D);
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 3 })
          .chain((d) =>
            fc.array(fc.tuple(fc.array(q, { minLength: d, maxLength: d }), oneHot(d)), { minLength: 1, maxLength: 5 }),
          ),
        (rows) => {
          const out = rows.map((r) => r[0]),
            y = rows.map((r) => r[1]);
          const n = rows.length,
            d = out[0].length;
          const T = (m: Fraction[][]) =>
            be.fromScalars(
              d,
              n,
              Array.from({ length: d * n }, (_, k) => D.fromString(m[k % n][Math.floor(k / n)].toFraction())),
            );
          const ref = evalLoss(be, crossEntropyLoss(), T(out), T(y)).risk;
          const box = ceRiskInterval(I, out, y, new Fraction(1, n));
          expect(box.lo.lte(ref.toString()) && box.hi.gte(ref.toString())).toBe(true);
          expect(I.width(box).lt('1e-30')).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the dual lower bound of linear softmax regression', () => {
  const data = dataset(
    [[-2], [-1], [0], [1], [2], [3], [-3], [1]].map((r) => r.map((v) => new Fraction(v))),
    [0, 0, 1, 0, 1, 1, 0, 1].map((k) => [new Fraction(k === 0 ? 1 : 0), new Fraction(k)]),
  );
  const feats = data.inputs.map((x) => [...x, new Fraction(1)]);
  const n = data.inputs.length;
  const fit = ceLinearFit(data)!;
  const guess = fit.V.map((row, k) => row.map((v, i) => v.add(data.targets[i][k]))); // softmax(W̃x̃) = V + Y
  const P̃ = data.inputs.map((_, i) => guess.map((row) => row[i]));
  const dual = softmaxRegressionLowerBound(I, feats, data.targets, P̃, new Fraction(1, n))!;
  const F = (W: Fraction[][]) =>
    ceRiskInterval(
      I,
      feats.map((x) => W.map((w) => w.reduce((s, c, k) => s.add(c.mul(x[k])), new Fraction(0)))),
      data.targets,
      new Fraction(1, n),
    );
  it('has an exactly feasible dual point and lies within 1e-20 of F at the float minimiser', () => {
    expect(ceMinimiserExists(data)).toBe(true);
    for (const row of dual.P) expect(row.reduce((a, b) => a.add(b)).equals(1)).toBe(true);
    for (let k = 0; k < 2; k++)
      for (let j = 0; j < 2; j++)
        expect(
          dual.P.reduce((s, p, i) => s.add(p[k].sub(data.targets[i][k]).mul(feats[i][j])), new Fraction(0)).n,
        ).toBe(0n);
    const atFit = F(fit.W);
    expect(dual.bound.hi.lte(atFit.lo.plus('1e-30'))).toBe(true);
    expect(atFit.hi.minus(dual.bound.lo).lt('1e-20')).toBe(true);
  });
  // kills: the entropy's sign or a wrong scale c (feasibility itself is pinned by the exact equalities above)
  it('is below F at every parameter point (weak duality)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(q, { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 2 }), (W) => {
        expect(I.certainlyBelow(F(W), dual.bound)).toBe(false);
        expect(dual.bound.lo.lte(F(W).hi)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('refuses a guess it cannot correct into the simplex', () => {
    const far = P̃.map(() => [new Fraction(0), new Fraction(1)]);
    expect(softmaxRegressionLowerBound(I, feats, data.targets, far, new Fraction(1, n))).toBeNull();
  });
});

describe('the dual lower bound of a single sample with two classes', () => {
  // kills: the index of P's correction `i·d + j` → `i·d − j` (sample 0, class 1 at index −1, outside the vector:
  // that entry's stationarity row has no variable left, and the system becomes inconsistent)
  it('corrects the guess (1/2, 1/2) to the target (1, 0), with entropy 0', () => {
    // N = 1, feature x̃ = (1), y = (1, 0), guess P̃ = (1/2, 1/2). The constraints on the correction Δ:
    // Δ₀ + Δ₁ = 1 − 1 = 0 (simplex), Δ₀ = −(1/2 − 1) = 1/2 and Δ₁ = −(1/2 − 0) = −1/2 (stationarity, one per class
    // and feature), so P = (1, 0), its entropy 0, and the largest correction 1/2
    const h = new Fraction(1, 2);
    const dual = softmaxRegressionLowerBound(
      I,
      [[new Fraction(1)]],
      [[new Fraction(1), new Fraction(0)]],
      [[h, h]],
      new Fraction(1),
    );
    expect(dual).not.toBeNull();
    expect(dual!.P.map((r) => r.map((p) => p.toFraction()))).toEqual([['1', '0']]);
    expect(dual!.moved.toFraction()).toBe('1/2');
    expect(dual!.bound.lo.lte(0) && dual!.bound.hi.gte(0)).toBe(true);
  });
});
