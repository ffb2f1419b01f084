/**
 * `spurious verify --shard i/n` (issue 21): a deterministic, cost-balanced
 * share of the selected claims, as vitest's and Playwright's `--shard` give a
 * share of the tests. Every machine of a CI matrix computes the same split from
 * the same inputs: the selected claims in set order and the committed costs of
 * ../claims/costs.ts (never a local report, which differs between machines).
 * Longest first, each claim goes to the shard with the least cost so far (the
 * lowest index on a tie).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CLAIM_COSTS_MS } from '../claims/costs.js';
import type { AnyClaim, ClaimResult } from '../claims/types.js';
import { writeReport, type Report } from '../report/report.js';
import { atomicWrite } from '../store/atomic.js';
import { projectRoot } from '../store/counterexamples.js';
import { UsageError } from './options.js';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/** "i/n" with 1 ≤ i ≤ n, or a one-line usage error. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN,
    count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard needs i/n with 1 ≤ i ≤ n (e.g. 2/4), got ${JSON.stringify(text)}`);
  return { index, count };
}

/**
 * A claim's expected duration (ms) for the split: its committed cost, else the
 * median of the committed costs of the others given (a claim of your own
 * module, or one newer than the table), else 1 s.
 */
export function claimCosts(claims: readonly AnyClaim[], table: Readonly<Record<string, number>> = CLAIM_COSTS_MS) {
  const known = claims.map((c) => table[c.id]).filter((x): x is number => x !== undefined);
  const sorted = [...known].sort((a, b) => a - b);
  const fallback = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 1000;
  return claims.map((c) => table[c.id] ?? fallback);
}

/** The indices (into `claims`, in set order) of shard `s`'s share; the shares of 1/n … n/n partition the claims. */
export function shardOf(claims: readonly AnyClaim[], s: Shard, costs = claimCosts(claims)): number[] {
  const load = new Array<number>(s.count).fill(0);
  const mine: number[] = [];
  const order = claims.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  for (const i of order) {
    let best = 0;
    for (let k = 1; k < s.count; k++) if (load[k] < load[best]) best = k;
    load[best] += costs[i];
    if (best === s.index - 1) mine.push(i);
  }
  return mine.sort((a, b) => a - b);
}

/** A shard's report: the claims it ran, and which share of which selection it was. */
export interface ShardReport extends Report {
  shard: {
    index: number;
    count: number;
    /** every selected claim, in set order, before the split */ selection: string[];
  };
}

/** Where shard i/n writes its report: reports/shard-<i>-of-<n>/ in the project. */
export const shardDir = (s: Shard) => join(projectRoot(), 'reports', `shard-${s.index}-of-${s.count}`);

/**
 * Write shard `s`'s report to its folder, with a copy of each counterexample
 * the shard saved in this run under counterexamples/<claim>/ there (a CI job
 * uploads the folder; `spurious merge-reports` collects them). Returns the
 * folder and a note for the run's last line.
 */
export function writeShardReport(rep: Report, results: readonly ClaimResult[], s: Shard, selection: string[]) {
  const dir = shardDir(s);
  rmSync(join(dir, 'counterexamples'), { recursive: true, force: true });
  for (const r of results)
    if (r.saved) {
      const to = join(dir, 'counterexamples', r.id, basename(r.saved));
      mkdirSync(dirname(to), { recursive: true });
      atomicWrite(to, readFileSync(r.saved, 'utf8'));
    }
  const report: ShardReport = { ...rep, shard: { index: s.index, count: s.count, selection } };
  writeReport(report, dir);
  return {
    dir,
    note: `; shard ${s.index}/${s.count}: ${results.length} of the ${selection.length} selected claims (combine the shards' folders with 'spurious merge-reports')`,
  };
}
