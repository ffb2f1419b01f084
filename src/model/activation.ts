/**
 * Activations. A continuous piecewise-linear (PWL) activation is given by
 * sorted breakpoints t_1 < ... < t_K, slopes a_0..a_K (a_p on (t_p, t_{p+1}))
 * and one anchor point (x0, h(x0)); continuity fixes everything else.
 * Breakpoints with equal slopes on both sides are merged away on construction.
 * PWL activations run exactly on rationals; smooth ones on float64/decimal.
 */
import { Fraction } from 'fraction.js';
import type { Elementwise, PwlTable, SmoothName } from '../numeric/elementwise.js';
import { rational, toRat, type Rat, type RatLike } from '../numeric/rational.js';

export { toRat, type RatLike };

export interface PwlActivation {
  readonly kind: 'pwl';
  readonly name: string;
  readonly breakpoints: readonly Rat[];
  readonly slopes: readonly Rat[];
  readonly anchor: { readonly x: Rat; readonly y: Rat };
  readonly fn: Elementwise & { kind: 'pwl' };
}

export interface SmoothActivation {
  readonly kind: 'smooth';
  readonly name: SmoothName;
  readonly alpha?: number;
  readonly fn: Elementwise & { kind: 'smooth' };
}

export type Activation = PwlActivation | SmoothActivation;

/** Plain-data form of an activation, for counterexample files (rationals as "p/q"). */
export type ActivationJSON =
  | { kind: 'pwl'; name: string; breakpoints: string[]; slopes: string[]; anchor: { x: string; y: string } }
  | { kind: 'smooth'; name: SmoothName; alpha?: number };

export class ActivationError extends Error {
  override name = 'ActivationError';
}

export function pwl(opts: {
  breakpoints: readonly RatLike[];
  slopes: readonly RatLike[];
  anchor?: { x: RatLike; y: RatLike };
  name?: string;
}): PwlActivation {
  const bps = opts.breakpoints.map(toRat);
  const slopes = opts.slopes.map(toRat);
  if (slopes.length !== bps.length + 1) {
    throw new ActivationError(
      `a PWL activation with ${bps.length} breakpoints needs ${bps.length + 1} slopes, got ${slopes.length}`,
    );
  }
  for (let k = 1; k < bps.length; k++) {
    if (bps[k].compare(bps[k - 1]) <= 0)
      throw new ActivationError(`breakpoints must increase strictly; got ${bps.map((b) => b.toFraction()).join(', ')}`);
  }
  const ax = toRat(opts.anchor?.x ?? 0);
  const ay = toRat(opts.anchor?.y ?? 0);
  // Intercept of each piece: start from the anchor's piece, walk outwards by continuity.
  const K = bps.length;
  let p0 = 0;
  while (p0 < K && ax.compare(bps[p0]) > 0) p0++;
  const icpt: Fraction[] = new Array(K + 1);
  icpt[p0] = ay.sub(slopes[p0].mul(ax));
  for (let p = p0 + 1; p <= K; p++) icpt[p] = icpt[p - 1].add(slopes[p - 1].sub(slopes[p]).mul(bps[p - 1]));
  for (let p = p0 - 1; p >= 0; p--) icpt[p] = icpt[p + 1].add(slopes[p + 1].sub(slopes[p]).mul(bps[p]));
  // Normalise: a breakpoint with equal slopes on both sides is not a kink
  // (the function is linear through it), so merge those pieces. Every
  // remaining breakpoint is then a genuine turning point, and "on a kink"
  // always means "not differentiable there".
  const keep = bps.map((_, k) => !slopes[k].equals(slopes[k + 1]));
  const nb = bps.filter((_, k) => keep[k]);
  const ns = [slopes[0], ...slopes.slice(1).filter((_, k) => keep[k])];
  const ni = [icpt[0], ...icpt.slice(1).filter((_, k) => keep[k])];
  const table: PwlTable = { breakpoints: nb, slopes: ns, intercepts: ni };
  const name =
    opts.name ?? `pwl(${bps.map((b) => b.toFraction()).join(',')} | ${slopes.map((s) => s.toFraction()).join(',')})`;
  return { kind: 'pwl', name, breakpoints: nb, slopes: ns, anchor: { x: ax, y: ay }, fn: { kind: 'pwl', table } };
}

export const relu = (): PwlActivation => pwl({ breakpoints: [0], slopes: [0, 1], name: 'relu' });
export const leakyRelu = (a: RatLike): PwlActivation =>
  pwl({ breakpoints: [0], slopes: [a, 1], name: `leaky-relu(${toRat(a).toFraction()})` });
/** Two-piece h_{s-,s+}(x) = s- x (x ≤ 0), s+ x (x > 0) of He et al. eq. (4). */
export const twoPiece = (sMinus: RatLike, sPlus: RatLike): PwlActivation =>
  pwl({
    breakpoints: [0],
    slopes: [sMinus, sPlus],
    name: `two-piece(${toRat(sMinus).toFraction()},${toRat(sPlus).toFraction()})`,
  });
export const hardTanh = (): PwlActivation => pwl({ breakpoints: [-1, 1], slopes: [0, 1, 0], name: 'hard-tanh' });
export const absolute = (): PwlActivation => pwl({ breakpoints: [0], slopes: [-1, 1], name: 'abs' });
export const linear = (): PwlActivation => pwl({ breakpoints: [], slopes: [1], name: 'linear' });

const SMOOTH_NAMES: readonly SmoothName[] = ['sigmoid', 'tanh', 'softplus', 'elu', 'swish', 'exp', 'square'];

export function smooth(name: SmoothName, alpha?: number): SmoothActivation {
  if (!SMOOTH_NAMES.includes(name))
    throw new ActivationError(`unknown smooth activation ${JSON.stringify(name)}; known: ${SMOOTH_NAMES.join(', ')}`);
  if (alpha !== undefined && (name !== 'elu' || typeof alpha !== 'number' || !Number.isFinite(alpha))) {
    throw new ActivationError(
      name === 'elu'
        ? `elu's alpha must be a finite number, got ${alpha}`
        : `only elu takes a parameter; ${name} got ${alpha}`,
    );
  }
  const fn = alpha === undefined ? { kind: 'smooth' as const, name } : { kind: 'smooth' as const, name, alpha };
  return alpha === undefined ? { kind: 'smooth', name, fn } : { kind: 'smooth', name, alpha, fn };
}
export const sigmoid = () => smooth('sigmoid');
export const tanh = () => smooth('tanh');
export const softplus = () => smooth('softplus');
export const elu = (alpha = 1) => smooth('elu', alpha);
export const swish = () => smooth('swish');
export const expActivation = () => smooth('exp');
export const square = () => smooth('square');

/** True for the identity-like case: a PWL activation with one piece (affine). */
export function isAffine(a: Activation): boolean {
  return a.kind === 'pwl' && a.breakpoints.length === 0;
}

/** True when h(x) = x exactly (no breakpoints, slope 1, through 0). */
export function isIdentity(a: Activation): boolean {
  return a.kind === 'pwl' && a.breakpoints.length === 0 && a.slopes[0].equals(1) && a.fn.table.intercepts[0].equals(0);
}

/** Exact value at a rational point. */
export function evalPwl(a: PwlActivation, x: Fraction): Fraction {
  const t = a.fn.table;
  let p = 0;
  while (p < t.breakpoints.length && x.compare(t.breakpoints[p]) > 0) p++;
  return t.slopes[p].mul(x).add(t.intercepts[p]);
}

/** Left and right slope at every breakpoint; a "turning point" is one where they differ. */
export function kinkSlopes(a: PwlActivation): { at: Rat; left: Rat; right: Rat; turning: boolean }[] {
  return a.breakpoints.map((t, k) => ({
    at: t,
    left: a.slopes[k],
    right: a.slopes[k + 1],
    turning: !a.slopes[k].equals(a.slopes[k + 1]),
  }));
}

export function activationToJSON(a: Activation): ActivationJSON {
  if (a.kind === 'smooth')
    return a.alpha === undefined ? { kind: 'smooth', name: a.name } : { kind: 'smooth', name: a.name, alpha: a.alpha };
  const s = (x: Fraction) => rational.toString(x);
  return {
    kind: 'pwl',
    name: a.name,
    breakpoints: a.breakpoints.map(s),
    slopes: a.slopes.map(s),
    anchor: { x: s(a.anchor.x), y: s(a.anchor.y) },
  };
}

export function activationFromJSON(j: ActivationJSON): Activation {
  if (j.kind === 'smooth') return smooth(j.name, j.alpha);
  if (j.kind === 'pwl') return pwl({ breakpoints: j.breakpoints, slopes: j.slopes, anchor: j.anchor, name: j.name });
  throw new ActivationError(`unknown activation kind ${JSON.stringify((j as { kind?: unknown }).kind)}`);
}
