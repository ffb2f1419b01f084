// The words a reader sees: articles before numerals and words, counts, and the one verdict wording
// the CLI, the report and the findings print.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { agree, article, count, verdictLine, verdictWithExpectation, withArticle } from '../../src/claims/wording.js';
import type { ClaimResult } from '../../src/claims/types.js';

// A test oracle: the first spoken word of a whole number (English, short scale).
const ONES =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(
    ' ',
  );
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
function firstWord(n: number): string {
  if (n === 0) return 'zero';
  let lead = n;
  while (lead >= 1000) lead = Math.floor(lead / 1000); // the leading group of three digits is spoken first
  if (lead >= 100) return ONES[Math.floor(lead / 100)];
  return lead < 20 ? ONES[lead] : TENS[Math.floor(lead / 10)];
}

describe('article', () => {
  it.each([
    ['85-parameter CNN', 'an'],
    ['8', 'an'],
    ['11-sample data set', 'an'],
    ['18', 'an'],
    ['110', 'a'],
    ['100-parameter net', 'a'],
    ['1-1-1 net', 'a'],
    ['FC layer', 'an'],
    ['L−3 map', 'an'],
    ['CNN', 'a'],
    ['R value', 'an'],
    ['hour', 'an'],
    ['unit', 'a'],
    ['one-hidden-layer net', 'a'],
    ['instance', 'an'],
    ['saddle', 'a'],
    ['exact certificate', 'an'],
  ])('%s takes "%s"', (phrase, a) => {
    expect(article(phrase)).toBe(a);
    expect(withArticle(phrase)).toBe(`${a} ${phrase}`);
  });

  // kills: dropping the 11/18 rule, the digit-group test (length % 3), or the leading-8 rule
  test.prop([fc.integer({ min: 0, max: 10 ** 12 })])('before a numeral, by how the number is spoken', (n) => {
    // of the number words only eight…, eighteen, eighty and eleven start with a vowel sound ("one" is spoken w-)
    expect(article(`${n}-parameter`)).toBe(/^(eight|eleven)/.test(firstWord(n)) ? 'an' : 'a');
  });
});

describe('counts', () => {
  it('singular only for exactly one', () => {
    expect(count(1, 'direction')).toBe('1 direction');
    expect(count(0, 'direction')).toBe('0 directions');
    expect(count(7, 'direction')).toBe('7 directions');
    expect(count(2, 'child', 'children')).toBe('2 children');
    expect(agree(1, 'goes', 'go')).toBe('goes');
    expect(agree(0, 'goes', 'go')).toBe('go');
  });
});

const facts = fc.record({
  verdict: fc.constantFrom('holds', 'refuted', 'inconclusive') as fc.Arbitrary<ClaimResult['verdict']>,
  strength: fc.constantFrom('proved', 'refuted', 'evidence', 'inconclusive') as fc.Arbitrary<ClaimResult['strength']>,
  runs: fc.integer({ min: 1, max: 5000 }),
  certifiedShare: fc.double({ min: 0, max: 1, noNaN: true }),
  arithmetic: fc.constantFrom('exact', 'float', 'decimal') as fc.Arbitrary<'exact' | 'float' | 'decimal'>,
  expected: fc.constantFrom('holds', 'refuted') as fc.Arbitrary<'holds' | 'refuted'>,
  ok: fc.boolean(),
});

describe('verdictLine', () => {
  it('the documented lines', () => {
    expect(verdictLine({ verdict: 'holds', strength: 'proved', runs: 200, certified: 200 }, 'exact')).toBe(
      'holds on 200/200 instances, each certified exactly',
    );
    expect(verdictLine({ verdict: 'holds', strength: 'evidence', runs: 50, certified: 0 }, 'float')).toBe(
      'holds on 50/50 instances, float evidence',
    );
    expect(verdictLine({ verdict: 'holds', strength: 'evidence', runs: 50, certified: 30 }, 'float')).toBe(
      'holds on 50/50 instances: 30 certified exactly, 20 with float evidence',
    );
    expect(verdictLine({ verdict: 'holds', strength: 'proved', runs: 1, certified: 1 })).toBe(
      'holds on 1/1 instance, certified exactly',
    );
    expect(verdictLine({ verdict: 'holds', strength: 'proved', runs: 200, certified: 200 }, 'decimal')).toBe(
      'holds on 200/200 instances, each certified by interval bounds',
    );
    expect(verdictLine({ verdict: 'refuted', strength: 'refuted', runs: 12 })).toBe('refuted: exact counterexample');
    expect(verdictLine({ verdict: 'refuted', strength: 'evidence', runs: 12 }, 'decimal')).toMatch(
      /^refuted by high-precision decimal evidence \(not exact\) only/,
    );
    expect(verdictLine({ verdict: 'inconclusive', strength: 'inconclusive', runs: 0 })).toMatch(/^inconclusive/);
  });

  // kills: printing the strength in parentheses ("holds (proved)", "refuted (refuted)"), calling float
  // support "certified", or a count that is not the number of instances checked
  test.prop([facts])(
    'never "(proved)" or "refuted (refuted)"; counts are the instances; evidence is never called certified',
    (f) => {
      const certified = f.strength === 'proved' ? f.runs : Math.floor(f.certifiedShare * f.runs);
      const r = { verdict: f.verdict, strength: f.strength, runs: f.runs, certified, expected: f.expected, ok: f.ok };
      const line = verdictLine(r, f.arithmetic);
      const full = verdictWithExpectation(r, f.arithmetic);
      expect(full.startsWith(line)).toBe(true);
      expect(full).not.toMatch(/\(proved\)|refuted \(refuted\)|\bproved\b/);
      expect(full).toContain(f.ok ? 'as expected' : 'NOT AS EXPECTED');
      if (f.verdict === 'holds') {
        expect(line).toContain(`holds on ${f.runs}/${f.runs} instance`);
        // a decimal claim's proofs are interval enclosures, never called exact
        const how = f.arithmetic === 'decimal' ? 'certified by interval bounds' : 'certified exactly';
        if (f.strength === 'proved') expect(line.endsWith(how)).toBe(true);
        else {
          expect(line).toMatch(/evidence/);
          if (certified === 0) expect(line).not.toContain('certified');
          else if (certified < f.runs) expect(line).toContain(`${certified} ${how}, ${f.runs - certified} with`);
        }
      }
      if (f.verdict === 'refuted') expect(line === 'refuted: exact counterexample').toBe(f.strength === 'refuted');
    },
  );
});
