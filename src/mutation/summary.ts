/**
 * `npm run mutate`'s last step (issue 20, part 2): the mutation score per
 * folder, from Stryker's JSON reports (reports/mutation/<scope>/<file>.json,
 * the mutation-testing-report schema, one per source file), written to
 * reports/mutation/summary.json as
 * { "src/model": { score, killed, survived, noCoverage, timeout, errors, total, scoreCovered, files, filesInScope, date }, … }
 * and printed. Folders are src/model, src/landscape, src/linalg, and
 * src/papers/<paper> (the constructions). `files` of the folder's
 * `filesInScope` source files have a report (a run stopped part-way covers
 * fewer); `date` is the oldest report's.
 *
 * score = (killed + timeout) / (killed + timeout + survived + no coverage), as
 * Stryker's mutation score; scoreCovered leaves out the mutants no test runs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { SCOPES } from './scopes.js';

/** where npm run mutate writes: <scope>/<file>.json (Stryker's JSON report per source file) and summary.json */
export const MUTATION_DIR = 'reports/mutation';
const DIR = MUTATION_DIR;
const SUMMARY = join(DIR, 'summary.json');

interface FolderScore {
  score: number;
  scoreCovered: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  total: number;
  /** source files with a report */
  files: number;
  /** source files the scope mutates (./scopes.ts) */
  filesInScope: number;
  date: string;
}

const folderOf = (file: string) => {
  const parts = file.replace(/\\/g, '/').split('/');
  const at = parts.indexOf('src');
  const rel = parts.slice(at);
  return rel[1] === 'papers' ? rel.slice(0, 3).join('/') : rel.slice(0, 2).join('/');
};

export function summarise(): number {
  const reports = existsSync(DIR)
    ? (readdirSync(DIR, { recursive: true }) as string[]).filter(
        (f) => f.endsWith('.json') && !f.endsWith('.incremental.json') && f !== 'summary.json',
      )
    : [];
  if (!reports.length) {
    process.stderr.write(`mutation summary: no Stryker report in ${DIR}; run npm run mutate first\n`);
    return 2;
  }
  const now: Record<string, FolderScore> = {};
  for (const name of reports) {
    const path = join(DIR, name);
    const date = statSync(path).mtime.toISOString().slice(0, 10);
    const report = JSON.parse(readFileSync(path, 'utf8')) as {
      files: Record<string, { mutants: { status: string }[] }>;
    };
    for (const [file, { mutants }] of Object.entries(report.files)) {
      const f = (now[folderOf(file)] ??= {
        score: 0,
        scoreCovered: 0,
        killed: 0,
        timeout: 0,
        survived: 0,
        noCoverage: 0,
        errors: 0,
        total: 0,
        files: 0,
        filesInScope: SCOPES.find((s) => s.folder === folderOf(file))
          ? globSync(SCOPES.find((s) => s.folder === folderOf(file))!.mutate).length
          : 0,
        date,
      });
      f.files++;
      if (date < f.date) f.date = date;
      for (const m of mutants) {
        f.total++;
        if (m.status === 'Killed') f.killed++;
        else if (m.status === 'Timeout') f.timeout++;
        else if (m.status === 'Survived') f.survived++;
        else if (m.status === 'NoCoverage') f.noCoverage++;
        else f.errors++; // CompileError, RuntimeError, Ignored, Pending: not in the score
      }
    }
  }
  for (const f of Object.values(now)) {
    const detected = f.killed + f.timeout;
    f.score = round(detected / Math.max(1, detected + f.survived + f.noCoverage));
    f.scoreCovered = round(detected / Math.max(1, detected + f.survived));
  }
  const merged = Object.fromEntries(Object.entries(now).sort(([a], [b]) => a.localeCompare(b)));
  mkdirSync(DIR, { recursive: true });
  writeFileSync(SUMMARY, JSON.stringify(merged, null, 2) + '\n');
  for (const [folder, f] of Object.entries(merged))
    process.stdout.write(
      `${folder.padEnd(26)} ${(100 * f.score).toFixed(1).padStart(5)} % killed (${f.killed + f.timeout} of ${f.killed + f.timeout + f.survived + f.noCoverage}; ${f.survived} survived, ${f.noCoverage} not covered; ${f.files} of ${f.filesInScope} files) [${f.date}]\n`,
    );
  process.stdout.write(`written: ${SUMMARY}; Stryker's HTML reports: ${DIR}/<folder>/<file>.html\n`);
  return 0;
}

const round = (x: number) => Math.round(1e4 * x) / 1e4;

if (process.argv[1]?.endsWith('summary.ts')) process.exitCode = summarise();
