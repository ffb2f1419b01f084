/**
 * Tool 2: exact local-minimum certificates for piecewise-linear networks with
 * squared loss.
 *
 * (a) Pattern-class bound. Inside a cell every sample's output is an affine
 *     function of its input, one function per full activation pattern. Giving
 *     every pattern group its own free affine map and solving least squares
 *     exactly bounds R from below over the whole (open) cell. R(θ) equal to
 *     the bound proves θ a local, indeed cell-global, minimum. A group on which
 *     some layer is dead fits a constant; one on which some layer has fewer live
 *     units than the free fit's rank gets the reduced-rank optimum (./rank-limited.ts).
 * (b) Lifted bound (one hidden dense layer): with R_j = z_j·w̃_jᵀ the output
 *     on sample i is Σ_j s_ij R_j x̃_i + Σ_j c_ij z_j + b, linear in the
 *     lifted variables (s_ij, c_ij: slope and intercept of unit j's piece on
 *     sample i; see liftedDesign). Least squares over them is a tighter lower
 *     bound than (a).
 * (c) Second order on the cell polynomial: a nonzero exact gradient or an
 *     exact negative-curvature direction refutes (confirmed by tool 1); zero
 *     gradient with a positive definite Hessian proves a strict local
 *     minimum; PSD alone is only evidence. Unlike (a) and (b) this also holds
 *     for polynomial (and mixed PWL/polynomial) activations: the risk is a
 *     polynomial on every cell, and the Hessian carries the σ″ term.
 * On a boundary, (a) is applied to every assignment of the kink entries to
 * their left or right piece: a neighbourhood of θ is covered by those cells'
 * closures, so min over assignments ≥ R(θ) proves a local minimum.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, type Mat } from '../linalg/matrix.js';
import { shortDescentDirection } from '../linalg/simple-direction.js';
import type { Dataset } from '../model/data.js';
import {
  activationPattern,
  exactGradient,
  exactHessianTensor,
  exactOutputs,
  exactRisk,
  maxPoolTies,
  type ActivationPattern,
  type KinkDetail,
} from '../model/exact.js';
import { squaredRiskFactor, validateLoss, type Loss } from '../model/loss.js';
import { nonPolynomialLayer, nonPwlLayer, type Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { descentAlong, rayCurve } from './curve.js';
import { liftedDesign } from './lifted.js';
import { rankLimitedFit } from './rank-limited.js';
import { certify } from './recheck.js';
import { hessianInertia } from './second-order.js';
import {
  verdict,
  type BoundaryBoundEvidence,
  type CellBoundEvidence,
  type GroupFit,
  type KinkJSON,
  type SecondOrderEvidence,
  type Verdict,
  type Evidence,
} from './verdict.js';

const F = rational;
const s = (x: Fraction) => x.toFraction();
const QUESTION = 'is θ a local minimum of the risk?';

/** Adjacent-cell enumeration visits 2^k cells; beyond this many kink entries it is refused. */
export const MAX_ENUMERATED_KINKS = 20;

export function checkKinkCap(maxKinks: number, what: string): void {
  if (!Number.isInteger(maxKinks) || maxKinks < 0 || maxKinks > MAX_ENUMERATED_KINKS) {
    throw new RangeError(
      `${what}: maxKinks must be an integer from 0 to ${MAX_ENUMERATED_KINKS} (2^k adjacent cells are enumerated), got ${maxKinks}`,
    );
  }
}

export function kinkToJSON(k: KinkDetail): KinkJSON {
  return {
    layer: k.layer,
    unit: k.unit,
    sample: k.sample,
    at: s(k.at),
    leftSlope: s(k.leftSlope),
    rightSlope: s(k.rightSlope),
    ...(k.kind === 'maxpool' ? { kind: k.kind, tied: [...k.tied!] } : {}),
  };
}

/** The cell bounds (a), (b) and the boundary bound: they fit affine maps per cell, valid for PWL networks only. */
function requirePwlSquared(net: Network, loss: Loss): void {
  validateLoss(loss);
  if (loss.kind !== 'squared') throw new TypeError('exact certificates need the squared loss');
  const other = nonPwlLayer(net);
  if (other)
    throw new TypeError(
      `the cell lower bounds need piecewise-linear activations (the network must be affine on each cell); layer ${other.number} uses ${other.activation.name}${other.activation.kind === 'poly' ? ': use secondOrder for polynomial activations' : ''}`,
    );
}

/** Certificate (c) and the exact descent tools: the risk must be a polynomial on each cell (PWL or polynomial activations). */
export function requirePiecewisePolynomialSquared(net: Network, loss: Loss, what: string): void {
  validateLoss(loss);
  if (loss.kind !== 'squared')
    throw new TypeError(`${what} needs the squared loss (cross-entropy is not polynomial); use floatProbes`);
  const other = nonPolynomialLayer(net);
  if (other)
    throw new TypeError(
      `${what} needs piecewise-linear or polynomial activations; layer ${other.number} uses ${other.activation.name} (use floatProbes)`,
    );
}

/** Whether group maps need a constant term: any bias, or any nonzero intercept of a used activation piece. */
export function needsConstant(net: Network): boolean {
  return net.layers.some(
    (l) =>
      l.biasIndex !== null || (l.activation.kind === 'pwl' && l.activation.fn.table.intercepts.some((c) => c.n !== 0n)),
  );
}

/** One key per sample: the piece of every unit of every layer with breakpoints. Overrides pick pieces for kink entries. */
export function patternKeys(pat: ActivationPattern, n: number, override?: Map<string, number>): string[] {
  return Array.from({ length: n }, (_, i) =>
    pat.layers
      .map(
        (lp) => `L${lp.layer}:` + lp.piece.map((row, u) => override?.get(`${lp.layer}/${u}/${i}`) ?? row[i]).join(','),
      )
      .join('|'),
  );
}

/**
 * Why a group's outputs are a constant at every point of the cell, or null: on
 * the group's pattern some layer has slope 0 on every unit (a dead layer), so
 * the product of the layers' Jacobians, the group map's linear part, is 0.
 * Read from the pattern key alone (see patternKeys), so re-checks can recompute it.
 */
export function constantReason(net: Network, pattern: string): string | null {
  for (const part of pattern.split('|')) {
    const m = /^L(\d+):(.*)$/.exec(part);
    if (!m) continue;
    const layer = net.layers[Number(m[1]) - 1];
    if (!layer || layer.activation.kind !== 'pwl' || layer.maxPool) continue;
    const slopes = layer.activation.fn.table.slopes;
    const pieces = m[2].split(',').map(Number);
    if (pieces.length && pieces.every((p) => slopes[p]?.n === 0n)) return `layer ${m[1]} has slope 0 on every unit`;
  }
  return null;
}

/**
 * The input coordinates an output can depend on throughout the cell of a
 * pattern key (see patternKeys), or null when that is all of them: walking
 * back from the outputs, a unit passes signal when its piece has a nonzero
 * slope (a layer absent from the key passes every unit), a max-pooling unit
 * passes only the window entry it selects, and a weight links two units when
 * it is a parameter or a nonzero fixed weight. Every path from any other input
 * has a zero factor at every point of the cell, so the group map's linear part
 * is zero there: fitting only these coordinates is still a lower bound, and a
 * tighter one (e.g. max pooling that selects one patch per group).
 */
export function connectedInputs(net: Network, pattern: string): number[] | null {
  const pieces = new Map<number, number[]>();
  for (const part of pattern.split('|')) {
    const m = /^L(\d+):(.*)$/.exec(part);
    if (m) pieces.set(Number(m[1]), m[2] === '' ? [] : m[2].split(',').map(Number));
  }
  let live = new Set<number>(Array.from({ length: net.layers[net.layers.length - 1].outDim }, (_, u) => u));
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const piece = pieces.get(layer.number);
    const inputs = new Set<number>();
    for (const u of live) {
      if (layer.maxPool) {
        const { size, windows } = layer.maxPool;
        inputs.add(windows[u * size + (piece?.[u] ?? 0)]);
        continue;
      }
      const act = layer.activation;
      if (piece && act.kind === 'pwl' && act.slopes[piece[u]]?.n === 0n) continue;
      for (let j = 0; j < layer.inDim; j++) {
        const k = u * layer.inDim + j;
        if (layer.weightIndex ? layer.weightIndex[k] >= 0 : layer.fixedWeight?.[k]?.n !== 0n) inputs.add(j);
      }
    }
    live = inputs;
  }
  const all = net.layers[0].inDim;
  return live.size === all ? null : [...live].sort((a, b) => a - b);
}

/**
 * Per-group exact least squares with free affine (or linear) maps; returns the
 * fits and the scaled total. A group whose map is a constant throughout the cell
 * (constantReason) is fitted by a constant only, which bounds tighter. Given θ's
 * outputs, a group whose map's rank is limited by a layer with few live units gets
 * the certified reduced-rank optimum where it closes (./rank-limited.ts), tighter still.
 */
export function groupFits(
  net: Network,
  loss: Loss,
  data: Dataset,
  keys: string[],
  outputs?: readonly (readonly Fraction[])[],
): { fits: GroupFit[]; bound: Fraction; affine: boolean } {
  const affine = needsConstant(net);
  const k = squaredRiskFactor(F, loss, data.inputs.length);
  const groups = new Map<string, number[]>();
  keys.forEach((key, i) => groups.set(key, [...(groups.get(key) ?? []), i]));
  let bound = new Fraction(0);
  const fits: GroupFit[] = [];
  const dX = data.inputs[0].length;
  for (const [pattern, samples] of groups) {
    const constant = constantReason(net, pattern);
    // the input coordinates the group's map can use (null: all of them)
    const support = constant ? null : connectedInputs(net, pattern);
    const used = (x: readonly Fraction[]) => (constant ? [] : support ? support.map((j) => x[j]) : [...x]);
    // the columns fitted: the used inputs and 1 (when the net has constants)
    const cols = (i: number) => [...used(data.inputs[i]), ...(affine ? [new Fraction(1)] : [])];
    const B = fromRows(samples.map((i) => [...data.targets[i]]));
    let rows: Fraction[][];
    let ssr: Fraction;
    if (cols(samples[0]).length === 0) {
      // a constant map in a net without constants: the output is 0
      rows = [];
      ssr = samples.reduce(
        (a, i) => a.add(data.targets[i].reduce((b, y) => b.add(y.mul(y)), new Fraction(0))),
        new Fraction(0),
      );
    } else {
      const ls = leastSquares(F, fromRows(samples.map(cols)), B) as { x: Mat<Fraction>; risk: Fraction };
      rows = Array.from({ length: ls.x.rows }, (_, r) =>
        Array.from({ length: ls.x.cols }, (_, o) => ls.x.data[r * ls.x.cols + o]),
      );
      ssr = ls.risk;
    }
    // map: one row per output, [A | c]; a constant group's A is 0
    const dY = data.targets[0].length;
    const map = Array.from({ length: dY }, (_, o) => {
      const lin = new Array<Fraction>(dX).fill(new Fraction(0));
      if (!constant) (support ?? lin.map((_, j) => j)).forEach((j, c) => (lin[j] = rows[c][o]));
      return [...lin, ...(affine ? [rows[rows.length - 1][o]] : [])];
    });
    const limited =
      constant || support || !outputs ? null : rankLimitedFit(net, pattern, data, samples, outputs, map, ssr, affine);
    const risk = (limited?.ssr ?? ssr).mul(k);
    bound = bound.add(risk);
    const fit: GroupFit = { samples, pattern, map: (limited?.map ?? map).map((r) => r.map(s)), risk: s(risk) };
    if (constant) fit.constant = constant;
    if (support) fit.support = support;
    if (limited) fit.rank = limited.certificate;
    fits.push(fit);
  }
  return { fits, bound, affine };
}

function boundVerdict(
  kind: CellBoundEvidence['kind'],
  risk: Fraction,
  bound: Fraction,
  ev: Omit<CellBoundEvidence, 'kind' | 'risk' | 'bound'>,
): Verdict<CellBoundEvidence> {
  const evidence: CellBoundEvidence = { kind, risk: s(risk), bound: s(bound), ...ev };
  const name = kind === 'pattern-class-bound' ? 'pattern-class lower bound' : 'lifted convex lower bound';
  const c = risk.compare(bound);
  if (c < 0) throw new Error(`internal: the ${name} ${s(bound)} exceeds the risk ${s(risk)}`);
  if (c === 0)
    return verdict(
      'proved',
      QUESTION,
      `R(θ) = ${s(risk)} equals the ${name} over its cell, so θ is a local (cell-global) minimum`,
      evidence,
    );
  return verdict(
    'inconclusive',
    QUESTION,
    `the ${name} over the cell is ${s(bound)} < R(θ) = ${s(risk)}; this certificate does not decide`,
    evidence,
  );
}

/** Certificate (a). Inconclusive on a boundary point (see boundaryBound). */
export function patternClassBound(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): Verdict<CellBoundEvidence> {
  requirePwlSquared(net, loss);
  const pat = activationPattern(net, theta, data);
  const risk = exactRisk(net, loss, theta, data);
  if (!pat.interior) {
    return verdict(
      'inconclusive',
      QUESTION,
      `θ is on a cell boundary (${pat.kinks.length} kink entries); the pattern-class bound needs an interior point`,
      { kind: 'pattern-class-bound', risk: s(risk), bound: null, affine: needsConstant(net) },
    );
  }
  const outputs = exactOutputs(net, theta, data); // candidates for rank-limited groups
  const { fits, bound, affine } = groupFits(net, loss, data, patternKeys(pat, data.inputs.length), outputs);
  return certify(boundVerdict('pattern-class-bound', risk, bound, { affine, groups: fits }), net, loss, theta, data);
}

/** Certificate (b) for networks dense → PWL → dense(linear): least squares over the lifted design. */
// (its signature and prologue are patternClassBound's: every certificate takes (net, loss, θ, data) and starts from R(θ))
export function liftedBound(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
): Verdict<CellBoundEvidence> {
  requirePwlSquared(net, loss);
  const design = liftedDesign(net, theta, data);
  const risk = exactRisk(net, loss, theta, data);
  if (!design) {
    return verdict('inconclusive', QUESTION, 'θ is on a cell boundary; the lifted bound needs an interior point', {
      kind: 'lifted-bound',
      risk: s(risk),
      bound: null,
      affine: true,
    });
  }
  const { featureNames, rows } = design;
  const ls = leastSquares(F, fromRows(rows, featureNames.length), fromRows(data.targets.map((t) => [...t]))) as {
    x: Mat<Fraction>;
    risk: Fraction;
  };
  const bound = ls.risk.mul(squaredRiskFactor(F, loss, data.inputs.length));
  const v = boundVerdict('lifted-bound', risk, bound, {
    affine: true,
    lifted: {
      featureNames,
      design: rows.map((r) => r.map(s)),
      coefficients: Array.from({ length: ls.x.rows }, (_, r) =>
        Array.from({ length: ls.x.cols }, (_, c) => s(ls.x.data[r * ls.x.cols + c])),
      ),
    },
  });
  return certify(v, net, loss, theta, data);
}

/** Certificate (a) over every left/right assignment of the kink entries of a boundary point. */
export function boundaryBound(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  maxKinks = 12,
): Verdict<BoundaryBoundEvidence> {
  requirePwlSquared(net, loss);
  checkKinkCap(maxKinks, 'boundaryBound');
  const pat = activationPattern(net, theta, data);
  const risk = exactRisk(net, loss, theta, data);
  const kinks = pat.kinks.map(kinkToJSON);
  const base: BoundaryBoundEvidence = { kind: 'boundary-bound', risk: s(risk), kinks, assignments: [], minBound: null };
  // the adjacent cells of a tie select one tied entry each, not a left/right piece
  if (maxPoolTies(pat.kinks).length)
    return verdict('inconclusive', QUESTION, 'max pooling ties are not supported by the boundary bound', base);
  if (pat.kinks.length > maxKinks)
    return verdict(
      'inconclusive',
      QUESTION,
      `${pat.kinks.length} kink entries exceed the limit of ${maxKinks} for enumerating adjacent cells`,
      base,
    );
  let minBound: Fraction | null = null;
  const outputs = exactOutputs(net, theta, data); // θ is in every adjacent cell's closure
  for (let mask = 0; mask < 2 ** pat.kinks.length; mask++) {
    const override = new Map<string, number>();
    const sides: ('left' | 'right')[] = [];
    pat.kinks.forEach((k, b) => {
      const lp = pat.layers.find((x) => x.layer === k.layer)!;
      const left = lp.piece[k.unit][k.sample];
      const right = Math.floor(mask / 2 ** b) % 2;
      sides.push(right ? 'right' : 'left');
      override.set(`${k.layer}/${k.unit}/${k.sample}`, left + right);
    });
    const { bound } = groupFits(net, loss, data, patternKeys(pat, data.inputs.length, override), outputs);
    base.assignments.push({ sides, bound: s(bound) });
    if (minBound === null || bound.compare(minBound) < 0) minBound = bound;
  }
  base.minBound = s(minBound!);
  if (minBound!.compare(risk) > 0)
    throw new Error(`internal: a pattern-class bound ${s(minBound!)} exceeds the risk ${s(risk)}`);
  if (minBound!.equals(risk))
    return certify(
      verdict(
        'proved',
        QUESTION,
        `every one of the ${base.assignments.length} cells adjacent to θ has pattern-class bound ≥ R(θ) = ${s(risk)}, so θ is a local minimum`,
        base,
      ),
      net,
      loss,
      theta,
      data,
    );
  return verdict(
    'inconclusive',
    QUESTION,
    `an adjacent cell's pattern-class bound ${s(minBound!)} is below R(θ) = ${s(risk)}; this certificate does not decide`,
    base,
  );
}

/**
 * Certificate (c): exact gradient and Hessian of the cell polynomial, refutations confirmed by tool 1.
 * The Hessian's inertia is screened in float64 and confirmed exactly where it decides (./second-order.ts);
 * `exactInertiaBudget` bounds the exact LDLᵀ of a singular Hessian (0: never; the verdict then says what is exact).
 */
export function secondOrder(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  opts: { exactInertiaBudget?: number } = {},
): Verdict<Evidence> {
  requirePiecewisePolynomialSquared(net, loss, 'the second-order certificate');
  const g = exactGradient(net, loss, theta, data);
  if (g.kind === 'boundary') {
    return verdict(
      'inconclusive',
      QUESTION,
      `θ is on a cell boundary (${g.kinks.length} kink entries): the cell Hessian is undefined`,
      { kind: 'second-order', risk: s(g.risk), gradient: [], kinks: g.kinks.map(kinkToJSON) },
    );
  }
  const ev: SecondOrderEvidence = { kind: 'second-order', risk: s(g.risk), gradient: g.value.map(s) };
  if (g.value.some((x) => x.n !== 0n)) {
    // −∇R, or −∇R rounded to a few bits when its entries are long (still ∇R·d < 0)
    const { direction, rounded } = shortDescentDirection(g.value);
    const d = descentAlong(net, loss, data, rayCurve(theta, direction), 'gradient');
    if (!d) throw new Error('internal: a nonzero exact gradient gave no descent along −∇R');
    return certify(
      verdict(
        'refuted',
        QUESTION,
        `∇R(θ) ≠ 0: R decreases along ${rounded ? '−∇R rounded to short entries' : '−∇R'}, R(θ + t·d) = ${d.riskAtT} < ${d.risk} at t = ${d.t}`,
        d,
        [ev],
      ),
      net,
      loss,
      theta,
      data,
    );
  }
  const H = exactHessianTensor(net, loss, theta, data);
  if (H.kind !== 'interior') throw new Error('internal: interior gradient but boundary Hessian');
  const a = hessianInertia(H.value, { budget: opts.exactInertiaBudget });
  if (a.inertia) ev.inertia = a.inertia;
  if (a.definiteness) ev.definiteness = a.definiteness;
  if (a.screened) ev.screened = a.screened;
  if (a.negative) {
    const d = descentAlong(net, loss, data, rayCurve(theta, a.negative), 'negative-curvature');
    if (!d) throw new Error('internal: an exact negative-curvature direction at a critical point gave no descent');
    return certify(
      verdict(
        'refuted',
        QUESTION,
        `∇R(θ) = 0 but the cell Hessian has a negative direction: R(θ + t·v) = ${d.riskAtT} < ${d.risk} at t = ${d.t}`,
        d,
        [ev],
      ),
      net,
      loss,
      theta,
      data,
    );
  }
  if (a.definiteness === 'positive-definite')
    return certify(
      verdict(
        'proved',
        QUESTION,
        `θ is inside a cell with ∇R(θ) = 0 and a positive definite Hessian: a strict local minimum`,
        ev,
      ),
      net,
      loss,
      theta,
      data,
    );
  if (a.screened) {
    const sc = a.screened;
    const exact = `Exact: ${sc.zeroRows} parameters have a zero Hessian row${sc.positiveBlock ? `, and a ${sc.positiveBlock}×${sc.positiveBlock} principal block is positive definite (at least ${sc.positiveBlock} positive directions)` : ''}`;
    if (sc.inertia.negative)
      return verdict(
        'evidence',
        QUESTION,
        `∇R(θ) = 0, and the cell Hessian screened in float64 has a negative direction that did not survive rounding to a short exact one (vᵀHv < 0 was not confirmed), and the exact inertia was too costly at this size. ${exact}. Float evidence against a minimum only`,
        ev,
        undefined,
        'no',
      );
    return verdict(
      'evidence',
      QUESTION,
      `∇R(θ) = 0, and the cell Hessian screened in float64 is positive semidefinite with ${sc.inertia.zero} zero directions (${sc.inertia.positive} pivots above ${sc.relativeTolerance} relative to its largest entry). ${exact}; the exact inertia (whether the other ${sc.inertia.zero - sc.zeroRows} near-zero directions are zero and none is negative) was not computed: too costly at this size. Second-order necessary conditions hold to float precision, which does not prove a minimum`,
      ev,
      undefined,
      'yes',
    );
  }
  return verdict(
    'evidence',
    QUESTION,
    `∇R(θ) = 0 and the cell Hessian is positive semidefinite (${a.inertia!.zero} zero directions): second-order necessary conditions hold, which does not prove a minimum`,
    ev,
    undefined,
    'yes',
  );
}
