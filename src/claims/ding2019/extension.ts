/**
 * Ding, Li & Sun (2019) §4.2, the remark after Theorem 4: for N ≤ 2 and any
 * m ≥ N there is still no bad local minimum. Float evidence: the toolkit's
 * optimiser from random starts, each end point classified (./restarts.ts);
 * every bounded, converged end point with E > 0 must be shown not to be a
 * local minimum.
 */
import { CLASSES, noneStands, RESTARTS, restartKind } from './restarts.js';
import { ding2019 } from './paper.js';

export const extensionMGeN = ding2019.claim({
  id: 'ding2019.ext.m-ge-n',
  section: '§4.2, the remark after Theorem 4 (m ≥ N, N ≤ 2)',
  title: 'N ≤ 2, m ≥ N: no bounded, converged end point with E > 0 stands as a local minimum (float evidence)',
  statement: `The remark after Theorem 4 extends Theorems 3 and 4 to any m ≥ N when N ≤ 2: still no sub-optimal local minimum. Float evidence for σ = exp and softplus: the toolkit’s damped Newton optimiser from ${RESTARTS} random starts per instance; ${CLASSES}. Each instance’s description gives the counts of the classes. Evidence, not proof.`,
  instance: restartKind(['exp', 'softplus'], [1, 2], 4, [
    'N ∈ {1, 2} distinct nonzero inputs, nonzero targets, m = N..4 hidden units',
    'σ ∈ {exp, softplus} (Assumptions 4 and 5 both hold)',
  ]),
  arithmetic: 'float',
  runs: 60,
  check: noneStands,
});

export const extensionSquareControl = ding2019.claim({
  id: 'ding2019.ext.square-control',
  section: '§4.2, Theorem 3 and Assumption 4; our negative control of the restart check',
  title: 'Control: with σ = t² (N = m = 1) no converged end point with E > 0 stands',
  statement: `A negative control of ours, expected refuted: the restart check of the m ≥ N claim run with σ = t², whose zero at 0 is a local minimum (Assumption 4 fails), so Theorem 3 gives bad minima at w = 0 with vy < 0. The toolkit’s damped Newton optimiser from ${RESTARTS} random starts; ${CLASSES}. Some end point must stand, in floats.`,
  instance: restartKind(['square'], [1], 1, ['N = m = 1, x ≠ 0, y ≠ 0', 'σ = t² (Assumption 4 fails)']),
  arithmetic: 'float',
  expected: 'refuted',
  control: true,
  check: noneStands,
});

export const extensionQuadraticControl = ding2019.claim({
  id: 'ding2019.ext.one-plus-t-plus-t2-control',
  section: '§4.2, Theorem 4 and Assumption 5; our negative control of the restart check',
  title: 'Control: with σ = 1 + t + t² (N = m = 2) no converged end point with E > 0 stands',
  statement: `A negative control of ours, expected refuted: the restart check of the m ≥ N claim run with σ = 1 + t + t² at N = m = 2. It meets Theorem 5’s conditions and Assumption 4 but not Assumption 5 (σ′(−1/2) = 0), and it has bad minima at N = 2 with both hidden weights equal. The toolkit’s damped Newton optimiser from ${RESTARTS} random starts; ${CLASSES}. Some end point must stand, in floats.`,
  instance: restartKind(['one-plus-t-plus-t2'], [2], 2, [
    'N = m = 2 distinct nonzero inputs, nonzero targets',
    'σ = 1 + t + t² (Assumption 5 fails)',
  ]),
  arithmetic: 'float',
  expected: 'refuted',
  control: true,
  check: noneStands,
});
