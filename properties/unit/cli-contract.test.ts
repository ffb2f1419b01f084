// The CLI's contract (issue 14): exit codes in every command, the launcher killed by its PID,
// seeds, the time budget, saving only what is new in kind, subset reports merged into the last
// one, list --json / globs / terminal width, `npx spurious` hints, claims that read the profile,
// replay --refresh per file. Most run the CLI's `main` in this process (fast); what depends on
// the process itself (signals, exit status, the terminal) runs bin/spurious.js as users do.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claims } from '../../src/claims/registry.js';
import { api, asUser, bin, inProcess, project, root } from '../helpers/cli.js';

const committed = join(root, 'counterexamples');

/** A copy of the committed counterexamples (or of some claims' folders). */
function savedCopy(only?: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'spurious-saved-'));
  for (const f of readdirSync(committed))
    if (!only || only.includes(f)) cpSync(join(committed, f), join(dir, f), { recursive: true });
  return dir;
}
const firstFile = (dir: string, claim: string) =>
  join(
    dir,
    claim,
    readdirSync(join(dir, claim)).find((n) => n.endsWith('.json'))!,
  );
const lines = (s: string, re: RegExp) => s.split('\n').filter((l) => re.test(l));

// Claims modules written as a researcher would (see examples/my-claims.ts).
const header = `import { claimsOf, fc, instanceKind, proved, refuted, z } from ${JSON.stringify(api)};\n`;

/** "every integer is below 10" (refuted), and one that holds, slowly: 2 ms per instance. */
const slowThenRefuted = `${header}
const ints = instanceKind({ generate: () => fc.integer({ min: 0, max: 50 }), codec: z.number().int(), describe: String });
const mine = claimsOf({ paper: 'my-notes.md', runs: 100000 });
const slow = mine.claim({ id: 'mine.slow', section: '§1', title: 'slow', statement: 'Slow and true.', instance: ints,
  check: () => { const t = Date.now(); while (Date.now() - t < 2); return proved(); } });
const below = mine.claim({ id: 'mine.below-10', section: '§1', title: 'below 10', statement: 'Every integer is below 10.',
  instance: ints, expected: 'refuted', check: (v) => (v < 10 ? proved() : refuted(v + ' < 10', v + ' ≥ 10', { v })) });
export const claims = [slow, below]; // in this order (a module's named exports are read in name order)
`;

/** Widths 1–3 under quick, 1–5 under thorough: "every width is at most 3" holds under quick only. */
const profileClaims = `${header}
const widths = instanceKind({
  generate: ({ profile }) => fc.integer({ min: 1, max: profile.name === 'thorough' ? 5 : 3 }),
  codec: z.number().int(), describe: (w) => 'width ' + w,
});
export const atMost3 = claimsOf({ paper: 'my-notes.md', runs: 100 }).claim({
  id: 'mine.width.at-most-3', section: '§2', title: 'widths are at most 3', statement: 'Every width drawn is at most 3.',
  instance: widths, check: (w) => (w <= 3 ? proved() : refuted('w ≤ 3', 'w = ' + w, { w })),
});
`;

/** A check that gives a different answer on the same value: the runner's internal error. */
const nondeterministic = `${header}
let calls = 0;
export const flaky = claimsOf({ paper: 'my-notes.md', runs: 5 }).claim({
  id: 'mine.flaky', section: '§3', title: 'flaky', statement: 'Flaky.',
  instance: instanceKind({ generate: () => fc.constant(1), codec: z.number().int(), describe: String }),
  check: () => (calls++ === 0 ? refuted('a', 'b', null) : proved()),
});
`;

describe('exit codes: 0 as expected, 1 not as expected, 2 usage or unreadable input, 3 internal error', () => {
  it('the issue’s case, over every claim as users run it: a saved θ of the wrong length is one line, every claim is decided, the report is written, exit 2', () => {
    const dir = project();
    const saved = savedCopy();
    const id = 'control.relu1.local-min-is-global';
    const j = JSON.parse(readFileSync(firstFile(saved, id), 'utf8'));
    j.value.theta = ['1', '2'];
    writeFileSync(join(saved, id, 'two-entries.json'), JSON.stringify(j));
    const r = asUser(['verify', '--runs', '1', '--no-save'], { cwd: dir, env: { SPURIOUS_COUNTEREXAMPLES: saved } });
    expect(r.stderr).toBe('');
    expect(lines(r.stdout, /^unreadable saved counterexample /)).toEqual([
      `unreadable saved counterexample ${saved}/${id}/two-entries.json: the hypothesis detector threw on the saved value: θ has 2 entries but the network has 4 parameters`,
    ]);
    expect(r.stdout.split('two-entries.json').length - 1).toBe(1);
    expect(lines(r.stdout, /^\[\d+\/\d+\] .*: (holds|refuted)[ :]/)).toHaveLength(claims.length);
    expect(r.stdout).toContain(
      `${claims.length}/${claims.length} claims as expected; 1 unreadable saved counterexample`,
    );
    const report = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8'));
    expect(report.claims).toHaveLength(claims.length);
    expect(r.code).toBe(2);
  }, 120_000);

  it('replay and show: a missing file is a usage error (2) in both; a file in another claim’s folder is unreadable in replay, as in verify', async () => {
    for (const cmd of ['replay', 'show']) {
      const r = await inProcess([cmd, 'nosuch.json']);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe('spurious: no such file: nosuch.json');
    }
    const saved = savedCopy(['control.equal-risk.equal-outputs', 'control.relu1.affine-fit-is-global']);
    const moved = join(saved, 'control.relu1.affine-fit-is-global', 'moved.json');
    cpSync(firstFile(saved, 'control.equal-risk.equal-outputs'), moved);
    const r = await inProcess(['replay', moved]);
    expect(r.stdout).toMatch(
      /^unreadable saved counterexample .*moved\.json: field "claim": "control\.equal-risk\.equal-outputs" does not match its folder "control\.relu1\.affine-fit-is-global"$/m,
    );
    expect(r.stdout).toMatch(/^1 saved counterexample: 0 ok, 0 not as expected, 0 skipped .*, 1 unreadable\.$/m);
    expect(r.code).toBe(2);
    const v = await inProcess(
      ['verify', '--claim', 'control.relu1.affine-fit-is-global', '--runs', '1', '--no-report'],
      {
        env: { SPURIOUS_COUNTEREXAMPLES: saved },
      },
    );
    expect(v.stdout).toMatch(
      /^unreadable saved counterexample .*moved\.json: field "claim": .* does not match its folder/m,
    );
    expect(v.code).toBe(2);
  });

  it('show: exit 2 for a file it cannot decode, 0 for one that replays as expected; replay prints totals', async () => {
    const saved = savedCopy(['control.equal-risk.equal-outputs']);
    const good = firstFile(saved, 'control.equal-risk.equal-outputs');
    const bad = join(saved, 'control.equal-risk.equal-outputs', 'bad.json');
    const j = JSON.parse(readFileSync(good, 'utf8'));
    j.value.thetaA = 'not a list';
    writeFileSync(bad, JSON.stringify(j));
    const s = await inProcess(['show', bad]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/^spurious: unreadable saved counterexample .*bad\.json: field "value": value\.thetaA: /);
    expect((await inProcess(['show', good])).code).toBe(0);
    const r = await inProcess(['replay'], { env: { SPURIOUS_COUNTEREXAMPLES: saved } });
    expect(r.stdout).toMatch(/\n2 saved counterexamples: 1 ok, 0 not as expected, 0 skipped .*, 1 unreadable\.\n$/);
    expect(r.code).toBe(2);
  });

  it('an internal error (a check that answers differently on the same value) is one line and exit 3', () => {
    const dir = project({ 'c.ts': nondeterministic });
    const r = asUser(['verify', '--claims', './c.ts'], { cwd: dir });
    expect(r.stderr).toMatch(
      /^spurious: internal error: internal: claim mine\.flaky failed under fast-check but its check passes/,
    );
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.code).toBe(3);
  });

  it('report: no report yet, or one that cannot be read, is unreadable input (2)', async () => {
    const dir = project();
    const none = await inProcess(['report'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("spurious: no report yet at reports/latest/report.json; run 'spurious verify' first\n");
    mkdirSync(join(dir, 'reports/latest'), { recursive: true });
    writeFileSync(join(dir, 'reports/latest/report.json'), '{ "claims": [');
    const bad = await inProcess(['report'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^spurious: reports\/latest\/report\.json cannot be read: /);
  });

  it('--help states the contract', async () => {
    const h = await inProcess(['help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^exit codes.*\n {2}0 .*\n {2}1 .*\n {2}2 .*\n(.*\n)* {2}3 {2}internal error/m);
  });
});

describe('the launcher killed by its PID (SIGINT, SIGTERM, SIGHUP)', () => {
  // Kills the launcher that ran the command in a tsx child without forwarding signals: the child
  // lived on (found by its environment), finished the slow claim within its 3 s budget and saved
  // the second claim's counterexample after the kill.
  it.runIf(existsSync('/proc/self/environ'))(
    'leaves no process behind and writes nothing afterwards; the status is 128 + signal',
    async () => {
      const mark = `spurious-kill-test-${process.pid}-${Date.now()}`;
      const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
      const runs = signals.map(async (sig) => {
        const dir = project({ 'c.ts': slowThenRefuted });
        const child = spawn(process.execPath, [bin, 'verify', '--claims', './c.ts', '--budget', '3'], {
          cwd: dir,
          // one worker: the claims run one after the other, so the kill falls before the second claim's save
          env: {
            ...process.env,
            SPURIOUS_PROFILE: 'quick',
            SPURIOUS_COUNTEREXAMPLES: '',
            SPURIOUS_WORKERS: '1',
            KILL_TEST_MARK: mark,
          },
        });
        let out = '';
        let err = '';
        child.stderr.on('data', (d) => (err += String(d)));
        const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
          child.on('exit', (code, signal) => done({ code, signal })),
        );
        const started = await Promise.race([
          new Promise<boolean>((yes) =>
            child.stdout.on('data', (d) => {
              out += String(d);
              if (out.includes('[1/2] mine.slow ...')) yes(true);
            }),
          ),
          exited.then(() => false),
        ]);
        expect(started, `${sig}: the run ended before it started the slow claim: ${out}${err}`).toBe(true);
        await new Promise((t) => setTimeout(t, 300)); // in the middle of the slow claim
        child.kill(sig);
        return { sig, dir, status: await exited };
      });
      const done = await Promise.all(runs);
      const alive = () =>
        readdirSync('/proc')
          .filter((p) => /^\d+$/.test(p))
          .filter((p) => {
            try {
              return readFileSync(`/proc/${p}/environ`, 'utf8').includes(mark);
            } catch {
              return false; // gone, or not ours
            }
          });
      // processes of the tree (tsx's esbuild service among them) may take a moment to exit on a
      // loaded machine: allow 3 s, then none may be left
      for (let k = 0; k < 30 && alive().length; k++) await new Promise((t) => setTimeout(t, 100));
      expect(alive()).toEqual([]);
      await new Promise((t) => setTimeout(t, 4000)); // a survivor would have saved mine.below-10 by now
      expect(alive()).toEqual([]);
      for (const { sig, dir, status } of done) {
        expect(status.signal === sig || status.code === 128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig]).toBe(true);
        expect(existsSync(join(dir, 'counterexamples'))).toBe(false);
        expect(existsSync(join(dir, 'reports'))).toBe(false);
      }
    },
    60_000,
  );
});

describe('seeds and the time budget', () => {
  it('--seed takes negative numbers and is printed as given; out of the 32-bit range it is a usage error naming the range', async () => {
    const r = await inProcess([
      'verify',
      '--claim',
      'control.equal-risk.equal-outputs',
      '--seed',
      '-1274378170',
      '--runs',
      '3',
      '--no-report',
      '--no-save',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[1\/1\] control\.equal-risk\.equal-outputs: .*; seed -1274378170$/m);
    for (const [seed, ok] of [
      ['-2147483648', true],
      ['2147483647', true],
      ['2147483648', false],
      ['99999999999999', false],
    ] as const) {
      const s = await inProcess([
        'verify',
        '--claim',
        'control.equal-risk.*',
        '--seed',
        seed,
        '--runs',
        '1',
        '--no-report',
        '--no-save',
      ]);
      if (ok) expect(s.stdout).toContain(`; seed ${seed}\n`);
      else {
        expect(s.code).toBe(2);
        expect(s.stderr.split('\n')[0]).toBe(
          `spurious: --seed must be from -2147483648 to 2147483647 (a 32-bit signed integer, as fast-check seeds are), got ${seed}`,
        );
      }
    }
    const neg = await inProcess(['verify', '--runs', '-3']);
    expect(neg.stderr.split('\n')[0]).toBe('spurious: --runs must be at least 1');
  });

  it('a search cut by the budget says so on the claim’s line; --budget sets it', async () => {
    const r = await inProcess([
      'verify',
      '--claim',
      'he2020.lemma4.linear-fit',
      '--runs',
      '100000',
      '--budget',
      '0.5',
      '--no-report',
    ]);
    expect(r.code).toBe(0);
    const m = /; stopped by the 0\.5 s budget after (\d+) of 100000 checks$/m.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(r.stdout).toMatch(new RegExp(`linear-fit: holds on ${m![1]}/${m![1]} instances`)); // the count is the claim's
    const full = await inProcess(['verify', '--claim', 'he2020.lemma4.linear-fit', '--runs', '3', '--no-report']);
    expect(full.stdout).not.toMatch(/stopped by/);
    for (const bad of ['0', '-1', 'x'])
      expect((await inProcess(['verify', '--budget', bad])).stderr.split('\n')[0]).toBe(
        `spurious: --budget needs a positive number of seconds, got ${JSON.stringify(bad)}`,
      );
  });
});

describe('saving', () => {
  it('--no-save writes nothing; without it the first counterexample is saved, an identical or no smaller one is not', async () => {
    const dir = project({ 'c.ts': slowThenRefuted });
    const args = ['verify', '--claims', './c.ts', '--claim', 'mine.below-10', '--no-report'];
    const n = await inProcess([...args, '--no-save'], { cwd: dir });
    expect(n.stdout).toMatch(/not saved \(--no-save\): 10 ≥ 10/);
    expect(existsSync(join(dir, 'counterexamples'))).toBe(false);
    const first = await inProcess(args, { cwd: dir });
    expect(first.stdout).toMatch(/saved to counterexamples\/mine\.below-10\/\w+\.json: 10 ≥ 10/);
    // a hand-made saved one that is smaller and fails the same way: the found one is not new in kind
    const folder = join(dir, 'counterexamples', 'mine.below-10');
    const [name] = readdirSync(folder);
    const j = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    writeFileSync(join(folder, 'small.json'), JSON.stringify({ ...j, value: 3 }));
    const again = await inProcess([...args, '--seed', '5'], { cwd: dir });
    expect(again.stdout).toMatch(
      /already saved as|not saved \(not new in kind: it fails the same way as counterexamples\/mine\.below-10\/small\.json and is no smaller\)/,
    );
    expect(readdirSync(folder).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });
});

describe('verify on a subset', () => {
  it('merges into the last report, marking the re-run claims; with no report yet it writes one of the subset and says so', async () => {
    const dir = project();
    const env = { SPURIOUS_COUNTEREXAMPLES: savedCopy(['control.equal-risk.equal-outputs']) };
    const first = await inProcess(
      ['verify', '--claim', 'control.equal-risk.*,he2020.lemma4.linear-fit', '--runs', '2'],
      {
        cwd: dir,
        env,
      },
    );
    expect(first.stdout).toMatch(/a report of these 2 claims only \(no earlier report to merge into\)/);
    const before = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8'));
    const second = await inProcess(['verify', '--claim', 'he2020.lemma4.linear-fit', '--runs', '2'], { cwd: dir, env });
    expect(second.stdout).toMatch(
      /the 1 claim run here merged into the last report \(of .*; 1 other claim kept from it\), each marked as re-run/,
    );
    const after = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8'));
    expect(after.claims.map((c: { id: string }) => c.id)).toEqual(before.claims.map((c: { id: string }) => c.id));
    const [kept, rerun] = after.claims;
    expect(kept).toEqual(before.claims[0]); // untouched
    expect(rerun.rerun).toBe(after.reruns[0].at);
    expect(rerun.summary).toMatch(/\(Re-run at .* by 'verify --claim'; the report's other claims are from its run of /);
    expect(after.generated).toBe(before.generated);
    expect(readFileSync(join(dir, 'reports/latest/report.md'), 'utf8')).toContain('Re-run at');
  });
});

describe('verify on a subset, tables', () => {
  it('a merged report fills its tables from all its claims, not only the re-run ones', async () => {
    // kills: keeping the last report's tables, or filling them from this run's claims alone
    const dir = project();
    const env = { SPURIOUS_COUNTEREXAMPLES: savedCopy(['cnn.lemma9.literal-case1']) };
    const ids = ['cnn.lemma9.literal-case1', 'cnn.lemma9.theta-prime-case1'];
    await inProcess(['verify', '--claim', ids[0], '--runs', '2'], { cwd: dir, env });
    await inProcess(['verify', '--claim', ids[1], '--runs', '2'], { cwd: dir, env });
    const after = JSON.parse(readFileSync(join(dir, 'reports/latest/report.json'), 'utf8'));
    const t = after.tables.find((x: { id: string }) => x.id === 'cnn.table.lemma9');
    const outcomes = t.cells[0].map((c: { outcome: string }) => c.outcome);
    expect(outcomes).toEqual(['refuted', 'certified']);
    expect(t.cells[1].map((c: { outcome: string }) => c.outcome)).toEqual(['not-run', 'not-run']);
  }, 120_000);
});

describe('list and hints', () => {
  it('list --json is the claims as one JSON array; --claim takes comma-separated globs', async () => {
    const r = await inProcess(['list', '--json', '--claim', 'control.*,he2020.lemma4.*']);
    const rows = JSON.parse(r.stdout) as { id: string; expected: string; statement: string }[];
    const ids = rows.map((x) => x.id);
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every((id) => id.startsWith('control.') || id.startsWith('he2020.lemma4.'))).toBe(true);
    expect(ids).toContain('he2020.lemma4.linear-fit');
    expect(rows[0]).toMatchObject({ expected: expect.any(String), statement: expect.any(String) });
    const all = JSON.parse((await inProcess(['list', '--json'])).stdout);
    expect(all).toHaveLength(claims.length);
    const none = await inProcess(['list', '--claim', 'control.*,nothing.*']);
    expect(none.stderr.split('\n')[0]).toBe('spurious: no claim matches "nothing.*"; see \'spurious list\'');
  });

  it('list lines are cut to the terminal’s width, and not cut when piped', () => {
    const tty = spawnSyncScript(`stty cols 50; "${process.execPath}" "${bin}" list --claim 'control.*'`);
    const shown = tty.split(/\r?\n/).filter(Boolean);
    expect(shown.length).toBeGreaterThan(3);
    for (const l of shown) expect([...l].length).toBeLessThanOrEqual(50);
    expect(shown.some((l) => l.endsWith('…'))).toBe(true);
    const piped = asUser(['list', '--claim', 'control.*']);
    expect(piped.stdout.split('\n').some((l) => [...l].length > 50)).toBe(true);
    expect(piped.stdout).not.toContain('…\n');
  });

  it('show says `npx spurious replay …` when spurious is not on the PATH, `spurious replay …` when it is', async () => {
    const file = firstFile(committed, 'control.equal-risk.equal-outputs');
    const withBin = mkdtempSync(join(tmpdir(), 'spurious-path-'));
    writeFileSync(join(withBin, 'spurious'), '#!/bin/sh\n');
    chmodSync(join(withBin, 'spurious'), 0o755);
    const without = mkdtempSync(join(tmpdir(), 'spurious-path-'));
    const a = await inProcess(['show', file], { env: { PATH: without } });
    expect(a.stdout).toMatch(
      /^Re-check it with: npx spurious replay counterexamples\/control\.equal-risk\.equal-outputs\//m,
    );
    const b = await inProcess(['show', file], { env: { PATH: `${without}:${withBin}` } });
    expect(b.stdout).toMatch(/^Re-check it with: spurious replay counterexamples\//m);
  });
});

describe('claims that read the profile', () => {
  it('a generator reading the profile draws other instances under thorough; the saved file records its profile and regenerates under it', async () => {
    const dir = project({ 'c.ts': profileClaims });
    const quick = await inProcess(['verify', '--claims', './c.ts', '--no-report'], { cwd: dir });
    expect(quick.stdout).toMatch(/mine\.width\.at-most-3: holds/);
    expect(quick.code).toBe(0);
    const thorough = await inProcess(
      ['verify', '--claims', './c.ts', '--profile', 'thorough', '--seed', '3', '--no-report'],
      {
        cwd: dir,
      },
    );
    expect(thorough.stdout).toMatch(/mine\.width\.at-most-3: refuted/);
    expect(thorough.code).toBe(1); // not as expected: it was meant to hold
    const folder = join(dir, 'counterexamples', 'mine.width.at-most-3');
    const [name] = readdirSync(folder);
    const saved = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    expect(saved).toMatchObject({ profile: 'thorough', value: 4 });
    // replayed under quick (the default) it still regenerates: from the profile it was found under
    const r = await inProcess(['replay', '--claims', './c.ts'], { cwd: dir });
    expect(r.stdout).toMatch(
      /^FAIL {2}counterexamples\/mine\.width\.at-most-3\/.*: still fails its property \(holds claim: a regression\); regenerates from its seed and path$/m,
    );
  });
});

describe('replay --refresh', () => {
  it('says per file whether it rewrote it, left it unchanged, or kept it', async () => {
    const saved = savedCopy(['control.equal-risk.equal-outputs']);
    const folder = join(saved, 'control.equal-risk.equal-outputs');
    const file = firstFile(saved, 'control.equal-risk.equal-outputs');
    const j = JSON.parse(readFileSync(file, 'utf8'));
    const edited = join(folder, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...j, statement: 'old wording' })); // (name ≠ hash: still replays by value)
    const r = await inProcess(['replay', '--refresh'], { env: { SPURIOUS_COUNTEREXAMPLES: saved } });
    expect(r.stdout).toMatch(/^refreshed .*edited\.json: rewrote statement$/m);
    expect(r.stdout).toMatch(/^same {2}.*\/[0-9a-f]{16}\.json: unchanged, its texts are what the claim says today$/m);
    expect(r.stdout).toMatch(/; 1 refreshed\.\n$/);
    expect(JSON.parse(readFileSync(edited, 'utf8')).statement).toBe(j.statement);
    expect(r.code).toBe(0);
  });
});

/** Run a shell command under a pseudo-terminal (util-linux `script`), returning what it printed. */
function spawnSyncScript(cmd: string): string {
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, SPURIOUS_PROFILE: 'quick' },
    timeout: 60_000,
  });
  return r.stdout;
}
