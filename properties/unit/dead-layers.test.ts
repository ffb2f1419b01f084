// The pattern-class bound with dead layers: where a layer has slope 0 on every unit for a
// group's pattern, the group's outputs are a constant throughout the cell, and the bound fits
// a constant there (tighter than a free affine map), so such minima are proved exactly.
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { analyseLocalMin, patternClassBound, recheck, type Verdict } from '../../src/landscape/index.js';
import {
  activationPattern,
  affineFit,
  dataset,
  exactOutputs,
  exactRisk,
  fcNetwork,
  relu,
  squaredLoss,
} from '../../src/model/index.js';
import { smallRational } from '../../src/gen/index.js';
import { sum, toRat, toRats } from '../../src/numeric/index.js';

const mse = squaredLoss();

describe('a dead first hidden layer', () => {
  // 1-2-2-1 ReLU: layer 1 dead on every sample (biases −10), layer 2 reads only its biases, output = mean target
  const net = fcNetwork([1, 2, 2, 1], relu());
  const d = dataset([[0], [1], [2], [3]], [[0], [1], [1], [3]]);
  // θ = W¹(2×1), b¹(2), W²(2×2), b²(2), W³(1×2), b³(1)
  const theta = toRats([1, -1, -10, -10, 1, 2, 3, 4, 1, -1, 1, 0, '1/4']);
  it('the outputs are the mean target, the old free-affine bound was below R, the constant fit proves it', () => {
    expect(exactOutputs(net, theta, d).map((r) => r[0].toFraction())).toEqual(['5/4', '5/4', '5/4', '5/4']);
    const v = patternClassBound(net, mse, theta, d);
    expect(v.strength).toBe('proved');
    expect(v.evidence.bound).toBe('19/16');
    expect(v.evidence.groups![0].constant).toBe('layer 1 has slope 0 on every unit');
    expect(affineFit(d).risk.toFraction()).toBe('7/40'); // the free affine map the old bound allowed: below R
    expect(recheck(v, net, mse, theta, d)).toEqual([]);
    expect(analyseLocalMin(net, mse, theta, d, { noProbes: true }).strength).toBe('proved');
  });

  // kills: a group restricted to a constant without a dead layer; a constant group with a linear part
  it('a forged restriction fails the re-check', () => {
    const v = patternClassBound(net, mse, theta, d);
    const notDead: Verdict = structuredClone(v);
    if (notDead.evidence.kind === 'pattern-class-bound') {
      const g = notDead.evidence.groups![0];
      g.pattern = g.pattern.replace('L1:0,0', 'L1:1,0');
    }
    expect(recheck(notDead, net, mse, theta, d).join(' ')).toMatch(/no layer is dead|pattern/);
    const linear: Verdict = structuredClone(v);
    if (linear.evidence.kind === 'pattern-class-bound') linear.evidence.groups![0].map[0][0] = '1';
    expect(recheck(linear, net, mse, theta, d).join(' ')).toMatch(/nonzero linear part/);
  });

  it('moving the output bias is refuted exactly', () => {
    const off = theta.slice();
    off[12] = off[12].add(toRat('1/10'));
    const v = analyseLocalMin(net, mse, off, d, { noProbes: true });
    expect(v.strength).toBe('refuted');
    expect(recheck(v, net, mse, off, d)).toEqual([]);
  });
});

describe('planted dead-layer minima', () => {
  // random deep ReLU nets with the first hidden layer dead on the data; targets = the (constant)
  // output plus residuals summing to 0: a local minimum; the output bias moved: not one
  const inst = fc
    .record({
      widths: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }),
      theta: fc.array(smallRational(3, 2), { minLength: 40, maxLength: 40 }),
      xs: fc.uniqueArray(smallRational(3, 1), { minLength: 2, maxLength: 6, selector: (x) => x.toFraction() }),
      r: fc.array(smallRational(3, 1), { minLength: 6, maxLength: 6 }),
    })
    .map(({ widths, theta, xs, r }) => {
      const net = fcNetwork([1, ...widths, 1], relu());
      const th = theta.slice(0, net.paramCount);
      // layer 1: biases −10 (|w·x| ≤ 9 on the data): dead
      for (let u = 0; u < widths[0]; u++) th[widths[0] + u] = toRat(-10);
      const res = xs.map((_, i) => r[i]);
      const mean = sum(res).div(res.length);
      const probe = dataset(
        xs.map((x) => [x]),
        xs.map(() => [0]),
      );
      const o = exactOutputs(net, th, probe)[0][0];
      const data = dataset(
        xs.map((x) => [x]),
        xs.map((_, i) => [o.add(res[i]).sub(mean)]),
      );
      return { net, theta: th, data };
    });

  test.prop([inst], { numRuns: 40 })(
    'proved at the planted point (interior), refuted once the output bias moves',
    ({ net, theta, data }) => {
      fc.pre(activationPattern(net, theta, data).interior);
      const v = analyseLocalMin(net, mse, theta, data, { noProbes: true });
      expect(v.strength).toBe('proved');
      expect(recheck(v, net, mse, theta, data)).toEqual([]);
      const off = theta.slice();
      off[off.length - 1] = off[off.length - 1].add(toRat('1/8'));
      const w = analyseLocalMin(net, mse, off, data, { noProbes: true });
      expect(w.strength).toBe('refuted');
      expect(exactRisk(net, mse, off, data).compare(exactRisk(net, mse, theta, data))).toBeGreaterThan(0);
    },
  );
});
