/**
 * Independent re-check of a flat-family proof (./degenerate.ts), by a
 * different route from the tool's symbolic Laurent computation:
 *  - the Hessian's inertia and that the family's tangents span its null space;
 *  - each rescaling is verified against the architecture: its +1 parameters
 *    are exactly the parameters of a group of units of a layer whose
 *    activation is homogeneous of degree p, used nowhere else, and its −p
 *    parameters exactly those reading that group in the next layer; such a
 *    map leaves the cell polynomial unchanged for every θ, so it maps critical
 *    points to critical points (each parameter listed once);
 *  - each shear: two units of one dense layer with the same slope and intercept
 *    0 on every sample, parameters exclusive to their row and column: again a
 *    linear symmetry of the cell polynomial;
 *  - each free parameter: every use is in a unit with slope 0 on every sample,
 *    or reads an input that is 0 on every sample (a zero input coordinate, or a
 *    dead unit whose piece has intercept 0), so the cell polynomial ignores it;
 *  - the affine part: every entry of ∇R_cell(θ + B·u) is a polynomial of
 *    total degree ≤ D − 1 in u (D = riskDegree), and a polynomial of total
 *    degree ≤ d in m variables that vanishes on the simplex lattice
 *    {u ∈ ℕ^m : Σu ≤ d} is zero (restrict to u_1 = 0, factor out u_1, induct),
 *    so the gradient is evaluated exactly at those lattice points.
 */
import { Fraction } from 'fraction.js';
import { definiteness, fromColumns, fromRows, matVec, rank } from '../linalg/matrix.js';
import type { Dataset } from '../model/data.js';
import { riskDegree } from '../model/degree.js';
import {
  activationPattern,
  cellGradient,
  exactGradient,
  exactHessian,
  forcedPiecesOf,
  type ActivationPattern,
} from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { homogeneityDegree, parameterUses } from '../model/symmetry.js';
import { rational } from '../numeric/rational.js';
import type { FlatFamilyEvidence } from './verdict.js';

const q = (x: string) => new Fraction(x);

/** Every point of {u ∈ ℕ^m : Σu ≤ d}. */
export function simplexLattice(m: number, d: number): number[][] {
  if (m === 0) return [[]];
  const out: number[][] = [];
  for (let a = 0; a <= d; a++) for (const rest of simplexLattice(m - 1, d - a)) out.push([a, ...rest]);
  return out;
}

/** Why `powers` is not a rescaling symmetry of the architecture, or null when it is one. */
export function rescalingError(net: Network, powers: readonly (readonly [number, number])[]): string | null {
  if (new Set(powers.map(([p]) => p)).size !== powers.length) return 'a parameter is listed twice';
  const plus = new Set(powers.filter(([, e]) => e === 1).map(([p]) => p));
  const minus = powers.filter(([, e]) => e !== 1);
  if (!plus.size || !minus.length) return 'it scales no incoming or no outgoing parameter';
  const uses = new Map(
    [...parameterUses(net)].map(([p, us]) => [
      p,
      us.map(([layer, row, col]) => ({ layer, row, col, kind: col < 0 ? 'b' : 'w' })),
    ]),
  );
  const inUses = [...plus].flatMap((p) => uses.get(p) ?? []);
  const layer = inUses[0]?.layer;
  if (layer === undefined || inUses.some((u) => u.layer !== layer)) return 'its +1 parameters are not in one layer';
  const L = net.layers[layer - 1],
    next = net.layers[layer];
  const deg = homogeneityDegree(L.activation);
  if (deg === null) return `layer ${layer}'s activation ${L.activation.name} is not positively homogeneous`;
  if (!next?.weightIndex) return `layer ${layer} is not followed by a layer with parameter weights`;
  const rows = new Set(inUses.map((u) => u.row));
  // every parameter of those rows is scaled
  for (const r of rows) {
    for (let c = 0; c < L.inDim; c++) {
      const p = L.weightIndex?.[r * L.inDim + c] ?? -1;
      if (p >= 0 && !plus.has(p)) return `weight ${p} of unit ${r + 1} in layer ${layer} is not scaled`;
    }
    const b = L.biasIndex?.[r] ?? -1;
    if (b >= 0 && !plus.has(b)) return `the bias of unit ${r + 1} in layer ${layer} is not scaled`;
  }
  // the next layer: exactly the parameters reading those rows, each with exponent −deg
  const reading = new Set<number>();
  for (let r = 0; r < next.outDim; r++)
    for (const c of rows) {
      const p = next.weightIndex[r * next.inDim + c];
      if (p >= 0) reading.add(p);
    }
  if (reading.size !== minus.length || minus.some(([p, e]) => !reading.has(p) || e !== -deg))
    return `its other parameters are not exactly layer ${layer + 1}'s weights reading those units, each to the power −${deg}`;
  for (const [p] of minus)
    if ((uses.get(p) ?? []).some((u) => u.layer !== layer + 1 || u.kind !== 'w' || !rows.has(u.col)))
      return `parameter ${p} is also used outside layer ${layer + 1}'s columns for those units`;
  return null;
}

type Shear = { layer: number; target: number; source: number };

/** Whether u (0-based, from stored evidence) names a unit of the layer. */
const isUnit = (L: { outDim: number }, u: number) => Number.isInteger(u) && u >= 0 && u < L.outDim;

/** The shear's tangent at θ, from the layer's index maps: row target += row source, next column source −= column target. */
function shearVector(net: Network, sh: Shear, theta: readonly Fraction[]): Fraction[] {
  const t = theta.map(() => new Fraction(0));
  const L = net.layers[sh.layer - 1],
    next = net.layers[sh.layer];
  // a layer shearError refuses, or units the layer does not have: no tangent (shearError names the problem; a
  // stored shear may be hostile, and a convolution's index maps hold −1 for padding)
  if (L?.spec.kind !== 'dense' || !L.weightIndex || !next?.weightIndex) return t;
  if (!isUnit(L, sh.target) || !isUnit(L, sh.source)) return t;
  for (let c = 0; c < L.inDim; c++)
    t[L.weightIndex[sh.target * L.inDim + c]] = theta[L.weightIndex[sh.source * L.inDim + c]];
  if (L.biasIndex) t[L.biasIndex[sh.target]] = theta[L.biasIndex[sh.source]];
  for (let r = 0; r < next.outDim; r++)
    t[next.weightIndex[r * next.inDim + sh.source]] = theta[next.weightIndex[r * next.inDim + sh.target]].neg();
  return t;
}

/** Why the shear is not a symmetry of θ's cell polynomial, or null. */
export function shearError(net: Network, pattern: ActivationPattern, sh: Shear): string | null {
  const L = net.layers[sh.layer - 1],
    next = net.layers[sh.layer];
  if (!L || L.spec.kind !== 'dense' || !L.weightIndex || !next?.weightIndex || L.activation.kind !== 'pwl')
    return `layer ${sh.layer} is not a dense piecewise-linear layer followed by a parameter layer`;
  if (sh.target === sh.source || !isUnit(L, sh.target) || !isUnit(L, sh.source)) return 'bad unit indices';
  const t = L.activation.fn.table;
  const pc = pattern.layers.find((lp) => lp.layer === sh.layer)?.piece;
  if (!pc) return 'no activation pattern for the layer';
  const same = pc[sh.target].every(
    (p, i) =>
      t.intercepts[p].n === 0n &&
      t.intercepts[pc[sh.source][i]].n === 0n &&
      t.slopes[p].equals(t.slopes[pc[sh.source][i]]),
  );
  if (!same) return 'the two units differ in slope, or have an intercept, on some sample';
  const uses = parameterUses(net);
  for (const r of [sh.target, sh.source]) {
    const own = [...Array(L.inDim).keys()].map((c) => L.weightIndex![r * L.inDim + c]);
    if (L.biasIndex) own.push(L.biasIndex[r]);
    if (own.some((p) => p < 0 || (uses.get(p) ?? []).some(([l, row]) => l !== sh.layer || row !== r)))
      return `a parameter of unit ${r + 1} is shared or structural`;
    for (let o = 0; o < next.outDim; o++) {
      const p = next.weightIndex[o * next.inDim + r];
      if (p < 0 || (uses.get(p) ?? []).some(([l, , c]) => l !== sh.layer + 1 || c !== r))
        return `a weight reading unit ${r + 1} is shared or structural`;
    }
  }
  return null;
}

/** Why the cell polynomial may depend on parameter p, or null: each use of p must be in a unit with slope 0 on every sample, or read an input that is 0 on every sample. */
export function notInert(net: Network, pattern: ActivationPattern, data: Dataset, p: number): string | null {
  const rows = (l: number) => pattern.layers.find((lp) => lp.layer === l)?.piece;
  const tableOf = (l: number) => {
    const L = net.layers[l - 1];
    // a max-pooling layer's pattern is a selection, not activation pieces: never a flat unit
    return L?.activation.kind === 'pwl' && !L.maxPool ? L.activation.fn.table : null;
  };
  const flatUnit = (l: number, u: number, zeroValue: boolean) => {
    const pc = rows(l)?.[u],
      t = tableOf(l);
    return !!pc && !!t && pc.every((k) => t.slopes[k].n === 0n && (!zeroValue || t.intercepts[k].n === 0n));
  };
  for (const [l, r, c] of parameterUses(net).get(p) ?? []) {
    if (flatUnit(l, r, false)) continue;
    if (c >= 0 && l === 1 && data.inputs.every((x) => x[c].n === 0n)) continue;
    if (c >= 0 && l > 1 && flatUnit(l - 1, c, true)) continue;
    return `it is used by unit ${r + 1} of layer ${l}${c >= 0 ? `, input ${c + 1}` : ' (bias)'}, which is not dead and reads a live input`;
  }
  return null;
}

export function recheckFlatFamily(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: FlatFamilyEvidence,
): string[] {
  const errs: string[] = [];
  const g = exactGradient(net, loss, theta, data);
  if (g.kind !== 'interior') return ['θ is not strictly inside a cell'];
  if (g.value.some((x) => x.n !== 0n)) errs.push('the exact gradient at θ is not zero');
  if (!g.risk.equals(q(e.risk))) errs.push(`R(θ) = ${g.risk.toFraction()}, not the stored ${e.risk}`);
  const H = exactHessian(net, loss, theta, data, 'hvp'); // independent of the structured Hessian degenerateMinimum used
  if (H.kind !== 'interior') return ['no interior Hessian'];
  const Hm = fromRows(H.value);
  const def = definiteness(rational, Hm);
  const free = (e.free ?? []).map((f) => f.index);
  const shears = e.shears ?? [];
  const k = e.scales.length + shears.length + e.shifts.length + free.length;
  const pattern = activationPattern(net, theta, data);
  if (def.inertia.negative !== 0) errs.push('the Hessian has a negative direction');
  if (def.inertia.zero !== k) errs.push(`the Hessian has ${def.inertia.zero} zero directions, the family ${k}`);
  const tangents = [
    ...e.scales.map((sc) => theta.map((t, p) => t.mul(sc.powers.find(([x]) => x === p)?.[1] ?? 0))),
    ...shears.map((sh) => shearVector(net, sh, theta)),
    ...e.shifts.map((b) => b.map(q)),
    ...free.map((p) => theta.map((_, x) => new Fraction(x === p ? 1 : 0))),
  ];
  if (tangents.some((t) => t.length !== theta.length)) return [...errs, 'a family direction has the wrong length'];
  if (k > 0 && rank(rational, fromColumns(tangents)) !== k) errs.push('the family tangents are not independent');
  tangents.forEach((t, i) => {
    if (matVec(rational, Hm, t).some((x) => x.n !== 0n))
      errs.push(`family tangent ${i + 1} is not in the Hessian's null space`);
  });
  e.scales.forEach((sc) => {
    const why = rescalingError(net, sc.powers);
    if (why) errs.push(`rescaling "${sc.name}" is not a symmetry: ${why}`);
  });
  shears.forEach((sh) => {
    const why = shearError(net, pattern, sh);
    if (why) errs.push(`shear "${sh.name}" is not a symmetry of the cell: ${why}`);
  });
  for (const p of free) {
    const why = notInert(net, pattern, data, p);
    if (why) errs.push(`parameter ${p} is not free: ${why}`);
  }
  const D = riskDegree(net);
  if (D === null) return [...errs, 'the cell risk is not polynomial'];
  const forced = forcedPiecesOf(net, pattern);
  const B = e.shifts.map((b) => b.map(q));
  for (const u of simplexLattice(B.length, D - 1)) {
    if (u.every((x) => x === 0)) continue;
    const point = theta.map((t, p) => B.reduce((acc, b, j) => acc.add(b[p].mul(u[j])), t));
    const cg = cellGradient(net, loss, point, data, forced);
    if (cg.gradient.some((x) => x.n !== 0n)) {
      errs.push(`∇R_cell(θ + B·u) ≠ 0 at lattice point u = (${u.join(', ')})`);
      break;
    }
  }
  return errs;
}
