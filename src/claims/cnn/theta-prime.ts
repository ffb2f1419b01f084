/**
 * Deciders for Lemma 9's θ′ (corrected), on either variant: exact outputs
 * compared with θ's at two points of every affine piece of the free
 * parameters, which proves equality on the whole range.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { ZERO } from '../../numeric/rational.js';
import {
  halfMse,
  minV,
  PLAIN,
  thetaPrimeCase1,
  thetaPrimeCase2,
  toTheta,
  type CnnVariant,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { refuted } from '../define.js';
import type { Outcome } from '../types.js';
import type { genericSetup } from './generic.js';

export function firstOutputDifference(
  a: Fraction[][],
  b: Fraction[][],
): { i: number; k: number; a: Fraction; b: Fraction } | null {
  for (let i = 0; i < a.length; i++)
    for (let k = 0; k < a[i].length; k++) if (!a[i][k].equals(b[i][k])) return { i, k, a: a[i][k], b: b[i][k] };
  return null;
}

/** null if θ′ (`other`) has exactly the outputs of θ, else the refutation naming the first differing output. */
export function sameOutputs(
  net: Network,
  theta: Fraction[],
  other: Fraction[],
  data: Dataset,
  claimed: string,
  label: string,
): Outcome | null {
  const d = firstOutputDifference(exactOutputs(net, theta, data), exactOutputs(net, other, data));
  if (!d) return null;
  return refuted(
    claimed,
    `${label}: sample ${d.i + 1}, output ${d.k + 1} is ${encQ(d.b)} at θ′ but ${encQ(d.a)} at θ (R(θ) = ${encQ(exactRisk(net, halfMse, theta, data))}, R(θ′) = ${encQ(exactRisk(net, halfMse, other, data))})`,
    { label, sample: d.i + 1, output: d.k + 1, theta: encQ(d.a), thetaPrime: encQ(d.b) },
  );
}

/** Distinct values, sorted increasingly. */
export const distinctSorted = (xs: readonly Fraction[]) =>
  [...new Map(xs.map((x) => [x.toFraction(), x])).values()].sort((a, b) => a.compare(b));

/**
 * Test points for a continuous piecewise-linear function on [lo, ∞) (or (−∞, hi)) whose kinks lie in `kinks`:
 * every kink, the midpoint of each pair of consecutive kinks, and two points on each unbounded or half-open end
 * piece. Agreement with a constant at these points proves agreement on the whole range: each piece is affine and
 * has two agreeing points.
 */
export function pieceTestPoints(kinks: readonly Fraction[], range: { lo: Fraction } | { hi: Fraction }): Fraction[] {
  if ('lo' in range) {
    const ks = distinctSorted([range.lo, ...kinks.filter((x) => x.compare(range.lo) > 0)]);
    const pts = [...ks];
    for (let i = 0; i + 1 < ks.length; i++) pts.push(ks[i].add(ks[i + 1]).div(2));
    const last = ks[ks.length - 1];
    pts.push(last.add(1), last.add(2));
    return distinctSorted(pts);
  }
  const ks = distinctSorted(kinks.filter((x) => x.compare(range.hi) < 0));
  if (ks.length === 0) return [range.hi.sub(2), range.hi.sub(1)];
  const pts = [...ks, ks[0].sub(1)];
  for (let i = 0; i + 1 < ks.length; i++) pts.push(ks[i].add(ks[i + 1]).div(2));
  // the half-open piece [last kink, −b): the kink and the midpoint toward −b
  pts.push(ks[ks.length - 1].add(range.hi).div(2));
  return distinctSorted(pts);
}

type Setup = ReturnType<typeof genericSetup>;
const pooledMark = (variant: CnnVariant) => (variant.pool === 1 ? '' : ', pooled FC');

/**
 * Case 1 on the whole ray β ≥ 0: θ′ is affine in β (only biases move), each output piecewise linear with kinks
 * only at the L−3 outputs a of channel t. null if every output agrees at the test points (and the drawn β).
 */
export function case1Failure(st: Setup, data: Dataset, drawn: Fraction, variant: CnnVariant = PLAIN): Outcome | null {
  const kinks = st.a.flatMap((chs) => chs[st.t]);
  const betas = distinctSorted([...pieceTestPoints(kinks, { lo: ZERO }), drawn]);
  const claimed = `θ′ (case 1, channel ${st.t + 1}, output ${st.k + 1}${pooledMark(variant)}) has the outputs of θ for every β ≥ 0; checked at β ∈ {${betas.map(encQ).join(', ')}} (kinks at the L−3 outputs a of channel ${st.t + 1})`;
  // smallest failing β first
  for (const beta of betas) {
    const tp = toTheta(st.net, thetaPrimeCase1(st.s, st.params, st.t, st.k, beta, variant));
    const r = sameOutputs(st.net, st.theta, tp, data, claimed, `β = ${encQ(beta)}`);
    if (r) return r;
  }
  return null;
}

/**
 * Case 2 on the whole region η < −b, b̃ ≥ −min v: affine in b̃, piecewise linear in η with kinks only at the v of
 * channel t. null if every output agrees at the test points (and the drawn η = −b − gap, b̃ = −min v + extra).
 */
export function case2Failure(
  st: Setup,
  data: Dataset,
  drawn: { gap: Fraction; extra: Fraction },
  variant: CnnVariant = PLAIN,
): Outcome | null {
  const b = st.params.b1[st.t];
  const mv = minV(st.pre, st.t).neg();
  const etas = distinctSorted([
    ...pieceTestPoints(
      st.pre.flatMap((chs) => chs[st.t]),
      { hi: b.neg() },
    ),
    b.neg().sub(drawn.gap),
  ]);
  const bts = distinctSorted([mv, mv.add(drawn.extra), mv.add(drawn.extra).add(1)]);
  const claimed = `θ′ (case 2, channel ${st.t + 1}, output ${st.k + 1}${pooledMark(variant)}) has the outputs of θ for every η < −b = ${encQ(b.neg())} and b̃ ≥ −min v = ${encQ(mv)}; checked at b̃ ∈ {${bts.map(encQ).join(', ')}} × η ∈ {${etas.map(encQ).join(', ')}}`;
  for (const bt of bts)
    for (const e of etas) {
      const tp = toTheta(st.net, thetaPrimeCase2(st.s, st.params, st.t, st.k, e, bt, variant));
      const r = sameOutputs(st.net, st.theta, tp, data, claimed, `η = ${encQ(e)}, b̃ = ${encQ(bt)}`);
      if (r) return r;
    }
  return null;
}
