/**
 * Issue 21, part 1: `spurious verify --workers N`. The number of workers
 * changes how long a run takes, never what it finds: the same seed gives the
 * same verdicts, the same saved files and the same report.json (timings
 * removed) for every N (the whole-paper comparison is in ./determinism.test.ts).
 * A worker thread that dies marks its claim inconclusive, with the reason, and
 * the run goes on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { longestFirst, workerCount } from '../src/cli/parallel.js';
import { claimParts, partSeed } from '../src/claims/parts.js';
import { UsageError } from '../src/cli/options.js';
import type { AnyClaim } from '../src/claims/types.js';
import { api, asUser, inProcess, jsonFilesUnder, project, reportWithoutTimes } from './helpers/cli.js';

/**
 * Two refuted claims (one searched in 3 parts), one that holds (in 4 parts), and one whose check ends the
 * thread it runs on (process.exit in a worker).
 */
const claims = (
  exitInCheck: boolean,
) => `import { claimsOf, fc, instanceKind, proved, refuted, z } from ${JSON.stringify(api)};
const ints = instanceKind({ generate: () => fc.integer({ min: 0, max: 50 }), codec: z.number().int(), describe: String });
const mine = claimsOf({ paper: 'my-notes.md', runs: 300 });
const below = (k) => mine.claim({ id: 'mine.below-' + k, section: '§1', title: 'below ' + k, statement: 'Every integer is below ' + k + '.',
  instance: ints, expected: 'refuted', check: (v) => (v < k ? proved() : refuted(v + ' < ' + k, v + ' ≥ ' + k, { v })) });
export const a = below(10), b = { ...below(20), parts: 3 };
export const c = mine.claim({ id: 'mine.true', section: '§2', title: 'true', statement: 'Every integer is at least 0.', instance: ints,
  parts: 4, check: (v) => (v >= 0 ? proved() : refuted('v ≥ 0', 'v < 0', { v })) });
export const d = mine.claim({ id: 'mine.dies', section: '§3', title: 'dies', statement: 'Ends its thread.', instance: ints,
  check: (v) => { ${exitInCheck ? 'if (v > 5) process.exit(7);' : ''} return proved(); } });
// in 4 parts of 20 instances: a thread's 30th check ends it, so a thread's second part dies and its first does not
export const e = mine.claim({ id: 'mine.parts-die', section: '§4', title: 'parts die', statement: 'Ends some threads.',
  instance: ints, parts: 4, runs: 80,
  check: () => { globalThis.__checks = (globalThis.__checks ?? 0) + 1; ${exitInCheck ? 'if (globalThis.__checks === 30) process.exit(7);' : ''} return proved(); } });
`;

/** Every saved counterexample under `dir`: relative path → its JSON without the time it was found. */
function saved(dir: string): Record<string, unknown> {
  const root = join(dir, 'counterexamples');
  return Object.fromEntries(
    jsonFilesUnder(root).map((f) => {
      const { found: _found, ...rest } = JSON.parse(readFileSync(join(root, f), 'utf8')) as Record<string, unknown>;
      return [f, rest];
    }),
  );
}

describe('verify --workers', () => {
  // kills: a --workers that is ignored (the count would not matter), a bad count taken as the default
  it('the worker count: --workers, else SPURIOUS_WORKERS, else the machine; anything else is a one-line usage error', () => {
    expect(workerCount('3', '5')).toBe(3);
    expect(workerCount(undefined, '5')).toBe(5);
    expect(workerCount(undefined, undefined)).toBeGreaterThanOrEqual(1);
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => workerCount(bad, undefined), bad).toThrow(UsageError);
    expect(() => workerCount(undefined, 'x')).toThrow(/SPURIOUS_WORKERS/);
  });

  // kills: a split that depends on anything but the claim and the run count, runs lost or repeated in the split,
  // parts sharing a seed, a one-part claim whose seed is not the claim's (its saved counterexamples would not regenerate)
  it('a claim with parts: its runs shared out, each part with its own seed; without parts, one part with the claim seed', () => {
    expect(claimParts({}, 42, 100)).toEqual([{ part: 0, seed: 42, numRuns: 100 }]);
    const ps = claimParts({ parts: 3 }, 42, 100);
    expect(ps.map((p) => p.numRuns)).toEqual([34, 33, 33]);
    expect(ps.map((p) => p.seed)).toEqual([0, 1, 2].map((k) => partSeed(42, k)));
    expect(new Set(ps.map((p) => p.seed)).size).toBe(3);
    expect(claimParts({ parts: 5 }, 42, 2).map((p) => p.numRuns)).toEqual([1, 1]);
    expect(partSeed(42, 0)).not.toBe(partSeed(43, 0));
  });

  // kills: handing claims out in set order (a long claim started last), unknown claims last, an unstable tie order
  it('claims are handed out longest first by the last durations, unknown claims first, ties in set order', () => {
    const cs = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }) as AnyClaim);
    const last = new Map([
      ['a', 10],
      ['b', 500],
      ['d', 10],
      ['e', 20],
    ]);
    expect(longestFirst(cs, last)).toEqual([2, 1, 4, 0, 3]);
  });

  // kills: results gathered in finishing order, a save rule that depends on which claim finished first, parts
  // combined in finishing order
  it('one worker and two: the same verdicts, saved files and report.json (timings removed)', async () => {
    const runs = [];
    for (const workers of ['1', '2']) {
      const dir = project({ 'c.ts': claims(false) });
      const r = await inProcess(['verify', '--claims', './c.ts', '--workers', workers], { cwd: dir });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      runs.push({ dir, out: r.stdout });
    }
    const [one, two] = runs;
    expect(Object.keys(saved(one.dir))).toHaveLength(2);
    expect(saved(two.dir)).toEqual(saved(one.dir));
    expect(reportWithoutTimes(two.dir)).toBe(reportWithoutTimes(one.dir));
    // the report keeps the claim set's order, whatever order the workers finished in
    const ids = (
      JSON.parse(readFileSync(join(two.dir, 'reports/latest/report.json'), 'utf8')) as { claims: { id: string }[] }
    ).claims.map((c) => c.id);
    expect(ids).toEqual(['mine.below-10', 'mine.below-20', 'mine.true', 'mine.dies', 'mine.parts-die']);
    // the claims with parts were searched in parts (their instances all counted, the failure named by its part)
    expect(two.out).toMatch(/mine\.below-20: refuted/);
    expect(two.out).toMatch(/Counterexample after \d+ instances? of part [123] of 3/);
    const rep = JSON.parse(readFileSync(join(two.dir, 'reports/latest/report.json'), 'utf8')) as {
      claims: { id: string; runs: number; summary: string }[];
    };
    const held = rep.claims.find((c) => c.id === 'mine.true')!;
    expect(held.runs).toBe(300);
    expect(held.summary).toContain('(4 parts, each with its own seed)');
  }, 120_000);

  // kills: a rejected task that ends the run (or leaves it hanging), a crash reported as a verdict, a claim in
  // parts whose parts partly died left without a result (the run then wrote no report)
  it('a worker thread that dies: its claim is inconclusive with the reason, the other claims are decided', () => {
    const dir = project({ 'c.ts': claims(true) });
    const r = asUser(['verify', '--claims', './c.ts', '--workers', '2', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(3); // an internal error, named once on stderr
    const out = JSON.parse(r.stdout) as { claims: { id: string; verdict: string; ok: boolean; summary: string }[] };
    const by = Object.fromEntries(out.claims.map((c) => [c.id, c]));
    expect(by['mine.dies']).toMatchObject({ verdict: 'inconclusive', ok: false });
    expect(by['mine.dies'].summary).toMatch(/worker thread failed: .*exit/i);
    // some parts of a claim died, others finished: the claim is decided once, inconclusive
    expect(by['mine.parts-die']).toMatchObject({ verdict: 'inconclusive', ok: false });
    expect(by['mine.parts-die'].summary).toMatch(/worker thread failed: .*7/);
    expect(by['mine.below-10']).toMatchObject({ verdict: 'refuted', ok: true });
    expect(by['mine.below-20']).toMatchObject({ verdict: 'refuted', ok: true });
    expect(by['mine.true']).toMatchObject({ verdict: 'holds', ok: true });
    // each named once, in one line (with --json the progress goes to stderr too); no stack trace
    expect(r.stderr.split('\n').filter((l) => l.startsWith('spurious: '))).toEqual([
      expect.stringMatching(/^spurious: internal error: its worker thread failed: .*7$/),
      expect.stringMatching(/^spurious: internal error: its worker thread failed: .*7$/),
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
