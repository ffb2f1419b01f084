/**
 * Activations. A continuous piecewise-linear (PWL) activation is given by
 * sorted breakpoints t_1 < ... < t_K, slopes a_0..a_K (a_p on (t_p, t_{p+1}))
 * and one anchor point (x0, h(x0)); continuity fixes everything else.
 * Breakpoints with equal slopes on both sides are merged away on construction.
 * A polynomial activation σ(t) = Σ c_k t^k has rational coefficients.
 * PWL and polynomial activations run exactly on rationals (and polynomial ones
 * over the germ field); smooth ones on float64/decimal.
 */
import { Fraction } from 'fraction.js';
import * as P from '../linalg/polynomial.js';
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

export interface PolyActivation {
  readonly kind: 'poly';
  readonly name: string;
  /** c_0, c_1, ..., c_n (low degree first), no trailing zero, n ≥ 1 */
  readonly coefficients: readonly Rat[];
  readonly fn: Elementwise & { kind: 'poly' };
}

export type Activation = PwlActivation | SmoothActivation | PolyActivation;

/** Plain-data form of an activation, for counterexample files (rationals as "p/q"). */
export type ActivationJSON =
  | { kind: 'pwl'; name: string; breakpoints: string[]; slopes: string[]; anchor: { x: string; y: string } }
  | { kind: 'poly'; name: string; coefficients: string[] }
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

/**
 * σ(t) = Σ_k coefficients[k]·t^k (low degree first). Trailing zeros are
 * trimmed; the degree must then be at least 1 (a constant activation would
 * make every later layer blind to θ's earlier layers).
 */
export function polynomial(coefficients: readonly RatLike[], name?: string): PolyActivation {
  if (!Array.isArray(coefficients))
    throw new ActivationError(
      `a polynomial activation needs a list of rational coefficients, got ${JSON.stringify(coefficients)}`,
    );
  const cs = coefficients.map((c, k) => {
    try {
      return toRat(c);
    } catch (e) {
      throw new ActivationError(
        `polynomial activation: coefficient ${k} (of t^${k}) ${JSON.stringify(String(c))} is not a rational: ${(e as Error).message}`,
      );
    }
  });
  const p = P.poly(cs);
  if (P.degree(p) < 1)
    throw new ActivationError(
      `a polynomial activation needs degree ≥ 1 after trimming trailing zeros; [${cs.map((c) => c.toFraction()).join(', ')}] is constant`,
    );
  return {
    kind: 'poly',
    name: name ?? `poly(${P.polyToString(p)})`,
    coefficients: p,
    fn: { kind: 'poly', table: { coefficients: p } },
  };
}

/** α + β·t + γ·t². */
export const quadratic = (alpha: RatLike, beta: RatLike, gamma: RatLike): PolyActivation =>
  polynomial([alpha, beta, gamma]);
/** (t − c)² = c² − 2c·t + t². */
export const shiftedSquare = (c: RatLike): PolyActivation => {
  const r = toRat(c);
  const shift = r.s < 0n ? `t + ${r.neg().toFraction()}` : r.n === 0n ? 't' : `t - ${r.toFraction()}`;
  return polynomial([r.mul(r), r.mul(-2), 1], `(${shift})^2`);
};
/** t². Saved files may still name it as the smooth activation "square"; it reads back as this. */
export const square = (): PolyActivation => polynomial([0, 0, 1], 'square');
/** t³. */
export const cube = (): PolyActivation => polynomial([0, 0, 0, 1], 'cube');

/** Exact value of a polynomial activation at a rational point. */
export function evalPoly(a: PolyActivation, x: Fraction): Fraction {
  return P.evaluate(a.coefficients, x);
}

const SMOOTH_NAMES: readonly SmoothName[] = ['sigmoid', 'tanh', 'softplus', 'elu', 'swish', 'exp'];

export function smooth(name: SmoothName, alpha?: number): SmoothActivation {
  if ((name as string) === 'square')
    throw new ActivationError(`"square" is a polynomial activation now: use square() (or polynomial([0, 0, 1]))`);
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
  if (a.kind === 'poly') return { kind: 'poly', name: a.name, coefficients: a.coefficients.map(s) };
  return {
    kind: 'pwl',
    name: a.name,
    breakpoints: a.breakpoints.map(s),
    slopes: a.slopes.map(s),
    anchor: { x: s(a.anchor.x), y: s(a.anchor.y) },
  };
}

export function activationFromJSON(j: ActivationJSON): Activation {
  // files written before polynomial activations existed name t² as the smooth activation "square"
  if (j.kind === 'smooth' && (j.name as string) === 'square' && j.alpha === undefined) return square();
  if (j.kind === 'smooth') return smooth(j.name, j.alpha);
  if (j.kind === 'poly') {
    if (!Array.isArray(j.coefficients))
      throw new ActivationError(
        `a polynomial activation needs "coefficients": a list of rationals ("p/q"), got ${JSON.stringify(j.coefficients)}`,
      );
    return polynomial(j.coefficients, j.name);
  }
  if (j.kind === 'pwl') return pwl({ breakpoints: j.breakpoints, slopes: j.slopes, anchor: j.anchor, name: j.name });
  throw new ActivationError(`unknown activation kind ${JSON.stringify((j as { kind?: unknown }).kind)}`);
}
