// boundedFilter: fast-check's filter with a bound on the draws (src/gen/bounded-filter.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedFilter } from '../../src/gen/index.js';

describe('boundedFilter', () => {
  // kills: returning a value that fails the predicate, or shrinking to one
  it('draws only values meeting the predicate and shrinks within them', () => {
    const even = boundedFilter(fc.integer({ min: 0, max: 1000 }), (n) => n % 2 === 0, 'n is even');
    fc.assert(fc.property(even, (n) => n % 2 === 0));
    // shrinking is fast-check's own: the same counterexample as arb.filter(pred), still even
    const base = fc.integer({ min: 0, max: 1000 });
    const ours = fc.check(
      fc.property(even, (n) => n < 10),
      { seed: 1 },
    );
    const theirs = fc.check(
      fc.property(
        base.filter((n) => n % 2 === 0),
        (n) => n < 10,
      ),
      { seed: 1 },
    );
    expect(ours.failed).toBe(true);
    expect(ours.counterexample).toEqual(theirs.counterexample);
    expect(ours.numShrinks).toBe(theirs.numShrinks);
    expect(ours.numShrinks).toBeGreaterThan(0);
    expect(ours.counterexample![0] % 2).toBe(0);
  });
  // kills: fast-check's unbounded loop (this test would hang)
  it('gives up with an error naming the hypothesis when no draw meets it', () => {
    const never = boundedFilter(fc.integer(), () => false, 'an impossible hypothesis', 50);
    expect(() => fc.sample(never, 1)).toThrow(/drew 50 values and none met the hypothesis: an impossible hypothesis/);
  });
  it('is as reproducible as the arbitrary it filters', () => {
    const arb = boundedFilter(fc.integer({ min: -100, max: 100 }), (n) => n > 0, 'n > 0');
    expect(fc.sample(arb, { seed: 42, numRuns: 20 })).toEqual(fc.sample(arb, { seed: 42, numRuns: 20 }));
  });
});
