/**
 * Lemma 9 (eqs. 25/26): θ′, the reserved maps rewired so that every output is
 * unchanged — corrected (note §5c) and as printed (note §4, T1). Either
 * variant: the conv parameters do not depend on it, the FC columns are those
 * of the FC's own positions (`fcShape`).
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import { ONE, sum, toRat, ZERO } from '../../numeric/rational.js';
import { minV, preActivations } from './layer3.js';
import type { Lemma10Plan } from './lemma10.js';
import { cloneParams, E, fcShape, PLAIN, tapCount, type CnnParams, type CnnShape, type CnnVariant } from './network.js';

/** w^j = W^L(k, map t+2, position j) at θ (note §2.6); positions of the FC layer. */
export const copyWeights = (s: CnnShape, p: CnnParams, t: number, k: number, variant: CnnVariant = PLAIN) => {
  const Q = fcShape(s, variant).P;
  return p.W[k].slice((t + 2) * Q, (t + 3) * Q);
};

/** Lemma 9 case 1 (η ≥ −b, β = η + b ≥ 0), corrected (note §5c): b_t^{L−3} unchanged. */
export function thetaPrimeCase1(
  s: CnnShape,
  theta: CnnParams,
  t: number,
  k: number,
  beta: Fraction,
  variant: CnnVariant = PLAIN,
): CnnParams {
  const Q = fcShape(s, variant).P;
  const p = cloneParams(theta);
  const w = copyWeights(s, theta, t, k, variant);
  p.w2[0] = E(t, s.T3, toRat(-1), tapCount(s));
  p.b2[0] = beta;
  p.w2[1] = E(t, s.T3, ONE, tapCount(s));
  p.b2[1] = beta.neg();
  p.w3[0] = E(0, s.T2, toRat(-1), tapCount(s));
  p.b3[0] = beta;
  p.w3[1] = E(1, s.T2, ONE, tapCount(s));
  p.b3[1] = beta;
  for (let j = 0; j < Q; j++) {
    p.W[k][j] = w[j];
    p.W[k][Q + j] = w[j];
    p.W[k][(t + 2) * Q + j] = ZERO;
  }
  p.bL[k] = theta.bL[k].sub(beta.mul(sum(w)));
  return p;
}

/** Lemma 9 case 2 (η < −b), corrected (note §5c): b_t^{L−3} := b̃ ≥ −min v, and the OLD b in b_{t+2}^{L−1} = η + b. */
// duplicates: the signature and opening of case 1 above; the two cases rewire different maps
export function thetaPrimeCase2(
  s: CnnShape,
  theta: CnnParams,
  t: number,
  k: number,
  eta: Fraction,
  bTilde: Fraction,
  variant: CnnVariant = PLAIN,
): CnnParams {
  const Q = fcShape(s, variant).P;
  const p = cloneParams(theta);
  const b = theta.b1[t];
  const w = copyWeights(s, theta, t, k, variant);
  const shift = eta.add(bTilde).neg();
  p.b1[t] = bTilde;
  p.w2[0] = E(t, s.T3, ONE, tapCount(s));
  p.b2[0] = shift;
  p.w2[1] = E(t, s.T3, ONE, tapCount(s));
  p.b2[1] = shift;
  p.b2[t + 2] = shift;
  p.b3[t + 2] = eta.add(b);
  for (let j = 0; j < Q; j++) {
    p.W[k][j] = w[j];
    p.W[k][Q + j] = w[j].neg();
  }
  return p;
}

/** θ′ for a Lemma 10 plan: case 1 or case 2 by its η. */
export function thetaPrimeOf(s: CnnShape, theta: CnnParams, plan: Lemma10Plan, variant: CnnVariant = PLAIN): CnnParams {
  return plan.which === 1
    ? thetaPrimeCase1(s, theta, plan.t, plan.k, plan.beta, variant)
    : thetaPrimeCase2(s, theta, plan.t, plan.k, plan.eta, plan.bTilde, variant);
}

/**
 * Lemma 9 as printed, eqs. (25)/(26) (note §4, T1): b_t^{L−3} := −min v is
 * written in BOTH cases and the same symbol is then used everywhere:
 * case 1 with β = η + (−min v); case 2 with b̃ = −min v and b_{t+2}^{L−1} = η + b̃.
 */
export function thetaPrimeLiteral(
  s: CnnShape,
  theta: CnnParams,
  data: Dataset,
  t: number,
  k: number,
  eta: Fraction,
  which: 1 | 2,
  variant: CnnVariant = PLAIN,
): CnnParams {
  const bNew = minV(preActivations(s, theta.w1, data, theta.lower), t).neg();
  const reassigned = { ...theta, b1: theta.b1.map((b, c) => (c === t ? bNew : b)) };
  return which === 1
    ? thetaPrimeCase1(s, reassigned, t, k, eta.add(bNew), variant)
    : thetaPrimeCase2(s, reassigned, t, k, eta, bNew, variant);
}
