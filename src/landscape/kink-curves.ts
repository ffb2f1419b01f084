/**
 * Curves that stay in a chosen cell, for the descent search (./descent.ts).
 *
 * At a boundary point θ the search computes directions from the polynomial of
 * one adjacent cell S (its gradient, its negative curvature). The ray θ + t·u
 * may leave S at once: an entry on a kink can move to the other side at first
 * order, or stay on the kink at first order (∂z·u = 0) and be pushed to the
 * wrong side by the second-order term (z is bilinear in a layer's weights and
 * its inputs). Then R along the ray is not S's polynomial and the descent S
 * promises is lost. `cellCurve` corrects the ray layer by layer into a curve
 * θ(t) = θ + t·u + Σ_k t^k·c_k·e_p (in practice k = 1 or 2: the (t, t²)
 * curves), each correction c·e_p moving one incoming parameter p (the unit's
 * bias first, then its weights) of a unit with an entry on the wrong side, at
 * the lowest order k at which a wrong entry of that unit leaves the kink, with
 * c chosen so every kinked entry the parameter reaches takes its side in S:
 * for an entry whose margin polynomial starts at order k this is a linear
 * inequality in c, for one that starts later the sign of c·∂z/∂θ_p. The
 * corrected curve is only a candidate: the search decides it with the exact
 * curve analysis (tool 1), like any other.
 */
import { Fraction } from 'fraction.js';
import * as Poly from '../linalg/polynomial.js';
import { dataTensors, paramTensor, type Dataset } from '../model/data.js';
import type { ActivationPattern } from '../model/exact.js';
import type { Network } from '../model/network.js';
import { forward } from '../model/passes.js';
import { exactBackend } from '../numeric/exact-backend.js';
import { rayCurve, type Curve } from './curve.js';
import { germBackend } from './germ.js';

/** Corrections tried before giving up (each one puts at least one entry on its side). */
const MAX_CORRECTIONS = 64;

/**
 * θ + t·u corrected into a curve whose kinked entries (those of `pattern`, the
 * pattern at θ) all lie strictly on the side `pieces` gives them (pieces per
 * layer, [unit][sample], as ./descent.ts enumerates the adjacent cells: the
 * pattern's piece is the left side, one more the right) for all small t > 0.
 * Returns the curve with the number of corrections made (0: the plain ray
 * already does), or null when no correction by single incoming parameters was
 * found.
 */
export function cellCurve(
  net: Network,
  theta: readonly Fraction[],
  data: Dataset,
  pattern: ActivationPattern,
  pieces: readonly (readonly (readonly number[])[] | null)[],
  u: readonly Fraction[],
): { curve: Curve; corrections: number } | null {
  const curve: Poly.Poly[] = rayCurve(theta, u).slice();
  // activation kinks only: a max-pooling tie keeps θ's selection in the cells ./descent.ts enumerates
  const kinks = pattern.kinks.filter((k) => k.kind !== 'maxpool');
  if (kinks.length === 0) return { curve, corrections: 0 };
  const { X } = dataTensors(exactBackend, net, data);
  const at = forward(exactBackend, net, paramTensor(exactBackend, net, theta), X);
  const Xg = dataTensors(germBackend, net, data).X;
  const N = data.inputs.length;
  const layers = [...new Set(kinks.map((k) => k.layer))].sort((a, b) => a - b);
  let corrections = 0;
  for (const l of layers) {
    const L = net.layers[l - 1];
    const input = at.layers[l - 1].input;
    const entries = kinks
      .filter((k) => k.layer === l)
      .map((k) => ({ ...k, side: pieces[l - 1]![k.unit][k.sample] === patternPiece(pattern, k) ? -1 : 1 }));
    /** ∂z[r, i]/∂θ_p at θ (the parameter's coefficient in the pre-activation) */
    const reach = (p: number, r: number, i: number) => {
      let a = L.biasIndex && L.biasIndex[r] === p ? new Fraction(1) : new Fraction(0);
      for (let k = 0; k < L.inDim; k++)
        if (L.weightIndex && L.weightIndex[r * L.inDim + k] === p) a = a.add(exactBackend.get(input, k, i));
      return a;
    };
    for (;;) {
      const tr = forward(germBackend, net, germBackend.fromScalars(net.paramCount, 1, curve.slice()), Xg);
      const pre = germBackend.toScalars(tr.layers[l - 1].pre);
      const state = entries.map((e) => {
        const d = Poly.sub(pre[e.unit * N + e.sample], Poly.constant(e.at));
        const o = Poly.order(d);
        return { e, d, order: o, wrong: o < 0 || Poly.coeff(d, o).s !== BigInt(e.side) };
      });
      const wrong = state.filter((s) => s.wrong);
      if (!wrong.length) break;
      if (++corrections > MAX_CORRECTIONS) return null;
      const first = wrong[0].e;
      const params = [
        ...(L.biasIndex ? [L.biasIndex[first.unit]] : []),
        ...(L.weightIndex ? [...L.weightIndex.slice(first.unit * L.inDim, (first.unit + 1) * L.inDim)] : []),
      ].filter((p, k, all) => p >= 0 && all.indexOf(p) === k);
      let fixed = false;
      for (const p of params) {
        const a = state.map((s) => reach(p, s.e.unit, s.e.sample));
        if (a[state.indexOf(wrong[0])].n === 0n) continue;
        const orders = wrong.filter((s) => a[state.indexOf(s)].n !== 0n && s.order >= 0).map((s) => s.order);
        const k = orders.length ? Math.min(...orders) : 1;
        const c = solve(state, a, k);
        if (!c) continue;
        curve[p] = Poly.add(curve[p], Poly.monomial(c, k));
        fixed = true;
        break;
      }
      if (!fixed) return null;
    }
  }
  return { curve, corrections };
}

/** The piece the pattern gives a kinked entry (its left side). */
function patternPiece(pattern: ActivationPattern, k: { layer: number; unit: number; sample: number }): number {
  return pattern.layers.find((x) => x.layer === k.layer)!.piece[k.unit][k.sample];
}

/**
 * A simple rational c such that adding c·t^k·∂z/∂θ_p puts every entry the
 * parameter reaches (a ≠ 0) on its side: side·(d_k + c·a) > 0, where d_k is the
 * order-k coefficient of the entry's margin (0 when it starts later or is
 * identically zero); entries whose margin starts before order k keep their
 * sign. Null when the inequalities are infeasible.
 */
function solve(
  state: readonly { e: { side: number }; d: Poly.Poly; order: number; wrong: boolean }[],
  a: readonly Fraction[],
  k: number,
): Fraction | null {
  let lo: Fraction | null = null,
    hi: Fraction | null = null;
  for (let j = 0; j < state.length; j++) {
    const s = state[j];
    // entries the parameter does not reach, or reaches only after their leading term, keep their sign
    // (a wrong one among them is left to a later correction)
    if ((s.order >= 0 && s.order < k) || a[j].n === 0n) continue;
    const dk = Poly.coeff(s.d, k);
    // side·(dk + c·a) > 0  ⇔  c > −dk/a (side·a > 0) or c < −dk/a (side·a < 0)
    const bound = dk.neg().div(a[j]);
    if (s.e.side * Number(a[j].s) > 0) lo = lo === null || bound.compare(lo) > 0 ? bound : lo;
    else hi = hi === null || bound.compare(hi) < 0 ? bound : hi;
  }
  if (lo && hi) {
    if (lo.compare(hi) >= 0) return null;
    const mid = lo.add(hi).div(2);
    const c = mid.simplify(hi.sub(lo).valueOf() / 4);
    return c.compare(lo) > 0 && c.compare(hi) < 0 ? c : mid;
  }
  if (lo) return lo.floor().add(1);
  if (hi) return hi.ceil().sub(1);
  return new Fraction(1);
}
