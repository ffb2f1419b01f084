/**
 * Issue 20, part 4: the same --seed gives the same report. Two runs of
 * `spurious verify --seed S`, each in a fresh project folder, write report.json
 * files that are byte-identical once the timestamp and the durations are taken
 * out — on a single claim and on a whole paper (Liu's one-hidden-layer paper,
 * the quickest real one: about 35 s per run). The whole paper is run once on one
 * worker and once on two (issue 21): the number of workers must not matter either.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, project } from './helpers/cli.js';

/** report.json without what may differ between identical runs: when it was written and how long things took. */
function normalised(dir: string): string {
  const text = readFileSync(join(dir, 'reports', 'latest', 'report.json'), 'utf8');
  return JSON.stringify(JSON.parse(text), (key, value) => (key === 'generated' || key === 'ms' ? undefined : value), 2);
}

async function twice(args: string[], workers: [string, string] = ['1', '1']): Promise<[string, string]> {
  const out: string[] = [];
  for (let k = 0; k < 2; k++) {
    const dir = project();
    const r = await inProcess(['verify', '--no-save', '--workers', workers[k], ...args], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    out.push(normalised(dir));
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
    expect(b).toBe(a);
    const dir = project();
    expect((await inProcess(['verify', '--no-save', '--seed', '54321', ...claim], { cwd: dir })).code).toBe(0);
    expect(normalised(dir)).not.toBe(a);
  }, 240_000);

  // also kills (issue 21): results gathered in the order workers finish, seeds drawn in the workers
  it('a whole paper (liu1h) on one worker and on two: byte-identical report.json but for timestamp and durations', async () => {
    const [a, b] = await twice(['--seed', '-7', '--claim', 'liu1h.*'], ['1', '2']);
    expect((JSON.parse(a) as { claims: unknown[] }).claims.length).toBeGreaterThan(10);
    expect(b).toBe(a);
  }, 400_000);
});
