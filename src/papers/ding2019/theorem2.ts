/**
 * Ding, Li & Sun (2019) §4.1, Theorem 2 and Appendix C (eqs. 55–60): for an
 * activation linear with nonzero slope on an open interval around a, every
 * hidden layer wider than the input, small generic first-layer weights and
 * biases near a put every pre-activation inside that piece, so each T_h is an
 * affine image of [X; 1ᵀ] and the least-squares output layer reproduces the
 * best affine fit: E(W) = ‖Y − YP‖². Exact in rationals.
 */
import type { Fraction } from 'fraction.js';
import { fromRows, leastSquares, rank, transpose } from '../../linalg/matrix.js';
import { evalPwl, type Activation, type PwlActivation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { exactPreActivations } from '../../model/exact.js';
import { assembleParams, fcNetwork, type Network } from '../../model/network.js';
import { ONE, rational } from '../../numeric/rational.js';

/** The open piece (lo, hi) of `act` containing a (null ends: unbounded), or null when a is a breakpoint. */
export function pieceAround(act: PwlActivation, a: Fraction): { lo: Fraction | null; hi: Fraction | null } | null {
  if (act.breakpoints.some((b) => b.equals(a))) return null;
  const below = act.breakpoints.filter((b) => b.compare(a) < 0);
  const above = act.breakpoints.filter((b) => b.compare(a) > 0);
  return { lo: below.length ? below[below.length - 1] : null, hi: above.length ? above[0] : null };
}

/** The fully connected net of §3.1 with these widths [d₀, d₁, …, d_H, 1]: hidden biases, no output bias. */
export const deepNet = (act: Activation, widths: readonly number[]): Network =>
  fcNetwork(
    widths,
    act,
    widths.slice(1).map((_, i) => i < widths.length - 2),
  );

export interface Theorem2Point {
  net: Network;
  theta: Fraction[];
  /** every hidden pre-activation lies strictly inside the piece around a */
  inside: boolean;
  /** rank of the last hidden layer's outputs T_H against rank [X; 1ᵀ] */
  rankT: number;
  rankX: number;
}

/**
 * Appendix C's point: layer h has weights ε·R_h and biases a·1 + ε·U_h (R_h, U_h
 * the given rationals, row-major), the output layer the exact least-squares fit
 * W_{H+1} = argmin ‖Y − V T_H‖.
 */
/** The choices of Appendix C: σ, a, the widths [d₀, d₁, …, d_H, d_out], the data and the generic R_h, U_h. */
export interface Theorem2Choice {
  act: PwlActivation;
  a: Fraction;
  widths: readonly number[];
  data: Dataset;
  R: readonly (readonly Fraction[])[];
  U: readonly (readonly Fraction[])[];
}

export function theorem2Point(choice: Theorem2Choice, eps: Fraction): Theorem2Point {
  const { act, a, widths, data, R, U } = choice;
  const net = deepNet(act, widths);
  const H = widths.length - 2;
  const blocks: Record<string, Fraction[]> = {};
  for (let h = 1; h <= H; h++) {
    blocks[`layer${h}.weight`] = R[h - 1].map((r) => r.mul(eps));
    blocks[`layer${h}.bias`] = U[h - 1].map((u) => a.add(u.mul(eps)));
  }
  const dOut = widths[widths.length - 1];
  blocks[`layer${H + 1}.weight`] = Array.from({ length: dOut * widths[H] }, () => ONE);
  let theta = assembleParams(net, blocks);
  const Z = exactPreActivations(net, theta, data);
  const piece = pieceAround(act, a);
  const inside =
    piece !== null &&
    Z.slice(0, H).every((layer) =>
      layer.every((row) =>
        row.every((z) => (!piece.lo || z.compare(piece.lo) > 0) && (!piece.hi || z.compare(piece.hi) < 0)),
      ),
    );
  const T = Z[H - 1].map((row) => row.map((z) => evalPwl(act, z))); // d_H × N
  const Tt = transpose(fromRows(T)); // N × d_H
  const Yc = fromRows(data.targets);
  const ls = leastSquares(rational, Tt, Yc); // d_H × dOut
  const V: Fraction[] = [];
  for (let o = 0; o < dOut; o++) for (let k = 0; k < widths[H]; k++) V.push(ls.x.data[k * dOut + o]);
  blocks[`layer${H + 1}.weight`] = V;
  theta = assembleParams(net, blocks);
  const rankX = rank(rational, fromRows(data.inputs.map((x) => [...x, ONE])));
  return { net, theta, inside, rankT: ls.rank, rankX };
}

/** The point of `theorem2Point` with ε = 1, 1/2, 1/4, … until every hidden pre-activation is inside the piece (ε → 0 puts them at a). */
export function theorem2PointInside(choice: Theorem2Choice): Theorem2Point & { eps: Fraction } {
  let eps = ONE;
  for (let k = 0; k < 200; k++, eps = eps.div(2)) {
    const p = theorem2Point(choice, eps);
    if (p.inside) return { ...p, eps };
  }
  throw new Error('theorem2PointInside: no ε ≥ 2⁻²⁰⁰ keeps the pre-activations inside the piece (a is a breakpoint?)');
}

/** A point a strictly inside a piece of nonzero slope (the `k`-th such piece, cyclically), or null if σ has none. */
export function linearPieceCentre(act: PwlActivation, k: number): Fraction | null {
  const bps = act.breakpoints;
  const pieces = act.slopes.map((s, i) => ({ s, i })).filter((p) => p.s.n !== 0n);
  if (!pieces.length) return null;
  const i = pieces[k % pieces.length].i;
  if (bps.length === 0) return ONE;
  if (i === 0) return bps[0].sub(1);
  if (i === bps.length) return bps[bps.length - 1].add(1);
  return bps[i - 1].add(bps[i]).div(2);
}

/**
 * The dead-ReLU point (our variant of Theorem 2 for a constant piece, ReLU on
 * t < 0): layer 1 has weights ε·R₁ and biases −1 + ε·U₁ with ε small enough
 * that every first-layer pre-activation lies in (−3/2, −1/2), so T₁ = 0 and
 * stays 0 nearby; layers h ≥ 2 have weights ε·|R_h| and biases 1 + ε·|U_h|,
 * so their pre-activations are positive and T_h is a positive constant; the
 * output layer is the least-squares fit of Y by that constant: Ŷ = Ȳ1ᵀ.
 */
export function deadReluPoint(
  act: PwlActivation,
  widths: readonly number[],
  data: Dataset,
  R: readonly (readonly Fraction[])[],
  U: readonly (readonly Fraction[])[],
): { net: Network; theta: Fraction[]; dead: boolean; alive: boolean } {
  const net = deepNet(act, widths);
  const H = widths.length - 2;
  const big = [...R.flat(), ...U.flat(), ...data.inputs.flat()].reduce(
    (m, q) => (q.abs().compare(m) > 0 ? q.abs() : m),
    ONE,
  );
  // |ε(R₁x + U₁)| ≤ ε·big·(d₀·big + 1) < 1/2
  const eps = ONE.div(big.mul(big).mul(widths[0]).add(big).mul(2).add(1));
  const blocks: Record<string, Fraction[]> = {
    'layer1.weight': R[0].map((r) => r.mul(eps)),
    'layer1.bias': U[0].map((u) => u.mul(eps).sub(1)),
  };
  for (let h = 2; h <= H; h++) {
    blocks[`layer${h}.weight`] = R[h - 1].map((r) => r.abs().mul(eps));
    blocks[`layer${h}.bias`] = U[h - 1].map((u) => u.abs().mul(eps).add(1));
  }
  const dOut = widths[widths.length - 1];
  blocks[`layer${H + 1}.weight`] = Array.from({ length: dOut * widths[H] }, () => ONE);
  const Z = exactPreActivations(net, assembleParams(net, blocks), data);
  const dead = Z[0].every((row) => row.every((z) => z.s < 0n && z.n !== 0n));
  const alive = Z.slice(1, H).every((layer) => layer.every((row) => row.every((z) => z.s > 0n && z.n !== 0n)));
  const T = Z[H - 1].map((row) => row.map((z) => evalPwl(act, z)));
  const ls = leastSquares(rational, transpose(fromRows(T)), fromRows(data.targets));
  const V: Fraction[] = [];
  for (let o = 0; o < dOut; o++) for (let k = 0; k < widths[H]; k++) V.push(ls.x.data[k * dOut + o]);
  blocks[`layer${H + 1}.weight`] = V;
  return { net, theta: assembleParams(net, blocks), dead, alive };
}
