// The Hessian by per-layer structured products (issue 13, item 3) equals the reference Hessian
// (one Hessian-vector product per parameter, hessianByHvp) exactly on the exact backend, on random
// FC nets (PWL, polynomial and mixed activations, bias-free layers), CNNs with pooling, forced
// pieces and kinked points; float and decimal agree with it. The exact backend's float64 integer
// path (numerators below 2^53) gives the same integers as rational arithmetic, right at the bound.
// Each test names the code mutation it kills.
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import { cnnArch, datasetFor, fcArch, paramsFor, polyActivation, pwlActivation } from '../../src/gen/index.js';
import {
  activationPattern,
  crossEntropyLoss,
  forcedPiecesOf,
  type ForcedPieces,
  cube,
  dataTensors,
  exactHessian,
  fcNetwork,
  forward,
  hessian,
  hessianByHvp,
  hessianTensor,
  paramTensor,
  relu,
  squaredLoss,
  type Dataset,
  type Loss,
  type Network,
} from '../../src/model/index.js';
import {
  decimalBackend,
  exactBackend,
  floatBackend,
  FTensor,
  rational,
  scalarBackend,
  type Backend,
  type Tensor,
} from '../../src/numeric/index.js';

const mse = squaredLoss();
const str = (rows: readonly (readonly Fraction[])[]) => rows.map((r) => r.map((x) => x.toFraction()));

function both<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  forced?: ForcedPieces,
) {
  const { X, Y } = dataTensors(be, net, data);
  const th = paramTensor(be, net, theta);
  return { fast: hessian(be, net, loss, th, X, Y, forced), ref: hessianByHvp(be, net, loss, th, X, Y, forced) };
}

/** Random pieces for every PWL layer of the net on N samples (another cell's polynomial). */
const forcedFor = (net: Network, N: number) =>
  fc.tuple(
    ...net.layers.map((l) =>
      l.activation.kind === 'pwl' && l.activation.breakpoints.length > 0
        ? fc
            .array(fc.integer({ min: 0, max: l.activation.breakpoints.length }), {
              minLength: l.outDim * N,
              maxLength: l.outDim * N,
            })
            .map((p) => Int32Array.from(p))
        : fc.constant(null),
    ),
  );

const fcInstance = fcArch({
  maxDepth: 4,
  maxWidth: 3,
  activation: fc.oneof(pwlActivation(), polyActivation({ maxDegree: 3 })),
}).chain((net) => fc.record({ net: fc.constant(net), data: datasetFor(net, { maxN: 4 }), theta: paramsFor(net) }));

describe('structured Hessian = per-parameter HVP Hessian, exactly', () => {
  // kills: a missing B or Bᵀ (cross-layer) term, a missing σ″ term, the Gauss–Newton factor 2k wrong
  // (e.g. k), the bias direct term dropped, a tangent not multiplied by the slope, a wrong parameter bound Q
  test.prop([fcInstance], { numRuns: 60 })(
    'FC nets of depth 1–4, PWL / polynomial / mixed, with and without biases',
    ({ net, data, theta }) => {
      const { fast, ref } = both(exactBackend, net, mse, theta, data);
      expect(str(fast.hessian)).toEqual(str(ref.hessian));
      expect(fast.kinks).toEqual(ref.kinks);
    },
  );

  // kills: forced pieces ignored by the structured path (slopes or the tangents of another cell)
  test.prop(
    [
      fcArch({ minDepth: 2, maxDepth: 3, maxWidth: 3 }).chain((net) =>
        datasetFor(net, { maxN: 3 }).chain((data) =>
          fc.record({
            net: fc.constant(net),
            data: fc.constant(data),
            theta: paramsFor(net),
            forced: forcedFor(net, data.inputs.length),
          }),
        ),
      ),
    ],
    { numRuns: 40 },
  )('forced pieces (the polynomial of another cell)', ({ net, data, theta, forced }) => {
    const { fast, ref } = both(exactBackend, net, mse, theta, data, forced);
    expect(str(fast.hessian)).toEqual(str(ref.hessian));
  });

  // kills: tied (convolution) parameters not summed through the index map, structural zeros (−1)
  // entered, pooling (a fixed layer) not propagating tangents, tied biases mapped per map not per unit
  test.prop(
    [
      cnnArch({ activation: fc.oneof(pwlActivation(), polyActivation({ maxDegree: 2 })) }).chain((net) =>
        fc.record({ net: fc.constant(net), data: datasetFor(net, { maxN: 3 }), theta: paramsFor(net) }),
      ),
    ],
    { numRuns: 30 },
  )('CNNs (1-D and 2-D, same/valid padding, bias-free maps, average pooling)', ({ net, data, theta }) => {
    const { fast, ref } = both(exactBackend, net, mse, theta, data);
    expect(str(fast.hessian)).toEqual(str(ref.hessian));
  });

  // kills: the 'hvp' method of exactHessian (the re-checks' independent Hessian) silently the structured one
  // being wrong in the same way: both are computed and compared at a point where the σ″ term matters
  it('exactHessian by both methods agrees on a cubic net', () => {
    const net = fcNetwork([1, 2, 1], cube());
    const data: Dataset = {
      inputs: [[new Fraction(1)], [new Fraction(-2)]],
      targets: [[new Fraction(1)], [new Fraction(0)]],
    };
    const theta = ['1', '-1', '1/2', '1/3', '2', '-1', '1/5'].map((x) => new Fraction(x));
    const a = exactHessian(net, mse, theta, data),
      b = exactHessian(net, mse, theta, data, 'hvp');
    if (a.kind !== 'interior' || b.kind !== 'interior') throw new Error('expected an interior point');
    expect(str(a.value)).toEqual(str(b.value));
  });
});

describe('float and decimal structured Hessians agree with the exact one', () => {
  // kills: a float-only bug in the Gram fast path (a·aᵀ computed on the upper triangle and mirrored,
  // zero rows skipped), or the general-loss path (cross-entropy's ℓ″ applied per parameter) wrong
  test.prop([fcInstance], { numRuns: 40 })(
    'float64 and decimal within rounding of the exact Hessian',
    ({ net, data, theta }) => {
      const exact = both(exactBackend, net, mse, theta, data).fast.hessian.map((r) =>
        r.map((x) => rational.toNumber(x)),
      );
      // the exact pattern forced on the float and decimal passes: a pre-activation exactly on a breakpoint
      // (left slope in every pass) can round to just above it (5/3 as a double), which is another cell's
      // Hessian, not an arithmetic error
      const forced = forcedPiecesOf(net, activationPattern(net, theta, data));
      const fl = both(floatBackend, net, mse, theta, data, forced);
      const dec = both(decimalBackend, net, mse, theta, data, forced).fast.hessian;
      const scale = Math.max(1, ...exact.flat().map(Math.abs));
      exact.forEach((row, i) =>
        row.forEach((x, j) => {
          expect(Math.abs(fl.fast.hessian[i][j] - x)).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.abs(fl.ref.hessian[i][j] - x)).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.abs(dec[i][j].toNumber() - x)).toBeLessThanOrEqual(1e-12 * scale);
        }),
      );
    },
  );

  test.prop(
    [
      fcArch({ maxDepth: 3, maxWidth: 3, maxOutput: 3 }).chain((net) =>
        fc.record({ net: fc.constant(net), data: datasetFor(net, { maxN: 4 }), theta: paramsFor(net) }),
      ),
    ],
    { numRuns: 30 },
  )('cross-entropy (float64): structured = HVP within rounding', ({ net, data, theta }) => {
    const { fast, ref } = both(floatBackend, net, crossEntropyLoss(), theta, data);
    const scale = Math.max(1, ...ref.hessian.flat().map(Math.abs));
    ref.hessian.forEach((row, i) =>
      row.forEach((x, j) => expect(Math.abs(fast.hessian[i][j] - x)).toBeLessThanOrEqual(1e-9 * scale)),
    );
  });

  // kills: the structured Hessian reading parameters of a later layer into an earlier tangent (its
  // P×P tensor then not symmetric), or hessianTensor and hessian disagreeing on the layout
  test.prop([fcInstance], { numRuns: 30 })(
    'the exact tensor is symmetric and is the row-major hessian',
    ({ net, data, theta }) => {
      const { X, Y } = dataTensors(exactBackend, net, data);
      const t = hessianTensor(exactBackend, net, mse, paramTensor(exactBackend, net, theta), X, Y).hessian;
      const P = net.paramCount;
      const flat = exactBackend.toScalars(t);
      for (let i = 0; i < P; i++)
        for (let j = 0; j < i; j++) expect(flat[i * P + j].equals(flat[j * P + i])).toBe(true);
      const rows = both(exactBackend, net, mse, theta, data).fast.hessian;
      expect(rows.flat().map((x) => x.toFraction())).toEqual(flat.map((x) => x.toFraction()));
    },
  );
});

describe('float64 kernels the structured Hessian leans on', () => {
  // kills: the sparse-row branch of matmul (b wide and mostly zero: the forward tangents) dropping or
  // misplacing a column, the transposed-b branch of a sparse matmulNT reading b's transpose wrongly
  test.prop(
    [fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 256, max: 400 }), fc.integer()],
    {
      numRuns: 20,
    },
  )('sparse wide products equal the plain triple loop', (n, k, m, seed) => {
    let s = seed >>> 0;
    const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) % 1000) / 100 - 5;
    const sparse = (len: number, zero: number) =>
      Float64Array.from({ length: len }, () => (Math.abs(rnd()) < zero ? rnd() : 0));
    const A = sparse(n * k, 6),
      B = sparse(k * m, 0.5); // about 90% zeros
    const C = floatBackend.matmul(new FTensor(n, k, A), new FTensor(k, m, B)).data;
    const D = floatBackend.matmulNT(
      new FTensor(
        m,
        k,
        Float64Array.from({ length: m * k }, (_, x) => B[(x % k) * m + Math.floor(x / k)]),
      ),
      new FTensor(n, k, A),
    ).data;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let want = 0;
        for (let p = 0; p < k; p++) want += A[i * k + p] * B[p * m + j];
        expect(C[i * m + j]).toBeCloseTo(want, 10);
        expect(D[j * n + i]).toBeCloseTo(want, 10);
      }
  });

  // kills: the same, end to end: a net wide enough that the tangents take the sparse branches
  it('FC 3-8-8-1 on 16 samples: float structured = float HVP = exact', () => {
    const net = fcNetwork([3, 8, 8, 1], relu());
    let s = 7;
    const r = () => new Fraction(((s = (s * 1103515245 + 12345) % 2147483648) % 17) - 8, 8);
    const data: Dataset = {
      inputs: Array.from({ length: 16 }, () => [r(), r(), r()]),
      targets: Array.from({ length: 16 }, () => [r()]),
    };
    const theta = Array.from({ length: net.paramCount }, r);
    const exact = both(exactBackend, net, mse, theta, data);
    expect(str(exact.fast.hessian)).toEqual(str(exact.ref.hessian));
    const fl = both(floatBackend, net, mse, theta, data);
    exact.fast.hessian.forEach((row, i) =>
      row.forEach((x, j) => {
        expect(fl.fast.hessian[i][j]).toBeCloseTo(rational.toNumber(x), 9);
        expect(fl.ref.hessian[i][j]).toBeCloseTo(rational.toNumber(x), 9);
      }),
    );
  });
});

describe('the exact backend: float64 integer path = rational arithmetic, at the 2^53 bound', () => {
  const ref = scalarBackend(rational);
  // integers just below and above 2^26.5: products of two need 53 or 54 bits, sums of two one more
  const big = fc.oneof(
    fc.integer({ min: -(2 ** 27) + 1, max: 2 ** 27 - 1 }),
    fc.integer({ min: -(2 ** 26) + 1, max: 2 ** 26 - 1 }),
    fc.constantFrom(2 ** 26, 2 ** 26 + 1, 2 ** 27 - 1, -(2 ** 27) + 1, 94906265, 94906267),
  );
  const den = fc.constantFrom(1n, 2n, 3n, 7n, 2n ** 40n, 3n ** 30n);
  const tensor = (rows: number, cols: number) =>
    fc
      .tuple(fc.array(big, { minLength: rows * cols, maxLength: rows * cols }), den)
      .map(([xs, d]) => xs.map((x) => new Fraction(BigInt(x), d)));
  const same = (a: Fraction[], b: Fraction[]) =>
    expect(a.map((x) => x.toFraction())).toEqual(b.map((x) => x.toFraction()));
  const run = <T extends Tensor>(
    be: Backend<T, Fraction>,
    r: number,
    k: number,
    c: number,
    A: Fraction[],
    B: Fraction[],
    C: Fraction[],
  ) => {
    const a = be.fromScalars(r, k, A),
      b = be.fromScalars(k, c, B),
      bt = be.fromScalars(c, k, B),
      at = be.fromScalars(k, r, A),
      sq = be.fromScalars(r, k, C);
    return [
      be.matmul(a, b),
      be.matmulNT(a, bt),
      be.matmulTN(at, b),
      be.matmulNT(a, a),
      be.hadamard(a, sq),
      be.add(a, sq),
      be.sub(a, sq),
      be.scale(a, new Fraction(94906267, 5)),
      be.rowSums(a),
      be.scatterSum(
        [
          { src: a, index: Int32Array.from({ length: r * k }, (_, i) => i % 3) },
          { src: sq, index: Int32Array.from({ length: r * k }, (_, i) => (i * 7) % 3) },
        ],
        3,
      ),
      be.gather(
        a,
        Int32Array.from({ length: r * k }, (_, i) => (i * 5) % (r * k)),
        r,
        k,
      ),
    ].map((t) => be.toScalars(t));
  };
  // kills: the exactness bound loosened by one bit anywhere (a product or a sum of two 27-bit
  // numerators rounds in float64), the scatter sum trusting its data-independent bound, a wrong
  // common-denominator factor in add/sub, reduceQ dividing by a gcd that does not divide the denominator
  test.prop(
    [
      fc
        .record({
          r: fc.integer({ min: 1, max: 3 }),
          k: fc.integer({ min: 1, max: 4 }),
          c: fc.integer({ min: 1, max: 3 }),
        })
        .chain(({ r, k, c }) =>
          fc.record({
            r: fc.constant(r),
            k: fc.constant(k),
            c: fc.constant(c),
            A: tensor(r, k),
            B: tensor(k, c),
            C: tensor(r, k),
          }),
        ),
    ],
    { numRuns: 150 },
  )('products, Gram, hadamard, add/sub, scale, row sums, scatter sums, gather', ({ r, k, c, A, B, C }) => {
    const got = run(exactBackend, r, k, c, A, B, C),
      want = run(ref, r, k, c, A, B, C);
    got.forEach((g, i) => same(g, want[i]));
  });

  it('a product that needs 54 bits is exact (float64 would round it)', () => {
    const x = new Fraction(2 ** 27 - 1);
    const a = exactBackend.fromScalars(1, 2, [x, x]),
      b = exactBackend.fromScalars(2, 1, [x, x]);
    expect(exactBackend.toScalars(exactBackend.matmul(a, b))[0].toFraction()).toBe(
      (2n * (2n ** 27n - 1n) ** 2n).toString(),
    );
    expect(BigInt(2 * (2 ** 27 - 1) ** 2)).not.toBe(2n * (2n ** 27n - 1n) ** 2n); // float64 rounds it
  });

  it('the forward pass of the reference net runs on float64 integers and equals the rational one', () => {
    const net = fcNetwork([3, 4, 4, 1], relu());
    const data: Dataset = {
      inputs: [
        [1, 2, 3],
        [-1, 0, 2],
        [4, -4, 1],
      ].map((r) => r.map((x) => new Fraction(x, 8))),
      targets: [[1], [0], [-1]].map((r) => r.map((x) => new Fraction(x))),
    };
    const theta = Array.from({ length: net.paramCount }, (_, i) => new Fraction(((i * 7) % 17) - 8, 8));
    const run2 = <T extends Tensor>(be: Backend<T, Fraction>) => {
      const { X } = dataTensors(be, net, data);
      return be.toScalars(forward(be, net, paramTensor(be, net, theta), X).output).map((x) => x.toFraction());
    };
    expect(run2(exactBackend)).toEqual(run2(ref));
  });
});
