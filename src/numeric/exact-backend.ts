import { Fraction } from 'fraction.js';
import {
  argmaxBy,
  assertMatmul,
  assertSameShape,
  type ActivateOptions,
  type ActivationResult,
  type Backend,
} from './backend.js';
import type { Elementwise, PolyTable, PwlTable } from './elementwise.js';
import { FTensor, floatBackend } from './float-backend.js';
import { gcdBig, lcmBig, ratioOfDouble } from './parse.js';
import { numOf, rational } from './rational.js';

/**
 * Integer arithmetic in float64 (why it is exact): every integer of magnitude
 * below 2^53 is a double, and IEEE-754 addition and multiplication return the
 * exact result whenever it is representable. So an operation on integer
 * numerators runs in float64 when a bound proves that every product and every
 * partial sum it forms is an integer below 2^53 in magnitude:
 *  - products: |x| < 2^bx and |y| < 2^by give |x·y| < 2^(bx + by);
 *  - sums of k such terms (matrix products, row sums): below k·2^b ≤ 2^(b + ⌈log₂ k⌉);
 *  - scatter sums with data-dependent multiplicity: the sum of the absolute
 *    contributions is accumulated in float64 too; it stays below 2^53 exactly
 *    when the true one does (every partial sum below 2^53 is exact, and rounding
 *    is monotone, so a true sum ≥ 2^53 never rounds below 2^53), and it bounds
 *    every signed partial sum.
 * Otherwise the operation runs on bigints. Results are the same integers either way.
 */
const EXACT_BITS = 53;
const LIMIT = 2n ** 53n;

/** The least b with x < 2^b, for an integer 0 ≤ x < 2^53 held in a double. */
function bitsOf(x: number): number {
  let b = 0;
  while (b < EXACT_BITS && 2 ** b <= x) b++;
  return b;
}

/** The least b with |x| < 2^b, for a bigint. */
function bitsOfBig(x: bigint): number {
  return x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length;
}

/** ⌈log₂ k⌉ (0 for k ≤ 1): k terms each below 2^b in magnitude sum to below 2^(b + lg(k)). */
function lg(k: number): number {
  let c = 0;
  while (2 ** c < k) c++;
  return c;
}

/** gcd of two integers held in doubles (both below 2^53 in magnitude, so % is exact). */
function gcdNum(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * An exact rational tensor: entry k is num[k] / den, one shared denominator
 * den > 0. A layer's matrix product is then an integer matrix product plus one
 * denominator multiplication. The numerators are held as bigints, or as
 * float64 integers when every one is below 2^53 in magnitude (see EXACT_BITS);
 * each form is computed from the other on demand and kept.
 */
export class QTensor {
  private big: bigint[] | undefined;
  private flt: Float64Array | null | undefined;
  private nbits: number | undefined;
  /** `num` as a Float64Array must hold integers below 2^53 in magnitude (the caller's bound). */
  constructor(
    readonly rows: number,
    readonly cols: number,
    num: bigint[] | Float64Array,
    readonly den: bigint,
  ) {
    if (num instanceof Float64Array) this.flt = num;
    else this.big = num;
  }
  /** The numerators as bigints. */
  get num(): bigint[] {
    if (!this.big) this.big = Array.from(this.flt!, (x) => BigInt(x));
    return this.big;
  }
  /** The numerators as float64 integers, or null when one is 2^53 or more in magnitude. */
  get small(): Float64Array | null {
    if (this.flt === undefined) {
      const B = this.big!;
      let fits = true;
      for (let k = 0; k < B.length && fits; k++) fits = B[k] < LIMIT && B[k] > -LIMIT;
      this.flt = fits ? Float64Array.from(B, Number) : null;
    }
    return this.flt;
  }
  /** The least b with every |numerator| < 2^b. */
  get bits(): number {
    if (this.nbits === undefined) {
      const f = this.flt;
      if (f) {
        let m = 0;
        for (let k = 0; k < f.length; k++) {
          const x = f[k] < 0 ? -f[k] : f[k];
          if (x > m) m = x;
        }
        this.nbits = bitsOf(m);
      } else {
        let m = 0n;
        for (const x of this.big!) if ((x < 0n ? -x : x) > m) m = x < 0n ? -x : x;
        this.nbits = bitsOfBig(m);
      }
    }
    return this.nbits;
  }
  /** The numerators in their float64 form if that is what the tensor holds already (no conversion). */
  get held(): Float64Array | null {
    return this.flt ?? null;
  }
}

/**
 * Divide out the gcd of the denominator and all numerators. The scan stops as
 * soon as the running gcd is 1, which on typical data happens within a few
 * entries, so reducing after every product costs little and keeps the
 * integers from growing with depth.
 */
export function reduceQ(t: QTensor): QTensor {
  if (t.den === 1n) return t;
  const f = t.held;
  if (f) {
    let g = 0; // gcd(den, numerators so far), once a nonzero numerator is seen (then below 2^53)
    for (let k = 0; k < f.length && g !== 1; k++)
      if (f[k] !== 0) g = g === 0 ? Number(gcdBig(t.den, BigInt(f[k]))) : gcdNum(g, f[k]);
    if (g === 1) return t;
    if (g === 0) return new QTensor(t.rows, t.cols, new Float64Array(f.length), 1n);
    const out = new Float64Array(f.length);
    for (let k = 0; k < f.length; k++) out[k] = f[k] / g; // exact: g divides f[k]
    return new QTensor(t.rows, t.cols, out, t.den / BigInt(g));
  }
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

/** Numerators of a and b over their least common denominator: factors fa = L/a.den, fb = L/b.den. */
function commonDen(a: QTensor, b: QTensor): { L: bigint; fa: bigint; fb: bigint } {
  if (a.den === b.den) return { L: a.den, fa: 1n, fb: 1n };
  const L = lcmBig(a.den, b.den);
  return { L, fa: L / a.den, fb: L / b.den };
}

/** a ± b (sign = ±1) entrywise over the common denominator. */
function combine(a: QTensor, b: QTensor, sign: 1 | -1): QTensor {
  const { L, fa, fb } = commonDen(a, b);
  const sa = a.small,
    sb = b.small;
  if (sa && sb && Math.max(a.bits + bitsOfBig(fa), b.bits + bitsOfBig(fb)) + 1 <= EXACT_BITS) {
    const na = Number(fa),
      nb = sign * Number(fb);
    const out = new Float64Array(sa.length);
    for (let i = 0; i < out.length; i++) out[i] = sa[i] * na + sb[i] * nb;
    return reduceQ(new QTensor(a.rows, a.cols, out, L));
  }
  const x = fa === 1n ? a.num : a.num.map((v) => v * fa);
  const y = fb === 1n ? b.num : b.num.map((v) => v * fb);
  return reduceQ(
    new QTensor(
      a.rows,
      a.cols,
      x.map((v, i) => (sign > 0 ? v + y[i] : v - y[i])),
      L,
    ),
  );
}

/** The float64 matrix product of a and b's numerators when the bound allows it (k summed terms), else null. */
function floatProduct(a: QTensor, b: QTensor, k: number, op: (x: FTensor, y: FTensor) => FTensor): Float64Array | null {
  const sa = a.small,
    sb = b.small;
  if (!sa || !sb || a.bits + b.bits + lg(k) > EXACT_BITS) return null;
  const x = new FTensor(a.rows, a.cols, sa);
  return op(x, a === b ? x : new FTensor(b.rows, b.cols, sb)).data; // the same operand stays the same (Gram products)
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
  zeros: (r, c) => new QTensor(r, c, new Float64Array(r * c), 1n),
  fromScalars: (r, c, data) =>
    fromRatios(
      r,
      c,
      data.map((x) => ({ num: numOf(x), den: x.d })),
    ),
  fromNumbers: (r, c, data) => fromRatios(r, c, Array.from(data, ratioOfDouble)),
  toScalars: (t) => t.num.map((x) => new Fraction(x, t.den)),
  toNumbers(t) {
    const f = t.small;
    if (f && t.den < 2n ** 53n) {
      const d = Number(t.den);
      return f.map((x) => x / d); // both exact doubles: one correct rounding
    }
    return Float64Array.from(t.num, (x) => rational.toNumber(new Fraction(x, t.den)));
  },
  get: (t, i, j) => new Fraction(t.num[i * t.cols + j], t.den),
  matmul(a, b) {
    assertMatmul('matmul', a.rows, a.cols, b.rows, b.cols);
    const n = a.rows,
      k = a.cols,
      m = b.cols;
    const fast = floatProduct(a, b, k, floatBackend.matmul);
    if (fast) return reduceQ(new QTensor(n, m, fast, a.den * b.den));
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
    const fast = floatProduct(a, b, k, floatBackend.matmulTN);
    if (fast) return reduceQ(new QTensor(n, m, fast, a.den * b.den));
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
    const fast = floatProduct(a, b, k, floatBackend.matmulNT);
    if (fast) return reduceQ(new QTensor(n, m, fast, a.den * b.den));
    const A = a.num,
      B = b.num;
    const C = new Array<bigint>(n * m);
    const gram = a === b; // a·aᵀ is symmetric: compute j ≥ i, mirror
    const live = Array.from(
      { length: Math.max(n, m) },
      (_, i) => i < n && A.slice(i * k, (i + 1) * k).some((x) => x !== 0n),
    );
    for (let i = 0; i < n; i++)
      for (let j = gram ? i : 0; j < m; j++) {
        let s = 0n;
        if (live[i] && (!gram || live[j]))
          for (let p = 0; p < k; p++) {
            const x = A[i * k + p];
            if (x !== 0n) s += x * B[j * k + p];
          }
        C[i * m + j] = s;
        if (gram) C[j * m + i] = s;
      }
    return reduceQ(new QTensor(n, m, C, a.den * b.den));
  },
  add: (a, b) => {
    assertSameShape('add', a, b);
    return combine(a, b, 1);
  },
  sub: (a, b) => {
    assertSameShape('sub', a, b);
    return combine(a, b, -1);
  },
  hadamard(a, b) {
    assertSameShape('hadamard', a, b);
    const sa = a.small,
      sb = b.small;
    if (sa && sb && a.bits + b.bits <= EXACT_BITS) {
      const out = new Float64Array(sa.length);
      for (let i = 0; i < out.length; i++) out[i] = sa[i] * sb[i];
      return reduceQ(new QTensor(a.rows, a.cols, out, a.den * b.den));
    }
    // one side small (e.g. slopes, mostly 0 or 1): multiply without converting it to bigints
    const [x, y] = b.held ? [a, b] : [b, a];
    const X = x.num,
      fy = y.held;
    const out = new Array<bigint>(X.length);
    if (fy)
      for (let i = 0; i < X.length; i++) {
        const w = fy[i];
        out[i] = w === 0 || X[i] === 0n ? 0n : w === 1 ? X[i] : X[i] * BigInt(w);
      }
    else {
      const Y = y.num;
      for (let i = 0; i < X.length; i++) out[i] = X[i] * Y[i];
    }
    return reduceQ(new QTensor(a.rows, a.cols, out, a.den * b.den));
  },
  scale(a, s) {
    const sn = numOf(s);
    const sa = a.small;
    if (sa && a.bits + bitsOfBig(sn) <= EXACT_BITS) {
      const x = Number(sn);
      const out = new Float64Array(sa.length);
      for (let k = 0; k < sa.length; k++) out[k] = sa[k] * x;
      return reduceQ(new QTensor(a.rows, a.cols, out, a.den * s.d));
    }
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
    const { L, fa, fb: fc } = commonDen(a, col);
    const m = a.cols;
    const sa = a.small,
      sc = col.small;
    if (sa && sc && Math.max(a.bits + bitsOfBig(fa), col.bits + bitsOfBig(fc)) + 1 <= EXACT_BITS) {
      const na = Number(fa),
        nc = Number(fc);
      const out = new Float64Array(sa.length);
      for (let i = 0; i < a.rows; i++) {
        const c = sc[i] * nc;
        for (let j = 0; j < m; j++) out[i * m + j] = sa[i * m + j] * na + c;
      }
      return reduceQ(new QTensor(a.rows, m, out, L));
    }
    const A = a.num,
      Cn = col.num;
    const out = new Array<bigint>(A.length);
    for (let i = 0; i < a.rows; i++) {
      const c = Cn[i] * fc;
      for (let j = 0; j < m; j++) out[i * m + j] = A[i * m + j] * fa + c;
    }
    return reduceQ(new QTensor(a.rows, m, out, L));
  },
  rowSums(a) {
    const sa = a.small;
    if (sa && a.bits + lg(a.cols) <= EXACT_BITS)
      return reduceQ(new QTensor(a.rows, 1, floatBackend.rowSums(new FTensor(a.rows, a.cols, sa)).data, a.den));
    const A = a.num;
    const out = new Array<bigint>(a.rows);
    for (let i = 0; i < a.rows; i++) {
      let s = 0n;
      for (let j = 0; j < a.cols; j++) s += A[i * a.cols + j];
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
    const A = a.num,
      B = b.num;
    let s = 0n;
    for (let i = 0; i < A.length; i++) s += A[i] * B[i];
    return new Fraction(s, a.den * b.den);
  },
  gather(src, index, rows, cols) {
    const f = src.small;
    // reduced: a block of θ (a layer's weights) need not carry the denominators of the others
    if (f)
      return reduceQ(
        new QTensor(
          rows,
          cols,
          floatBackend.gather(new FTensor(src.rows, src.cols, f), index, rows, cols).data,
          src.den,
        ),
      );
    const S = src.num;
    const out = new Array<bigint>(rows * cols);
    for (let k = 0; k < out.length; k++) out[k] = index[k] >= 0 ? S[index[k]] : 0n;
    return reduceQ(new QTensor(rows, cols, out, src.den));
  },
  scatter: (src, index, length) => exactBackend.scatterSum([{ src, index }], length),
  slice(src, offset, rows, cols) {
    const size = src.rows * src.cols;
    if (offset < 0 || offset + rows * cols > size)
      throw new RangeError(`slice: ${rows}×${cols} at ${offset} exceeds ${size} entries`);
    const f = src.held;
    return reduceQ(
      new QTensor(
        rows,
        cols,
        f ? f.slice(offset, offset + rows * cols) : src.num.slice(offset, offset + rows * cols),
        src.den,
      ),
    );
  },
  scatterSum(parts, length) {
    let L = 1n;
    for (const { src } of parts) if (L % src.den !== 0n) L = lcmBig(L, src.den);
    const factors = parts.map(({ src }) => L / src.den);
    if (parts.every(({ src }, k) => src.small && src.bits + bitsOfBig(factors[k]) <= EXACT_BITS)) {
      // float64, with the sum of absolute contributions per target as the proof of exactness
      const out = new Float64Array(length),
        abs = new Float64Array(length);
      parts.forEach(({ src, index }, k) => {
        const s = src.small!,
          f = Number(factors[k]);
        for (let i = 0; i < index.length; i++) {
          const m = index[i];
          if (m < 0 || s[i] === 0) continue;
          const v = s[i] * f;
          out[m] += v;
          abs[m] += Math.abs(v);
        }
      });
      let max = 0;
      for (let m = 0; m < length; m++) if (abs[m] > max) max = abs[m];
      if (max < 2 ** EXACT_BITS) return reduceQ(new QTensor(length, 1, out, L));
    }
    const out = new Array<bigint>(length).fill(0n);
    parts.forEach(({ src, index }, k) => {
      const f = factors[k];
      const S = src.num;
      for (let i = 0; i < index.length; i++)
        if (index[i] >= 0 && S[i] !== 0n) out[index[i]] += f === 1n ? S[i] : S[i] * f;
    });
    return reduceQ(new QTensor(length, 1, out, L));
  },
  argmaxGroups(src, index, size) {
    // one shared denominator > 0: compare the numerators
    const f = src.small;
    if (f) return argmaxBy(index, size, (a, b) => f[a] - f[b]);
    const B = src.num;
    return argmaxBy(index, size, (a, b) => (B[a] > B[b] ? 1 : B[a] < B[b] ? -1 : 0));
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
