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
import { activationPattern, cellGradient, exactOutputs, forcedPiecesOf } from '../model/exact.js';
import type { ForcedPieces } from '../model/passes.js';
import { squaredLoss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { needsConstant, patternKeys } from './certificates.js';

export class PlantError extends Error {
  override name = 'PlantError';
}

/** θ's activation pattern and outputs on the inputs; θ must be strictly inside a cell unless `boundary`. */
function interiorOutputs(
  net: Network,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
  boundary = false,
) {
  const zeros = inputs.map(() => new Array(net.outputDim).fill(new Fraction(0)));
  const probe = dataset(inputs, zeros);
  const pat = activationPattern(net, theta, probe);
  if (!pat.interior && !boundary)
    throw new PlantError(
      `θ is on a cell boundary (${pat.kinks.length} kink entries); planting needs an interior point`,
    );
  return { pat, outputs: exactOutputs(net, theta, probe) };
}

/**
 * `coefficients` are consumed cyclically to combine null-space vectors (one per basis vector and output).
 *
 * With `boundary: true`, θ may sit on cell boundaries: every sample with a kink entry gets residual 0
 * and the others are planted as above. In each adjacent cell a kinked sample then joins the group of
 * its pattern there, whose map at θ also gives that sample's output (continuity), so the group's
 * least-squares map is unchanged and every adjacent cell's pattern-class bound equals R(θ): a
 * boundary (possibly non-differentiable) local minimum, as boundaryBound proves.
 */
export function plantCellMinimum(
  net: Network,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
  coefficients: readonly Fraction[],
  opts: { boundary?: boolean } = {},
): Dataset {
  const { pat, outputs } = interiorOutputs(net, theta, inputs, opts.boundary);
  const kinked = new Set(pat.kinks.map((k) => k.sample));
  const keys = patternKeys(pat, inputs.length).map((k, i) => (kinked.has(i) ? null : k));
  const affine = needsConstant(net);
  const residual = inputs.map(() => new Array<Fraction>(net.outputDim).fill(new Fraction(0)));
  let c = 0;
  const next = () => (coefficients.length ? coefficients[c++ % coefficients.length] : new Fraction(0));
  for (const key of new Set(keys)) {
    if (key === null) continue;
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

/**
 * ∂ŷ_{i,o}/∂θ exactly (row i·d_Y + o, one column per parameter) of the polynomial of the cell with the
 * given pieces (default: θ's own cell, which θ must be strictly inside).
 */
export function outputJacobian(
  net: Network,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
  forced?: ForcedPieces,
): Fraction[][] {
  const pieces = forced ?? forcedPiecesOf(net, interiorOutputs(net, theta, inputs).pat);
  const outputs = exactOutputs(
    net,
    theta,
    dataset(
      inputs,
      inputs.map(() => new Array(net.outputDim).fill(0)),
    ),
  );
  // the gradient of Σ(ŷ − y)² with ŷ − y = e_io is 2·∇ŷ_io
  const loss = squaredLoss({ reduction: 'sum' });
  const rows: Fraction[][] = [];
  inputs.forEach((_, i) => {
    for (let o = 0; o < net.outputDim; o++) {
      const y = outputs.map((r, k) => r.map((v, p) => (k === i && p === o ? v.sub(1) : v)));
      rows.push(cellGradient(net, loss, theta, dataset(inputs, y), pieces).gradient.map((g) => g.div(2)));
    }
  });
  return rows;
}

/**
 * Plant a critical point at any depth: y_i = ŷ_i(θ) + scale·r_i with the
 * stacked residual r orthogonal to every column of the exact output Jacobian
 * ∂ŷ/∂θ (so ∇R(θ) = 0 on θ's cell; any piecewise-polynomial net: PWL and polynomial activations). Unlike plantCellMinimum this does not make
 * θ cell-optimal: the Hessian is JᵀJ plus a residual term, which a small
 * `scale` keeps positive semidefinite when ker J is flat (e.g. rescalings).
 * `coefficients` are consumed cyclically to combine the null-space vectors.
 */
export function plantCriticalPoint(
  net: Network,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
  coefficients: readonly Fraction[],
  scale: Fraction = new Fraction(1),
): Dataset {
  const { pat, outputs } = interiorOutputs(net, theta, inputs);
  const rows = outputJacobian(net, theta, inputs, forcedPiecesOf(net, pat));
  const N = nullspace(rational, transpose(fromRows(rows, net.paramCount)));
  const r = new Array<Fraction>(rows.length).fill(new Fraction(0));
  for (let b = 0; b < N.cols; b++) {
    const a = coefficients.length ? coefficients[b % coefficients.length] : new Fraction(0);
    for (let m = 0; m < rows.length; m++) r[m] = r[m].add(a.mul(N.data[m * N.cols + b]));
  }
  return dataset(
    inputs,
    outputs.map((row, i) => row.map((v, o) => v.add(scale.mul(r[i * net.outputDim + o])))),
  );
}
