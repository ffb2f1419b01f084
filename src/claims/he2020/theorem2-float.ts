/**
 * He et al. 2020, Theorem 2 in floats (§4.2; Appendix B.3; note P20): a damped
 * Newton optimiser (Levenberg–Marquardt on the exact model Hessian, float64)
 * from random starts; converged interior local minima must attain the LS
 * minimum of their own cell.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { twoPiece } from '../../model/activation.js';
import { mse, theorem2Net } from '../../papers/he2020/index.js';
import { cellMinimumRisk } from '../../landscape/optimise.js';
import { dataTable } from '../codec.js';
import { instanceKind, supported, unsupported } from '../define.js';
import { datasetCodec, rationalCodec } from '../schema.js';
import { converge, GRAD_TOL, type FloatStart } from './newton.js';
import { he2020 } from './paper.js';
import { t2Setting, teacherData } from './theorem2-instances.js';

/** LS risk of the cell θ ended in (toolkit: cellMinimumRisk); θ is inside a cell by the detector's margin. */
function cellMinimum(v: FloatStart, th: Float64Array): number {
  const m = cellMinimumRisk(theorem2Net(v.data.inputs[0].length, v.d1, twoPiece(v.sMinus, v.sPlus)), mse, th, v.data);
  if (m === null)
    throw new Error('internal: a converged point with margin > 1e-8 is on a cell boundary in exact arithmetic');
  return m;
}

const MARGIN = 1e-8,
  EIG_TOL = -1e-9,
  REL_TOL = 1e-8;

const floatStarts = instanceKind({
  generate: () =>
    fc
      .tuple(
        teacherData,
        fc.array(
          fc.integer({ min: -2000, max: 2000 }).map((k) => k / 1000),
          { minLength: 9, maxLength: 9 },
        ),
      )
      .map(([t, start]): FloatStart => ({ ...t, start: start.slice(0, t.d1 * t.data.inputs[0].length + t.d1) })),
  detect: (v) => {
    if (v.sMinus.equals(v.sPlus)) return 'the activation is linear';
    const c = converge(v);
    if (!(c.gradNorm < GRAD_TOL)) return 'the optimiser did not converge (‖∇R‖ ≥ 1e-10)';
    if (!(c.minMargin > MARGIN)) return 'the optimiser ended at a cell boundary (a pre-activation within 1e-8 of 0)';
    if (!(c.minEig >= EIG_TOL)) return 'the optimiser ended at a saddle (negative Hessian eigenvalue)';
    return null;
  },
  codec: z.object({
    d1: z.number().int().min(1),
    sMinus: rationalCodec,
    sPlus: rationalCodec,
    data: datasetCodec,
    start: z.array(z.number()),
  }),
  describe: (v) => {
    const c = converge(v);
    return [
      t2Setting(v),
      `data:\n${dataTable(v.data)}`,
      `start: ${v.start.join(', ')}`,
      `after ${c.iterations} damped Newton steps: θ = ${Array.from(c.theta).join(', ')}, R = ${c.risk}, ‖∇R‖ = ${c.gradNorm.toExponential(2)}`,
    ].join('\n');
  },
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases, two-piece activation with s− ≠ s+',
    'distinct nonzero inputs, arbitrary targets',
    'squared loss',
    'precondition: the run converged to an interior point with ‖∇R‖ < 1e-10, margin > 1e-8 and Hessian eigenvalues ≥ −1e-9 (runs that drift to a cell boundary are rejected and counted)',
  ],
});

export const theorem2FloatStarts = he2020.claim({
  id: 'he2020.theorem2.float-local-minima',
  section: '§4.2 Theorem 2; Appendix B.3, eqs. (59)–(71)',
  title: "Theorem 2 in floats: local minima found from random starts attain their cell's minimum (the (W2)_k ≠ 0 case)",
  statement:
    "A damped Newton optimiser (float64, the model's own gradient and Hessian) is run from a random start on random, non-planted data. Where it converges to an interior point (‖∇R‖ < 1e-10, every |(W1)_k·x_i| > 1e-8) with a positive semi-definite Hessian (a local minimum up to float tolerance), its risk must equal the least-squares minimum of g_A for the cell it ended in, within 1e-8·max(1, R). What this exercises: the optimiser essentially never stops at a point with some (W2)_k = 0, and at an interior critical point with every (W2)_k ≠ 0 the gradient already forces X̂r = 0 (the proof's Case 1), so this is a cross-check of the float path (model gradient and Hessian, optimiser, least squares) on Case 1; Case 2 is decided exactly by he2020.theorem2.cell-min-is-cell-global.",
  instance: floatStarts,
  arithmetic: 'float',
  check: (v) => {
    const c = converge(v);
    const m = cellMinimum(v, c.theta);
    if (Math.abs(c.risk - m) <= REL_TOL * Math.max(1, c.risk)) return supported();
    return unsupported(
      "a local minimum inside a cell attains the cell's minimum min g_A",
      `the optimiser converged (‖∇R‖ = ${c.gradNorm.toExponential(2)}, smallest Hessian eigenvalue ${c.minEig.toExponential(2)}, margin ${c.minMargin.toExponential(2)}) to R = ${c.risk}, but min g_A of that cell is ${m}`,
      { theta: Array.from(c.theta), risk: c.risk, cellMin: m },
    );
  },
});
