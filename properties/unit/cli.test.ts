import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getClaim } from '../../src/claims/index.js';
import { readCounterexample, repoRoot } from '../../src/store/counterexamples.js';

const root = repoRoot();
const run = (env: Record<string, string>, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/spurious.js'), ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, SPURIOUS_PROFILE: 'quick', ...env },
    timeout: 240_000,
  });
const cli = (...args: string[]) => run({}, args);

/** A copy of a committed counterexample of `id` in a fresh counterexamples folder, with `edit` applied to its JSON. */
function editedCopy(id: string, edit: (j: Record<string, any>) => void): { dir: string; file: string } {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const from = join(root, 'counterexamples', id);
  const name = readdirSync(from).find((f) => f.endsWith('.json'))!;
  const dir = mkdtempSync(join(tmpdir(), 'spurious-cli-'));
  const j = JSON.parse(readFileSync(join(from, name), 'utf8'));
  edit(j);
  mkdirSync(join(dir, j.claim), { recursive: true });
  const file = join(dir, j.claim, name);
  writeFileSync(file, JSON.stringify(j, null, 2));
  return { dir, file };
}

/** The explanation the registered claim computes today for a saved file's value. */
function recomputed(file: string): { claimed: string; computed: string } {
  const r = readCounterexample(file);
  if (!r.ok) throw new Error(r.error);
  const claim = getClaim(r.cex.claim)!;
  const o = claim.check(claim.decode(r.cex.value));
  if (o.ok) throw new Error(`${file} no longer fails`);
  return o;
}

describe('the spurious command', () => {
  it('list names every registered claim', () => {
    const r = cli('list');
    expect(r.status).toBe(0);
    for (const id of [
      'control.relu1.local-min-is-global',
      'control.equal-risk.equal-outputs',
      'control.relu1.affine-fit-is-global',
    ])
      expect(r.stdout).toContain(id);
  });

  it('verify --json prints exactly one JSON object with the documented fields, and exits 0 when every verdict is as expected', () => {
    const r = cli('verify', '--claim', 'control.equal-risk.*', '--json', '--no-report');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout); // throws unless stdout is exactly one JSON value
    expect(out).toMatchObject({ ok: true, backend: expect.any(String) });
    expect(out.claims).toHaveLength(1);
    expect(Object.keys(out.claims[0])).toEqual(
      expect.arrayContaining([
        'id',
        'paper',
        'section',
        'expected',
        'verdict',
        'strength',
        'runs',
        'rejected',
        'ms',
        'counterexamples',
      ]),
    );
    expect(out.claims[0]).toMatchObject({
      id: 'control.equal-risk.equal-outputs',
      expected: 'refuted',
      verdict: 'refuted',
      strength: 'refuted',
    });
    expect(r.stderr).toContain('[1/1]'); // progress goes to stderr
  });

  // kills: the claim line printing the verdict and strength as "refuted (refuted)" / "holds (proved)"
  it('verify prints each claim line in the shared verdict wording', () => {
    const r = cli('verify', '--claim', 'control.equal-risk.*', '--no-report');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /control\.equal-risk\.equal-outputs: refuted: exact counterexample \(expected to be refuted: as expected\)/,
    );
    expect(r.stdout).not.toMatch(/\((proved|refuted|evidence)\)/);
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
    [['replay', '--bogus'], /Unknown option '--bogus'/],
  ])('usage error %j: exit 2, a one-line message; the usage only after a missing or unknown command', (args, msg) => {
    const r = cli(...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(msg);
    if (args.length === 0 || args[0] === 'frobnicate') expect(r.stderr).toContain('usage: spurious');
    else expect(r.stderr).toBe(r.stderr.split('\n')[0] + '\n');
  });

  it('replay re-checks every saved counterexample; show renders one in plain words', () => {
    const r = cli('replay');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok /m);
    const folder = join(root, 'counterexamples', 'control.equal-risk.equal-outputs');
    const file = join(
      folder,
      readdirSync(folder).find((f) => f.endsWith('.json'))!,
    );
    // kills: a folder read as one file ("unreadable … EISDIR") instead of the saved files in it
    const dir = cli('replay', folder);
    expect(dir.status).toBe(0);
    expect(dir.stdout.match(/^ok /gm)?.length).toBe(readdirSync(folder).filter((f) => f.endsWith('.json')).length);
    const s = cli('show', file);
    expect(s.status).toBe(0);
    for (const part of [
      'What the claim says',
      'On this instance it says',
      'What was computed (exact)',
      'The instance:',
      'spurious replay counterexamples/control.equal-risk.equal-outputs/',
    ])
      expect(s.stdout).toContain(part);
  });

  it('a hand-edited explanation: show prints the recomputed text, replay fails, replay --refresh restores it', () => {
    const id = 'control.equal-risk.equal-outputs';
    const edited = 'EDITED: nothing differs on any sample.';
    const { dir, file } = editedCopy(id, (j) => (j.failure.computed = edited));
    const truth = recomputed(file);
    expect(truth.computed).not.toBe(edited);

    const s = cli('show', file);
    expect(s.status).toBe(1); // not as expected: the stored explanation differs
    expect(s.stdout).not.toContain(`\n  ${edited}`); // never printed as what was computed
    expect(s.stdout).toContain(`What was computed (exact):\n  ${truth.computed}\n`);
    expect(s.stdout).toMatch(
      /^The file's stored explanation differs from what the property computes now \(failure\.computed: stored "EDITED.*", recomputed ".*"\); shown below is the recomputed one/m,
    );

    const one = cli('replay', file);
    expect(one.status).toBe(1);
    expect(one.stdout).toMatch(
      /^FAIL .*: still fails its property .*stored explanation is not what the property computes now \(failure\.computed: stored "EDITED/m,
    );
    const all = run({ SPURIOUS_COUNTEREXAMPLES: dir }, ['replay']);
    expect(all.status).toBe(1);
    expect(all.stdout).toMatch(/^FAIL /m);

    const fix = run({ SPURIOUS_COUNTEREXAMPLES: dir }, ['replay', '--refresh']);
    expect(fix.status).toBe(0);
    expect(fix.stdout).toMatch(
      /^refreshed .*: rewrote failure\.computed; first difference was failure\.computed: stored "EDITED/m,
    );
    expect(fix.stdout).toMatch(/^ok /m);
    const back = readCounterexample(file);
    expect(back.ok && back.cex.failure.computed).toBe(truth.computed);
    expect(readdirSync(join(dir, id))).toHaveLength(1); // same name, no temporary file left
    const again = cli('replay', file);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^ok /m);
  });

  it('replay --refresh leaves a file whose value no longer fails alone, and fails on it', () => {
    // θA = θB: the outputs are equal, so the (refuted) control's property holds on this value
    const { file } = editedCopy('control.equal-risk.equal-outputs', (j) => {
      j.value.thetaB = j.value.thetaA;
      j.failure.computed = 'EDITED';
    });
    const before = readFileSync(file, 'utf8');
    const r = cli('replay', '--refresh', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^kept .*: not refreshed: the value no longer fails its property$/m);
    expect(r.stdout).toMatch(/^FAIL .*now passes its property/m);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('show prints a file of an unregistered claim with its stored text labelled as not re-checked', () => {
    const { file } = editedCopy('control.equal-risk.equal-outputs', (j) => (j.claim = 'test.not-registered.claim'));
    const s = cli('show', file);
    expect(s.status).toBe(2); // it cannot be re-checked
    expect(s.stderr).toMatch(/no claim "test\.not-registered\.claim" in the built-in registry.*not re-checked/);
    expect(s.stdout).toContain('Claim test.not-registered.claim (not registered in this version)');
    expect(s.stdout).toMatch(/^On this instance it says \(stored, not re-checked\):$/m);
    expect(s.stdout).toMatch(/^What was computed \(exact; stored, not re-checked\):$/m);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(s.stdout).toContain(`(exact; stored, not re-checked):\n  ${stored.failure.computed}\n`);
  });
});
