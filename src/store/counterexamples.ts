/**
 * Saved counterexamples: counterexamples/<claim-id>/<content-hash>.json.
 *
 * - Written atomically and without clobbering: the file is written under a
 *   unique temporary name in the same folder and then hard-linked to its
 *   final name; link() fails if the name exists, so concurrent vitest workers
 *   that find the same counterexample produce one file, and nothing is ever
 *   overwritten or deleted automatically. The one exception is
 *   rewriteCounterexample (`spurious replay --refresh`), which replaces a
 *   file's stored explanation with the recomputed one, atomically (a
 *   temporary file in the same folder renamed over it).
 * - The name is a hash of the claim id and the exact value, so identical
 *   counterexamples deduplicate.
 * - Reading validates every file with a zod schema; a malformed or
 *   hand-edited file yields an error naming the file and the field, and the
 *   other files are still read.
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { atomicWrite, removeStaleTemps, tempBeside } from './atomic.js';
import type { Json } from '../claims/types.js';

export const FORMAT = 'spurious-minima/counterexample@1';

const RATIONAL = /^-?\d+(\/\d+)?$/;

const JsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(JsonSchema), z.record(z.string(), JsonSchema)]),
);

export const CounterexampleSchema = z.object({
  format: z.literal(FORMAT),
  claim: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a claim id like "control.equal-risk.equal-outputs"'),
  packageVersion: z.string(),
  generatorVersion: z.number().int().nonnegative(),
  /** fast-check seed, shrink path and the number of runs until the failure */
  seed: z.number().int(),
  path: z.string().regex(/^\d+(:\d+)*$/, 'a fast-check path like "12:0:3"'),
  runs: z.number().int().positive(),
  shrinks: z.number().int().nonnegative(),
  /** the shrunk instance, exactly (rationals as "p/q") */
  value: JsonSchema,
  failure: z.object({
    strength: z.enum(['refuted', 'evidence']),
    claimed: z.string().min(1),
    computed: z.string().min(1),
    evidence: JsonSchema,
  }),
  /** plain-words statement of the claim, for a reader without the code */
  statement: z.string().min(1),
  found: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date'),
  /** the profile the instance was generated under (a claim's generator may read it); absent in older files: quick */
  profile: z.enum(['quick', 'thorough', 'ci']).optional(),
});

export type Counterexample = z.infer<typeof CounterexampleSchema>;

/** The installed package's own folder (for its package.json), wherever it is installed. */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

const PROJECT_MARKERS = [
  'spurious.config.ts',
  'spurious.config.mts',
  'spurious.config.js',
  'spurious.config.mjs',
  'package.json',
];

/**
 * The folder a run belongs to, where `counterexamples/` and `reports/` live:
 * the working directory, or its nearest ancestor holding a spurious.config.*
 * or a package.json (as vitest finds its config). For this repository that is
 * the repository; for a researcher's project, their project.
 */
export function projectRoot(cwd = process.cwd()): string {
  for (let dir = resolve(cwd); ;) {
    if (PROJECT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(cwd);
    dir = up;
  }
}

/** Where counterexamples are saved and read: $SPURIOUS_COUNTEREXAMPLES, else <project>/counterexamples. */
export function defaultDir(): string {
  return process.env.SPURIOUS_COUNTEREXAMPLES || join(projectRoot(), 'counterexamples'); // empty counts as unset
}

/** Canonical JSON (sorted keys) so equal values hash equally. */
export function canonical(j: Json): string {
  if (Array.isArray(j)) return `[${j.map(canonical).join(',')}]`;
  if (j && typeof j === 'object')
    return `{${Object.keys(j)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(j[k])}`)
      .join(',')}}`;
  return JSON.stringify(j);
}

export function contentHash(claim: string, value: Json): string {
  return createHash('sha256')
    .update(`${claim}\n${canonical(value)}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * JSON for people: fields in reading order (what was claimed and what was
 * found first), arrays of numbers and short objects on one line.
 */
export function prettyJson(j: Json, indent = ''): string {
  const flat = JSON.stringify(j);
  if (j === null || typeof j !== 'object' || flat.length <= 80) return flat;
  const inner = indent + '  ';
  if (Array.isArray(j)) return `[\n${j.map((x) => inner + prettyJson(x, inner)).join(',\n')}\n${indent}]`;
  const o = j as Record<string, Json>;
  return `{\n${Object.keys(o)
    .map((k) => `${inner}${JSON.stringify(k)}: ${prettyJson(o[k], inner)}`)
    .join(',\n')}\n${indent}}`;
}

const ORDER = [
  'format',
  'claim',
  'statement',
  'failure',
  'value',
  'seed',
  'path',
  'runs',
  'shrinks',
  'generatorVersion',
  'profile',
  'packageVersion',
  'found',
] as const;

/** The fields of a counterexample in reading order, absent optional ones left out. */
function ordered(cex: Counterexample): Json {
  return Object.fromEntries(ORDER.filter((k) => cex[k] !== undefined).map((k) => [k, cex[k]])) as unknown as Json;
}

export interface WriteResult {
  file: string;
  /** false when an identical counterexample was already saved */
  created: boolean;
}

export function writeCounterexample(cex: Counterexample, dir = defaultDir()): WriteResult {
  const parsed = CounterexampleSchema.parse(cex);
  const folder = join(dir, parsed.claim);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${contentHash(parsed.claim, parsed.value)}.json`);
  if (existsSync(file)) return { file, created: false };
  removeStaleTemps(folder);
  const tmp = tempBeside(file);
  writeFileSync(tmp, prettyJson(ordered(parsed)) + '\n', { flag: 'wx' });
  try {
    linkSync(tmp, file);
    return { file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { file, created: false };
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Replace an existing file's content with `cex` (validated), atomically: a
 * temporary file in the same folder is renamed over it, so a reader sees the
 * old file or the new one, never a partial one. The file keeps its name (a
 * hash of the claim id and the value), so only fields other than `claim` and
 * `value` may change.
 */
export function rewriteCounterexample(cex: Counterexample, file: string): void {
  const r = CounterexampleSchema.safeParse(cex);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`field "${issue.path.length ? issue.path.join('.') : '(top level)'}": ${issue.message}`);
  }
  atomicWrite(file, prettyJson(ordered(r.data)) + '\n');
}

/**
 * A file that was read: its counterexample, or why it cannot be used. `reason`
 * says what is wrong without the file name; `error` is `<file>: <reason>`.
 */
export type ReadResult =
  { file: string; ok: true; cex: Counterexample } | { file: string; ok: false; error: string; reason: string };

function unreadable(file: string, reason: string): ReadResult {
  return { file, ok: false, error: `${file}: ${reason}`, reason };
}

/** Validate one file; the error names the file and the first offending field. */
export function readCounterexample(file: string): ReadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return unreadable(file, err.code === 'ENOENT' ? 'no such file' : `not valid JSON (${err.message})`);
  }
  const r = CounterexampleSchema.safeParse(raw);
  if (r.success) return { file, ok: true, cex: r.data };
  const issue = r.error.issues[0];
  const fieldPath = issue.path.length ? issue.path.join('.') : '(top level)';
  return unreadable(file, `field "${fieldPath}": ${issue.message}`);
}

/**
 * readCounterexample, and the file must lie in the folder named after its
 * claim (counterexamples/<claim-id>/), as verify and replay find files.
 */
export function readSavedFile(file: string): ReadResult {
  const r = readCounterexample(file);
  const folder = basename(dirname(file));
  if (r.ok && r.cex.claim !== folder)
    return unreadable(file, `field "claim": "${r.cex.claim}" does not match its folder "${folder}"`);
  return r;
}

/** The claim folders under `dir` (names of its subfolders), sorted. */
export function claimFolders(dir = defaultDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Every saved counterexample (optionally of one claim), valid or not, sorted by path. */
export function listCounterexamples(dir = defaultDir(), claim?: string): ReadResult[] {
  if (!existsSync(dir)) return [];
  const folders = claim ? [claim] : claimFolders(dir);
  const out: ReadResult[] = [];
  for (const f of folders) {
    const folder = join(dir, f);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      out.push(readSavedFile(join(folder, name)));
    }
  }
  return out;
}

/** A path relative to the project folder (see projectRoot), as the CLI prints it and reports link it; absolute when outside. */
export function displayPath(file: string): string {
  const rel = relative(projectRoot(), file);
  return rel.startsWith('..') ? file : rel;
}

export function isRational(s: string): boolean {
  return RATIONAL.test(s);
}
