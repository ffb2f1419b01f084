/**
 * `npm run mutate [-- <folder> …] [--sample N [--seed S] | --all [--files <glob>]] [--concurrency N]`
 * (issue 20, part 2): Stryker over each scope of ./scopes.ts (all, or the folders named), each with its own
 * tests, then the per-folder summary (./summary.ts). The shared options are in ./stryker.config.json;
 * ./vitest.config.ts runs the test files the scope names.
 *
 * By default each folder's score is measured on a random sample of N of its mutants (100; ./sample.ts), in one
 * Stryker run per folder, written to reports/mutation/sample/<folder>.{json,html,incremental.json}: 5 to 10
 * minutes a folder on two cores (a mutant costs 2 to 8 s: the tests that cover it, at most 10 runs per
 * property), about an hour for all eight, and the summary gives each score with its 95% interval (about ±8
 * points at 100). `--sample 300` narrows it to about ±5 points at three times the cost.
 *
 * `--all` tests every mutant (about 18,000: ten hours or more), in one Stryker run per source file, each with
 * its own incremental file and reports (reports/mutation/<folder>/<file>.{json,html,incremental.json}):
 * Stryker writes its results only when a run ends, so a run stopped part-way keeps every file it finished,
 * and the next run re-tests only mutants whose code or covering tests changed (Stryker's incremental mode).
 * `--files <glob>` narrows an --all run to some of the folder's files.
 *
 * Exit code: 2 for bad arguments (one line); 1 when a folder's run failed (one line each; the other folders and
 * the summary still run) or the summary left a folder out; else the summary's.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { globSync } from 'tinyglobby';
import { SCOPES, scopeName, type MutationScope } from './scopes.js';
import { MUTATION_DIR, SAMPLE_DIR, summarise } from './summary.js';
import { drawSample, forgetUnsampled, listMutants, mutantKey, SAMPLE_ENV, writeSample } from './sample.js';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));
const args = process.argv.slice(2);
const fail = (message: string) => {
  process.stderr.write(`mutate: ${message}\n`);
  process.exit(2);
};
const take = (flag: string) => {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) fail(`${flag} needs a value`);
  return args.splice(at, 2)[1];
};
const flag = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args.splice(at, 1).length > 0;
};
const whole = (name: string, text: string | undefined, fallback: number) => {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(text)) fail(`${name} must be a whole number of at least 1 (got ${JSON.stringify(text)})`);
  return Number(text);
};
const files = take('--files');
const concurrency = take('--concurrency');
const all = flag('--all');
const sampleText = take('--sample'),
  seedText = take('--seed');
if (all && (sampleText !== undefined || seedText !== undefined))
  fail('--all tests every mutant: leave out --sample and --seed');
// a folder's sampled report must be of the whole folder: its score stands for the folder
if (!all && files !== undefined) fail('--files narrows a run to some files: use it with --all');
const sampleSize = whole('--sample', sampleText, 100);
const seed = whole('--seed', seedText, 20_261_207);
whole('--concurrency', concurrency, 1);
const unknown = args.filter((w) => !SCOPES.some((s) => s.folder === w || s.folder === `src/${w}`));
if (unknown.length) fail(`unknown folder ${unknown.join(', ')}; known: ${SCOPES.map((s) => s.folder).join(', ')}`);

const options = (stem: string, mutate: string[]) => ({
  ...base,
  ...(concurrency ? { concurrency: Number(concurrency) } : {}),
  mutate,
  incrementalFile: `${stem}.incremental.json`,
  htmlReporter: { fileName: `${stem}.html` },
  jsonReporter: { fileName: `${stem}.json` },
});

let failed = 0;
for (const scope of SCOPES.filter((s) => !args.length || args.some((w) => s.folder === w || s.folder === `src/${w}`))) {
  try {
    await mutateScope(scope);
  } catch (e) {
    // one line; the other folders and the summary still run
    failed++;
    process.stderr.write(`mutate: ${scope.folder}: ${String((e as Error).message ?? e).split('\n')[0]}\n`);
  }
}
const summary = summarise();
process.exitCode = failed ? 1 : summary;

async function mutateScope(scope: MutationScope): Promise<void> {
  process.env.SPURIOUS_MUTATE_TESTS = scope.tests.join(',');
  const sources = globSync(files ? [files] : scope.mutate).sort();
  if (!all) {
    // one run over the folder's sample
    mkdirSync(SAMPLE_DIR, { recursive: true });
    const stem = `${SAMPLE_DIR}/${scopeName(scope)}`;
    const mutants = await listMutants(sources, base.mutator.excludedMutations);
    const sample = drawSample(mutants.map(mutantKey), sampleSize, seed);
    writeSample(`${stem}.sample.json`, { seed, population: new Set(mutants.map(mutantKey)).size, keys: sample });
    process.env[SAMPLE_ENV] = `${process.cwd()}/${stem}.sample.json`;
    process.stderr.write(
      `mutate: ${scope.folder}: ${sample.length} of its ${mutants.length} mutants (seed ${seed}), against ${scope.tests.length} test files\n`,
    );
    forgetUnsampled(`${stem}.incremental.json`, new Set(sample));
    await new Stryker({
      ...options(stem, sources),
      // A mutant reached while vitest collects a file (a fixture computed in a describe body) and again inside a
      // test is "hybrid". With ignoreStatic on, Stryker runs it against its covering tests only and switches it on
      // after collection, so the describe-level fixture is computed from the original code. ce-bounds.ts's
      // "always null" mutant survived that way although its test file kills it. With ignoreStatic off, Stryker
      // runs such mutants, and the purely static ones, against all the scope's tests with the mutant on from the
      // start. A sample has about 25 of them: landscape's run took 7.7 minutes instead of 6. An --all run keeps
      // ignoreStatic on, because a quarter of the mutants would each run the whole scope.
      ignoreStatic: false,
      plugins: [...base.plugins, fileURLToPath(new URL('./sample-checker.mjs', import.meta.url))],
      checkers: ['sample'],
    }).runMutationTest();
    forgetUnsampled(`${stem}.incremental.json`);
    return;
  }
  delete process.env[SAMPLE_ENV];
  const dir = `${MUTATION_DIR}/${scopeName(scope)}`;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`mutate: ${scope.folder}, ${sources.length} files, against ${scope.tests.length} test files\n`);
  for (const [k, file] of sources.entries()) {
    const stem = `${dir}/${file
      .replace(/^src\//, '')
      .replace(/\//g, '-')
      .replace(/\.ts$/, '')}`;
    process.stderr.write(`mutate: [${k + 1}/${sources.length}] ${file}\n`);
    await new Stryker(options(stem, [file])).runMutationTest();
  }
}
