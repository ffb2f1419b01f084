/**
 * Plant a cell minimum (He et al. note §5.13, generalised to any depth): for
 * an interior θ, set y_i = ŷ_i(θ) + r_i where, within every activation-pattern
 * class g, the residual block r_g is orthogonal to the class's augmented
 * inputs (Σ_{i∈g} r_i x̃_iᵀ = 0). Then each class's least-squares affine map
 * is the network's own, R(θ) equals the pattern-class bound, and θ is a
 * local (cell-global) minimum with generally nonzero residuals.
 */
import { Fraction } from 'fraction.js';
import { fromRows, nullspace, transpose } from '../linalg/matrix.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactOutputs } from '../model/exact.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { needsConstant, patternKeys } from './certificates.js';

export class PlantError extends Error {
  override name = 'PlantError';
}

/** `coefficients` are consumed cyclically to combine null-space vectors (one per basis vector and output). */
export function plantCellMinimum(
  net: Network,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
  coefficients: readonly Fraction[],
): Dataset {
  const zeros = inputs.map(() => new Array(net.outputDim).fill(new Fraction(0)));
  const probe = dataset(inputs, zeros);
  const pat = activationPattern(net, theta, probe);
  if (!pat.interior)
    throw new PlantError(
      `θ is on a cell boundary (${pat.kinks.length} kink entries); planting needs an interior point`,
    );
  const outputs = exactOutputs(net, theta, probe);
  const keys = patternKeys(pat, inputs.length);
  const affine = needsConstant(net);
  const residual = inputs.map(() => new Array<Fraction>(net.outputDim).fill(new Fraction(0)));
  let c = 0;
  const next = () => (coefficients.length ? coefficients[c++ % coefficients.length] : new Fraction(0));
  for (const key of new Set(keys)) {
    const members = keys.flatMap((k, i) => (k === key ? [i] : []));
    // ker X̃gᵀ: residual vectors over the class's samples orthogonal to every input column
    const Xg = fromRows(members.map((i) => (affine ? [...inputs[i], new Fraction(1)] : [...inputs[i]])));
    const N = nullspace(rational, transpose(Xg));
    for (let o = 0; o < net.outputDim; o++)
      for (let b = 0; b < N.cols; b++) {
        const a = next();
        members.forEach((i, m) => (residual[i][o] = residual[i][o].add(a.mul(N.data[m * N.cols + b]))));
      }
  }
  return dataset(
    inputs,
    outputs.map((row, i) => row.map((v, o) => v.add(residual[i][o]))),
  );
}
