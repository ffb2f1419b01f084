/**
 * Where a training run ended, decided by the toolkit (issue 19's experiments):
 * the float end point is snapped to the exact optimum of its cell and
 * certified (./snap.ts), and a certified minimum is then searched below for an
 * exact, re-checked lower point (./global.ts). Classes, in words a reader can
 * cite:
 *  - 'not converged': the float gradient is not below `gradTol`, or the snap
 *    moved the point by more than `moveTol`·(1 + ‖θ‖) (the run was still far
 *    from the cell's optimum);
 *  - 'spurious': a certified local minimum (cell-wise global) with an exact
 *    point of lower risk;
 *  - 'minimum, no lower point found': a certified local minimum where the
 *    search found nothing lower (evidence, not a proof, that it is global);
 *  - 'exact descent': the snapped point has an exact descent that lowers the
 *    risk by more than 1e-9·max(1, R) (a smaller one is float32's leftover:
 *    'not converged');
 *  - 'undecided': the toolkit could decide neither.
 * Networks whose risk is not piecewise polynomial with exact certificates
 * (smooth or polynomial activations) cannot be snapped: their end point is
 * polished by the toolkit's float64 damped Newton and classified by float
 * evidence, in words that say so: 'zero loss (float)', 'minimum (float
 * evidence)' (gradient below 1e-8, no Hessian eigenvalue below −1e-8),
 * 'saddle (float evidence)' (one below), or 'not converged'.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { exactRisk } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { searchLowerPoint } from './global.js';
import { dampedNewton, endPoint } from './optimise.js';
import { nonPwlLayer } from '../model/network.js';
import { recheckLowerPoint } from './recheck.js';
import { snapAndCertify } from './snap.js';
import type { DescentEvidence } from './verdict.js';
import { toRat } from '../numeric/rational.js';

export type EndpointClass =
  | 'not converged'
  | 'spurious'
  | 'minimum, no lower point found'
  | 'exact descent'
  | 'undecided'
  | 'zero loss (float)'
  | 'minimum (float evidence)'
  | 'saddle (float evidence)';

/** Every class, in the order reports list them. */
export const ENDPOINT_CLASSES: readonly EndpointClass[] = [
  'spurious',
  'minimum, no lower point found',
  'exact descent',
  'undecided',
  'zero loss (float)',
  'minimum (float evidence)',
  'saddle (float evidence)',
  'not converged',
];

/** The classes a run of an exactly decidable network (piecewise linear, squared loss) can end in. */
export const EXACT_CLASSES: readonly EndpointClass[] = [
  'spurious',
  'minimum, no lower point found',
  'exact descent',
  'undecided',
  'not converged',
];
/** The classes of the float path (smooth or polynomial activations). */
export const FLOAT_CLASSES: readonly EndpointClass[] = [
  'zero loss (float)',
  'minimum (float evidence)',
  'saddle (float evidence)',
  'not converged',
];

export interface ClassifiedEndpoint {
  class: EndpointClass;
  /** the float risk at the end point */
  floatRisk: number;
  gradNorm: number;
  /** the snapped exact point's risk ("p/q"), and how far the snap moved */
  exactRisk?: string;
  moved?: number;
  /** a re-checked lower point's exact risk ("p/q") and how it was found */
  lowerRisk?: string;
  lowerHow?: string;
  /** the verdict of the snapped point in words */
  summary: string;
}

export function classifyEndpoint(
  net: Network,
  loss: Loss,
  data: Dataset,
  theta: ArrayLike<number>,
  opts: { gradTol?: number; moveTol?: number; seed?: number; lowerStarts?: number } = {},
): ClassifiedEndpoint {
  const { gradTol = 1e-3, moveTol = 1e-3, seed = 1, lowerStarts = 2 } = opts;
  if (loss.kind !== 'squared' || nonPwlLayer(net)) return classifyFloat(net, loss, data, theta);
  const ep = endPoint(net, loss, data, theta, { gradTol });
  const norm = Math.hypot(...Array.from(theta));
  const base = { floatRisk: ep.risk, gradNorm: ep.gradNorm };
  if (ep.kind === 'not-converged')
    return { ...base, class: 'not converged', summary: `‖∇R‖ = ${ep.gradNorm.toExponential(2)} ≥ ${gradTol}` };
  const snap = snapAndCertify(net, loss, theta, data);
  const R: Fraction = exactRisk(net, loss, snap.theta, data);
  const at = { ...base, exactRisk: R.toFraction(), moved: snap.moved, summary: snap.verdict.summary };
  if (snap.moved > moveTol * (1 + norm))
    return { ...at, class: 'not converged', summary: `the snap moved ${snap.moved.toExponential(2)}: ${snap.route}` };
  if (snap.verdict.strength === 'refuted') {
    // a descent that lowers the risk by a float32 rounding's worth only means the run stopped short of
    // the cell's minimum (deeper nets: the snap refits the last layer only), not that it found a saddle
    const e = snap.verdict.evidence as DescentEvidence;
    const drop = e.kind === 'descent' ? R.sub(toRat(e.riskAtT)).valueOf() : Infinity;
    if (drop < 1e-9 * Math.max(1, R.valueOf()))
      return {
        ...at,
        class: 'not converged',
        summary: `an exact descent of only ${drop.toExponential(2)} from the snapped point: the run stopped short of its cell's minimum`,
      };
    return { ...at, class: 'exact descent' };
  }
  if (snap.verdict.strength !== 'proved') return { ...at, class: 'undecided' };
  const lower = searchLowerPoint(net, loss, data, R, { from: snap.theta, seed, starts: lowerStarts });
  if (!lower) return { ...at, class: 'minimum, no lower point found' };
  const errs = recheckLowerPoint(net, loss, data, lower, R);
  if (errs.length) throw new Error(`internal: a lower point failed its re-check: ${errs.join('; ')}`);
  return { ...at, class: 'spurious', lowerRisk: lower.risk.toFraction(), lowerHow: lower.how };
}

/** The float path: polish by damped Newton in float64, then gradient and Hessian eigenvalues (float evidence). */
function classifyFloat(net: Network, loss: Loss, data: Dataset, theta: ArrayLike<number>): ClassifiedEndpoint {
  const polished = dampedNewton(net, loss, data, theta, { maxIter: 200 }).theta;
  const ep = endPoint(net, loss, data, polished, { gradTol: 1e-8, eigTol: 1e-8 });
  const base = { floatRisk: ep.risk, gradNorm: ep.gradNorm };
  const words = `after a float64 damped-Newton polish: R = ${ep.risk.toPrecision(6)}, ‖∇R‖ = ${ep.gradNorm.toExponential(2)}, smallest Hessian eigenvalue ${ep.minEig.toExponential(2)}`;
  if (ep.risk < 1e-10) return { ...base, class: 'zero loss (float)', summary: words };
  if (ep.kind === 'not-converged') return { ...base, class: 'not converged', summary: words };
  if (ep.kind === 'saddle') return { ...base, class: 'saddle (float evidence)', summary: words };
  return { ...base, class: 'minimum (float evidence)', summary: words };
}
