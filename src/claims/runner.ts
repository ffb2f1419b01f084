/**
 * Decide one claim: replay its saved counterexamples (by value, and by seed
 * and path while the generator version is unchanged), then search with
 * fast-check under the profile's budget, shrink a failure, save it, and give
 * the verdict with its strength.
 *
 * Gating: a `holds` claim that fails (now, or by a saved counterexample that
 * still fails) is not ok; a `refuted` claim is ok only if a counterexample was
 * found now or a saved one still fails its property.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Strength } from '../landscape/verdict.js';
import { canonical, defaultDir, displayPath, FORMAT, listCounterexamples, repoRoot, writeCounterexample, type Counterexample } from '../store/counterexamples.js';
import { claimSeed, profileFrom, type Profile } from './profiles.js';
import type { AnyClaim, ClaimResult, Outcome, ReplayResult } from './types.js';

export interface RunOptions {
  profile?: Profile;
  /** overrides the profile's seed */
  seed?: number;
  /** overrides the claim's run count (before profile scaling) */
  runs?: number;
  /** where counterexamples live; default counterexamples/ (env SPURIOUS_COUNTEREXAMPLES) */
  dir?: string;
  /** save new counterexamples (default true) */
  save?: boolean;
  /** called after every checked instance (progress) */
  onProgress?: (done: number, total: number) => void;
}

let packageVersion: string | undefined;
function pkgVersion(): string {
  packageVersion ??= (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return packageVersion;
}

/** The property as fast-check sees it; rejected instances are skipped (fc.pre) and counted. */
function property(claim: AnyClaim, stats: { rejected: number; checked: number; proved: number; reasons: Map<string, number> }, onProgress?: () => void) {
  return fc.property(claim.generate(), (v) => {
    const reason = claim.detect(v);
    if (reason !== null) {
      stats.rejected++;
      stats.reasons.set(reason, (stats.reasons.get(reason) ?? 0) + 1);
      fc.pre(false);
    }
    const o = claim.check(v);
    stats.checked++;
    if (o.ok && o.strength === 'proved') stats.proved++;
    onProgress?.();
    return o.ok;
  });
}

/** Re-check a saved counterexample by value, and regenerate it from seed and path when the generator is unchanged. */
export function replayOne(claim: AnyClaim, cex: Counterexample, file: string): ReplayResult {
  const shown = displayPath(file);
  let value: unknown;
  try {
    value = claim.decode(cex.value);
  } catch (e) {
    return { file: shown, stillFails: false, regenerated: null, error: `${shown}: field "value": ${(e as Error).message}` };
  }
  const reason = claim.detect(value);
  if (reason !== null) return { file: shown, stillFails: false, regenerated: null, outsideHypotheses: reason };
  let outcome: Outcome;
  try {
    outcome = claim.check(value);
  } catch (e) {
    return { file: shown, stillFails: false, regenerated: null, error: `${shown}: the property threw on the saved value: ${(e as Error).message}` };
  }
  let regenerated: boolean | null = null;
  if (cex.generatorVersion === claim.generatorVersion) {
    const stats = { rejected: 0, checked: 0, proved: 0, reasons: new Map<string, number>() };
    const d = fc.check(property(claim, stats), { seed: cex.seed, path: cex.path, endOnFailure: true });
    regenerated = d.failed && d.counterexample !== null && canonical(claim.encode(d.counterexample[0])) === canonical(cex.value);
  }
  return { file: shown, stillFails: !outcome.ok, regenerated };
}

export function runClaim(claim: AnyClaim, opts: RunOptions = {}): ClaimResult {
  const t0 = performance.now();
  const profile = opts.profile ?? profileFrom();
  const dir = opts.dir ?? defaultDir();
  const seed = opts.seed ?? (profile.fixedSeed ? claimSeed(claim.id) : (Math.random() * 2 ** 31) | 0);
  const numRuns = Math.max(1, Math.round((opts.runs ?? claim.runs ?? 100) * profile.runsScale));
  const base = { id: claim.id, paper: claim.paper, section: claim.section, expected: claim.expected, seed };

  // 1. Replay what is saved.
  const replays: ReplayResult[] = [];
  const files: string[] = [];
  for (const r of listCounterexamples(dir, claim.id)) {
    if (!r.ok) {
      replays.push({ file: displayPath(r.file), stillFails: false, regenerated: null, error: r.error });
      continue;
    }
    const rp = replayOne(claim, r.cex, r.file);
    replays.push(rp);
    files.push(rp.file);
  }
  const replayErrors = replays.filter((r) => r.error);
  const failingReplays = replays.filter((r) => r.stillFails);
  const notRegenerated = replays.filter((r) => r.regenerated === false);

  // 2. Search.
  const stats = { rejected: 0, checked: 0, proved: 0, reasons: new Map<string, number>() };
  let found: { file: string; created: boolean; outcome: Extract<Outcome, { ok: false }> } | null = null;
  const details = fc.check(
    property(claim, stats, () => opts.onProgress?.(stats.checked, numRuns)),
    { seed, numRuns, interruptAfterTimeLimit: profile.budgetMs, markInterruptAsFailure: false, maxSkipsPerRun: 1000 },
  );
  let errorMessage: string | null = null;
  let crashed = false;
  if (details.failed && details.counterexample) {
    const value = details.counterexample[0];
    let outcome: Outcome | null = null;
    try {
      outcome = claim.check(value);
    } catch (e) {
      // A property that throws has not decided anything: never a counterexample,
      // never an expected refutation.
      crashed = true;
      errorMessage = `the property threw on a generated instance: ${(e as Error).message}`;
    }
    if (outcome && outcome.ok) throw new Error(`internal: claim ${claim.id} failed under fast-check but its check passes on the shrunk value (the check is not deterministic)`);
    if (outcome && !outcome.ok) {
    const cex: Counterexample = {
      format: FORMAT,
      claim: claim.id,
      packageVersion: pkgVersion(),
      generatorVersion: claim.generatorVersion,
      seed: details.seed,
      path: details.counterexamplePath ?? '0',
      runs: details.numRuns,
      shrinks: details.numShrinks,
      value: claim.encode(value),
      failure: { strength: outcome.strength, claimed: outcome.claimed, computed: outcome.computed, evidence: outcome.evidence },
      statement: claim.statement,
      found: new Date().toISOString(),
    };
    const w = opts.save === false ? { file: '(not saved)', created: false } : writeCounterexample(cex, dir);
    found = { file: displayPath(w.file), created: w.created, outcome };
    if (!files.includes(found.file)) files.push(found.file);
    }
  } else if (details.failed) {
    errorMessage = 'fast-check stopped without a counterexample (too many rejected instances)';
  }

  // 3. Verdict.
  const ms = Math.round(performance.now() - t0);
  const runs = stats.checked;
  const rejected = stats.rejected;
  const topReason = [...stats.reasons.entries()].sort((a, b) => b[1] - a[1])[0];
  const rejectNote = rejected > 0 ? ` The hypothesis detector rejected ${rejected} generated instance${rejected > 1 ? 's' : ''}${topReason ? ` (most often: ${topReason[0]})` : ''}.` : '';
  const heavyRejection = rejected > runs;
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
    summary = `Counterexample after ${details.numRuns} instance${details.numRuns === 1 ? '' : 's'} (shrunk ${details.numShrinks} time${details.numShrinks === 1 ? '' : 's'}), ${found.created ? 'saved to' : 'already saved as'} ${found.file}: ${found.outcome.computed}`;
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
    const support = claim.arithmetic === 'decimal' ? 'high-precision decimal (not exact) support' : claim.arithmetic === 'float' ? 'float support' : 'numerical (not exact) support';
    summary = `Held on all ${runs} generated instances${details.interrupted ? ` (stopped by the ${Math.round(profile.budgetMs / 1000)} s budget)` : ''}, ${stats.proved === runs ? 'each decided by an exact certificate' : stats.proved > 0 ? `${stats.proved} by exact certificates, the rest with ${support}` : `with ${support}`}.`;
  }
  summary += rejectNote;
  if (heavyRejection && verdict !== 'inconclusive') summary += ' The generator rejects more instances than it yields: fix the generator.';
  if (replayErrors.length) summary += ` Unreadable saved counterexamples: ${replayErrors.map((r) => r.error).join('; ')}.`;
  const outside = replays.filter((r) => r.outsideHypotheses);
  if (outside.length) summary += ` Saved counterexamples that no longer meet the hypotheses (not counted; review and remove them by hand): ${outside.map((r) => `${r.file} (${r.outsideHypotheses})`).join(', ')}.`;
  if (notRegenerated.length) summary += ` Saved counterexamples that no longer regenerate from their seed and path: ${notRegenerated.map((r) => r.file).join(', ')} (bump generatorVersion when the generator changes).`;

  const ok =
    !crashed &&
    replayErrors.length === 0 &&
    notRegenerated.length === 0 &&
    !heavyRejection &&
    (claim.expected === 'holds' ? verdict === 'holds' : verdict === 'refuted' && (found !== null || failingReplays.length > 0));
  return { ...base, verdict, strength, runs, rejected, ms, counterexamples: files, ok, summary, replays };
}
