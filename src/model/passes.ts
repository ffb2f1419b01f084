/**
 * Forward pass, risk, gradient (backprop) and Hessian-vector products
 * (Pearlmutter's R-operator), written once over the tensor backend.
 *
 * On the exact backend these are exact; they are the exact gradient and the
 * exact Hessian of the risk polynomial of the current cell PROVIDED no
 * pre-activation sits on a breakpoint and no max-pooling window has a tie.
 * Every pass reports the kinks it met (`kinks`), and `exactGradient` /
 * `exactHessian` in ./exact.ts refuse to invent a derivative there.
 *
 * Max pooling: output (u, i) is the input entry (sel(u, i), i) that is largest
 * in u's window on sample i, so the layer is a selection that depends on the
 * sample (no matrix W): `propagate` and `backpropagate` apply it and its
 * transpose. Inside a cell (no tie) the selection is constant near θ and the
 * layer is linear there, a 0/1 matrix per sample; every derivative below is
 * that of the cell's polynomial.
 */
import type { Backend, Tensor, ActivationResult } from '../numeric/backend.js';
import { evalLoss, type Loss } from './loss.js';
import type { CompiledLayer, Network } from './network.js';

export interface LayerTrace<T> {
  readonly layer: CompiledLayer;
  /** W_l (outDim × inDim); null for max pooling, whose selection is per sample (see `pool`, `propagate`). */
  readonly W: T | null;
  readonly b: T | null;
  /** input activations a_{l-1} (inDim × N) */
  readonly input: T;
  /** pre-activations z_l (outDim × N) */
  readonly pre: T;
  /** activation result; for identity layers value = pre and slope is not materialised */
  readonly act: ActivationResult<T> | null;
  readonly output: T;
  /** Max pooling only: which entries were selected (pre = output = the selected values). */
  readonly pool?: PoolTrace;
}

export interface PoolTrace {
  /** per output entry (row-major, outDim × N), the window position 0..size−1 of the selected entry */
  readonly argmax: Int32Array;
  /** per output entry, the flat index (unit·N + sample) of the selected input entry */
  readonly select: Int32Array;
  /** output entries whose maximum is attained more than once, with every maximal window position (none when forced) */
  readonly ties: readonly { group: number; at: number[] }[];
}

export interface Trace<T> {
  readonly layers: LayerTrace<T>[];
  readonly output: T;
}

/**
 * A kink met in a pass: 1-based layer, 0-based unit and sample. Two kinds:
 *  - an activation kink (`kind` absent): the pre-activation of (unit, sample)
 *    sits exactly on a breakpoint of the layer's activation;
 *  - a max-pooling tie (`kind: 'maxpool'`): output `unit` of a max-pooling layer
 *    has, on `sample`, two or more window entries equal to its maximum; `tied`
 *    lists those entries as units of the layer's input (0-based, map-major,
 *    ascending). The pooled output is continuous there but not differentiable.
 */
export interface KinkHit {
  readonly layer: number;
  readonly unit: number;
  readonly sample: number;
  readonly kind?: 'maxpool';
  readonly tied?: readonly number[];
}

// Keyed by the backend object (not its name: two decimal backends of different precision share a name).
const fixedCache = new WeakMap<CompiledLayer, WeakMap<object, unknown>>();
function layerWeight<T extends Tensor, S>(be: Backend<T, S>, layer: CompiledLayer, theta: T): T {
  if (layer.weightOffset !== null) return be.slice(theta, layer.weightOffset, layer.outDim, layer.inDim);
  if (layer.weightIndex) return be.gather(theta, layer.weightIndex, layer.outDim, layer.inDim);
  let m = fixedCache.get(layer);
  if (!m) fixedCache.set(layer, (m = new WeakMap()));
  let w = m.get(be) as T | undefined;
  if (!w) {
    w = be.fromScalars(
      layer.outDim,
      layer.inDim,
      layer.fixedWeight!.map((x) => be.field.fromRatio(x.s * x.n, x.d)),
    );
    m.set(be, w);
  }
  return w;
}

function layerBias<T extends Tensor, S>(be: Backend<T, S>, layer: CompiledLayer, v: T): T | null {
  if (layer.biasOffset !== null) return be.slice(v, layer.biasOffset, layer.outDim, 1);
  return layer.biasIndex ? be.gather(v, layer.biasIndex, layer.outDim, 1) : null;
}

function checkShapes<T extends Tensor>(net: Network, theta: T, X: T): void {
  if (theta.rows !== net.paramCount || theta.cols !== 1)
    throw new RangeError(`θ must be ${net.paramCount}×1 for this network, got ${theta.rows}×${theta.cols}`);
  if (X.rows !== net.inputDim)
    throw new RangeError(`inputs must have ${net.inputDim} rows (one column per sample), got ${X.rows}`);
}

/**
 * Pieces to force per layer (index = layer number − 1; null/absent = choose by
 * value), one per (unit, sample) entry, row-major: the activation piece of a
 * piecewise-linear layer, or for a max-pooling layer the window position
 * (0..size−1) of the entry to select. Forcing pieces evaluates the polynomial
 * of a given (e.g. adjacent) cell instead of the cell θ is in.
 */
export type ForcedPieces = readonly (Int32Array | null | undefined)[];

export function forward<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  theta: T,
  X: T,
  curvature = false,
  forced?: ForcedPieces,
): Trace<T> {
  checkShapes(net, theta, X);
  const layers: LayerTrace<T>[] = [];
  let a = X;
  for (const layer of net.layers) {
    const force = forced?.[layer.number - 1];
    if (layer.maxPool) {
      const pool = maxPoolSelect(be, layer, a, force);
      const out = be.gather(a, pool.select, layer.outDim, a.cols);
      layers.push({ layer, W: null, b: null, input: a, pre: out, act: null, output: out, pool });
      a = out;
      continue;
    }
    const W = layerWeight(be, layer, theta);
    const b = layerBias(be, layer, theta);
    const z = be.affine(W, a, b);
    if (force && layer.activation.kind !== 'pwl')
      throw new TypeError(`layer ${layer.number}: pieces can be forced only for piecewise-linear activations`);
    if (force && force.length !== z.rows * z.cols)
      throw new RangeError(`layer ${layer.number}: ${force.length} forced pieces for ${z.rows * z.cols} entries`);
    const act = layer.identity
      ? null
      : force && layer.activation.kind === 'pwl'
        ? be.activatePieces(z, layer.activation.fn.table, force)
        : be.activate(z, layer.activation.fn, { curvature });
    const out = act ? act.value : z;
    layers.push({ layer, W, b, input: a, pre: z, act, output: out });
    a = out;
  }
  return { layers, output: a };
}

/** The group index of a max-pooling layer for N samples: group u·N + i lists entries windows[u·size + k]·N + i. */
const poolCache = new WeakMap<CompiledLayer, Map<number, Int32Array>>();
function poolGroups(layer: CompiledLayer, N: number): Int32Array {
  const { size, windows } = layer.maxPool!;
  let m = poolCache.get(layer);
  if (!m) poolCache.set(layer, (m = new Map()));
  let ix = m.get(N);
  if (!ix) {
    ix = new Int32Array(layer.outDim * N * size);
    for (let u = 0; u < layer.outDim; u++)
      for (let i = 0; i < N; i++)
        for (let k = 0; k < size; k++) ix[(u * N + i) * size + k] = windows[u * size + k] * N + i;
    m.set(N, ix);
  }
  return ix;
}

/** The selection of a max-pooling layer on input a: the largest entry of every window (ties reported), or the forced positions. */
function maxPoolSelect<T extends Tensor, S>(
  be: Backend<T, S>,
  layer: CompiledLayer,
  a: T,
  force: Int32Array | null | undefined,
): PoolTrace {
  const N = a.cols;
  const { size } = layer.maxPool!;
  const groups = poolGroups(layer, N);
  let argmax: Int32Array,
    ties: PoolTrace['ties'] = [];
  if (force) {
    if (force.length !== layer.outDim * N)
      throw new RangeError(`layer ${layer.number}: ${force.length} forced pieces for ${layer.outDim * N} entries`);
    if (force.some((k) => k < 0 || k >= size))
      throw new RangeError(`layer ${layer.number}: a forced max-pooling position must be 0..${size - 1}`);
    argmax = force;
  } else ({ argmax, ties } = be.argmaxGroups(a, groups, size));
  const select = new Int32Array(argmax.length);
  for (let g = 0; g < argmax.length; g++) select[g] = groups[g * size + argmax[g]];
  return { argmax, select, ties };
}

/**
 * W_l·A for a layer of a trace, where A (inDim × k·N) holds k blocks of the
 * layer's N samples side by side (column c is sample c mod N), as tangents do;
 * for max pooling each column takes its sample's selected entries.
 */
export function propagate<T extends Tensor, S>(be: Backend<T, S>, lt: LayerTrace<T>, A: T): T {
  if (!lt.pool) return be.matmul(lt.W!, A);
  return be.gather(A, poolSpread(lt, A.cols), lt.layer.outDim, A.cols);
}

/** W_lᵀ·D for a layer of a trace (D: outDim × k·N as in `propagate`): max pooling routes each entry to the one it selected. */
export function backpropagate<T extends Tensor, S>(be: Backend<T, S>, lt: LayerTrace<T>, D: T): T {
  if (!lt.pool) return be.matmulTN(lt.W!, D);
  const inDim = lt.layer.inDim;
  return be.slice(be.scatter(D, poolSpread(lt, D.cols), inDim * D.cols), 0, inDim, D.cols);
}

/** Flat input positions [u, c] → [sel(u, c mod N), c] of a max-pooling layer over `cols` columns. */
function poolSpread<T extends Tensor>(lt: LayerTrace<T>, cols: number): Int32Array {
  const N = lt.input.cols;
  if (cols % N !== 0) throw new RangeError(`layer ${lt.layer.number}: ${cols} columns are not blocks of ${N} samples`);
  const sel = lt.pool!.select;
  const ix = new Int32Array(lt.layer.outDim * cols);
  for (let u = 0; u < lt.layer.outDim; u++)
    for (let c = 0; c < cols; c++) ix[u * cols + c] = Math.floor(sel[u * N + (c % N)] / N) * cols + c;
  return ix;
}

/**
 * The gaps of a max-pooling layer of a trace: entry [u·N + i, k] = (selected
 * value) − (window entry k) of output u on sample i, an (outDim·N) × size
 * tensor; ≥ 0 when the selection is by value, 0 at the selected position and
 * at ties. The selection holds while every gap at another position stays > 0.
 */
export function poolGaps<T extends Tensor, S>(be: Backend<T, S>, lt: LayerTrace<T>): T {
  const { size } = lt.layer.maxPool!;
  const N = lt.input.cols;
  const groups = poolGroups(lt.layer, N);
  const sel = lt.pool!.select;
  const rows = lt.layer.outDim * N;
  const selected = Int32Array.from({ length: rows * size }, (_, k) => sel[Math.floor(k / size)]);
  return be.sub(be.gather(lt.input, selected, rows, size), be.gather(lt.input, groups, rows, size));
}

export function kinksOf<T extends Tensor>(trace: Trace<T>): KinkHit[] {
  const hits: KinkHit[] = [];
  for (const lt of trace.layers) {
    const n = lt.pre.cols;
    if (lt.pool) {
      const { size, windows } = lt.layer.maxPool!;
      for (const t of lt.pool.ties) {
        const unit = Math.floor(t.group / n);
        const tied = t.at.map((k) => windows[unit * size + k]).sort((x, y) => x - y);
        hits.push({ layer: lt.layer.number, unit, sample: t.group % n, kind: 'maxpool', tied });
      }
    }
    if (!lt.act) continue;
    for (const k of lt.act.kinks) hits.push({ layer: lt.layer.number, unit: Math.floor(k / n), sample: k % n });
  }
  return hits;
}

export function predict<T extends Tensor, S>(be: Backend<T, S>, net: Network, theta: T, X: T): T {
  return forward(be, net, theta, X).output;
}

export function risk<T extends Tensor, S>(be: Backend<T, S>, net: Network, loss: Loss, theta: T, X: T, Y: T): S {
  return evalLoss(be, loss, forward(be, net, theta, X).output, Y).risk;
}

export interface RiskGrad<T, S> {
  risk: S;
  /** P×1 */
  grad: T;
  kinks: KinkHit[];
}

export function riskGradient<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  theta: T,
  X: T,
  Y: T,
  forced?: ForcedPieces,
): RiskGrad<T, S> {
  const bp = preActivationGradients(be, net, loss, theta, X, Y, forced);
  const parts: { src: T; index: Int32Array }[] = [];
  bp.trace.layers.forEach((lt, l) => {
    const D = bp.pre[l];
    if (lt.layer.weightIndex) parts.push({ src: be.matmulNT(D, lt.input), index: lt.layer.weightIndex });
    if (lt.layer.biasIndex) parts.push({ src: be.rowSums(D), index: lt.layer.biasIndex });
  });
  return { risk: bp.risk, grad: be.scatterSum(parts, net.paramCount), kinks: kinksOf(bp.trace) };
}

/**
 * Backprop without the parameter gradient: the trace and, per layer, ∂R/∂z_l
 * (outDim × N; at a breakpoint the slope convention of the backend, or the
 * forced piece's slope). riskGradient is built on it; searches use it to
 * predict how a change of one layer's outputs moves the risk.
 */
// duplicates: the parameter list every pass shares with riskGradient (backend, net, loss, θ, X, Y, forced pieces)
export function preActivationGradients<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  theta: T,
  X: T,
  Y: T,
  forced?: ForcedPieces,
): { risk: S; trace: Trace<T>; pre: T[] } {
  const tr = forward(be, net, theta, X, false, forced);
  const lv = evalLoss(be, loss, tr.output, Y);
  const pre: T[] = new Array<T>(tr.layers.length);
  let delta = lv.grad;
  for (let l = tr.layers.length - 1; l >= 0; l--) {
    const lt = tr.layers[l];
    const D = lt.act ? be.hadamard(delta, lt.act.slope) : delta;
    pre[l] = D;
    if (l > 0) delta = backpropagate(be, lt, D);
  }
  return { risk: lv.risk, trace: tr, pre };
}

/**
 * H·v for the risk Hessian H at θ, by forward-mode differentiation of
 * backprop (the R-operator). Exact on the exact backend inside a cell.
 */
export function hessianVectorProduct<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  theta: T,
  v: T,
  X: T,
  Y: T,
): T {
  return hvpOnTrace(be, net, loss, v, X, Y, forward(be, net, theta, X, true));
}

/** H·v on a trace that MUST come from forward(..., curvature = true) at the same θ and X (internal; `hessianByHvp` reuses one trace). */
function hvpOnTrace<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  v: T,
  X: T,
  Y: T,
  tr: Trace<T>,
): T {
  if (v.rows !== net.paramCount || v.cols !== 1)
    throw new RangeError(`v must be ${net.paramCount}×1, got ${v.rows}×${v.cols}`);
  const N = X.cols;
  // Forward tangents.
  const dW: (T | null)[] = [],
    dZ: T[] = [],
    dA: (T | null)[] = [];
  let dAin: T | null = null;
  for (const lt of tr.layers) {
    const L = lt.layer;
    const Wd =
      L.weightOffset !== null
        ? be.slice(v, L.weightOffset, L.outDim, L.inDim)
        : L.weightIndex
          ? be.gather(v, L.weightIndex, L.outDim, L.inDim)
          : null;
    const bd = layerBias(be, L, v);
    let z: T = Wd ? be.affine(Wd, lt.input, bd) : bd ? be.addColumn(be.zeros(L.outDim, N), bd) : be.zeros(L.outDim, N);
    if (dAin) z = be.add(z, propagate(be, lt, dAin));
    const a = lt.act ? be.hadamard(lt.act.slope, z) : z;
    dW.push(Wd);
    dZ.push(z);
    dA.push(a);
    dAin = a;
  }
  const lv = evalLoss(be, loss, tr.output, Y);
  let delta = lv.grad;
  let ddelta = lv.hessApply(dA[dA.length - 1]!);
  const parts: { src: T; index: Int32Array }[] = [];
  for (let l = tr.layers.length - 1; l >= 0; l--) {
    const lt = tr.layers[l];
    const L = lt.layer;
    let D = delta,
      dD = ddelta;
    if (lt.act) {
      D = be.hadamard(delta, lt.act.slope);
      dD = be.hadamard(ddelta, lt.act.slope);
      if (lt.act.curvature && L.activation.kind !== 'pwl')
        dD = be.add(dD, be.hadamard(be.hadamard(delta, lt.act.curvature), dZ[l]));
    }
    const dAprev = l > 0 ? dA[l - 1] : null;
    if (L.weightIndex) {
      let g = be.matmulNT(dD, lt.input);
      if (dAprev) g = be.add(g, be.matmulNT(D, dAprev));
      parts.push({ src: g, index: L.weightIndex });
    }
    if (L.biasIndex) parts.push({ src: be.rowSums(dD), index: L.biasIndex });
    if (l > 0) {
      let nd = backpropagate(be, lt, dD);
      const Wd = dW[l];
      if (Wd) nd = be.add(nd, be.matmulTN(Wd, D));
      ddelta = nd;
      delta = backpropagate(be, lt, D);
    }
  }
  return be.scatterSum(parts, net.paramCount);
}

/**
 * The full P×P Hessian, one HVP per coordinate: the slow reference for the
 * structured `hessian` of ./hessian.ts (tests compare the two exactly, and the
 * re-check of a second-order proof uses this one, an independent computation). Row-major.
 */
// duplicates: the parameter list every pass shares with riskGradient (backend, net, loss, θ, X, Y, forced pieces)
export function hessianByHvp<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  theta: T,
  X: T,
  Y: T,
  forced?: ForcedPieces,
): { hessian: S[][]; kinks: KinkHit[] } {
  const P = net.paramCount;
  const tr = forward(be, net, theta, X, true, forced);
  const cols: S[][] = [];
  const e = new Array<S>(P).fill(be.field.zero);
  for (let k = 0; k < P; k++) {
    e[k] = be.field.one;
    cols.push(be.toScalars(hvpOnTrace(be, net, loss, be.fromScalars(P, 1, e), X, Y, tr)));
    e[k] = be.field.zero;
  }
  // cols[k] = H e_k is column k; H is symmetric, but transpose anyway so hessian[i][j] = ∂²R/∂θi∂θj exactly as computed.
  return { hessian: Array.from({ length: P }, (_, i) => cols.map((c) => c[i])), kinks: kinksOf(tr) };
}
