/**
 * Issue 20, part 4: several runs at once, and runs interrupted at random
 * moments. `spurious verify` runs as users run it (bin/spurious.js in a child
 * process) on a claims module with failing claims, in a project folder:
 *  - three runs at once, each finding the same three counterexamples: every
 *    counterexample is saved exactly once, whole, and replays;
 *  - a run killed by SIGINT or SIGTERM after a delay fast-check draws: no
 *    process is left, every saved file is whole, and the next run completes,
 *    leaves no temporary file and replays everything that was saved.
 */
import { fc } from '@fast-check/vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCounterexamples } from '../src/store/counterexamples.js';
import { api, asUser, bin, project } from './helpers/cli.js';

/** Three refuted claims (each integer below a bound), then one that holds slowly (2 ms per instance). */
const failing = `import { claimsOf, fc, instanceKind, proved, refuted, z } from ${JSON.stringify(api)};
const ints = instanceKind({ generate: () => fc.integer({ min: 0, max: 50 }), codec: z.number().int(), describe: String });
const mine = claimsOf({ paper: 'my-notes.md', runs: 100000 });
const below = (k) => mine.claim({ id: 'mine.below-' + k, section: '§1', title: 'below ' + k, statement: 'Every integer is below ' + k + '.',
  instance: ints, expected: 'refuted', check: (v) => (v < k ? proved() : refuted(v + ' < ' + k, v + ' ≥ ' + k, { v })) });
export const a = below(10), b = below(20), c = below(30);
export const d = mine.claim({ id: 'mine.slow', section: '§2', title: 'slow', statement: 'Slow and true.', instance: ints,
  check: () => { const t = Date.now(); while (Date.now() - t < 2); return proved(); } });
`;

/** Every file under `dir`, relative. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

function run(dir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'verify', '--claims', './c.ts', '--budget', '2'], {
    cwd: dir,
    env: { ...process.env, SPURIOUS_PROFILE: 'quick', SPURIOUS_COUNTEREXAMPLES: '', ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { child, exited, output: () => out };
}

/** Processes whose environment carries `mark` (the run and anything it started). */
function alive(mark: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/environ`, 'utf8').includes(mark);
      } catch {
        return false;
      }
    });
}

/** Every visible saved file is whole and valid; no temporary file is visible to a reader. */
function savedAreWhole(dir: string) {
  const saved = listCounterexamples(join(dir, 'counterexamples'));
  for (const r of saved) expect(r.ok, r.ok ? '' : r.error).toBe(true);
  return saved;
}

describe.runIf(existsSync('/proc/self/environ'))('runs at once and runs interrupted', () => {
  // kills: a save that is not atomic (a torn file read by another run), a second file for the same
  // counterexample, a temporary file left in place
  it('three runs at once, three failing claims each: every counterexample saved once, whole, and it replays', async () => {
    const dir = project({ 'c.ts': failing });
    const runs = [0, 1, 2].map(() => run(dir, {}));
    const ends = await Promise.all(runs.map((r) => r.exited));
    ends.forEach((e, k) => expect(e.code, runs[k].output()).toBe(0));
    const saved = savedAreWhole(dir);
    expect(saved.map((r) => r.file.split('/').slice(-2, -1)[0]).sort()).toEqual([
      'mine.below-10',
      'mine.below-20',
      'mine.below-30',
    ]);
    expect(files(join(dir, 'counterexamples')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const replay = asUser(['replay', '--claims', './c.ts'], { cwd: dir });
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout.match(/^ok /gm)).toHaveLength(3);
  }, 180_000);

  // kills: a partial file left visible by a kill, a run that cannot start after one was killed (a stale
  // temporary or lock file in the way), a child process outliving the launcher
  it('a run killed at a random moment: nothing left running, saved files whole; the next run completes and replays them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom('SIGINT' as const, 'SIGTERM' as const),
        async (delay, sig) => {
          const dir = project({ 'c.ts': failing });
          const mark = `spurious-interrupt-${process.pid}-${Date.now()}-${delay}`;
          const r = run(dir, { KILL_TEST_MARK: mark });
          await Promise.race([new Promise((t) => setTimeout(t, delay)), r.exited]);
          r.child.kill(sig);
          const end = await r.exited;
          expect(
            end.code === 0 || end.signal === sig || end.code === 128 + (sig === 'SIGINT' ? 2 : 15),
            `${sig} after ${delay} ms: ${JSON.stringify(end)}\n${r.output()}`,
          ).toBe(true);
          for (let k = 0; k < 30 && alive(mark).length; k++) await new Promise((t) => setTimeout(t, 100));
          expect(alive(mark)).toEqual([]);
          const before = savedAreWhole(dir).map((x) => x.file);
          const report = join(dir, 'reports', 'latest', 'report.json');
          if (existsSync(report)) JSON.parse(readFileSync(report, 'utf8'));
          // the next run: completes, keeps what was saved, saves the rest, leaves no temporary file
          const next = asUser(['verify', '--claims', './c.ts', '--budget', '2'], { cwd: dir });
          expect(next.code, next.stdout + next.stderr).toBe(0);
          const after = savedAreWhole(dir).map((x) => x.file);
          for (const f of before) expect(after).toContain(f);
          expect(after).toHaveLength(3);
          expect(files(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
          const replay = asUser(['replay', '--claims', './c.ts'], { cwd: dir });
          expect(replay.code, replay.stderr).toBe(0);
          expect(replay.stdout.match(/^ok /gm)).toHaveLength(3);
        },
      ),
      { numRuns: 5 },
    );
  }, 400_000);
});

// a stale temporary file of a dead writer is removed by the next write in its folder
// kills: atomicWrite not clearing stale temporary files, or clearing a live writer's
describe('stale temporary files', () => {
  it('the next save removes a dead writer’s temporary file and keeps a live one’s', async () => {
    const { atomicWrite } = await import('../src/store/atomic.js');
    const dir = project();
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((done) => dead.on('exit', () => done(dead.pid!)));
    writeFileSync(join(dir, `.x.json.tmp-${deadPid}-abcdef.json`), '{"trunc');
    writeFileSync(join(dir, `.y.json.tmp-${process.pid}-abcdef.json`), '{"mine');
    atomicWrite(join(dir, 'z.json'), '{}\n');
    expect(readFileSync(join(dir, 'z.json'), 'utf8')).toBe('{}\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([`.y.json.tmp-${process.pid}-abcdef.json`]);
  });
});
