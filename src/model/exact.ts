/**
 * Exact (rational) analysis of a parameter point: activation pattern with
 * exact margins, and the exact gradient and Hessian, which exist as such only
 * strictly inside a cell. On a cell boundary these functions report which
 * (layer, unit, sample) sit on which breakpoint, with the left and right
 * slopes there, instead of inventing a derivative.
 */
import { Fraction } from 'fraction.js';
import { exactBackend, type QTensor } from '../numeric/exact-backend.js';
import type { RatLike } from './activation.js';
import { dataTensors, paramTensor, type Dataset } from './data.js';
import { evalLoss, validateLoss, type Loss } from './loss.js';
import type { Network } from './network.js';
import { hessian, hessianTensor } from './hessian.js';
import { forward, hessianByHvp, poolGaps, risk, riskGradient, type ForcedPieces, type Trace } from './passes.js';

const be = exactBackend;

/**
 * A kink of θ: an entry where the network is continuous but not differentiable in θ. Two kinds:
 *  - activation kink (`kind` absent): the pre-activation of (layer, unit, sample)
 *    equals the breakpoint `at` of the layer's activation, whose slope is
 *    `leftSlope` below it and `rightSlope` above;
 *  - max-pooling tie (`kind: 'maxpool'`): output `unit` of the max-pooling layer
 *    `layer` has, on `sample`, two or more window entries equal to its maximum
 *    `at`; `tied` lists them as units of the layer's input (0-based, map-major,
 *    ascending). Read as a kink in any one tied entry x: the output is max(x, at)
 *    near x = at, slope `leftSlope` = 0 below and `rightSlope` = 1 above. Its
 *    adjacent cells select one of the tied entries each (not left/right).
 * Tools that enumerate left/right sides of activation kinks must reject (or
 * handle) max-pooling ties; `maxPoolTies` picks them out.
 */
export interface KinkDetail {
  /** 1-based layer, 0-based unit and sample. */
  readonly layer: number;
  readonly unit: number;
  readonly sample: number;
  /** the breakpoint t the pre-activation equals (max pooling: the tied maximum) */
  readonly at: Fraction;
  readonly leftSlope: Fraction;
  readonly rightSlope: Fraction;
  readonly kind?: 'maxpool';
  /** max pooling only: the tied input units */
  readonly tied?: readonly number[];
}

/** The max-pooling ties among kinks (see KinkDetail). */
export function maxPoolTies<K extends { kind?: 'maxpool' }>(kinks: readonly K[]): K[] {
  return kinks.filter((k) => k.kind === 'maxpool');
}

export interface LayerPattern {
  readonly layer: number;
  /**
   * piece[unit][sample]: index of the linear piece (breakpoints strictly below the
   * pre-activation); for a max-pooling layer (`kind: 'maxpool'`) the window
   * position (0..size−1) of the selected entry, the first of the tied ones on a tie
   */
  readonly piece: number[][];
  /**
   * margin[unit][sample]: exact distance from the pre-activation to the nearest
   * breakpoint; for max pooling half the gap between the maximum and the largest
   * other entry of the window. Either way the pattern holds while every
   * pre-activation and every pooled input moves by less than its margin.
   */
  readonly margin: Fraction[][];
  readonly kind?: 'maxpool';
}

export interface ActivationPattern {
  /**
   * One entry per layer whose activation is piecewise linear with at least one
   * breakpoint, and one per max-pooling layer with windows of two or more entries.
   */
  readonly layers: LayerPattern[];
  /** True iff no pre-activation sits on a breakpoint and no max-pooling window ties (the point is strictly inside a cell). */
  readonly interior: boolean;
  readonly kinks: KinkDetail[];
  /** Smallest margin over all units and samples (null when there are no breakpoints at all). */
  readonly minMargin: Fraction | null;
}

function exactTensors(net: Network, theta: readonly RatLike[], data: Dataset) {
  const { X, Y } = dataTensors(be, net, data);
  return { theta: paramTensor(be, net, theta), X, Y };
}

function patternOfTrace(net: Network, tr: Trace<QTensor>): ActivationPattern {
  const layers: LayerPattern[] = [];
  const kinks: KinkDetail[] = [];
  let minMargin: Fraction | null = null;
  for (const lt of tr.layers) {
    if (lt.pool) {
      const lp = poolPattern(lt);
      if (!lp) continue;
      layers.push(lp.pattern);
      kinks.push(...lp.kinks);
      for (const row of lp.pattern.margin)
        for (const m of row) if (minMargin === null || m.compare(minMargin) < 0) minMargin = m;
      continue;
    }
    const a = lt.layer.activation;
    if (a.kind !== 'pwl' || a.breakpoints.length === 0 || !lt.act) continue;
    const { rows, cols } = lt.pre;
    const piece: number[][] = [],
      margin: Fraction[][] = [];
    for (let u = 0; u < rows; u++) {
      piece.push([]);
      margin.push([]);
      for (let i = 0; i < cols; i++) {
        const k = u * cols + i;
        const z = be.get(lt.pre, u, i);
        const p = lt.act.piece![k];
        let m: Fraction | null = null;
        for (const t of a.breakpoints) {
          const d = z.sub(t).abs();
          if (m === null || d.compare(m) < 0) m = d;
        }
        piece[u].push(p);
        margin[u].push(m!);
        if (minMargin === null || m!.compare(minMargin) < 0) minMargin = m;
        if (m!.n === 0n)
          kinks.push({
            layer: lt.layer.number,
            unit: u,
            sample: i,
            at: a.breakpoints[p],
            leftSlope: a.slopes[p],
            rightSlope: a.slopes[p + 1],
          });
      }
    }
    layers.push({ layer: lt.layer.number, piece, margin });
  }
  return { layers, interior: kinks.length === 0, kinks, minMargin };
}

/** The selection of a max-pooling layer of an exact trace as a pattern, with its ties (null for windows of one entry). */
function poolPattern(lt: Trace<QTensor>['layers'][number]): { pattern: LayerPattern; kinks: KinkDetail[] } | null {
  const { size, windows } = lt.layer.maxPool!;
  if (size < 2) return null;
  const N = lt.input.cols;
  const gaps = be.toScalars(poolGaps(be, lt));
  const { argmax } = lt.pool!;
  const piece: number[][] = [],
    margin: Fraction[][] = [];
  const kinks: KinkDetail[] = [];
  for (let u = 0; u < lt.layer.outDim; u++) {
    piece.push([]);
    margin.push([]);
    for (let i = 0; i < N; i++) {
      const g = u * N + i;
      let m: Fraction | null = null;
      const tied: number[] = [];
      for (let k = 0; k < size; k++) {
        const d = gaps[g * size + k];
        if (k === argmax[g] || d.n === 0n) tied.push(windows[u * size + k]);
        if (k !== argmax[g] && (m === null || d.compare(m) < 0)) m = d;
      }
      piece[u].push(argmax[g]);
      margin[u].push(m!.div(2));
      if (tied.length > 1)
        kinks.push({
          layer: lt.layer.number,
          unit: u,
          sample: i,
          at: be.get(lt.output, u, i),
          leftSlope: new Fraction(0),
          rightSlope: new Fraction(1),
          kind: 'maxpool',
          tied: tied.sort((x, y) => x - y),
        });
    }
  }
  return { pattern: { layer: lt.layer.number, piece, margin, kind: 'maxpool' }, kinks };
}

/** The activation pattern of (θ, data), with exact margins and every kink. */
export function activationPattern(net: Network, theta: readonly RatLike[], data: Dataset): ActivationPattern {
  const t = exactTensors(net, theta, data);
  return patternOfTrace(net, forward(be, net, t.theta, t.X));
}

export function exactOutputs(net: Network, theta: readonly RatLike[], data: Dataset): Fraction[][] {
  const t = exactTensors(net, theta, data);
  const out = forward(be, net, t.theta, t.X).output;
  return Array.from({ length: out.cols }, (_, i) => Array.from({ length: out.rows }, (_, j) => be.get(out, j, i)));
}

export function exactRisk(net: Network, loss: Loss, theta: readonly RatLike[], data: Dataset): Fraction {
  validateLoss(loss);
  if (loss.kind !== 'squared') throw new TypeError('exact risk needs the squared loss; cross-entropy is not rational');
  const t = exactTensors(net, theta, data);
  return risk(be, net, loss, t.theta, t.X, t.Y);
}

export type ExactDerivative<D> =
  | { readonly kind: 'interior'; readonly risk: Fraction; readonly value: D }
  | { readonly kind: 'boundary'; readonly risk: Fraction; readonly kinks: KinkDetail[] };

/** Exact gradient of the risk, defined only strictly inside a cell. */
export function exactGradient(
  net: Network,
  loss: Loss,
  theta: readonly RatLike[],
  data: Dataset,
): ExactDerivative<Fraction[]> {
  validateLoss(loss);
  if (loss.kind !== 'squared') throw new TypeError('the exact gradient needs the squared loss');
  const t = exactTensors(net, theta, data);
  const rg = riskGradient(be, net, loss, t.theta, t.X, t.Y);
  if (rg.kinks.length)
    return { kind: 'boundary', risk: rg.risk, kinks: patternOfTrace(net, forward(be, net, t.theta, t.X)).kinks };
  return { kind: 'interior', risk: rg.risk, value: be.toScalars(rg.grad) };
}

/**
 * Exact Hessian of the cell's risk polynomial at θ, defined only strictly inside a cell.
 * `method`: 'structured' (per-layer products, ./hessian.ts) or 'hvp' (one Hessian-vector
 * product per parameter: the slow, independent computation re-checks use).
 */
export function exactHessian(
  net: Network,
  loss: Loss,
  theta: readonly RatLike[],
  data: Dataset,
  method: 'structured' | 'hvp' = 'structured',
): ExactDerivative<Fraction[][]> {
  return withInteriorTrace(
    net,
    loss,
    theta,
    data,
    (t) => (method === 'hvp' ? hessianByHvp : hessian)(be, net, loss, t.theta, t.X, t.Y).hessian,
  );
}

/**
 * The exact Hessian as one P×P integer matrix over a common denominator (no
 * rational per entry: P² fraction objects cost more than the Hessian itself).
 */
export function exactHessianTensor(
  net: Network,
  loss: Loss,
  theta: readonly RatLike[],
  data: Dataset,
): ExactDerivative<QTensor> {
  return withInteriorTrace(net, loss, theta, data, (t) => hessianTensor(be, net, loss, t.theta, t.X, t.Y).hessian);
}

/** R(θ), and `value` of the exact tensors when θ is strictly inside a cell, else the kinks. */
function withInteriorTrace<D>(
  net: Network,
  loss: Loss,
  theta: readonly RatLike[],
  data: Dataset,
  value: (t: ReturnType<typeof exactTensors>) => D,
): ExactDerivative<D> {
  validateLoss(loss);
  if (loss.kind !== 'squared') throw new TypeError('the exact Hessian needs the squared loss');
  const t = exactTensors(net, theta, data);
  const tr = forward(be, net, t.theta, t.X);
  const pat = patternOfTrace(net, tr);
  const r = evalLoss(be, loss, tr.output, t.Y).risk;
  if (!pat.interior) return { kind: 'boundary', risk: r, kinks: pat.kinks };
  return { kind: 'interior', risk: r, value: value(t) };
}

/** Exact pre-activations z_l: result[l][unit][sample] for layers l = 1..L (index 0 is layer 1; a max-pooling layer gives its outputs). */
export function exactPreActivations(net: Network, theta: readonly RatLike[], data: Dataset): Fraction[][][] {
  const t = exactTensors(net, theta, data);
  return forward(be, net, t.theta, t.X).layers.map((lt) =>
    Array.from({ length: lt.pre.rows }, (_, u) => Array.from({ length: lt.pre.cols }, (_, i) => be.get(lt.pre, u, i))),
  );
}

/** The pattern's pieces as forced pieces for the passes: evaluates that cell's polynomial at any θ. */
export function forcedPiecesOf(net: Network, pat: ActivationPattern): ForcedPieces {
  const forced: (Int32Array | null)[] = net.layers.map(() => null);
  for (const lp of pat.layers) forced[lp.layer - 1] = Int32Array.from(lp.piece.flat());
  return forced;
}

/** Exact risk and gradient of the polynomial of the cell with the given forced pieces (see ForcedPieces), at any θ. */
export function cellGradient(
  net: Network,
  loss: Loss,
  theta: readonly RatLike[],
  data: Dataset,
  forced: ForcedPieces,
): { risk: Fraction; gradient: Fraction[] } {
  validateLoss(loss);
  if (loss.kind !== 'squared') throw new TypeError('the exact cell gradient needs the squared loss');
  const t = exactTensors(net, theta, data);
  const rg = riskGradient(be, net, loss, t.theta, t.X, t.Y, forced);
  return { risk: rg.risk, gradient: be.toScalars(rg.grad) };
}

/**
 * Exact gradient and Hessian of the risk polynomial of the cell with the given
 * pieces (e.g. a cell adjacent to a boundary point θ), evaluated at θ.
 * pieces[l][unit][sample] for every layer with a PWL activation, and the selected
 * window position for every max-pooling layer (others null).
 */
export function pieceDerivatives(
  net: Network,
  loss: Loss,
  theta: readonly RatLike[],
  data: Dataset,
  pieces: readonly (number[][] | null)[],
): { risk: Fraction; gradient: Fraction[]; hessian: Fraction[][] } {
  validateLoss(loss);
  if (loss.kind !== 'squared') throw new TypeError('exact piece derivatives need the squared loss');
  const t = exactTensors(net, theta, data);
  const forced = pieces.map((p) => (p ? Int32Array.from(p.flat()) : null));
  const rg = riskGradient(be, net, loss, t.theta, t.X, t.Y, forced);
  return {
    risk: rg.risk,
    gradient: be.toScalars(rg.grad),
    hessian: hessian(be, net, loss, t.theta, t.X, t.Y, forced).hessian,
  };
}
