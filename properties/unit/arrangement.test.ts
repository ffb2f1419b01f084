// The cells of a first layer's weight space (src/landscape/arrangement.ts), as generic properties. The
// paper goldens (Liu's G1 and G10) stay in properties/liu1h.test.ts; these properties check the module on random
// small integer samples, each method against an independent one: the LP's columns against the exact angular
// sweep (d = 2) and against the sign columns of a grid of integer weights (d = 3), the count in general position
// against Cover's formula, and general position against 2×2 determinants.
import { test, fc } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  columnFeasibility,
  coverCount,
  feasibleColumns,
  inGeneralPosition,
  sweepColumns,
} from '../../src/landscape/arrangement.js';

const rows = (xs: number[][]) => xs.map((r) => r.map((v) => new Fraction(v)));
const cols = (ss: number[][]) => ss.map((s) => s.join(''));
const small = fc.integer({ min: -3, max: 3 });
/** N samples of dimension d, none of them zero (a zero sample has no hyperplane) */
const samples = (d: number, maxN: number) =>
  fc.array(
    fc.array(small, { minLength: d, maxLength: d }).filter((x) => x.some((v) => v !== 0)),
    { minLength: 1, maxLength: maxN },
  );
/** the sign column of w on the samples, or null when w lies on a hyperplane */
const signColumn = (X: number[][], w: number[]) => {
  const dots = X.map((x) => x.reduce((s, v, k) => s + v * w[k], 0));
  return dots.some((t) => t === 0) ? null : dots.map((t) => (t > 0 ? 1 : 0)).join('');
};
const C = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (C(n - 1, k - 1) * n) / k);

describe('arrangement: the realisable sign columns of a first layer', () => {
  // kills: the LP's loop bounds and bit order (feasibleColumns), the half-plane test, the angular comparator,
  // the merge of parallel directions and the probes of the sweep: the two methods are written independently
  test.prop([samples(2, 5)])('d = 2: the exact LP and the exact angular sweep find the same columns', (xs) => {
    const X = rows(xs);
    expect(cols(sweepColumns(X))).toEqual(cols(feasibleColumns(X)));
  });

  // kills: a realisable column missed by the LP (every grid column is realisable and must be listed), a listed
  // column whose witness does not realise it (the grid does not reach thin cells: the d = 2 sweep and Cover's count
  // below check completeness there)
  test.prop([samples(3, 4)])(
    'd = 3: every column of an integer weight on the grid [−3, 3]³ is listed, and every listed one has a witness realising it',
    (xs) => {
      const X = rows(xs);
      const listed = new Set(cols(feasibleColumns(X)));
      for (let a = -3; a <= 3; a++)
        for (let b = -3; b <= 3; b++)
          for (let c = -3; c <= 3; c++) {
            const s = signColumn(xs, [a, b, c]);
            if (s !== null) expect(listed.has(s), `w = (${a}, ${b}, ${c}) realises ${s}`).toBe(true);
          }
      for (const s of feasibleColumns(X)) {
        const r = columnFeasibility(X, s);
        if (!r.feasible) throw new Error(`listed ${s.join('')} but the LP finds it infeasible`);
        const w = r.witness.map((q) => q.valueOf());
        expect(signColumn(xs, w)).toBe(s.join(''));
      }
    },
  );

  // kills: an infeasible column without a valid certificate: λ ≥ 0, λ ≠ 0, Σ λ_i σ_i x_i = 0
  test.prop([samples(2, 4), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 })])(
    'every column is decided, a feasible one with a witness, an infeasible one with a Gordan certificate',
    (xs, bits) => {
      const X = rows(xs);
      const s = bits.slice(0, X.length);
      const sigma = s.map((v) => (v ? 1 : -1));
      const r = columnFeasibility(X, s);
      if (r.feasible) expect(signColumn(xs, r.witness.map(Number))).toBe(s.join(''));
      else {
        expect(r.multipliers.some((l) => l.n !== 0n)).toBe(true);
        expect(r.multipliers.every((l) => l.s > 0n || l.n === 0n)).toBe(true);
        for (const k of [0, 1])
          expect(X.reduce((t, x, i) => t.add(r.multipliers[i].mul(sigma[i]).mul(x[k])), new Fraction(0)).n).toBe(0n);
      }
      // w → −w: the complement of a realisable column is realisable
      expect(
        columnFeasibility(
          X,
          s.map((v) => 1 - v),
        ).feasible,
      ).toBe(r.feasible);
    },
  );

  // kills: Cover's sum's range, binom's arithmetic and its out-of-range zero (d > N: every column is a cell)
  test.prop([fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 })])(
    "Cover's count is 2·Σ_{k<d} C(N − 1, k): 2^N when d ≥ N, 2 when d = 1, 2N when d = 2",
    (N, d) => {
      let expected = 0;
      for (let k = 0; k < d; k++) expected += 2 * C(N - 1, k);
      expect(coverCount(N, d)).toBe(expected);
      if (d >= N) expect(coverCount(N, d)).toBe(2 ** N);
      expect(coverCount(N, 1)).toBe(2);
      expect(coverCount(N, 2)).toBe(2 * N);
    },
  );

  // kills: general position tested on too few subsets (the loop's upper end), on the wrong subset size, or
  // always true: in the plane it means no zero sample and no two samples parallel
  test.prop([fc.array(fc.array(small, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 })])(
    'd = 2: general position is "no sample zero (N = 1) and no two parallel (N ≥ 2)", by 2×2 determinants',
    (xs) => {
      const det = (a: number[], b: number[]) => a[0] * b[1] - a[1] * b[0];
      let expected = true;
      if (xs.length === 1) expected = xs[0].some((v) => v !== 0);
      for (let i = 0; i < xs.length; i++)
        for (let j = i + 1; j < xs.length; j++) if (det(xs[i], xs[j]) === 0) expected = false;
      expect(inGeneralPosition(rows(xs))).toBe(expected);
    },
  );

  // kills: the count of cells in general position off by any cell
  test.prop([samples(3, 5)])('in general position, the LP finds exactly Cover’s count of cells', (xs) => {
    const X = rows(xs);
    fc.pre(inGeneralPosition(X));
    expect(feasibleColumns(X).length).toBe(coverCount(X.length, 3));
  });

  it('sweepColumns is for the plane and nonzero samples only; Cover’s count for N, d ≥ 1; a single line direction leaves the two cells of ±x₁', () => {
    expect(() => sweepColumns(rows([[1, 0, 0]]))).toThrow(/dimension 2/);
    // a zero sample cuts no line (it would compare equal to every direction in the sweep's order)
    expect(() =>
      sweepColumns(
        rows([
          [1, 2],
          [0, 0],
        ]),
      ),
    ).toThrow('sweepColumns: sample 2 is zero and cuts no line');
    // Cover's count needs at least one hyperplane (C(N − 1, k) means nothing at N = 0)
    expect(() => coverCount(0, 2)).toThrow('coverCount: needs N ≥ 1 hyperplanes in dimension d ≥ 1, got N = 0, d = 2');
    expect(() => coverCount(3, 0)).toThrow(RangeError);
    // x₂ = −2x₁: one line, two cells
    expect(
      cols(
        sweepColumns(
          rows([
            [1, 2],
            [-2, -4],
          ]),
        ),
      ),
    ).toEqual(['01', '10']);
    expect(
      cols(
        feasibleColumns(
          rows([
            [1, 2],
            [-2, -4],
          ]),
        ),
      ),
    ).toEqual(['01', '10']);
  });
});
