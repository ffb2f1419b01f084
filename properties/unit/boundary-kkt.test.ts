// Non-differentiable minima on cell boundaries: the KKT certificate in the lifted variables
// (Liu, one-hidden-layer ReLU, Lemma 3 / Theorem 3; goldens G3 and G5′ of the note).
import { describe, expect, it } from 'vitest';
import { analyseLocalMin, boundaryBound, boundaryKkt, recheck, type Verdict } from '../../src/landscape/index.js';
import { activationPattern, dataset, exactRisk, fcNetwork, relu, square, squaredLoss } from '../../src/model/index.js';
import { toRats } from '../../src/numeric/index.js';
import { liuG3 } from '../helpers/landscape.js';
import { linear } from '../../src/model/index.js';

const mse = squaredLoss();
// Liu's model: homogeneous inputs (x, 1), no biases, one output: fcNetwork([d, K, 1], relu(), false)
const net = fcNetwork([2, 1, 1], relu(), false); // θ = (w₁, w₂, z)

describe('Liu G3: a strict non-differentiable minimum (the global one)', () => {
  // raw inputs u = (0, −4, −2) → x = (u, 1); y = (1, −1, 1); w = (3/10, 6/5), z = 1: w·x₂ = 0
  const { theta, data: d } = liuG3();
  it('is on the boundary with R = 2/5; the adjacent-cell bound cannot prove it; the KKT certificate does, and it re-checks', () => {
    const pat = activationPattern(net, theta, d);
    expect(pat.kinks.map((k) => k.sample)).toEqual([1]);
    expect(exactRisk(net, mse, theta, d).toFraction()).toBe('2/5');
    expect(boundaryBound(net, mse, theta, d).strength).toBe('inconclusive');
    const v = boundaryKkt(net, mse, theta, d);
    expect(v.strength).toBe('proved');
    expect(v.evidence.sides).toHaveLength(2);
    expect(recheck(v, net, mse, theta, d)).toEqual([]);
    expect(analyseLocalMin(net, mse, theta, d, { noProbes: true }).strength).toBe('proved');
  });
  // kills: a proof whose multiplier is negative, or with a side left out
  it('a forged proof fails the re-check', () => {
    const v = boundaryKkt(net, mse, theta, d);
    const neg: Verdict = structuredClone(v);
    if (neg.evidence.kind === 'boundary-kkt')
      neg.evidence.sides[1].multipliers = neg.evidence.sides[1].multipliers!.map((x) => `-${x}`);
    expect(recheck(neg, net, mse, theta, d).join(' ')).toMatch(/negative multiplier|differs/);
    const short: Verdict = structuredClone(v);
    if (short.evidence.kind === 'boundary-kkt') short.evidence.sides.pop();
    expect(recheck(short, net, mse, theta, d).join(' ')).toMatch(/1 sides stored, 2 adjacent cells exist/);
  });
  it('moved along the boundary (w scaled, still w·x₂ = 0), it is refuted with an exact one-sided descent', () => {
    const off = toRats(['1/2', '2', 1]);
    expect(activationPattern(net, off, d).kinks).toHaveLength(1);
    expect(boundaryKkt(net, mse, off, d).strength).toBe('inconclusive');
    const v = analyseLocalMin(net, mse, off, d, { noProbes: true });
    expect(v.strength).toBe('refuted');
    expect(recheck(v, net, mse, off, d)).toEqual([]);
  });
});

describe('Liu G5′: a non-strict non-differentiable minimum with a = 0', () => {
  // x = (1, 0), (0, 1); y = (1, −1); w = (1, 0), z = 1: w·x₂ = 0, L = 1/2
  const d = dataset(
    [
      [1, 0],
      [0, 1],
    ],
    [[1], [-1]],
  );
  const theta = toRats([1, 0, 1]);
  it("the paper's strict criterion fails (a = 0), yet the KKT certificate proves a local minimum (one multiplier 0)", () => {
    expect(exactRisk(net, mse, theta, d).toFraction()).toBe('1/2');
    const v = boundaryKkt(net, mse, theta, d);
    expect(v.strength).toBe('proved');
    const mult = v.evidence.sides.map((s) => s.multipliers);
    expect(mult).toEqual([['0'], ['1']]); // left: ∇Q = 0; right: ∇Q = 1·x₂
    expect(recheck(v, net, mse, theta, d)).toEqual([]);
  });
  it('with y₂ = +1 instead the same boundary point is not a minimum: no KKT multipliers on the right side, an exact descent into it', () => {
    const d1 = dataset(
      [
        [1, 0],
        [0, 1],
      ],
      [[1], [1]],
    );
    const k = boundaryKkt(net, mse, theta, d1);
    expect(k.strength).toBe('inconclusive');
    expect(k.summary).toMatch(/closed cell right/);
    const v = analyseLocalMin(net, mse, theta, d1, { noProbes: true });
    expect(v.strength).toBe('refuted');
    expect(recheck(v, net, mse, theta, d1)).toEqual([]);
  });
});

describe('where the KKT certificate does not apply', () => {
  // kills: the piecewise-linear clause of the architecture check dropped (a polynomial hidden layer would then be
  // turned away only later, as "inside a cell", or certified with the ReLU's lifted variables)
  it('a polynomial hidden layer is refused for its architecture, not for its position', () => {
    const sq = fcNetwork([1, 1, 1], square(), false);
    const v = boundaryKkt(sq, mse, toRats([0, 1]), dataset([[1], [2]], [[1], [3]]));
    expect(v.strength).toBe('inconclusive');
    expect(v.summary).toBe(
      'the boundary KKT certificate does not apply: it needs one hidden dense piecewise-linear layer and a linear output',
    );
  });
});

describe('where the KKT certificate does not apply: a second hidden layer', () => {
  // kills: the architecture check's first clauses (`net.layers.length !== 2 || l1 dense || l2 dense`) → `false`:
  // the rest of the check (`!l2.identity || l1 not piecewise linear`) passes a net whose second layer is a linear
  // hidden layer, which would then be read as the output layer
  it('a 1-1-1-1 net (ReLU, then a linear hidden layer, then the output) is refused for its architecture', () => {
    const deep = fcNetwork([1, 1, 1, 1], [relu(), linear()], false);
    // θ = (w1, w2, w3) = (0, 1, 1): the ReLU's pre-activation is 0·x = 0 on both samples, a boundary point
    const v = boundaryKkt(deep, mse, toRats([0, 1, 1]), dataset([[1], [2]], [[1], [3]]));
    expect(v.strength).toBe('inconclusive');
    expect(v.summary).toBe(
      'the boundary KKT certificate does not apply: it needs one hidden dense piecewise-linear layer and a linear output',
    );
  });
});
