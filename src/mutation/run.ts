/**
 * `npm run mutate [-- <folder> …]` (issue 20, part 2): Stryker over each scope
 * of ./scopes.ts (all, or the folders named), each with its own tests,
 * incremental file and reports (reports/mutation/<name>.{json,html}), then the
 * per-folder summary (./summary.ts). The shared options are in
 * ./stryker.config.json; ./vitest.config.ts runs the files the scope names.
 */
import { readFileSync } from 'node:fs';
import { Stryker } from '@stryker-mutator/core';
import { SCOPES } from './scopes.js';
import { summarise } from './summary.js';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));
// `--files <glob>` narrows a scope to some of its files (a quick look at one module)
const args = process.argv.slice(2);
const at = args.indexOf('--files');
const files = at >= 0 ? args.splice(at, 2)[1] : undefined;
const wanted = args;
const unknown = wanted.filter((w) => !SCOPES.some((s) => s.folder === w || s.folder === `src/${w}`));
if (unknown.length) {
  process.stderr.write(
    `mutate: unknown folder ${unknown.join(', ')}; known: ${SCOPES.map((s) => s.folder).join(', ')}\n`,
  );
  process.exit(2);
}
for (const scope of SCOPES.filter(
  (s) => !wanted.length || wanted.some((w) => s.folder === w || s.folder === `src/${w}`),
)) {
  const name = scope.folder.replace(/^src\//, '').replace(/\//g, '-');
  process.env.SPURIOUS_MUTATE_TESTS = scope.tests.join(',');
  process.stderr.write(`mutate: ${scope.folder} against ${scope.tests.length} test files\n`);
  await new Stryker({
    ...base,
    mutate: files ? [files] : scope.mutate,
    incrementalFile: `reports/mutation/${name}.incremental.json`,
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
  }).runMutationTest();
}
process.exitCode = summarise();
