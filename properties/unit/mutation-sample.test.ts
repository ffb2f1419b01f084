// npm run mutate's sample (src/mutation/sample.ts, sample-checker.mjs) and its summary (summary.ts): the sample
// is a simple random sample, only its mutants reach the tests, and the score is counted over it alone.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  drawSample,
  forgetUnsampled,
  listMutants,
  mutantKey,
  NOT_SAMPLED,
  reportMutantKey,
  SAMPLE_ENV,
  wilson95,
  writeSample,
} from '../../src/mutation/sample.js';
import { SampleChecker } from '../../src/mutation/sample-checker.mjs';
import { summarise } from '../../src/mutation/summary.js';
import { SCOPES } from '../../src/mutation/scopes.js';
import { globSync } from 'tinyglobby';

const keysArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 40 });

describe('drawSample', () => {
  test.prop([keysArb, fc.nat(50), fc.integer()])(
    'n distinct keys of the population (all when there are n or fewer), the same for the same seed',
    (keys, n, seed) => {
      const s = drawSample(keys, n, seed);
      expect(s.length).toBe(Math.min(n, keys.length));
      expect(new Set(s).size).toBe(s.length);
      for (const k of s) expect(keys).toContain(k);
      expect(drawSample([...keys].reverse(), n, seed)).toEqual(s); // the order of the mutants does not matter
      // a larger sample of the same seed contains the smaller one (ranks, not a fresh draw)
      expect(drawSample(keys, n + 1, seed).slice(0, s.length)).toEqual(s);
    },
  );

  it('draws each key once, even when it is listed twice', () => {
    expect(drawSample(['a', 'a', 'b'], 3, 1).sort()).toEqual(['a', 'b']);
  });

  it('gives every mutant the same chance: each of 20 keys is in about a quarter of 2,000 samples of 5', () => {
    // guards against a draw that favours some keys (sorting by the key, not by its hash; slicing from the end)
    const keys = Array.from({ length: 20 }, (_, i) => `src/x.ts:${i}:0:EqualityOperator:a <= b`);
    const hits = new Map(keys.map((k) => [k, 0]));
    for (let seed = 0; seed < 2000; seed++) for (const k of drawSample(keys, 5, seed)) hits.set(k, hits.get(k)! + 1);
    // 500 expected; binomial sd ≈ 19.4: ±100 is over 5 sd
    for (const h of hits.values()) expect(Math.abs(h - 500)).toBeLessThan(100);
    // and different seeds draw different samples
    expect(drawSample(keys, 5, 1)).not.toEqual(drawSample(keys, 5, 2));
  });
});

describe('mutantKey', () => {
  const m = {
    fileName: '/work/x/.stryker-tmp/sandbox-1/src/linalg/float.ts',
    location: { start: { line: 3, column: 7 }, end: { line: 3, column: 12 } },
    mutatorName: 'EqualityOperator',
    replacement: 'a <= b',
  };
  it('names the file from src/ on, so the sandbox a run works in does not change it', () => {
    expect(mutantKey(m)).toBe('src/linalg/float.ts:3:7-3:12:EqualityOperator:a <= b');
    expect(mutantKey({ ...m, fileName: 'src/linalg/float.ts' })).toBe(mutantKey(m));
    expect(mutantKey({ ...m, fileName: 'C:\\w\\src\\linalg\\float.ts' })).toBe(mutantKey(m));
  });
  it('tells apart mutants at another place or with another change', () => {
    const others = [
      { ...m, replacement: 'a >= b' },
      { ...m, mutatorName: 'ConditionalExpression' },
      { ...m, location: { ...m.location, start: { line: 4, column: 7 } } },
      { ...m, location: { ...m.location, start: { line: 3, column: 8 } } },
      { ...m, location: { ...m.location, end: { line: 3, column: 20 } } }, // a longer expression from the same start
      { ...m, fileName: 'src/linalg/inertia.ts' },
    ];
    expect(new Set([m, ...others].map(mutantKey)).size).toBe(7);
  });
});

describe('listMutants', () => {
  it("lists Stryker's mutants of a file, without the mutators the configuration leaves out", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutants-'));
    const file = join(dir, 'f.ts');
    // nested expressions that start at the same place (a || b, a || b || c) are distinct mutants with distinct keys
    writeFileSync(file, "export const f = (a: number, b: number) => (a < b || b < 0 || a > 9 ? 'lt' : 'ge');\n");
    const all = await listMutants([file], []);
    const some = await listMutants([file], ['StringLiteral']);
    expect(all.some((x) => x.mutatorName === 'StringLiteral')).toBe(true);
    expect(some.some((x) => x.mutatorName === 'StringLiteral')).toBe(false);
    expect(some.length).toBeLessThan(all.length);
    expect(some.map((x) => x.replacement)).toEqual(expect.arrayContaining(['a <= b', 'a >= b']));
    expect(new Set(some.map(mutantKey)).size).toBe(some.length);
  });
});

describe('the sample checker', () => {
  const mutant = (id: string, line: number) => ({
    id,
    fileName: 'src/a.ts',
    location: { start: { line, column: 0 }, end: { line, column: 1 } },
    mutatorName: 'BooleanLiteral',
    replacement: 'false',
  });
  it("lets the sample's mutants through and turns the others away as not sampled", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sample-')), 's.json');
    const ms = [mutant('1', 1), mutant('2', 2), mutant('3', 3)];
    writeSample(path, { seed: 1, population: 3, keys: [mutantKey(ms[1])] });
    const before = process.env[SAMPLE_ENV];
    process.env[SAMPLE_ENV] = path;
    try {
      const c = new SampleChecker();
      await c.init();
      expect(await c.group(ms)).toEqual([['1', '2', '3']]);
      expect(await c.check(ms)).toEqual({
        1: { status: 'compileError', reason: NOT_SAMPLED },
        2: { status: 'passed' },
        3: { status: 'compileError', reason: NOT_SAMPLED },
      });
      delete process.env[SAMPLE_ENV];
      const open = new SampleChecker(); // no sample: every mutant is tested (--all)
      await open.init();
      expect(Object.values(await open.check(ms)).map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    } finally {
      if (before === undefined) delete process.env[SAMPLE_ENV];
      else process.env[SAMPLE_ENV] = before;
    }
  });
});

describe('wilson95', () => {
  it("is Wilson's interval: 8 of 10 gives 0.490–0.943; none and all reach 0 and 1", () => {
    const [lo, hi] = wilson95(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    expect(wilson95(0, 10)[0]).toBe(0);
    expect(wilson95(10, 10)[1]).toBeCloseTo(1, 12);
    expect(wilson95(0, 0)).toEqual([0, 1]);
  });
  test.prop([fc.integer({ min: 1, max: 2000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)))])(
    'holds the observed share, and narrows with more samples',
    ([k, n]) => {
      const [lo, hi] = wilson95(k, n);
      expect(lo).toBeLessThanOrEqual(k / n + 1e-12);
      expect(hi).toBeGreaterThanOrEqual(k / n - 1e-12);
      const [lo4, hi4] = wilson95(4 * k, 4 * n);
      expect(hi4 - lo4).toBeLessThan(hi - lo);
    },
  );
});

describe('the summary', () => {
  // a report's mutants on lines 1, 2, …, with the statuses given; their keys as the sample would hold them
  const FILE = '/x/src/papers/liu1h/cells.ts';
  const mutants = (statuses: [string, string?][]) =>
    statuses.map(([status, statusReason], k) => ({
      mutatorName: 'BooleanLiteral',
      replacement: 'false',
      location: { start: { line: k + 1, column: 1 }, end: { line: k + 1, column: 5 } },
      status,
      statusReason,
    }));
  const keysOf = (file: string, ms: ReturnType<typeof mutants>) => ms.map((m) => reportMutantKey(file, m));
  const write = (path: string, file: string, ms: ReturnType<typeof mutants>) =>
    writeFileSync(path, JSON.stringify({ files: { [file]: { mutants: ms } } }));
  const quiet = { write: () => true };

  it('counts a sample over its sampled mutants only, with its interval, and prefers every-mutant runs that cover all files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutation-'));
    mkdirSync(join(dir, 'sample'));
    mkdirSync(join(dir, 'model'));
    const drawn = mutants([
      ['Killed'],
      ['Killed'],
      ['Timeout'],
      ['Survived'],
      ['NoCoverage'],
      ['Ignored', 'Static mutant (and "ignoreStatic" was enabled)'],
    ]);
    // results Stryker reused from an earlier sample (not in this one), and mutants this run turned away
    const reused = mutants([['Killed'], ['Killed'], ['Killed'], ['Survived']]).map((m) => ({
      ...m,
      location: { ...m.location, start: { ...m.location.start, column: 9 } },
    }));
    const away = mutants([
      ['CompileError', NOT_SAMPLED],
      ['Ignored', 'Ignored because of excluded mutation "Regex"'],
    ]).map((m) => ({ ...m, location: { ...m.location, start: { ...m.location.start, column: 20 } } }));
    writeSample(join(dir, 'sample', 'papers-liu1h.sample.json'), { seed: 3, population: 8, keys: keysOf(FILE, drawn) });
    write(join(dir, 'sample', 'papers-liu1h.json'), FILE, [...drawn, ...reused, ...away]);
    // a partial every-mutant run of src/model (one file of many): the folder has no sample, so it is shown as partial
    write(join(dir, 'model', 'model-loss.json'), 'src/model/loss.ts', mutants([['Killed'], ['Survived']]));
    let printed = '';
    expect(summarise(dir, { write: (t: string) => ((printed += t), true) })).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(s['src/papers/liu1h']).toMatchObject({
      method: 'sample',
      score: 0.6,
      killed: 2,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      errors: 1,
      scored: 5,
      sampled: 6,
      population: 8,
    });
    expect(s['src/papers/liu1h'].interval95).toEqual(wilson95(3, 5).map((x) => Math.round(1e4 * x) / 1e4));
    expect(s['src/model']).toMatchObject({ method: 'all (partial)', score: 0.5, files: 1 });
    expect(s['src/model'].filesInScope).toBeGreaterThan(1);
    expect(printed).toMatch(/src\/papers\/liu1h +60\.0 % killed \(95% interval .*a sample of 6 of 8 mutants/);
  });

  it('leaves out a folder whose sample was drawn after its report (a run stopped part-way)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutation-'));
    mkdirSync(join(dir, 'sample'));
    const ms = mutants([['Killed']]);
    write(join(dir, 'sample', 'papers-liu1h.json'), FILE, ms);
    const later = join(dir, 'sample', 'papers-liu1h.sample.json');
    writeSample(later, { seed: 4, population: 1, keys: keysOf(FILE, ms) });
    const t = new Date(Date.now() + 60_000);
    utimesSync(later, t, t);
    expect(summarise(dir, quiet)).toBe(2); // nothing left to summarise
  });

  it('prefers every-mutant runs that cover each file of the folder; a sample as large as the folder is exact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutation-'));
    mkdirSync(join(dir, 'sample'));
    mkdirSync(join(dir, 'papers-liu1h'));
    const files = globSync(SCOPES.find((x) => x.folder === 'src/papers/liu1h')!.mutate).sort();
    // all but the last file: partial, so the sample decides
    files
      .slice(0, -1)
      .forEach((file, k) => write(join(dir, 'papers-liu1h', `${k}.json`), file, mutants([['Killed'], ['Killed']])));
    const ms = mutants([['Killed'], ['Survived']]);
    write(join(dir, 'sample', 'papers-liu1h.json'), FILE, ms);
    writeSample(join(dir, 'sample', 'papers-liu1h.sample.json'), { seed: 5, population: 2, keys: keysOf(FILE, ms) });
    expect(summarise(dir, quiet)).toBe(0);
    let s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))['src/papers/liu1h'];
    expect(s).toMatchObject({ method: 'all', score: 0.5, sampled: 2, population: 2, seed: 5 }); // the census
    expect(s.interval95).toBeUndefined();
    // the last file too: the every-mutant runs win
    write(join(dir, 'papers-liu1h', 'last.json'), files[files.length - 1], mutants([['Killed'], ['Killed']]));
    expect(summarise(dir, quiet)).toBe(0);
    s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))['src/papers/liu1h'];
    expect(s).toMatchObject({ method: 'all', score: 1, files: files.length, filesInScope: files.length });
  });

  it('leaves out (exit 1) a sampled report without its sample file, or not of its sample', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutation-'));
    mkdirSync(join(dir, 'sample'));
    mkdirSync(join(dir, 'model'));
    write(join(dir, 'model', 'model-loss.json'), 'src/model/loss.ts', mutants([['Killed']]));
    const ms = mutants([['Killed'], ['Survived']]);
    write(join(dir, 'sample', 'papers-liu1h.json'), FILE, ms);
    expect(summarise(dir, quiet)).toBe(1); // no sample file
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))['src/papers/liu1h']).toBeUndefined();
    const other = mutants([['Killed']]).map((m) => ({ ...m, replacement: 'true' }));
    writeSample(join(dir, 'sample', 'papers-liu1h.sample.json'), { seed: 6, population: 9, keys: keysOf(FILE, other) });
    const t = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'sample', 'papers-liu1h.json'), t, t); // the report is newer, but of another sample
    expect(summarise(dir, quiet)).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))['src/papers/liu1h']).toBeUndefined();
  });

  it('exits 2 with one line when there is no report', () => {
    expect(summarise(mkdtempSync(join(tmpdir(), 'mutation-')), quiet)).toBe(2);
  });
});

describe('forgetUnsampled', () => {
  it("drops only the mutants outside the sample from Stryker's incremental file", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'incr-')), 'x.incremental.json');
    writeFileSync(
      path,
      JSON.stringify({
        schemaVersion: '2',
        files: {
          'src/a.ts': {
            mutants: [
              { id: '1', status: 'Killed' },
              { id: '2', status: 'CompileError', statusReason: NOT_SAMPLED },
              { id: '3', status: 'CompileError', statusReason: 'a real compile error' },
            ],
          },
        },
      }),
    );
    forgetUnsampled(path);
    const after = JSON.parse(readFileSync(path, 'utf8'));
    expect(after.schemaVersion).toBe('2');
    expect(after.files['src/a.ts'].mutants.map((m: { id: string }) => m.id)).toEqual(['1', '3']);
    forgetUnsampled(join(tmpdir(), 'no-such-file.json')); // nothing to forget
  });
  it("with the sample about to run, keeps only that sample's results (an earlier sample's would be reused)", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'incr-')), 'x.incremental.json');
    const m = (line: number, status: string) => ({
      mutatorName: 'EqualityOperator',
      replacement: 'a <= b',
      location: { start: { line, column: 3 }, end: { line, column: 9 } },
      status,
    });
    writeFileSync(path, JSON.stringify({ files: { 'src/a.ts': { mutants: [m(1, 'Killed'), m(2, 'Survived')] } } }));
    forgetUnsampled(path, new Set([reportMutantKey('src/a.ts', m(2, 'Survived'))]));
    const kept = JSON.parse(readFileSync(path, 'utf8')).files['src/a.ts'].mutants;
    expect(kept.map((x: { status: string }) => x.status)).toEqual(['Survived']);
    // the report's positions count from 1, the sample's keys (Stryker's API) from 0
    expect(reportMutantKey('src/a.ts', m(2, 'Survived'))).toBe('src/a.ts:1:2-1:8:EqualityOperator:a <= b');
  });
});

describe('npm run mutate, its arguments', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/mutation/run.ts', ...args], { encoding: 'utf8' });
  it('refuses a bad number or an unknown folder in one line, exit 2, before any Stryker run', () => {
    for (const [args, message] of [
      [['--sample', '0'], /^mutate: --sample must be a whole number of at least 1 \(got "0"\)\n$/],
      [['--seed', 'x'], /^mutate: --seed must be a whole number/],
      [['--concurrency', '1.5'], /^mutate: --concurrency must be a whole number/],
      [['nosuch'], /^mutate: unknown folder nosuch; known: src\/linalg, src\/model, src\/landscape, src\/papers\/cnn/],
      [['linalg', '--sample'], /^mutate: --sample needs a value\n$/],
      [['--seed', '--all'], /^mutate: --seed needs a value\n$/],
      [['--all', '--sample', '50'], /^mutate: --all tests every mutant: leave out --sample and --seed\n$/],
      [['--files', 'src/linalg/lp.ts'], /^mutate: --files narrows a run to some files: use it with --all\n$/],
    ] as const) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
