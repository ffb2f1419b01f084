/**
 * Liu (one-hidden-layer ReLU, Part 1) §III, Lemma 1 and Theorem 1, with §IV's
 * genuineness test corrected (the z_j = 0 branch, the neurons coupled): inside
 * a cell every differentiable local minimum attains the cell's least-squares
 * optimum L_I*. Both halves exactly: the genuine minima built from the exact
 * LP are certified local minima with L = L_I*, and any cell point where the
 * R-gradient ∇_R L_I is not 0 has an exact descent (Lemma 1's contrapositive).
 */
import { Fraction } from 'fraction.js';
import { analyseRechecked } from '../../landscape/analyse-rechecked.js';
import { plantCellMinimum } from '../../landscape/plant.js';
import { exactGradient, exactRisk } from '../../model/exact.js';
import { sum } from '../../numeric/rational.js';
import {
  cellLeastSquares,
  genuinePoint,
  liu1hData,
  liu1hNet,
  liu1hTheta,
  patternOf,
} from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { asJson, proved, refuted, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import { cellValues, type CellValue } from './instances.js';
import { liu1h, mse } from './paper.js';

const cells = cellValues();
const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;

/** Targets planted so that z∘w is a least-squares optimum of its cell: y = f(z, w) + r, r ⊥ every pattern class's inputs. */
function planted(v: CellValue): CellValue {
  const net = liu1hNet(v.X[0].length, v.w.length);
  const data = plantCellMinimum(net, liu1hTheta(net, v.z, v.w), v.X, v.y);
  return { ...v, y: data.targets.map((t) => t[0]) };
}

const plantedCells = {
  ...cells,
  generate: (ctx: Parameters<typeof cells.generate>[0]) => cells.generate(ctx).map(planted),
};

export const theorem1Genuine = liu1h.claim({
  id: 'liu1h.theorem1.genuine-minima',
  section: '§III, Theorem 1; §IV-A, eqs. (10)–(18) (the genuineness test, corrected)',
  title: 'Theorem 1: the cell’s genuine differentiable minima are certified local minima with L = L_I*',
  statement:
    'In a cell I with targets for which the cell’s least-squares optimum is realisable, the exact LP over R = R_p + Zt and the signs τ_j ∈ {+, −, 0} (z_j > 0, z_j < 0, or z_j = 0 with w_j any point of the neuron’s cell) finds a point (z, w) that lies strictly inside I, has ∇L = 0 and L = L_I* exactly, and that the landscape toolkit certifies as a local minimum (re-checked). Targets are planted as y = f(z₀, w₀) + r with r orthogonal to every pattern class’s inputs, so some optimum is realisable.',
  instance: plantedCells,
  check: (v): Outcome => {
    const I = patternOf(v.X, v.w);
    const cell = cellLeastSquares(v.X, I, v.y);
    const g = genuinePoint(v.X, I, cell);
    if (!g)
      return refuted(
        'the LP finds a genuine minimum',
        `no τ ∈ {+, −, 0}^K and t realise an optimum, yet (z₀, w₀) does`,
      );
    const net = liu1hNet(v.X[0].length, v.w.length);
    const theta = liu1hTheta(net, g.z, g.w);
    const data = liu1hData(v.X, v.y);
    const at = patternOf(v.X, g.w);
    const computed = `τ = ${show(g.tau.map((t) => new Fraction(t)))}, z = ${show(g.z)}, w = ${g.w.map(show).join(' ')}`;
    const onHyperplane = g.w.some((w) => v.X.some((x) => sum(x.map((c, k) => c.mul(w[k]))).n === 0n));
    if (onHyperplane || at.some((r, i) => r.some((s, j) => s !== I[i][j])))
      return refuted(
        'the point lies strictly inside the cell',
        `${computed}: pattern ${at.map((r) => r.join('')).join(' ')}`,
      );
    const grad = exactGradient(net, mse, theta, data);
    if (grad.kind !== 'interior' || grad.value.some((q) => q.n !== 0n))
      return refuted('∇L = 0', `${computed}: the gradient is not 0`);
    const L = exactRisk(net, mse, theta, data);
    if (!L.equals(cell.Lstar)) return refuted('L = L_I*', `${computed}: L = ${encQ(L)}, L_I* = ${encQ(cell.Lstar)}`);
    const verdict = analyseRechecked(net, mse, theta, data);
    if (verdict.strength === 'proved') return proved();
    return verdict.strength === 'refuted'
      ? refuted('the genuine point is a local minimum', `${computed}: ${verdict.summary}`, asJson(verdict))
      : unsupported('the genuine point is a local minimum', `${computed}: ${verdict.summary}`, asJson(verdict));
  },
});

export const lemma1Descent = liu1h.claim({
  id: 'liu1h.lemma1.descent-off-stationary',
  section: '§III, Lemma 1 (contrapositive) and eqs. (3)–(4)',
  title: 'Lemma 1: a cell point whose R-gradient is not 0 is not a local minimum',
  statement:
    'Inside a cell, a differentiable local minimum has ∇_R L_I(z∘w) = 0 (Lemma 1). So at any cell point with ∇_R L_I ≠ 0 some direction lowers L. Checked exactly at random cell points: the landscape toolkit must find an exact descent of its own (re-checked). With Lemma 2’s convexity this gives Theorem 1: every differentiable local minimum attains L_I*.',
  instance: cells,
  detect: (v) => {
    const I = patternOf(v.X, v.w);
    const { A } = cellLeastSquares(v.X, I, v.y);
    const R = v.w.flatMap((w, j) => w.map((c) => c.mul(v.z[j])));
    const e = A.map((row, i) => sum(row.map((a, k) => a.mul(R[k]))).sub(v.y[i]));
    const g = A[0].map((_, k) => sum(A.map((row, i) => row[k].mul(e[i]))));
    return g.every((q) => q.n === 0n) ? '∇_R L_I = 0 at this point (a stationary point of L_I)' : null;
  },
  check: (v): Outcome => {
    const net = liu1hNet(v.X[0].length, v.w.length);
    const verdict = analyseRechecked(net, mse, liu1hTheta(net, v.z, v.w), liu1hData(v.X, v.y));
    if (verdict.strength === 'refuted') return proved();
    const computed = `the toolkit says ${verdict.strength}: ${verdict.summary}`;
    return verdict.strength === 'proved'
      ? refuted('a point with ∇_R L_I ≠ 0 is not a local minimum', computed, asJson(verdict))
      : unsupported('a point with ∇_R L_I ≠ 0 is not a local minimum', computed, asJson(verdict));
  },
});
