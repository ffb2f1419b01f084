// @ts-check
/**
 * A Stryker checker plugin (issue 20, part 2) that lets through only the
 * mutants of the sample drawn by ./sample.ts (the file named by SAMPLE_ENV),
 * and turns the others away before any test runs them. Stryker has no option
 * to test a subset of its mutants; a checker is its documented hook for
 * deciding, per mutant, whether the tests run (the TypeScript checker uses it
 * to skip mutants that do not compile). Without SAMPLE_ENV every mutant passes.
 *
 * Plain JavaScript: Stryker loads its plugins in every child process it
 * starts, test runners included, and those run without a TypeScript loader.
 * The sample's key and reason are defined here and re-exported by ./sample.ts.
 */
import { readFileSync } from 'node:fs';
import { CheckStatus } from '@stryker-mutator/api/check';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** the environment variable naming the file of sampled keys (./sample.ts writes it) */
export const SAMPLE_ENV = 'SPURIOUS_MUTATE_SAMPLE';

/** the reason a mutant outside the sample carries in Stryker's report (its status is CompileError) */
export const NOT_SAMPLED = 'not in the sample (npm run mutate tests a random sample; --all tests every mutant)';

/**
 * A source path from src/ on, whatever the folder a run works in (reports name files by absolute or relative paths).
 * @param {string} file
 */
export const srcPath = (file) => file.replace(/\\/g, '/').replace(/^(.*\/)?(?=src\/)/, '');

/**
 * A mutant's identity across runs: its file from src/ on, its span (start and end: nested expressions such as
 * `a || b` and `a || b || c` start at the same place) and its change.
 * @param {{ fileName: string, location: { start: { line: number, column: number }, end: { line: number, column: number } }, mutatorName: string, replacement: string }} m
 */
export function mutantKey(m) {
  const file = srcPath(m.fileName);
  const { start, end } = m.location;
  return `${file}:${start.line}:${start.column}-${end.line}:${end.column}:${m.mutatorName}:${m.replacement}`;
}

/** @param {string} path the sample file: { seed, population, keys } */
export const readSample = (path) => new Set(JSON.parse(readFileSync(path, 'utf8')).keys);

export class SampleChecker {
  /** @type {Set<string> | undefined} */
  sample;

  async init() {
    const file = process.env[SAMPLE_ENV];
    this.sample = file ? readSample(file) : undefined;
  }

  /**
   * One group: the check is a set lookup.
   * @param {{ id: string }[]} mutants
   */
  async group(mutants) {
    return [mutants.map((m) => m.id)];
  }

  /** @param {(Parameters<typeof mutantKey>[0] & { id: string })[]} mutants */
  async check(mutants) {
    return Object.fromEntries(
      mutants.map((m) => [
        m.id,
        !this.sample || this.sample.has(mutantKey(m))
          ? { status: CheckStatus.Passed }
          : { status: CheckStatus.CompileError, reason: NOT_SAMPLED },
      ]),
    );
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, 'sample', SampleChecker)];
