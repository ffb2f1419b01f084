import {
  argmaxBy,
  assertMatmul,
  assertSameShape,
  type ActivateOptions,
  type ActivationResult,
  type Backend,
} from './backend.js';
import { smoothEval, type Elementwise, type PolyTable } from './elementwise.js';
import { float64 } from './float64.js';
import { ratioToNumber } from './rational.js';

/** A row-major float64 tensor. */
export class FTensor {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float64Array,
  ) {}
}

/**
 * float64 tensors on flat Float64Arrays. Loops are written out (i-k-j order
 * for products) because ml-matrix allocates per row and costs several× on
 * the small layers the suite runs; ml-matrix remains the float path for
 * decompositions (SVD, eigenvalues) in src/linalg.
 */
export const floatBackend: Backend<FTensor, number> = {
  name: 'float64',
  field: float64,
  zeros: (r, c) => new FTensor(r, c, new Float64Array(r * c)),
  fromScalars: (r, c, data) => fromArray(r, c, data),
  fromNumbers: (r, c, data) => fromArray(r, c, data),
  toScalars: (t) => {
    const out = new Array<number>(t.data.length); // a plain loop: Array.from on a typed array is ~10× slower
    for (let i = 0; i < out.length; i++) out[i] = t.data[i];
    return out;
  },
  toNumbers: (t) => t.data.slice(),
  get: (t, i, j) => t.data[i * t.cols + j],
  matmul(a, b) {
    assertMatmul('matmul', a.rows, a.cols, b.rows, b.cols);
    const n = a.rows,
      k = a.cols,
      m = b.cols;
    const A = a.data,
      B = b.data,
      C = new Float64Array(n * m);
    if (n > 1 && m >= 256 && zeroFraction(B) > 0.75) {
      // a wide, mostly zero b (the Hessian's forward tangents): each row's nonzero columns listed once
      const cols: Int32Array[] = [];
      for (let p = 0; p < k; p++) {
        const nz: number[] = [];
        for (let j = 0; j < m; j++) if (B[p * m + j] !== 0) nz.push(j);
        cols.push(Int32Array.from(nz));
      }
      for (let i = 0; i < n; i++) {
        const ci = i * m;
        for (let p = 0; p < k; p++) {
          const aip = A[i * k + p];
          if (aip === 0) continue;
          const nz = cols[p],
            bp = p * m;
          for (let x = 0; x < nz.length; x++) C[ci + nz[x]] += aip * B[bp + nz[x]];
        }
      }
      return new FTensor(n, m, C);
    }
    for (let i = 0; i < n; i++) {
      const ci = i * m;
      for (let p = 0; p < k; p++) {
        const aip = A[i * k + p];
        if (aip !== 0) axpy(C, ci, aip, B, p * m, m);
      }
    }
    return new FTensor(n, m, C);
  },
  affine(w, a, b) {
    assertMatmul('affine', w.rows, w.cols, a.rows, a.cols);
    if (b && (b.rows !== w.rows || b.cols !== 1))
      throw new RangeError(`affine: bias ${b.rows}×${b.cols} does not fit ${w.rows} rows`);
    const n = w.rows,
      k = w.cols,
      m = a.cols;
    const A = w.data,
      B = a.data,
      C = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const ci = i * m;
      if (b) C.fill(b.data[i], ci, ci + m);
      for (let p = 0; p < k; p++) {
        const aip = A[i * k + p];
        if (aip !== 0) axpy(C, ci, aip, B, p * m, m);
      }
    }
    return new FTensor(n, m, C);
  },
  matmulTN(a, b) {
    assertMatmul('matmulTN', a.cols, a.rows, b.rows, b.cols);
    const n = a.cols,
      k = a.rows,
      m = b.cols;
    const A = a.data,
      B = b.data,
      C = new Float64Array(n * m);
    if (zeroFraction(B) > 0.25) {
      // Backprop's Wᵀ·δ with δ sparse after a ReLU: skip δ's zero entries.
      for (let p = 0; p < k; p++) {
        const ap = p * n,
          bp = p * m;
        for (let j = 0; j < m; j++) {
          const bv = B[bp + j];
          if (bv === 0) continue;
          for (let i = 0; i < n; i++) C[i * m + j] += A[ap + i] * bv;
        }
      }
      return new FTensor(n, m, C);
    }
    for (let p = 0; p < k; p++) {
      const bp = p * m;
      for (let i = 0; i < n; i++) {
        const api = A[p * n + i];
        if (api !== 0) axpy(C, i * m, api, B, bp, m);
      }
    }
    return new FTensor(n, m, C);
  },
  matmulNT(a, b) {
    assertMatmul('matmulNT', a.rows, a.cols, b.cols, b.rows);
    const n = a.rows,
      k = a.cols,
      m = b.rows;
    const A = a.data,
      B = b.data,
      C = new Float64Array(n * m);
    if (a === b) {
      // a Gram matrix a·aᵀ (the Gauss–Newton part of the Hessian): the upper triangle over nonzero rows, mirrored
      const live: number[] = [];
      for (let i = 0; i < n; i++) if (A.subarray(i * k, (i + 1) * k).some((x) => x !== 0)) live.push(i);
      for (let x = 0; x < live.length; x++)
        for (let y = x; y < live.length; y++) {
          const i = live[x],
            j = live[y];
          const s = dotRows(A, i * k, j * k, k);
          C[i * m + j] = s;
          C[j * m + i] = s;
        }
      return new FTensor(n, m, C);
    }
    if (zeroFraction(A) > 0.25) {
      // Backprop's δ·aᵀ with δ sparse: only the nonzero entries of δ contribute (b transposed once, so rows are contiguous).
      const Bt = new Float64Array(k * m);
      for (let j = 0; j < m; j++) for (let p = 0; p < k; p++) Bt[p * m + j] = B[j * k + p];
      for (let i = 0; i < n; i++) {
        const ai = i * k,
          ci = i * m;
        for (let p = 0; p < k; p++) {
          const av = A[ai + p];
          if (av !== 0) axpy(C, ci, av, Bt, p * m, m);
        }
      }
      return new FTensor(n, m, C);
    }
    for (let i = 0; i < n; i++) {
      const ai = i * k;
      for (let j = 0; j < m; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
        C[i * m + j] = s;
      }
    }
    return new FTensor(n, m, C);
  },
  add(a, b) {
    assertSameShape('add', a, b);
    const A = a.data,
      B = b.data,
      out = new Float64Array(A.length);
    for (let i = 0; i < out.length; i++) out[i] = A[i] + B[i];
    return new FTensor(a.rows, a.cols, out);
  },
  sub(a, b) {
    assertSameShape('sub', a, b);
    const A = a.data,
      B = b.data,
      out = new Float64Array(A.length);
    for (let i = 0; i < out.length; i++) out[i] = A[i] - B[i];
    return new FTensor(a.rows, a.cols, out);
  },
  hadamard(a, b) {
    assertSameShape('hadamard', a, b);
    const A = a.data,
      B = b.data,
      out = new Float64Array(A.length);
    for (let i = 0; i < out.length; i++) out[i] = A[i] * B[i];
    return new FTensor(a.rows, a.cols, out);
  },
  scale(a, s) {
    const out = new Float64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = a.data[i] * s;
    return new FTensor(a.rows, a.cols, out);
  },
  addColumn(a, col) {
    if (col.rows !== a.rows || col.cols !== 1)
      throw new RangeError(`addColumn: column ${col.rows}×${col.cols} does not fit ${a.rows}×${a.cols}`);
    const out = new Float64Array(a.data.length);
    const m = a.cols;
    for (let i = 0; i < a.rows; i++) {
      const v = col.data[i];
      for (let j = 0; j < m; j++) out[i * m + j] = a.data[i * m + j] + v;
    }
    return new FTensor(a.rows, m, out);
  },
  rowSums(a) {
    const out = new Float64Array(a.rows);
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j];
      out[i] = s;
    }
    return new FTensor(a.rows, 1, out);
  },
  sum(a) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i];
    return s;
  },
  sumSquares(a) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i] * a.data[i];
    return s;
  },
  dot(a, b) {
    assertSameShape('dot', a, b);
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
    return s;
  },
  gather(src, index, rows, cols) {
    const out = new Float64Array(rows * cols);
    const s = src.data;
    for (let k = 0; k < out.length; k++) {
      const m = index[k];
      if (m >= 0) out[k] = s[m];
    }
    return new FTensor(rows, cols, out);
  },
  scatter(src, index, length) {
    const out = new Float64Array(length);
    const s = src.data;
    for (let k = 0; k < index.length; k++) {
      const m = index[k];
      if (m >= 0) out[m] += s[k];
    }
    return new FTensor(length, 1, out);
  },
  slice(src, offset, rows, cols) {
    if (offset < 0 || offset + rows * cols > src.data.length)
      throw new RangeError(`slice: ${rows}×${cols} at ${offset} exceeds ${src.data.length} entries`);
    return new FTensor(rows, cols, src.data.subarray(offset, offset + rows * cols));
  },
  scatterSum(parts, length) {
    const out = new Float64Array(length);
    for (const { src, index } of parts) {
      const s = src.data;
      for (let k = 0; k < index.length; k++) {
        const m = index[k];
        if (m >= 0) out[m] += s[k];
      }
    }
    return new FTensor(length, 1, out);
  },
  argmaxGroups: (src, index, size) => argmaxBy(index, size, (a, b) => src.data[a] - src.data[b]),
  activatePieces(z, table, pieces) {
    const t = pwlNumbers({ kind: 'pwl', table });
    const n = z.data.length,
      value = new Float64Array(n),
      slope = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = pieces[i];
      slope[i] = t.slope[p];
      value[i] = t.slope[p] * z.data[i] + t.icpt[p];
    }
    return {
      value: new FTensor(z.rows, z.cols, value),
      slope: new FTensor(z.rows, z.cols, slope),
      piece: pieces,
      kinks: [],
    };
  },
  activate(z, fn, opts: ActivateOptions = {}): ActivationResult<FTensor> {
    const n = z.data.length;
    const value = new Float64Array(n);
    const slope = new Float64Array(n);
    const curv = opts.curvature ? new Float64Array(n) : undefined;
    const piece = opts.pieces ? new Int32Array(n) : undefined;
    const kinks: number[] = [];
    if (fn.kind === 'pwl') {
      const t = pwlNumbers(fn);
      const K = t.bp.length;
      const Z = z.data;
      if (K === 1) {
        // ReLU-like: one comparison per entry (the common case; ~2× faster).
        const b0 = t.bp[0],
          s0 = t.slope[0],
          s1 = t.slope[1],
          c0 = t.icpt[0],
          c1 = t.icpt[1];
        for (let i = 0; i < n; i++) {
          const x = Z[i];
          if (x > b0) {
            if (piece) piece[i] = 1;
            slope[i] = s1;
            value[i] = s1 * x + c1;
          } else {
            if (x === b0) kinks.push(i);
            slope[i] = s0;
            value[i] = s0 * x + c0;
          }
        }
      } else {
        for (let i = 0; i < n; i++) {
          const x = Z[i];
          let p = 0;
          while (p < K && x > t.bp[p]) p++;
          if (p < K && x === t.bp[p]) kinks.push(i);
          if (piece) piece[i] = p;
          slope[i] = t.slope[p];
          value[i] = t.slope[p] * x + t.icpt[p];
        }
      }
    } else if (fn.kind === 'poly') {
      const c = polyNumbers(fn.table);
      const m = c.length - 1;
      const Z = z.data;
      for (let i = 0; i < n; i++) {
        // Horner with three accumulators: σ, σ′, σ″/2
        const x = Z[i];
        let v = c[m],
          d1 = 0,
          d2 = 0;
        for (let k = m - 1; k >= 0; k--) {
          d2 = d2 * x + d1;
          d1 = d1 * x + v;
          v = v * x + c[k];
        }
        value[i] = v;
        slope[i] = d1;
        if (curv) curv[i] = 2 * d2;
      }
    } else {
      const alpha = fn.alpha ?? 1;
      for (let i = 0; i < n; i++) {
        const [v, d1, d2] = fastSmooth(fn.name, z.data[i], alpha);
        value[i] = v;
        slope[i] = d1;
        if (curv) curv[i] = d2;
      }
    }
    return {
      value: new FTensor(z.rows, z.cols, value),
      slope: new FTensor(z.rows, z.cols, slope),
      curvature: curv ? new FTensor(z.rows, z.cols, curv) : undefined,
      piece,
      kinks,
    };
  },
};

function fromArray(r: number, c: number, data: ArrayLike<number>): FTensor {
  if (data.length !== r * c) throw new RangeError(`expected ${r}×${c} = ${r * c} entries, got ${data.length}`);
  return new FTensor(r, c, Float64Array.from(data));
}

/**
 * C[ci + j] += a · B[bp + j] for j < m, unrolled by 4: on the suite's small
 * layers this is ~2× faster in V8 than the plain loop.
 */
function axpy(C: Float64Array, ci: number, a: number, B: Float64Array, bp: number, m: number): void {
  let j = 0;
  for (; j + 3 < m; j += 4) {
    C[ci + j] += a * B[bp + j];
    C[ci + j + 1] += a * B[bp + j + 1];
    C[ci + j + 2] += a * B[bp + j + 2];
    C[ci + j + 3] += a * B[bp + j + 3];
  }
  for (; j < m; j++) C[ci + j] += a * B[bp + j];
}

/** Σ_p A[ai + p]·A[bj + p] for p < k, unrolled by 4. */
function dotRows(A: Float64Array, ai: number, bj: number, k: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    p = 0;
  for (; p + 3 < k; p += 4) {
    s0 += A[ai + p] * A[bj + p];
    s1 += A[ai + p + 1] * A[bj + p + 1];
    s2 += A[ai + p + 2] * A[bj + p + 2];
    s3 += A[ai + p + 3] * A[bj + p + 3];
  }
  for (; p < k; p++) s0 += A[ai + p] * A[bj + p];
  return s0 + s1 + (s2 + s3);
}

function zeroFraction(x: Float64Array): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === 0) z++;
  return z / Math.max(1, x.length);
}

const pwlCache = new WeakMap<object, { bp: Float64Array; slope: Float64Array; icpt: Float64Array }>();
function pwlNumbers(fn: Extract<Elementwise, { kind: 'pwl' }>) {
  let t = pwlCache.get(fn.table);
  if (!t) {
    // ratioToNumber, not valueOf(): Number(n)/Number(d) is NaN when both parts exceed 1e308.
    const num = (xs: readonly { s: bigint; n: bigint; d: bigint }[]) =>
      Float64Array.from(xs, (x) => ratioToNumber(x.s * x.n, x.d));
    t = { bp: num(fn.table.breakpoints), slope: num(fn.table.slopes), icpt: num(fn.table.intercepts) };
    pwlCache.set(fn.table, t);
  }
  return t;
}

const polyCache = new WeakMap<object, Float64Array>();
function polyNumbers(table: PolyTable): Float64Array {
  let c = polyCache.get(table);
  if (!c) {
    c = Float64Array.from(table.coefficients, (x) => ratioToNumber(x.s * x.n, x.d));
    polyCache.set(table, c);
  }
  return c;
}

function fastSmooth(name: string, x: number, alpha: number): [number, number, number] {
  switch (name) {
    case 'tanh': {
      const t = Math.tanh(x);
      const d1 = 1 - t * t;
      return [t, d1, -2 * t * d1];
    }
    case 'sigmoid': {
      const s = float64.sigmoid(x);
      const d1 = s * (1 - s);
      return [s, d1, d1 * (1 - 2 * s)];
    }
    default:
      return smoothEval(float64, name as never, x, alpha);
  }
}
