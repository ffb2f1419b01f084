import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runClaim, PROFILES, claims, type Claim, type Json } from '../src/claims/index.js';
import { FORMAT, listCounterexamples, writeCounterexample, type Counterexample, repoRoot } from '../src/store/counterexamples.js';

const quick = PROFILES.quick;
const tmp = () => mkdtempSync(join(tmpdir(), 'spurious-cex-'));

/** A tiny claim for harness tests: "every integer in 0..n is below the limit". */
function toyClaim(expected: 'holds' | 'refuted', limit: number, generatorVersion = 1): Claim<number> {
  return {
    id: `test.toy.below-${limit}`,
    paper: 'test',
    section: 'harness test',
    title: `integers are below ${limit}`,
    statement: `Every generated integer is below ${limit}.`,
    hypotheses: ['an integer in 0..20'],
    arithmetic: 'exact',
    expected,
    generatorVersion,
    runs: 200,
    generate: () => fc.integer({ min: 0, max: 20 }),
    detect: () => null,
    check: (v) => (v < limit ? { ok: true, strength: 'proved' } : { ok: false, strength: 'refuted', claimed: `${v} < ${limit}`, computed: `${v} ≥ ${limit}`, evidence: { v } }),
    encode: (v) => v,
    decode: (j: Json) => {
      if (typeof j !== 'number') throw new Error('expected a number');
      return j;
    },
    describe: (v) => String(v),
  };
}

function cexFor(claim: Claim<number>, value: number, over: Partial<Counterexample> = {}): Counterexample {
  return {
    format: FORMAT,
    claim: claim.id,
    packageVersion: '0.0.0',
    generatorVersion: claim.generatorVersion,
    seed: 1,
    path: '0',
    runs: 1,
    shrinks: 0,
    value,
    failure: { strength: 'refuted', claimed: 'x', computed: 'y', evidence: null },
    statement: claim.statement,
    found: new Date().toISOString(),
    ...over,
  };
}

describe('counterexample files', () => {
  it('a found counterexample is saved once, replays by value, and regenerates from its seed and path', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    const first = runClaim(claim, { profile: quick, dir });
    expect(first.ok).toBe(true);
    expect(first.verdict).toBe('refuted');
    const files = listCounterexamples(dir, claim.id);
    expect(files).toHaveLength(1);
    expect(files[0].ok && files[0].cex.value).toBe(10); // shrunk to the smallest failing integer
    const second = runClaim(claim, { profile: quick, dir });
    expect(second.replays).toEqual([expect.objectContaining({ stillFails: true, regenerated: true })]);
    expect(listCounterexamples(dir, claim.id)).toHaveLength(1); // deduplicated
  });

  it('nothing is overwritten: an identical value keeps the first file', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    const a = writeCounterexample(cexFor(claim, 12, { found: '2020-01-01T00:00:00.000Z' }), dir);
    const b = writeCounterexample(cexFor(claim, 12, { found: '2030-01-01T00:00:00.000Z' }), dir);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.file).toBe(a.file);
    expect(readFileSync(a.file, 'utf8')).toContain('2020-01-01');
  });

  it('malformed and hand-edited files give a clear error naming the file and the field; the others still replay', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    const good = writeCounterexample(cexFor(claim, 15), dir).file;
    const folder = join(dir, claim.id);
    writeFileSync(join(folder, 'bad-seed.json'), JSON.stringify({ ...cexFor(claim, 16), seed: 'abc' }));
    writeFileSync(join(folder, 'broken.json'), '{ "format": ');
    writeFileSync(join(folder, 'bad-value.json'), JSON.stringify(cexFor(claim, 'x' as unknown as number)));
    const list = listCounterexamples(dir, claim.id);
    const errs = list.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error));
    expect(errs.find((e) => e.includes('bad-seed.json'))).toMatch(/bad-seed\.json: field "seed": /);
    expect(errs.find((e) => e.includes('broken.json'))).toMatch(/broken\.json: not valid JSON/);
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.ok).toBe(false); // unreadable files are reported, not ignored
    expect(r.summary).toMatch(/bad-value\.json: field "value": expected a number/);
    expect(r.replays.find((x) => x.file === good)?.stillFails).toBe(true); // the good one still replays
  });

  it('several processes saving the same counterexample at once produce one file and no temporary files', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    const script = join(dir, 'write.ts');
    writeFileSync(script, `import { writeCounterexample } from ${JSON.stringify(join(repoRoot(), 'src/store/counterexamples.ts'))};\nconst cex = JSON.parse(process.argv[2]);\nconst r = writeCounterexample(cex, process.argv[3]);\nconsole.log(r.created ? 'created' : 'exists');\n`);
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const payload = JSON.stringify(cexFor(claim, 13));
    // start 4 writers together through a shell so they really overlap
    const cmd = Array.from({ length: 4 }, () => `"${process.execPath}" "${tsx}" "${script}" '${payload}' "${dir}" &`).join(' ') + ' wait';
    const out = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
    expect(out.stdout.match(/created/g)?.length).toBe(1);
    expect(out.stdout.match(/exists/g)?.length).toBe(3);
    expect(readdirSync(join(dir, claim.id))).toHaveLength(1);
  });
});

describe('verdict gating', () => {
  it('a saved counterexample of a holds claim that still fails is a regression', () => {
    const dir = tmp();
    const claim = toyClaim('holds', 30); // the generator never reaches 30 ...
    writeCounterexample(cexFor(claim, 31, { generatorVersion: 0 }), dir); // ... but a saved value does
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.verdict).toBe('refuted');
    expect(r.ok).toBe(false);
  });

  it('a property that throws decides nothing: inconclusive, not ok, nothing saved (also for an expected refutation)', () => {
    const dir = tmp();
    const claim = { ...toyClaim('refuted', 10), check: (v: number) => { if (v > 5) throw new Error('boom'); return { ok: true as const, strength: 'proved' as const }; } };
    const r = runClaim(claim, { profile: quick, dir });
    expect(r.verdict).toBe('inconclusive');
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/threw on a generated instance: boom/);
    expect(listCounterexamples(dir, claim.id)).toHaveLength(0);
  });

  it('a refuted claim with no counterexample found and none saved is not ok', () => {
    const r = runClaim(toyClaim('refuted', 30), { profile: quick, dir: tmp(), save: false });
    expect(r.verdict).toBe('holds');
    expect(r.ok).toBe(false);
  });

  it('a saved counterexample that no longer regenerates from seed and path is reported while the generator version is unchanged', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    writeCounterexample(cexFor(claim, 17, { seed: 5, path: '0' }), dir); // value 17 is not what seed 5 / path 0 gives
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.replays[0]).toMatchObject({ stillFails: true, regenerated: false });
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/no longer regenerate/);
    // after a generator change (new version) regeneration is not expected
    const r2 = runClaim(toyClaim('refuted', 10, 2), { profile: quick, dir, save: false });
    expect(r2.replays[0].regenerated).toBeNull();
  });

  it('a saved value that no longer meets the hypotheses is reported, not counted as a regression', () => {
    const dir = tmp();
    const base = toyClaim('holds', 30);
    const claim = { ...base, detect: (v: number) => (v > 25 ? 'values above 25 are outside the hypotheses now' : null) };
    writeCounterexample(cexFor(claim, 31, { generatorVersion: 0 }), dir);
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.replays[0].outsideHypotheses).toMatch(/outside the hypotheses/);
    expect(r.verdict).toBe('holds');
    expect(r.ok).toBe(true);
    expect(r.summary).toMatch(/no longer meet the hypotheses/);
  });

  it('the committed counterexamples all validate and belong to registered claims', () => {
    const files = listCounterexamples(join(repoRoot(), 'counterexamples'));
    for (const f of files) {
      expect(f.ok, f.ok ? '' : f.error).toBe(true);
      if (f.ok) expect(claims.some((c) => c.id === f.cex.claim)).toBe(true);
    }
  });
});
