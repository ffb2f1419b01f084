// Loaded before every test file (vitest.config.ts, setupFiles).
//
// A property is synchronous between predicate runs, so vitest's testTimeout
// cannot stop it: a rare failing instance whose every shrink step costs
// seconds (exact arithmetic on a large instance) once kept a CI worker busy
// for over 20 minutes with no output. This bound stops any property, shrinking
// included, after 100 s (below the 120 s testTimeout) and reports it as a
// failure: with the counterexample shrunk so far when one was found, else as
// "Property interrupted after N tests" with its seed. The slowest property in
// a passing run takes about 20 s on the 2-core machine.
// properties/unit/property-time-limit.test.ts checks both reports.
import { fc } from '@fast-check/vitest';

export const PROPERTY_TIME_LIMIT_MS = 100_000;

export const propertyTimeLimit = (ms: number) => fc.interruptAfterTimeLimit(ms, { failOnInterrupt: true });

fc.installGlobalPlugin(propertyTimeLimit(PROPERTY_TIME_LIMIT_MS));

/**
 * At most `max` runs of the predicate per property, shrinking included (a fast-check plugin: later runs are
 * interrupted, which ends the property as passed before a failure and keeps a failure found). Only
 * `npm run mutate` sets SPURIOUS_TEST_MAX_RUNS (src/mutation/vitest.config.ts): against a mutant a few
 * instances decide as well as a hundred, at a fraction of the time. Never set for `npm test`.
 */
export const maxRuns = (max: number) => () => {
  let runs = 0;
  // a run rejected by fc.pre is not counted: a property that filters much would otherwise end with no test at all
  const counted = <R>(out: R): R => {
    if (!fc.PreconditionFailure.isFailure(out)) runs++;
    return out;
  };
  return {
    decorateRun:
      <V, R>(nested: (v: V) => R) =>
      (value: V): R | InstanceType<typeof fc.PreconditionFailure> => {
        if (runs >= max) return new fc.PreconditionFailure(true);
        const out = nested(value);
        return out instanceof Promise ? (out.then(counted) as R) : counted(out);
      },
  };
};

/** the fast-check seed of every property under npm run mutate's run cap */
export const MUTATION_SEED = 20_261_207;

const cap = Number(process.env.SPURIOUS_TEST_MAX_RUNS);
/** true under npm run mutate's run cap: tests that count what all runs of a property saw skip themselves */
export const runsCapped = Number.isInteger(cap) && cap > 0;
/** the runs a property of `numRuns` runs will make: fewer under npm run mutate's cap (for tests that count them) */
export const plannedRuns = (numRuns: number) => (runsCapped ? Math.min(numRuns, cap) : numRuns);
if (runsCapped) {
  fc.installGlobalPlugin(maxRuns(cap));
  // One seed for every property under the cap. @fast-check/vitest names a test "… (with seed=S)", and Stryker
  // picks a mutant's tests by the names its dry run saw: with a new random seed in each run no name would match,
  // no test would run, and every mutant would "survive". A fixed seed also makes a mutation score repeatable.
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: MUTATION_SEED });
}
