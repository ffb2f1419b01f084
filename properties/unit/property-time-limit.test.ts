// The bound every property runs under (properties/helpers/setup.ts): a property
// that takes too long fails, and a failure still being shrunk when the time is
// up is reported with the counterexample shrunk so far, not lost.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { maxRuns, propertyTimeLimit } from '../helpers/setup.js';

const busy = (ms: number) => {
  for (const t = Date.now(); Date.now() - t < ms;);
};

describe('the per-property time limit', () => {
  // kills: failOnInterrupt dropped (a cut-short property would pass with fewer runs than asked)
  it('a property still running at the limit fails as interrupted, with its seed', () => {
    expect(() =>
      fc.assert(
        fc.property(fc.nat(), () => busy(5)),
        { numRuns: 100_000, plugins: [propertyTimeLimit(300)] },
      ),
    ).toThrow(/Property interrupted after \d+ tests[^]*seed/);
  });

  // kills: a limit that throws the found counterexample away when it cuts the shrinking short
  it('a failure whose shrinking is cut short is reported with a counterexample', () => {
    const out = fc.check(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3 }), (xs) => {
        busy(40);
        return xs.reduce((a, b) => a + b, 0) < 50;
      }),
      // seed 1 fails at the first run and shrinks in 10 more (11 runs of 40 ms): a limit of 400 ms left one run
      // of margin, and CI once finished the shrinking inside it; 200 ms cuts it short after about 5
      { numRuns: 1000, seed: 1, plugins: [propertyTimeLimit(200)] },
    );
    expect(out.failed).toBe(true);
    expect(out.interrupted).toBe(true); // the shrinking was cut short
    const [xs] = out.counterexample as [number[]];
    expect(xs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(50);
  });
});

describe('the run cap of npm run mutate (SPURIOUS_TEST_MAX_RUNS)', () => {
  // kills: a cap that does not stop the runs, one that hides a failure found within the cap, one that fails a
  // passing property (an interruption counted as failure)
  it('stops a passing property after the cap, passed; a failure within the cap still fails', () => {
    let calls = 0;
    const ok = fc.check(
      fc.property(fc.nat(), () => {
        calls++;
        return true;
      }),
      { numRuns: 1000, plugins: [maxRuns(7)] },
    );
    expect(ok.failed).toBe(false);
    expect(calls).toBe(7);
    const bad = fc.check(
      fc.property(fc.integer({ min: 0, max: 100 }), (x) => x < 50),
      { numRuns: 1000, seed: 3, plugins: [maxRuns(40)] },
    );
    expect(bad.failed).toBe(true);
    expect((bad.counterexample as [number])[0]).toBeGreaterThanOrEqual(50);
  });

  // kills: rejected runs (fc.pre) counted against the cap, which left filtering properties with no test at all
  it('counts only the runs fc.pre accepts', () => {
    let accepted = 0;
    const out = fc.check(
      fc.property(fc.nat(), (x) => {
        fc.pre(x % 4 === 0);
        accepted++;
      }),
      { numRuns: 1000, seed: 5, plugins: [maxRuns(6)] },
    );
    expect(out.failed).toBe(false);
    expect(accepted).toBe(6);
  });

  it('is off in npm test', () => {
    expect(process.env.SPURIOUS_TEST_MAX_RUNS).toBeUndefined();
  });
});
