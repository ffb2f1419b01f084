/**
 * One claim decided on a worker thread of `spurious verify --workers N`
 * (./parallel.ts; bin/verify-worker.js loads this module). The worker loads the
 * claim set once (the built-in registry or the user's claims module) and runs
 * each claim it is handed with runClaim, exactly as the sequential run does:
 * same seed, same runs, same saves. Progress goes back over a MessagePort.
 */
import type { MessagePort } from 'node:worker_threads';
import { searchPart, type PartResult, type PartSpec } from '../claims/parts.js';
import { PROFILES, type ProfileName } from '../claims/profiles.js';
import { crashedResult, runClaim } from '../claims/runner.js';
import type { ClaimResult } from '../claims/types.js';
import { claimSet, type ClaimSet } from './claim-source.js';

export interface VerifyTask {
  /** the --claims module as given (undefined: the built-in registry or a spurious.config.*) */
  claims?: string;
  id: string;
  profile: ProfileName;
  /** the run's seed, drawn by the parent (runSeed) */
  seed: number;
  runs?: number;
  budgetMs?: number;
  save: boolean;
  /** set: search only this part of the claim (its budget is budgetMs) and return what it found; the parent decides */
  part?: PartSpec;
  /** receives 'start', then [done, total] at most every 100 ms and at the end */
  progress?: MessagePort;
}

/** A part whose search threw: the parent marks its claim crashed with this message. */
export interface PartError {
  part: number;
  error: string;
}

let loaded: { key: string; set: Promise<ClaimSet> } | null = null;

export default async function verifyTask(t: VerifyTask): Promise<ClaimResult | PartResult | PartError> {
  try {
    t.progress?.postMessage('start');
    if (loaded?.key !== (t.claims ?? '')) loaded = { key: t.claims ?? '', set: claimSet(t.claims) };
    const set = await loaded.set;
    const claim = set.claims.find((c) => c.id === t.id);
    if (!claim) throw new Error(`no claim ${JSON.stringify(t.id)} in ${set.source}`);
    let last = 0;
    const tick = (done: number, total: number) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      t.progress?.postMessage([done, total]);
    };
    const t0 = performance.now();
    try {
      if (t.part) {
        const { part } = t;
        const { value: _value, ...found } = searchPart(claim, PROFILES[t.profile], part, t.budgetMs!, (done) =>
          tick(done, part.numRuns),
        );
        return found; // the value itself stays here: the parent decodes the encoded one
      }
      return runClaim(claim, {
        profile: PROFILES[t.profile],
        seed: t.seed,
        ...(t.runs !== undefined ? { runs: t.runs } : {}),
        ...(t.budgetMs !== undefined ? { budgetMs: t.budgetMs } : {}),
        save: t.save,
        onProgress: tick,
      });
    } catch (e) {
      // an exception out of the run: the claim's result says why, in the words a one-worker run uses
      const why = (e as Error)?.message ?? String(e);
      return t.part ? { part: t.part.part, error: why } : crashedResult(claim, t.seed, why, performance.now() - t0);
    }
  } finally {
    t.progress?.close();
  }
}
