/**
 * `spurious verify --workers N` (issue 21): claims decided in parallel on
 * worker threads of a piscina pool (bin/verify-worker.js → ./verify-worker.ts).
 *
 * The result does not depend on N: each claim gets the seed the sequential run
 * would give it (drawn here, before any claim runs), runs the same runClaim on
 * the same options, and the results come back in the claim set's order,
 * whatever order the workers finish in. Claims are handed out longest first,
 * by the durations of the last report (claims it does not know first), so a
 * long claim does not start last. A worker that dies or throws marks its claim
 * inconclusive with the reason (crashedResult); the pool replaces the worker
 * and the run goes on.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Profile } from '../claims/profiles.js';
import { crashedResult } from '../claims/runner.js';
import type { AnyClaim, ClaimResult } from '../claims/types.js';
import { repoRoot } from '../store/counterexamples.js';
import { UsageError } from './options.js';
import type { VerifyTask } from './verify-worker.js';

/** The number of workers: --workers, else SPURIOUS_WORKERS, else the machine's available parallelism. */
export function workerCount(flag: string | undefined, env = process.env.SPURIOUS_WORKERS): number {
  const [text, from] = flag !== undefined ? [flag, '--workers'] : env ? [env, 'SPURIOUS_WORKERS'] : [null, ''];
  if (text === null) return availableParallelism();
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1)
    throw new UsageError(`${from} must be a whole number of workers, at least 1 (got ${JSON.stringify(text)})`);
  return Number(text);
}

/** `claims` (indices into it) in the order to hand them out: longest first by `lastMs`, unknown ones first, ties in set order. */
export function longestFirst(claims: readonly AnyClaim[], lastMs: ReadonlyMap<string, number>): number[] {
  const cost = (i: number) => lastMs.get(claims[i].id) ?? Infinity;
  return claims.map((_, i) => i).sort((a, b) => cost(b) - cost(a) || a - b);
}

export interface ParallelOptions {
  workers: number;
  /** the --claims module as given */
  claimsModule?: string;
  profile: Profile;
  /** each claim's seed, in the order of `claims` */
  seeds: readonly number[];
  runs?: number;
  budgetMs?: number;
  save: boolean;
  /** durations (ms) of the last report, by claim id: the hand-out order */
  lastMs: ReadonlyMap<string, number>;
  onStart?: (i: number) => void;
  onProgress?: (i: number, done: number, total: number) => void;
  onEnd?: (i: number, r: ClaimResult) => void;
}

/** Decide `claims` on `opts.workers` worker threads; the results in the order of `claims`. */
export async function runInWorkers(claims: readonly AnyClaim[], opts: ParallelOptions): Promise<ClaimResult[]> {
  const pool = new Piscina<VerifyTask, ClaimResult>({
    filename: pathToFileURL(join(repoRoot(), 'bin/verify-worker.js')).href,
    minThreads: Math.min(opts.workers, claims.length),
    maxThreads: Math.min(opts.workers, claims.length),
    // the claim-set environment as it is now (tests and the CLI set SPURIOUS_* before a run)
    env: { ...process.env },
    // the launcher's flags (a loader, an inspector port) are not the worker's: it registers tsx itself
    execArgv: [],
  });
  const results: ClaimResult[] = new Array(claims.length);
  try {
    await Promise.all(
      longestFirst(claims, opts.lastMs).map(async (i) => {
        const claim = claims[i];
        const { port1, port2 } = new MessageChannel();
        let started: number | null = null,
          ended = false;
        // the worker's messages and its result travel on different ports: a late message is dropped
        port1.on('message', (m: 'start' | [number, number]) => {
          if (ended) return;
          if (m === 'start') {
            started = performance.now();
            opts.onStart?.(i);
          } else opts.onProgress?.(i, m[0], m[1]);
        });
        const task: VerifyTask = {
          ...(opts.claimsModule !== undefined ? { claims: opts.claimsModule } : {}),
          id: claim.id,
          profile: opts.profile.name,
          seed: opts.seeds[i],
          ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
          ...(opts.budgetMs !== undefined ? { budgetMs: opts.budgetMs } : {}),
          save: opts.save,
          progress: port2,
        };
        let r: ClaimResult;
        try {
          r = await pool.run(task, { transferList: [port2] });
        } catch (e) {
          const ms = started === null ? 0 : performance.now() - started;
          r = crashedResult(
            claim,
            opts.seeds[i],
            `its worker thread failed: ${(e as Error)?.message ?? String(e)}`,
            ms,
          );
        } finally {
          ended = true;
          port1.close();
        }
        if (started === null) opts.onStart?.(i);
        results[i] = r;
        opts.onEnd?.(i, r);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
