/**
 * Rescaling symmetries of a network, read from its architecture.
 *
 * If a hidden layer's activation is positively homogeneous of degree p
 * (h(s·z) = s^p·h(z) for s > 0: a piecewise-linear function with every
 * breakpoint at 0 and every intercept 0, or a single power c·t^p), then
 * multiplying the parameters feeding a group U of its units by s and the
 * parameters that read U in the next layer by s^(−p) leaves every output
 * unchanged, for every θ and every input, provided those parameters feed
 * nothing else. Dense units are their own groups; a convolution's units are
 * grouped by feature map (they share one filter).
 *
 * The same holds for the polynomial of any fixed activation cell (pieces
 * forced), which is what the degenerate-minimum certificate relies on.
 */
import type { Activation } from './activation.js';
import type { Fraction } from 'fraction.js';
import type { ActivationPattern } from './exact.js';
import type { Network } from './network.js';

export interface RescalingSymmetry {
  /** 1-based layer whose units are scaled. */
  readonly layer: number;
  /** 0-based rows (units) of that layer in the group. */
  readonly units: readonly number[];
  /** degree of homogeneity p of the layer's activation */
  readonly degree: number;
  /** [parameter index, exponent]: incoming parameters get +1, outgoing ones −p. */
  readonly powers: readonly (readonly [number, number])[];
  readonly name: string;
}

/** p with h(s·z) = s^p·h(z) for all s > 0, or null. */
export function homogeneityDegree(a: Activation): number | null {
  if (a.kind === 'pwl') {
    const t = a.fn.table;
    return t.breakpoints.every((b) => b.n === 0n) && t.intercepts.every((c) => c.n === 0n) ? 1 : null;
  }
  if (a.kind === 'smooth' && a.name === 'square') return 2;
  return null;
}

/** Parameter indices feeding and read from each hidden channel (dense unit or conv feature map). */
export function unitParameters(
  net: Network,
): { layer: number; channel: number; rows: number[]; incoming: number[]; outgoing: number[] }[] {
  const out: { layer: number; channel: number; rows: number[]; incoming: number[]; outgoing: number[] }[] = [];
  net.layers.forEach((L, li) => {
    const next = net.layers[li + 1];
    if (!next || !next.weightIndex || L.identity || !L.weightIndex) return;
    const per = L.outShape.height * L.outShape.width; // outputs per channel
    for (let c = 0; c < L.outShape.channels; c++) {
      const inc = new Set<number>(),
        outg = new Set<number>();
      const rows: number[] = [];
      for (let r = c * per; r < (c + 1) * per; r++) {
        rows.push(r);
        for (let k = 0; k < L.inDim; k++)
          if (L.weightIndex[r * L.inDim + k] >= 0) inc.add(L.weightIndex[r * L.inDim + k]);
        if (L.biasIndex) inc.add(L.biasIndex[r]);
        for (let o = 0; o < next.outDim; o++)
          if (next.weightIndex[o * next.inDim + r] >= 0) outg.add(next.weightIndex[o * next.inDim + r]);
      }
      out.push({ layer: L.number, channel: c, rows, incoming: [...inc], outgoing: [...outg] });
    }
  });
  return out;
}

/** Every place a parameter is used: [layer, row, column] (column −1 for a bias). */
export function parameterUses(net: Network): Map<number, [number, number, number][]> {
  const uses = new Map<number, [number, number, number][]>();
  const add = (p: number, u: [number, number, number]) => uses.set(p, [...(uses.get(p) ?? []), u]);
  for (const L of net.layers) {
    L.weightIndex?.forEach((p, k) => p >= 0 && add(p, [L.number, Math.floor(k / L.inDim), k % L.inDim]));
    L.biasIndex?.forEach((p, r) => p >= 0 && add(p, [L.number, r, -1]));
  }
  return uses;
}

/** The rescaling symmetries of the architecture, one per unit group of every eligible hidden layer. */
export function rescalingSymmetries(net: Network): RescalingSymmetry[] {
  const uses = parameterUses(net);
  const out: RescalingSymmetry[] = [];
  for (const u of unitParameters(net)) {
    const L = net.layers[u.layer - 1];
    const p = homogeneityDegree(L.activation);
    if (p === null || !u.incoming.length || !u.outgoing.length) continue;
    const rows = new Set(u.rows);
    // the group's parameters feed only its rows, and its readers read only its columns in the next layer
    const exclusive =
      u.incoming.every((q) => uses.get(q)!.every(([l, r]) => l === u.layer && rows.has(r))) &&
      u.outgoing.every((q) => uses.get(q)!.every(([l, , c]) => l === u.layer + 1 && rows.has(c)));
    if (!exclusive) continue;
    const conv = L.spec.kind === 'conv1d' || L.spec.kind === 'conv2d';
    out.push({
      layer: u.layer,
      units: u.rows,
      degree: p,
      powers: [...u.incoming.map((q) => [q, 1] as const), ...u.outgoing.map((q) => [q, -p] as const)].sort(
        (a, b) => a[0] - b[0],
      ),
      name: `layer ${u.layer}, ${conv ? 'map' : 'unit'} ${u.channel + 1}`,
    });
  }
  return out;
}

/**
 * Parameters the polynomial of θ's cell does not depend on at all (for every θ
 * in parameter space, pieces forced): every use of the parameter is in a unit
 * whose piece has slope 0 on every sample (a dead unit: its weights and bias
 * do not reach its output), or reads an input that is 0 on every sample (a
 * zero input coordinate, or a dead unit whose piece also has intercept 0).
 */
export function inertParameters(
  net: Network,
  pattern: ActivationPattern,
  inputs: readonly (readonly Fraction[])[],
): number[] {
  const pieces = new Map(pattern.layers.map((lp) => [lp.layer, lp.piece]));
  const table = (l: number) => {
    const a = net.layers[l - 1].activation;
    return a.kind === 'pwl' ? a.fn.table : null;
  };
  const dead = (l: number, u: number) => {
    const pc = pieces.get(l),
      t = table(l);
    return !!pc && !!t && pc[u].every((p) => t.slopes[p].n === 0n);
  };
  const silent = (l: number, u: number) =>
    dead(l, u) && pieces.get(l)![u].every((p) => table(l)!.intercepts[p].n === 0n);
  const zeroInput = (c: number) => inputs.every((x) => x[c].n === 0n);
  const out: number[] = [];
  for (const [p, uses] of parameterUses(net))
    if (uses.every(([l, r, c]) => dead(l, r) || (c >= 0 && (l === 1 ? zeroInput(c) : silent(l - 1, c))))) out.push(p);
  return out.sort((a, b) => a - b);
}

/**
 * A shear between two units i ≠ j of a dense hidden layer that have the same
 * slope on every sample and intercept 0 on θ's cell: row i of the layer's
 * weights and bias gains u·(row j), and column j of the next layer's weights
 * loses u·(column i). Then z_i becomes z_i + u·z_j, a_i becomes a_i + u·a_j on
 * every sample (same slope, no intercept), and the next layer's input
 * W_i·a_i + W_j·a_j is unchanged: a symmetry of the cell's polynomial for all
 * u. With the rescalings these generate GL on units that share one pattern.
 */
export interface ShearSymmetry {
  readonly layer: number;
  /** 0-based rows: row `target` gains u·row `source` */
  readonly target: number;
  readonly source: number;
  /** [param gaining, param added] for row target's weights and bias */
  readonly into: readonly (readonly [number, number])[];
  /** [param losing, param subtracted]: next layer's column source loses u·column target */
  readonly outOf: readonly (readonly [number, number])[];
  readonly name: string;
}

export function shearSymmetries(net: Network, pattern: ActivationPattern): ShearSymmetry[] {
  const uses = parameterUses(net);
  const out: ShearSymmetry[] = [];
  const units = unitParameters(net).filter((u) => net.layers[u.layer - 1].spec.kind === 'dense');
  for (const lp of pattern.layers) {
    const L = net.layers[lp.layer - 1],
      next = net.layers[lp.layer];
    if (L.activation.kind !== 'pwl' || !L.weightIndex || !next?.weightIndex) continue;
    const t = L.activation.fn.table;
    const mine = units.filter((u) => u.layer === lp.layer);
    // exclusive: the unit's parameters feed only its row, its readers read only its column
    const exclusive = new Set(
      mine
        .filter(
          (u) =>
            u.incoming.every((q) => uses.get(q)!.every(([l, r]) => l === u.layer && r === u.rows[0])) &&
            u.outgoing.every((q) => uses.get(q)!.every(([l, , c]) => l === u.layer + 1 && c === u.rows[0])),
        )
        .map((u) => u.rows[0]),
    );
    const slopes = lp.piece.map((row) => row.map((p) => (t.intercepts[p].n === 0n ? t.slopes[p].toFraction() : null)));
    for (const i of exclusive)
      for (const j of exclusive) {
        if (i === j || slopes[i].some((x, s) => x === null || x !== slopes[j][s])) continue;
        if (slopes[i].every((x) => x === '0')) continue; // dead units are free coordinates instead
        const into: [number, number][] = [];
        for (let c = 0; c < L.inDim; c++) into.push([L.weightIndex[i * L.inDim + c], L.weightIndex[j * L.inDim + c]]);
        if (L.biasIndex) into.push([L.biasIndex[i], L.biasIndex[j]]);
        const outOf: [number, number][] = [];
        for (let r = 0; r < next.outDim; r++)
          outOf.push([next.weightIndex[r * next.inDim + j], next.weightIndex[r * next.inDim + i]]);
        out.push({
          layer: lp.layer,
          target: i,
          source: j,
          into,
          outOf,
          name: `layer ${lp.layer}, unit ${i + 1} += u·unit ${j + 1}`,
        });
      }
  }
  return out;
}

/** The tangent of a shear at θ (d/du at u = 0). */
export function shearTangent(sh: ShearSymmetry, theta: readonly Fraction[]): Fraction[] {
  const t = theta.map((x) => x.sub(x));
  for (const [p, q] of sh.into) t[p] = t[p].add(theta[q]);
  for (const [p, q] of sh.outOf) t[p] = t[p].sub(theta[q]);
  return t;
}
