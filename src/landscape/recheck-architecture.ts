/**
 * The independent re-check of an architecture-bound proof (./receptive-field.ts
 * builds it by interning formal terms; nothing of that code is used here):
 *  - the receptive field is recomputed FORWARD, from each input coordinate
 *    through the raw weight index maps, pooling matrices and max-pooling windows, and must be the
 *    stored one;
 *  - each stored group is checked by the argument it names: equal inputs;
 *    equal on the recomputed field; or 'weight-sharing', by matching each
 *    member against the first unit by unit, top down: two units match when they
 *    share the layer and the bias parameter and their in-edges (a zero input
 *    left out, except in a max-pooling window) pair up one to one with equal weight labels and matching sources
 *    (an explicit bijection of the sums, so equal values at every θ);
 *  - the outputs at θ are equal on every group (a necessary condition, re-read
 *    from the forward pass);
 *  - the bound is recomputed from the groups, and R(θ) recomputed equals it.
 */
import { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { exactOutputs, exactRisk } from '../model/exact.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import type { ArchitectureBoundEvidence } from './verdict.js';

/** Structural weight label of entry (u, k) of a layer: "p<index>", "c<value>", "max" (k in u's max-pooling window), or null (0 at every θ). */
function label(net: Network, l: number, u: number, k: number): string | null {
  const layer = net.layers[l];
  const mp = layer.maxPool;
  if (mp) return mp.windows.subarray(u * mp.size, (u + 1) * mp.size).includes(k) ? 'max' : null;
  const at = u * layer.inDim + k;
  if (layer.weightIndex) return layer.weightIndex[at] < 0 ? null : `p${layer.weightIndex[at]}`;
  const c = layer.fixedWeight![at];
  return c.n === 0n ? null : `c${c.toFraction()}`;
}

/** Input coordinates read by some output, by forward reachability from each coordinate on its own. */
function forwardField(net: Network): boolean[] {
  return Array.from({ length: net.inputDim }, (_, j) => {
    let reach = Array.from({ length: net.inputDim }, (_, k) => k === j);
    net.layers.forEach((layer, l) => {
      reach = Array.from({ length: layer.outDim }, (_, u) => reach.some((r, k) => r && label(net, l, u, k) !== null));
    });
    return reach.some((r) => r);
  });
}

/** A unit-by-unit matching proving f_θ(x) = f_θ(x′) at every θ (null when none is found). */
function matchOutputs(net: Network, x: readonly Fraction[], y: readonly Fraction[]): string | null {
  const memo = new Map<string, boolean>();
  // unit u on x against unit v on y, at layer l (0 = the inputs)
  const same = (l: number, u: number, v: number): boolean => {
    if (l === 0) return x[u].equals(y[v]);
    const key = `${l}/${u}/${v}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const layer = net.layers[l - 1];
    const bias = (w: number) => (layer.biasIndex ? layer.biasIndex[w] : -1);
    const edges = (w: number, z: readonly Fraction[]) =>
      Array.from({ length: layer.inDim }, (_, k) => ({ k, lab: label(net, l - 1, w, k) })).filter(
        (e) => e.lab !== null && (l > 1 || z[e.k].n !== 0n || e.lab === 'max'),
      );
    let ok = bias(u) === bias(v);
    const eu = ok ? edges(u, x) : [];
    const ev = ok ? edges(v, y) : [];
    if (eu.length !== ev.length) ok = false;
    const used = new Array<boolean>(ev.length).fill(false);
    // greedy pairing: any match will do, the pairing itself is the bijection of the sums
    for (const e of ok ? eu : []) {
      const m = ev.findIndex((f, t) => !used[t] && f.lab === e.lab && same(l - 1, e.k, f.k));
      if (m < 0) {
        ok = false;
        break;
      }
      used[m] = true;
    }
    memo.set(key, ok);
    return ok;
  };
  const L = net.layers.length;
  for (let o = 0; o < net.outputDim; o++) if (!same(L, o, o)) return `output ${o + 1} has no matching`;
  return null;
}

export function recheckArchitectureBound(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: ArchitectureBoundEvidence,
): string[] {
  const errs: string[] = [];
  const n = data.inputs.length;
  const field = forwardField(net);
  const outside = field.flatMap((inside, j) => (inside ? [] : [j]));
  if (JSON.stringify(outside) !== JSON.stringify(e.outsideField))
    errs.push(
      `the coordinates outside the receptive field are [${outside.join(', ')}], not the stored [${e.outsideField.join(', ')}]`,
    );
  if (e.groups.some((g) => g.samples.length < 2)) return [...errs, 'a group has fewer than two samples'];
  const seen = new Set<number>();
  for (const g of e.groups)
    for (const i of g.samples) {
      if (!Number.isInteger(i) || i < 0 || i >= n || seen.has(i)) {
        errs.push(`sample index ${i} is out of range or in two groups`);
        return errs;
      }
      seen.add(i);
    }
  const outs = exactOutputs(net, theta, data);
  for (const g of e.groups) {
    const name = `group {${g.samples.map((i) => i + 1).join(', ')}}`;
    const x0 = data.inputs[g.samples[0]];
    for (const i of g.samples.slice(1)) {
      const x = data.inputs[i];
      if (g.reason === 'same-input' && x.some((c, j) => !c.equals(x0[j])))
        errs.push(`${name}: samples ${g.samples[0] + 1} and ${i + 1} have different inputs`);
      else if (g.reason === 'receptive-field' && x.some((c, j) => field[j] && !c.equals(x0[j])))
        errs.push(`${name}: samples ${g.samples[0] + 1} and ${i + 1} differ inside the receptive field`);
      else if (g.reason === 'weight-sharing') {
        const why = matchOutputs(net, x0, x);
        if (why) errs.push(`${name}: samples ${g.samples[0] + 1} and ${i + 1} are not shown alike (${why})`);
      } else if (!['same-input', 'receptive-field', 'weight-sharing'].includes(g.reason))
        errs.push(`${name}: unknown reason ${JSON.stringify(g.reason)}`);
      if (outs[i].some((v, o) => !v.equals(outs[g.samples[0]][o])))
        errs.push(`${name}: samples ${g.samples[0] + 1} and ${i + 1} have different outputs at θ`);
    }
  }
  let ss = new Fraction(0);
  for (const g of e.groups)
    for (let o = 0; o < net.outputDim; o++) {
      const ys = g.samples.map((i) => data.targets[i][o]);
      const mean = ys.reduce((a, b) => a.add(b), new Fraction(0)).div(ys.length);
      for (const y of ys) ss = ss.add(y.sub(mean).mul(y.sub(mean)));
    }
  const bound = ss.mul(squaredRiskFactor(rational, loss, n));
  if (!bound.equals(rational.fromString(e.bound)))
    errs.push(`the groups give the bound ${bound.toFraction()}, not the stored ${e.bound}`);
  const r = exactRisk(net, loss, theta, data);
  if (!r.equals(rational.fromString(e.risk))) errs.push(`R(θ) is ${r.toFraction()}, not the stored ${e.risk}`);
  if (!r.equals(bound)) errs.push(`R(θ) = ${r.toFraction()} does not attain the bound ${bound.toFraction()}`);
  return errs;
}
