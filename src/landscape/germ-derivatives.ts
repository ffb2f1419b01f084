/**
 * The exact gradient and Hessian of the risk at θ by a second, independent
 * route: forward passes over the germ field only (no backprop, no
 * R-operator). For a point strictly inside a cell the risk is a polynomial
 * near θ, so along a ray
 *   R(θ + t·d) = R(θ) + (∇R·d)·t + ½·dᵀHd·t² + …,
 * and with d = e_k (giving g_k and H_kk) and d = e_k + e_l (giving
 * H_kk + 2·H_kl + H_ll) every entry follows. P(P+1)/2 passes: for the small
 * networks whose proofs are re-checked this way.
 */
import { Fraction } from 'fraction.js';
import * as P from '../linalg/polynomial.js';
import type { Dataset } from '../model/data.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { analyseCurve, rayCurve } from './curve.js';

export function germDerivatives(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): { gradient: Fraction[]; hessian: Fraction[][] } {
  const n = theta.length;
  const zero = new Fraction(0);
  const along = (d: Fraction[]) => analyseCurve(net, loss, data, rayCurve(theta, d)).riskPolynomial;
  const unit = (...ks: number[]) => {
    const d = new Array<Fraction>(n).fill(zero);
    for (const k of ks) d[k] = d[k].add(1);
    return d;
  };
  const gradient: Fraction[] = [];
  const half: Fraction[] = []; // ½·H_kk
  for (let k = 0; k < n; k++) {
    const r = along(unit(k));
    gradient.push(P.coeff(r, 1));
    half.push(P.coeff(r, 2));
  }
  const hessian = Array.from({ length: n }, (_, k) => Array.from({ length: n }, () => zero));
  for (let k = 0; k < n; k++) {
    hessian[k][k] = half[k].mul(2);
    for (let l = k + 1; l < n; l++) {
      // ½(H_kk + 2H_kl + H_ll) = c₂  ⇒  H_kl = c₂ − ½H_kk − ½H_ll
      const c2 = P.coeff(along(unit(k, l)), 2);
      hessian[k][l] = hessian[l][k] = c2.sub(half[k]).sub(half[l]);
    }
  }
  return { gradient, hessian };
}
