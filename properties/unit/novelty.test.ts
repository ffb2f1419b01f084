// The saving rule (src/store/novelty.ts): a found counterexample gets a new file only when its claim
// has none saved, or it is smaller than every saved one that fails the same way, or it fails
// differently. Mutations killed: comparing sizes the wrong way round (larger ones saved), `>` for
// `>=` (an equally large one saved), ignoring the failure kind (a different failure dropped), or
// letting numbers into the kind (every failure "different").
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Json } from '../../src/claims/types.js';
import { FORMAT, type Counterexample } from '../../src/store/counterexamples.js';
import { compareSize, failureKind, saveRule, valueSize } from '../../src/store/novelty.js';

const cex = (
  value: Json,
  evidence: Json = { lowerRisk: '1/2', theta: ['1', '2'] },
  strength: 'refuted' | 'evidence' = 'refuted',
): Counterexample => ({
  format: FORMAT,
  claim: 'test.novelty',
  packageVersion: '0.0.0',
  generatorVersion: 1,
  seed: 1,
  path: '0',
  runs: 1,
  shrinks: 0,
  value,
  failure: { strength, claimed: 'c', computed: 'x', evidence },
  statement: 's',
  found: '2026-01-01T00:00:00.000Z',
});

const rat = fc
  .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 9 }))
  .map(([p, q]) => (q === 1 ? `${p}` : `${p}/${q}`));

describe('the size of a saved value', () => {
  test.prop([fc.array(rat, { maxLength: 6 }), rat])(
    'one more entry makes a value larger, whatever the numbers',
    (xs, x) => {
      expect(compareSize(valueSize([...xs, x]), valueSize(xs))).toBeGreaterThan(0);
    },
  );

  test.prop([fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 6 }), fc.nat({ max: 5 })])(
    'with as many entries, larger integers make a value larger',
    (xs, i) => {
      const k = i % xs.length;
      const bigger = xs.map((x, j) => (j === k ? `${Math.abs(x) + 1}` : `${x}`));
      expect(compareSize(valueSize(bigger), valueSize(xs.map(String)))).toBeGreaterThan(0);
    },
  );

  it('counts entries at any depth and reads "p/q" as |p| + q − 1', () => {
    expect(valueSize({ data: { inputs: [['1/2'], ['-3']] }, d1: 2, name: 'relu' })).toEqual({
      entries: 4,
      magnitude: 7n,
    });
  });
});

describe('how a counterexample fails', () => {
  test.prop([fc.array(rat, { minLength: 1, maxLength: 5 }), fc.array(rat, { minLength: 1, maxLength: 5 }), rat, rat])(
    'the numbers (and how many there are) do not change the kind',
    (a, b, r, s) => {
      const f = (theta: string[], risk: string) => cex(0, { theta, risk, how: `the cell of unit ${risk}` }).failure;
      expect(failureKind(f(a, r))).toBe(failureKind(f(b, s)));
    },
  );

  it('other evidence fields, another strength or other words are another kind', () => {
    const base = failureKind(cex(0, { theta: ['1'], risk: '2' }).failure);
    expect(failureKind(cex(0, { theta: ['1'], lowerRisk: '2' }).failure)).not.toBe(base);
    expect(failureKind(cex(0, { theta: ['1'], risk: '2' }, 'evidence').failure)).not.toBe(base);
    expect(failureKind(cex(0, { theta: ['1'], risk: '2', how: 'hinge' }).failure)).not.toBe(
      failureKind(cex(0, { theta: ['1'], risk: '2', how: 'gradient' }).failure),
    );
  });
});

describe('the saving rule', () => {
  const saved = (value: Json, evidence?: Json) => ({
    file: `counterexamples/test.novelty/${JSON.stringify(value)}.json`,
    cex: cex(value, evidence),
  });

  it('the first counterexample of a claim is saved', () => {
    expect(saveRule(cex(['5']), [])).toMatchObject({ save: true });
  });

  test.prop([
    fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 4 }),
    fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 4 }),
  ])('failing the same way, it is saved exactly when it is smaller than every saved one', (a, b) => {
    const [va, vb] = [a.map(String), b.map(String)];
    const r = saveRule(cex(va), [saved(vb)]);
    expect(r.save).toBe(compareSize(valueSize(va), valueSize(vb)) < 0);
    if (!r.save) expect(r.why).toBe(`not new in kind: it fails the same way as ${saved(vb).file} and is no smaller`);
  });

  it('failing differently, it is saved even when larger', () => {
    const r = saveRule(cex(['7', '8', '9'], { kind: 'hinge' }), [saved(['1'], { kind: 'gradient' })]);
    expect(r).toEqual({ save: true, why: 'it fails differently from every saved one' });
  });

  it('it must be smaller than every saved one of its kind, not just one', () => {
    const r = saveRule(cex(['3']), [saved(['5']), saved(['1'])]);
    expect(r.save).toBe(false);
    expect(saveRule(cex(['0']), [saved(['5']), saved(['1'])]).save).toBe(true);
  });
});
