/**
 * Samples an architecture cannot tell apart: x ~ x′ when f_θ(x) = f_θ(x′) for
 * EVERY parameter point θ, decided from the layer structure alone (no θ is
 * sampled). A global lower bound follows (`architectureBound` in
 * ./global-bounds.ts): every network of the architecture gives one output per
 * group, so R ≥ the within-group deviation of the targets.
 *
 * Soundness. The network computes a_0 = x, a_l = h_l(W_l(θ)·a_{l−1} + b_l(θ)),
 * and every entry W_l[u, k](θ) is one of: θ_p for a fixed index p (a dense
 * weight, or a convolution tap, where one p serves every position); a fixed
 * rational c (pooling); or 0 at every θ, a structural zero (no tap of a
 * convolution joins u to k because of the kernel size, the zero padding or a
 * 'valid' border; k lies in no pooling window of u). Each bias b_l[u] is θ_p
 * (tied over the positions of a map, or one per position) or 0. Call k an
 * in-edge of u when W_l[u, k] is not a structural zero. A max-pooling unit is
 * no sum: a_l[u] = max over the entries k of its window, each an in-edge
 * labelled "max".
 *
 * (a) Receptive field. a_l[u] reads a_{l−1} only through its in-edges, so by
 * induction an output reads x only at the input coordinates joined to it by a
 * chain of in-edges: the receptive field (`receptiveField`, a boolean
 * propagation from the outputs back through the in-edges). Samples equal on it
 * give equal outputs at every θ. Outside it lie, e.g., the trailing rows and
 * columns a floor-mode pooling drops, after any 'valid' convolutions.
 *
 * (b) Formal terms. Write the value of unit u of layer l on sample x as the term
 *   T_l(u, x) = (l, bias label of u, multiset of (weight label, T_{l−1}(k, x)) over the in-edges k),
 * with T_0(k, x) the number x_k, weight labels "θ_p" or the constant c, and the
 * layer-1 pairs whose x_k is 0 left out. Claim: T_l(u, x) = T_l(u′, x′) implies
 * a_l[u](x; θ) = a_l[u′](x′; θ) for every θ. Induction: at layer 0 this is
 * equality of numbers. At layer l equal terms share the activation h_l (same
 * layer), the bias (the same θ_p, or none) and a bijection between the pairs of
 * u on x and of u′ on x′ preserving the weight label and the source's term;
 * matched sources are equal at every θ (induction), matched weights are the
 * same function of θ, a left-out pair contributes W·0 = 0 at every θ, and a sum
 * does not depend on the order of its terms; so the pre-activations, hence the
 * activations, are equal. A max-pooling unit's pairs are all labelled "max"
 * (none is left out: layer 1 may pool the input, and a 0 entry can be the
 * maximum); a maximum does not depend on the order of its arguments either. Samples whose output terms agree are therefore
 * indistinguishable (`indistinguishableGroups`).
 *
 * What (b) adds to (a) and to equal inputs: a convolution unit's term depends
 * on the values at its taps, not on its position, so a sum over positions (an
 * average pooling, or a global-average readout) sees only the multiset of the
 * patches' terms. Over one 'same' convolution a global-average readout is a
 * function of the multiset of zero-padded patches: a border patch, whose
 * missing taps are structural zeros, has the term of an interior patch with
 * zeros there. Nothing is assumed about boundaries beyond that: at a deeper
 * 'same' convolution the padding is again a structural zero (a padded position
 * holds 0, not h(b)), so a border unit has fewer in-edges than an interior one
 * and a different term; a dense readout gives every position its own weights
 * and so tells positions apart. Nothing that holds only at some θ (a unit dead
 * on both samples) or needs algebra beyond reordering a sum (distributing a
 * linear layer) is used. The grouping is sufficient, not necessary: samples in
 * different groups may still be indistinguishable.
 *
 * Every group is labelled with the weakest argument that proves it: the same
 * input, equal on the receptive field, or equal terms ('weight-sharing').
 */
import type { Fraction } from 'fraction.js';
import { DataError, type Dataset } from '../model/data.js';
import type { CompiledLayer, Network } from '../model/network.js';
import type { ArchitectureBoundEvidence } from './verdict.js';

/** Why the samples of a group are indistinguishable: the weakest of the three arguments that holds. */
export type IndistinguishableReason = IndistinguishableGroup['reason'];

/** Samples (0-based) that every parameter point maps to one output, and why. */
export type IndistinguishableGroup = ArchitectureBoundEvidence['groups'][number];

/** The in-edges of every unit of a layer: source index and weight label ("θ<p>", the pooling constant, or "max"). */
function inEdges(layer: CompiledLayer): { k: number; label: string }[][] {
  const out: { k: number; label: string }[][] = [];
  const mp = layer.maxPool;
  for (let u = 0; u < layer.outDim; u++) {
    const row: { k: number; label: string }[] = [];
    if (mp) {
      for (let j = 0; j < mp.size; j++) row.push({ k: mp.windows[u * mp.size + j], label: 'max' });
      out.push(row.sort((a, b) => a.k - b.k));
      continue;
    }
    for (let k = 0; k < layer.inDim; k++) {
      const at = u * layer.inDim + k;
      if (layer.weightIndex) {
        if (layer.weightIndex[at] >= 0) row.push({ k, label: `θ${layer.weightIndex[at]}` });
      } else if (layer.fixedWeight![at].n !== 0n) row.push({ k, label: layer.fixedWeight![at].toFraction() });
    }
    out.push(row);
  }
  return out;
}

/**
 * The receptive field of the outputs: entry j (input coordinate in the network's
 * layout, channel·H·W + row·W + column) is true when some output reads x_j
 * through a chain of structurally nonzero weights, for some θ; the outputs do
 * not depend on the other coordinates at any θ. Propagated backwards through the
 * layer connectivity (kernels, padding, 'valid' borders, floor-mode pooling).
 */
export function receptiveField(net: Network): boolean[] {
  let need = new Array<boolean>(net.outputDim).fill(true);
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const prev = new Array<boolean>(layer.inDim).fill(false);
    inEdges(layer).forEach((edges, u) => {
      if (need[u]) for (const e of edges) prev[e.k] = true;
    });
    need = prev;
  }
  return need;
}

function checkInputs(net: Network, data: Dataset): void {
  const d = data.inputs[0]?.length ?? 0;
  if (d !== net.inputDim)
    throw new DataError(`samples have ${d} input entries but the network expects ${net.inputDim}`);
}

/**
 * The samples every parameter point maps to one output: grouped by the formal
 * term of each output (the module comment proves f_θ(x) = f_θ(x′) for every θ
 * when the terms agree). Every sample is in exactly one group (singletons
 * included), groups in order of first appearance. Equal inputs, and inputs equal
 * on the receptive field, always share a group; tied weights summed over
 * positions can merge more.
 */
export function indistinguishableGroups(net: Network, data: Dataset): IndistinguishableGroup[] {
  checkInputs(net, data);
  const edges = net.layers.map(inEdges);
  // Terms are interned: equal ids ⇔ equal terms (the key lists the sorted pairs, a canonical multiset).
  const ids = new Map<string, number>();
  const intern = (key: string) => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const groups = new Map<string, number[]>();
  data.inputs.forEach((x, i) => {
    let prev: readonly string[] = x.map((c) => c.toFraction());
    net.layers.forEach((layer, l) => {
      prev = edges[l].map((row, u) => {
        const pairs: string[] = [];
        for (const e of row) if (l > 0 || x[e.k].n !== 0n || e.label === 'max') pairs.push(`${e.label}*${prev[e.k]}`);
        pairs.sort();
        const bias = layer.biasIndex ? `θ${layer.biasIndex[u]}` : '-';
        return String(intern(`${layer.number}|${bias}|${pairs.join(',')}`));
      });
    });
    const key = prev.join(',');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const field = receptiveField(net);
  const equalOn = (a: readonly Fraction[], b: readonly Fraction[], only: boolean) =>
    a.every((c, j) => (only && !field[j]) || c.equals(b[j]));
  return [...groups.values()].map((samples) => {
    const x0 = data.inputs[samples[0]];
    const reason: IndistinguishableReason = samples.every((i) => equalOn(data.inputs[i], x0, false))
      ? 'same-input'
      : samples.every((i) => equalOn(data.inputs[i], x0, true))
        ? 'receptive-field'
        : 'weight-sharing';
    return { samples, reason };
  });
}
