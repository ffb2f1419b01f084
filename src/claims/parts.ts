/**
 * A claim's search, in parts (issue 21). A claim with `parts: k` has its
 * instances split into k searches, each with its own seed derived from the
 * claim's, so `verify --workers N` can run them on different threads. The split
 * depends only on the claim and the run count, never on N, and the parts are
 * combined in part order: the same seed gives the same result for every N.
 * The time budget bounds each part.
 * A claim without `parts` is one part with the claim's own seed: its search is
 * exactly the one it always had.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { Profile } from './profiles.js';
import type { AnyClaim, Json } from './types.js';

/** One part of a claim's search: its index, seed and instance count. */
export interface PartSpec {
  part: number;
  seed: number;
  numRuns: number;
}

/** Part k's seed: a hash of the claim's seed and k (a 32-bit signed integer, as fast-check takes). */
export const partSeed = (seed: number, k: number): number =>
  createHash('sha256').update(`${seed}/${k}`).digest().readInt32LE(0);

/** The parts of a run of `claim` with `seed` and `numRuns` instances: the runs shared out, the first parts one more. */
export function claimParts(claim: Pick<AnyClaim, 'parts'>, seed: number, numRuns: number): PartSpec[] {
  const n = Math.max(1, Math.min(claim.parts ?? 1, numRuns));
  if (n === 1) return [{ part: 0, seed, numRuns }];
  return Array.from({ length: n }, (_, k) => ({
    part: k,
    seed: partSeed(seed, k),
    numRuns: Math.floor(numRuns / n) + (k < numRuns % n ? 1 : 0),
  }));
}

/** What one part found: plain data (it crosses threads), but for the shrunk value itself, kept in the thread that found it. */
export interface PartResult {
  part: number;
  seed: number;
  /** instances checked (they met the hypotheses), shrinking included */
  checked: number;
  rejected: number;
  proved: number;
  reasons: [string, number][];
  tally: [string, number][];
  /** fast-check's counts */
  numRuns: number;
  numSkips: number;
  numShrinks: number;
  interrupted: boolean;
  failed: boolean;
  /** the shrunk failing value, encoded, and its path */
  counterexample: { encoded: Json; path: string } | null;
  /** the shrunk value itself (only in the thread that searched) */
  value?: unknown;
}

/** A part's result before its search: every count zero. */
export const emptyPart = (part: number, seed: number): PartResult => ({
  part,
  seed,
  checked: 0,
  rejected: 0,
  proved: 0,
  reasons: [],
  tally: [],
  numRuns: 0,
  numSkips: 0,
  numShrinks: 0,
  interrupted: false,
  failed: false,
  counterexample: null,
});

/** The claim's property as fast-check sees it, counting into `r`; rejected instances are skipped (fc.pre) and counted. */
export function claimProperty(claim: AnyClaim, profile: Profile, r: PartResult, onCheck?: () => void) {
  const reasons = new Map<string, number>(),
    tally = new Map<string, number>();
  return fc.property(claim.generate({ profile }), (v) => {
    const reason = claim.detect(v);
    if (reason !== null) {
      r.rejected++;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      r.reasons = [...reasons];
      fc.pre(false);
    }
    const o = claim.check(v);
    r.checked++;
    if (o.ok && o.strength === 'proved') r.proved++;
    if (o.ok && o.tally) {
      for (const [k, n] of Object.entries(o.tally)) tally.set(k, (tally.get(k) ?? 0) + n);
      r.tally = [...tally];
    }
    onCheck?.();
    return o.ok;
  });
}

/** Search one part: fast-check over `spec.numRuns` instances from `spec.seed`, within `budgetMs`. */
export function searchPart(
  claim: AnyClaim,
  profile: Profile,
  spec: PartSpec,
  budgetMs: number,
  onCheck?: (checked: number) => void,
): PartResult {
  const r = emptyPart(spec.part, spec.seed);
  const details = fc.check(
    claimProperty(claim, profile, r, () => onCheck?.(r.checked)),
    {
      seed: spec.seed,
      numRuns: spec.numRuns,
      interruptAfterTimeLimit: budgetMs,
      markInterruptAsFailure: false,
      maxSkipsPerRun: 1000,
    },
  );
  r.numRuns = details.numRuns;
  r.numSkips = details.numSkips;
  r.numShrinks = details.numShrinks;
  r.interrupted = details.interrupted;
  r.failed = details.failed;
  if (details.failed && details.counterexample) {
    r.value = details.counterexample[0];
    r.counterexample = { encoded: claim.encode(r.value), path: details.counterexamplePath ?? '0' };
  }
  return r;
}

/** The parts' counts added up (reasons and tallies merged in part order). */
export function sumParts(parts: readonly PartResult[]) {
  const add = (key: 'reasons' | 'tally') => {
    const m = new Map<string, number>();
    for (const p of parts) for (const [k, n] of p[key]) m.set(k, (m.get(k) ?? 0) + n);
    return m;
  };
  const total = (key: 'checked' | 'rejected' | 'proved' | 'numRuns' | 'numSkips') =>
    parts.reduce((t, p) => t + p[key], 0);
  return {
    checked: total('checked'),
    rejected: total('rejected'),
    proved: total('proved'),
    numRuns: total('numRuns'),
    numSkips: total('numSkips'),
    interrupted: parts.some((p) => p.interrupted),
    reasons: add('reasons'),
    tally: add('tally'),
  };
}
