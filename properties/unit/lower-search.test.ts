// Lower points that exist (issue 13, item 2): the exact minimum of a closed ReLU cell, the interpolating
// construction, and searchLowerPoint on generated one-hidden-layer instances where a zero-risk point exists
// by construction and a spurious point of positive risk is given.
import { fc, test } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { distinctInputs, smallRational } from '../../src/gen/index.js';
import { fromRows, leastSquares } from '../../src/linalg/matrix.js';
import {
  closedCellMinimum,
  duplicateInputsBound,
  interpolatingPoint,
  liftedDesign,
  lowerPointSearch,
  recheckLowerPoint,
  searchLowerPoint,
  signedCellOf,
  type LowerSearchOptions,
} from '../../src/landscape/index.js';
import {
  absolute,
  activationPattern,
  dataset,
  exactPreActivations,
  exactRisk,
  fcNetwork,
  getBlock,
  leakyRelu,
  pwl,
  relu,
  squaredLoss,
  squaredRiskFactor,
  twoPiece,
  type Dataset,
  type Network,
} from '../../src/model/index.js';
import { rational } from '../../src/numeric/index.js';
import { plantedFixture } from '../helpers/landscape.js';
import { lowerInstances } from '../helpers/lower.js';

const mse = squaredLoss();
const F = (x: number | string) => new Fraction(x);

/** θ lies in the closed cell: every entry off the kink has the cell's piece, every outgoing weight the cell's sign or 0. */
function inClosedCell(net: Network, theta: Fraction[], data: Dataset, cell: { pieces: number[][]; signs: number[] }) {
  const lp = activationPattern(net, theta, data).layers[0];
  const z = getBlock(net, theta, 'layer2.weight');
  return (
    lp.piece.every((row, j) => row.every((p, i) => lp.margin[j][i].n === 0n || p === cell.pieces[j][i])) &&
    z.every((x, j) => x.n === 0n || (x.s < 0n ? -1 : 1) === cell.signs[j])
  );
}

const cellInstance = fc
  .record({
    d: fc.integer({ min: 1, max: 2 }),
    K: fc.integer({ min: 1, max: 3 }),
    act: fc.constantFrom(relu(), leakyRelu('1/4'), absolute(), twoPiece(-1, 2)),
    bias: fc.boolean(),
  })
  .chain(({ d, K, act, bias }) => {
    const net = fcNetwork([d, K, 1], act, [bias, true]);
    return fc.record({
      net: fc.constant(net),
      xs: distinctInputs(d, { minN: 2, maxN: 6 }),
      ys: fc.array(smallRational(4, 2), { minLength: 6, maxLength: 6 }),
      theta: fc.array(smallRational(3, 2), { minLength: net.paramCount, maxLength: net.paramCount }),
      kicks: fc.array(
        fc.array(fc.integer({ min: -8, max: 8 }), { minLength: net.paramCount, maxLength: net.paramCount }),
        {
          minLength: 6,
          maxLength: 6,
        },
      ),
    });
  })
  .map(({ net, xs, ys, theta, kicks }) => ({
    net,
    data: dataset(
      xs,
      xs.map((_, i) => [ys[i]]),
    ),
    theta,
    kicks,
  }));

describe('the exact minimum of a closed cell', () => {
  // kills: a wall with the wrong orientation or sign (the minimum leaves the cell, or its θ's risk differs from
  // the programme's value), a multiplier of the wrong sign or a missing ratio test (a value above a point of the
  // cell, or different from the apex start), a wrong map back to θ (R_j / z_j)
  test.prop([cellInstance], { numRuns: 60 })(
    'its θ is in the closed cell with exact risk the programme value, at most R at any point of the cell we try, at least the unconstrained lifted least squares, the same from the apex; multipliers ≥ 0',
    ({ net, data, theta, kicks }) => {
      const cell = signedCellOf(net, theta, data);
      const m = closedCellMinimum(net, mse, data, cell, { start: theta })!;
      expect(inClosedCell(net, m.theta, data, cell)).toBe(true);
      expect(exactRisk(net, mse, m.theta, data).equals(m.risk)).toBe(true);
      expect(m.risk.compare(exactRisk(net, mse, theta, data))).toBeLessThanOrEqual(0);
      for (const w of m.walls) expect(w.multiplier.compare(0)).toBeGreaterThanOrEqual(0);
      // other points of the same closed cell (kicked off the minimum, kept when still in the cell) are not lower
      for (const k of kicks) {
        const p = m.theta.map((x, i) => x.add(new Fraction(k[i], 64)));
        if (inClosedCell(net, p, data, cell))
          expect(exactRisk(net, mse, p, data).compare(m.risk)).toBeGreaterThanOrEqual(0);
      }
      // the cell's unconstrained least squares (lifted variables) bounds it from below
      const D = liftedDesign(net, theta, data, cell.pieces)!;
      const ls = leastSquares(
        rational,
        fromRows(D.rows, D.featureNames.length),
        data.targets.map((t) => t[0]),
      );
      expect(m.risk.compare(ls.risk.mul(squaredRiskFactor(rational, mse, data.inputs.length)))).toBeGreaterThanOrEqual(
        0,
      );
      // a convex programme has one minimum value, whatever the start
      const apex = closedCellMinimum(net, mse, data, cell)!;
      expect(apex.risk.equals(m.risk)).toBe(true);
    },
  );
});

describe('cells on fixed instances', () => {
  // kills: stopping the active-set method before its multipliers are all ≥ 0 (the apex start is far from θ)
  it('a planted cell minimum is its own cell minimum, reached from the apex R = 0', () => {
    const { net, theta, data } = plantedFixture(12);
    const m = closedCellMinimum(net, mse, data, signedCellOf(net, theta, data))!;
    expect(m.risk.equals(exactRisk(net, mse, theta, data))).toBe(true);
    expect(m.iterations).toBeGreaterThan(0);
  });
  // kills: walls of the wrong orientation (some cell would go below 0 or none would reach it)
  it('over every signed cell of a 1-2-1 net on 3 samples, the lowest minimum is 0 and none is negative', () => {
    const net = fcNetwork([1, 2, 1], relu());
    const data = dataset([[F('1/2')], [F('-2/3')], [0]], [[F('2/7')], [F('3/14')], [F('-1/2')]]);
    let lowest: Fraction | null = null;
    for (let mask = 0; mask < 64; mask++)
      for (let s = 0; s < 4; s++) {
        const cell = {
          pieces: [0, 1].map((j) => [0, 1, 2].map((i) => (mask >> (3 * j + i)) & 1)),
          signs: [s & 1 ? -1 : 1, s & 2 ? -1 : 1],
        };
        const m = closedCellMinimum(net, mse, data, cell)!;
        expect(m.risk.compare(0)).toBeGreaterThanOrEqual(0);
        expect(exactRisk(net, mse, m.theta, data).equals(m.risk)).toBe(true);
        if (!lowest || m.risk.compare(lowest) < 0) lowest = m.risk;
      }
    expect(lowest!.n).toBe(0n);
  });
});

describe('the interpolating construction', () => {
  // kills: a hinge off its midpoint, a scale α that lets a pre-activation reach another breakpoint (only
  // the pre-activation check sees it: the features stay generic), a
  // pass-through shift that does not clear the last breakpoint, a projection on which two inputs coincide
  const act = fc.oneof(
    fc.constant(relu()),
    fc.constant(absolute()),
    smallRational(3, 4)
      .filter((a) => !a.equals(1))
      .map((a) => leakyRelu(a)),
    // two breakpoints 1/4 apart: the hinges must stay between them
    fc.constant(pwl({ breakpoints: [0, '1/4'], slopes: [0, 1, '1/2'] })),
  );
  test.prop(
    [
      fc.record({
        d: fc.integer({ min: 1, max: 3 }),
        depth: fc.integer({ min: 1, max: 2 }),
        a: act,
        b: act,
        extra: fc.integer({ min: 0, max: 2 }),
        xs: fc.array(fc.array(smallRational(4, 2), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        ys: fc.array(smallRational(6, 3), { minLength: 6, maxLength: 6 }),
        dups: fc.array(fc.nat(5), { maxLength: 3 }),
      }),
    ],
    { numRuns: 60 },
  )('wide enough (≥ m hidden units, m distinct inputs): risk 0, or the duplicate-input bound', (v) => {
    const rows = v.xs.map((x) => x.slice(0, v.d));
    const inputs = [...rows, ...v.dups.filter((k) => k < rows.length).map((k) => rows[k])];
    const data = dataset(
      inputs,
      inputs.map((_, i) => [v.ys[i % v.ys.length].add(i >= rows.length ? 1 : 0)]),
    );
    const m = new Set(rows.map((r) => r.map((x) => x.toFraction()).join())).size;
    const width = m + v.extra;
    const net = fcNetwork([v.d, ...new Array(v.depth).fill(width), 1], [v.a, v.b].slice(0, v.depth));
    const th = interpolatingPoint(net, data);
    expect(th).not.toBeNull();
    expect(exactRisk(net, mse, th!, data).equals(duplicateInputsBound(data))).toBe(true);
    // every first-layer pre-activation stays nearer the turning breakpoint than any other breakpoint
    const bps = v.a.breakpoints;
    const t = bps.find((_, k) => !v.a.slopes[k].equals(v.a.slopes[k + 1]))!;
    for (const z of exactPreActivations(net, th!, data)[0].flat())
      for (const o of bps.filter((b) => !b.equals(t)))
        expect(z.sub(t).abs().compare(o.sub(t).abs().div(2))).toBeLessThan(0);
  });
  it('ReLU with m − 1 units suffices; without a first-layer bias there is no construction', () => {
    const data = dataset([[0], [1], [3], [4]], [[1], [-2], [5], [0]]);
    const th = interpolatingPoint(fcNetwork([1, 3, 1], relu()), data)!;
    expect(exactRisk(fcNetwork([1, 3, 1], relu()), mse, th, data).n).toBe(0n);
    expect(interpolatingPoint(fcNetwork([1, 3, 1], relu(), [false, true]), data)).toBeNull();
    // without an output bias it still builds a point (its output weights fitted by least squares without a
    // constant, so it need not interpolate) (kills: the blocks filled by the wrong role, `role === 'weight'` →
    // `!==`, which leaves out the weights of a layer without biases)
    const noOutBias = fcNetwork([1, 3, 1], relu(), [true, false]);
    const th2 = interpolatingPoint(noOutBias, data);
    expect(th2).toHaveLength(noOutBias.paramCount);
    expect(exactRisk(noOutBias, mse, th2!, data).toFraction()).toBe('1/4');
  });
});

describe('lower points on generated instances where a zero-risk point exists (acceptance: ≥ 95%)', () => {
  // 15 instances of each kind (properties/helpers/lower.ts): wide-dead, realisable-dead, realisable-pruned,
  // wide-planted. With the previous search (6 starts × 300 Adam steps, rounding) 349 of 400 such instances
  // (87%; wide-planted 53%) had a lower point found; with this one all 400, in every configuration below.
  const instances = lowerInstances(15);
  const configs: [string, (v: (typeof instances)[number]) => LowerSearchOptions][] = [
    // kills: a search that ignores `from`, the construction, or the cells (each alone must reach 95%)
    ['the defaults with the spurious point given', (v) => ({ from: v.theta })],
    ['the cells next to the spurious point alone', (v) => ({ from: v.theta, construct: false, starts: 0, cells: 0 })],
    ['restarts and cells, no construction, no point given', () => ({ construct: false })],
  ];
  for (const [name, opts] of configs)
    it(`${name}: a point exactly below the spurious one in ≥ 95% of ${instances.length} instances, each re-checked`, () => {
      let hits = 0;
      for (const v of instances) {
        const p = searchLowerPoint(v.net, mse, v.data, v.risk, { seed: 1, ...opts(v) });
        if (!p) continue;
        hits++;
        expect(p.risk.compare(v.risk)).toBeLessThan(0);
        expect(exactRisk(v.net, mse, p.theta, v.data).equals(p.risk)).toBe(true);
        expect(recheckLowerPoint(v.net, mse, v.data, p, v.risk)).toEqual([]);
      }
      expect(hits).toBeGreaterThanOrEqual(Math.ceil(0.95 * instances.length));
    });
  // kills: a construction that does not interpolate, a search that stops before trying it
  it('wide enough: the construction gives the zero-risk global minimum at once', () => {
    for (const v of instances.filter((w) => w.kind.startsWith('wide'))) {
      const s = lowerPointSearch(v.net, mse, v.data, v.risk, { from: v.theta });
      expect(s.point?.risk.n).toBe(0n);
      expect(s.point?.route).toBe('construction');
      expect(s.tried).toEqual({ constructions: 1, restarts: 0, cells: s.tried.cells });
    }
  });
});

describe('the walk through blocking walls', () => {
  // kills: a walk that never moves, or moves to a higher cell
  it('searching every cell it visits, the walk never ends higher than its starting minima and sometimes lower', () => {
    let lower = 0;
    const huge = F(10 ** 12); // every cell minimum is below it (≤ the targets' variance, at the apex)
    for (const v of lowerInstances(15)) {
      const o: LowerSearchOptions = { construct: false, starts: 0, cells: 4, flips: 0, unitMoves: false, goal: F(-1) };
      const still = lowerPointSearch(v.net, mse, v.data, huge, { ...o, walk: 0 }).point!;
      const walked = lowerPointSearch(v.net, mse, v.data, huge, o).point!;
      expect(walked.risk.compare(still.risk)).toBeLessThanOrEqual(0);
      if (walked.risk.compare(still.risk) < 0) lower++;
    }
    expect(lower).toBeGreaterThan(0);
  });
});

describe('never a point that is not lower', () => {
  // kills: accepting a point of equal risk (the construction attains the global minimum exactly), a goal that
  // overrides `below`, a risk judged in floats
  it('below = the global minimum risk (0 on realisable data, with the teacher at 0): null, also with a goal', () => {
    for (const v of lowerInstances(4).filter((w) => w.zero)) {
      expect(exactRisk(v.net, mse, v.zero!, v.data).n).toBe(0n);
      expect(searchLowerPoint(v.net, mse, v.data, F(0), { seed: 2, from: v.zero, starts: 2, steps: 100 })).toBeNull();
      expect(searchLowerPoint(v.net, mse, v.data, F(0), { seed: 2, goal: F(-1), starts: 1, maxCells: 20 })).toBeNull();
    }
  });
  it('below = the duplicate-input bound, which the construction attains exactly: null', () => {
    const data = dataset([[0], [0], [1], [2], [2]], [[1], [2], [0], [3], [-1]]);
    const net = fcNetwork([1, 3, 1], relu());
    const bound = duplicateInputsBound(data);
    const th = interpolatingPoint(net, data)!;
    expect(exactRisk(net, mse, th, data).equals(bound)).toBe(true);
    expect(searchLowerPoint(net, mse, data, bound, { seed: 1, starts: 2, steps: 100 })).toBeNull();
  });
  test.prop([fc.integer({ min: 0, max: 59 })], { numRuns: 12 })(
    'searching again below the point found gives null or a strictly lower point',
    (k) => {
      const v = lowerInstances(15)[k];
      const p = searchLowerPoint(v.net, mse, v.data, v.risk, { from: v.theta })!;
      const again = searchLowerPoint(v.net, mse, v.data, p.risk, {
        from: p.theta,
        starts: 1,
        steps: 100,
        maxCells: 40,
      });
      if (again) expect(again.risk.compare(p.risk)).toBeLessThan(0);
    },
  );
});

describe('what was tried', () => {
  // kills: counts that are not kept, a cell budget that is not honoured
  it('with nothing lower to find, every restart and the cell budget are spent and reported in words', () => {
    const v = lowerInstances(2).find((w) => w.kind === 'realisable-dead')!;
    const s = lowerPointSearch(v.net, mse, v.data, F(0), { starts: 3, steps: 50, maxCells: 10 });
    expect(s.point).toBeNull();
    expect(s.tried).toEqual({ constructions: 1, restarts: 3, cells: 10 });
    expect(s.effort).toBe('1 construction, 3 restarts × 50 Adam steps, 10 cells');
  });
  it('a point found carries the effort up to it and the route in words', () => {
    const v = lowerInstances(2).find((w) => w.kind === 'wide-planted')!;
    const p = searchLowerPoint(v.net, mse, v.data, v.risk, { from: v.theta, construct: false })!;
    expect(p.route).toBe('neighbour cell');
    expect(p.how).toMatch(/the given point/);
    expect(p.tried.cells).toBeGreaterThan(0);
    expect(p.tried.constructions).toBe(0);
  });
});

describe('the goal stops the search', () => {
  // kills: global.ts `p.risk ≤ goal → stop` → never stop (the restarts would run after the construction)
  it('a zero-risk construction meets goal 0: no restart is tried after it', () => {
    const v = lowerInstances(15).find((w) => w.kind.startsWith('wide'))!;
    const s = lowerPointSearch(v.net, mse, v.data, v.risk, { from: v.theta, goal: F(0), starts: 2, steps: 20 });
    expect(s.point?.risk.n).toBe(0n);
    expect(s.tried.constructions).toBe(1);
    expect(s.tried.restarts).toBe(0);
  });
});
