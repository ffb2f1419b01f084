/**
 * An interpolating construction for fully connected piecewise-linear nets:
 * project the inputs onto a direction v on which the distinct input rows get
 * distinct values p_1 < … < p_m, put one first-layer hinge between each pair of
 * neighbours (unit k: σ(α(v·x − τ_k) + t), τ_k = (p_k + p_{k+1})/2, t a
 * breakpoint where σ turns, α small enough that no pre-activation reaches
 * another breakpoint), pass these features through any further hidden layers
 * on their top piece (each unit shifted above the last breakpoint), and fit
 * the output layer by exact least squares (snap.ts, snapLastLayer).
 *
 * Units left over are put right of the breakpoint on every sample (features
 * affine in v·x). For an activation flat left of its turning breakpoint (ReLU),
 * the m − 1 hinges and a constant span every function of the m projected
 * values (a triangular design); for any other, the hinges, an affine feature and a
 * constant do. So with an output bias and a first hidden layer of width
 * ≥ m − 1 (ReLU-like) or ≥ m (m = the number of distinct inputs; later hidden
 * layers as wide) the risk is that of the group means of the targets: 0 on
 * distinct inputs, the duplicate-input bound (global-bounds.ts) otherwise. A
 * narrower net gets hinges at evenly spaced midpoints: a good start, not an
 * interpolant.
 */
import { Fraction } from 'fraction.js';
import { evalPwl, type PwlActivation } from '../model/activation.js';
import type { Dataset } from '../model/data.js';
import { exactPreActivations } from '../model/exact.js';
import { assembleParams, type Network } from '../model/network.js';
import { sum, ZERO } from '../numeric/rational.js';
import { snapLastLayer } from './snap.js';

const key = (r: readonly Fraction[]) => r.map((x) => x.toFraction()).join(',');

/** A direction v (integer entries 1, k, k², …) on which the given distinct rows project to distinct values. */
function separatingDirection(rows: readonly (readonly Fraction[])[]): Fraction[] {
  const d = rows[0]?.length ?? 0;
  // each pair of distinct rows agrees on at most d − 1 values of k (a nonzero polynomial of degree ≤ d − 1)
  for (let k = 0; ; k++) {
    const v = Array.from({ length: d }, (_, j) => (j === 0 ? new Fraction(1) : new Fraction(k).pow(j))); // k = 0: e₁
    const p = rows.map((x) => key([sum(x.map((xj, j) => xj.mul(v[j])))]));
    if (new Set(p).size === rows.length) return v;
  }
}

/** The breakpoint of `a` where its slope changes, with the distance to its nearest other breakpoint. */
function turningBreakpoint(a: PwlActivation): { at: Fraction; room: Fraction } | null {
  const k = a.breakpoints.findIndex((_, b) => !a.slopes[b].equals(a.slopes[b + 1]));
  if (k < 0) return null;
  const gaps = a.breakpoints.filter((_, b) => b !== k).map((t) => t.sub(a.breakpoints[k]).abs());
  return {
    at: a.breakpoints[k],
    room: gaps.length ? gaps.reduce((m, g) => (g.compare(m) < 0 ? g : m)) : new Fraction(2),
  };
}

/**
 * The construction above for `net` on `data`, or null when it does not apply (a layer that is not dense, a
 * hidden layer without a bias or without a piecewise-linear activation that turns, a top piece of slope 0 in
 * a hidden layer after the first, a nonlinear output layer).
 */
export function interpolatingPoint(net: Network, data: Dataset): Fraction[] | null {
  const L = net.layers.length;
  const hidden = net.layers.slice(0, -1);
  const last = net.layers[L - 1];
  if (L < 2 || last.spec.kind !== 'dense' || !last.identity) return null;
  if (hidden.some((l) => l.spec.kind !== 'dense' || !l.biasIndex || l.activation.kind !== 'pwl')) return null;
  const acts = hidden.map((l) => l.activation as PwlActivation);
  const turn = turningBreakpoint(acts[0]);
  if (!turn || acts.slice(1).some((a) => a.slopes[a.slopes.length - 1].n === 0n)) return null;
  const distinct = [...new Map(data.inputs.map((x) => [key(x), x])).values()];
  const v = separatingDirection(distinct);
  const p = distinct.map((x) => sum(x.map((xj, j) => xj.mul(v[j])))).sort((a, b) => a.compare(b));
  const m = p.length;
  // as many hinges as every hidden layer can carry, at evenly spaced midpoints
  const width = Math.min(...hidden.map((l) => l.outDim));
  const nh = Math.min(width, m - 1);
  const taus = Array.from({ length: nh }, (_, k) => {
    const g = Math.min(m - 2, Math.floor(((k + 0.5) * (m - 1)) / nh));
    return p[g].add(p[g + 1]).div(2);
  });
  // spare units: all on the right of the breakpoint (affine features)
  while (taus.length < hidden[0].outDim) taus.push(p[0].sub(taus.length - nh + 1));
  const spread = p[m - 1].sub(p[0]).add(taus.length - nh + 1);
  const room = turn.room.div(spread.mul(2));
  const alpha = room.compare(1) < 0 ? room : new Fraction(1);
  const blocks: Record<string, Fraction[]> = {
    'layer1.weight': taus.flatMap(() => v.map((vj) => vj.mul(alpha))),
    'layer1.bias': taus.map((t) => turn.at.sub(alpha.mul(t))),
  };
  const zeros = (n: number) => new Array<Fraction>(n).fill(ZERO);
  const fill = () => {
    for (const l of net.layers)
      for (const role of ['weight', 'bias'] as const) {
        const name = `layer${l.number}.${role}`;
        if (!blocks[name] && (role === 'weight' || l.biasIndex))
          blocks[name] = zeros(role === 'weight' ? l.outDim * l.inDim : l.outDim);
      }
    return assembleParams(net, blocks);
  };
  // later hidden layers: unit k passes unit k of the layer below, shifted onto its top piece
  for (let l = 1; l < hidden.length; l++) {
    const below = exactPreActivations(net, fill(), data)[l - 1].map((row) => row.map((z) => evalPwl(acts[l - 1], z)));
    const top = acts[l].breakpoints.length ? acts[l].breakpoints[acts[l].breakpoints.length - 1] : ZERO;
    const lay = hidden[l];
    const W = zeros(lay.outDim * lay.inDim),
      b = zeros(lay.outDim);
    for (let k = 0; k < lay.outDim; k++) {
      const src = Math.min(k, lay.inDim - 1);
      W[k * lay.inDim + src] = new Fraction(1);
      const lo = below[src].reduce((a, z) => (z.compare(a) < 0 ? z : a), below[src][0] ?? ZERO);
      b[k] = top.add(1).sub(lo);
    }
    blocks[`layer${lay.number}.weight`] = W;
    blocks[`layer${lay.number}.bias`] = b;
  }
  return snapLastLayer(net, fill(), data);
}
