/**
 * A simple random sample of a scope's mutants (issue 20, part 2). Testing all
 * 18,000 of the toolkit's and constructions' mutants takes 10 hours or more on
 * two cores; `npm run mutate` tests a sample of each folder instead (100 by
 * default), so a run fits in about an hour, and reports each score with its
 * 95% interval. `--all` tests every mutant.
 *
 * The sample is drawn here, from Stryker's own instrumenter (the same mutants,
 * at the same locations, that the run will make): the n mutants with the
 * smallest hash of (seed, key). Stryker then runs only those: the checker of
 * ./sample-checker.mjs turns every other mutant away before any test runs, with
 * the reason NOT_SAMPLED, and ./summary.ts leaves those out of the counts.
 * Mutants Stryker ignores itself (static ones) stay out of the score, so the
 * sample is a random sample of the mutants that are scored.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import type { Mutant } from '@stryker-mutator/api/core';

import { mutantKey, NOT_SAMPLED } from './sample-checker.mjs';
export { mutantKey, NOT_SAMPLED, SAMPLE_ENV, srcPath } from './sample-checker.mjs';

const rank = (seed: number, key: string) => createHash('sha256').update(`${seed}\n${key}`).digest('hex');

/** the keys of n of these mutants, drawn without replacement (all of them when there are n or fewer) */
export function drawSample(keys: readonly string[], n: number, seed: number): string[] {
  return [...new Set(keys)]
    .map((k) => [rank(seed, k), k] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, n)
    .map(([, k]) => k);
}

const quiet = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => false,
  isErrorEnabled: () => false,
  isFatalEnabled: () => false,
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

/** every mutant Stryker makes of these files, with the mutators it is configured to leave out left out */
export async function listMutants(files: readonly string[], excludedMutations: readonly string[]): Promise<Mutant[]> {
  const { mutants } = await new Instrumenter(quiet).instrument(
    files.map((name) => ({ name, mutate: true, content: readFileSync(name, 'utf8') })),
    { plugins: null, excludedMutations: [...excludedMutations], ignorers: [] },
  );
  return mutants.filter((m) => !m.status);
}

/** a drawn sample, where ./sample-checker.mjs reads it: its seed, the number of mutants it was drawn from, its keys */
export interface SampleFile {
  seed: number;
  population: number;
  keys: string[];
}

export const writeSample = (path: string, sample: SampleFile) => writeFileSync(path, JSON.stringify(sample) + '\n');

/**
 * Wilson's 95% interval for a proportion: k detected of n sampled mutants. With a score near 80% it is about
 * ±8 points for n = 100 and ±4.5 points for n = 300.
 */
export function wilson95(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** a mutant as Stryker's reports store it (the mutation-testing-report schema: lines and columns from 1) */
export interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  status: string;
  statusReason?: string;
}

/** mutantKey of a mutant read from a Stryker report of `file` (its positions count from 1, the API's from 0) */
export const reportMutantKey = (file: string, m: ReportMutant): string =>
  mutantKey({
    fileName: file,
    location: {
      start: { line: m.location.start.line - 1, column: m.location.start.column - 1 },
      end: { line: m.location.end.line - 1, column: m.location.end.column - 1 },
    },
    mutatorName: m.mutatorName,
    replacement: m.replacement ?? '',
  });

/**
 * Keep in a Stryker incremental file only the mutants of the sample about to run. Stryker reuses every result it
 * finds there, before any checker runs: a mutant turned away by an earlier run would stay "not in the sample",
 * and the results of an earlier sample would come back into this run's report and score. (Without `keep`, only
 * the mutants turned away are dropped.)
 */
export function forgetUnsampled(incrementalFile: string, keep?: ReadonlySet<string>): void {
  if (!existsSync(incrementalFile)) return;
  const report = JSON.parse(readFileSync(incrementalFile, 'utf8')) as {
    files: Record<string, { mutants: ReportMutant[] }>;
  };
  for (const [file, entry] of Object.entries(report.files))
    entry.mutants = entry.mutants.filter(
      (m) => m.statusReason !== NOT_SAMPLED && (!keep || keep.has(reportMutantKey(file, m))),
    );
  writeFileSync(incrementalFile, JSON.stringify(report));
}
