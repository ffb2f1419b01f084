/**
 * The instances of He et al.'s Theorems 2 and 3 (§4.2; one hidden layer,
 * d_Y = 1, no biases, two-piece activation): a point θ* inside a cell, with
 * targets planted so that θ* is a local minimum of its cell (note §5.13).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { distinctInputs } from '../../gen/data.js';
import { fromRows, nullspace, rank } from '../../linalg/matrix.js';
import { twoPiece } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { dotOf } from '../../numeric/field.js';
import { rational, ratio, toRat } from '../../numeric/rational.js';
import { theorem2Design, theorem2Net } from '../../papers/he2020/index.js';
import { dataTable, encQ, encQs } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, rationalCodec, rationals } from '../schema.js';
import { inputsCoincide } from './deciders.js';

export interface T2Instance {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  /** θ* = (W1 row-major d1 × d_X, W2 1 × d1) */
  theta: Fraction[];
  data: Dataset;
  /** coefficients combining null-space vectors (θ′ for Theorem 3) */
  coeffs: Fraction[];
}

/** { d1, sMinus, sPlus, theta, data, coeffs } */
export const t2Codec = z.object({
  d1: z.number().int().min(1),
  sMinus: rationalCodec,
  sPlus: rationalCodec,
  theta: rationals,
  data: datasetCodec,
  coeffs: rationals,
});

export const dims = (v: T2Instance) => ({ dX: v.data.inputs[0].length, d1: v.d1 });
export const design = (v: T2Instance, theta = v.theta) =>
  theorem2Design(dims(v).dX, v.d1, v.sMinus, v.sPlus, theta, v.data.inputs);
export const t2Net = (v: T2Instance) => theorem2Net(dims(v).dX, v.d1, twoPiece(v.sMinus, v.sPlus));

/** Q·X̂_i for every sample i: the outputs of a point whose Q is `Q` in the cell of the design. */
export const fitted = (Q: readonly Fraction[], Xhat: readonly Fraction[][]) =>
  Xhat[0].map((_, i) =>
    dotOf(
      rational,
      Q,
      Xhat.map((row) => row[i]),
    ),
  );

/**
 * A point θ (d1·d_X + d1 entries drawn from `weight`) and one-output data on
 * 1–5 distinct inputs, drawn freely (nothing planted): the Theorem 2 setting
 * for Corollaries 1 and 2.
 */
export function noBiasDraws(dX: number, d1: number, weight: fc.Arbitrary<Fraction>) {
  return fc
    .record({
      theta: fc.array(weight, { minLength: d1 * dX + d1, maxLength: d1 * dX + d1 }),
      xs: distinctInputs(dX, { minN: 1, maxN: 5 }),
      ys: fc.array(smallRational(4, 1), { minLength: 5, maxLength: 5 }),
    })
    .map(({ theta, xs, ys }) => ({
      theta,
      data: dataset(
        xs,
        xs.map((_, i) => [ys[i]]),
      ),
    }));
}

/** Targets y = Q·X̂ + r with X̂·r = 0: θ* attains min g_A (note §5.13). */
function plant(
  dX: number,
  d1: number,
  sMinus: Fraction,
  sPlus: Fraction,
  theta: Fraction[],
  inputs: Fraction[][],
  coeffs: Fraction[],
): Dataset | null {
  const D = theorem2Design(dX, d1, sMinus, sPlus, theta, inputs);
  if (!D) return null;
  const N = nullspace(rational, fromRows(D.Xhat)); // vectors r (length n) with X̂ r = 0
  const y = fitted(D.Q, D.Xhat);
  for (let b = 0; b < N.cols; b++) {
    const a = coeffs[b % coeffs.length];
    for (let i = 0; i < inputs.length; i++) y[i] = y[i].add(a.mul(N.data[i * N.cols + b]));
  }
  return dataset(
    inputs,
    y.map((v) => [v]),
  );
}

/**
 * Deterministic repairs before planting (instead of rejection): move rows of
 * W1 off kinks (w_k·x_i = 0) and negate a row whose sign pattern repeats an
 * earlier unit's (giving the complementary pattern), since repeated patterns
 * make X̂ rank-deficient.
 */
export function repair(theta: Fraction[], dX: number, d1: number, xs: Fraction[][]): Fraction[] {
  const th = theta.slice();
  const pre = (k: number, x: Fraction[]) => dotOf(rational, th.slice(k * dX, (k + 1) * dX), x);
  for (let k = 0; k < d1; k++)
    for (let attempt = 0; attempt < 4 && xs.some((x) => pre(k, x).n === 0n); attempt++)
      th[k * dX] = th[k * dX].add(ratio(1, 7 + attempt));
  const signs = (k: number) => xs.map((x) => pre(k, x).s).join(',');
  for (let k = 1; k < d1; k++)
    if (Array.from({ length: k }, (_, j) => signs(j)).includes(signs(k)))
      for (let j = 0; j < dX; j++) th[k * dX + j] = th[k * dX + j].neg();
  return th;
}

/** What the planted instances are drawn for. */
interface PlantOptions {
  /** X̂ of full row rank: more samples, no zero slope */
  fullRank: boolean;
  /** fewer samples than rows of X̂, so its left null space is nonzero */
  deficient?: boolean;
  /** nonzero null-space coefficients, so the planted residual is nonzero whenever X̂ has a null space */
  residual?: boolean;
}

function plantedInstances(o: PlantOptions): fc.Arbitrary<T2Instance> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      d1: fc.integer({ min: o.deficient ? 2 : 1, max: 3 }),
      sPlus: fc.constantFrom(1, 2, '1/2').map(toRat),
      // full rank needs units with different patterns and no zero slope (dead samples drop rank)
      ratio: (o.fullRank ? fc.constantFrom('1/2', -1, 2, '1/4', -2) : fc.constantFrom(0, '1/2', -1, 2, '1/4')).map(
        toRat,
      ),
      extraN: fc.integer({ min: o.fullRank ? 3 : o.residual ? 2 : 0, max: o.fullRank ? 5 : o.residual ? 4 : 3 }),
      W: fc.array(nonzeroRational(4, 2), { minLength: 12, maxLength: 12 }),
      // residual: nonzero coefficients, so the planted residual r is nonzero whenever X̂ has a null space
      coeffs: fc.array(o.residual ? nonzeroRational(3, 1) : smallRational(3, 1), {
        minLength: 1,
        maxLength: 4,
      }),
      // distinct first coordinates, so inputs stay distinct when cut to d_X = 1
      inputs: fc.uniqueArray(fc.array(nonzeroRational(6, 2), { minLength: 2, maxLength: 2 }), {
        minLength: 10,
        maxLength: 10,
        selector: (r) => r[0].toFraction(),
      }),
    })
    .map(({ dX, d1, sPlus, ratio, extraN, W, coeffs, inputs }) => {
      // deficient: fewer samples than rows of X̂, so its left null space is nonzero
      const n = o.fullRank ? d1 * dX + extraN : o.deficient ? d1 * dX - 1 : Math.max(1, d1 * dX - 1 + extraN);
      const xs = inputs.slice(0, n).map((x) => x.slice(0, dX));
      const theta = repair(W.slice(0, d1 * dX + d1), dX, d1, xs);
      const sMinus = ratio.mul(sPlus);
      const data =
        plant(dX, d1, sMinus, sPlus, theta, xs, coeffs) ??
        dataset(
          xs,
          xs.map(() => [0]),
        );
      return { d1, sMinus, sPlus, theta, data, coeffs };
    });
}

/** The shared detector: a nonlinear activation, distinct nonzero inputs, θ* inside a cell with nonzero output weights (and X̂ of full row rank). */
function detectPlanted(v: T2Instance, fullRank: boolean): string | null {
  const { dX, d1 } = dims(v);
  if (v.sMinus.equals(v.sPlus)) return 'the activation is linear';
  if (inputsCoincide(v.data)) return 'inputs coincide';
  if (v.data.inputs.some((x) => x.every((c) => c.n === 0n))) return 'a zero input (no open cell)';
  const D = design(v);
  if (!D) return 'θ* is on a cell boundary (a pre-activation is 0)';
  if (v.theta.slice(d1 * dX).some((w) => w.n === 0n)) return 'an output weight is 0';
  if (fullRank && rank(rational, fromRows(D.Xhat)) !== d1 * dX) return `X̂ is not of full row rank ${d1 * dX}`;
  return null;
}

/** The first line of every Theorem 2/3 description. */
export const t2Setting = (v: { d1: number; sMinus: Fraction; sPlus: Fraction }) =>
  `activation h(x) = ${encQ(v.sMinus)}·x (x ≤ 0), ${encQ(v.sPlus)}·x (x > 0); one hidden layer of ${v.d1}, no biases`;

export const HYP_T2 = [
  'one hidden layer, d_Y = 1, no biases, two-piece activation with s− ≠ s+',
  'distinct nonzero inputs; θ* strictly inside a cell with nonzero output weights',
  'squared loss (strictly convex), mean over samples',
  'targets planted so that θ* is a local minimum of its cell (y = Q·X̂ + r, X̂r = 0)',
];

/** Planted instances drawn for `o`, with the detector for its rank hypothesis. */
export function planted(o: PlantOptions) {
  return instanceKind({
    generate: () => plantedInstances(o),
    detect: (v) => detectPlanted(v, o.fullRank),
    codec: t2Codec,
    describe: (v) => {
      const D = design(v);
      return [
        t2Setting(v),
        `data:\n${dataTable(v.data)}`,
        `θ* = W1 (${v.d1}×${dims(v).dX}) then W2: ${encQs(v.theta).join(', ')}`,
        D
          ? `Q(θ*) = ${encQs(D.Q).join(', ')}; rank X̂ = ${rank(rational, fromRows(D.Xhat))} of ${v.d1 * dims(v).dX}`
          : 'θ* on a boundary',
      ].join('\n');
    },
    hypotheses: HYP_T2,
  });
}

/** Data of a random teacher: one hidden layer of d1, h_{s−,s+}, on 3–8 distinct nonzero inputs. */
export interface TeacherData {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  data: Dataset;
}

/**
 * Targets from a random network of the Theorem 2 shape (d_X = 1 or 2, d1 = 1..3,
 * s+ ∈ {1, 2, 1/2}, s− = ratio·s+) plus small noise: data a trained network can
 * fit well, with nothing planted.
 */
export const teacherData: fc.Arbitrary<TeacherData> = fc
  .record({
    dX: fc.integer({ min: 1, max: 2 }),
    d1: fc.integer({ min: 1, max: 3 }),
    sPlus: fc.constantFrom(1, 2, '1/2').map(toRat),
    ratio: fc.constantFrom(0, '1/2', -1, 2, '1/4').map(toRat),
    n: fc.integer({ min: 3, max: 8 }),
    inputs: fc.uniqueArray(fc.array(nonzeroRational(6, 2), { minLength: 2, maxLength: 2 }), {
      minLength: 8,
      maxLength: 8,
      selector: (r) => r[0].toFraction(),
    }),
    teacher: fc.array(smallRational(4, 2), { minLength: 9, maxLength: 9 }),
    noise: fc.array(smallRational(2, 4), { minLength: 8, maxLength: 8 }),
  })
  .map(({ dX, d1, sPlus, ratio: r, n, inputs, teacher, noise }) => {
    const sMinus = r.mul(sPlus);
    const xs = inputs.slice(0, n).map((x) => x.slice(0, dX));
    const h = (z: Fraction) => (z.s > 0n ? sPlus : sMinus).mul(z);
    const ys = xs.map((x, i) =>
      Array.from({ length: d1 }, (_, k) =>
        teacher[d1 * dX + k].mul(h(dotOf(rational, teacher.slice(k * dX, (k + 1) * dX), x))),
      )
        .reduce((a, b) => a.add(b), ratio(0))
        .add(noise[i]),
    );
    return {
      d1,
      sMinus,
      sPlus,
      data: dataset(
        xs,
        ys.map((y) => [y]),
      ),
    };
  });
