/**
 * Ding, Li & Sun (2019), §4.2 eq. (12) and §5 (Theorem 5): the shallow scalar
 * model ŷ_n = Σ_i v_i σ(w_i x_n) (one hidden layer of width m, no biases) and
 * the paper's bad local minimum for N ≥ 3 samples, exact in rationals for a
 * polynomial σ. The risk is Σ_n (y_n − ŷ_n)² (eq. 10: no ½, no 1/N).
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares } from '../../linalg/matrix.js';
import { evalPoly, type PolyActivation, type SmoothActivation } from '../../model/activation.js';
import type { Activation } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { assembleParams, fcNetwork, type Network } from '../../model/network.js';
import * as P from '../../linalg/polynomial.js';
import { decimalField } from '../../numeric/decimal.js';
import { smoothEval } from '../../numeric/elementwise.js';
import { ONE, rational, sum, ZERO } from '../../numeric/rational.js';
import { lemma2Vector } from './lemmas.js';

/** The bias-free 1-m-1 network of eq. (12). */
export const shallowNet = (act: Activation, m: number): Network => fcNetwork([1, m, 1], act, false);

/** θ of the shallow net from the hidden weights w and the output weights v. */
export const shallowTheta = (net: Network, w: readonly Fraction[], v: readonly Fraction[]): Fraction[] =>
  assembleParams(net, { 'layer1.weight': w, 'layer2.weight': v });

/**
 * q = x∘x − Π_[1,x](x∘x): the residual of the exact least-squares fit of x² by
 * an affine function of x (the canonical vector of Lemma 2 with z₁ = 1, z₂ = x,
 * z₃ = x∘x). Nonzero iff x has at least three distinct values.
 */
export const squareResidual = (x: readonly Fraction[]): Fraction[] =>
  lemma2Vector(
    x.map(() => ONE),
    x,
    x.map((xi) => xi.mul(xi)),
  );

export interface Theorem5Point {
  net: Network;
  theta: Fraction[];
  w: Fraction[];
  v: Fraction[];
  data: Dataset;
  /** Δy = y − ŷ at the point (the paper's §5 sign convention) */
  dy: Fraction[];
  /** c = ⟨Δy, x∘x⟩ */
  c: Fraction;
  /** E(w, v) = ‖Δy‖² */
  risk: Fraction;
}

/**
 * §5, proof of Theorem 5: w = 0, Δy = λ·q (⊥ 1 and x, ⟨Δy, x∘x⟩ = c ≠ 0), every
 * v_i of sign −sign(σ″(0)·c) with the given magnitudes, and y = ŷ + Δy with
 * ŷ = σ(0)·(Σ v_i)·1. `sigma0` and `sigma2` are σ(0) and σ″(0).
 */
export function theorem5Point(
  act: Activation,
  sigma0: Fraction,
  sigma2: Fraction,
  x: readonly Fraction[],
  lambda: Fraction,
  magnitudes: readonly Fraction[],
): Theorem5Point {
  const dy = squareResidual(x).map((qi) => qi.mul(lambda));
  const c = sum(dy.map((d, n) => d.mul(x[n]).mul(x[n])));
  const sign = sigma2.mul(c).s > 0n ? -1 : 1;
  return pointAtZero(
    act,
    sigma0,
    x,
    dy,
    magnitudes.map((a) => a.abs().mul(sign)),
  );
}

/** w = 0 and the given v; targets y = ŷ + Δy with ŷ = σ(0)·(Σ v_i)·1. */
export function pointAtZero(
  act: Activation,
  sigma0: Fraction,
  x: readonly Fraction[],
  dy: readonly Fraction[],
  v: readonly Fraction[],
): Theorem5Point {
  const w = v.map(() => ZERO);
  const yhat = sigma0.mul(sum(v));
  const net = shallowNet(act, v.length);
  const data = dataset(
    x.map((xi) => [xi]),
    dy.map((d) => [yhat.add(d)]),
  );
  const c = sum(dy.map((d, n) => d.mul(x[n]).mul(x[n])));
  return {
    net,
    theta: shallowTheta(net, w, [...v]),
    w,
    v: [...v],
    data,
    dy: [...dy],
    c,
    risk: sum(dy.map((d) => d.mul(d))),
  };
}

/**
 * A zero-loss point of the shallow net with m ≥ 3 and a quadratic σ = α + βt + γt²
 * (αβγ ≠ 0) when y ∈ span{1, x, x∘x}: hidden weights (0, 1, −1, 0, …), output
 * weights from the exact least-squares solve (the N × 3 matrix [σ(w_i x_n)] =
 * V_x·diag(α, β, γ)·V_wᵀ has full column rank for three distinct inputs). Null
 * when the residual is not zero (y outside that span) or m < 3.
 */
export function quadraticRealizer(
  act: PolyActivation,
  data: Dataset,
  m: number,
): { w: Fraction[]; v: Fraction[] } | null {
  if (m < 3) return null;
  const ws = [ZERO, ONE, ONE.neg()];
  const x = data.inputs.map((r) => r[0]);
  const A = fromRows(x.map((xi) => ws.map((wi) => evalPoly(act, wi.mul(xi)))));
  const ls = leastSquares(
    rational,
    A,
    data.targets.map((t) => t[0]),
  );
  if (ls.risk.n !== 0n) return null;
  const w = [...ws, ...Array.from({ length: m - 3 }, () => ZERO)];
  const v = [...ls.x, ...Array.from({ length: m - 3 }, () => ZERO)];
  return { w, v };
}

/**
 * The generalisation of §5's construction to a common hidden weight ω (not
 * only 0), for a polynomial σ: z = σ(ωx), ∂z = x∘σ′(ωx), ∂²z = ½x∘x∘σ″(ωx);
 * Δy = λ·(∂²z − Π_{span{z, ∂z}} ∂²z) (Lemma 2), every v_i of sign
 * −sign⟨Δy, ∂²z⟩, y = (Σ v_i)·z + Δy. Null when ∂²z ∈ span{z, ∂z} (no Δy).
 * Then ⟨Δy, ŷ′ − ŷ⟩ = Σ (v_i + Δv_i)·Δw_i²·⟨Δy, ∂²z⟩ + o(Δw²) ≤ 0 nearby, and
 * Lemma 1 gives a local minimum with E = ‖Δy‖²; ω = 0 is Theorem 5's point.
 */
export function commonWeightPoint(
  act: PolyActivation,
  omega: Fraction,
  x: readonly Fraction[],
  lambda: Fraction,
  magnitudes: readonly Fraction[],
): CommonWeightPoint | null {
  const p = act.coefficients.map((c) => new Fraction(c));
  const d1 = P.derivative(p),
    d2 = P.derivative(d1);
  const values = x.map((xi): [Fraction, Fraction, Fraction] => [
    P.evaluate(p, omega.mul(xi)),
    P.evaluate(d1, omega.mul(xi)),
    P.evaluate(d2, omega.mul(xi)),
  ]);
  return commonWeightPointFrom(act, omega, x, values, lambda, magnitudes);
}

export type CommonWeightPoint = Theorem5Point & { z: Fraction[]; d2z: Fraction[] };

/**
 * The same construction for an analytic σ (tanh, exp, softplus): σ, σ′, σ″ at
 * ωx_n in `digits`-digit decimals, rounded to rationals, and the construction
 * run exactly on them. The point is critical up to that rounding (the
 * gradient is of order 10^−digits), so only evidence can follow from it.
 */
export function smoothCommonWeightPoint(
  act: SmoothActivation,
  omega: Fraction,
  x: readonly Fraction[],
  lambda: Fraction,
  magnitudes: readonly Fraction[],
  digits = 60,
): CommonWeightPoint | null {
  const values = x.map((xi) => smoothDerivativesAt(act, omega.mul(xi), digits));
  return commonWeightPointFrom(act, omega, x, values, lambda, magnitudes);
}

/** σ(t), σ′(t), σ″(t) of an analytic σ in decimals, each rounded to `digits` significant digits, as rationals. */
export function smoothDerivativesAt(act: SmoothActivation, t: Fraction, digits = 60): [Fraction, Fraction, Fraction] {
  const F = decimalField(digits + 10);
  const at = smoothEval(F, act.name, F.fromRatio(t.s * t.n, t.d), act.alpha ?? 1);
  return at.map((d) => new Fraction(d.toSignificantDigits(digits).toFixed())) as [Fraction, Fraction, Fraction];
}

/** The construction from σ, σ′, σ″ at each ωx_n. */
function commonWeightPointFrom(
  act: Activation,
  omega: Fraction,
  x: readonly Fraction[],
  values: readonly [Fraction, Fraction, Fraction][],
  lambda: Fraction,
  magnitudes: readonly Fraction[],
): CommonWeightPoint | null {
  const z = values.map((v) => v[0]);
  const dz = x.map((xi, n) => xi.mul(values[n][1]));
  const d2z = x.map((xi, n) => xi.mul(xi).mul(values[n][2]).div(2));
  const q = lemma2Vector(z, dz, d2z);
  if (q.every((qi) => qi.n === 0n)) return null;
  const dy = q.map((qi) => qi.mul(lambda));
  const c = sum(dy.map((d, n) => d.mul(d2z[n])));
  const v = magnitudes.map((a) => (c.s > 0n ? a.abs().neg() : a.abs()));
  const net = shallowNet(act, v.length);
  const vs = sum(v);
  const data = dataset(
    x.map((xi) => [xi]),
    z.map((zn, n) => [vs.mul(zn).add(dy[n])]),
  );
  const w = v.map(() => omega);
  return {
    net,
    theta: shallowTheta(net, w, v),
    w,
    v,
    data,
    dy,
    c,
    risk: sum(dy.map((d) => d.mul(d))),
    z,
    d2z,
  };
}
