/**
 * Liu (one-hidden-layer ReLU, Part 1), §II and §III: the model
 * f_i = Σ_j z_j [w_j·x_i]_+ (fcNetwork([d, K, 1], relu(), false); row j of
 * layer1.weight is w_j, layer2.weight is z) on inputs x_i that carry the bias
 * as a last coordinate 1 (homogeneous) or not (raw), and the reparametrisation
 * of eq. (2) inside a cell: R_j = z_j w_j, f = AR with the design matrix of
 * eq. (11), A = [D_1X | … | D_KX], D_j = diag(I_{·j}).
 *
 * Conventions. The paper's I_ij is (sample i, neuron j), 1-based, with
 * I_ij = 1 iff w_j·x_i > 0; the toolkit's pattern `piece[unit][sample]` is
 * 0-based and unit-major (piece 1 = active). The paper's "cell" of w_j is a
 * region of one neuron's weight space (a cone of the sample hyperplanes,
 * src/landscape/arrangement.ts); the toolkit's cell is the activation pattern
 * of all units over all samples, here the product of the K neurons' cells
 * times ℝ^K for z.
 */
import { Fraction } from 'fraction.js';
import { fromRows } from '../../linalg/matrix.js';
import { relu } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { assembleParams, fcNetwork, type Network } from '../../model/network.js';
import { sum, ZERO } from '../../numeric/rational.js';

/** The paper's network: d inputs (bias included in x), K hidden ReLU units without bias, one linear output without bias. */
export const liu1hNet = (d: number, K: number): Network => fcNetwork([d, K, 1], relu(), false);

/** θ from the output weights z and the hidden weights w_j (rows). */
export const liu1hTheta = (net: Network, z: readonly Fraction[], w: readonly (readonly Fraction[])[]): Fraction[] =>
  assembleParams(net, { 'layer1.weight': w.flat(), 'layer2.weight': [...z] });

const dot = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));

/** I_ij = 1 iff w_j·x_i > 0 (0 on the hyperplane): N rows, K columns. */
export const patternOf = (X: readonly (readonly Fraction[])[], w: readonly (readonly Fraction[])[]): number[][] =>
  X.map((x) => w.map((wj) => (dot(wj, x).compare(ZERO) > 0 ? 1 : 0)));

/** The design matrix A of eq. (11): row i is (I_i1 x_iᵀ, …, I_iK x_iᵀ). */
export const designMatrix = (X: readonly (readonly Fraction[])[], I: readonly (readonly number[])[]): Fraction[][] =>
  X.map((x, i) => I[i].flatMap((on) => x.map((v) => (on ? v : ZERO))));

/** L_I(R) = (1/N)‖AR − y‖², eq. (2) with the squared loss. */
export function cellLoss(
  A: readonly (readonly Fraction[])[],
  R: readonly Fraction[],
  y: readonly Fraction[],
): Fraction {
  return sum(A.map((row, i) => dot(row, R).sub(y[i]).pow(2))).div(A.length);
}

/** AᵀA, the Hessian of L_I in R up to the factor 2/N. */
export function gram(A: readonly (readonly Fraction[])[]) {
  const n = A[0].length;
  return fromRows(
    Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => sum(A.map((row) => row[r].mul(row[c]))))),
  );
}

/** The dataset of the paper's network. */
export const liu1hData = (X: readonly (readonly Fraction[])[], y: readonly Fraction[]): Dataset =>
  dataset(
    X.map((x) => [...x]),
    y.map((v) => [v]),
  );
