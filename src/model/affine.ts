/**
 * The best affine model of a dataset, exactly, and its embedding into a
 * network. Many claims compare a network with "the least-squares linear (affine)
 * fit" of its data: this is the one place that computes it.
 *
 *  - affineFit: exact least squares of the targets on [x_i, 1] (or on any
 *    feature rows), with the risk under a given squared loss (mean or sum,
 *    with or without ½), the fitted outputs and the residuals;
 *  - affineEmbedding: parameters of a fully connected piecewise-linear
 *    network that outputs that affine map on every given sample (each hidden
 *    layer is kept on one linear piece of its activation by a bias shift).
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, type Mat } from '../linalg/matrix.js';
import { ONE, rational, sum, ZERO } from '../numeric/rational.js';
import type { Dataset } from './data.js';
import { squaredLoss, squaredRiskFactor, type Loss } from './loss.js';
import { assembleParams, type Network } from './network.js';

export interface AffineFit {
  /** W[k][j], d_Y × (d+1): j < d the weights on feature j, j = d the bias */
  W: Fraction[][];
  /** fitted[i][k] = (W·[x_i, 1])_k, sample-major like the targets */
  fitted: Fraction[][];
  /** residuals[i][k] = fitted − target */
  residuals: Fraction[][];
  /** Σ_i ‖residual_i‖² */
  sumSquares: Fraction;
  /** the risk of the fit under the loss (default: squared, mean over samples, no ½) */
  risk: Fraction;
  /** whether the least-squares map is unique ([features, 1] has full column rank) */
  unique: boolean;
}

/** Least squares of `targets` on [features_i, 1] (features: one row per sample). */
export function affineFitOf(
  features: readonly (readonly Fraction[])[],
  targets: readonly (readonly Fraction[])[],
  loss: Loss = squaredLoss(),
): AffineFit {
  const n = features.length;
  if (n === 0) throw new RangeError('an affine fit needs at least one sample');
  if (targets.length !== n) throw new RangeError(`${n} feature rows but ${targets.length} targets`);
  const A = fromRows(features.map((x) => [...x, ONE]));
  const ls = leastSquares(rational, A, fromRows(targets.map((t) => [...t]))) as {
    x: Mat<Fraction>;
    risk: Fraction;
    unique: boolean;
  };
  const d = features[0].length,
    dY = targets[0].length;
  const W = Array.from({ length: dY }, (_, k) => Array.from({ length: d + 1 }, (_, j) => ls.x.data[j * ls.x.cols + k]));
  const fitted = features.map((x) => W.map((row) => sum(x.map((xj, j) => row[j].mul(xj))).add(row[d])));
  const residuals = fitted.map((row, i) => row.map((v, k) => v.sub(targets[i][k])));
  const sumSquares = sum(residuals.flat().map((r) => r.mul(r)));
  return {
    W,
    fitted,
    residuals,
    sumSquares,
    risk: sumSquares.mul(squaredRiskFactor(rational, loss, n)),
    unique: ls.unique,
  };
}

/** The least-squares affine model of the data's inputs (see affineFitOf). */
export function affineFit(data: Dataset, loss: Loss = squaredLoss()): AffineFit {
  return affineFitOf(data.inputs, data.targets, loss);
}

/** A linear piece of a PWL activation reached by shifting: the one above the last breakpoint, or below the first. */
function linearPiece(
  net: Network,
  layer: number,
): { slope: Fraction; intercept: Fraction; above: Fraction | null; below: Fraction | null } {
  const act = net.layers[layer].activation;
  if (act.kind !== 'pwl')
    throw new TypeError(`affineEmbedding needs piecewise-linear activations; layer ${layer + 1} uses ${act.name}`);
  const t = act.fn.table;
  const K = act.breakpoints.length;
  // last piece: x > t_K (slope a_K); first piece: x < t_1 (slope a_0)
  if (!t.slopes[K].equals(ZERO))
    return { slope: t.slopes[K], intercept: t.intercepts[K], above: K ? act.breakpoints[K - 1] : null, below: null };
  if (!t.slopes[0].equals(ZERO))
    return { slope: t.slopes[0], intercept: t.intercepts[0], above: null, below: act.breakpoints[0] };
  throw new RangeError(
    `layer ${layer + 1}: ${act.name} is constant on both unbounded pieces; no affine map passes through it`,
  );
}

/**
 * θ of `net` (dense layers with biases, PWL activations, hidden widths ≥ d_Y)
 * whose output equals the affine map W·[x, 1] on every input of `inputs`.
 * Hidden layer l carries the d_Y values in its first d_Y units, shifted by a
 * bias B_l onto a linear piece h(z) = s·z + c of its activation (the piece above
 * the last breakpoint, else the one below the first); the next layer divides by
 * s and subtracts the shift. Other units get zero weights and the shift as
 * bias (on the same piece, read by nobody). The shifts are the smallest
 * nonnegative-magnitude integers that keep every sample strictly on the piece,
 * so the point is inside a cell.
 */
export function affineEmbedding(
  net: Network,
  W: readonly (readonly Fraction[])[],
  inputs: readonly (readonly Fraction[])[],
): Fraction[] {
  const dY = W.length;
  const L = net.layers.length;
  for (const [l, layer] of net.layers.entries()) {
    if (layer.spec.kind !== 'dense')
      throw new TypeError(`affineEmbedding needs dense layers; layer ${l + 1} is ${layer.spec.kind}`);
    if (layer.biasIndex === null) throw new TypeError(`affineEmbedding needs biases; layer ${l + 1} has none`);
    if (l < L - 1 && layer.outDim < dY)
      throw new RangeError(`hidden layer ${l + 1} has ${layer.outDim} units, fewer than the ${dY} outputs`);
  }
  if (net.outputDim !== dY) throw new RangeError(`the network has ${net.outputDim} outputs, the map ${dY}`);
  if (W[0].length !== net.inputDim + 1)
    throw new RangeError(`the map needs ${W[0].length - 1} inputs, the network has ${net.inputDim}`);
  const blocks: Record<string, Fraction[]> = {};
  // z[i][k]: the k-th carried value on sample i, as an affine map of the previous layer's units: value = (row · a) + b
  let rows = W.map((r) => r.slice(0, -1)); // dY × inDim of the current layer
  let bias = W.map((r) => r[r.length - 1]);
  let acts = inputs.map((x) => [...x]); // the current layer's inputs per sample
  for (let l = 0; l < L; l++) {
    const layer = net.layers[l];
    const values = acts.map((a) => rows.map((row, k) => sum(row.map((w, j) => w.mul(a[j]))).add(bias[k])));
    let shift = ZERO;
    let piece: ReturnType<typeof linearPiece> | null = null;
    if (l < L - 1) {
      piece = linearPiece(net, l);
      const vals = [...values.flat(), ZERO]; // ZERO: the unused units sit at their bias, the shift, too
      if (piece.above !== null) {
        // s·(v + B) + c with v + B > t_K for every v
        const need = vals.reduce((m, v) => (piece!.above!.sub(v).compare(m) > 0 ? piece!.above!.sub(v) : m), ZERO);
        shift = need.floor().add(1);
      } else if (piece.below !== null) {
        const need = vals.reduce((m, v) => (v.sub(piece!.below!).compare(m) > 0 ? v.sub(piece!.below!) : m), ZERO);
        shift = need.floor().add(1).neg();
      }
    }
    const out = layer.outDim,
      inn = layer.inDim;
    const Wl: Fraction[] = [],
      bl: Fraction[] = [];
    for (let u = 0; u < out; u++) {
      for (let j = 0; j < inn; j++) Wl.push(u < dY ? rows[u][j] : ZERO);
      bl.push(u < dY ? bias[u].add(shift) : shift);
    }
    blocks[`layer${layer.number}.weight`] = Wl;
    blocks[`layer${layer.number}.bias`] = bl;
    if (!piece) break;
    // next layer reads unit k: h = s·(v + B) + c, so v = (h − c)/s − B
    const s = piece.slope,
      c = piece.intercept;
    const nextIn = out;
    rows = Array.from({ length: dY }, (_, k) =>
      Array.from({ length: nextIn }, (_, j) => (j === k ? ONE.div(s) : ZERO)),
    );
    bias = Array.from({ length: dY }, () => c.neg().div(s).sub(shift));
    acts = values.map((v) => Array.from({ length: out }, (_, u) => s.mul((u < dY ? v[u] : ZERO).add(shift)).add(c)));
  }
  return assembleParams(net, blocks);
}
