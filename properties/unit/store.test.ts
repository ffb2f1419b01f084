import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { refreshOne, replayOne, runClaim, PROFILES, claims, type Claim, type Json } from '../../src/claims/index.js';
import {
  FORMAT,
  listCounterexamples,
  readCounterexample,
  writeCounterexample,
  type Counterexample,
  repoRoot,
} from '../../src/store/counterexamples.js';

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
    check: (v) =>
      v < limit
        ? { ok: true, strength: 'proved' }
        : { ok: false, strength: 'refuted', claimed: `${v} < ${limit}`, computed: `${v} ≥ ${limit}`, evidence: { v } },
    encode: (v) => v,
    decode: (j: Json) => {
      if (typeof j !== 'number') throw new Error('expected a number');
      return j;
    },
    describe: (v) => String(v),
  };
}

/** A saved counterexample of `value`; its explanation is the one the claim computes (so only what a test overrides differs). */
function cexFor(claim: Claim<number>, value: number, over: Partial<Counterexample> = {}): Counterexample {
  const o = typeof value === 'number' ? claim.check(value) : null;
  const failure =
    o && !o.ok
      ? { strength: o.strength, claimed: o.claimed, computed: o.computed, evidence: o.evidence }
      : { strength: 'refuted' as const, claimed: 'x', computed: 'y', evidence: null };
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
    failure,
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
    // unreadable files are set apart and named with their reason, not ignored; the good one still replays
    expect(r.unreadable.map((u) => u.file.split('/').pop()).sort()).toEqual([
      'bad-seed.json',
      'bad-value.json',
      'broken.json',
    ]);
    expect(r.unreadable.find((u) => u.file.endsWith('bad-value.json'))?.reason).toBe(
      'field "value": expected a number',
    );
    expect(r.replays.map((x) => x.file)).toEqual([good]);
    expect(r.replays[0].stillFails).toBe(true);
  });

  it('several processes saving the same counterexample at once produce one file and no temporary files', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    const script = join(dir, 'write.ts');
    writeFileSync(
      script,
      `import { writeCounterexample } from ${JSON.stringify(join(repoRoot(), 'src/store/counterexamples.ts'))};\nconst cex = JSON.parse(process.argv[2]);\nconst r = writeCounterexample(cex, process.argv[3]);\nconsole.log(r.created ? 'created' : 'exists');\n`,
    );
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const payload = JSON.stringify(cexFor(claim, 13));
    // start 4 writers together through a shell so they really overlap
    const cmd =
      Array.from({ length: 4 }, () => `"${process.execPath}" "${tsx}" "${script}" '${payload}' "${dir}" &`).join(' ') +
      ' wait';
    const out = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
    expect(out.stdout.match(/created/g)?.length).toBe(1);
    expect(out.stdout.match(/exists/g)?.length).toBe(3);
    expect(readdirSync(join(dir, claim.id))).toHaveLength(1);
  });
});

// The ok gate of runClaim (src/claims/runner.ts):
//   ok = !crashed && notRegenerated.length === 0 &&
//        mismatched.length === 0 && !heavyRejection &&
//        (expected === 'holds' ? verdict === 'holds'
//                              : verdict === 'refuted' && (found !== null || failingReplays.length > 0))
// Each test below says which mutation of that expression it kills (a term
// deleted, i.e. replaced by true, or negated). Three deletions are equivalent
// mutants and cannot be killed by any test: `!crashed` alone (a crash always
// gives verdict 'inconclusive', which neither branch accepts), and in the
// refuted branch either `verdict === 'refuted'` alone or the group
// `(found !== null || failingReplays.length > 0)` as a whole (with no crash,
// found or a failing replay is exactly what makes the verdict 'refuted').
// Deleting `!crashed` and `verdict === 'refuted'` together is killed (see 'a
// property that throws ... even with a saved counterexample'); each disjunct
// of the group is killed on its own. The `mismatched` term is pinned in
// 'stored explanations' below.
describe('verdict gating', () => {
  // Kills negating any conjunct (`crashed`,
  // `notRegenerated.length !== 0`, `mismatched.length !== 0`, `heavyRejection`),
  // negating `verdict === 'holds'`, and negating `claim.expected === 'holds'`.
  it('a holds claim that holds is ok', () => {
    const r = runClaim(toyClaim('holds', 30), { profile: quick, dir: tmp(), save: false });
    expect(r.verdict).toBe('holds');
    expect(r.runs).toBeGreaterThan(0);
    expect(r.rejected).toBe(0);
    expect(r.ok).toBe(true);
  });

  // Kills deleting `verdict === 'holds'` (the holds branch would accept any verdict).
  it('a holds claim that fails under the search is refuted and not ok', () => {
    const r = runClaim(toyClaim('holds', 10), { profile: quick, dir: tmp(), save: false });
    expect(r.verdict).toBe('refuted');
    expect(r.ok).toBe(false);
  });

  // Kills deleting `verdict === 'holds'` through a saved file: the search
  // alone would say 'holds', the saved value that still fails makes it refuted.
  it('a saved counterexample of a holds claim that still fails is a regression', () => {
    const dir = tmp();
    const claim = toyClaim('holds', 30); // the generator never reaches 30 ...
    writeCounterexample(cexFor(claim, 31, { generatorVersion: 0 }), dir); // ... but a saved value does
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.verdict).toBe('refuted');
    expect(r.ok).toBe(false);
  });

  // Kills deleting `found !== null` (nothing is saved before the run, so only
  // the new counterexample can make it ok) and negating it, and negating
  // `verdict === 'refuted'`.
  it('a refuted claim refuted by the search (nothing saved before) is ok', () => {
    const r = runClaim(toyClaim('refuted', 10), { profile: quick, dir: tmp(), save: false });
    expect(r.replays).toEqual([]);
    expect(r.verdict).toBe('refuted');
    expect(r.ok).toBe(true);
  });

  // Kills replacing the whole refuted branch by true (deleting both
  // `verdict === 'refuted'` and the found/failing test) and replacing it by
  // `verdict !== 'inconclusive'`.
  it('a refuted claim with no counterexample found and none saved is not ok', () => {
    const r = runClaim(toyClaim('refuted', 30), { profile: quick, dir: tmp(), save: false });
    expect(r.verdict).toBe('holds');
    expect(r.ok).toBe(false);
  });

  // Kills deleting `failingReplays.length > 0` and negating it: the search
  // finds nothing (the generator never reaches 30), only the saved file refutes.
  it('a refuted claim whose search finds nothing is ok when a saved counterexample still fails', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 30);
    writeCounterexample(cexFor(claim, 31, { generatorVersion: 0 }), dir);
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.replays).toEqual([expect.objectContaining({ stillFails: true, regenerated: null })]);
    expect(r.replays[0].explanationMismatch).toBeUndefined();
    expect(r.verdict).toBe('refuted');
    expect(r.ok).toBe(true);
    expect(r.summary).toMatch(/1 saved counterexample still fails the property/);
  });

  // Both expectations: inconclusive and not ok. (Deleting `!crashed` alone is
  // an equivalent mutant, see above; these pin the crash's verdict.)
  it.each(['holds', 'refuted'] as const)(
    'a property that throws decides nothing: inconclusive, not ok, nothing saved (expected %s)',
    (expected) => {
      const dir = tmp();
      const claim = {
        ...toyClaim(expected, 10),
        check: (v: number) => {
          if (v > 5) throw new Error('boom');
          return { ok: true as const, strength: 'proved' as const };
        },
      };
      const r = runClaim(claim, { profile: quick, dir });
      expect(r.verdict).toBe('inconclusive');
      expect(r.strength).toBe('inconclusive');
      expect(r.ok).toBe(false);
      expect(r.summary).toMatch(/threw on a generated instance: boom/);
      expect(listCounterexamples(dir, claim.id)).toHaveLength(0);
    },
  );

  // Kills deleting `!crashed` together with `verdict === 'refuted'`: a saved
  // value still fails (failingReplays > 0) but the search crashed.
  it('a property that throws decides nothing even with a saved counterexample that still fails', () => {
    const dir = tmp();
    const base = toyClaim('refuted', 30);
    writeCounterexample(cexFor(base, 31, { generatorVersion: 0 }), dir);
    const claim = {
      ...base,
      check: (v: number) => {
        if (v > 5 && v <= 20) throw new Error('boom');
        return base.check(v);
      },
    };
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.replays).toEqual([expect.objectContaining({ stillFails: true })]);
    expect(r.verdict).toBe('inconclusive');
    expect(r.ok).toBe(false);
  });

  // An unreadable file is named in `unreadable` (the CLI exits 2 for it) and
  // nowhere else; the claim is decided without it. Kills dropping the file
  // (nothing in `unreadable`) and counting it among the replays.
  it.each([
    ['not JSON', '{ "format": ', /^not valid JSON/],
    [
      'a value the claim cannot decode',
      JSON.stringify(cexFor(toyClaim('holds', 30), 'x' as unknown as number)),
      /^field "value": expected a number$/,
    ],
    [
      'a value that makes the detector throw',
      JSON.stringify(cexFor(toyClaim('holds', 30), -1)),
      /^the hypothesis detector threw on the saved value: negative$/,
    ],
    [
      'a value that makes the property throw',
      JSON.stringify(cexFor(toyClaim('holds', 30), 1000)),
      /^the property threw on the saved value: too large$/,
    ],
  ])('an unreadable saved file (%s) is named once with its reason; the claim is still decided', (_what, text, msg) => {
    const dir = tmp();
    const base = toyClaim('holds', 30);
    const claim = {
      ...base,
      detect: (v: number) => {
        if (v < 0) throw new Error('negative');
        return null;
      },
      check: (v: number) => {
        if (v > 100) throw new Error('too large');
        return base.check(v);
      },
    };
    mkdirSync(join(dir, claim.id), { recursive: true });
    writeFileSync(join(dir, claim.id, 'broken.json'), text);
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.verdict).toBe('holds');
    expect(r.ok).toBe(true);
    expect(r.replays).toEqual([]);
    expect(r.unreadable).toEqual([
      { file: expect.stringMatching(/broken\.json$/), reason: expect.stringMatching(msg) },
    ]);
    expect(r.summary).not.toMatch(/broken\.json/);
  });

  // Kills deleting `notRegenerated.length === 0`: the value still fails with
  // its own explanation and the search refutes too; only regeneration fails.
  it('a saved counterexample that no longer regenerates from seed and path is reported while the generator version is unchanged', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    writeCounterexample(cexFor(claim, 17, { seed: 5, path: '0' }), dir); // value 17 is not what seed 5 / path 0 gives
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.replays[0]).toMatchObject({ stillFails: true, regenerated: false });
    expect(r.replays[0].explanationMismatch).toBeUndefined();
    expect(r.verdict).toBe('refuted');
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/no longer regenerate/);
    // after a generator change (new version) regeneration is not expected
    const r2 = runClaim(toyClaim('refuted', 10, 2), { profile: quick, dir, save: false });
    expect(r2.replays[0].regenerated).toBeNull();
    expect(r2.ok).toBe(true);
  });

  // Kills deleting `!heavyRejection`: the claim holds on every accepted
  // instance, but the detector rejects most of what the generator yields.
  it('a detector that rejects more instances than it accepts makes a run not ok even when the verdict is as expected', () => {
    const claim = { ...toyClaim('holds', 30), detect: (v: number) => (v < 15 ? 'below 15' : null) };
    const r = runClaim(claim, { profile: quick, dir: tmp(), save: false });
    expect(r.verdict).toBe('holds');
    expect(r.runs).toBeGreaterThan(0);
    expect(r.rejected).toBeGreaterThan(r.runs);
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/rejects more instances than it yields/);
  });

  // Kills judging the generator by every rejection, shrink candidates included: under thorough
  // with this seed, Lemma 9 case 2 is refuted on its first instance (no rejection while searching)
  // and shrinking then tries 29 values outside the hypotheses against 23 checks.
  it('rejections while shrinking do not count against the generator', () => {
    const claim = claims.find((c) => c.id === 'cnn.lemma9.literal-case2')!;
    const r = runClaim(claim, { profile: PROFILES.thorough, seed: 1167607791, dir: tmp(), save: false });
    expect(r.verdict).toBe('refuted');
    expect(r.rejected).toBeGreaterThan(r.runs); // all of them from shrinking
    expect(r.ok).toBe(true);
    expect(r.summary).not.toMatch(/rejects more instances than it yields/);
    expect(r.summary).toContain(`rejected ${r.rejected} generated values, ${r.rejected} of them while shrinking`);
  });

  // Kills judging the generator on a handful of draws: under thorough with this seed the claim is refuted on
  // its first instance after 3 rejections (4 draws in all), which once made a correct run "not as expected".
  it('a refutation found after a few rejections says nothing against the generator', () => {
    const claim = claims.find((c) => c.id === 'ding2019.phase.tanh.n3')!;
    const r = runClaim(claim, { profile: PROFILES.thorough, seed: 510952925, dir: tmp(), save: false });
    expect(r.verdict).toBe('refuted');
    expect(r.rejected).toBeGreaterThan(0);
    expect(r.ok).toBe(true);
    expect(r.summary).not.toMatch(/rejects more instances than it yields/);
  });

  // runs === 0 (everything rejected). fast-check fails any run in which no
  // instance passed its precondition, by too many skips or by the time
  // budget, so the runner's error-message branch decides these (its separate
  // `runs === 0` branch is not reached). Two gate terms are false here (verdict
  // not as expected, and heavy rejection), so deleting either alone survives
  // these two tests; each is killed by its own test above. What these kill:
  // deleting the error-message branch together with the `runs === 0` branch
  // (the verdict would be 'holds'), and a wrong reason in the summary.
  it.each(['holds', 'refuted'] as const)(
    'when the detector rejects everything until the budget runs out: inconclusive, not ok (expected %s)',
    (expected) => {
      const claim = { ...toyClaim(expected, 30), detect: () => 'always rejected' };
      const r = runClaim(claim, { profile: { ...quick, budgetMs: 100 }, dir: tmp(), save: false });
      expect(r.runs).toBe(0);
      expect(r.rejected).toBeGreaterThan(0);
      expect(r.verdict).toBe('inconclusive');
      expect(r.strength).toBe('inconclusive');
      expect(r.ok).toBe(false);
      expect(r.summary).toMatch(/budget ran out before any generated instance met the hypotheses/);
    },
  );

  it('when fast-check gives up on an all-rejecting detector (too many skips): inconclusive, not ok', () => {
    const claim = { ...toyClaim('holds', 30), detect: () => 'always rejected', runs: 1 };
    const r = runClaim(claim, { profile: quick, dir: tmp(), save: false });
    expect(r.runs).toBe(0);
    expect(r.verdict).toBe('inconclusive');
    expect(r.ok).toBe(false);
    expect(r.summary).toMatch(/too many rejected instances/);
  });

  it('a saved value that no longer meets the hypotheses is reported, not counted as a regression', () => {
    const dir = tmp();
    const base = toyClaim('holds', 30);
    const claim = {
      ...base,
      detect: (v: number) => (v > 25 ? 'values above 25 are outside the hypotheses now' : null),
    };
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

describe('stored explanations', () => {
  // Kills deleting `mismatched.length === 0` from the ok gate: the value still
  // fails (the search refutes too); only the stored explanation is wrong.
  it.each([
    [
      'computed',
      (c: Counterexample) => ({ ...c, failure: { ...c.failure, computed: '12 ≥ 99 (edited)' } }),
      /^failure\.computed: stored "12 ≥ 99 \(edited\)", recomputed "12 ≥ 10"$/,
    ],
    [
      'claimed',
      (c: Counterexample) => ({ ...c, failure: { ...c.failure, claimed: '12 < 99' } }),
      /^failure\.claimed: stored "12 < 99", recomputed "12 < 10"$/,
    ],
    [
      'strength',
      (c: Counterexample) => ({ ...c, failure: { ...c.failure, strength: 'evidence' as const } }),
      /^failure\.strength: stored "evidence", recomputed "refuted"$/,
    ],
    [
      'evidence',
      (c: Counterexample) => ({ ...c, failure: { ...c.failure, evidence: { v: 13 } } }),
      /^failure\.evidence: stored "\{\\"v\\":13\}", recomputed "\{\\"v\\":12\}"$/,
    ],
  ])(
    'a saved counterexample whose stored failure.%s was edited is reported and makes the run not ok',
    (_field, edit, msg) => {
      const dir = tmp();
      const claim = toyClaim('refuted', 10);
      const honest = cexFor(claim, 12, { generatorVersion: 0 });
      const file = writeCounterexample(edit(honest), dir).file;
      const saved = readCounterexample(file);
      if (!saved.ok) throw new Error(saved.error);
      const rp = replayOne(claim, saved.cex, file);
      expect(rp).toMatchObject({ stillFails: true, regenerated: null });
      expect(rp.explanationMismatch).toMatch(msg);
      const r = runClaim(claim, { profile: quick, dir, save: false });
      expect(r.verdict).toBe('refuted');
      expect(r.ok).toBe(false);
      expect(r.summary).toMatch(/stored explanation is not what the property computes.*--refresh/);
      // the unedited file replays clean
      expect(replayOne(claim, honest, file).explanationMismatch).toBeUndefined();
    },
  );

  it('a long edited explanation is shown around the first difference, shortened', () => {
    const claim = {
      ...toyClaim('refuted', 10),
      check: (v: number) => ({
        ok: false as const,
        strength: 'refuted' as const,
        claimed: 'c',
        computed: `${'a'.repeat(200)}RIGHT${'b'.repeat(200)}`,
        evidence: null,
      }),
    };
    const cex = cexFor(claim, 12, { generatorVersion: 0 });
    const edited = { ...cex, failure: { ...cex.failure, computed: `${'a'.repeat(200)}WRONG${'b'.repeat(200)}` } };
    const m = replayOne(claim, edited, join(tmp(), 'x.json')).explanationMismatch!;
    expect(m).toMatch(/^failure\.computed: stored "…a+WRONGb+…", recomputed "…a+RIGHTb+…"$/);
    expect(m.length).toBeLessThan(200);
  });

  it('refreshOne rewrites an edited explanation and a stale statement with the recomputed ones, in place; the run is then ok', () => {
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    const honest = cexFor(claim, 12, { generatorVersion: 0 });
    const edited = {
      ...honest,
      statement: 'Older wording.',
      failure: { ...honest.failure, computed: 'edited', evidence: { v: 99 } },
    };
    const file = writeCounterexample(edited, dir).file;
    expect(runClaim(claim, { profile: quick, dir, save: false }).ok).toBe(false);
    const f = refreshOne(claim, edited, file);
    expect(f.refused).toBeUndefined();
    expect(f.changed).toEqual(['failure.computed', 'failure.evidence', 'statement']);
    expect(f.mismatch).toMatch(/^failure\.computed: stored "edited"/);
    expect(readdirSync(join(dir, claim.id))).toEqual([file.split('/').pop()]); // same name, no temporary file left
    const back = readCounterexample(file);
    expect(back.ok && back.cex).toEqual(honest); // every other field kept as it was
    const r = runClaim(claim, { profile: quick, dir, save: false });
    expect(r.replays[0].explanationMismatch).toBeUndefined();
    expect(r.ok).toBe(true);
    // a current file is left as it is
    const again = refreshOne(claim, honest, file);
    expect(again).toEqual({ file: expect.any(String), changed: [] });
  });

  it.each([
    ['whose value no longer fails', toyClaim('refuted', 10), 5, {}, /no longer fails its property/],
    [
      'that does not regenerate from its seed and path',
      toyClaim('refuted', 10),
      17,
      { seed: 5, path: '0' },
      /does not regenerate/,
    ],
    [
      'of a claim expected to hold (a regression)',
      toyClaim('holds', 10),
      12,
      { generatorVersion: 0 },
      /regression to fix/,
    ],
    [
      'whose value no longer meets the hypotheses',
      { ...toyClaim('refuted', 10), detect: (v: number) => (v > 11 ? 'above 11' : null) },
      12,
      { generatorVersion: 0 },
      /no longer meets the claim's hypotheses \(above 11\)/,
    ],
  ] as const)('refreshOne never rewrites a file %s', (_what, claim, value, over, reason) => {
    const dir = tmp();
    const cex = cexFor(claim, value, over);
    const edited = { ...cex, failure: { ...cex.failure, computed: 'edited' } };
    const file = writeCounterexample(edited, dir).file;
    const before = readFileSync(file, 'utf8');
    const f = refreshOne(claim, edited, file);
    expect(f.refused).toMatch(reason);
    expect(f.changed).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refreshOne reports a recomputed explanation that cannot be stored in one line naming the field, and leaves the file alone', () => {
    const dir = tmp();
    const base = toyClaim('refuted', 10);
    const cex = cexFor(base, 12, { generatorVersion: 0 });
    const file = writeCounterexample(cex, dir).file;
    const before = readFileSync(file, 'utf8');
    const claim = {
      ...base,
      check: (v: number) => ({
        ...(base.check(v) as Extract<ReturnType<typeof base.check>, { ok: false }>),
        claimed: '',
      }),
    };
    const f = refreshOne(claim, cex, file);
    expect(f.refused).toMatch(/^could not rewrite the file: field "failure\.claimed": [^\n]+$/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(join(dir, claim.id))).toHaveLength(1);
  });
});

describe('the report shows what the property computes now', () => {
  // kills: the report printing a saved file's stored (possibly hand-edited) explanation
  it('an edited saved explanation appears in the report as recomputed, never as edited', async () => {
    const { buildReport } = await import('../../src/report/report.js');
    const dir = tmp();
    const claim = toyClaim('refuted', 10);
    const honest = cexFor(claim, 12, { generatorVersion: 0 });
    writeCounterexample({ ...honest, failure: { ...honest.failure, computed: 'edited by hand' } }, dir);
    const before = process.env.SPURIOUS_COUNTEREXAMPLES;
    process.env.SPURIOUS_COUNTEREXAMPLES = dir;
    try {
      const r = runClaim(claim, { profile: quick, dir, save: false });
      expect(r.ok).toBe(false); // the mismatch gates the run
      const rep = await buildReport([r], 'quick');
      const f = rep.claims[0].failures;
      expect(f).toHaveLength(1);
      expect(f[0].computed).toBe('12 ≥ 10');
    } finally {
      if (before === undefined) delete process.env.SPURIOUS_COUNTEREXAMPLES;
      else process.env.SPURIOUS_COUNTEREXAMPLES = before;
    }
  });
});
