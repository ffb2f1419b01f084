/**
 * The exact minimum of the squared risk over one CLOSED activation cell of a
 * network dense → ReLU-like → dense (linear, one output), and walks from cell
 * to cell through the walls that block descent.
 *
 * With a positively homogeneous activation (one breakpoint at 0, no piece
 * intercepts: ReLU, leaky ReLU, |·|) and the sign σ_j of each unit's outgoing
 * weight held, the output on sample i is Σ_j s_ij·R_j·x̃_i + b in the lifted
 * variables R_j = z_j·w̃_j (./lifted.ts), and the closed cell is the cone
 * σ_j·R_j·x̃_i ≥ 0 (piece right of 0) or ≤ 0 (left). So the minimum of the risk
 * over the closed cell is a convex quadratic program, solved here exactly by a
 * primal active-set method (no well-kept npm package solves QPs in exact
 * arithmetic; the equality-constrained steps reuse snap.ts's constrainedStep).
 * Every point of the closed cell, mapped back to θ (z_j = σ_j·|z_j|, w̃_j = R_j/z_j),
 * has exactly the QP's objective as its risk, because the network is
 * continuous across the cell's walls.
 */
import { Fraction } from 'fraction.js';
import { fromRows, solve, transpose } from '../linalg/matrix.js';
import type { Dataset } from '../model/data.js';
import { activationPattern } from '../model/exact.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import { assembleParams, getBlock, type Network } from '../model/network.js';
import { rational, sum, ZERO } from '../numeric/rational.js';
import { liftedCoordinates, liftedDesign } from './lifted.js';
import { constrainedStep } from './snap.js';

/** A closed cell with the outgoing-weight signs held. */
export interface SignedCell {
  /** pieces[unit][sample]: 1 = pre-activation ≥ 0 (right of the breakpoint), 0 = ≤ 0 */
  pieces: number[][];
  /** σ_j ∈ {1, −1}: the sign of unit j's outgoing weight */
  signs: number[];
}

export interface CellMinimum {
  theta: Fraction[];
  /** R(θ), equal to the minimum of the risk over the closed cell */
  risk: Fraction;
  /** the lifted point (R_1, …, R_K, then b) */
  lifted: Fraction[];
  /** entries held on their kink at the minimum, with their multipliers (> 0: the wall blocks descent) */
  walls: { unit: number; sample: number; multiplier: Fraction }[];
  /** active-set iterations */
  iterations: number;
}

/** Whether the cell programme applies: dense → one-breakpoint-at-0 PWL without intercepts → linear dense, one output, squared loss. */
export function cellProgrammeApplies(net: Network, loss: Loss): boolean {
  const [l1, l2] = net.layers;
  if (loss.kind !== 'squared' || net.layers.length !== 2 || net.outputDim !== 1) return false;
  if (l1.spec.kind !== 'dense' || l2.spec.kind !== 'dense' || !l2.identity) return false;
  const a = l1.activation;
  return (
    a.kind === 'pwl' &&
    a.breakpoints.length === 1 &&
    a.breakpoints[0].n === 0n &&
    a.fn.table.intercepts.every((c) => c.n === 0n) &&
    !a.slopes[0].equals(a.slopes[1])
  );
}

const dot = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));
const sign = (x: Fraction) => (x.s < 0n && x.n !== 0n ? -1 : 1);

/** θ's closed cell (a pre-activation at 0 counts as the left piece) and its outgoing-weight signs (0 counts as +). */
export function signedCellOf(net: Network, theta: readonly Fraction[], data: Dataset): SignedCell {
  const pat = activationPattern(net, theta, data).layers.find((l) => l.layer === 1)!;
  const z = getBlock(net, theta, 'layer2.weight');
  return { pieces: pat.piece.map((r) => [...r]), signs: z.map(sign) };
}

/** ∇(½‖Du − y‖²) = Dᵀ(Du − y). */
const halfGradient = (D: readonly Fraction[][], u: readonly Fraction[], Y: readonly Fraction[][]) =>
  u.map((_, f) => sum(D.map((r, i) => r[f].mul(dot(r, u).sub(Y[i][0])))));

/** The cell's walls as rows a with a·u ≥ 0 over the lifted variables, and the entry each belongs to. */
function walls(net: Network, data: Dataset, cell: SignedCell, F: number) {
  const l1 = net.layers[0];
  const per = l1.inDim + (l1.biasIndex ? 1 : 0);
  const rows: Fraction[][] = [];
  const entry: { unit: number; sample: number }[] = [];
  cell.pieces.forEach((row, j) =>
    row.forEach((p, i) => {
      const x = l1.biasIndex ? [...data.inputs[i], new Fraction(1)] : data.inputs[i];
      const s = (p === 1 ? 1 : -1) * cell.signs[j];
      const a = new Array<Fraction>(F).fill(ZERO);
      x.forEach((v, d) => (a[j * per + d] = v.mul(s)));
      rows.push(a);
      entry.push({ unit: j, sample: i });
    }),
  );
  return { rows, entry, per };
}

/** θ from a lifted point of the cell: z_j = σ_j·m_j (m_j = |z_j| of `reference` when nonzero, else 1), w̃_j = R_j / z_j. */
function thetaOf(
  net: Network,
  cell: SignedCell,
  u: readonly Fraction[],
  per: number,
  reference?: readonly Fraction[],
): Fraction[] {
  const [l1, l2] = net.layers;
  const K = l1.outDim,
    dIn = l1.inDim;
  const zRef = reference ? getBlock(net, reference, 'layer2.weight') : [];
  const z = Array.from({ length: K }, (_, j) => {
    const m = zRef[j] && zRef[j].n !== 0n ? zRef[j].abs() : new Fraction(1);
    return m.mul(cell.signs[j]);
  });
  const W: Fraction[] = [],
    b1: Fraction[] = [];
  for (let j = 0; j < K; j++) {
    const w = u.slice(j * per, (j + 1) * per).map((r) => r.div(z[j]));
    W.push(...w.slice(0, dIn));
    if (l1.biasIndex) b1.push(w[dIn]);
  }
  const blocks: Record<string, Fraction[]> = { 'layer1.weight': W, 'layer2.weight': z };
  if (l1.biasIndex) blocks['layer1.bias'] = b1;
  if (l2.biasIndex) blocks['layer2.bias'] = [u[K * per]];
  return assembleParams(net, blocks);
}

/**
 * The minimum of the risk over the closed cell (exact active-set QP). `start`: a θ in the closed cell to start
 * from (its lifted point; ignored when it is not in the cell), else the cone's apex R = 0 (in every closed
 * cell) with the output bias of `reference` or 0. `reference` also fixes the magnitudes of the outgoing weights
 * in the θ returned. Null only when the cell programme does not apply (cellProgrammeApplies).
 */
export function closedCellMinimum(
  net: Network,
  loss: Loss,
  data: Dataset,
  cell: SignedCell,
  opts: { start?: readonly Fraction[]; reference?: readonly Fraction[]; maxIterations?: number } = {},
): CellMinimum | null {
  if (!cellProgrammeApplies(net, loss)) return null;
  const D = liftedDesign(net, opts.start ?? new Array(net.paramCount).fill(ZERO), data, cell.pieces)!;
  const F = D.featureNames.length;
  const { rows: A, entry, per } = walls(net, data, cell, F);
  const Y = data.targets.map((t) => [t[0]]);
  const K = net.layers[0].outDim;
  let u: Fraction[] = new Array<Fraction>(F).fill(ZERO);
  const hasB = net.layers[1].biasIndex !== null;
  const ref = opts.start ?? opts.reference;
  if (hasB && ref) u[K * per] = getBlock(net, ref, 'layer2.bias')[0];
  if (opts.start) {
    const s = liftedCoordinates(net, opts.start, D.featureNames).map((r) => r[0]);
    const z = getBlock(net, opts.start, 'layer2.weight');
    // the start's lifted point is in the cell when every wall holds and its signs are the cell's
    if (A.every((a) => dot(a, s).compare(0) >= 0) && z.every((x, j) => x.n === 0n || sign(x) === cell.signs[j])) u = s;
  }
  const work: number[] = [];
  const maxIt = opts.maxIterations ?? 8 * (F + A.length);
  let it = 0;
  for (; it < maxIt; it++) {
    const C = work.map((k) => A[k]);
    const { delta } = constrainedStep(
      D.rows,
      u.map((x) => [x]),
      Y,
      C,
    );
    const d = delta.map((r) => r[0]);
    if (d.every((x) => x.n === 0n)) {
      if (!work.length) break;
      // multipliers: ∇(½‖Du − y‖²) = Σ_k λ_k a_k over the working set; λ_k < 0 means leaving wall k descends
      const sol = solve(rational, transpose(fromRows(C, F)), halfGradient(D.rows, u, Y));
      if (!sol.consistent) throw new Error('internal: the working set has no multipliers at its face minimum');
      let drop = -1;
      sol.x.forEach((l, k) => {
        if (l.compare(0) < 0 && (drop < 0 || l.compare(sol.x[drop]) < 0)) drop = k;
      });
      if (drop < 0) break;
      work.splice(drop, 1);
      continue;
    }
    // ratio test: the largest step along d that keeps every wall outside the working set
    let t = new Fraction(1),
      block = -1;
    A.forEach((a, k) => {
      if (work.includes(k)) return;
      const ad = dot(a, d);
      if (ad.compare(0) >= 0) return;
      const tk = dot(a, u).div(ad.neg());
      if (tk.compare(t) < 0) {
        t = tk;
        block = k;
      }
    });
    u = u.map((x, f) => x.add(t.mul(d[f])));
    if (block >= 0) work.push(block);
  }
  const sol = work.length
    ? solve(
        rational,
        transpose(
          fromRows(
            work.map((k) => A[k]),
            F,
          ),
        ),
        halfGradient(D.rows, u, Y),
      )
    : null;
  const lam = sol?.consistent ? sol.x : [];
  const ss = sum(D.rows.map((r, i) => dot(r, u).sub(Y[i][0]).pow(2)));
  return {
    theta: thetaOf(net, cell, u, per, opts.reference ?? opts.start),
    risk: ss.mul(squaredRiskFactor(rational, loss, data.inputs.length)),
    lifted: u,
    walls: work.map((k, m) => ({ ...entry[k], multiplier: lam[m] ?? ZERO })),
    iterations: it,
  };
}
