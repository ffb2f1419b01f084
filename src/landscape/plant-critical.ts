/**
 * Plant a critical point of a piecewise-polynomial network (PWL and/or
 * polynomial activations) with the squared loss. At a θ strictly inside a
 * cell, J is the exact Jacobian of the outputs (one row per sample and
 * output, one column per parameter). Targets y = ŷ(θ) + r with Jᵀr = 0 make
 * ∇R(θ) ∝ Jᵀ(ŷ − y) = 0. With r = 0 (zero residual) the Hessian is a positive
 * multiple of JᵀJ, positive definite iff rank J = P; a small r ≠ 0 keeps it
 * so (θ a strict local minimum with R > 0), a large one can make θ a saddle.
 * Unlike plantCellMinimum (./plant.ts, PWL cell-global minima) nothing but
 * criticality is promised: the certificates decide what θ is.
 */
import { Fraction } from 'fraction.js';
import { fromRows, nullspace, transpose } from '../linalg/matrix.js';
import { dataset, type Dataset } from '../model/data.js';
import { exactGradient, exactOutputs } from '../model/exact.js';
import { squaredLoss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { PlantError } from './plant.js';

/** ∂ŷ_{i,o}/∂θ exactly, row i·d_Y + o; throws PlantError when θ is on a cell boundary (no derivative). */
export function outputJacobian(
  net: Network,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
): Fraction[][] {
  // ½(ŷ_o − y_o)² summed, with y = ŷ − e_o on one sample: its gradient is ∇ŷ_o
  const half = squaredLoss({ half: true, reduction: 'sum' });
  const rows: Fraction[][] = [];
  inputs.forEach((x, i) => {
    const out = exactOutputs(net, theta, dataset([x], [new Array(net.outputDim).fill(0)]))[0];
    for (let o = 0; o < net.outputDim; o++) {
      const y = out.map((v, k) => (k === o ? v.sub(1) : v));
      const g = exactGradient(net, half, theta, dataset([x], [y]));
      if (g.kind !== 'interior')
        throw new PlantError(`θ is on a cell boundary at sample ${i + 1}; the outputs have no Jacobian there`);
      rows.push(g.value);
    }
  });
  return rows;
}

/** `coefficients` are consumed cyclically to combine a basis of ker Jᵀ (none: zero residual). */
export function plantCriticalPoint(
  net: Network,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
  coefficients: readonly Fraction[],
): Dataset {
  const zeros = inputs.map(() => new Array(net.outputDim).fill(0));
  const outputs = exactOutputs(net, theta, dataset(inputs, zeros));
  const J = outputJacobian(net, theta, inputs);
  const K = nullspace(rational, transpose(fromRows(J, net.paramCount))); // columns r with Jᵀr = 0
  const r = new Array<Fraction>(J.length).fill(new Fraction(0));
  if (coefficients.length)
    for (let b = 0; b < K.cols; b++) {
      const a = coefficients[b % coefficients.length];
      for (let m = 0; m < J.length; m++) r[m] = r[m].add(a.mul(K.data[m * K.cols + b]));
    }
  return dataset(
    inputs,
    outputs.map((row, i) => row.map((v, o) => v.add(r[i * net.outputDim + o]))),
  );
}
