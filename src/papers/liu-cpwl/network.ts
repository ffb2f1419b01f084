/**
 * Liu (2022) §6.1.4, §6.1.7 and the note's §5.6–5.11: ReLU networks that
 * realise a one-dimensional CPWL fit.
 *
 *  - latticeNetwork: the paper's construction from the max–min form. Layer 1
 *    computes every piece plus the positivity shift c (eq. (15)); min and max
 *    gadgets, eqs. (16)–(17): min(a, b) = σ(σ(b) − σ(b − a)) and
 *    max(a, b) = σ(σ(a) + σ(b − a)) for a, b ≥ 0, are stacked in a tree, first
 *    the mins of every set S_s, then the max over the sets; the output
 *    subtracts c. 'merged' puts one hidden layer per tree level (the gadget
 *    neurons feed the next level directly); 'literal' two per level, as the
 *    paper's Fig. 3 draws it (gadget neurons, then the combination neuron).
 *  - ridgeNetwork: the one-hidden-layer realisation f(x) = β + s_0·σ(x − τ_0)
 *    + Σ_k (s_k − s_{k−1})·σ(x − τ_k) (the note's D6), optionally deepened by
 *    pass-through layers on a positive value.
 *  - padWidths: unused units with zero weights and a given bias (−1: dead at
 *    every input; 0: the paper's "zero weight vectors and biases").
 *
 * A network is kept as per-layer weight rows and biases (FcWeights) and turned
 * into the suite's fully connected ReLU network and θ by toNetwork.
 */
import type { Fraction } from 'fraction.js';
import { fcNetwork, relu, type Network } from '../../model/index.js';
import { assembleParams } from '../../model/network.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import { at, type Cpwl, type Piece } from './cpwl.js';

/** Layer l (0-based): W[l] has one row per unit of layer l, one column per unit of layer l − 1. */
export interface FcWeights {
  W: Fraction[][][];
  b: Fraction[][];
}

export const widthsOf = (w: FcWeights): number[] => [w.W[0][0].length, ...w.W.map((L) => L.length)];

export function toNetwork(w: FcWeights): { net: Network; theta: Fraction[] } {
  const net = fcNetwork(widthsOf(w), relu());
  const blocks: Record<string, Fraction[]> = {};
  w.W.forEach((L, l) => {
    blocks[`layer${l + 1}.weight`] = L.flat();
    blocks[`layer${l + 1}.bias`] = w.b[l];
  });
  return { net, theta: assembleParams(net, blocks) };
}

/** A value: a linear combination of the current layer's units (coefficient per unit). */
type Value = Map<number, Fraction>;
const unit = (k: number): Value => new Map([[k, ONE]]);

/** One hidden layer under construction: rows over the previous layer's units, zero bias. */
class LayerBuilder {
  rows: Value[] = [];
  add(v: Value): number {
    this.rows.push(v);
    return this.rows.length - 1;
  }
}

const combine = (a: Value, ca: Fraction, b: Value, cb: Fraction): Value => {
  const out = new Map<number, Fraction>();
  for (const [k, x] of a) out.set(k, (out.get(k) ?? ZERO).add(x.mul(ca)));
  for (const [k, x] of b) out.set(k, (out.get(k) ?? ZERO).add(x.mul(cb)));
  return out;
};

type Op = { kind: 'pass'; v: Value } | { kind: 'min' | 'max'; a: Value; b: Value };

/**
 * The units of one gadget level, and the values they produce: min → units σ(b), σ(b − a),
 * value first − second; max → units σ(a), σ(b − a), value first + second; pass → σ(v).
 */
function gadgetLevel(ops: readonly Op[], L: LayerBuilder): Value[] {
  const M = ONE.neg();
  return ops.map((op) => {
    if (op.kind === 'pass') return unit(L.add(op.v));
    const n1 = L.add(op.kind === 'min' ? op.b : op.a);
    const n2 = L.add(combine(op.b, ONE, op.a, M));
    return combine(unit(n1), ONE, unit(n2), op.kind === 'min' ? M : ONE);
  });
}

const pairs = (vs: readonly Value[], kind: 'min' | 'max'): Op[] => {
  const ops: Op[] = [];
  for (let k = 0; k + 1 < vs.length; k += 2) ops.push({ kind, a: vs[k], b: vs[k + 1] });
  if (vs.length % 2) ops.push({ kind: 'pass', v: vs[vs.length - 1] });
  return ops;
};

export type Layering = 'merged' | 'literal';

/**
 * The network of the max–min form max_s min_{r ∈ S_s} φ_r (sets as from
 * latticeSets) with positivity shift c (every piece + c > 0 at the inputs it is
 * evaluated on, for the gadget identities to hold there).
 */
export function latticeNetwork(
  pieces: readonly Piece[],
  sets: readonly number[][],
  c: Fraction,
  layering: Layering,
): FcWeights {
  const W: Fraction[][][] = [pieces.map((p) => [p.slope])];
  const b: Fraction[][] = [pieces.map((p) => p.intercept.add(c))];
  let width = pieces.length;
  // close a layer: its rows become weight rows over the previous layer (zero bias)
  const emit = (L: LayerBuilder) => {
    W.push(L.rows.map((v) => Array.from({ length: width }, (_, k) => v.get(k) ?? ZERO)));
    b.push(L.rows.map(() => ZERO));
    width = L.rows.length;
  };
  const log2 = (n: number) => Math.ceil(Math.log2(Math.max(1, n)));
  const levels = log2(Math.max(...sets.map((S) => S.length))) + log2(sets.length);
  let done = 0;
  /** one tree level: the gadget units, then (literal, except after the last level) a combination unit per value */
  const level = (ops: Op[]): Value[] => {
    const L = new LayerBuilder();
    const vals = gadgetLevel(ops, L);
    emit(L);
    if (layering === 'merged' || ++done === levels) return vals;
    const C = new LayerBuilder();
    const out = vals.map((v) => unit(C.add(v)));
    emit(C);
    return out;
  };
  let lists: Value[][] = sets.map((S) => S.map((r) => unit(r)));
  while (lists.some((l) => l.length > 1)) {
    const ops = lists.flatMap((l) => (l.length > 1 ? pairs(l, 'min') : [{ kind: 'pass' as const, v: l[0] }]));
    const vals = level(ops);
    let k = 0;
    lists = lists.map((l) => vals.slice(k, (k += Math.ceil(l.length / 2))));
  }
  let psi = lists.map((l) => l[0]);
  while (psi.length > 1) psi = level(pairs(psi, 'max'));
  // the output: the final value, minus c (the literal layering's last combination unit is this linear layer)
  const v = psi[0];
  W.push([Array.from({ length: width }, (_, k) => v.get(k) ?? ZERO)]);
  b.push([c.neg()]);
  return { W, b };
}

/**
 * The ridge network of a CPWL fit (the note's D6): hidden units σ(x − τ_0) with
 * τ_0 the domain's left end and σ(x − τ_k) for every breakpoint, output weights
 * (s_0, s_1 − s_0, …) and bias φ_0(τ_0). With depth > 1 the output value plus
 * a shift c′ (positive on D) passes through depth − 1 single-unit layers and
 * the output subtracts c′.
 */
export function ridgeNetwork(f: Cpwl, depth = 1): FcWeights {
  const taus = [f.domain[0], ...f.breakpoints];
  const W: Fraction[][][] = [taus.map(() => [ONE])];
  const b: Fraction[][] = [taus.map((t) => t.neg())];
  const v = f.pieces.map((p, k) => (k === 0 ? p.slope : p.slope.sub(f.pieces[k - 1].slope)));
  const beta = at(f.pieces[0], f.domain[0]);
  if (depth === 1) return { W: [...W, [v]], b: [...b, [beta]] };
  // c′ = 1 − min(0, min of f on D): f is ≥ its value at a breakpoint or an end
  let low = ZERO;
  for (const x of [...f.domain, ...f.breakpoints]) {
    let m = 0;
    while (m < f.breakpoints.length && x.compare(f.breakpoints[m]) > 0) m++;
    const y = at(f.pieces[m], x);
    if (y.compare(low) < 0) low = y;
  }
  const c = ONE.sub(low);
  W.push([v]);
  b.push([beta.add(c)]);
  for (let l = 2; l < depth; l++) {
    W.push([[ONE]]);
    b.push([ZERO]);
  }
  W.push([[ONE]]);
  b.push([c.neg()]);
  return { W, b };
}

/**
 * The network padded to the given hidden widths: each new unit has zero
 * incoming weights, bias `bias`, and zero outgoing weights (the output width
 * is unchanged). Widths smaller than the network's are an error.
 */
export function padWidths(w: FcWeights, hidden: readonly number[], bias: Fraction): FcWeights {
  const widths = widthsOf(w);
  if (hidden.length !== widths.length - 2)
    throw new RangeError(`${hidden.length} hidden widths for a network with ${widths.length - 2} hidden layers`);
  hidden.forEach((h, l) => {
    if (h < widths[l + 1]) throw new RangeError(`hidden layer ${l + 1} has ${widths[l + 1]} units, cannot pad to ${h}`);
  });
  const target = [widths[0], ...hidden, widths[widths.length - 1]];
  return {
    W: w.W.map((L, l) =>
      Array.from({ length: target[l + 1] }, (_, r) =>
        Array.from({ length: target[l] }, (_, k) => (r < L.length && k < L[0].length ? L[r][k] : ZERO)),
      ),
    ),
    b: w.b.map((B, l) => Array.from({ length: target[l + 1] }, (_, r) => (r < B.length ? B[r] : bias))),
  };
}

/** An affine map of x ∈ ℚ^d: w·x + b. */
export interface AffineMap {
  w: Fraction[];
  b: Fraction;
}

/**
 * The two-piece network of Theorem 1's smallest architecture (§6.1.7, the
 * note's §5.9 and net B of §5.10), for any d_x and d_y: per output component
 * k, layer 1 computes the two pieces plus c, layer 2 a max gadget
 * (σ(g1), σ(g2 − g1), read out as n1 + n2) or a min gadget (σ(g2), σ(g2 − g1),
 * read out as n1 − n2), and the output subtracts c; components are stacked
 * block-diagonally (cross-component weights 0), so both hidden layers have
 * width 2·d_y. A component whose two pieces coincide is realised as
 * min(f + c, f + c + 1) (no exact tie).
 */
export function twoPieceNetwork(
  pieces: readonly (readonly [AffineMap, AffineMap])[],
  kinds: readonly ('max' | 'min')[],
  c: Fraction,
): FcWeights {
  const dY = pieces.length;
  const dX = pieces[0][0].w.length;
  const zeroRow = (n: number) => Array.from({ length: n }, () => ZERO);
  const W1: Fraction[][] = [],
    b1: Fraction[] = [],
    W2: Fraction[][] = [],
    W3: Fraction[][] = [];
  pieces.forEach(([f1, f2], k) => {
    const same = f1.w.every((x, j) => x.equals(f2.w[j])) && f1.b.equals(f2.b);
    const kind = same ? 'min' : kinds[k];
    W1.push(f1.w.slice(), same ? f1.w.slice() : f2.w.slice());
    b1.push(f1.b.add(c), (same ? f1.b.add(ONE) : f2.b).add(c));
    const row = (cols: [number, Fraction][]) => {
      const r = zeroRow(2 * dY);
      for (const [j, v] of cols) r[2 * k + j] = v;
      return r;
    };
    W2.push(
      kind === 'max' ? row([[0, ONE]]) : row([[1, ONE]]),
      row([
        [0, ONE.neg()],
        [1, ONE],
      ]),
    );
    W3.push(
      row([
        [0, ONE],
        [1, kind === 'max' ? ONE : ONE.neg()],
      ]),
    );
  });
  if (W1.some((r) => r.length !== dX)) throw new RangeError('the pieces have different input dimensions');
  return { W: [W1, W2, W3], b: [b1, zeroRow(2 * dY), Array.from({ length: dY }, () => c.neg())] };
}

/**
 * One output component's network deepened by `levels` pass levels: its final
 * value v·h (positive where the shift c makes every piece positive) becomes a
 * unit σ(v·h) = v·h, then pass units, and the output subtracts c (the note's
 * §5.6.4: pass levels on values, never on raw units).
 */
function deepened(w: FcWeights, levels: number): FcWeights {
  if (levels === 0) return w;
  const L = w.W.length - 1;
  const c = w.b[L][0].neg();
  const W = [...w.W.slice(0, L), w.W[L]];
  const b = [...w.b.slice(0, L), [ZERO]];
  for (let k = 1; k < levels; k++) {
    W.push([[ONE]]);
    b.push([ZERO]);
  }
  W.push([[ONE]]);
  b.push([c.neg()]);
  return { W, b };
}

/**
 * Vector output (the note's §5.6.4): one scalar network per output component
 * (each ending in one output unit), the shallower ones deepened by pass levels
 * to the same depth, stacked block-diagonally (cross-component weights 0; the
 * first layers all read the same input).
 */
export function stackComponents(parts: readonly FcWeights[]): FcWeights {
  const depth = Math.max(...parts.map((p) => p.W.length));
  const deep = parts.map((p) => deepened(p, depth - p.W.length));
  const W: Fraction[][][] = [],
    b: Fraction[][] = [];
  for (let l = 0; l < depth; l++) {
    const inWidths = deep.map((p) => (l === 0 ? 0 : p.W[l - 1].length));
    const total = inWidths.reduce((a, x) => a + x, 0);
    const rows: Fraction[][] = [];
    let offset = 0;
    deep.forEach((p, k) => {
      for (const row of p.W[l])
        rows.push(
          l === 0
            ? [...row]
            : Array.from({ length: total }, (_, j) =>
                j >= offset && j < offset + inWidths[k] ? row[j - offset] : ZERO,
              ),
        );
      offset += inWidths[k];
    });
    W.push(rows);
    b.push(deep.flatMap((p) => p.b[l]));
  }
  return { W, b };
}
