/**
 * Ding, Li & Sun (2019), §4.2: the shallow model (eq. 12) with N ≤ 2 samples.
 *
 *  - factoredActivation: polynomials c·∏(t − r_k)^{m_k}·(t² + bt + p) with
 *    b² < 4p, whose real zeros are the r_k; with every m_k odd each zero is a
 *    sign change, Assumption 4 of Theorem 3;
 *  - parallelPoint: at N = 2 a point with w₁ = … = w_m = ω at which
 *    z = σ(ωx) and ∂z = x∘σ′(ωx) are parallel (Assumption 5(3) fails at λ = ω),
 *    for σ = α + βt + γt² with α solved from det[z, ∂z] = 0; targets
 *    y = ŷ + r with r ⊥ z (so r ⊥ ∂z too), planted by the toolkit;
 *  - twoSampleRealizer: a zero-loss point of the m ≥ 2 net on two samples.
 */
import { Fraction } from 'fraction.js';
import * as P from '../../linalg/polynomial.js';
import { plantCriticalPoint } from '../../landscape/plant.js';
import { evalPoly, polynomial, type PolyActivation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import { shallowNet, shallowTheta } from './shallow.js';

/** c·∏(t − r_k)^{m_k}, times t² + bt + p when `quad` is given. */
export function factoredActivation(
  c: Fraction,
  roots: readonly Fraction[],
  mults: readonly number[],
  quad: { b: Fraction; p: Fraction } | null,
): PolyActivation {
  let p: P.Poly = [c];
  roots.forEach((r, k) => {
    for (let j = 0; j < mults[k]; j++) p = P.mul(p, [r.neg(), ONE]);
  });
  if (quad) p = P.mul(p, [quad.p, quad.b, ONE]);
  return polynomial(p);
}

/**
 * The α for which σ = α + βt + γt² has det[σ(ωx), x∘σ′(ωx)] = 0 at the two
 * inputs x: the determinant σ(ωx₁)x₂σ′(ωx₂) − σ(ωx₂)x₁σ′(ωx₁) is linear in α.
 * Null when its α-coefficient x₂σ′(ωx₂) − x₁σ′(ωx₁) is zero.
 */
export function parallelAlpha(
  beta: Fraction,
  gamma: Fraction,
  omega: Fraction,
  x: readonly Fraction[],
): Fraction | null {
  const [x1, x2] = x;
  const d = (xi: Fraction) => xi.mul(beta.add(gamma.mul(2).mul(omega).mul(xi))); // x·σ′(ωx)
  const rest = (xi: Fraction) => beta.mul(omega).mul(xi).add(gamma.mul(omega).mul(omega).mul(xi).mul(xi)); // σ(ωx) − α
  const coef = d(x2).sub(d(x1));
  if (coef.n === 0n) return null;
  return rest(x2)
    .mul(d(x1))
    .sub(rest(x1).mul(d(x2)))
    .div(coef);
}

export interface ParallelPoint {
  act: PolyActivation;
  alpha: Fraction;
  net: Network;
  theta: Fraction[];
  data: Dataset;
  /** z = σ(ωx), ∂z = x∘σ′(ωx) (parallel) */
  z: Fraction[];
  dz: Fraction[];
}

/**
 * w = (ω, …, ω), the given v, σ = α + βt + γt² with α = parallelAlpha(β, γ, ω, x),
 * and y = ŷ + λ·r where r spans the vectors orthogonal to every column of the
 * output Jacobian (the columns z and v_i·∂z, all parallel): plantCriticalPoint.
 * Null when α does not exist.
 */
export function parallelPoint(
  beta: Fraction,
  gamma: Fraction,
  omega: Fraction,
  x: readonly Fraction[],
  v: readonly Fraction[],
  lambda: Fraction,
): ParallelPoint | null {
  const alpha = parallelAlpha(beta, gamma, omega, x);
  if (!alpha) return null;
  const act = polynomial([alpha, beta, gamma]);
  const net = shallowNet(act, v.length);
  const theta = shallowTheta(
    net,
    v.map(() => omega),
    v,
  );
  const inputs = x.map((xi) => [xi]);
  return {
    act,
    alpha,
    net,
    theta,
    data: plantCriticalPoint(net, theta, inputs, [ONE], lambda),
    z: x.map((xi) => evalPoly(act, omega.mul(xi))),
    dz: x.map((xi) => xi.mul(beta.add(gamma.mul(2).mul(omega).mul(xi)))),
  };
}

/**
 * A zero-loss point of the shallow net with m ≥ 2 on two samples x₁ ≠ x₂:
 * hidden weights (0, t, 0, …) and output weights solving the 2 × 2 system
 * [σ(0), σ(t·x_n)]·(v₁, v₂) = y_n, for the first t in 1, 2, 3, … (up to 16) that
 * makes it nonsingular. Null when none does (σ(0) = 0, or σ(t·x₁) = σ(t·x₂)
 * for all of them), or m < 2.
 */
export function twoSampleRealizer(
  act: PolyActivation,
  data: Dataset,
  m: number,
): { w: Fraction[]; v: Fraction[] } | null {
  if (m < 2 || data.inputs.length !== 2) return null;
  const [x1, x2] = data.inputs.map((r) => r[0]);
  const [y1, y2] = data.targets.map((r) => r[0]);
  const s0 = evalPoly(act, ZERO);
  for (let k = 1; k <= 16; k++) {
    const t = new Fraction(k);
    const a1 = evalPoly(act, t.mul(x1)),
      a2 = evalPoly(act, t.mul(x2));
    const det = s0.mul(a2).sub(s0.mul(a1));
    if (det.n === 0n) continue;
    const pad = Array.from({ length: m - 2 }, () => ZERO);
    return {
      w: [ZERO, t, ...pad],
      v: [y1.mul(a2).sub(y2.mul(a1)).div(det), s0.mul(y2).sub(s0.mul(y1)).div(det), ...pad],
    };
  }
  return null;
}
