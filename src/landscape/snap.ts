/**
 * Snap and certify: from a float point (any optimiser's end point) to an exact
 * point and a verdict about it.
 *
 * A float minimum is never exactly critical, so the exact tools refute it by its
 * tiny gradient. Inside an activation cell, though, the squared risk of a
 * network with one hidden dense layer is a least-squares problem in the lifted
 * variables (R_j = w̃_j z_jᵀ, the piece intercepts' z_j, the output bias; see
 * ./lifted.ts), solved exactly: its optima form an affine set. The float point's
 * lifted coordinates are projected onto that set (the nearest optimum), the
 * projection is mapped back to θ (keeping each unit's outgoing weights where they
 * are free), and when that θ lies in the same open cell its risk equals the
 * lifted bound: a certified cell-global minimum. When that optimum leaves the
 * cell, the pre-activations that crossed are held at their kink (breakpoint 0)
 * and the least squares is solved again with those equality constraints (an
 * active-set step, repeated while more entries cross): the point lands on the
 * cell's boundary, where analyseLocalMin's boundary route (adjacent-cell bound,
 * KKT) decides it. Other networks get their last (linear) layer refitted
 * exactly with the hidden layers held; a point already on a cell boundary is
 * only rounded. Whatever the route, the exact point is then decided
 * by analyseLocalMin, and the float distance moved is reported.
 */
import { Fraction } from 'fraction.js';
import { fromRows, identity, leastSquares, matMul, nullspace, type Mat } from '../linalg/matrix.js';
import type { Dataset } from '../model/data.js';
import { evalPwl } from '../model/activation.js';
import { activationPattern, exactPreActivations, type ActivationPattern } from '../model/exact.js';
import { validateLoss, type Loss } from '../model/loss.js';
import { assembleParams, getBlock, nonPwlLayer, type Network } from '../model/network.js';
import { rational, sum, ZERO } from '../numeric/rational.js';
import { analyseLocalMin, type AnalyseOptions } from './analyse.js';
import { liftedCoordinates, liftedDesign } from './lifted.js';
import type { Verdict } from './verdict.js';

export interface SnapResult {
  /** the exact point decided: the snapped one, or the float point's exact binary value when no snap applied */
  theta: Fraction[];
  snapped: boolean;
  /** how the point was obtained, in plain words */
  route: string;
  /** ‖θ − θ_float‖₂, in floats */
  moved: number;
  /** dimension of the cell's affine set of least-squares optima (lifted route only; 0 = a unique optimum) */
  optimaDimension?: number;
  /** analyseLocalMin at `theta` (without float probes unless asked) */
  verdict: Verdict;
}

const samePieces = (a: ActivationPattern, b: ActivationPattern): boolean =>
  a.interior &&
  b.interior &&
  JSON.stringify(a.layers.map((l) => l.piece)) === JSON.stringify(b.layers.map((l) => l.piece));

function distance(a: readonly Fraction[], f: ArrayLike<number>): number {
  return Math.sqrt(a.reduce((s, x, k) => s + (x.valueOf() - f[k]) ** 2, 0));
}

function oneHiddenDense(net: Network): boolean {
  const [a, b] = net.layers;
  return net.layers.length === 2 && a.spec.kind === 'dense' && b.spec.kind === 'dense' && b.identity;
}

/** Layer-1 entries (unit, sample) whose piece at `to` differs from the piece at `from` or sits on a kink. */
function crossings(net: Network, from: Fraction[], to: Fraction[], data: Dataset): { unit: number; sample: number }[] {
  const a = activationPattern(net, from, data).layers.find((l) => l.layer === 1);
  const bl = activationPattern(net, to, data).layers.find((l) => l.layer === 1);
  if (!a || !bl) return [];
  const out: { unit: number; sample: number }[] = [];
  a.piece.forEach((row, u) =>
    row.forEach((p, i) => {
      if (p !== bl.piece[u][i] || bl.margin[u][i].n === 0n) out.push({ unit: u, sample: i });
    }),
  );
  return out;
}

/** θ keeps every piece of `pat` except the pinned layer-1 entries, which sit exactly on a breakpoint. */
function onBoundaryOf(
  net: Network,
  theta: Fraction[],
  data: Dataset,
  pat: ActivationPattern,
  pinned: readonly { unit: number; sample: number }[],
): boolean {
  const now = activationPattern(net, theta, data);
  const isPinned = (u: number, i: number) => pinned.some((p) => p.unit === u && p.sample === i);
  return now.layers.every((l) => {
    const was = pat.layers.find((x) => x.layer === l.layer)!;
    return l.piece.every((row, u) =>
      row.every((p, i) =>
        l.layer === 1 && isPinned(u, i) ? l.margin[u][i].n === 0n : p === was.piece[u][i] && l.margin[u][i].n !== 0n,
      ),
    );
  });
}

/**
 * The lifted route (one hidden dense layer): the nearest exact least-squares optimum of θ's cell, mapped
 * back to θ. `pinned` entries (unit j, sample i) are held on their kink: R_j·x̃_i = 0 is imposed on the
 * optimum (an equality-constrained least squares), so the result lies on the boundary of θ's cell.
 */
function snapLifted(
  net: Network,
  q: Fraction[],
  data: Dataset,
  pinned: readonly { unit: number; sample: number }[] = [],
): { theta: Fraction[]; dim: number } | null {
  const D = liftedDesign(net, q, data);
  if (!D) return null;
  const [l1, l2] = net.layers;
  const K = l1.outDim,
    dIn = l1.inDim,
    dY = l2.outDim;
  const bias1 = l1.biasIndex !== null;
  const W1 = getBlock(net, q, 'layer1.weight');
  const b1 = bias1 ? getBlock(net, q, 'layer1.bias') : [];
  const W2 = getBlock(net, q, 'layer2.weight'); // dY × K, row-major
  const wt = (j: number) => [...W1.slice(j * dIn, (j + 1) * dIn), ...(bias1 ? [b1[j]] : [])];
  const z = (j: number) => Array.from({ length: dY }, (_, o) => W2[o * K + j]);
  const usesIntercept = Array.from({ length: K }, (_, j) => D.featureNames.includes(`z${j + 1}·c`));
  // θ's lifted coordinates, one row per feature, one column per output
  const u = liftedCoordinates(net, q, D.featureNames);
  // nearest optimum: U = u + Δ with Δ the minimum-norm least-squares solution of D·Δ ≈ Y − D·u
  const rows = D.rows;
  const per0 = dIn + (bias1 ? 1 : 0);
  const { delta, dim } = constrainedStep(
    rows,
    u,
    data.targets,
    pinned.map(({ unit, sample }) =>
      u.map((_, f) =>
        f >= unit * per0 && f < (unit + 1) * per0
          ? [...data.inputs[sample], new Fraction(1)][f - unit * per0]
          : new Fraction(0),
      ),
    ),
  );
  const U = u.map((row, f) => row.map((x, o) => x.add(delta[f][o])));
  // back to θ
  const per = dIn + (bias1 ? 1 : 0); // lifted rows per unit
  let f = K * per;
  const zNew: Fraction[][] = Array.from({ length: K }, (_, j) => (usesIntercept[j] ? U[f++] : z(j)));
  const bNew = l2.biasIndex ? U[f++] : [];
  const newW1: Fraction[] = [],
    newB1: Fraction[] = [];
  for (let j = 0; j < K; j++) {
    const zj = zNew[j],
      Bj = U.slice(j * per, (j + 1) * per); // (d+1) × dY block of R_j
    const zz = sum(zj.map((x) => x.mul(x)));
    let w: Fraction[];
    if (zz.equals(ZERO)) {
      if (Bj.some((r) => r.some((x) => !x.equals(ZERO)))) return null; // R_j ≠ 0 needs z_j ≠ 0
      w = wt(j);
    } else {
      w = Bj.map((r) => sum(r.map((x, o) => x.mul(zj[o]))).div(zz));
      // R_j must be the rank-one product w̃_j z_jᵀ (always so with one output)
      if (Bj.some((r, d) => r.some((x, o) => !x.equals(w[d].mul(zj[o]))))) return null;
    }
    newW1.push(...w.slice(0, dIn));
    if (bias1) newB1.push(w[dIn]);
  }
  const blocksByName: Record<string, Fraction[]> = {
    'layer1.weight': newW1,
    'layer2.weight': Array.from({ length: dY * K }, (_, k) => zNew[k % K][Math.floor(k / K)]),
  };
  if (bias1) blocksByName['layer1.bias'] = newB1;
  if (l2.biasIndex) blocksByName['layer2.bias'] = bNew;
  return { theta: assembleParams(net, blocksByName), dim };
}

/**
 * Δ minimising ‖D(u + Δ) − Y‖² subject to C(u + Δ) = 0 (each output column), nearest to 0 among the
 * minimisers: Δ = Δ₀ + Z·y with Δ₀ the minimum-norm solution of CΔ = −Cu and Z a basis of ker C, y the
 * minimum-norm least-squares solution of DZ·y ≈ Y − D(u + Δ₀). Also the dimension of the optimal set.
 */
export function constrainedStep(
  D: readonly Fraction[][],
  u: readonly Fraction[][],
  Y: readonly (readonly Fraction[])[],
  C: readonly Fraction[][],
): { delta: Fraction[][]; dim: number } {
  const F = u.length,
    dY = u[0]?.length ?? 0;
  let d0: Fraction[][] = u.map((row) => row.map(() => new Fraction(0)));
  let Z = identity(rational, F);
  if (C.length) {
    const Cm = fromRows(C, F);
    const rhs = fromRows(
      C.map((c) => Array.from({ length: dY }, (_, o) => sum(c.map((x, f) => x.mul(u[f][o]))).neg())),
      dY,
    );
    const sol = leastSquares(rational, Cm, rhs) as { x: Mat<Fraction> };
    d0 = u.map((row, f) => row.map((_, o) => sol.x.data[f * dY + o]));
    Z = nullspace(rational, Cm);
  }
  const DZ = matMul(rational, fromRows(D, F), Z);
  const rhs = D.map((r, i) => Y[i].map((y, o) => y.sub(sum(r.map((x, f) => x.mul(u[f][o].add(d0[f][o])))))));
  const ls = leastSquares(rational, DZ, fromRows(rhs, dY)) as { x: Mat<Fraction>; rank: number };
  const zy = matMul(rational, Z, ls.x);
  return {
    delta: d0.map((row, f) => row.map((x, o) => x.add(zy.data[f * dY + o]))),
    dim: Z.cols - ls.rank,
  };
}

/** Any depth: the last (linear) layer refitted by exact least squares, the hidden layers held. */
export function snapLastLayer(net: Network, q: Fraction[], data: Dataset): Fraction[] | null {
  const last = net.layers[net.layers.length - 1];
  if (last.spec.kind !== 'dense' || !last.identity || net.layers.length < 2) return null;
  const pre = exactPreActivations(net, q, data);
  const hidden = net.layers[net.layers.length - 2];
  if (hidden.activation.kind !== 'pwl') return null;
  const act = hidden.activation;
  const h = pre[net.layers.length - 2].map((row) => row.map((x) => evalPwl(act, x)));
  const feats = data.inputs.map((_, i) => [...h.map((row) => row[i]), ...(last.biasIndex ? [new Fraction(1)] : [])]);
  const cur = (o: number) => [
    ...Array.from({ length: last.inDim }, (_, j) => getBlock(net, q, `layer${last.number}.weight`)[o * last.inDim + j]),
    ...(last.biasIndex ? [getBlock(net, q, `layer${last.number}.bias`)[o]] : []),
  ];
  const dY = last.outDim;
  const u = Array.from({ length: feats[0].length }, (_, r) => Array.from({ length: dY }, (_, o) => cur(o)[r]));
  const rhs = feats.map((r, i) => data.targets[i].map((y, o) => y.sub(sum(r.map((x, k) => x.mul(u[k][o]))))));
  const ls = leastSquares(rational, fromRows(feats, u.length), fromRows(rhs, dY)) as { x: Mat<Fraction> };
  const U = u.map((row, k) => row.map((x, o) => x.add(ls.x.data[k * dY + o])));
  const out = q.slice();
  const wIdx = getBlock(
    net,
    Array.from({ length: net.paramCount }, (_, k) => k),
    `layer${last.number}.weight`,
  );
  for (let o = 0; o < dY; o++) for (let j = 0; j < last.inDim; j++) out[wIdx[o * last.inDim + j]] = U[j][o];
  if (last.biasIndex) for (let o = 0; o < dY; o++) out[last.biasIndex[o]] = U[last.inDim][o];
  return out;
}

/**
 * From a float point to an exact one, decided: see the module comment. `opts`
 * are passed to analyseLocalMin (default: no float probes, exact answers only).
 */
export function snapAndCertify(
  net: Network,
  loss: Loss,
  thetaFloat: ArrayLike<number>,
  data: Dataset,
  opts: AnalyseOptions = { noProbes: true },
): SnapResult {
  validateLoss(loss);
  if (thetaFloat.length !== net.paramCount)
    throw new RangeError(`θ has ${thetaFloat.length} entries but the network has ${net.paramCount} parameters`);
  const exactCapable = loss.kind === 'squared' && nonPwlLayer(net) === null;
  const q = Array.from(thetaFloat, (x) => rational.fromNumber(x));
  const decide = (theta: Fraction[], snapped: boolean, route: string, dim?: number): SnapResult => {
    const r: SnapResult = {
      theta,
      snapped,
      route,
      moved: distance(theta, thetaFloat),
      verdict: analyseLocalMin(net, loss, theta, data, opts),
    };
    if (dim !== undefined) r.optimaDimension = dim;
    return r;
  };
  if (!exactCapable)
    return decide(q, false, 'not snapped: exact snapping needs piecewise-linear activations and the squared loss');
  const pat = activationPattern(net, q, data);
  if (!pat.interior)
    return decide(q, false, `not snapped: the point is on a cell boundary (${pat.kinks.length} kink entries)`);
  if (oneHiddenDense(net)) {
    const s = snapLifted(net, q, data);
    if (s && samePieces(activationPattern(net, s.theta, data), pat))
      return decide(
        s.theta,
        true,
        'moved to the nearest exact least-squares optimum of its cell (lifted variables)',
        s.dim,
      );
    // the optimum leaves the cell: pin the entries that crossed onto their kinks and solve again
    // (an active-set step, repeated while new entries cross); a boundary point goes to the KKT certificate
    let pinned: { unit: number; sample: number }[] = [];
    const a1 = net.layers[0].activation;
    // a kink at a breakpoint t ≠ 0 is not a linear condition in the lifted variables
    let cur = a1.kind === 'pwl' && a1.breakpoints.every((t) => t.n === 0n) ? s : null;
    for (let round = 0; cur && round < 4; round++) {
      const crossed = crossings(net, q, cur.theta, data).filter(
        (c) => !pinned.some((p) => p.unit === c.unit && p.sample === c.sample),
      );
      if (!crossed.length) break;
      pinned = [...pinned, ...crossed];
      cur = snapLifted(net, q, data, pinned);
      if (cur && onBoundaryOf(net, cur.theta, data, pat, pinned))
        return decide(
          cur.theta,
          true,
          `moved to the nearest exact least-squares optimum of its cell's boundary with ${pinned.length} pre-activation${pinned.length === 1 ? '' : 's'} held at the kink (lifted variables)`,
          cur.dim,
        );
    }
  }
  const t = snapLastLayer(net, q, data);
  if (t && samePieces(activationPattern(net, t, data), pat))
    return decide(t, true, 'the last layer refitted by exact least squares, the hidden layers held');
  return decide(q, false, "not snapped: the cell's nearest exact optimum lies outside the cell");
}
