/**
 * Liu (one-hidden-layer ReLU, Part 1) §II-A: which activation patterns are
 * "feasible" (realisable by some weight) — decided exactly by the landscape
 * toolkit's arrangement module (an exact LP per sign column, each answer with
 * a checked witness or Gordan certificate), checked against an independent
 * angular sweep (d = 2) and Cover's count (general position).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { coverCount, feasibleColumns, sweepColumns } from '../../landscape/arrangement.js';
import { proved, refuted, instanceKind } from '../define.js';
import type { Outcome } from '../types.js';
import {
  describeSamples,
  detectSamples,
  generalPositionSamples,
  homogeneous,
  samplesCodec,
  type SamplesValue,
} from './instances.js';
import { liu1h } from './paper.js';

const cols = (ss: readonly number[][]) => ss.map((s) => s.join('')).join(' ');

/** d = 2 samples: homogeneous, or raw nonzero integer vectors (parallel ones allowed). */
const planeSamples = instanceKind<SamplesValue>({
  generate: () =>
    fc
      .oneof(
        homogeneous(2, 1, 6),
        fc.array(
          fc
            .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }))
            .filter(([a, b]) => a !== 0 || b !== 0)
            .map(([a, b]) => [new Fraction(a), new Fraction(b)]),
          { minLength: 1, maxLength: 6 },
        ),
      )
      .map((X) => ({ X })),
  detect: (v) => detectSamples(v, 2),
  codec: samplesCodec,
  describe: describeSamples,
  hypotheses: [
    'N = 1..6 samples in ℝ²: homogeneous (u_i, 1), or raw nonzero integer vectors, parallel ones allowed (Fig. 2 uses raw inputs)',
  ],
});

export const cellsSweep = liu1h.claim({
  id: 'liu1h.cells.lp-agrees-with-sweep',
  section: '§II-A (the indicators I_ij and their "feasible" values)',
  title: 'The feasible activation columns of one neuron: the exact LP and an angular sweep agree (d = 2)',
  statement:
    'A column s ∈ {0, 1}^N of one neuron’s indicators (I_ij = 1 iff w_j·x_i > 0) is feasible when some w realises it. Decided for every column by an exact linear programme, each answer re-checked (a witness w with every sign strict, or λ ≥ 0, λ ≠ 0 with Σ λ_i σ_i x_i = 0); for d = 2 the set of feasible columns must equal the one an exact angular sweep of the sample lines finds. Checked exactly.',
  instance: planeSamples,
  check: (v): Outcome => {
    const lp = feasibleColumns(v.X),
      sweep = sweepColumns(v.X);
    return cols(lp) === cols(sweep)
      ? proved()
      : refuted('the LP and the sweep find the same feasible columns', `LP: ${cols(lp)}; sweep: ${cols(sweep)}`);
  },
});

export const cellsCover = liu1h.claim({
  id: 'liu1h.cells.cover-count',
  section: '§II-A (the cells of one neuron’s weight space); Cover’s count, not in the paper',
  title: 'In general position, one neuron has 2·Σ_{k<d} C(N − 1, k) feasible columns',
  statement:
    'The N sample hyperplanes w·x_i = 0 cut one neuron’s weight space ℝ^d into cells, one per feasible column. For samples in general position their number is Cover’s 2·Σ_{k=0}^{d−1} C(N − 1, k) (d = 2: 2N; d = 3: N² − N + 2). Counted exactly by the LP over all 2^N columns.',
  instance: generalPositionSamples,
  check: (v): Outcome => {
    const n = feasibleColumns(v.X).length,
      want = coverCount(v.X.length, v.X[0].length);
    return n === want
      ? proved()
      : refuted('the number of feasible columns is Cover’s count', `${n} feasible columns, Cover’s count ${want}`);
  },
});
