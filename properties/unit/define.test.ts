// The claim-definition API: instance kinds with zod codecs, the per-paper builder, outcome helpers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { Fraction } from 'fraction.js';
import {
  claimsOf,
  CodecError,
  datasetCodec,
  fromVerdict,
  instanceKind,
  narrowed,
  networkCodec,
  proved,
  rationals,
  refuted,
  runClaim,
  PROFILES,
  unsupported,
} from '../../src/claims/index.js';
import { dataset, exactRisk, fcNetwork, relu, squaredLoss } from '../../src/model/index.js';
import { analyseLocalMin, type Verdict } from '../../src/landscape/index.js';
import { smallRational } from '../../src/gen/index.js';
import { sum, toRat, ZERO } from '../../src/numeric/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runsCapped } from '../helpers/setup.js';

const mse = squaredLoss();

const points = instanceKind({
  generate: () =>
    fc.record({
      theta: fc.array(smallRational(3, 2), { minLength: 4, maxLength: 4 }),
      ys: fc.array(smallRational(3, 1), { minLength: 3, maxLength: 3 }),
    }),
  codec: z.object({ theta: rationals, ys: rationals }),
  describe: (v) => `θ = ${v.theta.map((x) => x.toFraction()).join(', ')}`,
  hypotheses: ['a 1-1-1 ReLU net, 3 samples x = 0, 1, 2'],
});

describe('numeric helpers', () => {
  it('toRat follows the number rules: strings exactly, numbers at their binary value', () => {
    expect(toRat('0.1').toFraction()).toBe('1/10');
    expect(toRat(0.1).toFraction()).toBe('3602879701896397/36028797018963968');
    expect(toRat(3n).toFraction()).toBe('3');
    expect(() => toRat(Number.NaN)).toThrow(/not a finite number/);
    expect(sum([]).equals(ZERO)).toBe(true);
    expect(sum([toRat('1/2'), toRat('1/3')]).toFraction()).toBe('5/6');
  });
});

describe('codecs', () => {
  it('round-trip a network, a dataset and rationals losslessly', () => {
    const codec = z.object({ net: networkCodec, data: datasetCodec, theta: rationals });
    const v = {
      net: fcNetwork([1, 2, 1], relu()),
      data: dataset([[0], ['1/3']], [[1], ['-2/7']]),
      theta: [toRat('1/3')],
    };
    const j = z.encode(codec, v);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    const back = z.decode(codec, j);
    expect(back.net.paramCount).toBe(7);
    expect(back.data.targets[1][0].toFraction()).toBe('-2/7');
    expect(z.encode(codec, back)).toEqual(j);
  });
});

describe('the claim builder', () => {
  const paper = claimsOf({ paper: 'test-paper.txt', runs: 30, generatorVersion: 3 });
  const net = fcNetwork([1, 1, 1], relu());
  const data = (ys: Fraction[]) =>
    dataset(
      [[0], [1], [2]],
      ys.map((y) => [y]),
    );
  const claim = paper.claim({
    id: 'test.builder.nonnegative-risk',
    section: '§1',
    title: 'the risk is nonnegative',
    statement: 'R(θ) ≥ 0.',
    instance: narrowed(points, (v) => (v.theta[0].equals(0) ? 'w = 0' : null), ['w ≠ 0']),
    check: (v) => (exactRisk(net, mse, v.theta, data(v.ys)).compare(0) >= 0 ? proved() : refuted('R ≥ 0', 'R < 0')),
  });

  it('fills in the paper defaults and the instance kind', () => {
    expect(claim).toMatchObject({
      paper: 'test-paper.txt',
      runs: 30,
      generatorVersion: 3,
      arithmetic: 'exact',
      expected: 'holds',
    });
    expect(claim.hypotheses).toEqual(['a 1-1-1 ReLU net, 3 samples x = 0, 1, 2', 'w ≠ 0']);
    expect(claim.detect({ theta: [ZERO, ZERO, ZERO, ZERO], ys: [] })).toBe('w = 0');
    expect(claim.correctedBy).toBeUndefined();
  });

  it('decoding errors are one line naming the path', () => {
    expect(() => claim.decode({ theta: ['1', 'x'], ys: [] })).toThrow(CodecError);
    expect(() => claim.decode({ theta: ['1', 'x'], ys: [] })).toThrow(/^value\.theta\.1: cannot read "x"/);
    expect(() => claim.decode({ ys: [] })).toThrow(/^value\.theta: /);
  });

  // counts every run (of the property above, or of the claim's 30): skipped under npm run mutate's cap of 10 runs
  it.skipIf(runsCapped)('runs through the runner like a hand-written claim', () => {
    const r = runClaim(claim, {
      profile: PROFILES.quick,
      dir: mkdtempSync(join(tmpdir(), 'spurious-define-')),
      save: false,
    });
    expect(r).toMatchObject({ verdict: 'holds', strength: 'proved', ok: true, runs: 30 });
  });
});

describe('outcomes from verdicts', () => {
  const net = fcNetwork([1, 1, 1], relu());
  const d = dataset([[0], [1], [2]], [[0], [1], [2]]);
  const atMin = analyseLocalMin(net, mse, [1, 0, 1, 0].map(toRat), d, { noProbes: true });
  const off = analyseLocalMin(net, mse, [1, 0, 1, 1].map(toRat), d, { noProbes: true });
  const vague: Verdict = { ...atMin, strength: 'evidence' };
  it('expect yes: proved holds, refuted is an exact failure, evidence a float-only failure', () => {
    expect(atMin.strength).toBe('proved');
    expect(off.strength).toBe('refuted');
    expect(fromVerdict(atMin, 'c')).toEqual(proved());
    expect(fromVerdict(off, 'c')).toMatchObject({
      ok: false,
      strength: 'refuted',
      claimed: 'c',
      computed: `the toolkit says refuted: ${off.summary}`,
    });
    expect(fromVerdict(vague, 'c')).toMatchObject({ ok: false, strength: 'evidence' });
  });
  it('expect no: refuted holds, proved is an exact failure', () => {
    expect(fromVerdict(off, 'c', 'no')).toEqual(proved());
    expect(fromVerdict(atMin, 'c', 'no')).toMatchObject({ ok: false, strength: 'refuted' });
    expect(fromVerdict(vague, 'c', 'no')).toEqual(
      unsupported('c', `the toolkit says evidence: ${vague.summary}`, JSON.parse(JSON.stringify(vague))),
    );
  });
});
