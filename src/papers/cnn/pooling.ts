/**
 * App. D's average pooling between L−1 and the FC layer, as matrices: pooling
 * is linear, so the pooled network computes what the plain network computes
 * with the FC row expanded back to the unpooled positions, w̃ = Poolᵀ·w
 * (note §5f). The Lemma 10 quantities at L−3 locations j ∈ [P] (D_i, G) use w̃.
 */
import type { Fraction } from 'fraction.js';
import { sum, toRat, ZERO } from '../../numeric/rational.js';
import {
  cloneParams,
  fcPositions,
  PLAIN,
  POOLED,
  poolWindows,
  type CnnParams,
  type CnnShape,
  type CnnVariant,
} from './network.js';

/** The pooling matrix of one map (App. A, eq. 11): Q × P, row q = 1/|window| on the positions of window q. */
export function poolMatrix(s: CnnShape, variant: CnnVariant = POOLED): Fraction[][] {
  return poolWindows(s, variant).map((win) =>
    Array.from({ length: s.P }, (_, j) => (win.includes(j) ? toRat(1).div(win.length) : ZERO)),
  );
}

/** One FC row on pooled maps expanded to the unpooled positions: w̃ = Poolᵀ·w per map (w̃^{map, j} = w^{map, window of j}/|window|). */
export function expandRow(s: CnnShape, row: readonly Fraction[], maps: number, variant: CnnVariant): Fraction[] {
  const Q = fcPositions(s, variant);
  const M = poolMatrix(s, variant);
  return Array.from({ length: maps * s.P }, (_, col) => {
    const m = Math.floor(col / s.P),
      j = col % s.P;
    return sum(Array.from({ length: Q }, (_, qq) => M[qq][j].mul(row[m * Q + qq])));
  });
}

/** The parameters with the FC expanded to unpooled positions: the same outputs in the plain network (pooling is linear). */
export const expandFc = (s: CnnShape, p: CnnParams, variant: CnnVariant): CnnParams =>
  variant.pool === 1 ? p : { ...cloneParams(p), W: p.W.map((r) => expandRow(s, r, s.T1, variant)) };

/** w̃ of channel t, output k, from the FC weights: w̃^j = W(k, map t+2, window of j)/|window| (the copy weights w^j without pooling). */
export function expandedCopyWeights(
  s: CnnShape,
  p: CnnParams,
  t: number,
  k: number,
  variant: CnnVariant = PLAIN,
): Fraction[] {
  const Q = fcPositions(s, variant);
  if (variant.pool === 1) return p.W[k].slice((t + 2) * Q, (t + 3) * Q);
  const wins = poolWindows(s, variant);
  return Array.from({ length: s.P }, (_, j) => {
    const q = wins.findIndex((win) => win.includes(j));
    return p.W[k][(t + 2) * Q + q].div(wins[q].length);
  });
}
