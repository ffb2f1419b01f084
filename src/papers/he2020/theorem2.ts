/**
 * Theorems 2 and 3 (§4.1, eqs. 59–73), notes §5.9–5.10: one hidden layer,
 * d_Y = 1, no biases, two-piece h. θ = (W1 (d1 × d_X), W2 (1 × d1)).
 */
import type { Fraction } from 'fraction.js';
import { liftedDesign } from '../../landscape/lifted.js';
import { twoPiece, type PwlActivation } from '../../model/activation.js';
import { dataset } from '../../model/data.js';
import { fcNetwork, type Network } from '../../model/network.js';
import { ZERO } from '../../numeric/rational.js';

/** The Theorem 2 network: widths [d_X, d1, 1], no biases anywhere. */
export function theorem2Net(dX: number, d1: number, act: PwlActivation): Network {
  return fcNetwork([dX, d1, 1], act, false);
}

export interface Theorem2Design {
  /** A[k][i] = h'((W1)_k·x_i) ∈ {s−, s+} (eq. 60) */
  A: Fraction[][];
  /** X̂ (d1·d_X × n): block k of column i is A_{k,i}·x_i (eq. 63) */
  Xhat: Fraction[][];
  /** Q(W1, W2) = [(W2)_1 (W1)_1, ..., (W2)_d1 (W1)_d1] (eqs. 61–62) */
  Q: Fraction[];
}

/**
 * A, X̂ and Q at θ; null if some pre-activation is 0 (θ on a cell boundary).
 * X̂ᵀ is the landscape toolkit's lifted design of the Theorem 2 network (no
 * biases, pieces through 0), so it is built there: liftedDesign.
 */
export function theorem2Design(
  dX: number,
  d1: number,
  sMinus: Fraction,
  sPlus: Fraction,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
): Theorem2Design | null {
  const net = theorem2Net(dX, d1, twoPiece(sMinus, sPlus));
  // the design depends on the inputs only: the targets are placeholders
  const lifted = liftedDesign(
    net,
    theta,
    dataset(
      inputs,
      inputs.map(() => [0]),
    ),
  );
  if (!lifted) return null;
  const Xhat = lifted.featureNames.map((_, r) => lifted.rows.map((row) => row[r]));
  const Q = Array.from({ length: d1 * dX }, (_, r) => theta[d1 * dX + Math.floor(r / dX)].mul(theta[r]));
  return { A: lifted.slopes, Xhat, Q };
}

/** g_A(Ŵ) = (1/n) Σ_i (y_i − Ŵ·X̂_i)² (eq. 65). */
export function gA(Qv: readonly Fraction[], Xhat: readonly (readonly Fraction[])[], y: readonly Fraction[]): Fraction {
  let s = ZERO;
  y.forEach((yi, i) => {
    const r = Qv.reduce((acc, q, row) => acc.add(q.mul(Xhat[row][i])), ZERO).sub(yi);
    s = s.add(r.mul(r));
  });
  return s.div(y.length);
}
