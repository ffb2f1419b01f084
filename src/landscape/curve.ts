/**
 * Tool 1: exact analysis along a ray θ + t·d or a polynomial curve θ(t).
 *
 * For all small t > 0 the activation pattern along θ(t) is constant; the
 * forward pass over the germ field (./germ.ts) finds it from the leading
 * terms of every margin polynomial, also when θ(0) sits on kinks (and a
 * max-pooling layer selects the entry whose polynomial is largest for small
 * t > 0, also from a tie; entries equal along the whole curve stay tied and
 * give the same value). On that
 * piece R(θ(t)) is a polynomial; a negative lowest-order non-constant
 * coefficient is an exact descent witness, and an explicit rational t with
 * R(θ(t)) < R(θ(0)) is then found and verified by direct exact evaluation.
 */
import { Fraction } from 'fraction.js';
import * as P from '../linalg/polynomial.js';
import type { Poly } from '../linalg/polynomial.js';
import { toRat, type RatLike } from '../model/activation.js';
import { dataTensors, type Dataset } from '../model/data.js';
import { exactRisk } from '../model/exact.js';
import { evalLoss, validateLoss, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { forward, kinksOf, poolGaps, type KinkHit } from '../model/passes.js';
import { germBackend } from './germ.js';
import { recheckDescentEvidence, selfCheckEnabled } from './recheck.js';
import type { DescentEvidence, DescentMethod } from './verdict.js';

/** θ(t): one polynomial per parameter. */
export type Curve = readonly Poly[];

export function rayCurve(theta: readonly RatLike[], direction: readonly RatLike[]): Curve {
  if (theta.length !== direction.length)
    throw new RangeError(`θ has ${theta.length} entries but the direction has ${direction.length}`);
  return theta.map((x, k) => P.poly([toRat(x), toRat(direction[k])]));
}

export function curveAt(curve: Curve, t: Fraction): Fraction[] {
  return curve.map((p) => P.evaluate(p, t));
}

export interface CurveAnalysis {
  /** R(θ(0)) */
  risk: Fraction;
  /** R(θ(t)) on the piece that holds for all small t > 0 */
  riskPolynomial: Poly;
  /** lowest k ≥ 1 with a nonzero coefficient of R(θ(t)) − R(θ(0)); −1 if R is constant there */
  order: number;
  leading: Fraction | null;
  /** leading < 0: R(θ(t)) < R(θ(0)) for all small t > 0 */
  descent: boolean;
  /** entries that stay exactly on a breakpoint along the whole curve (and max-pooling ties that persist) */
  persistentKinks: KinkHit[];
  /**
   * τ > 0 such that on (0, τ) no margin polynomial (nor max-pooling gap) changes sign (the pattern is
   * the one found) and R(θ(t)) − R(θ(0)) has the sign of `leading`: a proven
   * lower bound on the length of the piece.
   */
  tau: Fraction;
}

/**
 * A lower bound on the smallest positive root of p: write p = t^k·q with
 * q(0) ≠ 0; every root of q has |t| ≥ |q0| / (|q0| + max|q_i|) (Cauchy's bound
 * applied to the reversed polynomial). Infinity (null) when p has no such root.
 */
export function positiveRootLowerBound(p: Poly): Fraction | null {
  const k = P.order(p);
  if (k < 0) return null;
  const qs = p.slice(k);
  if (qs.length === 1) return null; // a monomial: no positive root
  const q0 = qs[0].abs();
  let M = new Fraction(0);
  for (const c of qs.slice(1)) if (c.abs().compare(M) > 0) M = c.abs();
  return q0.div(q0.add(M));
}

function requireSquared(loss: Loss): void {
  validateLoss(loss);
  if (loss.kind !== 'squared')
    throw new TypeError(
      'exact curve analysis needs the squared loss (cross-entropy is not polynomial); use float probes',
    );
}

export function analyseCurve(net: Network, loss: Loss, data: Dataset, curve: Curve): CurveAnalysis {
  requireSquared(loss);
  if (curve.length !== net.paramCount)
    throw new RangeError(`the curve has ${curve.length} coordinates but the network has ${net.paramCount} parameters`);
  const be = germBackend;
  const { X, Y } = dataTensors(be, net, data);
  const tr = forward(be, net, be.fromScalars(net.paramCount, 1, curve.slice()), X);
  const riskPolynomial = evalLoss(be, loss, tr.output, Y).risk;
  const risk = P.coeff(riskPolynomial, 0);
  let order = -1;
  for (let k = 1; k < riskPolynomial.length; k++)
    if (riskPolynomial[k].n !== 0n) {
      order = k;
      break;
    }
  const leading = order > 0 ? riskPolynomial[order] : null;
  // τ: below every positive root of every margin polynomial and of R(t) − R(0)
  let tau = new Fraction(1);
  const lower = (p: Poly) => {
    const b = positiveRootLowerBound(p);
    if (b && b.compare(tau) < 0) tau = b;
  };
  for (const lt of tr.layers) {
    // max pooling: the selection (by leading terms) holds below the first root of every nonzero gap
    if (lt.pool) for (const g of be.toScalars(poolGaps(be, lt))) lower(g);
    const act = lt.layer.activation;
    if (act.kind !== 'pwl' || !lt.act) continue;
    const zs = be.toScalars(lt.pre);
    for (const z of zs) for (const t of act.breakpoints) lower(P.sub(z, P.constant(t)));
  }
  lower(P.sub(riskPolynomial, P.constant(risk)));
  return {
    risk,
    riskPolynomial,
    order,
    leading,
    descent: leading !== null && leading.s < 0n,
    persistentKinks: kinksOf(tr),
    tau,
  };
}

/**
 * An explicit t with R(θ(t)) < R(θ(0)), checked by a plain exact forward pass
 * at the rational point θ(t): first the readable t = 1, 1/2, 1/4, ...
 * (while t ≥ τ/2), then τ/2 itself, which the analysis guarantees.
 */
export function witnessT(
  net: Network,
  loss: Loss,
  data: Dataset,
  curve: Curve,
  risk0: Fraction,
  tau: Fraction,
): { t: Fraction; riskAtT: Fraction } | null {
  const half = tau.div(2);
  for (let t = new Fraction(1); t.compare(half) >= 0; t = t.div(2)) {
    const r = exactRisk(net, loss, curveAt(curve, t), data);
    if (r.compare(risk0) < 0) return { t, riskAtT: r };
  }
  const r = exactRisk(net, loss, curveAt(curve, half), data);
  return r.compare(risk0) < 0 ? { t: half, riskAtT: r } : null;
}

/** Tool 1 end to end: exact descent evidence along the curve, or null if there is none for small t > 0. */
export function descentAlong(
  net: Network,
  loss: Loss,
  data: Dataset,
  curve: Curve,
  method: DescentMethod = 'given',
): DescentEvidence | null {
  const a = analyseCurve(net, loss, data, curve);
  if (!a.descent) return null;
  const w = witnessT(net, loss, data, curve, a.risk, a.tau);
  // The analysis guarantees R(θ(τ/2)) < R(θ(0)); failing that means the
  // analysis is wrong, which must not pass silently.
  if (!w)
    throw new Error(
      `internal: the curve analysis reports descent (order ${a.order}, coefficient ${a.leading!.toFraction()}) but R(θ(τ/2)) is not lower (τ = ${a.tau.toFraction()})`,
    );
  const s = (x: Fraction) => x.toFraction();
  const e: DescentEvidence = {
    kind: 'descent',
    method,
    curve: curve.map((p) => P.polyToStrings(p)),
    riskPolynomial: P.polyToStrings(a.riskPolynomial),
    order: a.order,
    leadingCoefficient: s(a.leading!),
    risk: s(a.risk),
    t: s(w.t),
    riskAtT: s(w.riskAtT),
  };
  // every descent witness, whoever asked for it, is re-checked before it is handed out
  if (selfCheckEnabled()) {
    const errs = recheckDescentEvidence(net, loss, curveAt(curve, new Fraction(0)), data, e);
    if (errs.length) throw new Error(`internal: a descent witness failed its independent re-check: ${errs.join('; ')}`);
  }
  return e;
}
