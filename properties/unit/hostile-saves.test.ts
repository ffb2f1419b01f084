// Hostile saved counterexamples (issue 14, defect 1 and its acceptance test): fast-check makes one
// bad file (truncated JSON, a field of the wrong type, "p/q" with q = 0, a huge numerator, θ of the
// wrong length, an unknown claim id, a file in another claim's folder) among the valid saved files
// of several claims; `spurious verify` replays every valid file, names the bad one exactly once with
// its reason, decides every other claim, writes the report and exits 2. The same in `replay`.
// In-process (the CLI's `main`) for speed; cli-contract.test.ts runs the real command over all claims.
//
// Mutations killed: `claim.detect()` called outside the try (the run stops: no report, no exit
// code); an unreadable file dropped silently (not named) or named twice (in the claim's summary as
// well); an unreadable file still counted among the replays; exit code 1 (or 0) for unreadable
// input; a missing folder check in `replay <file>`; no digit limit (a huge numerator replays as a
// failure that does not regenerate, exit 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchClaims } from '../../src/claims/registry.js';
import { MAX_DIGITS } from '../../src/claims/schema.js';
import { inProcess, root } from '../helpers/cli.js';

const committed = join(root, 'counterexamples');

// Claims with committed counterexamples whose replay and one search run are fast, and two that hold.
const CLAIMS = [
  'control.*',
  'he2020.control.*',
  'he2020.corollary1.*',
  'he2020.lemma1.boundary-nondifferentiable',
  'he2020.theorem3.same-q',
  'cnn.lemma2.threshold*',
  'cnn.lemma3.*',
  'he2020.lemma4.linear-fit',
];
const GLOBS = CLAIMS.join(',');
const selected = matchClaims(GLOBS).map((c) => c.id);
const globRe = new RegExp(`^(${CLAIMS.map((g) => g.replace(/[.]/g, '\\.').replace(/\*/g, '.*')).join('|')})$`);
const folders = readdirSync(committed).filter((f) => globRe.test(f));
const validFiles = folders.flatMap((f) =>
  readdirSync(join(committed, f))
    .filter((n) => n.endsWith('.json'))
    .map((n) => ({ folder: f, name: n, text: readFileSync(join(committed, f, n), 'utf8') })),
);

type J = null | boolean | number | string | J[] | { [k: string]: J };
type Path = (string | number)[];

/** Every node under `j` (containers and leaves), as paths from j. */
function nodes(j: J, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(j)) return here.concat(j.flatMap((x, i) => nodes(x, [...at, i])));
  if (j && typeof j === 'object') return here.concat(Object.entries(j).flatMap(([k, x]) => nodes(x, [...at, k])));
  return here;
}
const getAt = (j: J, p: Path): J => p.reduce<J>((x, k) => (x as Record<string | number, J>)[k], j);
function setAt(j: J, p: Path, v: J): void {
  const parent = getAt(j, p.slice(0, -1)) as Record<string | number, J>;
  parent[p[p.length - 1]] = v;
}
const isRational = (x: J) => typeof x === 'string' && /^-?\d+(\/\d+)?$/.test(x);

/** Values of another JSON type than x that no codec can read in its place (a number is read as a rational). */
function otherTypes(x: J): J[] {
  if (typeof x === 'string') return [true, null, {}, [[]]];
  if (typeof x === 'number') return ['x', false, null, {}, [[]]];
  if (typeof x === 'boolean') return ['x', null, {}, [[]]];
  if (Array.isArray(x)) return [{ a: 1 }, 'x', true, null];
  if (x && typeof x === 'object') return [[[]], 'x', true, null];
  return ['x', {}, [[]]];
}

interface Bad {
  folder: string;
  name: string;
  text: string;
  /** what the reason must say */
  reason: RegExp;
  kind: string;
}

const TOP_FIELDS = ['format', 'claim', 'statement', 'seed', 'path', 'runs', 'shrinks', 'generatorVersion', 'found'];

/** One hostile file, made from a valid one. */
const hostile: fc.Arbitrary<Bad> = fc
  .record({
    src: fc.constantFrom(...validFiles),
    other: fc.constantFrom(...folders),
    kind: fc.constantFrom('truncated', 'wrong type', 'q = 0', 'huge', 'theta length', 'unknown claim', 'wrong folder'),
    pick: fc.nat(),
    pick2: fc.nat(),
    digits: fc.integer({ min: MAX_DIGITS + 1, max: 4 * MAX_DIGITS }),
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ src, other, kind, pick, pick2, digits, cut }): Bad => {
    const j = JSON.parse(src.text) as { [k: string]: J };
    const name = `bad-${pick % 1000}.json`;
    const at = (reason: RegExp, folder = src.folder): Bad => ({
      folder,
      name,
      text: JSON.stringify(j, null, 2),
      reason,
      kind,
    });
    const value = j.value;
    const valueNodes = nodes(value).filter((p) => p.length > 0);
    const rationals = valueNodes.filter((p) => isRational(getAt(value, p)));
    const thetas = valueNodes.filter((p) => /^theta/.test(String(p[p.length - 1])) && Array.isArray(getAt(value, p)));
    switch (kind) {
      case 'truncated': {
        const end = src.text.lastIndexOf('}'); // a prefix without the closing brace is never valid JSON
        return { ...at(/^not valid JSON/), text: src.text.slice(0, Math.max(1, Math.floor(cut * end))) };
      }
      case 'q = 0':
      case 'huge':
        if (rationals.length) {
          const p = rationals[pick % rationals.length];
          setAt(value, ['value', ...p].slice(1), kind === 'q = 0' ? `${pick2 % 7}/0` : '1'.padEnd(digits, '7'));
          return at(
            kind === 'q = 0' ? /the denominator is zero/ : new RegExp(`${digits} digits .*at most ${MAX_DIGITS}`),
          );
        }
        break;
      case 'theta length':
        if (thetas.length) {
          const p = thetas[pick % thetas.length];
          const theta = getAt(value, p) as J[];
          if (pick2 % 2 === 0 && theta.length > 1) theta.pop();
          else theta.push('1/2');
          return at(/θ has \d+ entries but the network has \d+ parameters/);
        }
        break;
      case 'unknown claim':
        j.claim = `nosuch.claim-${pick % 100}`;
        return at(/field "claim": "nosuch\.claim-\d+" does not match its folder/);
      case 'wrong folder':
        if (other !== src.folder) return at(/field "claim": ".*" does not match its folder/, other);
        break;
    }
    // a field of the wrong type: anywhere in the value, or a top-level field
    const targets: Path[] = [...valueNodes.map((p) => ['value', ...p]), ...TOP_FIELDS.map((f) => [f])];
    const p = targets[pick % targets.length];
    const choices = otherTypes(getAt(j, p));
    setAt(j, p, choices[pick2 % choices.length]);
    return { ...at(p[0] === 'value' ? /^field "value"|threw/ : new RegExp(`^field "${p[0]}"`)), kind: 'wrong type' };
  });

/** A fresh counterexamples folder with every valid file of the chosen claims, and `bad` among them. */
function savedWith(bad: Bad): string {
  const dir = mkdtempSync(join(tmpdir(), 'spurious-hostile-'));
  for (const f of folders) cpSync(join(committed, f), join(dir, f), { recursive: true });
  mkdirSync(join(dir, bad.folder), { recursive: true });
  writeFileSync(join(dir, bad.folder, bad.name), bad.text);
  return dir;
}

const count = (s: string, sub: string) => s.split(sub).length - 1;

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'spurious-hostile-project-')); // its own folder, so the report is written there
  writeFileSync(join(project, 'package.json'), '{"name":"hostile","private":true}');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('hostile saved counterexamples', () => {
  it('the valid files to mix with cover several claims', () => {
    expect(new Set(validFiles.map((f) => f.folder)).size).toBeGreaterThanOrEqual(10);
  });

  it('verify: the bad file is named once with its reason; every valid file replays, every claim is decided, the report is written, exit 2', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (bad) => {
        const dir = savedWith(bad);
        rmSync(join(project, 'reports'), { recursive: true, force: true });
        const r = await inProcess(['verify', '--claim', GLOBS, '--runs', '1', '--no-save'], {
          cwd: project,
          env: { SPURIOUS_COUNTEREXAMPLES: dir },
        });
        const shown = `${dir}/${bad.folder}/${bad.name}`;
        const line = r.stdout.split('\n').find((l) => l.startsWith(`unreadable saved counterexample ${shown}: `));
        expect(line, `${bad.kind}: ${r.stdout}`).toBeDefined();
        expect(line!.slice(`unreadable saved counterexample ${shown}: `.length)).toMatch(bad.reason);
        expect(count(r.stdout, bad.name), r.stdout).toBe(1); // named once, nowhere else
        expect(r.stdout.match(/^unreadable saved counterexample /gm), r.stdout).toHaveLength(1); // and no other file is
        expect(r.code).toBe(2);
        const report = JSON.parse(readFileSync(join(project, 'reports/latest/report.json'), 'utf8')) as {
          claims: { id: string; verdict: string; ok: boolean; replays: { file: string }[] }[];
        };
        // every claim decided, every valid file replayed (and only those)
        const ids = report.claims.map((c) => c.id);
        expect(ids.sort()).toEqual(selected.sort());
        for (const c of report.claims) {
          expect(r.stdout).toMatch(new RegExp(`^\\[\\d+/\\d+\\] ${c.id.replace(/\./g, '\\.')}: (holds|refuted)`, 'm'));
          const expected = validFiles
            .filter((f) => f.folder === c.id && !(bad.folder === c.id && bad.name === f.name))
            .map((f) => `${dir}/${f.folder}/${f.name}`);
          expect(c.replays.map((p) => p.file).sort()).toEqual(expected.sort());
        }
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 10 },
    );
  }, 120_000);

  it('replay: the same one line for the bad file, the others replay, a totals line, exit 2', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (bad) => {
        const dir = savedWith(bad);
        const r = await inProcess(['replay'], { cwd: project, env: { SPURIOUS_COUNTEREXAMPLES: dir } });
        const shown = `${dir}/${bad.folder}/${bad.name}`;
        const line = r.stdout.split('\n').find((l) => l.startsWith(`unreadable saved counterexample ${shown}: `));
        expect(line, `${bad.kind}: ${r.stdout}`).toBeDefined();
        expect(line!.slice(`unreadable saved counterexample ${shown}: `.length)).toMatch(bad.reason);
        expect(count(r.stdout, bad.name)).toBe(1);
        expect(r.stdout).toContain(
          `\n${validFiles.length + 1} saved counterexamples: ${validFiles.length} ok, 0 not as expected, 0 skipped (outside the hypotheses), 1 unreadable.\n`,
        );
        expect(r.code).toBe(2);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
