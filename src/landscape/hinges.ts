/**
 * Hinge directions at every hidden layer, for the descent search (./descent.ts).
 *
 * A unit (dense unit or conv feature map) whose pre-activation sits on a kink
 * at some (sample, position) entries can be switched on for part of them: move
 * its incoming weights by t·a and its bias by −t·τ, so those entries become
 * t·σ-slope·(a·h − τ) with h the unit's input there (the previous layer's
 * outputs, or the patch a filter reads), and move its outgoing weights by t·b.
 * The risk then changes at order t² by Σ_p b_p·G_p, where G is the gradient of
 * the risk with respect to the outgoing weights if the unit's outputs were the
 * switched-on values g. The search takes b = −G (rounded to small integers), so
 * the predicted t² coefficient is negative whenever G ≠ 0, with several
 * outputs and mixed signs as G has them. Readers behind parameter-free layers
 * (pooling) are reached through them (max pooling by θ's selection). a ranges over single incoming
 * weights (±), all of them, a lexicographic weighting that separates every
 * distinct input, and for bias-free layers differences of two weights; τ lies
 * at two points of every gap between the values a·h on the kinked entries (the
 * t² coefficient is affine in τ on a gap) and below them all.
 *
 * These are candidates only: the search screens them in floats and decides each
 * one by the exact curve analysis.
 */
import { Fraction } from 'fraction.js';
import { dataTensors, paramTensor, type Dataset } from '../model/data.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { paramName } from '../model/param-name.js';
import { forward, preActivationGradients, propagate, type Trace } from '../model/passes.js';
import { unitParameters } from '../model/symmetry.js';
import { exactBackend } from '../numeric/exact-backend.js';
import { FTensor, floatBackend } from '../numeric/float-backend.js';
import { ratioToNumber } from '../numeric/rational.js';

const num = (x: Fraction) => ratioToNumber(x.s * x.n, x.d);
const ZERO = new Fraction(0);

export interface HingeCandidate {
  direction: Fraction[];
  /** predicted t² coefficient of R(θ + t·d) − R(θ), per max|d|² (floats; < 0) */
  predicted: number;
  how: string;
}

export interface HingeOptions {
  /** thresholds τ per incoming direction (spread evenly over the gaps); default 16 */
  maxTaus?: number;
  /** only units with at least one entry on a kink (default true: elsewhere a hinge is a smooth direction of the cell) */
  kinkedOnly?: boolean;
}

export function hingeCandidates(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  opts: HingeOptions = {},
): HingeCandidate[] {
  const maxTaus = opts.maxTaus ?? 16;
  const kinkedOnly = opts.kinkedOnly ?? true;
  const N = data.inputs.length;
  const ex = forward(exactBackend, net, paramTensor(exactBackend, net, theta), dataTensors(exactBackend, net, data).X);
  const fd = dataTensors(floatBackend, net, data);
  const fl = preActivationGradients(floatBackend, net, loss, paramTensor(floatBackend, net, theta), fd.X, fd.Y);
  const out: HingeCandidate[] = [];
  for (const u of unitParameters(net, { throughFixed: true })) {
    const L = net.layers[u.layer - 1];
    const act = L.activation;
    if (act.kind !== 'pwl' || act.breakpoints.length === 0 || u.outgoing.length === 0) continue;
    const table = act.fn.table;
    const lt = ex.layers[u.layer - 1];
    const z = (r: number, i: number) => exactBackend.get(lt.pre, r, i);
    const h = (k: number, i: number) => exactBackend.get(lt.input, k, i);
    // entries on a kink, and the side slopes there
    const kinked: [number, number][] = [];
    for (const r of u.rows)
      for (let i = 0; i < N; i++) if (table.breakpoints.some((b) => b.equals(z(r, i)))) kinked.push([r, i]);
    if (kinkedOnly && kinked.length === 0) continue;
    const slopeAt = (r: number, i: number, x: number) => {
      const zi = z(r, i);
      let p = 0;
      while (p < table.breakpoints.length && zi.compare(table.breakpoints[p]) > 0) p++;
      const onKink = p < table.breakpoints.length && zi.equals(table.breakpoints[p]);
      return num(onKink && x > 0 ? table.slopes[p + 1] : table.slopes[p]);
    };
    // incoming weights per row: [input index, parameter]
    const taps = u.rows.map((r) => {
      const row: [number, number][] = [];
      for (let k = 0; k < L.inDim; k++)
        if (L.weightIndex![r * L.inDim + k] >= 0) row.push([k, L.weightIndex![r * L.inDim + k]]);
      return row;
    });
    const weights = [...new Set(taps.flat().map(([, p]) => p))];
    const biases = L.biasIndex ? [...new Set(u.rows.map((r) => L.biasIndex![r]))] : [];
    const entries: [number, number][] = kinked.length
      ? kinked
      : u.rows.flatMap((r) => data.inputs.map((_, i) => [r, i] as [number, number]));
    const rowOf = new Map(u.rows.map((r, k) => [r, k]));
    const value = (a: Map<number, Fraction>, r: number, i: number) =>
      taps[rowOf.get(r)!].reduce((s, [k, p]) => (a.has(p) ? s.add(a.get(p)!.mul(h(k, i))) : s), ZERO);
    for (const { a, words } of incomingDirections(weights, biases.length > 0, u.rows, taps, h, N, (p) =>
      paramName(net, p),
    )) {
      const V = new Map(u.rows.map((r) => [r, Array.from({ length: N }, (_, i) => value(a, r, i))]));
      const vals = [...new Map(entries.map(([r, i]) => V.get(r)![i]).map((v) => [v.toFraction(), v])).values()].sort(
        (x, y) => x.compare(y),
      );
      for (const tau of thresholds(vals, biases.length > 0, maxTaus)) {
        const g = new Float64Array(L.outDim * N);
        for (const r of u.rows)
          for (let i = 0; i < N; i++) {
            const x = num(V.get(r)![i].sub(tau));
            g[r * N + i] = slopeAt(r, i, x) * x;
          }
        const G = outgoingGradient(net, fl.trace, u.layer, u.readLayer, g, fl.pre[u.readLayer - 1].data, N);
        const gmax = Math.max(...u.outgoing.map((p) => Math.abs(G.get(p) ?? 0)));
        if (!(gmax > 1e-12 * (1 + Math.abs(fl.risk)))) continue;
        const d = new Array<Fraction>(net.paramCount).fill(ZERO);
        for (const [p, x] of a) d[p] = x;
        for (const p of biases) d[p] = tau.neg();
        let predicted = 0;
        for (const p of u.outgoing) {
          const b = -Math.round(((G.get(p) ?? 0) / gmax) * 8);
          d[p] = new Fraction(b);
          predicted += b * (G.get(p) ?? 0);
        }
        const m = Math.max(...d.map((x) => Math.abs(num(x))));
        out.push({
          direction: d,
          predicted: predicted / (m * m),
          how: `layer ${u.layer}, ${u.rows.length > 1 ? 'map' : 'unit'} ${u.channel + 1} switched on where ${words} > ${tau.toFraction()}, its readers in layer ${u.readLayer} moved against the residual`,
        });
      }
    }
  }
  return out.sort((x, y) => x.predicted - y.predicted);
}

/** Incoming directions a (parameter → value) with words for the hinge's description. */
function incomingDirections(
  weights: number[],
  hasBias: boolean,
  rows: number[],
  taps: [number, number][][],
  h: (k: number, i: number) => Fraction,
  N: number,
  name: (p: number) => string,
): { a: Map<number, Fraction>; words: string }[] {
  const one = new Fraction(1);
  const out: { a: Map<number, Fraction>; words: string }[] = [];
  for (const p of weights)
    for (const s of [1, -1])
      out.push({ a: new Map([[p, new Fraction(s)]]), words: `${s < 0 ? '−' : ''}(input of ${name(p)})` });
  out.push({ a: new Map(weights.map((p) => [p, one])), words: 'the sum of its inputs' });
  // lexicographic: K^rank with K > range / smallest gap, so a·h orders distinct inputs lexicographically
  const all = rows.flatMap((_, k) => taps[k].flatMap(([c]) => Array.from({ length: N }, (_, i) => h(c, i))));
  const distinct = [...new Map(all.map((x) => [x.toFraction(), x])).values()].sort((x, y) => x.compare(y));
  if (distinct.length > 1 && weights.length > 1) {
    let gap = distinct[1].sub(distinct[0]);
    for (let k = 1; k + 1 < distinct.length; k++) {
      const d = distinct[k + 1].sub(distinct[k]);
      if (d.compare(gap) < 0) gap = d;
    }
    const K = distinct[distinct.length - 1].sub(distinct[0]).div(gap).add(2).floor();
    out.push({
      a: new Map(weights.map((p, k) => [p, K.pow(weights.length - 1 - k)])),
      words: 'a lexicographic weighting of its inputs',
    });
  }
  if (!hasBias)
    for (const p of weights)
      for (const q of weights)
        if (p !== q)
          out.push({
            a: new Map([
              [p, one],
              [q, one.neg()],
            ]),
            words: `(input of ${name(p)}) − (input of ${name(q)})`,
          });
  return out;
}

/** τ below every value and at 1/2 and 2/3 of every gap (at most maxTaus, spread evenly); 0 alone without a bias. */
function thresholds(vals: Fraction[], hasBias: boolean, maxTaus: number): Fraction[] {
  if (!hasBias) return [ZERO];
  if (vals.length === 0) return [];
  const taus = [vals[0].sub(1)];
  const gaps = vals.length - 1;
  const pick = Math.max(1, Math.min(gaps, Math.floor((maxTaus - 1) / 2)));
  for (let k = 0; k < pick && gaps > 0; k++) {
    const i = Math.floor((k * gaps) / pick);
    taus.push(vals[i].add(vals[i + 1]).div(2), vals[i].add(vals[i + 1].mul(2)).div(3));
  }
  return taus;
}

/**
 * G_p = ∂R/∂θ_p for the reading layer's weights p if the unit's outputs (rows of layer `layer`) were g:
 * g is carried through the parameter-free layers in between (max pooling by θ's selection, the
 * trace's), then Σ_i D(o, i)·v(col, i) over the entries (o, col) that hold p. D = ∂R/∂z of the
 * reading layer (floats).
 */
function outgoingGradient(
  net: Network,
  trace: Trace<FTensor>,
  layer: number,
  readLayer: number,
  g: Float64Array,
  D: ArrayLike<number>,
  N: number,
): Map<number, number> {
  let v = g;
  for (let m = layer; m < readLayer - 1; m++)
    v = propagate(floatBackend, trace.layers[m], new FTensor(net.layers[m].inDim, N, v)).data;
  const R = net.layers[readLayer - 1];
  const G = new Map<number, number>();
  for (let o = 0; o < R.outDim; o++)
    for (let k = 0; k < R.inDim; k++) {
      const p = R.weightIndex![o * R.inDim + k];
      if (p < 0) continue;
      let s = 0;
      for (let i = 0; i < N; i++) s += D[o * N + i] * v[k * N + i];
      if (s !== 0) G.set(p, (G.get(p) ?? 0) + s);
    }
  return G;
}
