/**
 * The lifted design of certificate (b) (./certificates.ts, liftedBound): for a
 * network with one hidden dense layer, the output on every sample is linear in
 * lifted variables, and least squares over them bounds the risk on the cell.
 */
import { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { activationPattern } from '../model/exact.js';
import { getBlock, type Network } from '../model/network.js';

/** The lifted design of certificate (b) at θ: one row per sample, one column per lifted variable. */
export interface LiftedDesign {
  /** R_j·x_d (and R_j·1 with a first-layer bias) for every unit j, then z_j·c for the units whose pieces have intercepts, then b for an output bias */
  featureNames: string[];
  /** rows[i]: the coefficients of the lifted variables in the output on sample i */
  rows: Fraction[][];
  /** slopes[j][i] = s_ij, the slope of unit j's piece on sample i */
  slopes: Fraction[][];
}

/**
 * The lifted design of a network dense → PWL → dense (linear) at θ. With
 * R_j = z_j·w̃_jᵀ (w̃_j unit j's incoming weights and bias, z_j its outgoing
 * weights), the output on sample i is Σ_j s_ij·R_j·x̃_i + Σ_j c_ij·z_j + b, linear
 * in the lifted variables (s_ij, c_ij: slope and intercept of unit j's piece on
 * sample i, x̃_i = (x_i, 1) with a first-layer bias, else x_i). Row i holds their
 * coefficients. Null when θ is on a cell boundary (a piece is not determined).
 * For a network without biases and with pieces through 0 (He et al.'s Theorem 2
 * network) the rows are the columns of X̂ (eq. 63), and `slopes` is their A.
 */
export function liftedDesign(
  net: Network,
  theta: readonly Fraction[],
  data: Dataset,
  /** pieces[unit][sample] to use instead of θ's (e.g. one closed cell adjacent to a boundary point) */
  forced?: readonly (readonly number[])[],
): LiftedDesign | null {
  const [l1, l2] = net.layers;
  if (net.layers.length !== 2 || l1.spec.kind !== 'dense' || l2.spec.kind !== 'dense' || !l2.identity) {
    throw new TypeError('the lifted design needs one hidden dense layer followed by a linear dense output layer');
  }
  if (l1.activation.kind !== 'pwl')
    throw new TypeError(`the lifted design needs a piecewise-linear activation; layer 1 uses ${l1.activation.name}`);
  const act = l1.activation.fn.table;
  let pieces: readonly (readonly number[])[] | undefined = forced;
  if (!pieces) {
    const pat = activationPattern(net, theta, data);
    if (!pat.interior) return null;
    pieces = pat.layers.find((lp) => lp.layer === 1)?.piece; // absent when the activation has no breakpoints
  }
  const K = l1.outDim;
  const bias1 = l1.biasIndex !== null;
  const slopes = Array.from({ length: K }, (_, j) => data.inputs.map((_, i) => act.slopes[pieces ? pieces[j][i] : 0]));
  const intercepts = Array.from({ length: K }, (_, j) =>
    data.inputs.map((_, i) => act.intercepts[pieces ? pieces[j][i] : 0]),
  );
  const usesIntercept = intercepts.map((row) => row.some((c) => c.n !== 0n));
  const featureNames: string[] = [];
  for (let j = 0; j < K; j++) {
    for (let d = 0; d < l1.inDim; d++) featureNames.push(`R${j + 1}·x${d + 1}`);
    if (bias1) featureNames.push(`R${j + 1}·1`);
  }
  for (let j = 0; j < K; j++) if (usesIntercept[j]) featureNames.push(`z${j + 1}·c`);
  if (l2.biasIndex) featureNames.push('b');
  const rows = data.inputs.map((x, i) => {
    const row: Fraction[] = [];
    for (let j = 0; j < K; j++) {
      for (const xd of x) row.push(slopes[j][i].mul(xd));
      if (bias1) row.push(slopes[j][i]);
    }
    for (let j = 0; j < K; j++) if (usesIntercept[j]) row.push(intercepts[j][i]);
    if (l2.biasIndex) row.push(new Fraction(1));
    return row;
  });
  return { featureNames, rows, slopes };
}

/**
 * θ's lifted coordinates in liftedDesign's feature order, one row per feature and
 * one column per output: the entries of R_j = w̃_j·z_jᵀ, then z_j for the units with
 * piece intercepts, then the output bias. The output on sample i is rows[i]·U.
 */
export function liftedCoordinates(
  net: Network,
  theta: readonly Fraction[],
  featureNames: readonly string[],
): Fraction[][] {
  const [l1, l2] = net.layers;
  const K = l1.outDim,
    dIn = l1.inDim,
    dY = l2.outDim;
  const W1 = getBlock(net, theta, 'layer1.weight');
  const b1 = l1.biasIndex ? getBlock(net, theta, 'layer1.bias') : [];
  const W2 = getBlock(net, theta, 'layer2.weight'); // dY × K, row-major
  const z = (j: number) => Array.from({ length: dY }, (_, o) => W2[o * K + j]);
  const u: Fraction[][] = [];
  for (let j = 0; j < K; j++) {
    const wt = [...W1.slice(j * dIn, (j + 1) * dIn), ...(l1.biasIndex ? [b1[j]] : [])];
    for (const w of wt) u.push(z(j).map((zo) => w.mul(zo)));
  }
  for (let j = 0; j < K; j++) if (featureNames.includes(`z${j + 1}·c`)) u.push(z(j));
  if (l2.biasIndex) u.push([...getBlock(net, theta, 'layer2.bias')]);
  return u;
}
