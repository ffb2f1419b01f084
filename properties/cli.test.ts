import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/store/counterexamples.js';

const root = repoRoot();
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/spurious.js'), ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, SPURIOUS_PROFILE: 'quick' }, timeout: 240_000 });

describe('the spurious command', () => {
  it('list names every registered claim', () => {
    const r = cli('list');
    expect(r.status).toBe(0);
    for (const id of ['control.relu1.local-min-is-global', 'control.equal-risk.equal-outputs', 'control.relu1.affine-fit-is-global']) expect(r.stdout).toContain(id);
  });

  it('verify --json prints exactly one JSON object with the documented fields, and exits 0 when every verdict is as expected', () => {
    const r = cli('verify', '--claim', 'control.equal-risk.*', '--json', '--no-report');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout); // throws unless stdout is exactly one JSON value
    expect(out).toMatchObject({ ok: true, backend: expect.any(String) });
    expect(out.claims).toHaveLength(1);
    expect(Object.keys(out.claims[0])).toEqual(expect.arrayContaining(['id', 'paper', 'section', 'expected', 'verdict', 'strength', 'runs', 'rejected', 'ms', 'counterexamples']));
    expect(out.claims[0]).toMatchObject({ id: 'control.equal-risk.equal-outputs', expected: 'refuted', verdict: 'refuted', strength: 'refuted' });
    expect(r.stderr).toContain('[1/1]'); // progress goes to stderr
  });

  it.each([
    [['verify', '--runs', 'x'], /--runs needs an integer/],
    [['verify', '--runs', '0'], /--runs must be at least 1/],
    [['verify', '--claim', 'nothing.*'], /no claim matches "nothing\.\*"/],
    [['verify', '--profile', 'fast'], /unknown profile "fast"/],
    [['verify', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /missing command/],
    [['show'], /show needs exactly one counterexample file/],
    [['show', 'no/such.json'], /no such file: no\/such\.json/],
  ])('usage error %j: exit 2, a one-line message and the usage', (args, msg) => {
    const r = cli(...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(msg);
    expect(r.stderr).toContain('usage: spurious');
  });

  it('replay re-checks every saved counterexample; show renders one in plain words', () => {
    const r = cli('replay');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok /m);
    const folder = join(root, 'counterexamples', 'control.equal-risk.equal-outputs');
    const file = join(folder, readdirSync(folder).find((f) => f.endsWith('.json'))!);
    const s = cli('show', file);
    expect(s.status).toBe(0);
    for (const part of ['What the claim says', 'On this instance it says', 'What was computed (exact)', 'The instance:', 'Re-check it with: spurious replay']) expect(s.stdout).toContain(part);
  });
});
