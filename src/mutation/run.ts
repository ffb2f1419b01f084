/**
 * `npm run mutate [-- <folder> …] [--files <glob>] [--concurrency N]` (issue 20,
 * part 2): Stryker over each scope of ./scopes.ts (all, or the folders named),
 * each with its own tests, then the per-folder summary (./summary.ts). The
 * shared options are in ./stryker.config.json; ./vitest.config.ts runs the test
 * files the scope names.
 *
 * One Stryker run per source file, each with its own incremental file and
 * reports (reports/mutation/<scope>/<file>.{json,html,incremental.json}): a
 * scope takes hours, and Stryker writes its results only when a run ends, so a
 * run stopped part-way keeps every file it finished, and the next run re-tests
 * only mutants whose code or covering tests changed (Stryker's incremental mode).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { Stryker } from '@stryker-mutator/core';
import { globSync } from 'tinyglobby';
import { SCOPES } from './scopes.js';
import { MUTATION_DIR, summarise } from './summary.js';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));
const args = process.argv.slice(2);
const take = (flag: string) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
// `--files <glob>` narrows a scope to some of its files (a quick look at one module)
const files = take('--files');
const concurrency = take('--concurrency');
const wanted = args;
const unknown = wanted.filter((w) => !SCOPES.some((s) => s.folder === w || s.folder === `src/${w}`));
if (unknown.length || (concurrency !== undefined && !/^[1-9]\d*$/.test(concurrency))) {
  process.stderr.write(
    unknown.length
      ? `mutate: unknown folder ${unknown.join(', ')}; known: ${SCOPES.map((s) => s.folder).join(', ')}\n`
      : `mutate: --concurrency must be a whole number of at least 1 (got ${JSON.stringify(concurrency)})\n`,
  );
  process.exit(2);
}
for (const scope of SCOPES.filter(
  (s) => !wanted.length || wanted.some((w) => s.folder === w || s.folder === `src/${w}`),
)) {
  const name = scope.folder.replace(/^src\//, '').replace(/\//g, '-');
  const dir = `${MUTATION_DIR}/${name}`;
  mkdirSync(dir, { recursive: true });
  process.env.SPURIOUS_MUTATE_TESTS = scope.tests.join(',');
  const sources = globSync(files ? [files] : scope.mutate).sort();
  process.stderr.write(`mutate: ${scope.folder}, ${sources.length} files, against ${scope.tests.length} test files\n`);
  for (const [k, file] of sources.entries()) {
    const stem = `${dir}/${file
      .replace(/^src\//, '')
      .replace(/\//g, '-')
      .replace(/\.ts$/, '')}`;
    process.stderr.write(`mutate: [${k + 1}/${sources.length}] ${file}\n`);
    await new Stryker({
      ...base,
      ...(concurrency ? { concurrency: Number(concurrency) } : {}),
      mutate: [file],
      incrementalFile: `${stem}.incremental.json`,
      htmlReporter: { fileName: `${stem}.html` },
      jsonReporter: { fileName: `${stem}.json` },
    }).runMutationTest();
  }
}
process.exitCode = summarise();
