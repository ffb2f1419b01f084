/**
 * Liu (one-hidden-layer ReLU, Part 1) §III, Theorem 1, in floats: where the
 * shared optimiser stops inside a cell, the loss is that cell's exact
 * least-squares optimum L_I*. Each converged interior end point is also
 * snapped to an exact point of its cell and decided by the landscape toolkit;
 * a certified local minimum there must have L = L_I* exactly.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { optimiseFromRestarts } from '../../landscape/optimise.js';
import { exactRisk } from '../../model/exact.js';
import { rational } from '../../numeric/rational.js';
import { cellLeastSquares, liu1hData, liu1hNet, patternOf } from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { instanceKind, refuted, supported, unsupported } from '../define.js';
import { integer, rationalRows, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { describeSamples, homogeneous, type SamplesValue } from './instances.js';
import { liu1h, mse } from './paper.js';

interface RestartValue extends SamplesValue {
  y: Fraction[];
  K: number;
  seed: number;
}

const RESTARTS = 6;
const TOL = 1e-6;

const restartValues = instanceKind<RestartValue>({
  generate: () =>
    fc
      .record({
        X: fc.constantFrom(2, 3).chain((d) => homogeneous(d)),
        y: fc.array(
          fc.integer({ min: -4, max: 4 }).map((k) => rational.fromNumber(k / 2)),
          { minLength: 6, maxLength: 6 },
        ),
        K: fc.integer({ min: 1, max: 3 }),
        seed: fc.integer({ min: 1, max: 1_000_000 }),
      })
      .map((v) => ({ ...v, y: v.y.slice(0, v.X.length) })),
  detect: (v) => (v.y.length !== v.X.length ? 'one target per sample is needed' : v.K < 1 ? 'no hidden unit' : null),
  codec: z.object({ X: rationalRows, y: rationals, K: integer, seed: integer }),
  describe: (v) => `${describeSamples(v)}; y = (${v.y.map(encQ).join(', ')}); K = ${v.K}; optimiser seed ${v.seed}`,
  hypotheses: [
    'N = 3..6 homogeneous samples x_i = (u_i, 1) in ℝ^d, d = 2 or 3; targets in {−2, −3/2, …, 2}; K = 1..3 hidden units',
  ],
});

export const theorem1Float = liu1h.claim({
  id: 'liu1h.theorem1.float-restarts',
  // one of the longest claims: its instances in 4 independently seeded parts, so workers share it
  parts: 4,
  section: '§III, Theorem 1 (float evidence, with exact snaps)',
  title: 'Theorem 1 in floats: every interior end point of the optimiser has its cell’s optimal loss L_I*',
  statement: `The toolkit’s damped Newton optimiser from ${RESTARTS} random starts per instance; every converged end point strictly inside a cell (pattern I read off it) must have |L − L_I*| ≤ ${TOL} with L_I* the cell’s exact least-squares optimum, and its exact snap, when the toolkit certifies it a local minimum, must have L = L_I* exactly. End points on a cell boundary, saddles and unconverged runs are not used. Float evidence (the snaps are exact).`,
  instance: restartValues,
  arithmetic: 'float',
  runs: 40,
  check: (v): Outcome => {
    const d = v.X[0].length;
    const net = liu1hNet(d, v.K);
    const data = liu1hData(v.X, v.y);
    const runs = optimiseFromRestarts(net, mse, data, {
      method: 'newton',
      restarts: RESTARTS,
      seed: v.seed,
      certify: true,
    });
    for (const run of runs) {
      if (run.kind !== 'interior' || !run.snap) continue;
      const w = Array.from({ length: v.K }, (_, j) =>
        Array.from({ length: d }, (_, k) => rational.fromNumber(run.theta[j * d + k])),
      );
      const I = patternOf(v.X, w);
      const { Lstar } = cellLeastSquares(v.X, I, v.y);
      const pat = I.map((r) => r.join('')).join(' ');
      if (run.snap.verdict.strength === 'proved') {
        const snapI = patternOf(
          v.X,
          Array.from({ length: v.K }, (_, j) => run.snap!.theta.slice(j * d, (j + 1) * d)),
        );
        const snapStar = cellLeastSquares(v.X, snapI, v.y).Lstar;
        const L = exactRisk(net, mse, run.snap.theta, data);
        if (!L.equals(snapStar))
          return refuted(
            'a certified local minimum inside a cell has L = L_I*',
            `the snapped end point of run ${run.start + 1} is a certified local minimum with L = ${encQ(L)}, but its cell’s optimum is ${encQ(snapStar)}`,
          );
      }
      if (!(Math.abs(run.risk - rational.toNumber(Lstar)) <= TOL))
        return unsupported(
          '|L − L_I*| ≤ 1e-6 at every interior end point',
          `run ${run.start + 1} stopped inside the cell ${pat} with L = ${run.risk}, but L_I* = ${encQ(Lstar)}`,
        );
    }
    return supported();
  },
});
