/**
 * Decide one claim: replay its saved counterexamples (by value, and by seed
 * and path while the generator version is unchanged), then search with
 * fast-check under the profile's budget, shrink a failure, save it, and give
 * the verdict with its strength.
 *
 * Gating: a `holds` claim that fails (now, or by a saved counterexample that
 * still fails) is not ok; a `refuted` claim is ok only if a counterexample was
 * found now or a saved one still fails its property. Either way the run is not
 * ok if the property threw, a saved file no longer regenerates or stores an
 * explanation other than the one the property computes now, or if the
 * detector rejected more instances than it accepted. A saved file that cannot
 * be used at all (not valid JSON, wrong types, a value that does not decode or
 * makes the detector, the property or regeneration throw, another claim's
 * file) is set apart in `unreadable`, named once, and the claim is decided
 * without it (the CLI exits 2).
 */
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Strength } from '../landscape/verdict.js';
import {
  canonical,
  contentHash,
  defaultDir,
  displayPath,
  FORMAT,
  listCounterexamples,
  repoRoot,
  rewriteCounterexample,
  writeCounterexample,
  type Counterexample,
} from '../store/counterexamples.js';
import { saveRule } from '../store/novelty.js';
import { claimParts, claimProperty, emptyPart, searchPart, sumParts, type PartResult, type PartSpec } from './parts.js';
import { claimSeed, profileFrom, PROFILES, type Profile } from './profiles.js';
import type { AnyClaim, ClaimResult, Json, Outcome, ReplayResult } from './types.js';

export interface RunOptions {
  profile?: Profile;
  /** overrides the profile's seed */
  seed?: number;
  /** overrides the claim's run count (before profile scaling) */
  runs?: number;
  /** where counterexamples live; default counterexamples/ (env SPURIOUS_COUNTEREXAMPLES) */
  dir?: string;
  /** save new counterexamples (default true; only new in kind ones, see saveRule in src/store/novelty.ts) */
  save?: boolean;
  /** overrides the profile's time budget per claim (ms) */
  budgetMs?: number;
  /** called after every checked instance (progress) */
  onProgress?: (done: number, total: number) => void;
}

let packageVersion: string | undefined;
function pkgVersion(): string {
  packageVersion ??= (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
  return packageVersion;
}

type Failed = Extract<Outcome, { ok: false }>;

/** What the property says today about a saved counterexample's value. */
export type Recheck =
  | { kind: 'undecodable'; error: string }
  | { kind: 'outside'; reason: string }
  | { kind: 'threw'; error: string }
  | { kind: 'passes' }
  | {
      kind: 'fails';
      /** the failure as the property explains it now */
      outcome: Failed;
      /** the first field where the file's stored explanation differs from `outcome` (stored vs recomputed), or null */
      mismatch: string | null;
    };

/** Decode the saved value, check the hypotheses, and recompute the property and its explanation. */
export function recheckSaved(claim: AnyClaim, cex: Counterexample): Recheck {
  let value: unknown;
  try {
    value = claim.decode(cex.value);
  } catch (e) {
    return { kind: 'undecodable', error: (e as Error).message };
  }
  let reason: string | null;
  try {
    reason = claim.detect(value);
  } catch (e) {
    return { kind: 'threw', error: `the hypothesis detector threw on the saved value: ${(e as Error).message}` };
  }
  if (reason !== null) return { kind: 'outside', reason };
  let outcome: Outcome;
  try {
    outcome = claim.check(value);
  } catch (e) {
    return { kind: 'threw', error: `the property threw on the saved value: ${(e as Error).message}` };
  }
  if (outcome.ok) return { kind: 'passes' };
  return { kind: 'fails', outcome, mismatch: explanationMismatch(cex.failure, outcome) };
}

/** The failure as it is stored in a file (evidence through JSON, as saving does). */
function storedForm(o: Failed): Counterexample['failure'] {
  return {
    strength: o.strength,
    claimed: o.claimed,
    computed: o.computed,
    evidence: JSON.parse(JSON.stringify(o.evidence ?? null)) as Json,
  };
}

/**
 * The first field in which a stored explanation differs from a recomputed
 * one, as `failure.<field>: stored "…", recomputed "…"` with both texts cut
 * to a window around the first differing character; null if they agree.
 */
export function explanationMismatch(stored: Counterexample['failure'], now: Failed): string | null {
  const re = storedForm(now);
  const fields: [string, string, string][] = [
    ['strength', stored.strength, re.strength],
    ['claimed', stored.claimed, re.claimed],
    ['computed', stored.computed, re.computed],
    ['evidence', canonical(stored.evidence), canonical(re.evidence)],
  ];
  for (const [name, a, b] of fields) {
    if (a === b) continue;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return `failure.${name}: stored ${excerpt(a, i)}, recomputed ${excerpt(b, i)}`;
  }
  return null;
}

/** About 70 characters of `s` around index i, quoted, with … where cut. */
function excerpt(s: string, i: number): string {
  const from = Math.max(0, Math.min(i - 20, s.length - 70));
  const to = Math.min(s.length, from + 70);
  return JSON.stringify(`${from > 0 ? '…' : ''}${s.slice(from, to)}${to < s.length ? '…' : ''}`);
}

/** Regenerate from seed and path: true/false, or null when the generator version changed (not expected to regenerate). */
function regenerates(claim: AnyClaim, cex: Counterexample): boolean | null {
  if (cex.generatorVersion !== claim.generatorVersion) return null;
  // under the profile it was found with: a claim's generator may depend on it
  const d = fc.check(claimProperty(claim, PROFILES[cex.profile ?? 'quick'], emptyPart(0, cex.seed)), {
    seed: cex.seed,
    path: cex.path,
    endOnFailure: true,
  });
  return d.failed && d.counterexample !== null && canonical(claim.encode(d.counterexample[0])) === canonical(cex.value);
}

/**
 * Re-check a saved counterexample by value (and its stored explanation
 * against the recomputed one), and regenerate it from seed and path when the
 * generator is unchanged. Never throws: anything a saved value makes throw
 * (decoding, the detector, the property, regeneration) comes back as `error`,
 * and the file counts as unreadable.
 */
export function replayOne(claim: AnyClaim, cex: Counterexample, file: string): ReplayResult {
  const shown = displayPath(file);
  const unusable = (error: string): ReplayResult => ({ file: shown, stillFails: false, regenerated: null, error });
  try {
    const rc = recheckSaved(claim, cex);
    if (rc.kind === 'undecodable') return unusable(`field "value": ${rc.error}`);
    if (rc.kind === 'outside')
      return { file: shown, stillFails: false, regenerated: null, outsideHypotheses: rc.reason };
    if (rc.kind === 'threw') return unusable(rc.error);
    let regenerated: boolean | null;
    try {
      regenerated = regenerates(claim, cex);
    } catch (e) {
      return unusable(`regenerating it from its seed and path threw: ${(e as Error).message}`);
    }
    return replayed(shown, rc, regenerated);
  } catch (e) {
    return unusable(`replaying it threw: ${(e as Error).message}`);
  }
}

function replayed(
  shown: string,
  rc: Exclude<Recheck, { kind: 'undecodable' | 'outside' | 'threw' }>,
  regenerated: boolean | null,
): ReplayResult {
  const result: ReplayResult = { file: shown, stillFails: rc.kind === 'fails', regenerated };
  if (rc.kind === 'fails') result.recomputed = { claimed: rc.outcome.claimed, computed: rc.outcome.computed };
  if (rc.kind === 'fails' && rc.mismatch !== null) result.explanationMismatch = rc.mismatch;
  return result;
}

export interface RefreshResult {
  file: string;
  /** the fields rewritten with the recomputed ones (e.g. "failure.computed", "statement"); empty when nothing was rewritten */
  changed: string[];
  /** the first difference found before the rewrite (as in ReplayResult.explanationMismatch) */
  mismatch?: string;
  /** why the file was left alone */
  refused?: string;
}

/**
 * `spurious replay --refresh`: rewrite a saved counterexample's `failure` and
 * `statement` with the ones the claim gives today (wording changes over
 * time). Only a file whose value still fails its property as expected (a
 * `refuted` claim) and still regenerates from its seed and path (or whose
 * generator changed since) is rewritten; anything else is left alone, with
 * the reason. The file keeps its name.
 */
export function refreshOne(claim: AnyClaim, cex: Counterexample, file: string): RefreshResult {
  const shown = displayPath(file);
  const refuse = (refused: string): RefreshResult => ({ file: shown, changed: [], refused });
  const rc = recheckSaved(claim, cex);
  if (rc.kind === 'undecodable') return refuse(`field "value": ${rc.error}`);
  if (rc.kind === 'outside') return refuse(`the value no longer meets the claim's hypotheses (${rc.reason})`);
  if (rc.kind === 'threw') return refuse(rc.error);
  if (rc.kind === 'passes') return refuse('the value no longer fails its property');
  if (rc.outcome.strength !== cex.failure.strength)
    return refuse(
      `it no longer fails the same way: the stored failure is ${cex.failure.strength === 'refuted' ? 'exact' : 'float-only'}, the recomputed one ${rc.outcome.strength === 'refuted' ? 'exact' : 'float-only'}`,
    );
  if (claim.expected !== 'refuted')
    return refuse(
      `${claim.id} is expected to hold, so its failure here is a regression to fix, not an explanation to refresh`,
    );
  if (regenerates(claim, cex) === false)
    return refuse('it does not regenerate from its seed and path (bump generatorVersion if the generator changed)');
  const failure = storedForm(rc.outcome);
  const changed = [
    ...(['strength', 'claimed', 'computed'] as const)
      .filter((k) => cex.failure[k] !== failure[k])
      .map((k) => `failure.${k}`),
    ...(canonical(cex.failure.evidence) !== canonical(failure.evidence) ? ['failure.evidence'] : []),
    ...(cex.statement !== claim.statement ? ['statement'] : []),
  ];
  if (changed.length === 0) return { file: shown, changed };
  try {
    rewriteCounterexample({ ...cex, failure, statement: claim.statement }, file);
  } catch (e) {
    return refuse(`could not rewrite the file: ${(e as Error).message}`);
  }
  return { file: shown, changed, ...(rc.mismatch !== null ? { mismatch: rc.mismatch } : {}) };
}

/**
 * The seed a run of `claim` uses: `seed` when given, else the claim's fixed
 * seed under a fixed-seed profile, else a fresh random one. A caller that runs
 * claims elsewhere (worker threads) draws it first, so a run that crashes still
 * names its seed.
 */
export function runSeed(claim: AnyClaim, profile: Profile, seed?: number): number {
  return seed ?? (profile.fixedSeed ? claimSeed(claim.id) : (Math.random() * 2 ** 31) | 0);
}

/**
 * The result of a run that ended without a verdict because the code running it
 * failed (an exception out of runClaim, a worker thread that died): inconclusive,
 * not as expected, with the reason in one line. The other claims of the run go on.
 */
export function crashedResult(claim: AnyClaim, seed: number, reason: string, ms: number): ClaimResult {
  const line = reason.split('\n')[0];
  return {
    id: claim.id,
    paper: claim.paper,
    section: claim.section,
    expected: claim.expected,
    seed,
    verdict: 'inconclusive',
    strength: 'inconclusive',
    runs: 0,
    certified: 0,
    rejected: 0,
    ms: Math.round(ms),
    counterexamples: [],
    ok: false,
    summary: `The run stopped with an error: ${line}`,
    replays: [],
    unreadable: [],
    crashed: line,
  };
}

/** The fewest draws (accepted and rejected) on which the generator's rejection rate is judged. */
const MIN_DRAWS_JUDGED = 10;

/** A run of one claim between its replays and its verdict: what finishRun needs (the search may run elsewhere, in parts). */
export interface PreparedRun {
  claim: AnyClaim;
  t0: number;
  profile: Profile;
  dir: string;
  seed: number;
  numRuns: number;
  budgetMs: number;
  save: boolean;
  /** the search's parts (src/claims/parts.ts): one, with the claim's seed, unless the claim declares parts */
  parts: PartSpec[];
  replays: ReplayResult[];
  unreadable: ClaimResult['unreadable'];
  saved: { file: string; cex: Counterexample }[];
  files: string[];
}

/**
 * The first step of a run: the seed, the run count, the parts, and the saved
 * counterexamples replayed. A file that cannot be used (unreadable, or its
 * value throws) is set apart and named once; the run goes on without it.
 */
export function prepareRun(claim: AnyClaim, opts: RunOptions = {}): PreparedRun {
  const t0 = performance.now();
  const profile = opts.profile ?? profileFrom();
  const dir = opts.dir ?? defaultDir();
  const seed = runSeed(claim, profile, opts.seed);
  const numRuns = Math.max(1, Math.round((opts.runs ?? claim.runs ?? 100) * profile.runsScale));
  const budgetMs = opts.budgetMs ?? profile.budgetMs;
  const replays: ReplayResult[] = [];
  const unreadable: ClaimResult['unreadable'] = [];
  const saved: { file: string; cex: Counterexample }[] = [];
  const files: string[] = [];
  for (const r of listCounterexamples(dir, claim.id)) {
    if (!r.ok) {
      unreadable.push({ file: displayPath(r.file), reason: r.reason });
      continue;
    }
    const rp = replayOne(claim, r.cex, r.file);
    if (rp.error) {
      unreadable.push({ file: rp.file, reason: rp.error });
      continue;
    }
    replays.push(rp);
    files.push(rp.file);
    saved.push({ file: rp.file, cex: r.cex });
  }
  return {
    claim,
    t0,
    profile,
    dir,
    seed,
    numRuns,
    budgetMs,
    save: opts.save !== false,
    parts: claimParts(claim, seed, numRuns),
    replays,
    unreadable,
    saved,
    files,
  };
}

/** Replay, search (its parts one after another, in this thread) and decide one claim. */
export function runClaim(claim: AnyClaim, opts: RunOptions = {}): ClaimResult {
  const run = prepareRun(claim, opts);
  const results: PartResult[] = [];
  let before = 0;
  for (const spec of run.parts) {
    // the budget bounds each part (a share of it would let the load of the machine decide more often how far a part gets)
    results.push(
      searchPart(claim, run.profile, spec, run.budgetMs, (checked) => opts.onProgress?.(before + checked, run.numRuns)),
    );
    before += results.at(-1)!.checked;
  }
  return finishRun(run, results);
}

/**
 * The last step of a run: the parts' results combined in part order (the first
 * part that failed gives the counterexample), the counterexample saved, the
 * verdict and its explanation.
 */
export function finishRun(run: PreparedRun, parts: readonly PartResult[]): ClaimResult {
  const { claim, t0, profile, dir, seed, numRuns, budgetMs, replays, unreadable, saved, files } = run;
  const budgetText = `${+(budgetMs / 1000).toFixed(1)} s`;
  const base = { id: claim.id, paper: claim.paper, section: claim.section, expected: claim.expected, seed };
  const failingReplays = replays.filter((r) => r.stillFails);
  const notRegenerated = replays.filter((r) => r.regenerated === false);
  const mismatched = replays.filter((r) => r.explanationMismatch);
  // 2. The search's parts, combined.
  const stats = sumParts(parts);
  const failedPart = parts.find((p) => p.counterexample) ?? null;
  let found: {
    file: string;
    created: boolean;
    outcome: Extract<Outcome, { ok: false }>;
    notSaved?: string;
    path?: string;
  } | null = null;
  let errorMessage: string | null = null;
  let crashed = false;
  if (failedPart?.counterexample) {
    // one part: the value as found; several: decoded, in every thread alike (the same result for any worker count)
    const value =
      parts.length === 1 && 'value' in failedPart ? failedPart.value : claim.decode(failedPart.counterexample.encoded);
    let outcome: Outcome | null = null;
    try {
      outcome = claim.check(value);
    } catch (e) {
      // A property that throws has not decided anything: never a counterexample,
      // never an expected refutation.
      crashed = true;
      errorMessage = `the property threw on a generated instance: ${(e as Error).message}`;
    }
    if (outcome && outcome.ok)
      throw new Error(
        `internal: claim ${claim.id} failed under fast-check but its check passes on the shrunk value (the check is not deterministic)`,
      );
    if (outcome && !outcome.ok) {
      const cex: Counterexample = {
        format: FORMAT,
        claim: claim.id,
        packageVersion: pkgVersion(),
        generatorVersion: claim.generatorVersion,
        seed: failedPart.seed,
        path: failedPart.counterexample.path,
        runs: failedPart.numRuns,
        shrinks: failedPart.numShrinks,
        value: claim.encode(value),
        failure: {
          strength: outcome.strength,
          claimed: outcome.claimed,
          computed: outcome.computed,
          evidence: outcome.evidence,
        },
        statement: claim.statement,
        found: new Date().toISOString(),
        profile: profile.name,
      };
      const same = join(dir, claim.id, `${contentHash(claim.id, cex.value)}.json`);
      const rule = existsSync(same) ? null : saveRule(cex, saved);
      if (!run.save || (rule && !rule.save)) {
        const notSaved = !run.save ? 'not saved (--no-save)' : `not saved (${rule!.why})`;
        found = { file: '(not saved)', created: false, outcome, notSaved };
      } else {
        const w = writeCounterexample(cex, dir);
        found = { file: displayPath(w.file), created: w.created, outcome, path: w.file };
        if (!files.includes(found.file)) files.push(found.file);
      }
    }
  } else if (parts.some((p) => p.failed)) {
    // fast-check fails a run in which no instance met the hypotheses: by too
    // many skips, or by the time budget running out first.
    errorMessage = parts.find((p) => p.failed)!.interrupted
      ? `the ${budgetText} budget ran out before any generated instance met the hypotheses`
      : 'fast-check stopped without a counterexample (too many rejected instances)';
  }

  // 3. Verdict.
  const ms = Math.round(performance.now() - t0);
  const runs = stats.checked;
  const rejected = stats.rejected;
  const topReason = [...stats.reasons.entries()].sort((a, b) => b[1] - a[1])[0];
  const whileShrinking = Math.max(0, rejected - stats.numSkips);
  const rejectNote =
    rejected > 0
      ? ` The hypothesis detector rejected ${rejected} generated value${rejected > 1 ? 's' : ''}${whileShrinking ? `, ${whileShrinking} of them while shrinking` : ''}${topReason ? ` (most often: ${topReason[0]})` : ''}.`
      : '';
  // Judged on the search alone (fast-check's numSkips against numRuns): shrinking tries values the
  // detector may reject by the dozen (a refuted claim found on its first instance once counted 29
  // rejections against 23 checks, all of them shrink candidates), which says nothing of the generator.
  // And on at least 10 draws: a refuted claim found on its first instance after 3 rejections (a thorough
  // run of ding2019.phase.tanh.n3) is 4 draws, too few to say the generator rejects more than it yields.
  const heavyRejection = stats.numSkips > stats.numRuns && stats.numSkips + stats.numRuns >= MIN_DRAWS_JUDGED;
  let verdict: ClaimResult['verdict'];
  let strength: Strength;
  let summary: string;
  if (crashed) {
    verdict = 'inconclusive';
    strength = 'inconclusive';
    summary = `The run stopped with an error: ${errorMessage}`;
  } else if (found) {
    verdict = 'refuted';
    strength = found.outcome.strength;
    const { numRuns: after, numShrinks: shrunk } = failedPart!;
    summary = `Counterexample after ${after} instance${after === 1 ? '' : 's'}${parts.length > 1 ? ` of part ${failedPart!.part + 1} of ${parts.length}` : ''} (shrunk ${shrunk} time${shrunk === 1 ? '' : 's'}), ${found.notSaved ?? `${found.created ? 'saved to' : 'already saved as'} ${found.file}`}: ${found.outcome.computed}`;
  } else if (failingReplays.length) {
    verdict = 'refuted';
    strength = 'refuted';
    summary = `${failingReplays.length} saved counterexample${failingReplays.length > 1 ? 's' : ''} still fail${failingReplays.length > 1 ? '' : 's'} the property (${failingReplays.map((r) => r.file).join(', ')}); the search found no new one in ${runs} instances.`;
  } else if (errorMessage) {
    verdict = 'inconclusive';
    strength = 'inconclusive';
    summary = `The run stopped with an error: ${errorMessage}`;
  } else if (runs === 0) {
    verdict = 'inconclusive';
    strength = 'inconclusive';
    summary = `No instance met the hypotheses (${rejected} rejected): the generator needs fixing.`;
  } else {
    verdict = 'holds';
    strength = stats.proved === runs ? 'proved' : 'evidence';
    const support =
      claim.arithmetic === 'decimal'
        ? 'high-precision decimal (not exact) support'
        : claim.arithmetic === 'float'
          ? 'float support'
          : 'numerical (not exact) support';
    const [one, many] =
      claim.arithmetic === 'decimal'
        ? ['an interval-arithmetic certificate (outward rounding)', 'interval-arithmetic certificates']
        : ['an exact certificate', 'exact certificates'];
    summary = `Held on all ${runs} generated instances${parts.length > 1 ? ` (${parts.length} parts, each with its own seed)` : ''}${stats.interrupted ? ` (stopped by the ${budgetText} budget)` : ''}, ${stats.proved === runs ? `each decided by ${one}` : stats.proved > 0 ? `${stats.proved} by ${many}, the rest with ${support}` : `with ${support}`}.`;
  }
  summary += rejectNote;
  if (heavyRejection && verdict !== 'inconclusive')
    summary += ' The generator rejects more instances than it yields: fix the generator.';
  const outside = replays.filter((r) => r.outsideHypotheses);
  if (outside.length)
    summary += ` Saved counterexamples that no longer meet the hypotheses (not counted; review and remove them by hand): ${outside.map((r) => `${r.file} (${r.outsideHypotheses})`).join(', ')}.`;
  if (notRegenerated.length)
    summary += ` Saved counterexamples that no longer regenerate from their seed and path: ${notRegenerated.map((r) => r.file).join(', ')} (bump generatorVersion when the generator changes).`;
  if (mismatched.length)
    summary += ` Saved counterexamples whose stored explanation is not what the property computes on their value now (edited by hand, or the claim was reworded; 'spurious replay --refresh' rewrites them): ${mismatched.map((r) => `${r.file} (${r.explanationMismatch})`).join(', ')}.`;

  const ok =
    !crashed &&
    notRegenerated.length === 0 &&
    mismatched.length === 0 &&
    !heavyRejection &&
    (claim.expected === 'holds'
      ? verdict === 'holds'
      : verdict === 'refuted' && (found !== null || failingReplays.length > 0));
  const result: ClaimResult = {
    ...base,
    verdict,
    strength,
    runs,
    certified: stats.proved,
    rejected,
    ms,
    counterexamples: files,
    ok,
    summary,
    replays,
    unreadable,
  };
  if (stats.interrupted) result.stoppedByBudget = { seconds: budgetMs / 1000, checks: stats.checked, asked: numRuns };
  if (found?.notSaved) result.notSaved = found.notSaved;
  if (found?.created && found.path) result.saved = found.path;
  if (stats.tally.size) result.tally = Object.fromEntries(stats.tally);
  return result;
}
