/**
 * The best output layer for the earlier layers held fixed. When the last layer
 * has the identity activation, the outputs are linear in its parameters
 * (weights and bias, shared or not): ŷ = Σ_k p_k φ_k, with φ_k the outputs at θ
 * with every last-layer parameter 0 except p_k = 1. The squared-loss optimum
 * over them is one exact least-squares solve (the paper constructions that fit
 * a last layer, e.g. Ding et al.'s Appendix C, and witnesses of sub-optimality
 * use it). Sum and mean reductions have the same minimiser.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares } from '../linalg/matrix.js';
import type { Dataset } from '../model/data.js';
import { exactOutputs } from '../model/exact.js';
import type { Network } from '../model/network.js';
import { rational, ZERO } from '../numeric/rational.js';

export interface OutputFit {
  /** θ with the last layer replaced by a least-squares solution (minimum norm when it is not unique) */
  theta: Fraction[];
  /** Σ over samples and outputs of (y − ŷ)² at that θ */
  residual: Fraction;
}

/** The last layer's parameter indices (weights, then bias), distinct, in order of first use. */
export function outputLayerParams(net: Network): number[] {
  const last = net.layers[net.layers.length - 1];
  const idx = [...(last.weightIndex ?? []), ...(last.biasIndex ?? [])].filter((k) => k >= 0);
  return [...new Set(idx)];
}

/**
 * The least-squares last layer at θ's earlier layers, or null when the last
 * layer is not linear in its parameters (an activation other than the
 * identity, or no parameters: pooling).
 */
export function fitOutputLayer(net: Network, theta: readonly Fraction[], data: Dataset): OutputFit | null {
  const last = net.layers[net.layers.length - 1];
  const params = outputLayerParams(net);
  if (!last.identity || params.length === 0) return null;
  const base = theta.map((t, k) => (params.includes(k) ? ZERO : new Fraction(t)));
  // φ_k: the outputs with p_k = 1 and the rest of the last layer 0 (one column of the design matrix)
  const columns = params.map((k) =>
    exactOutputs(
      net,
      base.map((t, j) => (j === k ? new Fraction(1) : t)),
      data,
    ).flat(),
  );
  const rows = columns[0].map((_, r) => columns.map((c) => c[r]));
  const ls = leastSquares(rational, fromRows(rows, params.length), data.targets.flat()) as {
    x: Fraction[];
    risk: Fraction;
  };
  const out = base.slice();
  params.forEach((k, j) => (out[k] = ls.x[j]));
  return { theta: out, residual: ls.risk };
}
