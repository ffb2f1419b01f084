import { Fraction } from 'fraction.js';
import { assertMatmul, assertSameShape, type ActivateOptions, type ActivationResult, type Backend } from './backend.js';
import type { Elementwise, PolyTable, PwlTable } from './elementwise.js';
import { gcdBig, lcmBig, ratioOfDouble } from './parse.js';
import { numOf, rational } from './rational.js';

/**
 * An exact rational tensor: entry k is num[k] / den, one shared denominator
 * den > 0. A layer's matrix product is then an integer matrix product plus one
 * denominator multiplication.
 */
export class QTensor {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly num: bigint[],
    readonly den: bigint,
  ) {}
}

/**
 * Divide out the gcd of the denominator and all numerators. The scan stops as
 * soon as the running gcd is 1, which on typical data happens within a few
 * entries, so reducing after every product costs little and keeps the
 * integers from growing with depth.
 */
export function reduceQ(t: QTensor): QTensor {
  let g = t.den;
  for (let k = 0; k < t.num.length && g !== 1n; k++) if (t.num[k] !== 0n) g = gcdBig(g, t.num[k]);
  if (g === 1n) return t;
  if (t.num.every((x) => x === 0n)) return new QTensor(t.rows, t.cols, t.num, 1n);
  return new QTensor(
    t.rows,
    t.cols,
    t.num.map((x) => x / g),
    t.den / g,
  );
}

/** Numerators of a and b over their least common denominator. */
function common(a: QTensor, b: QTensor): [bigint[], bigint[], bigint] {
  if (a.den === b.den) return [a.num, b.num, a.den];
  const L = lcmBig(a.den, b.den);
  const fa = L / a.den,
    fb = L / b.den;
  return [fa === 1n ? a.num : a.num.map((x) => x * fa), fb === 1n ? b.num : b.num.map((x) => x * fb), L];
}

function fromRatios(rows: number, cols: number, rs: { num: bigint; den: bigint }[]): QTensor {
  if (rs.length !== rows * cols)
    throw new RangeError(`expected ${rows}×${cols} = ${rows * cols} entries, got ${rs.length}`);
  let L = 1n;
  for (const r of rs) if (r.den !== 1n && L % r.den !== 0n) L = lcmBig(L, r.den);
  return new QTensor(
    rows,
    cols,
    rs.map((r) => r.num * (L / r.den)),
    L,
  );
}

interface PwlInts {
  /** breakpoints t_k = bpNum[k]/bpDen[k] */
  bpNum: bigint[];
  bpDen: bigint[];
  /** common denominator of all slopes and intercepts */
  L: bigint;
  slopeInt: bigint[];
  icptInt: bigint[];
}
const pwlCache = new WeakMap<PwlTable, PwlInts>();
function pwlInts(table: PwlTable): PwlInts {
  let p = pwlCache.get(table);
  if (p) return p;
  let L = 1n;
  for (const x of [...table.slopes, ...table.intercepts]) L = lcmBig(L, x.d);
  p = {
    bpNum: table.breakpoints.map(numOf),
    bpDen: table.breakpoints.map((x) => x.d),
    L,
    slopeInt: table.slopes.map((x) => (numOf(x) * L) / x.d),
    icptInt: table.intercepts.map((x) => (numOf(x) * L) / x.d),
  };
  pwlCache.set(table, p);
  return p;
}

interface PolyInts {
  /** common denominator L of the coefficients */
  L: bigint;
  /** integer coefficients of L·σ, L·σ′ and L·σ″ (low degree first; [] for the zero polynomial) */
  value: bigint[];
  slope: bigint[];
  curvature: bigint[];
}
const polyCache = new WeakMap<PolyTable, PolyInts>();
function polyInts(table: PolyTable): PolyInts {
  let p = polyCache.get(table);
  if (p) return p;
  let L = 1n;
  for (const c of table.coefficients) L = lcmBig(L, c.d);
  const value = table.coefficients.map((c) => (numOf(c) * L) / c.d);
  const slope = value.slice(1).map((a, k) => a * BigInt(k + 1));
  const curvature = slope.slice(1).map((a, k) => a * BigInt(k + 1));
  p = { L, value, slope, curvature };
  polyCache.set(table, p);
  return p;
}

/**
 * Entries x/D ↦ p(x/D)·L for an integer polynomial p = Σ a_k t^k of degree m,
 * as numerators over the shared denominator L·D^m: homogeneous Horner on the
 * numerators, v ← v·x + a_k·D^(m−k), so every step is one bigint product and
 * one addition (the powers of D are scaled into the coefficients once).
 */
function polyOnNumerators(a: readonly bigint[], L: bigint, z: QTensor): QTensor {
  const m = a.length - 1;
  if (m < 0) return new QTensor(z.rows, z.cols, new Array<bigint>(z.num.length).fill(0n), 1n);
  const D = z.den;
  const scaled = new Array<bigint>(m + 1);
  let pw = 1n;
  for (let k = m; k >= 0; k--) {
    scaled[k] = a[k] * pw;
    if (k > 0) pw *= D; // pw = D^(m−k+1) for the next k; D^m at the end
  }
  const out = new Array<bigint>(z.num.length);
  for (let i = 0; i < out.length; i++) {
    const x = z.num[i];
    let v = scaled[m];
    for (let k = m - 1; k >= 0; k--) v = v * x + scaled[k];
    out[i] = v;
  }
  return reduceQ(new QTensor(z.rows, z.cols, out, L * pw));
}

export const exactBackend: Backend<QTensor, Fraction> = {
  name: 'exact',
  field: rational,
  zeros: (r, c) => new QTensor(r, c, new Array<bigint>(r * c).fill(0n), 1n),
  fromScalars: (r, c, data) =>
    fromRatios(
      r,
      c,
      data.map((x) => ({ num: numOf(x), den: x.d })),
    ),
  fromNumbers: (r, c, data) => fromRatios(r, c, Array.from(data, ratioOfDouble)),
  toScalars: (t) => t.num.map((x) => new Fraction(x, t.den)),
  toNumbers: (t) => Float64Array.from(t.num, (x) => rational.toNumber(new Fraction(x, t.den))),
  get: (t, i, j) => new Fraction(t.num[i * t.cols + j], t.den),
  matmul(a, b) {
    assertMatmul('matmul', a.rows, a.cols, b.rows, b.cols);
    const n = a.rows,
      k = a.cols,
      m = b.cols;
    const A = a.num,
      B = b.num;
    const C = new Array<bigint>(n * m).fill(0n);
    for (let i = 0; i < n; i++) {
      const ci = i * m;
      for (let p = 0; p < k; p++) {
        const aip = A[i * k + p];
        if (aip === 0n) continue;
        const bp = p * m;
        for (let j = 0; j < m; j++) {
          const bv = B[bp + j];
          if (bv !== 0n) C[ci + j] += aip * bv;
        }
      }
    }
    return reduceQ(new QTensor(n, m, C, a.den * b.den));
  },
  affine(w, a, b) {
    const prod = exactBackend.matmul(w, a);
    return b ? exactBackend.addColumn(prod, b) : prod;
  },
  matmulTN(a, b) {
    assertMatmul('matmulTN', a.cols, a.rows, b.rows, b.cols);
    const n = a.cols,
      k = a.rows,
      m = b.cols;
    const A = a.num,
      B = b.num;
    const C = new Array<bigint>(n * m).fill(0n);
    for (let p = 0; p < k; p++) {
      const bp = p * m;
      for (let i = 0; i < n; i++) {
        const api = A[p * n + i];
        if (api === 0n) continue;
        const ci = i * m;
        for (let j = 0; j < m; j++) {
          const bv = B[bp + j];
          if (bv !== 0n) C[ci + j] += api * bv;
        }
      }
    }
    return reduceQ(new QTensor(n, m, C, a.den * b.den));
  },
  matmulNT(a, b) {
    assertMatmul('matmulNT', a.rows, a.cols, b.cols, b.rows);
    const n = a.rows,
      k = a.cols,
      m = b.rows;
    const A = a.num,
      B = b.num;
    const C = new Array<bigint>(n * m);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let s = 0n;
        for (let p = 0; p < k; p++) {
          const x = A[i * k + p];
          if (x !== 0n) s += x * B[j * k + p];
        }
        C[i * m + j] = s;
      }
    return reduceQ(new QTensor(n, m, C, a.den * b.den));
  },
  add(a, b) {
    assertSameShape('add', a, b);
    const [x, y, d] = common(a, b);
    return reduceQ(
      new QTensor(
        a.rows,
        a.cols,
        x.map((v, i) => v + y[i]),
        d,
      ),
    );
  },
  sub(a, b) {
    assertSameShape('sub', a, b);
    const [x, y, d] = common(a, b);
    return reduceQ(
      new QTensor(
        a.rows,
        a.cols,
        x.map((v, i) => v - y[i]),
        d,
      ),
    );
  },
  hadamard(a, b) {
    assertSameShape('hadamard', a, b);
    return reduceQ(
      new QTensor(
        a.rows,
        a.cols,
        a.num.map((v, i) => v * b.num[i]),
        a.den * b.den,
      ),
    );
  },
  scale(a, s) {
    const sn = numOf(s);
    return reduceQ(
      new QTensor(
        a.rows,
        a.cols,
        a.num.map((v) => v * sn),
        a.den * s.d,
      ),
    );
  },
  addColumn(a, col) {
    if (col.rows !== a.rows || col.cols !== 1)
      throw new RangeError(`addColumn: column ${col.rows}×${col.cols} does not fit ${a.rows}×${a.cols}`);
    const L = a.den === col.den ? a.den : lcmBig(a.den, col.den);
    const fa = L / a.den,
      fc = L / col.den;
    const m = a.cols;
    const out = new Array<bigint>(a.num.length);
    for (let i = 0; i < a.rows; i++) {
      const c = col.num[i] * fc;
      for (let j = 0; j < m; j++) out[i * m + j] = a.num[i * m + j] * fa + c;
    }
    return reduceQ(new QTensor(a.rows, m, out, L));
  },
  rowSums(a) {
    const out = new Array<bigint>(a.rows);
    for (let i = 0; i < a.rows; i++) {
      let s = 0n;
      for (let j = 0; j < a.cols; j++) s += a.num[i * a.cols + j];
      out[i] = s;
    }
    return reduceQ(new QTensor(a.rows, 1, out, a.den));
  },
  sum: (a) =>
    new Fraction(
      a.num.reduce((s, x) => s + x, 0n),
      a.den,
    ),
  sumSquares: (a) =>
    new Fraction(
      a.num.reduce((s, x) => s + x * x, 0n),
      a.den * a.den,
    ),
  dot(a, b) {
    assertSameShape('dot', a, b);
    let s = 0n;
    for (let i = 0; i < a.num.length; i++) s += a.num[i] * b.num[i];
    return new Fraction(s, a.den * b.den);
  },
  gather(src, index, rows, cols) {
    const out = new Array<bigint>(rows * cols);
    for (let k = 0; k < out.length; k++) out[k] = index[k] >= 0 ? src.num[index[k]] : 0n;
    return new QTensor(rows, cols, out, src.den);
  },
  scatter(src, index, length) {
    const out = new Array<bigint>(length).fill(0n);
    for (let k = 0; k < index.length; k++) if (index[k] >= 0) out[index[k]] += src.num[k];
    return reduceQ(new QTensor(length, 1, out, src.den));
  },
  slice(src, offset, rows, cols) {
    if (offset < 0 || offset + rows * cols > src.num.length)
      throw new RangeError(`slice: ${rows}×${cols} at ${offset} exceeds ${src.num.length} entries`);
    return new QTensor(rows, cols, src.num.slice(offset, offset + rows * cols), src.den);
  },
  scatterSum(parts, length) {
    let L = 1n;
    for (const { src } of parts) if (L % src.den !== 0n) L = lcmBig(L, src.den);
    const out = new Array<bigint>(length).fill(0n);
    for (const { src, index } of parts) {
      const f = L / src.den;
      for (let k = 0; k < index.length; k++)
        if (index[k] >= 0 && src.num[k] !== 0n) out[index[k]] += f === 1n ? src.num[k] : src.num[k] * f;
    }
    return reduceQ(new QTensor(length, 1, out, L));
  },
  activatePieces(z, table, pieces) {
    const t = pwlInts(table);
    const D = z.den;
    const value = z.num.map((x, i) => t.slopeInt[pieces[i]] * x + t.icptInt[pieces[i]] * D);
    const slope = z.num.map((_, i) => t.slopeInt[pieces[i]]);
    return {
      value: reduceQ(new QTensor(z.rows, z.cols, value, D * t.L)),
      slope: reduceQ(new QTensor(z.rows, z.cols, slope, t.L)),
      piece: pieces,
      kinks: [],
    };
  },
  activate(z, fn: Elementwise, opts: ActivateOptions = {}): ActivationResult<QTensor> {
    const curvature = opts.curvature ?? false;
    const n = z.num.length;
    const piece = new Int32Array(n);
    const kinks: number[] = [];
    if (fn.kind === 'smooth')
      throw new TypeError(`the ${fn.name} activation is not rational; run it on the float64 or decimal backend`);
    if (fn.kind === 'poly') {
      const p = polyInts(fn.table);
      return {
        value: polyOnNumerators(p.value, p.L, z),
        slope: polyOnNumerators(p.slope, p.L, z),
        curvature: curvature ? polyOnNumerators(p.curvature, p.L, z) : undefined,
        piece,
        kinks,
      };
    }
    const t = pwlInts(fn.table);
    const K = t.bpNum.length;
    const D = z.den;
    // Scaled breakpoints t_k·D·bpDen_k compared against num·bpDen_k.
    const bpScaled = t.bpNum.map((p) => p * D);
    const value = new Array<bigint>(n);
    const slope = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      const x = z.num[i];
      let p = 0;
      let c = 0;
      while (p < K) {
        const lhs = t.bpDen[p] === 1n ? x : x * t.bpDen[p];
        c = lhs > bpScaled[p] ? 1 : lhs < bpScaled[p] ? -1 : 0;
        if (c <= 0) break;
        p++;
      }
      if (p < K && c === 0) kinks.push(i);
      piece[i] = p;
      const s = t.slopeInt[p],
        b = t.icptInt[p];
      slope[i] = s;
      value[i] = (s === 0n ? 0n : s * x) + (b === 0n ? 0n : b * D);
    }
    return {
      value: reduceQ(new QTensor(z.rows, z.cols, value, D * t.L)),
      slope: reduceQ(new QTensor(z.rows, z.cols, slope, t.L)),
      curvature: curvature ? new QTensor(z.rows, z.cols, new Array<bigint>(n).fill(0n), 1n) : undefined,
      piece,
      kinks,
    };
  },
};
