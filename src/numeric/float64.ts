import type { Sign, TranscendentalField } from './field.js';
import { parseRatio } from './parse.js';
import { ratioToNumber } from './rational.js';

/** IEEE double precision; `div` by zero follows IEEE (±Infinity / NaN). */
export const float64: TranscendentalField<number> = {
  kind: 'float64',
  exact: false,
  zero: 0,
  one: 1,
  fromInt: (n) => Number(n),
  fromRatio: (num, den) => ratioToNumber(BigInt(num), BigInt(den)),
  fromString: (text) => {
    const r = parseRatio(text);
    return ratioToNumber(r.num, r.den);
  },
  fromNumber: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  abs: (a) => Math.abs(a),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  sign: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0) as Sign,
  isZero: (a) => a === 0,
  eq: (a, b) => a === b,
  toNumber: (a) => a,
  toString: (a) => String(a),
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (a) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))),
  sqrt: Math.sqrt,
};
