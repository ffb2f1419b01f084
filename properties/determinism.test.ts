/**
 * Issue 20, part 4: the same --seed gives the same report. Two runs of
 * `spurious verify --seed S`, each in a fresh project folder, write report.json
 * files that are byte-identical once the timestamp and the durations are taken
 * out — on a single claim and on a whole paper (Liu's one-hidden-layer paper,
 * the quickest real one: about 35 s per run). The whole paper is run on one
 * worker, and as two shards on two workers each, merged (issue 21): neither the
 * number of workers nor sharding may matter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, project, reportWithoutTimes } from './helpers/cli.js';

/** a equals b; on a difference, first the claim that differs (a readable failure, not two whole reports) */
function expectSame(b: string, a: string) {
  const claims = (t: string) => (JSON.parse(t) as { claims: { id: string }[] }).claims;
  const [ca, cb] = [claims(a), claims(b)];
  expect(cb.map((c) => c.id)).toEqual(ca.map((c) => c.id));
  for (const [k, c] of ca.entries()) expect(JSON.stringify(cb[k]), c.id).toBe(JSON.stringify(c));
  expect(b).toBe(a);
}

async function twice(args: string[], workers: [string, string] = ['1', '1']): Promise<[string, string]> {
  const out: string[] = [];
  for (let k = 0; k < 2; k++) {
    const dir = project();
    const r = await inProcess(['verify', '--no-save', '--workers', workers[k], ...args], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    out.push(reportWithoutTimes(dir));
  }
  return [out[0], out[1]];
}

describe('the same seed, the same report', () => {
  // kills: a claim seeded from the clock or Math.random, an unordered iteration (Set/Map of objects) in the
  // report, plots or tables drawn from unseeded instances
  it('one refuted claim: byte-identical report.json but for timestamp and durations; another seed, another report', async () => {
    const claim = ['--claim', 'liu1h.theorem3.no-need-to-test-wm'];
    const [a, b] = await twice(['--seed', '12345', ...claim]);
    expect(a).toContain('"seed": 12345');
    expect(a).toContain('"verdict": "refuted"');
    expectSame(b, a);
    const dir = project();
    expect((await inProcess(['verify', '--no-save', '--seed', '54321', ...claim], { cwd: dir })).code).toBe(0);
    expect(reportWithoutTimes(dir)).not.toBe(a);
  }, 240_000);

  // also kills (issue 21): results gathered in the order workers finish, seeds drawn in the workers; a shard
  // split that loses or repeats a claim, a merge that reorders claims or keeps a shard's partial tables, plots
  // whose text depends on what else the process drew (vega's clip-path counter). The shards run on two workers
  // each, so one comparison covers both: one worker unsharded against two workers in two shards.
  it('a whole paper (liu1h) on one worker, and as shards 1/2 + 2/2 on two workers each, merged: byte-identical report.json but for timestamp and durations', async () => {
    const args = ['--seed', '-7', '--claim', 'liu1h.*'];
    const one = project();
    expect((await inProcess(['verify', '--no-save', '--workers', '1', ...args], { cwd: one })).code).toBe(0);
    const a = reportWithoutTimes(one);
    expect((JSON.parse(a) as { claims: unknown[] }).claims.length).toBeGreaterThan(10);
    const dir = project();
    for (const shard of ['1/2', '2/2']) {
      const r = await inProcess(['verify', '--no-save', '--workers', '2', '--shard', shard, ...args], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`shard ${shard}: `);
    }
    const shards = ['1', '2'].map((i) =>
      JSON.parse(readFileSync(join(dir, `reports/shard-${i}-of-2/report.json`), 'utf8')),
    );
    // each shard ran a real share
    for (const s of shards) expect(s.claims.length).toBeGreaterThan(0);
    const m = await inProcess(['merge-reports', 'reports/shard-1-of-2', 'reports/shard-2-of-2'], { cwd: dir });
    expect(m.code, m.stderr).toBe(0);
    expectSame(reportWithoutTimes(dir), a);
  }, 600_000);
});
