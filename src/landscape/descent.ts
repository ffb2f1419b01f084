/**
 * Tool 3: search for a descent direction, to refute local minimality.
 * Candidates, in order:
 *  - the exact gradient (inside a cell), rounded when its entries are long;
 *  - for the cell of θ, or every cell adjacent to a boundary point: minus that
 *    cell polynomial's gradient, and ± its exact negative-curvature direction;
 *  - seeded random integer directions;
 *  - bilinear directions: move one hidden unit's (or feature map's) incoming
 *    and outgoing weights together, which exposes the second-order descent at
 *    dead or zeroed units (R(t) = R(0) − c·t² + ...).
 * Every candidate is decided exactly by tool 1; only confirmed descents are
 * reported, as `refuted` with the witness.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { definiteness, fromRows } from '../linalg/matrix.js';
import { shortDescentDirection, shortNegativeDirection } from '../linalg/simple-direction.js';
import type { Dataset } from '../model/data.js';
import { activationPattern, exactGradient, pieceDerivatives } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { checkKinkCap, kinkToJSON, requirePiecewisePolynomialSquared } from './certificates.js';
import { descentAlong, rayCurve } from './curve.js';
import { certify } from './recheck.js';
import { unitParameters } from '../model/symmetry.js';
import { verdict, type DescentEvidence, type DescentMethod, type SearchEvidence, type Verdict } from './verdict.js';

export interface SearchOptions {
  seed?: number;
  /** random integer directions to try (entries in −3..3) */
  randomDirections?: number;
  /** random (incoming, outgoing) pairs per hidden unit, each tried with both signs of the outgoing part */
  bilinearPerUnit?: number;
  /** boundary points with more kink entries than this skip the adjacent-cell candidates (at most 20) */
  maxKinks?: number;
  /** skip the cell's own gradient and curvature (already examined, e.g. by secondOrder) */
  skipCell?: boolean;
}

const QUESTION = 'is θ a local minimum of the risk?';

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
  const tried: Record<string, number> = { gradient: 0, 'negative-curvature': 0, random: 0, bilinear: 0 };
  const attempt = (d: readonly Fraction[], method: DescentMethod): DescentEvidence | null => {
    if (d.every((x) => x.n === 0n)) return null;
    tried[method]++;
    return descentAlong(net, loss, data, rayCurve(theta, d), method);
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
  let cells = 0;
  // 1. exact gradient inside a cell
  if (pat.interior && !opts.skipCell) {
    const g = exactGradient(net, loss, theta, data);
    if (g.kind === 'interior') {
      const e = attempt(shortDescentDirection(g.value).direction, 'gradient');
      if (e) return found(e);
    }
  }
  // 2. the cell's (or each adjacent cell's) polynomial: gradient and negative curvature
  const maxKinks = opts.maxKinks ?? 8;
  checkKinkCap(maxKinks, 'descentSearch');
  if (pat.kinks.length <= maxKinks && !(pat.interior && opts.skipCell)) {
    for (let mask = 0; mask < 2 ** pat.kinks.length; mask++) {
      const pieces = net.layers.map((L) => {
        const lp = pat.layers.find((x) => x.layer === L.number);
        return lp ? lp.piece.map((row) => row.slice()) : null;
      });
      pat.kinks.forEach((k, b) => {
        pieces[k.layer - 1]![k.unit][k.sample] += Math.floor(mask / 2 ** b) % 2;
      });
      const pd = pieceDerivatives(net, loss, theta, data, pieces);
      cells++;
      const e1 = attempt(shortDescentDirection(pd.gradient).direction, 'gradient');
      if (e1) return found(e1);
      const Hm = fromRows(pd.hessian);
      const def = definiteness(rational, Hm);
      if (def.negativeWitness) {
        const v = shortNegativeDirection(Hm, def.negativeWitness);
        for (const sgn of [1, -1]) {
          const e2 = attempt(
            v.map((x) => x.mul(sgn)),
            'negative-curvature',
          );
          if (e2) return found(e2);
        }
      }
    }
  }
  // 3. random directions, 4. bilinear directions (seeded, reproducible)
  const ints = (n: number) => fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n });
  const randomDirs = opts.randomDirections ?? 24;
  if (randomDirs > 0 && P > 0) {
    for (const v of fc.sample(ints(P), { seed, numRuns: randomDirs })) {
      const e = attempt(
        v.map((x) => new Fraction(x)),
        'random',
      );
      if (e) return found(e);
    }
  }
  const perUnit = opts.bilinearPerUnit ?? 6;
  // Data-driven hinges for first-layer dense units: incoming w = s·1, b = −s·(1·x_i) + s/2,
  // a kink placed at each sample along the all-ones direction, whatever the input scale.
  const first = net.layers[0];
  if (perUnit > 0 && first.spec.kind === 'dense' && first.biasIndex && !first.identity) {
    for (const u of unitParameters(net).filter((x) => x.layer === 1)) {
      const wIdx = Array.from({ length: first.inDim }, (_, k) => first.weightIndex![u.channel * first.inDim + k]);
      const bIdx = first.biasIndex[u.channel];
      for (const x of data.inputs) {
        const sx = x.reduce((acc, v) => acc.add(v), new Fraction(0));
        for (const sIn of [1, -1])
          for (const sOut of [1, -1]) {
            const d = new Array<Fraction>(P).fill(new Fraction(0));
            wIdx.forEach((p) => (d[p] = new Fraction(sIn)));
            d[bIdx] = sx.neg().add(new Fraction(1, 2)).mul(sIn);
            u.outgoing.forEach((p) => (d[p] = new Fraction(sOut)));
            const e = attempt(d, 'bilinear');
            if (e) return found(e);
          }
      }
    }
  }
  for (const u of unitParameters(net)) {
    if (perUnit <= 0) break;
    const pairs = fc.sample(fc.tuple(ints(u.incoming.length), ints(u.outgoing.length)), {
      seed: seed + 7919 * (u.layer * 1000 + u.channel),
      numRuns: perUnit,
    });
    for (const [a, b] of pairs) {
      for (const sgn of [1, -1]) {
        const d = new Array<Fraction>(P).fill(new Fraction(0));
        u.incoming.forEach((p, k) => (d[p] = new Fraction(a[k])));
        u.outgoing.forEach((p, k) => (d[p] = new Fraction(sgn * b[k])));
        const e = attempt(d, 'bilinear');
        if (e) return found(e);
      }
    }
  }
  const total = Object.values(tried).reduce((x, y) => x + y, 0);
  return verdict(
    'inconclusive',
    QUESTION,
    `no descent among ${total} exactly checked directions (this is not a proof of minimality)`,
    {
      kind: 'descent-search',
      tried,
      cells,
      kinks: pat.kinks.map(kinkToJSON),
      note:
        pat.kinks.length > maxKinks
          ? `adjacent cells skipped: ${pat.kinks.length} kink entries > ${maxKinks}`
          : 'all adjacent cells examined',
    },
  );
}
