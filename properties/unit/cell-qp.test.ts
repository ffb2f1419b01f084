// The exact minimum of the risk over a closed activation cell (src/landscape/cell-qp.ts), checked from outside:
// the point returned lies in the closed cell with the cell's outgoing signs, its stated risk is the network's
// exact risk there, no higher than at the point it started from, and it is optimal by the Karush–Kuhn–Tucker
// conditions of the cell's convex programme, recomputed here from the network's pieces (R_j = z_j·w̃_j, the output
// Σ_j slope_ij·R_j·x̃_i + b, the walls ±σ_j·R_j·x̃_i ≥ 0), not from the module's own design matrix.
import { test, fc } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { closedCellMinimum, signedCellOf } from '../../src/landscape/cell-qp.js';
import { lowerPointSearch } from '../../src/landscape/global.js';
import {
  absolute,
  dataset,
  exactPreActivations,
  exactRisk,
  fcNetwork,
  getBlock,
  leakyRelu,
  relu,
  squaredLoss,
  type Dataset,
  type Network,
} from '../../src/model/index.js';
import { smallRational } from '../../src/gen/index.js';
import { sum, ZERO } from '../../src/numeric/rational.js';

const mse = squaredLoss();
const dot = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));

const instance = fc
  .record({
    dIn: fc.integer({ min: 1, max: 2 }),
    K: fc.integer({ min: 1, max: 3 }),
    bias1: fc.boolean(),
    act: fc.constantFrom(relu(), leakyRelu('1/3'), absolute()),
    N: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ dIn, K, bias1, act, N }) => {
    const net = fcNetwork([dIn, K, 1], act, bias1);
    const row = (n: number) => fc.array(smallRational(4, 2), { minLength: n, maxLength: n });
    return fc.tuple(
      fc.constant(net),
      fc.array(fc.tuple(row(dIn), row(1)), { minLength: N, maxLength: N }),
      row(net.paramCount),
    );
  });

/** Everything the KKT check needs, from the network alone: x̃_i, the slopes of each entry's piece, the signs. */
function programme(net: Network, data: Dataset, cell: ReturnType<typeof signedCellOf>) {
  const l1 = net.layers[0];
  const act = l1.activation;
  if (act.kind !== 'pwl') throw new Error('a PWL first layer');
  const xt = data.inputs.map((x) => (l1.biasIndex ? [...x, new Fraction(1)] : [...x]));
  const per = xt[0].length,
    K = l1.outDim;
  const slope = (j: number, i: number) => act.slopes[cell.pieces[j][i]];
  /** the wall of entry (j, i) as a row over the lifted variables (R_1..R_K, b) */
  const wall = (j: number, i: number) => {
    const a = new Array<Fraction>(K * per + 1).fill(ZERO);
    xt[i].forEach((v, d) => (a[j * per + d] = v.mul((cell.pieces[j][i] === 1 ? 1 : -1) * cell.signs[j])));
    return a;
  };
  /** ∇ of ½Σ(f_i − y_i)² over (R, b) */
  const halfGradient = (u: readonly Fraction[]) => {
    const r = xt.map((x, i) => {
      let f = net.layers[1].biasIndex ? u[K * per] : ZERO;
      for (let j = 0; j < K; j++) f = f.add(slope(j, i).mul(dot(u.slice(j * per, (j + 1) * per), x)));
      return f.sub(data.targets[i][0]);
    });
    const g = new Array<Fraction>(K * per + 1).fill(ZERO);
    for (let j = 0; j < K; j++)
      for (let d = 0; d < per; d++)
        g[j * per + d] = xt.reduce((s, x, i) => s.add(r[i].mul(slope(j, i)).mul(x[d])), ZERO);
    if (net.layers[1].biasIndex) g[K * per] = r.reduce((s, v) => s.add(v), ZERO);
    return g;
  };
  return { per, K, wall, halfGradient };
}

describe('closedCellMinimum', () => {
  // kills: a point outside the cell, a risk that is not the network's, a stop before the optimum (the KKT
  // stationarity fails), a wall dropped with a negative multiplier kept, the ratio test's direction, a start θ′
  // taken when it is outside θ's cell, the outgoing weights' magnitudes not those of the reference
  test.prop(
    [
      instance.chain((x) =>
        fc.tuple(fc.constant(x), fc.array(smallRational(4, 2), { minLength: x[2].length, maxLength: x[2].length })),
      ),
    ],
    { numRuns: 60 },
  )(
    'the minimum lies in the closed cell, has the network’s exact risk, no more than θ’s, and satisfies KKT',
    ([[net, rows, theta], other]) => {
      const data = dataset(
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
      );
      const cell = signedCellOf(net, theta, data);
      const { K, wall, halfGradient } = programme(net, data, cell);
      const risks: string[] = [];
      for (const opts of [{ start: theta }, { start: other }, { reference: theta }, {}]) {
        const m = closedCellMinimum(net, mse, data, cell, opts)!;
        // in the closed cell: each entry on its piece's side of 0 (0 allowed), each outgoing weight of its sign
        const pre = exactPreActivations(net, m.theta, data);
        for (let j = 0; j < K; j++)
          for (let i = 0; i < data.inputs.length; i++) {
            const z = pre[0][j][i];
            expect(
              cell.pieces[j][i] === 1 ? z.compare(0) >= 0 : z.compare(0) <= 0,
              `unit ${j + 1}, sample ${i + 1}`,
            ).toBe(true);
          }
        const zOut = getBlock(net, m.theta, 'layer2.weight');
        zOut.forEach((z, j) => expect(z.s * (z.n === 0n ? 0n : 1n)).toBe(BigInt(cell.signs[j])));
        // the reference (or the start) fixes the magnitudes of the outgoing weights; without one they are 1
        const zRef = getBlock(net, opts.start ?? opts.reference ?? theta.map(() => ZERO), 'layer2.weight');
        zOut.forEach((z, j) => expect(z.abs().toFraction()).toBe(zRef[j].n !== 0n ? zRef[j].abs().toFraction() : '1'));
        expect(m.risk.toFraction()).toBe(exactRisk(net, mse, m.theta, data).toFraction());
        expect(m.risk.compare(exactRisk(net, mse, theta, data))).toBeLessThanOrEqual(0);
        // KKT: every wall holds at the lifted point, the held ones with equality and multiplier ≥ 0, and the
        // gradient is their combination
        for (let j = 0; j < K; j++)
          for (let i = 0; i < data.inputs.length; i++)
            expect(dot(wall(j, i), m.lifted).compare(0)).toBeGreaterThanOrEqual(0);
        const g = halfGradient(m.lifted);
        const combo = g.map(() => ZERO);
        for (const w of m.walls) {
          expect(w.multiplier.compare(0)).toBeGreaterThanOrEqual(0);
          expect(dot(wall(w.unit, w.sample), m.lifted).n).toBe(0n);
          wall(w.unit, w.sample).forEach((a, f) => (combo[f] = combo[f].add(w.multiplier.mul(a))));
        }
        expect(combo.map((x) => x.toFraction())).toEqual(g.map((x) => x.toFraction()));
        risks.push(m.risk.toFraction());
      }
      // one minimum value, wherever the search starts
      expect(new Set(risks).size).toBe(1);
    },
  );

  // kills: a start on a wall refused (`>= 0` → `> 0`), a start with a wrong-signed outgoing weight accepted, the
  // reference's output bias not taken (each is seen with maxIterations: 0, where the start is the answer)
  it('with no iterations the answer is the start: taken on a wall, refused with a wrong sign, else the apex with the reference’s bias', () => {
    // 1-2-1 ReLU with biases; θ = (W¹, b¹, W², b²)
    const net = fcNetwork([1, 2, 1], relu());
    const d = dataset([[1], [2]], [[1], [3]]);
    const q = (xs: number[]) => xs.map((x) => new Fraction(x));
    // unit 1 on its kink at x = 1 (z = x − 1), unit 2 live: θ lies on a wall of its closed cell
    const theta = q([1, 1, -1, 0, 2, 1, 1]);
    const cell = signedCellOf(net, theta, d);
    const zero = { maxIterations: 0 };
    const R = (t: Fraction[]) => exactRisk(net, mse, t, d).toFraction();
    expect(closedCellMinimum(net, mse, d, cell, { ...zero, start: theta })!.risk.toFraction()).toBe(R(theta));
    // the apex (every R_j = 0) with the reference's output bias 1: the output is 1 on both samples
    const apex = R(q([0, 0, 0, 0, 1, 1, 1]));
    expect(closedCellMinimum(net, mse, d, cell, { ...zero, reference: theta })!.risk.toFraction()).toBe(apex);
    // a start whose unit 1 is silent (w = b = 0: every wall holds) but reads with the other sign is not in the cell
    const flipped = q([0, 1, 0, 0, -2, 1, 1]);
    expect(closedCellMinimum(net, mse, d, cell, { ...zero, start: flipped })!.risk.toFraction()).toBe(apex);
    expect(R(flipped)).not.toBe(apex);
  });

  // kills: the ratio test taking the last of tied blocking walls (`tk < t` → `tk <= t`; from the apex every wall
  // with a·d < 0 ties at t = 0). The minimum value is the same, but the walls held and their multipliers differ,
  // and lowerPointSearch's walk crosses the walls with the largest multipliers: here it then stops at risk 2
  it('the walk through blocking walls from the minima next to θ reaches risk 1 (2-3-1 ReLU without biases)', () => {
    const net = fcNetwork([2, 3, 1], relu(), false);
    const d = dataset(
      [
        ['2', '1'],
        ['-2', '-2'],
        ['1', '0'],
        ['-2', '0'],
      ],
      [['-2'], ['-2'], ['-2'], ['1']],
    );
    const theta = [-2, 2, 2, 0, -2, 1, -2, 0, 1].map((v) => new Fraction(v));
    const below = exactRisk(net, mse, theta, d);
    expect(below.toFraction()).toBe('49/4');
    const s = lowerPointSearch(net, mse, d, below, {
      construct: false,
      starts: 0,
      cells: 0,
      from: theta,
      goal: ZERO,
      flips: 4,
      unitMoves: false,
    });
    expect(s.point?.route).toBe('neighbour cell');
    expect(s.point?.risk.toFraction()).toBe('1');
    expect(exactRisk(net, mse, s.point!.theta, d).toFraction()).toBe('1');
  });
});
