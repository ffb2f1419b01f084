/**
 * Search for a parameter point with exactly lower risk than a given value.
 * Candidates come from, in this order:
 *  1. the interpolating construction (./interpolate.ts), when the net has one:
 *     risk 0 on distinct inputs when the hidden layers are wide enough;
 *  2. the cells next to `from` (e.g. the spurious point to beat): its entries
 *     with the smallest margins flipped one at a time, then each unit
 *     re-patterned (active beyond a threshold along an axis or its own
 *     weights), each cell's exact minimum computed (./cell-qp.ts);
 *  3. float Adam from seeded random starts (the shared optimiser), each end
 *     point rounded to the coarsest dyadic k/2^m (m = 0, 1, …, 12) that is
 *     lower, then its cell's exact minimum;
 *  4. the exact minima of the cells of seeded random points;
 *  5. the cells next to the lowest point seen so far, as in 2.
 * After a cell minimum the search walks on through the walls that block
 * descent (positive multiplier: the cell across it is minimised from the same
 * point and kept when lower). The cell steps need one hidden layer with a
 * ReLU-like activation and one output (cellProgrammeApplies); other nets get
 * 1 and 3. The exact risk is the judge of every candidate, and the point
 * returned passes recheckLowerPoint, so a float artefact can never produce a
 * witness. The effort (constructions, restarts, cells) is reported so that a
 * claim can say what was tried, also when nothing lower was found.
 */
import { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { activationPattern, exactRisk } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import { getBlock, setBlock, type Network } from '../model/network.js';
import { ONE, sum, ZERO } from '../numeric/rational.js';
import { cellProgrammeApplies, closedCellMinimum, signedCellOf, type CellMinimum, type SignedCell } from './cell-qp.js';
import { interpolatingPoint } from './interpolate.js';
import { adam, randomStarts } from './optimise.js';
import { recheckLowerPoint, selfCheckEnabled } from './recheck.js';

export interface LowerSearchOptions {
  seed?: number;
  /** float restarts (default 6), each `steps` Adam steps (default 300) at `learningRate` (default 0.05) */
  starts?: number;
  steps?: number;
  learningRate?: number;
  /** scale of the random starting points and random cells (uniform in [−initScale, initScale], default 1) */
  initScale?: number;
  /** the point to beat (e.g. a spurious minimum): the cells next to it are refitted first */
  from?: readonly Fraction[];
  /** neighbouring cells of `from`: its entries with the smallest margins, flipped one at a time (default 8) */
  flips?: number;
  /** cells of seeded random points whose exact minimum is computed (default 8) */
  cells?: number;
  /** at most this many moves through blocking walls after each cell minimum (default 6) */
  walk?: number;
  /** at most this many exact cell minima in all (default 100) */
  maxCells?: number;
  /**
   * keep searching until a point with risk ≤ goal is found (e.g. 0 when a zero-risk point is known to exist),
   * returning the lowest point found; default: stop at the first point below `below`
   */
  goal?: Fraction;
  /** try the interpolating construction first (default true) */
  construct?: boolean;
  /** re-pattern each unit of `from` (threshold patterns along the coordinate axes and its own weights; default true) */
  unitMoves?: boolean;
}

/** What a search tried. */
export interface SearchEffort {
  constructions: number;
  restarts: number;
  /** exact cell minima computed (each one closed activation cell's quadratic programme) */
  cells: number;
}

export type LowerRoute = 'construction' | 'neighbour cell' | 'restart' | 'random cell';

export interface LowerPoint {
  theta: Fraction[];
  /** the exact risk R(θ) < below */
  risk: Fraction;
  /** the float restart it came from (0-based), −1 when it did not come from one */
  start: number;
  route: LowerRoute;
  /** how it was obtained, in plain words */
  how: string;
  tried: SearchEffort;
}

export interface LowerSearch {
  point: LowerPoint | null;
  tried: SearchEffort;
  /** e.g. "1 construction, 6 restarts × 300 Adam steps, 40 cells" (usable in a claim's words) */
  effort: string;
}

function roundDyadic(x: number, m: number): Fraction {
  const s = 2 ** m;
  return new Fraction(BigInt(Math.round(x * s)), 1n << BigInt(m));
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The effort in words, e.g. "1 construction, 6 restarts × 300 Adam steps, 40 cells". */
export function describeEffort(t: SearchEffort, steps: number): string {
  return [
    plural(t.constructions, 'construction'),
    `${plural(t.restarts, 'restart')} × ${steps} Adam steps`,
    plural(t.cells, 'cell'),
  ].join(', ');
}

/** The search above, with what it tried; see searchLowerPoint for the point alone. */
export function lowerPointSearch(
  net: Network,
  loss: Loss,
  data: Dataset,
  below: Fraction,
  opts: LowerSearchOptions = {},
): LowerSearch {
  const { seed = 1, starts = 6, steps = 300, learningRate = 0.05, initScale = 1 } = opts;
  const { flips = 8, cells = 8, walk = 6, maxCells = 100, construct = true, unitMoves = true, goal } = opts;
  const tried: SearchEffort = { constructions: 0, restarts: 0, cells: 0 };
  const withCells = cellProgrammeApplies(net, loss);
  type Candidate = { theta: Fraction[]; risk: Fraction; route: LowerRoute; how: string; start?: number };

  /** The exact minimum of a closed cell from θ in it (null past the cell budget). */
  const minimum = (theta: readonly Fraction[], cell: SignedCell): CellMinimum | null => {
    if (tried.cells >= maxCells) return null;
    tried.cells++;
    return closedCellMinimum(net, loss, data, cell, { start: theta });
  };
  /** From a cell minimum, on through the walls that block descent while that lowers the risk. */
  const walkFrom = (cur: CellMinimum, cell: SignedCell): CellMinimum => {
    for (let step = 0; step < walk; step++) {
      const blocking = cur.walls.filter((w) => w.multiplier.compare(0) > 0);
      blocking.sort((a, b) => b.multiplier.compare(a.multiplier));
      let moved = false;
      for (const w of blocking.slice(0, 3)) {
        const next = flipped(cell, w.unit, [w.sample]);
        const m = minimum(cur.theta, next);
        if (m && m.risk.compare(cur.risk) < 0) {
          [cur, cell, moved] = [m, next, true];
          break;
        }
      }
      if (!moved) break;
    }
    return cur;
  };
  /** θ's own cell's exact minimum and the walk from it (θ itself when the cells do not apply). */
  const descend = (theta: Fraction[]): { theta: Fraction[]; risk: Fraction } => {
    const cell = withCells ? signedCellOf(net, theta, data) : null;
    const m = cell && minimum(theta, cell);
    const t = m ? walkFrom(m, cell!).theta : theta;
    return { theta: t, risk: exactRisk(net, loss, t, data) };
  };

  /**
   * The cells next to θ: single entries flipped at its smallest margins, then each unit re-patterned (each
   * cell's exact minimum from θ with that unit's outgoing weight 0: R_j = 0 lies in every cell); then the
   * walk through blocking walls from the lowest three.
   */
  function* nearby(theta: Fraction[], what: string): Generator<Candidate> {
    if (!withCells) return;
    const near: { m: CellMinimum; cell: SignedCell }[] = [];
    const z = getBlock(net, theta, 'layer2.weight');
    for (const { cell, unit, how } of neighbourCells(net, data, theta, flips, unitMoves, what)) {
      const m = minimum(
        setBlock(
          net,
          theta,
          'layer2.weight',
          z.map((x, j) => (j === unit ? ZERO : x)),
        ),
        cell,
      );
      if (!m) break;
      near.push({ m, cell });
      yield { theta: m.theta, risk: exactRisk(net, loss, m.theta, data), route: 'neighbour cell', how };
    }
    near.sort((a, b) => a.m.risk.compare(b.m.risk));
    for (const { m, cell } of near.slice(0, 3)) {
      const w = walkFrom(m, cell);
      yield {
        theta: w.theta,
        risk: exactRisk(net, loss, w.theta, data),
        route: 'neighbour cell',
        how: `a cell next to ${what}, its exact minimum, then the walk through blocking walls`,
      };
    }
  }

  let lowest: { theta: Fraction[]; risk: Fraction } | null = null;
  function* candidates(): Generator<Candidate> {
    // 1. the interpolating construction
    const th = construct ? interpolatingPoint(net, data) : null;
    if (th) {
      tried.constructions++;
      yield {
        ...descend(th),
        route: 'construction',
        how: 'the interpolating construction (hinges between neighbouring projected inputs, output layer by exact least squares), then its cells',
      };
    }
    // 2. the cells next to `from`
    if (opts.from) yield* nearby([...opts.from], 'the given point');
    // 3. float restarts: the coarsest dyadic rounding below `below` (else the finest tried), then its cells
    for (const [i, init] of randomStarts(net.paramCount, starts, initScale, seed).entries()) {
      tried.restarts++;
      const f = adam(net, loss, data, Float64Array.from(init), steps, learningRate);
      if (!f.every(Number.isFinite)) continue;
      let r = { theta: [] as Fraction[], risk: below };
      for (let m = 0; m <= 12 && r.risk.compare(below) >= 0; m++) {
        const t = Array.from(f, (x) => roundDyadic(x, m));
        r = { theta: t, risk: exactRisk(net, loss, t, data) };
      }
      const how = `Adam from random start ${i + 1}, rounded to a dyadic point`;
      yield { ...r, route: 'restart', how, start: i };
      if (withCells) yield { ...descend(r.theta), route: 'restart', how: `${how}, then its cells`, start: i };
    }
    // 4. the cells of random points
    if (withCells)
      for (const [i, init] of randomStarts(net.paramCount, cells, initScale, seed + 1).entries())
        yield {
          ...descend(init.map((x) => roundDyadic(x, 4))),
          route: 'random cell',
          how: `the exact minimum of the cell of random point ${i + 1}, then the walk through blocking walls`,
        };
    // 5. the cells next to the lowest point seen so far
    if (lowest) yield* nearby(lowest.theta, 'the lowest point found before');
  }

  let best: LowerPoint | null = null;
  if (net.paramCount > 0)
    for (const c of candidates()) {
      if (c.theta.length && (!lowest || c.risk.compare(lowest.risk) < 0)) lowest = c;
      if (c.risk.compare(below) >= 0 || (best && c.risk.compare(best.risk) >= 0)) continue;
      const p: LowerPoint = { theta: c.theta, risk: c.risk, start: c.start ?? -1, route: c.route, how: c.how, tried };
      const errs = selfCheckEnabled() ? recheckLowerPoint(net, loss, data, p, below) : [];
      if (errs.length) throw new Error(`internal: a lower point failed its re-check: ${errs.join('; ')}`);
      best = p;
      if (goal === undefined || p.risk.compare(goal) <= 0) break;
    }
  return { point: best && { ...best, tried: { ...tried } }, tried, effort: describeEffort(tried, steps) };
}

/** `cell` with unit j's entries on the given samples moved to the other piece. */
function flipped(cell: SignedCell, unit: number, samples: readonly number[]): SignedCell {
  const pieces = cell.pieces.map((r) => [...r]);
  for (const i of samples) pieces[unit][i] = 1 - pieces[unit][i];
  return { pieces, signs: cell.signs };
}

/**
 * Cells next to θ's: its `flips` entries with the smallest margins flipped one at a time; then (unitMoves)
 * each unit re-patterned, active on the samples beyond a threshold along a coordinate axis or its own
 * weights, with either sign of its outgoing weight.
 */
function* neighbourCells(
  net: Network,
  data: Dataset,
  theta: readonly Fraction[],
  flips: number,
  unitMoves: boolean,
  what: string,
): Generator<{ cell: SignedCell; unit: number; how: string }> {
  const cell = signedCellOf(net, theta, data);
  const pat = activationPattern(net, theta, data).layers.find((l) => l.layer === 1)!;
  const entries = pat.margin
    .flatMap((row, unit) => row.map((m, sample) => ({ unit, sample, m })))
    .sort((a, b) => a.m.compare(b.m))
    .slice(0, flips);
  for (const e of entries)
    yield {
      cell: flipped(cell, e.unit, [e.sample]),
      unit: e.unit,
      how: `the exact minimum of the cell next to ${what} across unit ${e.unit + 1}'s kink on sample ${e.sample + 1}`,
    };
  if (!unitMoves) return;
  const l1 = net.layers[0];
  const W1 = getBlock(net, theta, 'layer1.weight');
  for (let j = 0; j < l1.outDim; j++) {
    const own = W1.slice(j * l1.inDim, (j + 1) * l1.inDim);
    const axes = own.map((_, d) => own.map((_, e) => (e === d ? ONE : ZERO)));
    const seen = new Set<string>();
    for (const v of [...axes, own]) {
      const order = data.inputs
        .map((x, i) => ({ i, p: sum(x.map((xd, d) => xd.mul(v[d]))) }))
        .sort((a, b) => a.p.compare(b.p));
      for (let cut = 1; cut < order.length; cut++)
        for (const side of [0, 1])
          for (const sign of [1, -1]) {
            const row = new Array<number>(order.length).fill(1 - side);
            order.slice(cut).forEach(({ i }) => (row[i] = side));
            const key = `${row.join('')}${sign}`;
            if (seen.has(key)) continue;
            seen.add(key);
            yield {
              cell: {
                pieces: cell.pieces.map((r, u) => (u === j ? row : [...r])),
                signs: cell.signs.map((s, u) => (u === j ? sign : s)),
              },
              unit: j,
              how: `the exact minimum of the cell of ${what} with unit ${j + 1} re-patterned (active on ${row.filter((x) => x === 1).length} of ${row.length} samples)`,
            };
          }
    }
  }
}

/**
 * A parameter point with exact risk strictly below `below` (see lowerPointSearch, which also reports what
 * was tried), re-checked by recheckLowerPoint; null when none was found.
 */
export function searchLowerPoint(
  net: Network,
  loss: Loss,
  data: Dataset,
  below: Fraction,
  opts: LowerSearchOptions = {},
): LowerPoint | null {
  return lowerPointSearch(net, loss, data, below, opts).point;
}
