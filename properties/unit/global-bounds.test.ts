// Global-minimum certificates from data-only lower bounds (duplicate inputs).
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { duplicateInputsBound, globalMinimum, recheck, searchLowerPoint } from '../../src/landscape/index.js';
import { dataset, exactOutputs, exactRisk, fcNetwork, relu, squaredLoss } from '../../src/model/index.js';
import { smallRational } from '../../src/gen/index.js';
import { toRat, toRats } from '../../src/numeric/index.js';

const mse = squaredLoss();

describe('duplicate inputs', () => {
  it('a golden: x = (0, 0, 1), y = (0, 2, 5): bound (1/3)·(1 + 1) = 2/3; with ½ 1/3; summed 2', () => {
    const d = dataset([[0], [0], [1]], [[0], [2], [5]]);
    expect(duplicateInputsBound(d).toFraction()).toBe('2/3');
    expect(duplicateInputsBound(d, squaredLoss({ half: true })).toFraction()).toBe('1/3');
    expect(duplicateInputsBound(d, squaredLoss({ reduction: 'sum' })).toFraction()).toBe('2');
    // a 1-1-1 ReLU net through the group means (1 at x = 0, 5 at x = 1) attains it: a global minimum
    const net = fcNetwork([1, 1, 1], relu());
    const theta = toRats([4, 1, 1, 0]); // relu(4x + 1) → 1, 5
    expect(exactOutputs(net, theta, d).map((r) => r[0].toFraction())).toEqual(['1', '1', '5']);
    const v = globalMinimum(net, mse, theta, d);
    expect(v.strength).toBe('proved');
    expect(recheck(v, net, mse, theta, d)).toEqual([]);
    // the same evidence under another strength is not a proof of anything (kills: the global-bound re-check
    // dispatched on the evidence's kind alone)
    for (const strength of ['refuted', 'inconclusive'] as const)
      expect(recheck({ ...v, strength }, net, mse, theta, d)).toEqual([
        `no independent re-check for a ${strength} verdict with global-bound evidence`,
      ]);
    // a forged proof at another point fails its re-check
    const other = toRats([4, 1, 1, '1/2']);
    expect(globalMinimum(net, mse, other, d).strength).toBe('inconclusive');
    expect(recheck({ ...v }, net, mse, other, d).join(' ')).toMatch(/does not attain the global bound/);
  });

  // kills: a bound that is not a lower bound (e.g. the wrong mean, or a wrong scaling)
  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), smallRational(4, 1)), { minLength: 2, maxLength: 7 })], {
    numRuns: 30,
  })('no parameter point found by search goes below the bound', (pairs) => {
    const d = dataset(
      pairs.map(([x]) => [toRat(x)]),
      pairs.map(([, y]) => [y]),
    );
    const net = fcNetwork([1, 3, 1], relu());
    const bound = duplicateInputsBound(d);
    expect(bound.compare(0)).toBeGreaterThanOrEqual(0);
    expect(searchLowerPoint(net, mse, d, bound, { seed: 1, starts: 2, steps: 100 })).toBeNull();
    expect(exactRisk(net, mse, toRats(new Array(net.paramCount).fill(0)), d).compare(bound)).toBeGreaterThanOrEqual(0);
  });
});

describe('globalMinimum, the duplicate groups of its evidence', () => {
  // kills: the groups' filter `g.length > 1` → `false` (the evidence would list no duplicates)
  it('lists the samples sharing an input', () => {
    // 1-1 net, x = 0, 0, 1 with y = 0, 2, 3; θ = (w, b) = (2, 1) gives 1, 1, 3: R = (1 + 1 + 0)/3 = 2/3, the
    // within-duplicate deviation of the targets 0, 2 around their mean 1
    const v = globalMinimum(fcNetwork([1, 1], relu()), mse, toRats([2, 1]), dataset([[0], [0], [1]], [[0], [2], [3]]));
    expect(v.strength).toBe('proved');
    expect(v.evidence.kind === 'global-bound' && v.evidence.duplicateGroups).toEqual([[0, 1]]);
    expect(v.evidence.kind === 'global-bound' && v.evidence.bound).toBe('2/3');
  });
});
