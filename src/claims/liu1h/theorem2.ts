/**
 * Liu (one-hidden-layer ReLU, Part 1) §V, Theorem 2: saddle points inside a
 * cell, from a choice S ⊊ [K] of neurons kept (z_j = 0 for the rest, with w_j
 * on the hyperplane (21)). As printed, every combination S gives saddles
 * ("for all combinations"); it gives none when every g̃_j (j ∉ S) is 0, the
 * points then being least-squares optimal for the whole cell. Corrected
 * (src/papers/liu1h/saddles.ts): where g̃ ≠ 0 and the point is realisable, it
 * is a genuine saddle, decided by the landscape toolkit both ways.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { boundedFilter } from '../../gen/bounded-filter.js';
import { analyseRechecked } from '../../landscape/analyse-rechecked.js';
import { feasibleColumns } from '../../landscape/arrangement.js';
import { planeCells } from '../../landscape/plane-cells.js';
import { localMaxAnalysis } from '../../landscape/ascent.js';
import { exactGradient, exactRisk } from '../../model/exact.js';
import { sum } from '../../numeric/rational.js';
import {
  cellLeastSquares,
  genuinePoint,
  genuineSaddle,
  liu1hData,
  liu1hNet,
  liu1hTheta,
  patternOf,
} from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted, unsupported } from '../define.js';
import { integer, rationalRows, rationals } from '../schema.js';
import type { Outcome, PlotSpec } from '../types.js';
import { cellValues, detectCell, type CellValue } from './instances.js';
import { liu1h, mse } from './paper.js';

interface SaddleValue extends CellValue {
  /** the neurons kept (0-based, increasing), a proper subset of [K] */
  S: number[];
}

const cells = cellValues();

function saddleKind(extra: (v: SaddleValue) => string | null, hypotheses: string[]) {
  return instanceKind<SaddleValue>({
    generate: (ctx) =>
      boundedFilter(
        cells.generate(ctx).chain((v) =>
          fc
            .subarray(
              Array.from({ length: v.w.length }, (_, j) => j),
              { maxLength: v.w.length - 1 },
            )
            .map((S) => ({ ...v, S })),
        ),
        (v) => extra(v) === null,
        hypotheses.join('; '),
      ),
    detect: (v) => {
      const bad = detectCell(v);
      if (bad) return bad;
      if (v.S.some((j, k) => !Number.isInteger(j) || j < 0 || j >= v.w.length || (k > 0 && j <= v.S[k - 1])))
        return 'S is not an increasing list of neurons';
      if (v.S.length >= v.w.length) return 'S = [K] (those are the minima, not saddles)';
      return extra(v);
    },
    codec: z.object({
      X: rationalRows,
      y: rationals,
      w: rationalRows,
      z: rationals,
      other: rationals,
      S: z.array(integer),
    }),
    describe: (v) => `${cells.describe(v)}\nS = {${v.S.map((j) => j + 1).join(', ')}} (the neurons kept)`,
    hypotheses: [...(cells.hypotheses ?? []), ...hypotheses],
  });
}

const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;
const resultOf = (v: SaddleValue) => genuineSaddle(v.X, patternOf(v.X, v.w), v.y, v.S);

export const theorem2Printed = liu1h.claim({
  id: 'liu1h.theorem2.for-all-combinations',
  section: '§V, Theorem 2 (eqs. (19)–(21), “for all combinations”)',
  title: 'Theorem 2 as printed: every combination S ⊊ [K] of kept neurons gives saddle points',
  statement:
    'For a cell I and any S ⊊ [K], the points with R_S minimising ‖A_S R_S − y‖² and z_j = 0, w_j on the hyperplane (21) for j ∉ S are saddle points (when realisable in the cell). Checked exactly: some g̃_j = Σ_i e_i I_ij x_i (j ∉ S, e the residual of S) must be nonzero; if every one is 0, L_S equals the cell’s optimum L_I* and the points are minima, not saddles.',
  instance: saddleKind(() => null, ['S ⊊ [K] any proper subset of the neurons, kept']),
  expected: 'refuted',
  correctedBy: 'liu1h.theorem2.saddles-corrected',
  check: (v): Outcome => {
    const r = resultOf(v);
    if (r.kind !== 'minimum-value') return proved();
    const Lstar = cellLeastSquares(v.X, patternOf(v.X, v.w), v.y).Lstar;
    if (!r.setup.LS.equals(Lstar))
      throw new Error(`internal: every g̃ is 0 but L_S = ${encQ(r.setup.LS)} ≠ L_I* = ${encQ(Lstar)}`);
    return refuted(
      'the combination S gives saddle points',
      `every g̃_j (j ∉ S) is 0, so L_S = L_I* = ${encQ(Lstar)}: the points of S are least-squares optimal for the cell (minima), not saddles`,
    );
  },
});

const realisable = (v: SaddleValue) => {
  const r = resultOf(v);
  return r.kind === 'saddle'
    ? null
    : r.kind === 'minimum-value'
      ? 'every g̃_j (j ∉ S) is 0: no saddle from S'
      : `not realisable in the cell: ${r.why}`;
};

export const theorem2Corrected = liu1h.claim({
  id: 'liu1h.theorem2.saddles-corrected',
  section: '§V, Theorem 2 corrected (some g̃_j ≠ 0; realisability by exact LPs)',
  title: 'Theorem 2 corrected: where some g̃_j ≠ 0 and the point is realisable, it is a genuine saddle',
  statement:
    'For a cell I and S ⊊ [K] with some g̃_j ≠ 0 (j ∉ S), and R_S realisable inside the cells of S (an LP over τ_S) and every hyperplane g̃_j·w = 0 meeting neuron j’s cell (an LP each), the point built from them lies strictly inside I, has ∇L = 0 and L = L_S exactly, and is a saddle: the landscape toolkit finds an exact descent (it is not a local minimum) and an exact ascent (not a local maximum), both re-checked.',
  instance: saddleKind(realisable, ['S ⊊ [K] with some g̃_j ≠ 0 (j ∉ S), realisable inside the cell']),
  plots: (v) => weightPlanePlot(v),
  plotInstances: { saved: 0, generated: 1 },
  check: (v): Outcome => {
    const r = resultOf(v);
    if (r.kind !== 'saddle') throw new Error('internal: the detector let a non-saddle through');
    const net = liu1hNet(v.X[0].length, v.w.length);
    const theta = liu1hTheta(net, r.z, r.w);
    const data = liu1hData(v.X, v.y);
    const point = `z = ${show(r.z)}, w = ${r.w.map(show).join(' ')}`;
    const I = patternOf(v.X, v.w),
      at = patternOf(v.X, r.w);
    const onHyperplane = r.w.some((w) => v.X.some((x) => sum(x.map((c, k) => c.mul(w[k]))).n === 0n));
    if (onHyperplane || at.some((row, i) => row.some((s, j) => s !== I[i][j])))
      return refuted(
        'the point lies strictly inside the cell',
        `${point}: pattern ${at.map((row) => row.join('')).join(' ')}`,
      );
    const g = exactGradient(net, mse, theta, data);
    if (g.kind !== 'interior' || g.value.some((q) => q.n !== 0n))
      return refuted('∇L = 0', `${point}: the gradient is not 0`);
    const L = exactRisk(net, mse, theta, data);
    if (!L.equals(r.setup.LS)) return refuted('L = L_S', `${point}: L = ${encQ(L)}, L_S = ${encQ(r.setup.LS)}`);
    const min = analyseRechecked(net, mse, theta, data);
    if (min.strength !== 'refuted')
      return (min.strength === 'proved' ? refuted : unsupported)(
        'the point is not a local minimum',
        `${point}: the toolkit says ${min.strength}: ${min.summary}`,
        asJson(min),
      );
    const max = localMaxAnalysis(net, mse, theta, data);
    if (max.answer !== 'no')
      return (max.answer === 'yes' ? refuted : unsupported)(
        'the point is not a local maximum',
        `${point}: ${max.answer}`,
      );
    return proved();
  },
});

/**
 * Neuron 1's weight plane (d = 2): its cells as regions (one per feasible
 * column; float64 polygons from planeCells, for the picture only), the
 * instance's saddle marked, and, for K = 1, the genuine minimum of every cell
 * that has one (w = τR* from the exact LP).
 */
function weightPlanePlot(v: SaddleValue): PlotSpec[] {
  if (v.X[0].length !== 2) return [];
  const r = resultOf(v);
  if (r.kind !== 'saddle') return [];
  const net = liu1hNet(2, v.w.length);
  const theta = liu1hTheta(net, r.z, r.w);
  const P = net.paramCount,
    N = v.X.length;
  const e = (i: number) => Array.from({ length: P }, (_, k) => (k === i ? 1 : 0));
  const [w1, w2] = r.w[0].map((q) => q.valueOf());
  const R = Math.max(3, 1.5 * Math.hypot(w1, w2));
  const box = { a: [-R - w1, R - w1] as [number, number], b: [-R - w2, R - w2] as [number, number] };
  const cells = planeCells(net, theta, e(0), e(1), liu1hData(v.X, v.y), box);
  const regions = cells.map((c) => ({
    name: `I·1 = ${[...c.pieces[0]!.subarray(0, N)].map((p) => (p > 0 ? 1 : 0)).join('')}`,
    polygon: c.polygon.map(([a, b]): [number, number] => [w1 + a, w2 + b]),
  }));
  const points = [
    {
      name: 'saddle (z₁ = 0)',
      x: [w1],
      y: [w2],
      labels: [`saddle, L = ${encQ(r.setup.LS)}`],
    },
  ];
  if (v.w.length === 1) {
    const mins = feasibleColumns(v.X).flatMap((s) => {
      const I = s.map((b) => [b]);
      const cell = cellLeastSquares(v.X, I, v.y);
      const g = genuinePoint(v.X, I, cell);
      return g && g.z[0].n !== 0n ? [{ w: g.w[0].map((q) => q.valueOf()), L: cell.Lstar }] : [];
    });
    if (mins.length)
      points.push({
        name: 'genuine minimum of its cell (z₁ ≠ 0)',
        x: mins.map((m) => m.w[0]),
        y: mins.map((m) => m.w[1]),
        labels: mins.map((m) => `min, L = ${encQ(m.L)}`),
      });
  }
  return [
    {
      title: 'One neuron’s weight space: its cells, the genuine minima and a saddle',
      x: 'w₁₁',
      y: 'w₁₂',
      series: [],
      regions,
      points,
      equalAspect: true,
      caption:
        'Each shaded region is one cell of neuron 1’s weight space (the samples it is active on, I·1), cut by the sample lines w·x_i = 0. The saddle (z₁ = 0, w₁ on the hyperplane (21) inside its cell) and, for one neuron, the genuine minimum of every cell that has one (w = τR*, from the exact LP) are marked with their losses. The polygons are float64, for the picture; every number marked is exact. What it cannot show: z, and the other neurons’ weights.',
    },
  ];
}
