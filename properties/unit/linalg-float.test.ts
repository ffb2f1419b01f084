/**
 * The float decompositions (src/linalg/float.ts): their input checks, shapes
 * at the edges (empty matrices, wide ones, vectors), the rank cutoff, the
 * minimum-norm least-squares solution, and the inertia count's tolerance.
 * Written against the survivors of `npm run mutate -- linalg` on float.ts
 * (issue 20, part 2): each test names the mutants it kills.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  floatDefiniteness,
  floatLeastSquares,
  floatPivotedLdl,
  floatRank,
  fromRows,
  mat,
  rank,
  svd,
  symmetricEigen,
  toMlMatrix,
} from '../../src/linalg/index.js';
import { ratio, rational } from '../../src/numeric/index.js';

const small = fc.integer({ min: -5, max: 5 });
const matrix = (m: number, n: number) =>
  fc.array(fc.array(small, { minLength: n, maxLength: n }), { minLength: m, maxLength: m });

/** U·diag(s)·Vᵀ */
const product = (U: number[][], s: number[], V: number[][]) =>
  U.map((row) => V.map((vrow) => row.reduce((t, u, k) => t + u * s[k] * vrow[k], 0)));

describe('float decompositions: input checks', () => {
  // kills: the row-length check dropped (rowsOf), the finiteness check dropped, symmetricEigen's shape and
  // symmetry checks dropped, floatLeastSquares's shape check dropped
  it('ragged rows, non-finite entries, non-square or asymmetric input, mismatched b: a RangeError naming it', () => {
    expect(() => svd([[1, 2], [3]])).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(() => svd([[1, NaN]])).toThrow(/entry \(0, 1\) is NaN/);
    expect(() => symmetricEigen([[1, 2, 3]])).toThrow(/1×3, not square/);
    expect(() =>
      symmetricEigen([
        [1, 2],
        [2.001, 1],
      ]),
    ).toThrow(/not symmetric/);
    expect(() => floatLeastSquares([[1], [2]], [1, 2, 3])).toThrow(/A is 2×1 but b is 3×1/);
  });

  // kills: the symmetry tolerance taken absolute (maxAbs → Math.min, or symTol / scale): an asymmetry far below
  // the largest entry is rounding, not asymmetry
  it('an asymmetry below symTol relative to the largest entry is accepted', () => {
    const A = [
      [1e6, 1e6 + 1e-7],
      [1e6, 1],
    ];
    expect(symmetricEigen(A).values).toHaveLength(2);
  });
});

describe('float decompositions: shapes at the edges', () => {
  // kills: the empty-matrix branches (svd's k = 0, toMlMatrix's m = 0 or n = 0, floatLeastSquares with m or n
  // = 0, rowsOf's column count of [])
  it('empty matrices: no singular values, rank 0; least squares leaves b as the residual', () => {
    expect(svd([])).toMatchObject({ s: [], rank: 0, U: [], V: [] });
    const wideEmpty = svd(mat(3, 0, []));
    expect(wideEmpty.U).toEqual([[], [], []]);
    expect(wideEmpty.rank).toBe(0);
    expect(toMlMatrix(mat(0, 2, [])).columns).toBe(2);
    expect(toMlMatrix(mat(2, 0, [])).rows).toBe(2);
    const ls = floatLeastSquares(mat(2, 0, []), [3, 4]);
    expect(ls.x).toEqual([]);
    expect(ls.residual).toEqual([[3], [4]]);
    expect(ls.risk).toBe(25);
    expect(symmetricEigen([])).toEqual({ values: [], vectors: [] });
  });

  // kills: autoTranspose off (a wide matrix mishandled), the singular values not cut to min(m, n)
  it('svd of any small matrix, tall or wide: min(m, n) singular values, decreasing, and U·Σ·Vᵀ = A', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((m) => fc.integer({ min: 1, max: 4 }).chain((n) => matrix(m, n))),
        (A) => {
          const { U, s, V } = svd(A);
          const k = Math.min(A.length, A[0].length);
          expect(s).toHaveLength(k);
          for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1] + 1e-12);
          const B = product(U, s, V);
          A.forEach((row, i) => row.forEach((x, j) => expect(B[i][j]).toBeCloseTo(x, 9)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('float decompositions: tolerances', () => {
  // kills: the rank cutoff at 0 (relTol · (s[0] ?? 0) → s[0] && 0): rounding leaves tiny singular values
  it('floatRank of a low-rank integer matrix B·C is the exact rank', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((r) => fc.tuple(matrix(4, r), matrix(r, 4))),
        ([B, C]) => {
          const A = B.map((row) => C[0].map((_, j) => row.reduce((t, b, k) => t + b * C[k][j], 0)));
          expect(floatRank(A)).toBe(rank(rational, fromRows(A.map((row) => row.map((x) => ratio(x))))));
        },
      ),
      { numRuns: 60 },
    );
  });

  // kills: the definiteness tolerance taken absolute or inverted (relTol / max|λ|), the zero branch dropped
  it('inertia counts eigenvalues below relTol · max|λ| as zero', () => {
    expect(
      floatDefiniteness([
        [1e6, 0],
        [0, 1e-6],
      ]),
    ).toEqual({ kind: 'positive-semidefinite', inertia: { positive: 1, negative: 0, zero: 1 } });
    expect(
      floatDefiniteness([
        [2, 0, 0],
        [0, -3, 0],
        [0, 0, 0],
      ]),
    ).toEqual({ kind: 'indefinite', inertia: { positive: 1, negative: 1, zero: 1 } });
    expect(floatDefiniteness([[-1]]).kind).toBe('negative-definite');
  });

  // kills: a singular value beyond the rank inverted (i < rank → i ≤ rank, or always): the minimum-norm solution
  it('least squares on a rank-deficient A gives the minimum-norm solution; a vector b is one column', () => {
    const { x, rank, risk } = floatLeastSquares(
      [
        [1, 1],
        [1, 1],
      ],
      [2, 2],
    );
    expect(rank).toBe(1);
    expect(x[0][0]).toBeCloseTo(1, 12);
    expect(x[1][0]).toBeCloseTo(1, 12);
    expect(risk).toBeCloseTo(0, 20);
    const m = floatLeastSquares(
      [[1], [1]],
      [
        [1, 3],
        [3, 5],
      ],
    );
    expect(m.x[0]).toEqual([2, 4].map((v) => expect.closeTo(v, 12)));
    expect(m.risk).toBeCloseTo(2 + 2, 12);
  });
});

describe('the float screen of inertia.ts: input checks', () => {
  // kills: floatPivotedLdl's size check and finiteness check dropped (a wrong-size or NaN matrix screened as if valid)
  it('a matrix of the wrong size or with a non-finite entry: a RangeError naming it', () => {
    expect(() => floatPivotedLdl([1, 2, 3], 2)).toThrow(/3 entries/);
    expect(() => floatPivotedLdl([1, NaN, NaN, 1], 2)).toThrow(/entry 1 is NaN/);
  });
});
