// A researcher's own claims, run by the same CLI from their own folder: counterexamples and the
// report land in that folder, replay and show accept their files, and a bad claims module is
// one line naming the problem (exit 2), never a stack trace.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../src/store/counterexamples.js';

const root = repoRoot();
const api = join(root, 'src/index.ts');

/** A fresh project folder (with a package.json, as npm init makes) holding the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'spurious-own-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-research', type: 'module', private: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const cli = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/spurious.js'), ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, SPURIOUS_PROFILE: 'quick', SPURIOUS_COUNTEREXAMPLES: '' },
    timeout: 120_000,
  });

// "every integer is below 10" (false, and expected so) and "every integer is below 100" (true)
const claimsModule = `
import { claimsOf, fc, instanceKind, proved, refuted, z } from ${JSON.stringify(api)};
const ints = instanceKind({ generate: () => fc.integer({ min: 0, max: 50 }), codec: z.number().int(), describe: (v) => String(v) });
const mine = claimsOf({ paper: 'my-notes.md', runs: 50 });
const below = (limit, expected) => mine.claim({
  id: 'mine.below-' + limit, section: '§1', title: 'integers are below ' + limit, statement: 'Every integer drawn is below ' + limit + '.',
  instance: ints, expected,
  check: (v) => (v < limit ? proved() : refuted(v + ' < ' + limit, v + ' ≥ ' + limit, { v })),
});
export const small = below(10, 'refuted');
export const all = [below(100, 'holds'), small];
export const notAClaim = 42;
`;

describe('your own claims', () => {
  it('verify --claims runs them; the counterexample and the report are saved in the working folder; replay and show accept them', () => {
    const dir = project({ 'my-claims.ts': claimsModule });
    const v = cli(dir, 'verify', '--claims', './my-claims.ts');
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/2\/2 claims as expected/);
    expect(v.stdout).toMatch(/report: reports\/latest\/report\.html/);
    expect(existsSync(join(dir, 'reports/latest/report.html'))).toBe(true);
    const saved = readdirSync(join(dir, 'counterexamples', 'mine.below-10'));
    expect(saved).toHaveLength(1);
    const file = join('counterexamples', 'mine.below-10', saved[0]);
    expect(v.stdout).toContain(`saved to ${file}`);
    const r = cli(dir, 'replay', '--claims', './my-claims.ts');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok {4}counterexamples\/mine\.below-10\//m);
    // without --claims the file names no built-in claim
    const r0 = cli(dir, 'replay');
    expect(r0.status).toBe(2); // unreadable input: the file names no claim it knows
    expect(r0.stdout).toMatch(
      /^unreadable saved counterexample counterexamples\/mine\.below-10\/.*: field "claim": no claim "mine\.below-10" in the built-in registry \(pass your claims module with --claims\)$/m,
    );
    // a spurious.config.* in the folder is found without --claims
    writeFileSync(join(dir, 'spurious.config.mjs'), "export default { claims: './my-claims.ts' };\n");
    const s = cli(dir, 'show', file);
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/What was computed \(exact\):\n {2}10 ≥ 10/);
    expect(cli(dir, 'list').stdout).toMatch(/mine\.below-100/);
    // nothing was written into the repository
    expect(existsSync(join(root, 'counterexamples', 'mine.below-10'))).toBe(false);
  }, 240_000);

  it.each([
    [
      'a module that throws',
      'throw new Error("boom: my bug");',
      /^spurious: \.\/bad\.ts could not be loaded: boom: my bug\n$/,
    ],
    ['a module that exports no claims', 'export const x = 1;', /^spurious: \.\/bad\.ts exports no claims/],
    [
      'a malformed claim',
      `export const c = { id: 'mine.x', paper: 'p', section: '', title: 't', statement: 's', hypotheses: [], arithmetic: 'exact', expected: 'holds', generatorVersion: 1, generate: () => 1, detect: () => null, check: 'yes', encode: (v) => v, decode: (j) => j, describe: String };`,
      /^spurious: \.\/bad\.ts: export "c": field "check": expected a function\n$/,
    ],
    [
      'two claims with one id',
      `import { claimsOf, fc, instanceKind, proved, z } from ${JSON.stringify(api)};
const k = instanceKind({ generate: () => fc.nat(), codec: z.number(), describe: String });
const p = claimsOf({ paper: 'p' });
const spec = { id: 'mine.same', section: '', title: 't', statement: 's', instance: k, check: () => proved() };
export const a = p.claim(spec); export const b = p.claim(spec);`,
      /^spurious: \.\/bad\.ts: exports "a" and "b" have the same id "mine\.same"\n$/,
    ],
    ['a missing file', null, /^spurious: \.\/bad\.ts: no such file\n$/],
  ])(
    '%s: one line naming the problem, exit 2, no stack trace',
    (_what, text, msg) => {
      const dir = project(text === null ? {} : { 'bad.ts': text });
      const r = cli(dir, 'verify', '--claims', './bad.ts');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    },
    60_000,
  );
});
