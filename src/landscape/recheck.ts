/**
 * Re-check a `proved` or `refuted` verdict from its stored numbers with exact
 * arithmetic only, independently of the code path that produced it:
 *  - descent: θ(t) at the stored t has exact risk riskAtT < risk = R(θ(0));
 *  - pattern-class bound: the stored groups are the activation-pattern classes
 *    of θ, θ is interior, each stored map satisfies its group's normal
 *    equations exactly (so it is a least-squares minimiser), and the scaled
 *    residuals add up to bound = R(θ); a rank-limited group's certificate
 *    instead goes through ./recheck-rank.ts;
 *  - lifted bound: the stored design rows are those of θ's cell, the stored
 *    coefficients satisfy the normal equations, and the residual gives bound = R(θ).
 *  - second-order proof: recomputed exact gradient 0 and positive definite Hessian (the
 *    Hessian by one Hessian-vector product per parameter, positive definite by Sylvester's
 *    criterion (fraction-free leading minors): neither is the structured Hessian and
 *    congruence proof secondOrder uses);
 *    for networks with polynomial activations the gradient and Hessian are also
 *    recomputed by germ-field forward passes alone (germ-derivatives.ts) and
 *    must agree with backprop's;
 *  - the cell bounds (pattern class, lifted, boundary, boundary KKT) stand only
 *    for piecewise-linear networks and are rejected for any other;
 *  - boundary bound: every left/right assignment of θ's kink entries is
 *    enumerated here again (not by boundaryBound) and its pattern-class bound
 *    recomputed; all of them must be stored, and none may be below R(θ);
 *  - constant path: recomputed from the stored curve and interval;
 *  - architecture bound: ./recheck-architecture.ts.
 * Equal-risk verdicts are re-checked with equalRisk itself (two points, not one θ).
 * Returns the list of failed checks (empty = the verdict stands).
 *
 * `certify` is the self-check the producing tools run on every `proved` or
 * `refuted` verdict before they return it (on by default; SPURIOUS_RECHECK=0
 * turns it off, e.g. for benchmarks): a verdict whose re-check fails is an
 * internal error, never an answer.
 */
import { Fraction } from 'fraction.js';
import * as P from '../linalg/polynomial.js';
import type { Dataset } from '../model/data.js';
import { exactGradient, exactHessian, exactRisk } from '../model/exact.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { nonPwlLayer } from '../model/network.js';
import { germDerivatives } from './germ-derivatives.js';
import { analyseCurve, curveAt } from './curve.js';
import type { DescentEvidence, GlobalBoundEvidence, SecondOrderEvidence, Verdict } from './verdict.js';
import { leadingMinorsPositive } from '../linalg/inertia.js';
import { integers } from '../linalg/ldl-integer.js';
import { recheckFlatFamily } from './recheck-flat.js';
import { constantAlongPath } from './paths.js';
import { recheckArchitectureBound } from './recheck-architecture.js';
import { recheckBoundary, recheckBoundaryKkt, recheckLifted, recheckPatternBound } from './recheck-cells.js';

const q = (x: string) => rational.fromString(x);

/** Re-check descent evidence about θ: curve from θ, recomputed small-t analysis, t > 0 and R(θ(t)) < R(θ) by direct evaluation. */
export function recheckDescentEvidence(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: DescentEvidence,
): string[] {
  const errs: string[] = [];
  const curve = e.curve.map((c) => P.poly(c.map(q)));
  if (curve.length !== theta.length) return [`the curve has ${curve.length} coordinates, θ has ${theta.length}`];
  // the curve must start at the θ the verdict is about
  const start = curveAt(curve, new Fraction(0));
  const off = start.findIndex((x, k) => !x.equals(theta[k]));
  if (off >= 0)
    errs.push(
      `the curve does not start at θ (coordinate ${off + 1}: ${start[off].toFraction()} vs ${theta[off].toFraction()})`,
    );
  // recompute the small-t analysis instead of trusting the stored polynomial
  const a = analyseCurve(net, loss, data, curve);
  if (JSON.stringify(P.polyToStrings(a.riskPolynomial)) !== JSON.stringify(e.riskPolynomial))
    errs.push('the stored risk polynomial is not R(θ(t)) on the piece for small t > 0');
  if (a.order !== e.order || !a.leading || a.leading.toFraction() !== q(e.leadingCoefficient).toFraction())
    errs.push(
      `R(θ(t)) − R(θ) has order ${a.order} with coefficient ${a.leading?.toFraction() ?? 'none'}, not the stored order ${e.order} with ${e.leadingCoefficient}`,
    );
  if (!a.descent) errs.push('R(θ(t)) does not decrease for small t > 0');
  const r0 = exactRisk(net, loss, theta, data);
  const rt = exactRisk(net, loss, curveAt(curve, q(e.t)), data);
  if (!r0.equals(q(e.risk))) errs.push(`R(θ) is ${r0.toFraction()}, not the stored ${e.risk}`);
  if (!rt.equals(q(e.riskAtT))) errs.push(`R(θ(${e.t})) is ${rt.toFraction()}, not the stored ${e.riskAtT}`);
  if (q(e.t).compare(0) <= 0)
    errs.push(`the witness t = ${e.t} is not positive (the descent is claimed for small t > 0)`);
  if (rt.compare(r0) >= 0) errs.push(`R(θ(${e.t})) = ${rt.toFraction()} is not below R(θ) = ${r0.toFraction()}`);
  return errs;
}

// duplicates: the (net, loss, θ, data, evidence) parameter list of every re-check
function recheckSecondOrder(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: SecondOrderEvidence,
): string[] {
  const g = exactGradient(net, loss, theta, data);
  if (g.kind !== 'interior') return ['θ is not strictly inside a cell'];
  const errs: string[] = [];
  if (g.value.some((x) => x.n !== 0n)) errs.push('the exact gradient at θ is not zero');
  if (JSON.stringify(g.value.map((x) => x.toFraction())) !== JSON.stringify(e.gradient))
    errs.push('the stored gradient is not the exact gradient at θ');
  const H = exactHessian(net, loss, theta, data, 'hvp'); // not the structured Hessian the certificate used
  if (H.kind !== 'interior' || !leadingMinorsPositive(...integerMatrix(H.value)))
    errs.push('the exact cell Hessian at θ is not positive definite');
  if (nonPwlLayer(net) && H.kind === 'interior') {
    // polynomial activations: the σ″ terms, recomputed without backprop from R along coordinate rays
    const gd = germDerivatives(net, loss, theta, data);
    const str = (xs: Fraction[]) => JSON.stringify(xs.map((x) => x.toFraction()));
    if (str(gd.gradient) !== str(g.value)) errs.push('the gradient from germ forward passes differs from backprop');
    if (gd.hessian.some((row, k) => str(row) !== str(H.value[k])))
      errs.push('the Hessian from germ forward passes differs from the R-operator Hessian');
  }
  return errs;
}

/** L·H as integers (L the lcm of the denominators, L > 0: the same definiteness), and n. */
function integerMatrix(H: readonly (readonly Fraction[])[]): [bigint[], number] {
  return [integers(H.flat()).ints, H.length];
}

let rechecking = 0;

export function recheck(v: Verdict, net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset): string[] {
  rechecking++;
  try {
    return recheckInner(v, net, loss, theta, data);
  } finally {
    rechecking--;
  }
}

let certified = 0;
/** How many verdicts `certify` has re-checked in this process (tests assert that it runs). */
export function certifiedCount(): number {
  return certified;
}

/** Whether the producing tools re-check their own proofs and witnesses (SPURIOUS_RECHECK=0 turns it off). */
export function selfCheckEnabled(): boolean {
  return process.env.SPURIOUS_RECHECK !== '0';
}

/**
 * Run `recheck` on a `proved` or `refuted` verdict before it is returned, and
 * throw if it does not stand. Verdicts produced while re-checking another are
 * not re-checked again (the re-check itself calls some tools).
 */
export function certify<V extends Verdict>(
  v: V,
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): V {
  if ((v.strength !== 'proved' && v.strength !== 'refuted') || rechecking > 0 || !selfCheckEnabled()) return v;
  const errs = recheck(v, net, loss, theta, data);
  certified++;
  if (errs.length)
    throw new Error(
      `internal: a ${v.strength} verdict (${v.evidence.kind}) failed its independent re-check: ${errs.join('; ')}`,
    );
  return v;
}

/**
 * Re-check a lower point (e.g. from searchLowerPoint): its risk, recomputed
 * exactly, is the stored one and strictly below `below`.
 */
export function recheckLowerPoint(
  net: Network,
  loss: Loss,
  data: Dataset,
  point: { theta: readonly Fraction[]; risk: Fraction },
  below: Fraction,
): string[] {
  if (point.theta.length !== net.paramCount)
    return [`the point has ${point.theta.length} entries, the network ${net.paramCount} parameters`];
  const r = exactRisk(net, loss, point.theta, data);
  const errs: string[] = [];
  if (!r.equals(point.risk)) errs.push(`its risk is ${r.toFraction()}, not the stored ${point.risk.toFraction()}`);
  if (r.compare(below) >= 0) errs.push(`its risk ${r.toFraction()} is not below ${below.toFraction()}`);
  return errs;
}

/** A global bound, recomputed here from the data by its own grouping (not duplicateInputsBound's). */
function recheckGlobalBound(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: GlobalBoundEvidence,
): string[] {
  const errs: string[] = [];
  const n = data.inputs.length;
  let ss = new Fraction(0);
  for (let i = 0; i < n; i++) {
    const same = data.inputs.flatMap((x, k) => (x.every((c, j) => c.equals(data.inputs[i][j])) ? [k] : []));
    for (let o = 0; o < data.targets[0].length; o++) {
      const mean = same.reduce((a, k) => a.add(data.targets[k][o]), new Fraction(0)).div(same.length);
      const d = data.targets[i][o].sub(mean);
      ss = ss.add(d.mul(d));
    }
  }
  const bound = ss.mul(squaredRiskFactor(rational, loss, n));
  if (!bound.equals(q(e.bound))) errs.push(`the global bound is ${bound.toFraction()}, not the stored ${e.bound}`);
  const r = exactRisk(net, loss, theta, data);
  if (!r.equals(q(e.risk))) errs.push(`R(θ) is ${r.toFraction()}, not the stored ${e.risk}`);
  if (!r.equals(bound)) errs.push(`R(θ) = ${r.toFraction()} does not attain the global bound ${bound.toFraction()}`);
  return errs;
}

const CELL_BOUNDS = new Set(['pattern-class-bound', 'lifted-bound', 'boundary-bound', 'boundary-kkt']);

function recheckInner(v: Verdict, net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset): string[] {
  const e = v.evidence;
  const other = nonPwlLayer(net);
  if (CELL_BOUNDS.has(e.kind) && other)
    return [
      `a ${e.kind} proof holds only for piecewise-linear networks; layer ${other.number} uses ${other.activation.name}`,
    ];
  if (v.strength === 'proved' && e.kind === 'boundary-kkt') return recheckBoundaryKkt(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'global-bound') return recheckGlobalBound(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'architecture-bound')
    return recheckArchitectureBound(net, loss, theta, data, e);
  if (v.strength === 'refuted' && e.kind === 'descent') return recheckDescentEvidence(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'pattern-class-bound')
    return recheckPatternBound(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'lifted-bound') return recheckLifted(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'boundary-bound') return recheckBoundary(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'second-order') return recheckSecondOrder(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'flat-family') return recheckFlatFamily(net, loss, theta, data, e);
  if (e.kind === 'constant-path' && (v.strength === 'proved' || v.strength === 'refuted')) {
    const again = constantAlongPath(
      net,
      loss,
      data,
      e.curve.map((c) => P.poly(c.map(q))),
      q(e.interval[0]),
      q(e.interval[1]),
    );
    return again.strength === v.strength ? [] : [`recomputed: ${again.strength} (${again.summary})`];
  }
  return [`no independent re-check for a ${v.strength} verdict with ${e.kind} evidence`];
}
