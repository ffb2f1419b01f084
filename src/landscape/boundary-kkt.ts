/**
 * Non-differentiable minima on cell boundaries (one hidden dense layer, one
 * output, kinks at a breakpoint 0): the KKT certificate in the lifted variables.
 *
 * On each closed cell adjacent to θ (one left/right choice per kink entry) the
 * network's output is D_s·U, linear in the lifted variables U (R_j = z_j·w̃_j,
 * the pieces' intercept terms, the output bias; ./lifted.ts), so the risk there
 * is the convex quadratic Q_s(U) = c·‖D_s·U − y‖². Near θ the side's constraints
 * read σ·(w̃_j·x̃_i) ≥ 0 for the kink entries (unit j, sample i), i.e.
 * σ·sign(z_j)·(R_j·x̃_i) ≥ 0 while z_j keeps its sign; every other entry stays
 * strictly on its piece. All these constraints are active at θ's U, so U is the
 * minimum of Q_s over that cone iff ∇Q_s(U) = Σ_k λ_k·a_k with λ ≥ 0 (KKT,
 * sufficient by convexity; an LP feasibility, decided exactly). A kinked unit
 * with z_j = 0 can change the sign of z_j, so its constraint is dropped (a larger
 * cone, a weaker but still valid bound). θ is a local minimum when every side
 * certifies: every nearby θ′ lies on some side and maps into its cone, so
 * R(θ′) = Q_s(U(θ′)) ≥ Q_s(U) = R(θ).
 *
 * This is He et al.'s / Liu's Lemma 3 setting, made exact and general in the
 * number of kink entries; it proves strict and non-strict boundary minima (Liu's
 * G3 and G5′), which the pattern-class bound over adjacent cells cannot.
 */
import { Fraction } from 'fraction.js';
import { feasibility, type Constraint } from '../linalg/lp.js';
import type { Dataset } from '../model/data.js';
import { activationPattern, exactRisk } from '../model/exact.js';
import { squaredRiskFactor, validateLoss, type Loss } from '../model/loss.js';
import { getBlock, type Network } from '../model/network.js';
import { rational, sum, ZERO } from '../numeric/rational.js';
import { checkKinkCap, kinkToJSON } from './certificates.js';
import { liftedCoordinates, liftedDesign } from './lifted.js';
import { certify } from './recheck.js';
import { verdict, type BoundaryKktEvidence, type Verdict } from './verdict.js';

const QUESTION = 'is θ a local minimum of the risk?';
const s = (x: Fraction) => x.toFraction();

/** The normal of a kink entry's constraint on one side: σ·sign(z_j)·x̃_i in unit j's block of the lifted variables. */
export function kktNormal(
  k: { unit: number },
  side: 'left' | 'right',
  zj: Fraction,
  xt: readonly Fraction[],
  per: number,
  F: number,
): Fraction[] {
  const sgn = (side === 'right' ? 1 : -1) * (zj.s < 0n ? -1 : 1);
  const a = new Array<Fraction>(F).fill(ZERO);
  xt.forEach((v, d) => (a[k.unit * per + d] = v.mul(sgn)));
  return a;
}

/**
 * The KKT certificate at a boundary point (see the module comment). Inconclusive
 * (with the reason) outside its setting or when some side's KKT system has no
 * nonnegative multipliers (the side then has a first-order descent in the lifted
 * variables, which descentSearch may realise).
 */
export function boundaryKkt(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  maxKinks = 12,
): Verdict<BoundaryKktEvidence> {
  validateLoss(loss);
  checkKinkCap(maxKinks, 'boundaryKkt');
  const risk = exactRisk(net, loss, theta, data);
  const pat = activationPattern(net, theta, data);
  const base: BoundaryKktEvidence = {
    kind: 'boundary-kkt',
    risk: s(risk),
    kinks: pat.kinks.map(kinkToJSON),
    sides: [],
    dropped: [],
  };
  const no = (why: string) =>
    verdict('inconclusive', QUESTION, `the boundary KKT certificate does not apply: ${why}`, base);
  const [l1, l2] = net.layers;
  if (loss.kind !== 'squared') return no('it needs the squared loss');
  if (
    net.layers.length !== 2 ||
    l1.spec.kind !== 'dense' ||
    l2.spec.kind !== 'dense' ||
    !l2.identity ||
    l1.activation.kind !== 'pwl'
  )
    return no('it needs one hidden dense piecewise-linear layer and a linear output');
  if (l2.outDim !== 1) return no('it needs one output');
  if (pat.interior) return no('θ is inside a cell');
  if (pat.kinks.length > maxKinks) return no(`${pat.kinks.length} kink entries exceed the limit of ${maxKinks}`);
  if (pat.kinks.some((k) => k.at.n !== 0n)) return no('a kink entry sits on a breakpoint other than 0');
  const z = getBlock(net, theta, 'layer2.weight');
  const per = l1.inDim + (l1.biasIndex ? 1 : 0);
  const xt = (i: number) => [...data.inputs[i], ...(l1.biasIndex ? [new Fraction(1)] : [])];
  const lp = pat.layers.find((l) => l.layer === 1)!;
  const kept = pat.kinks.filter((k) => z[k.unit].n !== 0n);
  base.dropped = pat.kinks.filter((k) => z[k.unit].n === 0n).map(kinkToJSON);
  const c = squaredRiskFactor(rational, loss, data.inputs.length);
  for (let code = 0; code < 1 << pat.kinks.length; code++) {
    const sides = pat.kinks.map((_, b) => ((code >> b) & 1 ? 'right' : 'left') as 'left' | 'right');
    const pieces = lp.piece.map((row) => row.slice());
    pat.kinks.forEach((k, b) => (pieces[k.unit][k.sample] += sides[b] === 'right' ? 1 : 0));
    const D = liftedDesign(net, theta, data, pieces)!;
    const u = liftedCoordinates(net, theta, D.featureNames).map((row) => row[0]);
    const F = u.length;
    // ∇Q_s(U) = 2c·D_sᵀ(D_s·U − y)
    const res = D.rows.map((row, i) => sum(row.map((x, f) => x.mul(u[f]))).sub(data.targets[i][0]));
    const grad = Array.from({ length: F }, (_, f) =>
      sum(D.rows.map((row, i) => row[f].mul(res[i])))
        .mul(c)
        .mul(2),
    );
    // constraint normals a_k = σ·sign(z_j)·(x̃_i in R_j's block)
    const normals = kept.map((k) => {
      return kktNormal(k, sides[pat.kinks.indexOf(k)], z[k.unit], xt(k.sample), per, F);
    });
    // λ ≥ 0 with Σ λ_k a_k = ∇Q_s
    const cons: Constraint[] = [
      ...grad.map((g, f) => ({ coeffs: normals.map((a) => a[f]), op: '=' as const, rhs: g })),
      ...normals.map((_, k) => ({
        coeffs: normals.map((__, m) => (m === k ? new Fraction(1) : ZERO)),
        op: '>=' as const,
        rhs: ZERO,
      })),
    ];
    const fz = normals.length
      ? feasibility(cons)
      : grad.every((g) => g.n === 0n)
        ? { feasible: true as const, point: [] }
        : null;
    const ok = fz !== null && fz.feasible;
    base.sides.push({ sides, gradient: grad.map(s), multipliers: ok ? fz.point.map(s) : null });
    if (!ok)
      return verdict(
        'inconclusive',
        QUESTION,
        `on the closed cell ${sides.join(',')} the gradient in the lifted variables is not a nonnegative combination of the kink constraints' normals: no KKT certificate`,
        base,
      );
  }
  const why = `on each of the ${base.sides.length} closed cells adjacent to θ the lifted risk is convex and satisfies the KKT conditions with nonnegative multipliers${base.dropped.length ? ` (${base.dropped.length} kink entr${base.dropped.length > 1 ? 'ies' : 'y'} of units with zero outgoing weight left unconstrained)` : ''}: θ is a local minimum`;
  return certify(verdict('proved', QUESTION, why, base), net, loss, theta, data);
}
