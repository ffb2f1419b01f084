/**
 * Liu (one-hidden-layer ReLU, Part 1) §III, Theorem 1's last sentence: "L(z, w)
 * has no differentiable local maxima". False in the weak sense on the flat
 * plateau where every neuron is inactive on every sample (L is constant
 * there); true everywhere else, where z_j ↦ L is a parabola opening upwards
 * for any neuron active on some sample. Decided by the landscape toolkit's
 * mirror question (localMaxAnalysis: an exact ascent, or a certified plateau).
 */
import { localMaxAnalysis } from '../../landscape/ascent.js';
import { liu1hData, liu1hNet, liu1hTheta, patternOf } from '../../papers/liu1h/index.js';
import { proved, refuted, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import { cellValues, type CellValue } from './instances.js';
import { liu1h, mse } from './paper.js';

const cells = cellValues();

function decideMax(v: CellValue): Outcome {
  const net = liu1hNet(v.X[0].length, v.w.length);
  const r = localMaxAnalysis(net, mse, liu1hTheta(net, v.z, v.w), liu1hData(v.X, v.y));
  const claimed = '(z, w) is not a local maximum';
  if (r.answer === 'no') return proved();
  if (r.answer === 'yes')
    return refuted(claimed, `(z, w) is a (weak) local maximum: ${r.reason}; L is constant near it`, {
      reason: r.reason,
    });
  return unsupported(claimed, 'no coordinate ray rises from (z, w), and its cell is not a plateau');
}

const allInactive = (v: CellValue) => patternOf(v.X, v.w).every((row) => row.every((s) => s === 0));

export const noLocalMaxPrinted = liu1h.claim({
  id: 'liu1h.theorem1.no-local-max',
  section: '§III, Theorem 1 (“Furthermore, L(z, w) has no differentiable local maxima”)',
  title: 'Theorem 1 as printed: L(z, w) has no differentiable local maxima',
  statement:
    'Inside every cell, no point is a local maximum of L. Checked exactly at random cell points: the landscape toolkit must find an exact ascent (a coordinate ray along which L rises, re-checked at a point on it); a point in a cell where every output is 0 throughout (every neuron inactive on every sample) is a weak local maximum, L being constant there.',
  instance: cells,
  expected: 'refuted',
  correctedBy: 'liu1h.theorem1.no-local-max-off-plateau',
  check: decideMax,
});

export const noLocalMaxOffPlateau = liu1h.claim({
  id: 'liu1h.theorem1.no-local-max-off-plateau',
  section: '§III, Theorem 1, corrected (the flat-plateau exception)',
  title: 'Off the all-inactive plateau, L(z, w) has no differentiable local maxima',
  statement:
    'In every cell where some neuron is active on some sample, no point is a local maximum: t ↦ L(z + t·e_j, w) = L + (2t·b_j + t²·a_j)/N with a_j = Σ_i I_ij (w_j·x_i)² > 0 rises for t of the sign of b_j. Checked exactly at random cell points: the toolkit must find an exact ascent of its own (re-checked).',
  instance: cells,
  detect: (v) => (allInactive(v) ? 'every neuron is inactive on every sample (the flat plateau)' : null),
  hypotheses: ['some neuron active on some sample (I ≠ 0)'],
  check: decideMax,
});
