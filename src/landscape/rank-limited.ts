/**
 * Rank-limited pattern groups in the pattern-class bound (issue 12). Inside a
 * cell a pattern group's outputs are x ↦ A x + c with A = J_L ⋯ J_1, where
 * layer l's Jacobian J_l = S_l W_l and S_l holds the slopes of its units on the
 * group's pattern. So rank A ≤ r = the fewest units with nonzero slope in any
 * one layer (a layer without breakpoints counts its width). When r is below the
 * rank of the group's free least-squares fit, the free fit over-estimates what
 * the cell can do, and the group's best fit is a reduced-rank regression optimum,
 * proved here exactly (eigenvalues are algebraic, so by a certificate instead).
 *
 * Proof. Let ŷ_i be the group's free least-squares fitted values, f_i = ŷ_i − ȳ
 * (ŷ_i when the net has no constants; then nothing is centred and c = 0),
 * F the n×d_Y matrix of the f_i, M = FᵀF and ssr the free fit's residual sum of
 * squares. For every A of rank ≤ r and every c,
 *   Σ‖y_i − A x_i − c‖² ≥ ssr + ‖F − X_c Aᵀ‖²   (the free residual is orthogonal
 *                                                to every column of [X, 1]; c = ȳ − A x̄ is best)
 *                        ≥ ssr + tr M − tr(M Q) (Q: the orthogonal projection on the row space
 *                                                of X_c Aᵀ, of rank ≤ r; ‖F − Z‖² ≥ ‖F(I − Q)‖²)
 *                        ≥ ssr + tr M − Σ_{k≤r} λ_k(M)   (Ky Fan).
 * Certificate: a rational c and a symmetric P with Z = P(M − cI)P ⪰ 0 and
 * Z ⪰ M − cI (exact LDLᵀ). By Weyl's monotonicity λ_k(M) − c ≤ λ_k(Z), and as
 * Z ⪰ 0, Σ_{k≤r} λ_k(Z) ≤ tr Z; so Σ_{k≤r} λ_k(M) ≤ r·c + tr Z and
 *   group bound = ssr + tr M − r·c − tr Z.
 * Candidate: P = the orthogonal projection on the span U of θ's own centred
 * outputs on the group (dim r′ ≤ r by the same Jacobian argument, also on the
 * closure of the cell), and c between the eigenvalues of M on U and on U⊥
 * (c = 0 when r′ < r; found in floats, checked exactly). It passes exactly when
 * U is invariant under M and carries its r′ largest eigenvalues, i.e. when θ's
 * outputs are the reduced-rank optimum; the bound is then attained by the map
 * x ↦ ȳ + P(ŷ(x) − ȳ), of rank ≤ r′, which is stored as the group's map.
 * Otherwise the caller keeps the free fit (a valid, looser bound).
 */
import { Fraction } from 'fraction.js';
import { symmetricEigen } from '../linalg/float.js';
import {
  definiteness,
  fromRows,
  identity,
  inverse,
  matMul,
  matScale,
  matSub,
  rref,
  sumSquares,
  toRows,
  transpose,
  type Mat,
} from '../linalg/matrix.js';
import type { Dataset } from '../model/data.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import type { RankCertificate } from './verdict.js';

const F = rational;
const ZERO = new Fraction(0);

/**
 * rank A ≤ limit on every point of the cell for this pattern key ("L1:0,1|L2:1"):
 * the fewest units with nonzero slope in one layer, with the layer that sets it.
 */
export function rankLimit(net: Network, pattern: string): { limit: number; reason: string } {
  const pieces = new Map<number, number[]>();
  for (const part of pattern.split('|')) {
    const m = /^L(\d+):(.*)$/.exec(part);
    if (m) pieces.set(Number(m[1]), m[2].split(',').map(Number));
  }
  let best = { limit: Infinity, reason: '' };
  for (const layer of net.layers) {
    const act = layer.activation;
    const p = pieces.get(layer.number);
    let live: number;
    if (layer.maxPool)
      live = layer.outDim; // a selection: rank ≤ its outputs
    else if (p && act.kind === 'pwl') live = p.filter((k) => act.fn.table.slopes[k]?.n !== 0n).length;
    else if (act.kind === 'pwl' && act.fn.table.slopes.length === 1 && act.fn.table.slopes[0].n === 0n) live = 0;
    else live = layer.outDim;
    if (live < best.limit)
      best = {
        limit: live,
        reason: `layer ${layer.number} has ${live} unit${live === 1 ? '' : 's'} with nonzero slope`,
      };
  }
  return best;
}

const trace = (A: Mat<Fraction>) =>
  Array.from({ length: A.rows }, (_, i) => A.data[i * A.cols + i]).reduce((a, b) => a.add(b), ZERO);
const noNegativePivot = (A: Mat<Fraction>) => definiteness(F, A).inertia.negative === 0;

/** The separator candidates for M with r kept eigenvalues (float guesses; the caller checks them exactly). */
function separatorCandidates(M: Mat<Fraction>, r: number): Fraction[] {
  const values = symmetricEigen(toRows(M).map((row) => row.map((x) => F.toNumber(x)))).values; // increasing
  const d = values.length;
  const hi = values[d - r],
    lo = values[d - r - 1];
  const mid = F.fromNumber((hi + lo) / 2);
  const scale = Math.max(1, Math.abs(hi));
  const gap = Math.max(hi - lo, 0);
  return [gap / 4, 1e-6 * scale, 1e-9 * scale, 1e-12 * scale]
    .filter((eps) => eps > 0)
    .map((eps) => mid.simplify(eps))
    .concat([mid]);
}

export interface RankLimitedFit {
  /** one row per output, [A | c] (c last when affine) */
  map: Fraction[][];
  /** the group's residual sum of squares at that map, equal to the certified bound */
  ssr: Fraction;
  certificate: RankCertificate;
}

/**
 * The reduced-rank optimum of one pattern group, certified with θ's outputs (see
 * the module comment), or null when the rank limit does not bind (the free fit is
 * feasible) or the certificate does not close (θ's outputs are not the optimum).
 * `ols` is the group's free least-squares map (one row per output, [A | c]) with
 * residual sum of squares `olsSsr`; `outputs` are θ's outputs on every sample.
 */
export function rankLimitedFit(
  net: Network,
  pattern: string,
  data: Dataset,
  samples: readonly number[],
  outputs: readonly (readonly Fraction[])[],
  ols: readonly (readonly Fraction[])[],
  olsSsr: Fraction,
  affine: boolean,
): RankLimitedFit | null {
  const { limit: r, reason } = rankLimit(net, pattern);
  const dX = data.inputs[0].length,
    dY = data.targets[0].length;
  if (r >= Math.min(dX, dY)) return null;
  // the mean of some rows over the group (0 when the net has no constants: nothing is centred)
  const mean = (rows: (readonly Fraction[])[]) =>
    rows[0].map((_, o) => (affine ? rows.reduce((a, row) => a.add(row[o]), ZERO).div(rows.length) : ZERO));
  const apply = (map: readonly (readonly Fraction[])[], x: readonly Fraction[]) =>
    map.map((row) => row.reduce((a, w, j) => a.add(w.mul(j < dX ? x[j] : 1)), ZERO));
  const fitted = samples.map((i) => apply(ols, data.inputs[i]));
  const yBar = mean(samples.map((i) => data.targets[i]));
  const Fc = fromRows(fitted.map((f) => f.map((v, o) => v.sub(yBar[o]))));
  const M = matMul(F, transpose(Fc), Fc);
  if (rref(F, M).rank <= r) return null; // the free fit already has rank ≤ r
  // U: the span of θ's centred outputs on the group
  const theirs = samples.map((i) => outputs[i]);
  const oBar = mean(theirs);
  const ech = rref(F, fromRows(theirs.map((o) => o.map((v, k) => v.sub(oBar[k])))));
  const rU = ech.rank;
  if (rU > r) return null;
  const basis = fromRows(toRows(ech.R).slice(0, rU), dY);
  const P =
    rU === 0
      ? fromRows(Array.from({ length: dY }, () => new Array<Fraction>(dY).fill(ZERO)))
      : matMul(F, matMul(F, transpose(basis), inverse(F, matMul(F, basis, transpose(basis)))), basis);
  const I = identity(F, dY);
  // r′ < r: only c = 0 can be tight; r = 0: c = tr M ≥ λ_max(M)
  const candidates = rU < r ? [ZERO] : r === 0 ? [trace(M)] : separatorCandidates(M, r);
  for (const c of candidates) {
    const shifted = matSub(F, M, matScale(F, c, I));
    const Z = matMul(F, matMul(F, P, shifted), P);
    if (!noNegativePivot(Z) || !noNegativePivot(matSub(F, Z, shifted))) continue;
    const bound = olsSsr.add(trace(M)).sub(c.mul(r)).sub(trace(Z));
    // the map attaining it: x ↦ ȳ + P(ŷ(x) − ȳ), i.e. [P·A | P·c_ols + (I − P)·ȳ]
    const olsM = fromRows(ols, ols[0].length);
    const PA = toRows(matMul(F, P, olsM));
    const keep = toRows(matSub(F, I, P)).map((row) => row.reduce((a, v, k) => a.add(v.mul(yBar[k])), ZERO));
    const map = PA.map((row, o) => (affine ? [...row.slice(0, dX), row[dX].add(keep[o])] : row));
    const ssr = sumSquares(
      F,
      samples.flatMap((i) => apply(map, data.inputs[i]).map((v, o) => v.sub(data.targets[i][o]))),
    );
    if (!ssr.equals(bound)) return null;
    const q = (x: Fraction) => x.toFraction();
    return {
      map,
      ssr,
      certificate: {
        limit: r,
        reason,
        ols: ols.map((row) => row.map(q)),
        projection: toRows(P).map((row) => row.map(q)),
        separator: q(c),
      },
    };
  }
  return null;
}
