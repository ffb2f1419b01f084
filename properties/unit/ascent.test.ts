// The toolkit's mirror question (src/landscape/ascent.ts): is θ a local maximum? An exact ascent along
// a coordinate ray (re-checked at a point on it), or a certified flat plateau, or undecided.
import { fc, test } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { localMaxAnalysis } from '../../src/landscape/ascent.js';
import { dataset, exactRisk, squaredLoss } from '../../src/model/index.js';
import { liu1hNet, liu1hTheta } from '../../src/papers/liu1h/index.js';

const F = (a: number) => new Fraction(a);
const mse = squaredLoss();
const data = dataset(
  [
    [1, 0],
    [0, 1],
  ],
  [[1], [1]],
);
const net = liu1hNet(2, 1);

describe('localMaxAnalysis', () => {
  it('G1’s plateau r₁ (w = (−1, −1): no neuron active) is a weak local maximum; its global minimum r₄ is not', () => {
    const plateau = localMaxAnalysis(net, mse, liu1hTheta(net, [F(1)], [[F(-1), F(-1)]]), data);
    expect(plateau.answer).toBe('yes');
    const min = localMaxAnalysis(net, mse, liu1hTheta(net, [F(1)], [[F(1), F(1)]]), data);
    expect(min.answer).toBe('no');
  });

  test.prop(
    [fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 2, maxLength: 2 }), fc.integer({ min: -3, max: 3 })],
    { numRuns: 100 },
  )('an ascent it reports is one: R at θ + t·d is exactly R(θ) + rise > R(θ)', (w, z) => {
    const theta = liu1hTheta(net, [F(z)], [w.map(F)]);
    const r = localMaxAnalysis(net, mse, theta, data);
    if (r.answer !== 'no') return;
    // kills: reporting an ascent without re-checking it on the ray
    const moved = theta.map((x, k) => x.add(r.direction[k].mul(r.t)));
    const rise = exactRisk(net, mse, moved, data).sub(exactRisk(net, mse, theta, data));
    expect(rise.equals(r.rise)).toBe(true);
    expect(rise.s > 0n && rise.n !== 0n).toBe(true);
  });
});
