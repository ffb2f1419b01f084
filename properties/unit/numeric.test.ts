import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import {
  rational,
  float64,
  decimalField,
  decimal50,
  parseRatio,
  ScalarParseError,
  exactBackend,
  floatBackend,
  scalarBackend,
  decimalBackend,
  type Backend,
  type Tensor,
} from '../../src/numeric/index.js';
import { smallRational, dyadic, pwlActivation, SMOOTH } from '../../src/gen/index.js';
import { smooth } from '../../src/model/activation.js';

const q = smallRational(20, 12);
const Q = rational;

describe('rational field laws (exact)', () => {
  test.prop([q, q, q])('commutative, associative, distributive', (a, b, c) => {
    expect(Q.eq(Q.add(a, b), Q.add(b, a))).toBe(true);
    expect(Q.eq(Q.mul(a, b), Q.mul(b, a))).toBe(true);
    expect(Q.eq(Q.add(Q.add(a, b), c), Q.add(a, Q.add(b, c)))).toBe(true);
    expect(Q.eq(Q.mul(Q.mul(a, b), c), Q.mul(a, Q.mul(b, c)))).toBe(true);
    expect(Q.eq(Q.mul(a, Q.add(b, c)), Q.add(Q.mul(a, b), Q.mul(a, c)))).toBe(true);
  });
  test.prop([q, q])('identities and inverses', (a, b) => {
    expect(Q.eq(Q.add(a, Q.zero), a)).toBe(true);
    expect(Q.eq(Q.mul(a, Q.one), a)).toBe(true);
    expect(Q.isZero(Q.add(a, Q.neg(a)))).toBe(true);
    expect(Q.eq(Q.sub(a, b), Q.add(a, Q.neg(b)))).toBe(true);
    if (!Q.isZero(b)) expect(Q.eq(Q.mul(Q.div(a, b), b), a)).toBe(true);
  });
  test.prop([q, q])('order: compare, sign, abs agree', (a, b) => {
    expect(Q.compare(a, b)).toBe(Q.sign(Q.sub(a, b)));
    expect(Q.compare(a, b)).toBe(-Q.compare(b, a) || 0);
    expect(Q.sign(Q.abs(a))).toBeGreaterThanOrEqual(0);
    expect(Q.compare(a, b)).toBe(Math.sign(Q.toNumber(a) - Q.toNumber(b)));
  });
  it('division by zero is an error, not Infinity', () => {
    expect(() => Q.div(Q.one, Q.zero)).toThrow(/division by zero/);
    expect(() => decimal50.div(decimal50.one, decimal50.zero)).toThrow(/division by zero/);
  });
});

describe('lossless "p/q" serialization', () => {
  test.prop([q])('toString / fromString round-trips exactly', (a) => {
    const s = Q.toString(a);
    expect(s).toMatch(/^-?\d+(\/\d+)?$/);
    expect(Q.eq(Q.fromString(s), a)).toBe(true);
  });
  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])('every double converts exactly', (x) => {
    const r = Q.fromNumber(x);
    expect(Q.toNumber(r)).toBe(x === 0 ? 0 : x);
    expect(Q.eq(Q.fromString(Q.toString(r)), r)).toBe(true);
  });
  it('converts ratios whose parts overflow a double', () => {
    expect(Q.toNumber(Q.fromRatio(3n * 10n ** 400n, 10n ** 401n))).toBe(0.3);
    expect(Q.toNumber(Q.fromRatio(-(2n ** 60n), 1n))).toBe(-(2 ** 60));
    expect(Q.toNumber(Q.fromRatio(1n, 3n * 10n ** 330n))).toBeCloseTo(0, 300);
    expect(Q.toNumber(Q.fromRatio(10n ** 400n, 7n))).toBe(Infinity);
  });
  it('parses integers, fractions and decimals exactly', () => {
    expect(Q.toString(Q.fromString('-6/8'))).toBe('-3/4');
    expect(Q.toString(Q.fromString('2e-3'))).toBe('1/500');
    expect(Q.toString(Q.fromString(' 1.25 '))).toBe('5/4');
    expect(Q.toString(Q.fromString('-.5E+1'))).toBe('-5');
    expect(parseRatio('0/7')).toEqual({ num: 0n, den: 1n });
  });
  it.each([['abc'], ['1/0'], ['1/-2'], [''], ['1//2'], ['3/4/5'], ['1.2.3'], ['0x10'], ['NaN']])(
    'rejects %j with a clear error',
    (bad) => {
      expect(() => Q.fromString(bad)).toThrow(ScalarParseError);
      expect(() => Q.fromString(bad)).toThrow(/cannot read/);
    },
  );
});

describe('decimal field', () => {
  const D = decimalField(60);
  test.prop([fc.double({ min: -20, max: 20, noNaN: true })])('exp, log, tanh, sigmoid agree with float64', (x) => {
    const d = D.fromNumber(x);
    const close = (a: number, b: number) =>
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    close(D.toNumber(D.exp(d)), Math.exp(x));
    close(D.toNumber(D.tanh(d)), Math.tanh(x));
    close(D.toNumber(D.sigmoid(d)), float64.sigmoid(x));
    if (x > 0) close(D.toNumber(D.log(d)), Math.log(x));
  });
  it('carries the requested precision', () => {
    expect(D.toString(D.div(D.one, D.fromInt(3))).replace('0.', '').length).toBe(60);
    // log(exp(1/3)) = 1/3 to ~60 digits
    const third = D.div(D.one, D.fromInt(3));
    expect(D.toNumber(D.abs(D.sub(D.log(D.exp(third)), third)))).toBeLessThan(1e-55);
  });
});

// ---------------------------------------------------------------------------
// Tensor backends: the fast exact backend must equal the slow per-entry
// fraction.js reference exactly; float64 and decimal agree to rounding.
const reference = scalarBackend(rational);
const matrix = (r: number, c: number) => fc.array(q, { minLength: r * c, maxLength: r * c });
const dims = fc.record({
  n: fc.integer({ min: 1, max: 4 }),
  k: fc.integer({ min: 1, max: 4 }),
  m: fc.integer({ min: 1, max: 4 }),
});

function onAll<R>(run: <T extends Tensor, S>(be: Backend<T, S>) => R) {
  return { exact: run(exactBackend), ref: run(reference), float: run(floatBackend), dec: run(decimalBackend) };
}
const asQ = (xs: Fraction[]) => xs.map((x) => Q.toString(x));

describe('tensor backends agree', () => {
  test.prop([
    dims.chain(({ n, k, m }) =>
      fc.tuple(fc.constant({ n, k, m }), matrix(n, k), matrix(k, m), matrix(n, m), matrix(n, 1), q),
    ),
  ])('products, sums, broadcasts, reductions', ([{ n, k, m }, a, b, c, col, s]) => {
    const r = onAll((be) => {
      const conv = (xs: Fraction[]) => xs.map((x) => be.field.fromRatio(x.s * x.n, x.d));
      const A = be.fromScalars(n, k, conv(a)),
        B = be.fromScalars(k, m, conv(b)),
        C = be.fromScalars(n, m, conv(c));
      const AB = be.matmul(A, B);
      const out = [
        AB,
        be.matmulTN(be.fromScalars(k, n, conv(transpose(a, n, k))), B),
        be.matmulNT(A, be.fromScalars(m, k, conv(transpose(b, k, m)))),
        be.add(AB, C),
        be.sub(AB, C),
        be.hadamard(AB, C),
        be.scale(C, conv([s])[0]),
        be.addColumn(C, be.fromScalars(n, 1, conv(col))),
        be.rowSums(C),
      ];
      return {
        out: out.map((t) => be.toNumbers(t)),
        exactOut: be.field.exact ? out.map((t) => be.toScalars(t) as unknown as Fraction[]) : null,
        sum: be.field.toNumber(be.sum(C)),
        ss: be.field.toString(be.sumSquares(C)),
        dot: be.field.toNumber(be.dot(AB, C)),
      };
    });
    // exact backend == per-entry reference, exactly
    r.exact.exactOut!.forEach((t, i) => expect(asQ(t)).toEqual(asQ(r.ref.exactOut![i])));
    expect(r.exact.ss).toBe(r.ref.ss);
    // all three products are the same matrix
    expect(Array.from(r.exact.out[1])).toEqual(Array.from(r.exact.out[0]));
    expect(Array.from(r.exact.out[2])).toEqual(Array.from(r.exact.out[0]));
    for (const other of [r.float, r.dec]) {
      other.out.forEach((t, i) =>
        t.forEach((x, j) =>
          expect(Math.abs(x - r.exact.out[i][j])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r.exact.out[i][j]))),
        ),
      );
    }
  });

  test.prop([pwlActivation(), fc.array(dyadic(24, 3), { minLength: 1, maxLength: 12 })])(
    'PWL activation: value, slope, piece and kinks',
    (act, zs) => {
      const r = onAll((be) => {
        const z = be.fromScalars(
          1,
          zs.length,
          zs.map((x) => be.field.fromRatio(x.s * x.n, x.d)),
        );
        const res = be.activate(z, act.fn, { pieces: true });
        return {
          v: be.toNumbers(res.value),
          s: be.toNumbers(res.slope),
          piece: Array.from(res.piece!),
          kinks: res.kinks,
          exact: be.field.exact ? (be.toScalars(res.value) as unknown as Fraction[]) : null,
        };
      });
      expect(asQ(r.exact.exact!)).toEqual(asQ(r.ref.exact!));
      expect(r.exact.piece).toEqual(r.ref.piece);
      expect(r.exact.kinks).toEqual(r.ref.kinks);
      // dyadic inputs and k/4-type tables: float sees the same pieces
      expect(r.float.piece).toEqual(r.exact.piece);
      r.float.v.forEach((x, i) =>
        expect(Math.abs(x - r.exact.v[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(r.exact.v[i]))),
      );
      // kinks are exactly the entries that equal a breakpoint
      const expected = zs.flatMap((z, i) => (act.breakpoints.some((t) => t.equals(z)) ? [i] : []));
      expect(r.exact.kinks).toEqual(expected);
      // convention: on a breakpoint the slope is the LEFT piece's (ReLU'(0) = 0), on every backend
      for (const i of expected) {
        const k = act.breakpoints.findIndex((t) => t.equals(zs[i]));
        expect(r.exact.s[i]).toBe(act.slopes[k].valueOf());
        expect(r.float.s[i]).toBe(act.slopes[k].valueOf());
        expect(r.exact.piece[i]).toBe(k);
      }
    },
  );

  test.prop([
    fc.constantFrom(...SMOOTH),
    fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 8 }),
  ])('smooth activation: float64 matches decimal, with first and second derivatives', (name, zs) => {
    const a = smooth(name);
    const f = floatBackend.activate(floatBackend.fromNumbers(1, zs.length, zs), a.fn, { curvature: true });
    const d = decimalBackend.activate(decimalBackend.fromNumbers(1, zs.length, zs), a.fn, { curvature: true });
    for (const [x, y] of [
      [f.value, d.value],
      [f.slope, d.slope],
      [f.curvature!, d.curvature!],
    ] as const) {
      const xd = floatBackend.toNumbers(x),
        yd = decimalBackend.toNumbers(y);
      xd.forEach((v, i) => expect(Math.abs(v - yd[i])).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(yd[i]))));
    }
  });

  it('smooth non-rational activations are refused by the exact backend with a clear message', () => {
    expect(() => exactBackend.activate(exactBackend.zeros(1, 1), smooth('tanh').fn)).toThrow(
      /not rational; run it on the float64 or decimal backend/,
    );
  });

  it('shape mismatches name both shapes', () => {
    expect(() => exactBackend.matmul(exactBackend.zeros(2, 3), exactBackend.zeros(2, 3))).toThrow(/2×3 and 2×3/);
    expect(() => floatBackend.add(floatBackend.zeros(2, 3), floatBackend.zeros(3, 2))).toThrow(/2×3 and 3×2 differ/);
  });
});

function transpose<X>(a: X[], r: number, c: number): X[] {
  const out: X[] = new Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
  return out;
}
