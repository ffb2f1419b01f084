/**
 * Issue 20, part 3: hostile input where a user hands the suite text — numbers
 * ("p/q", decimals, exponents) and command-line arguments — drawn by
 * fast-check. The failure mode asserted: an exact value, or one line naming the
 * problem (a ScalarParseError; for the CLI exit code 2 and one "spurious: "
 * line), never a stack trace, never another exception, never a hang. Saved
 * counterexample files, claims modules and check-model's files have their own
 * hostile tests (hostile-saves, own-claims, check-model).
 */
import { fc, test } from '@fast-check/vitest';
import { Decimal } from 'decimal.js';
import { describe, expect } from 'vitest';
import { ScalarParseError } from '../../src/numeric/field.js';
import { decimalField } from '../../src/numeric/decimal.js';
import { gcdBig, parseRatio } from '../../src/numeric/parse.js';
import { rational } from '../../src/numeric/rational.js';
import { inProcess } from '../helpers/cli.js';

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** texts near the grammar: signs, digits, points, exponents (some huge), slashes, spaces, stray characters */
const numberText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc
    .tuple(
      fc.constantFrom('', '-', '+', '--'),
      digits(0, 25),
      fc.option(digits(0, 12)),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), digits(0, 8))),
    )
    .map(([s, i, f, e]) => `${s}${i}${f === null ? '' : `.${f}`}${e === null ? '' : e.join('')}`),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.bigInt({ min: -3n, max: 10n ** 40n }))
    .map(([p, q]) => `${p}/${q}`),
  fc.constantFrom(
    '1/0',
    '-0/0',
    '1e999999',
    '1e-999999',
    '9'.repeat(3000),
    ' 3 / 4 ',
    '1/2/3',
    '0x10',
    'NaN',
    '∞',
    '1\n2',
    '3/\n4',
  ),
);

describe('numbers in text', () => {
  // kills: a zero denominator accepted, an unreduced or negative denominator, a decimal read wrongly,
  // another error type (RangeError, SyntaxError from BigInt) escaping, an unbounded exponent
  test.prop([numberText], { numRuns: 400 })(
    'any text is an exact reduced value or one ScalarParseError line naming the text',
    (text) => {
      let r: { num: bigint; den: bigint };
      try {
        r = parseRatio(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ScalarParseError);
        const msg = (e as Error).message;
        expect(msg).not.toContain('\n');
        expect(msg).toContain(JSON.stringify(text).slice(0, 20));
        expect(() => rational.fromString(text)).toThrow(ScalarParseError);
        return;
      }
      expect(r.den > 0n).toBe(true);
      expect(gcdBig(r.num, r.den)).toBe(1n);
      // the value, independently: decimal.js reads decimals and exponents (to 100 digits, enough here)
      const t = text.trim();
      const D = Decimal.clone({ precision: 100, minE: -9e15, maxE: 9e15 });
      const slash = /^([+-]?\d+)\s*\/\s*(\d+)$/.exec(t);
      const expected = slash ? new D(slash[1]).div(slash[2]) : new D(t);
      if (t.replace(/[^0-9]/g, '').length <= 90)
        expect(new D(r.num.toString()).div(r.den.toString()).eq(expected), text).toBe(true);
      // every backend reads the same value
      const q = rational.fromString(text);
      expect(q.n * r.den === r.num * q.d * (q.s < 0n ? -1n : 1n) || (q.n === 0n && r.num === 0n)).toBe(true);
      if (t.length <= 60) expect(decimalField(50).fromString(text).eq(expected.toSignificantDigits(50))).toBe(true);
    },
  );
});

const COMMANDS = ['verify', 'list', 'replay', 'show', 'report', 'experiment', 'check-model', 'frobnicate'];
const FLAGS = [
  '--seed',
  '--runs',
  '--budget',
  '--profile',
  '--size',
  '--json',
  '--no-save',
  '--model',
  '--data',
  '--nope',
  '-x',
  '--',
];
const hostileValue = fc.oneof(
  numberText,
  fc.constantFrom('', ' ', '-1', '0', '2147483648', '1e9', 'quick', 'thorough', 'default', 'small', '../../etc/passwd'),
);

describe('command-line arguments', () => {
  // kills: an uncaught parse error (a stack trace, exit 3), a usage error printed over several lines or without
  // its "spurious: " prefix, a hostile argument that makes a command run claims or train networks
  test.prop(
    [
      fc.constantFrom(...COMMANDS),
      fc.array(fc.tuple(fc.constantFrom(...FLAGS), fc.option(hostileValue)), { maxLength: 4 }),
      fc.option(hostileValue),
    ],
    { numRuns: 150 },
  )(
    'any arguments: exit 0, 1 or 2, and a usage error is one "spurious: " line, no stack trace',
    async (cmd, flags, positional) => {
      const args = [cmd, ...flags.flatMap(([f, v]) => (v === null ? [f] : [f, v]))];
      // no claim is ever run and no saved file replayed: verify matches no claim, replay and show get a missing file,
      // experiment a name that is none
      if (cmd === 'verify') args.push('--claim', 'zz-no-such-claim.*');
      if (cmd === 'replay' || cmd === 'show' || cmd === 'experiment') args.push(`zz-missing-${positional ?? ''}.json`);
      else if (positional !== null) args.push(positional);
      const r = await inProcess(args);
      expect([0, 1, 2], `${JSON.stringify(args)} → ${r.code}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (r.code === 2) {
        const lines = r.stderr.split('\n').filter((l) => l.trim());
        expect(lines[0].startsWith('spurious: '), lines[0]).toBe(true);
        // one line; only an unknown command is followed by the usage (the list of commands)
        if (cmd === 'frobnicate') expect(lines[1]).toMatch(/^usage: spurious/);
        else expect(lines, JSON.stringify(args)).toHaveLength(1);
      }
    },
  );
});
