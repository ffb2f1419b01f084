/**
 * `npm run mutate`'s last step (issue 20, part 2): the mutation score per
 * folder, from Stryker's JSON reports (the mutation-testing-report schema),
 * written to reports/mutation/summary.json as
 * { "src/model": { score, interval95, method, killed, survived, noCoverage, timeout, errors, scored, sampled, population, files, filesInScope, date }, … }
 * and printed. Folders are src/model, src/landscape, src/linalg, and
 * src/papers/<paper> (the constructions).
 *
 * A folder's counts come from every-mutant runs (`--all`: reports/mutation/<folder>/<file>.json, one per
 * source file) when they cover all its files (method "all"), else from its sampled run
 * (reports/mutation/sample/<folder>.json, method "sample", with Wilson's 95% interval for the score), else
 * from the every-mutant runs it has (method "all (partial)": `files` of `filesInScope`). Mutants outside the
 * sample (./sample.ts, reason NOT_SAMPLED) are not counted.
 *
 * score = (killed + timeout) / (killed + timeout + survived + no coverage), as
 * Stryker's mutation score, over the `scored` mutants; errors (compile and
 * runtime errors, static mutants Stryker ignores) are not scored.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { NOT_SAMPLED, reportMutantKey, srcPath, wilson95, type ReportMutant, type SampleFile } from './sample.js';
import { SCOPES, scopeName, type MutationScope } from './scopes.js';

/** the sample file of a folder's sampled run (./run.ts), if there is one */
const drawnSample = (sampleDir: string, scope: MutationScope | undefined) => {
  const path = scope && join(sampleDir, `${scopeName(scope)}.sample.json`);
  return path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SampleFile) : undefined;
};

/** where npm run mutate writes: <folder>/<file>.json (every mutant, per source file), sample/, summary.json */
export const MUTATION_DIR = 'reports/mutation';
/** the sampled runs: sample/<folder>.{json,html,incremental.json,sample.json} */
export const SAMPLE_DIR = join(MUTATION_DIR, 'sample');

interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  /** mutants not in the sample */
  notSampled: number;
  files: Set<string>;
  date: string;
}

interface FolderScore {
  score: number;
  /** Wilson's 95% interval for the score of all the folder's mutants, when it was measured on a sample */
  interval95?: [number, number];
  method: 'all' | 'sample' | 'all (partial)';
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  /** mutants in the score: killed + timeout + survived + noCoverage */
  scored: number;
  /** for a sample: the mutants tested, all the folder's mutants, and the seed of the draw */
  sampled?: number;
  population?: number;
  seed?: number;
  /** source files with a report */
  files: number;
  /** source files the scope mutates (./scopes.ts) */
  filesInScope: number;
  /** the oldest report's */
  date: string;
}

const folderOf = (file: string) => {
  const parts = file.replace(/\\/g, '/').split('/');
  const at = parts.indexOf('src');
  const rel = parts.slice(at);
  return rel[1] === 'papers' ? rel.slice(0, 3).join('/') : rel.slice(0, 2).join('/');
};

type Report = { files: Record<string, { mutants: ReportMutant[] }> };

/** add a Stryker JSON report's mutants to the per-folder counts */
function count(into: Record<string, Counts>, path: string, sample?: ReadonlySet<string>): void {
  const date = statSync(path).mtime.toISOString().slice(0, 10);
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  for (const [file, { mutants: all }] of Object.entries(report.files)) {
    // a sampled run's report also holds results Stryker reused from earlier runs: only the sample's count
    const mutants = sample ? all.filter((m) => sample.has(reportMutantKey(file, m))) : all;
    const c = (into[folderOf(file)] ??= {
      killed: 0,
      timeout: 0,
      survived: 0,
      noCoverage: 0,
      errors: 0,
      notSampled: 0,
      files: new Set(),
      date,
    });
    c.files.add(srcPath(file));
    if (date < c.date) c.date = date;
    for (const m of mutants) {
      if (m.status === 'Killed') c.killed++;
      else if (m.status === 'Timeout') c.timeout++;
      else if (m.status === 'Survived') c.survived++;
      else if (m.status === 'NoCoverage') c.noCoverage++;
      else if (m.statusReason === NOT_SAMPLED) c.notSampled++;
      else if (m.statusReason?.startsWith('Ignored because of excluded mutation'))
        continue; // not mutants we make
      else c.errors++; // CompileError, RuntimeError, Ignored, Pending: not in the score
    }
  }
}

/** Stryker's JSON reports in dir (and its subfolders but sample/, when recursive) */
const jsonReports = (dir: string, recursive: boolean) =>
  existsSync(dir)
    ? (readdirSync(dir, { recursive }) as string[])
        .map((f) => f.replace(/\\/g, '/'))
        .filter(
          (f) =>
            f.endsWith('.json') &&
            !/\.(incremental|sample)\.json$/.test(f) &&
            f !== 'summary.json' &&
            !f.startsWith('sample/'),
        )
        .map((f) => join(dir, f))
    : [];

function score(
  c: Counts,
  method: FolderScore['method'],
  filesInScope: number,
  drawn?: Pick<SampleFile, 'keys' | 'population' | 'seed'>,
): FolderScore {
  const detected = c.killed + c.timeout;
  const scored = detected + c.survived + c.noCoverage;
  return {
    score: round(detected / Math.max(1, scored)),
    ...(method === 'sample' ? { interval95: wilson95(detected, scored).map(round) as [number, number] } : {}),
    method,
    killed: c.killed,
    timeout: c.timeout,
    survived: c.survived,
    noCoverage: c.noCoverage,
    errors: c.errors,
    scored,
    ...(drawn ? { sampled: drawn.keys.length, population: drawn.population, seed: drawn.seed } : {}),
    files: c.files.size,
    filesInScope,
    date: c.date,
  };
}

/**
 * Write dir/summary.json from the reports in dir (default reports/mutation) and print it to out. The exit code
 * is 0, or 1 when a folder's sampled report was left out (no sample file, a sample drawn after it, or a report
 * of another sample), or 2 when there is no report at all.
 */
export function summarise(dir = MUTATION_DIR, out: Pick<NodeJS.WriteStream, 'write'> = process.stdout): number {
  const sampleDir = join(dir, 'sample');
  const summary = join(dir, 'summary.json');
  const full: Record<string, Counts> = {};
  const sampled: Record<string, Counts> = {};
  const drawnOf: Record<string, SampleFile> = {};
  let leftOut = 0;
  const leave = (folder: string, why: string) => {
    leftOut++;
    process.stderr.write(
      `mutation summary: ${folder} left out: ${why}; run npm run mutate -- ${folder.replace(/^src\//, '')}\n`,
    );
  };
  for (const path of jsonReports(dir, true)) count(full, path);
  for (const path of jsonReports(sampleDir, false)) {
    const scope = SCOPES.find((s) => path.endsWith(`/${scopeName(s)}.json`));
    const folder = scope?.folder ?? path;
    const drawn = drawnSample(sampleDir, scope);
    if (!drawn) {
      leave(folder, 'its sampled report has no sample file');
      continue;
    }
    // a sample drawn after the report (a run stopped before its end): the report is of another sample
    if (statSync(join(sampleDir, `${scopeName(scope!)}.sample.json`)).mtimeMs > statSync(path).mtimeMs) {
      leave(folder, 'its sample was drawn after its last report (a run stopped part-way?)');
      continue;
    }
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
    const present = new Set(
      Object.entries(report.files).flatMap(([file, { mutants }]) => mutants.map((m) => reportMutantKey(file, m))),
    );
    const missing = drawn.keys.filter((k) => !present.has(k)).length;
    if (missing) {
      leave(folder, `${missing} of its ${drawn.keys.length} sampled mutants are not in its report (another sample?)`);
      continue;
    }
    drawnOf[folder] = drawn;
    count(sampled, path, new Set(drawn.keys));
  }
  const folders = [...new Set([...Object.keys(full), ...Object.keys(sampled)])].sort();
  if (!folders.length) {
    process.stderr.write(`mutation summary: no Stryker report in ${dir}; run npm run mutate first\n`);
    return 2;
  }
  const merged: Record<string, FolderScore> = {};
  for (const folder of folders) {
    const scope = SCOPES.find((s) => s.folder === folder);
    const inScope = scope ? globSync(scope.mutate) : [];
    const f = full[folder];
    // every-mutant runs stand for the folder only when they cover each of its files
    const complete = f && inScope.length > 0 && inScope.every((file) => f.files.has(srcPath(file)));
    const drawn = drawnOf[folder];
    merged[folder] = complete
      ? score(f, 'all', inScope.length)
      : sampled[folder]
        ? // a sample as large as the folder is a census: its score is exact
          score(sampled[folder], drawn.keys.length >= drawn.population ? 'all' : 'sample', inScope.length, drawn)
        : score(f!, 'all (partial)', inScope.length);
  }
  writeFileSync(summary, JSON.stringify(merged, null, 2) + '\n');
  // printed from the counts, not from the rounded score (one rounding)
  const pct = (k: number, n: number) => ((100 * k) / Math.max(1, n)).toFixed(1);
  for (const [folder, f] of Object.entries(merged))
    out.write(
      `${folder.padEnd(22)} ${pct(f.killed + f.timeout, f.scored).padStart(5)} % killed` +
        (f.interval95
          ? ` (95% interval ${(100 * f.interval95[0]).toFixed(1)}–${(100 * f.interval95[1]).toFixed(1)} %)`
          : '') +
        `: ${f.killed + f.timeout} of ${f.scored} (${f.timeout} by timeout); ${f.survived} survived, ${f.noCoverage} not covered; ` +
        (f.sampled !== undefined
          ? `${f.method === 'sample' ? 'a sample' : 'all'} of ${f.sampled} of ${f.population} mutants, seed ${f.seed}`
          : `every mutant of ${f.files} of ${f.filesInScope} files`) +
        ` [${f.date}]\n`,
    );
  out.write(`written: ${summary}; Stryker's HTML reports: ${sampleDir}/<folder>.html, ${dir}/<folder>/<file>.html\n`);
  return leftOut ? 1 : 0;
}

const round = (x: number) => Math.round(1e4 * x) / 1e4;

if (process.argv[1]?.endsWith('summary.ts')) process.exitCode = summarise();
