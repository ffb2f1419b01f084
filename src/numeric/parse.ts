import { ScalarParseError } from './field.js';

/**
 * Parse exact decimal/fraction text into a reduced bigint ratio (den > 0).
 * Accepts "-3", "3/4", "-3/-4" is rejected, "1.25", ".5", "2e-3", "-1.5E+2".
 * fraction.js's own parser rejects exponents and silently approximates
 * repeating notations, so the suite parses its files itself to keep every
 * error message specific.
 */
const INT = /^[+-]?\d+$/;
const FRAC = /^([+-]?\d+)\s*\/\s*(\d+)$/;
const DEC = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function lcmBig(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  const g = gcdBig(a, b);
  const r = (a / g) * b;
  return r < 0n ? -r : r;
}

export function reduceRatio(num: bigint, den: bigint): { num: bigint; den: bigint } {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcdBig(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

export function parseRatio(text: string): { num: bigint; den: bigint } {
  if (typeof text !== 'string') throw new ScalarParseError(String(text), 'expected a string');
  const s = text.trim();
  if (s === '') throw new ScalarParseError(text, 'empty text');
  if (INT.test(s)) return { num: BigInt(s), den: 1n };
  const f = FRAC.exec(s);
  if (f) {
    const den = BigInt(f[2]);
    if (den === 0n) throw new ScalarParseError(text, 'the denominator is zero');
    return reduceRatio(BigInt(f[1]), den);
  }
  const d = DEC.exec(s);
  if (d && (d[2] !== '' || (d[3] !== undefined && d[3] !== ''))) {
    const sign = d[1] === '-' ? -1n : 1n;
    const intPart = d[2] || '0';
    const fracPart = d[3] ?? '';
    const exp = d[4] ? Number.parseInt(d[4], 10) : 0;
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 10_000)
      throw new ScalarParseError(text, 'the exponent is out of range');
    let num = BigInt(intPart + fracPart) * sign;
    let den = 10n ** BigInt(fracPart.length);
    if (exp > 0) num *= 10n ** BigInt(exp);
    else if (exp < 0) den *= 10n ** BigInt(-exp);
    return reduceRatio(num, den);
  }
  if (s.includes('/')) throw new ScalarParseError(text, 'expected "p/q" with integers p and q > 0');
  throw new ScalarParseError(text, 'expected an integer, a fraction "p/q" or a decimal');
}

/** The exact rational value of a finite double (every finite double is k·2^e). */
export function ratioOfDouble(x: number): { num: bigint; den: bigint } {
  if (!Number.isFinite(x)) throw new RangeError(`${x} has no rational value`);
  if (Number.isInteger(x)) return { num: BigInt(x), den: 1n };
  let den = 1n;
  let m = x;
  // Doubling is exact; at most 1074 steps reach an integer.
  while (!Number.isInteger(m)) {
    m *= 2;
    den *= 2n;
  }
  return reduceRatio(BigInt(m), den);
}

/** Format a reduced ratio losslessly: "p/q", or "p" when q = 1. */
export function formatRatio(num: bigint, den: bigint): string {
  return den === 1n ? num.toString() : `${num}/${den}`;
}
