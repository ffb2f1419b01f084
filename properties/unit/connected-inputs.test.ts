// The pattern-class certificate's support restriction (src/landscape/certificates.ts,
// connectedInputs): on a cell, an output cannot depend on an input coordinate outside the
// support; max pooling that selects one patch per group then certifies minima the full affine
// fit cannot. And the re-check recomputes the support independently.
import { fc, test } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { connectedInputs, patternClassBound, patternKeys } from '../../src/landscape/certificates.js';
import { recheck } from '../../src/landscape/recheck.js';
import { leakyRelu, linear, relu } from '../../src/model/activation.js';
import { activationPattern, dataset, exactOutputs, squaredLoss } from '../../src/model/index.js';
import { buildNetwork } from '../../src/model/network.js';
import { maxPoolCnn } from '../../src/papers/liu-cpwl/index.js';

const F = (n: number, d = 1) => new Fraction(n, d);
const value = fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 4 })).map(([k, q]) => F(k, q));

const arch = fc
  .record({
    W: fc.integer({ min: 3, max: 5 }),
    T: fc.integer({ min: 1, max: 2 }),
    leaky: fc.boolean(),
    pool: fc.integer({ min: 2, max: 3 }),
    units: fc.integer({ min: 1, max: 2 }),
  })
  .map((a) =>
    buildNetwork({
      input: { channels: 1, height: 1, width: a.W },
      layers: [
        {
          kind: 'conv1d',
          filters: a.T,
          kernel: 2,
          stride: 1,
          padding: 'valid',
          activation: a.leaky ? leakyRelu(F(1, 4)) : relu(),
        },
        { kind: 'maxpool1d', size: Math.min(a.pool, a.W - 1), stride: Math.min(a.pool, a.W - 1) },
        { kind: 'dense', units: a.units, activation: relu() },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    }),
  );

describe('connectedInputs', () => {
  test.prop(
    [
      arch.chain((net) =>
        fc.record({
          net: fc.constant(net),
          theta: fc.array(value, { minLength: net.paramCount, maxLength: net.paramCount }),
          x: fc.array(value, { minLength: net.inputDim, maxLength: net.inputDim }),
          j: fc.nat(net.inputDim - 1),
        }),
      ),
    ],
    { numRuns: 300 },
  )('moving an input outside the support, within the cell, leaves the output unchanged', ({ net, theta, x, j }) => {
    const at = (xs: Fraction[]) => dataset([xs], [[F(0)]]);
    const pat = activationPattern(net, theta, at(x));
    if (!pat.interior) return;
    const key = patternKeys(pat, 1)[0];
    const support = connectedInputs(net, key);
    if (support === null || support.includes(j)) return;
    const moved = x.map((v, k) => (k === j ? v.add(F(1, 1_000_000)) : v));
    const pat2 = activationPattern(net, theta, at(moved));
    if (!pat2.interior || patternKeys(pat2, 1)[0] !== key) return;
    // kills: a support that drops a coordinate the output depends on (a bound that is not a bound)
    expect(exactOutputs(net, theta, at(moved))[0][0].equals(exactOutputs(net, theta, at(x))[0][0])).toBe(true);
  });

  it('max pooling that selects one patch per group: the support is that patch, and the certificate proves the minimum', () => {
    // s₀ = 1, P₀ = 2; group 1 takes patch 1 (x₁ > x₂), group 2 patch 2; the data of a saved case
    const inputs = [
      [0, 1 / 2],
      [1, 3 / 2],
      [-1 / 2, 1 / 2],
      [-1 / 2, -1],
      [1 / 2, 1],
      [0, -1],
    ].map((r) => r.map((e) => new Fraction(e)));
    const targets = [1 / 4, 7 / 4, 1 / 2, 0, 1, 0].map((y) => [new Fraction(y)]);
    const data = dataset(inputs, targets);
    const pieces: [{ w: Fraction[]; b: Fraction }, { w: Fraction[]; b: Fraction }] = [
      { w: [F(0)], b: F(0) },
      { w: [F(15, 11)], b: F(-7, 22) },
    ];
    const { net, theta } = maxPoolCnn({ s0: 1, P0: 2 }, pieces, 'max', F(2), F(2));
    const keys = patternKeys(activationPattern(net, theta, data), inputs.length);
    expect(connectedInputs(net, keys[0])).toEqual([1]); // x = (0, 1/2): patch 2
    expect(connectedInputs(net, keys[3])).toEqual([0]); // x = (−1/2, −1): patch 1
    const mse = squaredLoss();
    const v = patternClassBound(net, mse, theta, data);
    // kills: fitting every input coordinate (the bound drops to 0 < R(θ) = 1/176 here)
    expect(v.strength, v.summary).toBe('proved');
    expect(recheck(v, net, mse, theta, data)).toEqual([]);
    // a stored support missing a coordinate that reaches the output fails the re-check
    const tampered = JSON.parse(JSON.stringify(v));
    tampered.evidence.groups[0].support = [];
    expect(recheck(tampered, net, mse, theta, data).join(' ')).toMatch(/outside the stored support/);
    // kills: the re-check of a map that uses a coordinate outside its group's support mutated away
    const wide = JSON.parse(JSON.stringify(v));
    const g0 = wide.evidence.groups[0];
    const outside = [0, 1].find((j) => !g0.support.includes(j))!;
    g0.map[0][outside] = '1';
    expect(recheck(wide, net, mse, theta, data).join(' ')).toMatch(
      /its map uses an input coordinate outside its support/,
    );
    // kills: deadLayer's test `slope defined && slope = 0` → `||` (every layer would count as dead)
    const flat = JSON.parse(JSON.stringify(v));
    flat.evidence.groups[0].constant = 'layer 1 has slope 0 on every unit';
    expect(recheck(flat, net, mse, theta, data).join(' ')).toMatch(/restricted to a constant, but no layer is dead/);
  });
});
