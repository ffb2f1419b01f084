/**
 * Independent re-checks of the cell-bound proofs (see ./recheck.ts for the
 * contract): pattern-class bound (with dead layers; rank-limited groups go to
 * ./recheck-rank.ts), lifted bound, boundary bound (every adjacent cell
 * enumerated here again), and the boundary KKT certificate.
 */
import { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { activationPattern, exactOutputs, exactRisk, maxPoolTies } from '../model/exact.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { groupFits, MAX_ENUMERATED_KINKS, needsConstant, patternKeys } from './certificates.js';
import { liftedCoordinates, liftedDesign } from './lifted.js';
import { getBlock } from '../model/network.js';
import type { BoundaryBoundEvidence, BoundaryKktEvidence, CellBoundEvidence } from './verdict.js';
import { recheckRankGroup } from './recheck-rank.js';

const q = (x: string) => rational.fromString(x);

export function recheckPatternBound(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: CellBoundEvidence,
): string[] {
  const errs: string[] = [];
  const pat = activationPattern(net, theta, data);
  if (!pat.interior) return ['θ is not strictly inside a cell'];
  const keys = patternKeys(pat, data.inputs.length);
  // the groups must partition the samples, one group per distinct pattern
  const all = (e.groups ?? []).flatMap((g) => g.samples);
  const counts = new Map<number, number>();
  for (const i of all) counts.set(i, (counts.get(i) ?? 0) + 1);
  if (
    all.length !== data.inputs.length ||
    counts.size !== data.inputs.length ||
    [...counts.keys()].some((i) => !Number.isInteger(i) || i < 0 || i >= data.inputs.length)
  ) {
    // nothing below can read a sample that is not one (a stored −1 made it throw a TypeError)
    return ['the groups do not list every sample exactly once'];
  }
  const patterns = (e.groups ?? []).map((g) => g.pattern);
  if (new Set(patterns).size !== patterns.length) errs.push('two groups share a pattern');
  const dY = data.targets[0].length,
    dX = data.inputs[0].length + (e.affine ? 1 : 0);
  for (const g of e.groups ?? [])
    if (g.map.length !== dY || g.map.some((row) => row.length !== dX))
      errs.push(`group ${g.pattern}: the map must be ${dY}×${dX}`);
  const seen = new Set<number>();
  const k = squaredRiskFactor(rational, loss, data.inputs.length);
  let total = new Fraction(0);
  for (const g of e.groups ?? []) {
    for (const i of g.samples) {
      if (keys[i] !== g.pattern) errs.push(`sample ${i + 1} has pattern ${keys[i]}, not ${g.pattern}`);
      seen.add(i);
    }
    if (new Set(keys.filter((_, i) => g.samples.includes(i))).size > 1) errs.push(`group ${g.pattern} mixes patterns`);
    const othersWithPattern = keys.filter((key, i) => key === g.pattern && !g.samples.includes(i));
    if (othersWithPattern.length) errs.push(`group ${g.pattern} misses samples with the same pattern`);
    if (g.rank) {
      // a rank-limited group: its certificate is re-checked by ./recheck-rank.ts
      const ranked = recheckRankGroup(net, loss, data, g, e.affine);
      errs.push(...ranked.errors);
      total = total.add(ranked.risk);
      continue;
    }
    const map = g.map.map((row) => row.map(q));
    const xt = (i: number) => (e.affine ? [...data.inputs[i], new Fraction(1)] : [...data.inputs[i]]);
    // residuals and normal equations Σ_i r_i x̃_iᵀ = 0
    let ss = new Fraction(0);
    const normal = map.map(() => new Array<Fraction>(xt(0).length).fill(new Fraction(0)));
    for (const i of g.samples) {
      const x = xt(i);
      map.forEach((row, o) => {
        if (row.length !== x.length)
          errs.push(`group ${g.pattern}: map row ${o + 1} has ${row.length} entries, inputs need ${x.length}`);
        const r = row.reduce((acc, w, j) => acc.add(w.mul(x[j] ?? 0)), new Fraction(0)).sub(data.targets[i][o]);
        ss = ss.add(r.mul(r));
        normal[o] = normal[o].map((v, j) => v.add(r.mul(x[j])));
      });
    }
    // A constant group: its pattern must force it (a dead layer, recomputed here from
    // the layers' slopes), its linear part must be 0, and only the constant is fitted.
    const dead = g.constant !== undefined;
    if (dead) {
      const why = deadLayer(net, g.pattern);
      if (!why) errs.push(`group ${g.pattern}: restricted to a constant, but no layer is dead on its pattern`);
      if (map.some((row) => row.slice(0, data.inputs[0].length).some((w) => w.n !== 0n)))
        errs.push(`group ${g.pattern}: restricted to a constant, but its map has a nonzero linear part`);
    }
    // A group restricted to some input coordinates: recomputed here forwards from the inputs
    // (independent of certificates.connectedInputs, which walks back from the outputs); its map
    // must vanish elsewhere, and only those coordinates (and the constant) are fitted.
    const support = g.support ? new Set(g.support) : null;
    if (support) {
      const reach = reachingInputs(net, g.pattern);
      if (reach.some((j) => !support.has(j)))
        errs.push(
          `group ${g.pattern}: input coordinates ${reach.filter((j) => !support.has(j)).join(', ')} reach an output but are outside the stored support`,
        );
      if (map.some((row) => row.slice(0, data.inputs[0].length).some((w, j) => !support.has(j) && w.n !== 0n)))
        errs.push(`group ${g.pattern}: its map uses an input coordinate outside its support`);
    }
    const fitted = (j: number) => j >= data.inputs[0].length || (!dead && (!support || support.has(j)));
    if (normal.some((row) => row.some((v, j) => fitted(j) && v.n !== 0n)))
      errs.push(
        `group ${g.pattern}: the stored map does not satisfy the normal equations (not a least-squares minimiser)`,
      );
    if (!ss.mul(k).equals(q(g.risk)))
      errs.push(`group ${g.pattern}: risk is ${ss.mul(k).toFraction()}, not the stored ${g.risk}`);
    total = total.add(ss.mul(k));
  }
  if (seen.size !== data.inputs.length) errs.push(`the groups cover ${seen.size} of ${data.inputs.length} samples`);
  if (!e.affine && needsConstant(net))
    errs.push('linear (non-affine) group maps were used although the network produces constants');
  return [...errs, ...boundAttained(net, loss, theta, data, e, total, 'the groups add up to')];
}

/** The recomputed bound is the stored one, and R(θ), recomputed, is the stored risk and equals the bound. */
function boundAttained(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: CellBoundEvidence,
  bound: Fraction,
  what: string,
): string[] {
  const errs: string[] = [];
  if (e.bound === null || !bound.equals(q(e.bound)))
    errs.push(`${what} ${bound.toFraction()}, not the stored bound ${e.bound}`);
  const r = exactRisk(net, loss, theta, data);
  if (!r.equals(q(e.risk))) errs.push(`R(θ) is ${r.toFraction()}, not the stored ${e.risk}`);
  if (!r.equals(bound)) errs.push(`R(θ) = ${r.toFraction()} does not equal the bound ${bound.toFraction()}`);
  return errs;
}

export function recheckLifted(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: CellBoundEvidence,
): string[] {
  const errs: string[] = [];
  if (!e.lifted) return ['no lifted design stored'];
  // The design of θ's cell, recomputed from the network, must be the stored one.
  const fresh = liftedDesign(net, theta, data);
  if (!fresh || JSON.stringify(fresh.rows.map((r) => r.map((x) => x.toFraction()))) !== JSON.stringify(e.lifted.design))
    errs.push("the stored design rows are not those of θ's cell");
  const Phi = e.lifted.design.map((r) => r.map(q));
  const B = e.lifted.coefficients.map((r) => r.map(q));
  const dY = data.targets[0].length;
  let ss = new Fraction(0);
  const normal = B.map(() => new Array<Fraction>(dY).fill(new Fraction(0)));
  Phi.forEach((row, i) => {
    for (let o = 0; o < dY; o++) {
      const r = row.reduce((acc, v, f) => acc.add(v.mul(B[f][o])), new Fraction(0)).sub(data.targets[i][o]);
      ss = ss.add(r.mul(r));
      row.forEach((v, f) => (normal[f][o] = normal[f][o].add(v.mul(r))));
    }
  });
  if (normal.some((row) => row.some((v) => v.n !== 0n)))
    errs.push('the stored coefficients do not satisfy the normal equations');
  const bound = ss.mul(squaredRiskFactor(rational, loss, data.inputs.length));
  return [...errs, ...boundAttained(net, loss, theta, data, e, bound, 'the residual gives')];
}

export function recheckBoundary(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: BoundaryBoundEvidence,
): string[] {
  const errs: string[] = [];
  if (e.kinks.length > MAX_ENUMERATED_KINKS)
    return [`${e.kinks.length} kink entries: more than ${MAX_ENUMERATED_KINKS} cannot have been enumerated`];
  const pat = activationPattern(net, theta, data);
  if (maxPoolTies(pat.kinks).length) return ['max pooling ties are not supported by the boundary bound'];
  const kinks = pat.kinks.map((k) => `${k.layer}/${k.unit}/${k.sample}`);
  if (JSON.stringify(kinks) !== JSON.stringify(e.kinks.map((k) => `${k.layer}/${k.unit}/${k.sample}`)))
    return ['the stored kink entries are not those of θ'];
  if (pat.kinks.length > MAX_ENUMERATED_KINKS) return [`θ has ${pat.kinks.length} kink entries: too many to enumerate`];
  // Enumerate every left/right assignment here, independently of boundaryBound's loop.
  const stored = new Map<string, string>();
  for (const a of e.assignments) {
    const key = a.sides.join(',');
    if (a.sides.length !== kinks.length)
      errs.push(`assignment ${key}: ${a.sides.length} sides for ${kinks.length} kink entries`);
    if (stored.has(key)) errs.push(`assignment ${key} is stored twice`);
    stored.set(key, a.bound);
  }
  const r = exactRisk(net, loss, theta, data);
  if (!r.equals(q(e.risk))) errs.push(`R(θ) is ${r.toFraction()}, not the stored ${e.risk}`);
  const outputs = exactOutputs(net, theta, data);
  const sides = (code: number) => kinks.map((_, b) => ((code >> b) & 1 ? 'right' : 'left'));
  for (let code = 0; code < 1 << kinks.length; code++) {
    const sd = sides(code);
    const override = new Map<string, number>();
    pat.kinks.forEach((k, b) => {
      const left = pat.layers.find((x) => x.layer === k.layer)!.piece[k.unit][k.sample];
      override.set(kinks[b], left + (sd[b] === 'right' ? 1 : 0));
    });
    const { bound, fits } = groupFits(net, loss, data, patternKeys(pat, data.inputs.length, override), outputs);
    for (const f of fits) if (f.rank) errs.push(...recheckRankGroup(net, loss, data, f, needsConstant(net)).errors);
    const key = sd.join(',');
    const s = stored.get(key);
    if (s === undefined) errs.push(`the adjacent cell ${key} was not examined`);
    else if (!q(s).equals(bound)) errs.push(`assignment ${key}: bound ${bound.toFraction()}, stored ${s}`);
    if (bound.compare(r) < 0)
      errs.push(
        `the adjacent cell ${key} has pattern-class bound ${bound.toFraction()} below R(θ) = ${r.toFraction()}`,
      );
  }
  if (stored.size !== 1 << kinks.length)
    errs.push(`${stored.size} assignments stored, ${1 << kinks.length} adjacent cells exist`);
  return errs;
}

/**
 * The input coordinates from which some path reaches an output on this pattern
 * key, walking forwards: through parameter or nonzero fixed weights, units whose
 * piece has a nonzero slope, and the entries max pooling selects.
 */
function reachingInputs(net: Network, pattern: string): number[] {
  const pieces = new Map<number, string[]>();
  for (const part of pattern.split('|')) {
    const colon = part.indexOf(':');
    pieces.set(Number(part.slice(1, colon)), part.slice(colon + 1).split(','));
  }
  const out: number[] = [];
  for (let j = 0; j < net.layers[0].inDim; j++) {
    let reach = new Set([j]);
    for (const layer of net.layers) {
      const p = pieces.get(layer.number);
      const next = new Set<number>();
      for (let u = 0; u < layer.outDim; u++) {
        if (layer.maxPool) {
          const { size, windows } = layer.maxPool;
          if (reach.has(windows[u * size + Number(p?.[u] ?? 0)])) next.add(u);
          continue;
        }
        const act = layer.activation;
        if (p && act.kind === 'pwl' && act.slopes[Number(p[u])]?.equals(0)) continue;
        for (const i of reach) {
          const k = u * layer.inDim + i;
          const linked = layer.weightIndex ? layer.weightIndex[k] >= 0 : !(layer.fixedWeight?.[k]?.equals(0) ?? true);
          if (linked) {
            next.add(u);
            break;
          }
        }
      }
      reach = next;
    }
    if (reach.size) out.push(j);
  }
  return out;
}

/**
 * A layer with slope 0 on every unit for this pattern key ("L1:0,0|L2:1,0"), from
 * the activation tables directly (independent of certificates.constantReason).
 */
function deadLayer(net: Network, pattern: string): number | null {
  for (const part of pattern.split('|')) {
    const colon = part.indexOf(':');
    const layer = net.layers[Number(part.slice(1, colon)) - 1];
    if (!layer || layer.activation.kind !== 'pwl') continue;
    const act = layer.activation;
    const pieces = part.slice(colon + 1).split(',');
    if (pieces.every((p) => act.slopes[Number(p)] !== undefined && act.slopes[Number(p)].equals(0)))
      return layer.number;
  }
  return null;
}

/**
 * A boundary KKT proof: the kinks are θ's, every side is listed once, and on each
 * the stored gradient is recomputed from the lifted design of that closed cell and
 * equals Σ λ_k·a_k with every λ_k ≥ 0, exactly.
 */
export function recheckBoundaryKkt(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: BoundaryKktEvidence,
): string[] {
  const errs: string[] = [];
  const pat = activationPattern(net, theta, data);
  if (maxPoolTies(pat.kinks).length) return ['max pooling ties are not supported by the boundary KKT certificate'];
  const key = (k: { layer: number; unit: number; sample: number }) => `${k.layer}/${k.unit}/${k.sample}`;
  if (JSON.stringify(pat.kinks.map(key)) !== JSON.stringify(e.kinks.map(key)))
    return ['the stored kink entries are not those of θ'];
  if (pat.kinks.length > MAX_ENUMERATED_KINKS) return ['too many kink entries'];
  if (pat.kinks.some((k) => k.at.n !== 0n)) return ['a kink entry is not at the breakpoint 0'];
  const r = exactRisk(net, loss, theta, data);
  if (!r.equals(q(e.risk))) errs.push(`R(θ) is ${r.toFraction()}, not the stored ${e.risk}`);
  const l1 = net.layers[0];
  const z = getBlock(net, theta, 'layer2.weight');
  const kept = pat.kinks.filter((k) => z[k.unit].n !== 0n);
  if (JSON.stringify(e.dropped.map(key)) !== JSON.stringify(pat.kinks.filter((k) => z[k.unit].n === 0n).map(key)))
    errs.push('the dropped kink entries are not those of units with zero outgoing weight');
  const per = l1.inDim + (l1.biasIndex ? 1 : 0);
  const lp = pat.layers.find((l) => l.layer === 1)!;
  const c = squaredRiskFactor(rational, loss, data.inputs.length);
  const seen = new Set<string>();
  for (const side of e.sides) {
    const name = side.sides.join(',');
    if (side.sides.length !== pat.kinks.length || seen.has(name)) errs.push(`side ${name} is malformed or repeated`);
    seen.add(name);
    const pieces = lp.piece.map((row) => row.slice());
    pat.kinks.forEach((k, b) => (pieces[k.unit][k.sample] += side.sides[b] === 'right' ? 1 : 0));
    const D = liftedDesign(net, theta, data, pieces);
    if (!D) return ['no lifted design'];
    const u = liftedCoordinates(net, theta, D.featureNames).map((row) => row[0]);
    const res = D.rows.map((row, i) =>
      row.reduce((a, x, f) => a.add(x.mul(u[f])), new Fraction(0)).sub(data.targets[i][0]),
    );
    const grad = u.map((_, f) =>
      D.rows
        .reduce((a, row, i) => a.add(row[f].mul(res[i])), new Fraction(0))
        .mul(c)
        .mul(2),
    );
    if (JSON.stringify(grad.map((g) => g.toFraction())) !== JSON.stringify(side.gradient))
      errs.push(`side ${name}: the stored gradient is not ∇Q at θ`);
    const lam = side.multipliers?.map(q);
    if (!lam || lam.length !== kept.length) {
      errs.push(`side ${name}: no multipliers for its ${kept.length} constraints`);
      continue;
    }
    if (lam.some((x) => x.compare(0) < 0)) errs.push(`side ${name}: a negative multiplier`);
    const combo = u.map(() => new Fraction(0));
    kept.forEach((k, m) => {
      // the normal, written out here: σ·sign(z_j)·x̃_i in unit j's block
      const sgn = (side.sides[pat.kinks.indexOf(k)] === 'right' ? 1 : -1) * (z[k.unit].compare(0) < 0 ? -1 : 1);
      const xt = [...data.inputs[k.sample], ...(l1.biasIndex ? [new Fraction(1)] : [])];
      const a = u.map((_, f) =>
        f >= k.unit * per && f < (k.unit + 1) * per ? xt[f - k.unit * per].mul(sgn) : new Fraction(0),
      );
      a.forEach((v, f) => (combo[f] = combo[f].add(v.mul(lam[m]))));
    });
    if (combo.some((v, f) => !v.equals(grad[f]))) errs.push(`side ${name}: Σ λ·a differs from ∇Q`);
  }
  if (seen.size !== 1 << pat.kinks.length)
    errs.push(`${seen.size} sides stored, ${1 << pat.kinks.length} adjacent cells exist`);
  return errs;
}
