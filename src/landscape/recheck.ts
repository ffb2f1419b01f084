/**
 * Re-check a `proved` or `refuted` verdict from its stored numbers with exact
 * arithmetic only, independently of the code path that produced it:
 *  - descent: θ(t) at the stored t has exact risk riskAtT < risk = R(θ(0));
 *  - pattern-class bound: the stored groups are the activation-pattern classes
 *    of θ, θ is interior, each stored map satisfies its group's normal
 *    equations exactly (so it is a least-squares minimiser), and the scaled
 *    residuals add up to bound = R(θ); a rank-limited group's certificate
 *    instead goes through ./recheck-rank.ts;
 *  - lifted bound: the stored design rows are those of θ's cell, the stored
 *    coefficients satisfy the normal equations, and the residual gives bound = R(θ).
 *  - second-order proof: recomputed exact gradient 0 and positive definite Hessian;
 *    for networks with polynomial activations the gradient and Hessian are also
 *    recomputed by germ-field forward passes alone (germ-derivatives.ts) and
 *    must agree with backprop's;
 *  - the cell bounds (pattern class, lifted, boundary, boundary KKT) stand only
 *    for piecewise-linear networks and are rejected for any other;
 *  - boundary bound: every left/right assignment of θ's kink entries is
 *    enumerated here again (not by boundaryBound) and its pattern-class bound
 *    recomputed; all of them must be stored, and none may be below R(θ);
 *  - constant path: recomputed from the stored curve and interval;
 *  - architecture bound: ./recheck-architecture.ts.
 * Equal-risk verdicts are re-checked with equalRisk itself (two points, not one θ).
 * Returns the list of failed checks (empty = the verdict stands).
 *
 * `certify` is the self-check the producing tools run on every `proved` or
 * `refuted` verdict before they return it (on by default; SPURIOUS_RECHECK=0
 * turns it off, e.g. for benchmarks): a verdict whose re-check fails is an
 * internal error, never an answer.
 */
import { Fraction } from 'fraction.js';
import * as P from '../linalg/polynomial.js';
import type { Dataset } from '../model/data.js';
import { activationPattern, exactGradient, exactHessian, exactOutputs, exactRisk } from '../model/exact.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { groupFits, MAX_ENUMERATED_KINKS, needsConstant, patternKeys } from './certificates.js';
import { liftedCoordinates, liftedDesign } from './lifted.js';
import { getBlock, nonPwlLayer } from '../model/network.js';
import { germDerivatives } from './germ-derivatives.js';
import { analyseCurve, curveAt } from './curve.js';
import type {
  BoundaryBoundEvidence,
  BoundaryKktEvidence,
  CellBoundEvidence,
  DescentEvidence,
  GlobalBoundEvidence,
  SecondOrderEvidence,
  Verdict,
} from './verdict.js';
import { definiteness, fromRows } from '../linalg/matrix.js';
import { recheckFlatFamily } from './recheck-flat.js';
import { constantAlongPath } from './paths.js';
import { recheckRankGroup } from './recheck-rank.js';
import { recheckArchitectureBound } from './recheck-architecture.js';

const q = (x: string) => rational.fromString(x);

/** Re-check descent evidence about θ: curve from θ, recomputed small-t analysis, t > 0 and R(θ(t)) < R(θ) by direct evaluation. */
export function recheckDescentEvidence(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: DescentEvidence,
): string[] {
  const errs: string[] = [];
  const curve = e.curve.map((c) => P.poly(c.map(q)));
  if (curve.length !== theta.length) return [`the curve has ${curve.length} coordinates, θ has ${theta.length}`];
  // the curve must start at the θ the verdict is about
  const start = curveAt(curve, new Fraction(0));
  const off = start.findIndex((x, k) => !x.equals(theta[k]));
  if (off >= 0)
    errs.push(
      `the curve does not start at θ (coordinate ${off + 1}: ${start[off].toFraction()} vs ${theta[off].toFraction()})`,
    );
  // recompute the small-t analysis instead of trusting the stored polynomial
  const a = analyseCurve(net, loss, data, curve);
  if (JSON.stringify(P.polyToStrings(a.riskPolynomial)) !== JSON.stringify(e.riskPolynomial))
    errs.push('the stored risk polynomial is not R(θ(t)) on the piece for small t > 0');
  if (a.order !== e.order || !a.leading || a.leading.toFraction() !== q(e.leadingCoefficient).toFraction())
    errs.push(
      `R(θ(t)) − R(θ) has order ${a.order} with coefficient ${a.leading?.toFraction() ?? 'none'}, not the stored order ${e.order} with ${e.leadingCoefficient}`,
    );
  if (!a.descent) errs.push('R(θ(t)) does not decrease for small t > 0');
  const r0 = exactRisk(net, loss, theta, data);
  const rt = exactRisk(net, loss, curveAt(curve, q(e.t)), data);
  if (!r0.equals(q(e.risk))) errs.push(`R(θ) is ${r0.toFraction()}, not the stored ${e.risk}`);
  if (!rt.equals(q(e.riskAtT))) errs.push(`R(θ(${e.t})) is ${rt.toFraction()}, not the stored ${e.riskAtT}`);
  if (q(e.t).compare(0) <= 0)
    errs.push(`the witness t = ${e.t} is not positive (the descent is claimed for small t > 0)`);
  if (rt.compare(r0) >= 0) errs.push(`R(θ(${e.t})) = ${rt.toFraction()} is not below R(θ) = ${r0.toFraction()}`);
  return errs;
}

function recheckPatternBound(
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
    errs.push('the groups do not list every sample exactly once');
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
    const fitted = (j: number) => !dead || j >= data.inputs[0].length;
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

// duplicates: the (net, loss, θ, data, evidence) parameter list of every re-check
function recheckLifted(
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

function recheckBoundary(
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

function recheckSecondOrder(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: SecondOrderEvidence,
): string[] {
  const g = exactGradient(net, loss, theta, data);
  if (g.kind !== 'interior') return ['θ is not strictly inside a cell'];
  const errs: string[] = [];
  if (g.value.some((x) => x.n !== 0n)) errs.push('the exact gradient at θ is not zero');
  if (JSON.stringify(g.value.map((x) => x.toFraction())) !== JSON.stringify(e.gradient))
    errs.push('the stored gradient is not the exact gradient at θ');
  const H = exactHessian(net, loss, theta, data);
  if (H.kind !== 'interior' || definiteness(rational, fromRows(H.value)).kind !== 'positive-definite')
    errs.push('the exact cell Hessian at θ is not positive definite');
  if (nonPwlLayer(net) && H.kind === 'interior') {
    // polynomial activations: the σ″ terms, recomputed without backprop from R along coordinate rays
    const gd = germDerivatives(net, loss, theta, data);
    const str = (xs: Fraction[]) => JSON.stringify(xs.map((x) => x.toFraction()));
    if (str(gd.gradient) !== str(g.value)) errs.push('the gradient from germ forward passes differs from backprop');
    if (gd.hessian.some((row, k) => str(row) !== str(H.value[k])))
      errs.push('the Hessian from germ forward passes differs from the R-operator Hessian');
  }
  return errs;
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

let rechecking = 0;

export function recheck(v: Verdict, net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset): string[] {
  rechecking++;
  try {
    return recheckInner(v, net, loss, theta, data);
  } finally {
    rechecking--;
  }
}

let certified = 0;
/** How many verdicts `certify` has re-checked in this process (tests assert that it runs). */
export function certifiedCount(): number {
  return certified;
}

/** Whether the producing tools re-check their own proofs and witnesses (SPURIOUS_RECHECK=0 turns it off). */
export function selfCheckEnabled(): boolean {
  return process.env.SPURIOUS_RECHECK !== '0';
}

/**
 * Run `recheck` on a `proved` or `refuted` verdict before it is returned, and
 * throw if it does not stand. Verdicts produced while re-checking another are
 * not re-checked again (the re-check itself calls some tools).
 */
export function certify<V extends Verdict>(
  v: V,
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): V {
  if ((v.strength !== 'proved' && v.strength !== 'refuted') || rechecking > 0 || !selfCheckEnabled()) return v;
  const errs = recheck(v, net, loss, theta, data);
  certified++;
  if (errs.length)
    throw new Error(
      `internal: a ${v.strength} verdict (${v.evidence.kind}) failed its independent re-check: ${errs.join('; ')}`,
    );
  return v;
}

/**
 * Re-check a lower point (e.g. from searchLowerPoint): its risk, recomputed
 * exactly, is the stored one and strictly below `below`.
 */
export function recheckLowerPoint(
  net: Network,
  loss: Loss,
  data: Dataset,
  point: { theta: readonly Fraction[]; risk: Fraction },
  below: Fraction,
): string[] {
  if (point.theta.length !== net.paramCount)
    return [`the point has ${point.theta.length} entries, the network ${net.paramCount} parameters`];
  const r = exactRisk(net, loss, point.theta, data);
  const errs: string[] = [];
  if (!r.equals(point.risk)) errs.push(`its risk is ${r.toFraction()}, not the stored ${point.risk.toFraction()}`);
  if (r.compare(below) >= 0) errs.push(`its risk ${r.toFraction()} is not below ${below.toFraction()}`);
  return errs;
}

/** A global bound, recomputed here from the data by its own grouping (not duplicateInputsBound's). */
function recheckGlobalBound(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: GlobalBoundEvidence,
): string[] {
  const errs: string[] = [];
  const n = data.inputs.length;
  let ss = new Fraction(0);
  for (let i = 0; i < n; i++) {
    const same = data.inputs.flatMap((x, k) => (x.every((c, j) => c.equals(data.inputs[i][j])) ? [k] : []));
    for (let o = 0; o < data.targets[0].length; o++) {
      const mean = same.reduce((a, k) => a.add(data.targets[k][o]), new Fraction(0)).div(same.length);
      const d = data.targets[i][o].sub(mean);
      ss = ss.add(d.mul(d));
    }
  }
  const bound = ss.mul(squaredRiskFactor(rational, loss, n));
  if (!bound.equals(q(e.bound))) errs.push(`the global bound is ${bound.toFraction()}, not the stored ${e.bound}`);
  const r = exactRisk(net, loss, theta, data);
  if (!r.equals(q(e.risk))) errs.push(`R(θ) is ${r.toFraction()}, not the stored ${e.risk}`);
  if (!r.equals(bound)) errs.push(`R(θ) = ${r.toFraction()} does not attain the global bound ${bound.toFraction()}`);
  return errs;
}

/**
 * A boundary KKT proof: the kinks are θ's, every side is listed once, and on each
 * the stored gradient is recomputed from the lifted design of that closed cell and
 * equals Σ λ_k·a_k with every λ_k ≥ 0, exactly.
 */
function recheckBoundaryKkt(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  e: BoundaryKktEvidence,
): string[] {
  const errs: string[] = [];
  const pat = activationPattern(net, theta, data);
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

const CELL_BOUNDS = new Set(['pattern-class-bound', 'lifted-bound', 'boundary-bound', 'boundary-kkt']);

function recheckInner(v: Verdict, net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset): string[] {
  const e = v.evidence;
  const other = nonPwlLayer(net);
  if (CELL_BOUNDS.has(e.kind) && other)
    return [
      `a ${e.kind} proof holds only for piecewise-linear networks; layer ${other.number} uses ${other.activation.name}`,
    ];
  if (v.strength === 'proved' && e.kind === 'boundary-kkt') return recheckBoundaryKkt(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'global-bound') return recheckGlobalBound(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'architecture-bound')
    return recheckArchitectureBound(net, loss, theta, data, e);
  if (v.strength === 'refuted' && e.kind === 'descent') return recheckDescentEvidence(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'pattern-class-bound')
    return recheckPatternBound(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'lifted-bound') return recheckLifted(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'boundary-bound') return recheckBoundary(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'second-order') return recheckSecondOrder(net, loss, theta, data, e);
  if (v.strength === 'proved' && e.kind === 'flat-family') return recheckFlatFamily(net, loss, theta, data, e);
  if (e.kind === 'constant-path' && (v.strength === 'proved' || v.strength === 'refuted')) {
    const again = constantAlongPath(
      net,
      loss,
      data,
      e.curve.map((c) => P.poly(c.map(q))),
      q(e.interval[0]),
      q(e.interval[1]),
    );
    return again.strength === v.strength ? [] : [`recomputed: ${again.strength} (${again.summary})`];
  }
  return [`no independent re-check for a ${v.strength} verdict with ${e.kind} evidence`];
}
