import {
  argmaxBy,
  assertMatmul,
  assertSameShape,
  type ActivateOptions,
  type ActivationResult,
  type Backend,
} from './backend.js';
import { pieceOf, polyEval, smoothEval } from './elementwise.js';
import type { Field } from './field.js';
import { decimal50 } from './decimal.js';
import type { Decimal } from 'decimal.js';

/** A row-major tensor of field values. */
export class STensor<S> {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: S[],
  ) {}
}

/**
 * A backend over any scalar field, one field value per entry. It is the
 * decimal.js backend, and over `rational` a slow, obviously-correct reference
 * that the fast exact backend is tested against.
 */
export function scalarBackend<S>(field: Field<S>, name: 'decimal' | 'scalar' = 'scalar'): Backend<STensor<S>, S> {
  const f = field;
  const T = (r: number, c: number, d: S[]) => new STensor<S>(r, c, d);
  const zip = (op: string, a: STensor<S>, b: STensor<S>, g: (x: S, y: S) => S) => {
    assertSameShape(op, a, b);
    return T(
      a.rows,
      a.cols,
      a.data.map((x, i) => g(x, b.data[i])),
    );
  };
  const mm = (n: number, k: number, m: number, A: (i: number, p: number) => S, B: (p: number, j: number) => S) => {
    const out: S[] = new Array(n * m);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let s = f.zero;
        for (let p = 0; p < k; p++) s = f.add(s, f.mul(A(i, p), B(p, j)));
        out[i * m + j] = s;
      }
    return T(n, m, out);
  };
  const convCache = new WeakMap<object, { bp: S[]; slope: S[]; icpt: S[] }>();
  const polyCache = new WeakMap<object, S[]>();
  const self: Backend<STensor<S>, S> = {
    name,
    field,
    zeros: (r, c) => T(r, c, new Array(r * c).fill(f.zero)),
    fromScalars(r, c, data) {
      if (data.length !== r * c) throw new RangeError(`expected ${r}×${c} = ${r * c} entries, got ${data.length}`);
      return T(r, c, data.slice());
    },
    fromNumbers(r, c, data) {
      if (data.length !== r * c) throw new RangeError(`expected ${r}×${c} = ${r * c} entries, got ${data.length}`);
      return T(
        r,
        c,
        Array.from(data, (x) => f.fromNumber(x)),
      );
    },
    toScalars: (t) => t.data.slice(),
    toNumbers: (t) => Float64Array.from(t.data, (x) => f.toNumber(x)),
    get: (t, i, j) => t.data[i * t.cols + j],
    matmul(a, b) {
      assertMatmul('matmul', a.rows, a.cols, b.rows, b.cols);
      return mm(
        a.rows,
        a.cols,
        b.cols,
        (i, p) => a.data[i * a.cols + p],
        (p, j) => b.data[p * b.cols + j],
      );
    },
    affine(w, a, b) {
      const prod = self.matmul(w, a);
      return b ? self.addColumn(prod, b) : prod;
    },
    matmulTN(a, b) {
      assertMatmul('matmulTN', a.cols, a.rows, b.rows, b.cols);
      return mm(
        a.cols,
        a.rows,
        b.cols,
        (i, p) => a.data[p * a.cols + i],
        (p, j) => b.data[p * b.cols + j],
      );
    },
    matmulNT(a, b) {
      assertMatmul('matmulNT', a.rows, a.cols, b.cols, b.rows);
      return mm(
        a.rows,
        a.cols,
        b.rows,
        (i, p) => a.data[i * a.cols + p],
        (p, j) => b.data[j * b.cols + p],
      );
    },
    add: (a, b) => zip('add', a, b, f.add),
    sub: (a, b) => zip('sub', a, b, f.sub),
    hadamard: (a, b) => zip('hadamard', a, b, f.mul),
    scale: (a, s) =>
      T(
        a.rows,
        a.cols,
        a.data.map((x) => f.mul(x, s)),
      ),
    addColumn(a, col) {
      if (col.rows !== a.rows || col.cols !== 1)
        throw new RangeError(`addColumn: column ${col.rows}×${col.cols} does not fit ${a.rows}×${a.cols}`);
      return T(
        a.rows,
        a.cols,
        a.data.map((x, k) => f.add(x, col.data[Math.floor(k / a.cols)])),
      );
    },
    rowSums(a) {
      const out: S[] = [];
      for (let i = 0; i < a.rows; i++) {
        let s = f.zero;
        for (let j = 0; j < a.cols; j++) s = f.add(s, a.data[i * a.cols + j]);
        out.push(s);
      }
      return T(a.rows, 1, out);
    },
    sum: (a) => a.data.reduce((s, x) => f.add(s, x), f.zero),
    sumSquares: (a) => a.data.reduce((s, x) => f.add(s, f.mul(x, x)), f.zero),
    dot(a, b) {
      assertSameShape('dot', a, b);
      return a.data.reduce((s, x, i) => f.add(s, f.mul(x, b.data[i])), f.zero);
    },
    gather: (src, index, r, c) =>
      T(
        r,
        c,
        Array.from(index, (m) => (m >= 0 ? src.data[m] : f.zero)),
      ),
    scatter(src, index, length) {
      const out: S[] = new Array(length).fill(f.zero);
      index.forEach((m, k) => {
        if (m >= 0) out[m] = f.add(out[m], src.data[k]);
      });
      return T(length, 1, out);
    },
    slice(src, offset, rows, cols) {
      if (offset < 0 || offset + rows * cols > src.data.length)
        throw new RangeError(`slice: ${rows}×${cols} at ${offset} exceeds ${src.data.length} entries`);
      return T(rows, cols, src.data.slice(offset, offset + rows * cols));
    },
    scatterSum(parts, length) {
      const out: S[] = new Array(length).fill(f.zero);
      for (const { src, index } of parts)
        index.forEach((m, k) => {
          if (m >= 0) out[m] = f.add(out[m], src.data[k]);
        });
      return T(length, 1, out);
    },
    argmaxGroups: (src, index, size) => argmaxBy(index, size, (a, b) => f.compare(src.data[a], src.data[b])),
    activatePieces(z, table, pieces) {
      const conv = (x: { s: bigint; n: bigint; d: bigint }) => f.fromRatio(x.s * x.n, x.d);
      const value = z.data.map((x, i) =>
        f.add(f.mul(conv(table.slopes[pieces[i]]), x), conv(table.intercepts[pieces[i]])),
      );
      const slope = z.data.map((_, i) => conv(table.slopes[pieces[i]]));
      return { value: T(z.rows, z.cols, value), slope: T(z.rows, z.cols, slope), piece: pieces, kinks: [] };
    },
    activate(z, fn, opts: ActivateOptions = {}): ActivationResult<STensor<S>> {
      const curvature = opts.curvature ?? false;
      const n = z.data.length;
      const value: S[] = new Array(n),
        slope: S[] = new Array(n),
        curv: S[] = new Array(n);
      const piece = new Int32Array(n);
      const kinks: number[] = [];
      if (fn.kind === 'pwl') {
        let t = convCache.get(fn.table);
        if (!t) {
          const conv = (xs: readonly { s: bigint; n: bigint; d: bigint }[]) =>
            xs.map((x) => f.fromRatio(x.s * x.n, x.d));
          t = { bp: conv(fn.table.breakpoints), slope: conv(fn.table.slopes), icpt: conv(fn.table.intercepts) };
          convCache.set(fn.table, t);
        }
        for (let i = 0; i < n; i++) {
          const x = z.data[i];
          const { piece: p, onKink } = pieceOf(f, t.bp, x);
          if (onKink) kinks.push(i);
          piece[i] = p;
          slope[i] = t.slope[p];
          value[i] = f.add(f.mul(t.slope[p], x), t.icpt[p]);
          curv[i] = f.zero;
        }
      } else if (fn.kind === 'poly') {
        let c = polyCache.get(fn.table);
        if (!c) polyCache.set(fn.table, (c = fn.table.coefficients.map((x) => f.fromRatio(x.s * x.n, x.d))));
        for (let i = 0; i < n; i++) [value[i], slope[i], curv[i]] = polyEval(f, c, z.data[i]);
      } else {
        for (let i = 0; i < n; i++) [value[i], slope[i], curv[i]] = smoothEval(f, fn.name, z.data[i], fn.alpha);
      }
      return {
        value: T(z.rows, z.cols, value),
        slope: T(z.rows, z.cols, slope),
        curvature: curvature ? T(z.rows, z.cols, curv) : undefined,
        piece,
        kinks,
      };
    },
  };
  return self;
}

/** decimal.js tensors at 50 significant digits. */
export const decimalBackend: Backend<STensor<Decimal>, Decimal> = scalarBackend(decimal50, 'decimal');
