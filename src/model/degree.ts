/**
 * Degree bounds for the polynomial a network computes inside one activation
 * cell (pieces fixed), as a function of its parameters θ.
 *
 * A layer with parameter weights raises the degree of its input by one (a
 * bias term has degree 1); a fixed layer (pooling) keeps it; an activation
 * piece is affine, so it keeps it too, and c·t^p multiplies it by p. The
 * squared loss doubles the output's degree.
 */
import type { Activation } from './activation.js';
import type { Network } from './network.js';

/** Degree of the activation as a polynomial on one of its pieces (1 for piecewise-linear ones), or null when it is not polynomial. */
export function activationDegree(a: Activation): number | null {
  if (a.kind === 'pwl') return 1;
  if (a.kind === 'poly') return a.coefficients.length - 1;
  return null;
}

/** An upper bound on the degree in θ of every output, on any one cell; null when an activation is not polynomial. */
export function outputDegree(net: Network): number | null {
  let d = 0;
  for (const L of net.layers) {
    const z = L.weightIndex ? Math.max(d + 1, L.biasIndex ? 1 : 0) : Math.max(d, L.biasIndex ? 1 : 0);
    const p = L.identity ? 1 : activationDegree(L.activation);
    if (p === null) return null;
    d = z * p;
  }
  return d;
}

/** An upper bound on the degree in θ of the squared-loss risk on any one cell, or null. */
export function riskDegree(net: Network): number | null {
  const d = outputDegree(net);
  return d === null ? null : 2 * d;
}
