/**
 * Tool 3: search for a descent direction, to refute local minimality.
 * Candidates, in stages (cheap and decisive first):
 *  1. the exact gradient (inside a cell), rounded when its entries are long;
 *  2. θ's cell, or the cells adjacent to a boundary point: minus that cell
 *     polynomial's exact gradient, and ± its negative-curvature direction
 *     (exact LDLᵀ on small nets; on wide ones a float eigenvector, rounded).
 *     Only kinks whose side can change the gradient are enumerated (units with
 *     a nonzero outgoing weight, or on the output layer), up to `maxKinks` of
 *     them ranked by the back-propagated residual; the others stay on one side
 *     (then the other), and are reached by the hinges of stage 3. On a
 *     boundary, a direction whose ray leaves the cell it was computed for is
 *     also tried as a curve kept in that cell (./kink-curves.ts: first- and
 *     second-order corrections of the kinked units' biases or weights);
 *  3. hinges at every hidden layer, dense or convolutional, through pooling
 *     (./hinges.ts): a unit on a kink switched on for part of its inputs, its
 *     readers moved against the residual;
 *  4. seeded random integer directions;
 *  5. bilinear directions: one unit's incoming and outgoing weights together.
 * Stages 3–5 are screened in floats (./screen.ts): candidates that are clearly
 * ascending at every probed step are dropped, the rest are decided by the exact
 * curve analysis (tool 1), most promising first. Only confirmed descents are
 * reported, as `refuted` with the witness, after the independent re-check.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { symmetricEigen } from '../linalg/float.js';
import { definiteness, fromRows } from '../linalg/matrix.js';
import { roundedDirection, shortDescentDirection, shortNegativeDirection } from '../linalg/simple-direction.js';
import { dataTensors, paramTensor, type Dataset } from '../model/data.js';
import { activationPattern, cellGradient, pieceDerivatives, type ActivationPattern } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { hessian } from '../model/hessian.js';
import { backpropagate, preActivationGradients } from '../model/passes.js';
import { unitParameters } from '../model/symmetry.js';
import { floatBackend } from '../numeric/float-backend.js';
import { rational } from '../numeric/rational.js';
import { checkKinkCap, kinkToJSON, requirePiecewisePolynomialSquared } from './certificates.js';
import { descentAlong, rayCurve } from './curve.js';
import { hingeCandidates } from './hinges.js';
import { cellCurve } from './kink-curves.js';
import { certify } from './recheck.js';
import { floatScreen } from './screen.js';
import { verdict, type DescentEvidence, type DescentMethod, type SearchEvidence, type Verdict } from './verdict.js';

export interface SearchOptions {
  seed?: number;
  /** random integer directions to try (entries in −3..3) */
  randomDirections?: number;
  /** random (incoming, outgoing) pairs per hidden unit, each tried with both signs of the outgoing part */
  bilinearPerUnit?: number;
  /** kinks whose sides are enumerated for the adjacent cells (at most 20; others stay on one side, then the other) */
  maxKinks?: number;
  /** skip the cell's own gradient and curvature (already examined, e.g. by secondOrder) */
  skipCell?: boolean;
  /** hinge directions at kinked units of every hidden layer (default true) */
  hinges?: boolean;
  /** exact curve analyses per screened stage (default 64) */
  maxConfirm?: number;
  /** on a boundary, also try each cell's directions as curves kept in that cell (default true) */
  cellCurves?: boolean;
}

const QUESTION = 'is θ a local minimum of the risk?';
/** Up to this many parameters a cell's curvature is decided by exact LDLᵀ; above, a float eigenvector proposes the direction. */
const EXACT_CURVATURE_MAX = 64;

interface Candidate {
  d: Fraction[];
  method: DescentMethod;
}

export function descentSearch(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  opts: SearchOptions = {},
): Verdict<DescentEvidence | SearchEvidence> {
  // every candidate is decided by tool 1 on the cell polynomial, so polynomial activations are fine
  requirePiecewisePolynomialSquared(net, loss, 'the exact descent search');
  if (theta.length !== net.paramCount)
    throw new RangeError(`θ has ${theta.length} entries but the network has ${net.paramCount} parameters`);
  const seed = opts.seed ?? 1;
  const P = net.paramCount;
  const maxConfirm = opts.maxConfirm ?? 64;
  const tried: Record<string, number> = {
    gradient: 0,
    'negative-curvature': 0,
    'cell-curve': 0,
    hinge: 0,
    random: 0,
    bilinear: 0,
  };
  const screenedOut: Record<string, number> = {};
  const attempt = (d: readonly Fraction[], method: DescentMethod): DescentEvidence | null => {
    if (d.every((x) => x.n === 0n)) return null;
    tried[method]++;
    return descentAlong(net, loss, data, rayCurve(theta, d), method);
  };
  let screen: ReturnType<typeof floatScreen> | null = null;
  /** Float-screen the candidates, then decide the survivors exactly, lowest screen value first. */
  const screened = (cands: Candidate[]): DescentEvidence | null => {
    screen ??= floatScreen(net, loss, theta, data);
    const scored = cands.map((c) => ({ c, v: screen!.score(c.d) }));
    const kept = scored.filter((x) => x.v !== Infinity).sort((x, y) => x.v - y.v);
    for (const x of scored) if (x.v === Infinity) screenedOut[x.c.method] = (screenedOut[x.c.method] ?? 0) + 1;
    for (const { c } of kept.slice(0, maxConfirm)) {
      const e = attempt(c.d, c.method);
      if (e) return e;
    }
    return null;
  };
  const found = (e: DescentEvidence) =>
    certify(
      verdict(
        'refuted',
        QUESTION,
        `descent along a ${e.method} direction: R(θ(t)) − R(θ) has order-${e.order} coefficient ${e.leadingCoefficient} < 0, and R = ${e.riskAtT} < ${e.risk} at t = ${e.t}`,
        e,
      ),
      net,
      loss,
      theta,
      data,
    );

  const pat = activationPattern(net, theta, data);
  const maxKinks = opts.maxKinks ?? 8;
  checkKinkCap(maxKinks, 'descentSearch');
  // 1–2. θ's cell (its gradient, then its curvature), or the cells adjacent to a boundary point
  let cells = 0;
  let skippedKinks = 0,
    unreadKinks = 0,
    poolTies = 0;
  if (!(pat.interior && opts.skipCell)) {
    const sides = adjacentPieces(net, loss, theta, data, pat, maxKinks);
    skippedKinks = sides.fixed;
    unreadKinks = sides.unread;
    poolTies = sides.ties;
    // a direction of one cell, as a ray and (on a boundary) as a curve kept in that cell
    const inCell = (d: Fraction[], method: DescentMethod, pieces: (number[][] | null)[]) => {
      const e = attempt(d, method);
      if (e || pat.interior || opts.cellCurves === false || d.every((x) => x.n === 0n)) return e;
      const c = cellCurve(net, theta, data, pat, pieces, d);
      if (!c || c.corrections === 0) return null; // none found, or none needed (the ray itself)
      tried['cell-curve']++;
      return descentAlong(net, loss, data, c.curve, 'cell-curve');
    };
    for (const pieces of sides.cells) {
      cells++;
      const forced = pieces.map((p) => (p ? Int32Array.from(p.flat()) : null));
      const g = cellGradient(net, loss, theta, data, forced).gradient;
      const e1 = inCell(shortDescentDirection(g).direction, 'gradient', pieces);
      if (e1) return found(e1);
      for (const v of negativeDirections(net, loss, theta, data, pieces, forced)) {
        const e2 = inCell(v, 'negative-curvature', pieces);
        if (e2) return found(e2);
      }
    }
  }
  // 3. hinges at kinked units of every hidden layer
  if (opts.hinges !== false && pat.kinks.length > 0) {
    const e = screened(hingeCandidates(net, loss, theta, data).map((h) => ({ d: h.direction, method: 'hinge' })));
    if (e) return found(e);
  }
  // 4. random directions, 5. bilinear directions (seeded, reproducible)
  const ints = (n: number) => fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n });
  const randomDirs = opts.randomDirections ?? 24;
  if (randomDirs > 0 && P > 0) {
    const e = screened(
      fc
        .sample(ints(P), { seed, numRuns: randomDirs })
        .map((v) => ({ d: v.map((x) => new Fraction(x)), method: 'random' })),
    );
    if (e) return found(e);
  }
  const perUnit = opts.bilinearPerUnit ?? 6;
  if (perUnit > 0) {
    const cands: Candidate[] = [];
    for (const u of unitParameters(net, { throughFixed: true })) {
      if (silent(net, pat, u)) continue;
      const pairs = fc.sample(fc.tuple(ints(u.incoming.length), ints(u.outgoing.length)), {
        seed: seed + 7919 * (u.layer * 1000 + u.channel),
        numRuns: perUnit,
      });
      for (const [a, b] of pairs)
        for (const sgn of [1, -1]) {
          const d = new Array<Fraction>(P).fill(new Fraction(0));
          u.incoming.forEach((p, k) => (d[p] = new Fraction(a[k])));
          u.outgoing.forEach((p, k) => (d[p] = new Fraction(sgn * b[k])));
          cands.push({ d, method: 'bilinear' });
        }
    }
    const e = screened(cands);
    if (e) return found(e);
  }
  const total = Object.values(tried).reduce((x, y) => x + y, 0);
  const dropped = Object.values(screenedOut).reduce((x, y) => x + y, 0);
  return verdict(
    'inconclusive',
    QUESTION,
    `no descent among ${total} exactly checked directions${dropped ? ` (${dropped} more screened out in floats as clearly ascending)` : ''} (this is not a proof of minimality)`,
    {
      kind: 'descent-search',
      tried,
      ...(dropped ? { screenedOut } : {}),
      cells,
      kinks: pat.kinks.map(kinkToJSON),
      note:
        pat.interior && opts.skipCell
          ? "θ's own cell skipped (examined before)"
          : pat.kinks.length === 0
            ? "θ's own cell examined"
            : `${cells} adjacent cell(s) examined: both sides of ${pat.kinks.length - unreadKinks - skippedKinks - poolTies} kink entries` +
              (poolTies ? `; ${poolTies} max-pooling ties held at the first tied entry` : '') +
              (skippedKinks ? `; ${skippedKinks} more held on one side, then the other` : '') +
              (unreadKinks
                ? `; ${unreadKinks} entries of units nothing reads kept on their left side (their other side is reached by the hinges)`
                : ''),
    },
  );
}

/**
 * The cells whose polynomials stage 2 examines, as pieces per layer: θ's own
 * cell inside; on a boundary, every side of the kinks that can change the cell
 * gradient (a unit with a nonzero outgoing weight, or an output unit) — all of
 * them when there are at most maxKinks, else the maxKinks with the largest
 * back-propagated residual, the rest held on their left side and then on
 * their right. Kinks of units nothing reads change only the cross terms of
 * their own incoming and outgoing weights, which the hinges cover.
 */
function adjacentPieces(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  pat: ActivationPattern,
  maxKinks: number,
): { cells: (number[][] | null)[][]; fixed: number; unread: number; ties: number } {
  const base = () =>
    net.layers.map((L) => {
      const lp = pat.layers.find((x) => x.layer === L.number);
      return lp ? lp.piece.map((row) => row.slice()) : null;
    });
  if (pat.kinks.length === 0) return { cells: [base()], fixed: 0, unread: 0, ties: 0 };
  const fd = dataTensors(floatBackend, net, data);
  const bp = preActivationGradients(floatBackend, net, loss, paramTensor(floatBackend, net, theta), fd.X, fd.Y);
  const N = data.inputs.length;
  // layers with no parametrised layer after them reach the output through fixed layers only: always read
  let lastWeighted = 0;
  net.layers.forEach((L) => L.weightIndex && (lastWeighted = L.number));
  // |∂R/∂a| at the kink entry: the next layer's Wᵀ·∂R/∂z, zero when nothing reads the unit
  const back = new Map<number, Float64Array>();
  const weight = (k: ActivationPattern['kinks'][number]) => {
    if (k.layer >= lastWeighted) return Infinity;
    if (!back.has(k.layer))
      back.set(k.layer, backpropagate(floatBackend, bp.trace.layers[k.layer], bp.pre[k.layer]).data);
    return Math.abs(back.get(k.layer)![k.unit * N + k.sample]);
  };
  const reads = new Set<string>();
  for (const u of unitParameters(net, { throughFixed: true }))
    if (u.outgoing.some((p) => theta[p].n !== 0n)) for (const r of u.rows) reads.add(`${u.layer}:${r}`);
  // max-pooling ties keep θ's selection (the first tied entry): their other sides are not enumerated
  const ranked = pat.kinks
    .filter((k) => k.kind !== 'maxpool')
    .map((k) => ({ k, w: weight(k) }))
    .filter(({ k }) => k.layer >= lastWeighted || reads.has(`${k.layer}:${k.unit}`))
    .sort((a, b) => b.w - a.w);
  const chosen = ranked.slice(0, maxKinks).map(({ k }) => k);
  const rest = ranked.slice(maxKinks).map(({ k }) => k);
  const cells: (number[][] | null)[][] = [];
  for (const restSide of rest.length ? [0, 1] : [0])
    for (let mask = 0; mask < 2 ** chosen.length; mask++) {
      const pieces = base();
      chosen.forEach((k, b) => (pieces[k.layer - 1]![k.unit][k.sample] += Math.floor(mask / 2 ** b) % 2));
      for (const k of rest) pieces[k.layer - 1]![k.unit][k.sample] += restSide;
      cells.push(pieces);
    }
  const ties = pat.kinks.filter((k) => k.kind === 'maxpool').length;
  return { cells, fixed: rest.length, unread: pat.kinks.length - ties - ranked.length, ties };
}

/**
 * A unit whose every entry lies strictly inside a piece with slope 0 and
 * intercept 0 (a dead ReLU unit, say): small moves of its weights keep its
 * outputs 0, so a bilinear move of it leaves the risk constant. Skipped.
 */
function silent(net: Network, pat: ActivationPattern, u: { layer: number; rows: number[] }): boolean {
  const act = net.layers[u.layer - 1].activation;
  const lp = pat.layers.find((x) => x.layer === u.layer);
  if (act.kind !== 'pwl' || !lp) return false;
  const t = act.fn.table;
  return u.rows.every((r) =>
    lp.piece[r].every((p, i) => lp.margin[r][i].n !== 0n && t.slopes[p].n === 0n && t.intercepts[p].n === 0n),
  );
}

/** ± a direction of negative curvature of the cell polynomial, if there is one (exact LDLᵀ, or a float eigenvector on wide nets). */
function negativeDirections(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  pieces: (number[][] | null)[],
  forced: (Int32Array | null)[],
): Fraction[][] {
  let v: Fraction[] | null = null;
  if (net.paramCount <= EXACT_CURVATURE_MAX) {
    const Hm = fromRows(pieceDerivatives(net, loss, theta, data, pieces).hessian);
    const def = definiteness(rational, Hm);
    if (def.negativeWitness) v = shortNegativeDirection(Hm, def.negativeWitness);
  } else {
    const fd = dataTensors(floatBackend, net, data);
    const H = hessian(floatBackend, net, loss, paramTensor(floatBackend, net, theta), fd.X, fd.Y, forced).hessian;
    const { values, vectors } = symmetricEigen(H);
    const scale = Math.max(1, ...values.map(Math.abs));
    if (values.length && values[0] < -1e-10 * scale)
      v = roundedDirection(
        vectors.map((row) => new Fraction(row[0])),
        8,
      );
  }
  return v ? [v, v.map((x) => x.neg())] : [];
}
