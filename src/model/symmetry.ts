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
function usesOf(net: Network): Map<number, [number, number, number][]> {
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
  const uses = usesOf(net);
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
