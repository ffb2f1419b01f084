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
import type { PartResult, PartSpec } from '../claims/parts.js';
import { crashedResult, finishRun, prepareRun, type PreparedRun } from '../claims/runner.js';
import type { AnyClaim, ClaimResult } from '../claims/types.js';
import { repoRoot } from '../store/counterexamples.js';
import { UsageError } from './options.js';
import type { PartError, VerifyTask } from './verify-worker.js';

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

/**
 * Decide `claims` on `opts.workers` worker threads; the results in the order of
 * `claims`. A claim with parts (Claim.parts) is prepared here (its saved
 * counterexamples replayed), its parts are searched on the workers, and it is
 * decided here from their results in part order (finishRun), exactly as a
 * one-worker run decides it.
 */
export async function runInWorkers(claims: readonly AnyClaim[], opts: ParallelOptions): Promise<ClaimResult[]> {
  // one task per claim, or per part of a claim with parts; a claim's parts go out together, longest claims first
  const tasks: { i: number; part?: PartSpec }[] = [];
  const prepared = new Map<number, { run: PreparedRun; found: PartResult[]; failed: string[] }>();
  // claims decided before any worker runs (their preparation threw)
  const early: [number, ClaimResult][] = [];
  for (const i of longestFirst(claims, opts.lastMs)) {
    const c = claims[i];
    if ((c.parts ?? 1) > 1) {
      let run: PreparedRun;
      try {
        run = prepareRun(c, {
          profile: opts.profile,
          seed: opts.seeds[i],
          ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
          ...(opts.budgetMs !== undefined ? { budgetMs: opts.budgetMs } : {}),
          save: opts.save,
        });
      } catch (e) {
        early.push([i, crashedResult(c, opts.seeds[i], (e as Error)?.message ?? String(e), 0)]);
        continue;
      }
      if (run.parts.length > 1) {
        prepared.set(i, { run, found: [], failed: [] });
        for (const part of run.parts) tasks.push({ i, part });
        continue;
      }
    }
    tasks.push({ i });
  }
  const pool = new Piscina<VerifyTask, ClaimResult | PartResult | PartError>({
    filename: pathToFileURL(join(repoRoot(), 'bin/verify-worker.js')).href,
    minThreads: Math.min(opts.workers, tasks.length),
    maxThreads: Math.min(opts.workers, tasks.length),
    // the claim-set environment as it is now (tests and the CLI set SPURIOUS_* before a run)
    env: { ...process.env },
    // the launcher's flags (a loader, an inspector port) are not the worker's: it registers tsx itself
    execArgv: [],
  });
  const results: ClaimResult[] = new Array(claims.length);
  const started = new Map<number, number>();
  const checked = new Map<string, number>();
  const end = (i: number, r: ClaimResult) => {
    results[i] = r;
    if (!started.has(i)) opts.onStart?.(i);
    opts.onEnd?.(i, r);
  };
  // a worker that fails while it has no task (a stray rejection after its claim returned): said, not fatal
  pool.on('error', (e: unknown) =>
    process.stderr.write(`spurious: a worker thread failed between claims: ${(e as Error)?.message ?? String(e)}\n`),
  );
  for (const [i, r] of early) end(i, r);
  try {
    await Promise.all(
      tasks.map(async ({ i, part }) => {
        const claim = claims[i];
        const p = prepared.get(i);
        const { port1, port2 } = new MessageChannel();
        let ended = false;
        // the worker's messages and its result travel on different ports: a late message is dropped
        port1.on('message', (m: 'start' | [number, number]) => {
          if (ended || results[i]) return;
          if (m === 'start') {
            if (started.has(i)) return;
            started.set(i, performance.now());
            if (p) p.run.t0 = performance.now(); // a claim's time starts with its first part
            opts.onStart?.(i);
          } else if (p) {
            checked.set(`${i}/${part!.part}`, m[0]);
            const done = p.run.parts.reduce((t, q) => t + (checked.get(`${i}/${q.part}`) ?? 0), 0);
            opts.onProgress?.(i, done, p.run.numRuns);
          } else opts.onProgress?.(i, m[0], m[1]);
        });
        const task: VerifyTask = {
          ...(opts.claimsModule !== undefined ? { claims: opts.claimsModule } : {}),
          id: claim.id,
          profile: opts.profile.name,
          seed: opts.seeds[i],
          ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
          // a part has the claim's budget, as in a one-worker run (runClaim)
          ...(p ? { budgetMs: p.run.budgetMs } : opts.budgetMs !== undefined ? { budgetMs: opts.budgetMs } : {}),
          save: opts.save,
          ...(part ? { part } : {}),
          progress: port2,
        };
        try {
          const r = await pool.run(task, { transferList: [port2] });
          if (!p) return end(i, r as ClaimResult);
          if ('error' in r) p.failed[r.part] = r.error;
          else p.found.push(r as PartResult);
        } catch (e) {
          // only a worker thread that died gets here (an exception comes back as a result, see verify-worker.ts)
          const why = `its worker thread failed: ${(e as Error)?.message ?? String(e)}`;
          const t = started.get(i);
          if (!p) return end(i, crashedResult(claim, opts.seeds[i], why, t === undefined ? 0 : performance.now() - t));
          p.failed[part!.part] = why;
        } finally {
          ended = true;
          port1.close();
        }
        // the claim's last part: decide it here, from its parts in part order (a failure: the first part's)
        const failures = p ? p.failed.filter((x) => x !== undefined) : [];
        if (p && p.found.length + failures.length === p.run.parts.length && !results[i]) {
          const ms = performance.now() - (started.get(i) ?? performance.now());
          if (failures.length) return end(i, crashedResult(claim, opts.seeds[i], failures[0], ms));
          try {
            end(
              i,
              finishRun(
                p.run,
                [...p.found].sort((a, b) => a.part - b.part),
              ),
            );
          } catch (e) {
            end(i, crashedResult(claim, opts.seeds[i], (e as Error)?.message ?? String(e), ms));
          }
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
