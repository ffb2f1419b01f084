/**
 * Issue 21, part 3: `verify --shard i/n` and `merge-reports`. The split is a
 * partition of the selected claims, the same on every machine and balanced by
 * the committed costs; the merge refuses shards that do not make one run, and
 * lists each counterexample the shards saved once. (That shards merged give the
 * unsharded report.json is checked on a whole paper in ./determinism.test.ts.)
 */
import { fc, test } from '@fast-check/vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/options.js';
import { claimCosts, parseShard, shardOf } from '../src/cli/shard.js';
import type { AnyClaim } from '../src/claims/types.js';
import { api, inProcess, jsonFilesUnder, project } from './helpers/cli.js';

const named = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}` }) as AnyClaim);

describe('--shard i/n: the split', () => {
  // kills: a share that loses or repeats a claim, a split that depends on anything but the claims and costs,
  // a greedy step that does not pick the least-loaded shard
  test.prop([
    fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 0, maxLength: 40 }),
    fc.integer({ min: 1, max: 6 }),
  ])(
    'the shares of 1/n … n/n partition the claims, each in set order; loads differ by at most the largest cost',
    (costs, n) => {
      const claims = named(costs.length);
      const shares = Array.from({ length: n }, (_, k) => shardOf(claims, { index: k + 1, count: n }, costs));
      expect(shares.flat().sort((a, b) => a - b)).toEqual(claims.map((_, i) => i));
      for (const s of shares) expect(s).toEqual([...s].sort((a, b) => a - b));
      const loads = shares.map((s) => s.reduce((t, i) => t + costs[i], 0));
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(0, ...costs));
      // the same inputs, the same split
      expect(shardOf(claims, { index: 1, count: n }, [...costs])).toEqual(shares[0]);
    },
  );

  // kills: a committed cost ignored, a missing one counted as 0 (every unknown claim in one shard)
  it('costs: the committed table, else the median of the known ones, else 1 s', () => {
    const cs = named(4);
    expect(claimCosts(cs, { c0: 100, c1: 300, c2: 200 })).toEqual([100, 300, 200, 200]);
    expect(claimCosts(cs, {})).toEqual([1000, 1000, 1000, 1000]);
    expect(claimCosts([{ id: 'control.equal-risk.equal-outputs' } as AnyClaim])[0]).toBeGreaterThan(0);
  });

  it('i/n with 1 ≤ i ≤ n, else a one-line usage error', () => {
    expect(parseShard(' 2 / 3 ')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2'])
      expect(() => parseShard(bad), bad).toThrow(UsageError);
  });
});

/** Two refuted claims and one that holds, in a claims module. */
const mine = `import { claimsOf, fc, instanceKind, proved, refuted, z } from ${JSON.stringify(api)};
const ints = instanceKind({ generate: () => fc.integer({ min: 0, max: 50 }), codec: z.number().int(), describe: String });
const m = claimsOf({ paper: 'my-notes.md', runs: 200 });
const below = (k) => m.claim({ id: 'mine.below-' + k, section: '§1', title: 'below ' + k, statement: 'Every integer is below ' + k + '.',
  instance: ints, expected: 'refuted', check: (v) => (v < k ? proved() : refuted(v + ' < ' + k, v + ' ≥ ' + k, { v })) });
export const a = below(10), b = below(20);
export const c = m.claim({ id: 'mine.true', section: '§2', title: 'true', statement: 'Every integer is at least 0.', instance: ints,
  check: (v) => (v >= 0 ? proved() : refuted('v ≥ 0', 'v < 0', { v })) });
`;

describe('merge-reports', () => {
  // kills: a merge that writes a report with a shard missing, that takes shards of two runs, that lists a
  // counterexample twice, that drops the shards' exit code
  it('merges the shards of one run; refuses a missing shard or a shard of another run; each counterexample once', async () => {
    const dir = project({ 'c.ts': mine });
    const run = (args: string[]) => inProcess(['verify', '--claims', './c.ts', ...args], { cwd: dir });
    for (const s of ['1/3', '2/3', '3/3']) expect((await run(['--shard', s])).code).toBe(0);
    const folders = [1, 2, 3].map((i) => `reports/shard-${i}-of-3`);
    const saved = folders.flatMap((f) => jsonFilesUnder(join(dir, f, 'counterexamples')));
    expect(saved).toHaveLength(2); // each refuted claim's counterexample, in the shard that ran it
    const merge = (fs: string[], extra: string[] = []) =>
      inProcess(['merge-reports', '--claims', './c.ts', ...extra, ...fs], { cwd: dir });

    const missing = await merge(folders.slice(0, 2), ['--out', 'reports/partial']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('spurious: merge-reports: shard 3/3 missing; nothing written\n');

    expect((await run(['--shard', '1/2'])).code).toBe(0);
    const mixed = await merge([folders[0], folders[1], 'reports/shard-1-of-2']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^spurious: merge-reports: reports\/shard-1-of-2 is a shard of another run/);

    const none = await merge(['reports/nowhere']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^spurious: merge-reports: reports\/nowhere: no report\.json/);

    // the same counterexample in two shards' folders (two shards that both found it): listed once, with both
    const one = saved[0];
    const holder = folders.find((f) => jsonFilesUnder(join(dir, f, 'counterexamples')).includes(one))!;
    const other = folders.find((f) => f !== holder)!;
    mkdirSync(join(dir, other, 'counterexamples', one, '..'), { recursive: true });
    cpSync(join(dir, holder, 'counterexamples', one), join(dir, other, 'counterexamples', one));
    const ok = await merge(folders);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^merged 3 shard reports: 3\/3 claims as expected\./);
    expect(ok.stdout.split(one.split('/').pop()!)).toHaveLength(2); // named once
    expect(ok.stdout).toMatch(/\(shards \d, \d\)/);
    const rep = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'reports/latest/report.json'), 'utf8')) as {
      claims: { id: string }[];
      ok: boolean;
    };
    expect(rep.claims.map((c) => c.id)).toEqual(['mine.below-10', 'mine.below-20', 'mine.true']);

    // a shard whose claim is not as expected makes the merged exit code 1
    const shard = join(dir, folders[0], 'report.json');
    const j = JSON.parse(readFileSync(shard, 'utf8'));
    j.claims[0].ok = false;
    writeFileSync(shard, JSON.stringify(j));
    expect((await merge(folders)).code).toBe(1);
  }, 120_000);
});
