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
import { Fraction } from 'fraction.js';
import { fromRows, nullspace } from '../linalg/matrix.js';
import { rational } from '../numeric/rational.js';
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
  if (a.kind === 'poly') {
    // a single power c·t^p
    const nz = a.coefficients.flatMap((c, k) => (c.n === 0n ? [] : [k]));
    return nz.length === 1 && nz[0] >= 1 ? nz[0] : null;
  }
  return null;
}

/**
 * Parameter indices feeding and read from each hidden channel (dense unit or
 * conv feature map). By default the readers are the next layer's weights only;
 * with `throughFixed` a channel followed by parameter-free layers (pooling) is
 * read by the weights of the first parametrised layer after them, on the
 * columns its outputs reach (`readLayer`, 1-based, says which). Max pooling is
 * looked through as well, although it is not linear: a pooled output is
 * reached when its window holds one of the channel's rows (for some θ it
 * selects that row). It pools within one map and max(s·x) = s·max(x) for
 * s > 0, so scaling one map's outputs scales exactly its pooled outputs; but
 * a reader behind it sees the channel only where the channel is selected, so
 * consumers that need more than "which parameters can read it" (the hinge
 * search) carry values through θ's selection.
 */
export function unitParameters(
  net: Network,
  opts: { throughFixed?: boolean } = {},
): { layer: number; channel: number; rows: number[]; incoming: number[]; outgoing: number[]; readLayer: number }[] {
  const out: ReturnType<typeof unitParameters> = [];
  net.layers.forEach((L, li) => {
    if (L.identity || !L.weightIndex) return;
    let j = li + 1;
    while (opts.throughFixed && net.layers[j] && !net.layers[j].weightIndex && net.layers[j].identity) j++;
    const reader = net.layers[j];
    if (!reader || !reader.weightIndex) return;
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
      }
      // the columns of the reading layer these rows reach through the fixed layers in between
      let cols = new Set(rows);
      for (let m = li + 1; m < j; m++) {
        const F = net.layers[m];
        const next = new Set<number>();
        const mp = F.maxPool;
        for (let o = 0; o < F.outDim; o++)
          if (mp) {
            for (let k = 0; k < mp.size; k++) if (cols.has(mp.windows[o * mp.size + k])) next.add(o);
          } else for (const k of cols) if (F.fixedWeight![o * F.inDim + k].n !== 0n) next.add(o);
        cols = next;
      }
      for (let o = 0; o < reader.outDim; o++)
        for (const k of cols)
          if (reader.weightIndex[o * reader.inDim + k] >= 0) outg.add(reader.weightIndex[o * reader.inDim + k]);
      out.push({
        layer: L.number,
        channel: c,
        rows,
        incoming: [...inc],
        outgoing: [...outg],
        readLayer: reader.number,
      });
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
 * θ moved along a rescaling symmetry by the factor s: each parameter times
 * s^power (incoming ×s, outgoing ×s^−p). For s > 0 the network's function is
 * unchanged (positive homogeneity); for s < 0 it is not in general.
 */
export function applyRescaling(sym: RescalingSymmetry, theta: readonly Fraction[], s: Fraction): Fraction[] {
  if (s.n === 0n) throw new RangeError('a rescaling factor must be nonzero');
  const out = theta.slice();
  for (const [p, e] of sym.powers) out[p] = out[p].mul(s.pow(e));
  return out;
}

/**
 * Parameters the polynomial of θ's cell does not depend on at all (for every θ
 * in parameter space, pieces forced): every use of the parameter is in a unit
 * whose piece has slope 0 on every sample (a dead unit: its weights and bias
 * do not reach its output), or reads an input that is 0 on every sample (a
 * zero input coordinate, or a dead unit whose piece also has intercept 0). In increasing order.
 */
export function inertParameters(
  net: Network,
  pattern: ActivationPattern,
  inputs: readonly (readonly Fraction[])[],
): number[] {
  const pieces = new Map(pattern.layers.map((lp) => [lp.layer, lp.piece]));
  const table = (l: number) => {
    const L = net.layers[l - 1];
    // a max-pooling layer's pattern is a selection, not activation pieces: never dead or silent
    return L.activation.kind === 'pwl' && !L.maxPool ? L.activation.fn.table : null;
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

/**
 * Units of dense hidden layers grouped by their slope on every sample of θ's
 * cell (pieces with intercept 0 only, not dead everywhere), among units whose
 * parameters feed only their own row and whose readers read only their column.
 */
export function samePatternClasses(net: Network, pattern: ActivationPattern): { layer: number; units: number[] }[] {
  const uses = parameterUses(net);
  const out: { layer: number; units: number[] }[] = [];
  const units = unitParameters(net).filter((u) => net.layers[u.layer - 1].spec.kind === 'dense');
  for (const lp of pattern.layers) {
    const L = net.layers[lp.layer - 1],
      next = net.layers[lp.layer];
    if (L.activation.kind !== 'pwl' || !L.weightIndex || !next?.weightIndex) continue;
    const t = L.activation.fn.table;
    const classes = new Map<string, number[]>();
    for (const u of units.filter((x) => x.layer === lp.layer)) {
      const r = u.rows[0];
      const exclusive =
        u.incoming.every((q) => uses.get(q)!.every(([l, row]) => l === u.layer && row === r)) &&
        u.outgoing.every((q) => uses.get(q)!.every(([l, , c]) => l === u.layer + 1 && c === r));
      const pieces = lp.piece[r];
      if (!exclusive || pieces.some((p) => t.intercepts[p].n !== 0n) || pieces.every((p) => t.slopes[p].n === 0n))
        continue;
      const key = pieces.map((p) => t.slopes[p].toFraction()).join(',');
      classes.set(key, [...(classes.get(key) ?? []), r]);
    }
    for (const us of classes.values()) if (us.length > 1) out.push({ layer: lp.layer, units: us });
  }
  return out;
}

export function shearSymmetries(net: Network, pattern: ActivationPattern): ShearSymmetry[] {
  const out: ShearSymmetry[] = [];
  for (const cls of samePatternClasses(net, pattern)) {
    const L = net.layers[cls.layer - 1],
      next = net.layers[cls.layer];
    const W = L.weightIndex!,
      V = next.weightIndex!;
    for (const i of cls.units)
      for (const j of cls.units) {
        if (i === j) continue;
        const into: [number, number][] = [];
        for (let c = 0; c < L.inDim; c++) into.push([W[i * L.inDim + c], W[j * L.inDim + c]]);
        if (L.biasIndex) into.push([L.biasIndex[i], L.biasIndex[j]]);
        const outOf: [number, number][] = [];
        for (let r = 0; r < next.outDim; r++) outOf.push([V[r * next.inDim + j], V[r * next.inDim + i]]);
        out.push({
          layer: cls.layer,
          target: i,
          source: j,
          into,
          outOf,
          name: `layer ${cls.layer}, unit ${i + 1} += u·unit ${j + 1}`,
        });
      }
  }
  return out;
}

/**
 * Affine directions of a class of units sharing one pattern (samePatternClasses):
 * move their incoming weights and biases by k·aᵀ with k in the null space of the
 * next layer's weights reading them (V_G·k = 0). Their pre-activations change by
 * k·(aᵀx̃), their outputs by (common slope)·k·(aᵀx̃), which V_G annihilates: the
 * outputs do not change. Also bias transfers (see below). Whether ∇R stays 0
 * along them is for the caller to check.
 */
export function nullReadDirections(net: Network, pattern: ActivationPattern, theta: readonly Fraction[]): Fraction[][] {
  const out: Fraction[][] = [];
  for (const cls of samePatternClasses(net, pattern)) {
    const L = net.layers[cls.layer - 1],
      next = net.layers[cls.layer];
    const Vg = fromRows(
      Array.from({ length: next.outDim }, (_, r) => cls.units.map((g) => theta[next.weightIndex![r * next.inDim + g]])),
    );
    const K = nullspace(rational, Vg);
    const cols = [...Array(L.inDim).keys()].map((c) => (g: number) => L.weightIndex![g * L.inDim + c]);
    if (L.biasIndex) cols.push((g: number) => L.biasIndex![g]);
    for (let b = 0; b < K.cols; b++)
      for (const at of cols) {
        const d = theta.map(() => new Fraction(0));
        cls.units.forEach((g, m) => (d[at(g)] = K.data[m * K.cols + b]));
        out.push(d);
      }
  }
  // bias transfer: a unit with one slope σ on every sample (any intercepts) and a next layer with
  // biases: b_j += 1 shifts a_j by σ on every sample, which next-layer biases −σ·V_kj absorb
  const uses = parameterUses(net);
  for (const lp of pattern.layers) {
    const L = net.layers[lp.layer - 1],
      next = net.layers[lp.layer];
    if (L.activation.kind !== 'pwl' || L.spec.kind !== 'dense' || !L.biasIndex || !next?.biasIndex || !next.weightIndex)
      continue;
    const t = L.activation.fn.table;
    lp.piece.forEach((pieces, j) => {
      const sigma = t.slopes[pieces[0]];
      if (sigma.n === 0n || pieces.some((p) => !t.slopes[p].equals(sigma))) return;
      const bj = L.biasIndex![j];
      if (bj < 0 || uses.get(bj)!.length !== 1) return;
      const d = theta.map(() => new Fraction(0));
      d[bj] = new Fraction(1);
      for (let k = 0; k < next.outDim; k++) {
        const bk = next.biasIndex![k];
        if (bk >= 0) d[bk] = d[bk].sub(sigma.mul(theta[next.weightIndex![k * next.inDim + j]]));
      }
      out.push(d);
    });
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
