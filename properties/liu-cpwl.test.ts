// Liu (2022), CPWL spurious minima: the registered claims, and the golden values of the
// note's §6 (computed there exactly by hand-written scripts), reproduced from the constructions.
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { patternClassBound } from '../src/landscape/index.js';
import { activationPattern, dataset, exactGradient, exactOutputs, exactRisk, squaredLoss } from '../src/model/index.js';
import {
  certifiedCounts,
  comparisonPoints,
  evalCpwl,
  evalLattice,
  gluePieces,
  groupFits,
  groupSse,
  isolatingRidge,
  latticeNetwork,
  latticeSets,
  netA,
  netC,
  padWidths,
  restrictedCnn,
  positivityShift,
  ridgeNetwork,
  toNetwork,
  widthsOf,
  type Cpwl,
} from '../src/papers/liu-cpwl/index.js';
import { claimTests } from './helpers/claims.js';

claimTests('liu-cpwl.');

const F = (x: number | string, d?: number) =>
  d === undefined ? new Fraction(x as number) : new Fraction(x as number, d);
const mse = squaredLoss();
const str = (xs: readonly Fraction[]) => xs.map((x) => x.toFraction());

// the note's §5.1 reading of "40 samples evenly spaced in [−1, 1]", y = x²
const xs = Array.from({ length: 40 }, (_, i) => F(2 * (i + 1) - 41, 39));
const ys = xs.map((x) => x.mul(x));
const parabola = dataset(
  xs.map((x) => [x]),
  ys.map((y) => [y]),
);
const build = (cuts: number[]) => {
  const f = gluePieces(xs, groupFits(xs, ys, cuts), cuts);
  return { f, sets: latticeSets(f), c: positivityShift(f) };
};
const sse = (n: number) => groupSse(xs.slice(0, n), ys.slice(0, n), [])[0];

describe('Liu CPWL goldens (the note §6)', () => {
  it('§6.1: S(n) = h⁴ n(n²−1)(n²−4)/180 for n consecutive points, and the single fit R_0 = 87248/889785', () => {
    const h4 = F(2, 39).pow(4);
    for (const n of [3, 4, 10, 13, 14, 19, 20, 21, 40])
      expect(sse(n).equals(h4.mul(n * (n * n - 1) * (n * n - 4)).div(180))).toBe(true);
    expect(sse(40).div(40).toFraction()).toBe('87248/889785');
    expect(groupFits(xs, ys, [])[0].intercept.toFraction()).toBe('41/117');
  });

  it('§6.1 two groups: 20|20 and 19|21, fits, intersections and risks; both certified in 1-2-2-1', () => {
    const r = (cuts: number[]) =>
      groupSse(xs, ys, cuts)
        .reduce((a, b) => a.add(b))
        .div(40);
    expect(r([20]).toFraction()).toBe('23408/3855735');
    expect(r([19]).toFraction()).toBe('215992/34701615');
    const b19 = build([19]);
    expect(str(b19.f.pieces.map((p) => p.slope))).toEqual(['-14/13', '38/39']);
    expect(str(b19.f.breakpoints)).toEqual(['-4/117']);
    for (const cuts of [[19], [20], [21]]) {
      const b = build(cuts);
      const { net, theta } = toNetwork(latticeNetwork(b.f.pieces, b.sets, b.c, 'merged'));
      expect(net.spec.layers.length).toBe(3); // 1-2-2-1
      expect(patternClassBound(net, mse, theta, parabola).strength).toBe('proved');
    }
    // only k ∈ {19, 20, 21} meet strictly inside the gap (no auxiliary piece)
    const noAux = Array.from({ length: 39 }, (_, k) => k + 1).filter((k) => build([k]).f.pieces.length === 2);
    expect(noAux).toEqual([19, 20, 21]);
  });

  it('§6.4 G1 (cuts [16, 26]): pieces, breakpoints, sets, c, the 1-5-7-4-3-2-1 net, R, C1 holds, the three gradient entries', () => {
    const b = build([16, 26]);
    expect(b.f.pieces.map((p) => `${p.slope.toFraction()} ${p.intercept.toFraction()}`)).toEqual([
      '-16/13 -491/1521',
      '134/39 3077/4563',
      '4/39 29/1521',
      '-68/39 869/1521',
      '4/3 -47/117',
    ]);
    expect(str(b.f.breakpoints)).toEqual(['-25/117', '-23/117', '35/117', '37/117']);
    expect(b.sets).toEqual([
      [0, 3],
      [1, 2, 3],
      [1, 4],
    ]);
    expect(b.c.toFraction()).toBe('32842/4563');
    const w = latticeNetwork(b.f.pieces, b.sets, b.c, 'merged');
    expect(widthsOf(w)).toEqual([1, 5, 7, 4, 3, 2, 1]);
    expect(str(w.b[0])).toEqual(['2413/351', '307/39', '2533/351', '35449/4563', '31009/4563']);
    const { net, theta } = toNetwork(w);
    expect(exactRisk(net, mse, theta, parabola).toFraction()).toBe('1408/889785');
    expect(activationPattern(net, theta, parabola).interior).toBe(true);
    const g = exactGradient(net, mse, theta, parabola);
    if (g.kind !== 'interior') throw new Error('G1 should be inside a cell');
    const nonzero = g.value
      .map((x, p) => [net.views.find((v) => p >= v.offset && p < v.offset + v.size)!.name, x.toFraction()])
      .filter(([, x]) => x !== '0');
    expect(nonzero).toEqual([
      ['layer3.weight', '-28948/6940323'],
      ['layer4.weight', '28948/6940323'],
      ['layer5.weight', '28948/6940323'],
    ]);
    // W3[1,7], W4[1,4], W5[1,3] (1-based): zero at W*
    expect([58, 87, 101].map((p) => theta[p].toFraction())).toEqual(['0', '0', '0']);
    expect(g.value[58].toFraction()).toBe('-28948/6940323');
  });

  it('§6.4 G2 (cuts [3, 10, 17, 33]): structural ties, 15 zero pre-activations at hidden layer 4, unit 2, samples 26–40', () => {
    const b = build([3, 10, 17, 33]);
    expect(b.sets).toEqual([[0, 1, 4], [2, 4], [3, 4], [5], [6, 7]]);
    const { net, theta } = toNetwork(latticeNetwork(b.f.pieces, b.sets, b.c, 'merged'));
    const k = activationPattern(net, theta, parabola).kinks;
    expect(k.length).toBe(15);
    expect(k.every((x) => x.layer === 4 && x.unit === 1)).toBe(true);
    expect(k.map((x) => x.sample + 1)).toEqual(Array.from({ length: 15 }, (_, i) => 26 + i));
  });

  it('§6.1 Theorem-1 instance: net A R = 87248/889785 (certified), net C R = 25954/296595 in the same 1-2-2-1 architecture', () => {
    const A = toNetwork(netA(xs, ys));
    expect(exactRisk(A.net, mse, A.theta, parabola).toFraction()).toBe('87248/889785');
    expect(patternClassBound(A.net, mse, A.theta, parabola).strength).toBe('proved');
    const ridge = isolatingRidge(xs, ys)!;
    expect([ridge.side, ridge.threshold.toFraction(), ridge.t.toFraction()]).toEqual([1, '38/39', '76/3']);
    const wC = netC(xs, ys, ridge);
    expect(widthsOf(wC)).toEqual([1, 2, 2, 1]);
    const C = toNetwork(wC);
    expect(exactRisk(C.net, mse, C.theta, parabola).toFraction()).toBe('25954/296595');
    const out = exactOutputs(C.net, C.theta, parabola).map((r) => r[0].toFraction());
    expect(out.slice(0, 39).every((y) => y === '41/117') && out[39] === '1').toBe(true);
  });

  it('§6.2 Fig. 2: f = max(min(f1, f2), f3) with sets {1,2}, {3}, and the merged net with c = 10 realises it', () => {
    const f: Cpwl = {
      pieces: [
        { slope: F(2), intercept: F(0) },
        { slope: F(1, 2), intercept: F(0) },
        { slope: F(3), intercept: F(-5, 2) },
      ],
      breakpoints: [F(0), F(1)],
      domain: [F(-1), F(3)],
      group: [0, 1, 2],
    };
    const sets = latticeSets(f);
    expect(sets).toEqual([[0, 1], [2]]);
    const w = latticeNetwork(f.pieces, sets, F(10), 'merged');
    expect(widthsOf(w)).toEqual([1, 3, 3, 2, 1]);
    expect(str(w.b[0])).toEqual(['10', '10', '15/2']);
    const pts = Array.from({ length: 33 }, (_, k) => F(-4, 3).add(F(16, 3).mul(k).div(32)));
    const { net, theta } = toNetwork(w);
    const out = exactOutputs(
      net,
      theta,
      dataset(
        pts.map((x) => [x]),
        pts.map(() => [0]),
      ),
    );
    expect(pts.every((x, k) => out[k][0].equals(evalCpwl(f, x)))).toBe(true);
    expect(comparisonPoints(f).every((x) => evalLattice(f.pieces, sets, x).equals(evalCpwl(f, x)))).toBe(true);
  });

  it('§6.6 C3: zero-bias padding leaves zero pre-activations at every sample; bias −1 padding keeps the 20|20 ridge net certified', () => {
    const b = build([20]);
    const ridge = ridgeNetwork(b.f);
    const h = widthsOf(ridge)[1];
    const zero = toNetwork(padWidths(ridge, [h + 1], F(0)));
    expect(activationPattern(zero.net, zero.theta, parabola).kinks.length).toBe(40);
    const dead = toNetwork(padWidths(ridge, [h + 1], F(-1)));
    expect(exactRisk(dead.net, mse, dead.theta, parabola).toFraction()).toBe('23408/3855735');
    expect(patternClassBound(dead.net, mse, dead.theta, parabola).strength).toBe('proved');
  });

  it('§6.1 growth table: certified ridge minima of width K = 1..5 on the parabola are 1, 4, 46, 235, 1448', () => {
    // K = 5 takes about 50 s (1448 certified minima among the contiguous partitions)
    expect(certifiedCounts(parabola, [1, 2, 3, 4, 5])).toEqual([1, 4, 46, 235, 1448]);
  }, 300_000);

  it('§6.5 CNN counterexample: restricted fit z/2 + 1/4, R = 9/16, FC gradient (−1/4, 1/4, −1/4, 1/4), a step of 1/10 gives 1721/3200', () => {
    const data = dataset(
      [
        [1, 0],
        [0, 1],
        [0, 0],
        [1, 1],
      ],
      [[2], [0], [0], [1]],
    );
    // Theorem-2-shaped: the second piece is the first plus 1/2 per patch (+1 in all), joined by a min gadget, c = 1
    const f1 = { w: [F(1, 2)], b: F(1, 4) },
      f2 = { w: [F(1, 2)], b: F(5, 4) };
    const { net, theta } = restrictedCnn({ s0: 1, P0: 2 }, [f1, f2], 'min', F(1));
    expect(exactOutputs(net, theta, data).map((r) => r[0].toFraction())).toEqual(['3/4', '3/4', '1/4', '5/4']);
    expect(exactRisk(net, mse, theta, data).toFraction()).toBe('9/16');
    const g = exactGradient(net, mse, theta, data);
    if (g.kind !== 'interior') throw new Error('inside a cell');
    const fc1 = net.views.find((v) => v.name === 'layer2.weight')!;
    expect(str(g.value.slice(fc1.offset, fc1.offset + 4))).toEqual(['-1/4', '1/4', '-1/4', '1/4']);
    const conv = net.views.filter((v) => v.name.startsWith('layer1.'));
    expect(conv.every((v) => g.value.slice(v.offset, v.offset + v.size).every((x) => x.n === 0n))).toBe(true);
    const step = theta.map((x, p) => (p >= fc1.offset && p < fc1.offset + fc1.size ? x.sub(g.value[p].div(10)) : x));
    expect(exactRisk(net, mse, step, data).toFraction()).toBe('1721/3200');
  });
});
