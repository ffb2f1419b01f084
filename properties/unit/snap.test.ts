// Snap and certify: float end points of training, moved to the nearest exact optimum of their cell and certified.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { adam, analyseLocalMin, recheck, snapAndCertify, snapLastLayer } from '../../src/landscape/index.js';
import {
  absolute,
  activationPattern,
  buildNetwork,
  cellGradient,
  forcedPiecesOf,
  leakyRelu,
  linear,
  type Dataset,
  dataset,
  dataTensors,
  exactRisk,
  fcNetwork,
  relu,
  riskGradient,
  squaredLoss,
  tanh,
} from '../../src/model/index.js';
import { floatBackend, rational, toRats } from '../../src/numeric/index.js';
import { linearRegressionFixture, liuG3 } from '../helpers/landscape.js';

const mse = squaredLoss();
/** the routes the random-route property took (checked after it, when it ran: each main route must occur) */
const routes = new Set<string>();
afterAll(() => {
  if (routes.size)
    expect([...routes]).toEqual(
      expect.arrayContaining([
        'moved to the nearest exact least-squares optimum of its cell',
        'the last layer refitted by exact least squares, the hidden layers held',
        'not snapped: the point is on a cell boundary',
      ]),
    );
});

/** A one-hidden-layer ReLU net trained with Adam from a seeded random start (three learning rates). */
function trained(seed: number, widths = [1, 3, 1]) {
  const net = fcNetwork(widths, relu());
  const [xs, ys, init] = fc.sample(
    fc.tuple(
      fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 8, maxLength: 8 }),
      fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 8, maxLength: 8 }),
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: net.paramCount, maxLength: net.paramCount }),
    ),
    { seed, numRuns: 1 },
  )[0];
  const data = dataset(
    xs.map((x) => [String(x / 2)]),
    ys.map((y) => [String(y)]),
  );
  let th = adam(net, mse, data, Float64Array.from(init), 3000, 0.02);
  th = adam(net, mse, data, th, 3000, 0.002);
  th = adam(net, mse, data, th, 3000, 0.0002);
  const be = floatBackend;
  const { X, Y } = dataTensors(be, net, data);
  const g = riskGradient(be, net, mse, be.fromNumbers(th.length, 1, th), X, Y).grad.data;
  return { net, data, th, gradNorm: Math.hypot(...g) };
}

describe('snap and certify', () => {
  it('a trained float minimum is refuted as it stands (tiny exact gradient), certified once snapped', () => {
    // the first seeded run that converged inside a cell
    const run = Array.from({ length: 10 }, (_, k) => trained(k + 1)).find(
      (r) =>
        r.gradNorm < 1e-5 &&
        activationPattern(
          r.net,
          Array.from(r.th, (x) => rational.fromNumber(x)),
          r.data,
        ).interior,
    );
    expect(run).toBeDefined();
    const { net, data, th } = run!;
    const asIs = analyseLocalMin(
      net,
      mse,
      Array.from(th, (x) => rational.fromNumber(x)),
      data,
      { noProbes: true },
    );
    expect(asIs.strength).toBe('refuted');
    const s = snapAndCertify(net, mse, th, data);
    expect(s.snapped).toBe(true);
    // kills: the lifted design refused for an interior point (the snap would fall back to refitting the last layer)
    expect(s.route).toBe('moved to the nearest exact least-squares optimum of its cell (lifted variables)');
    expect(s.verdict.strength).toBe('proved');
    expect(recheck(s.verdict, net, mse, s.theta, data)).toEqual([]);
    expect(s.moved).toBeLessThan(1e-3);
    // the same open cell, and no higher risk than the float point had
    const pieces = (t: Parameters<typeof activationPattern>[1]) =>
      activationPattern(net, t, data).layers.map((l) => l.piece);
    expect(pieces(s.theta)).toEqual(pieces(Array.from(th, (x) => rational.fromNumber(x))));
    expect(exactRisk(net, mse, s.theta, data).valueOf()).toBeLessThanOrEqual(
      exactRisk(
        net,
        mse,
        Array.from(th, (x) => rational.fromNumber(x)),
        data,
      ).valueOf() + 1e-12,
    );
  });

  it('at least 90% of the runs that converged inside a cell are certified after snapping (20 seeded runs)', () => {
    let converged = 0,
      certified = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { net, data, th, gradNorm } = trained(seed);
      const interior = activationPattern(
        net,
        Array.from(th, (x) => rational.fromNumber(x)),
        data,
      ).interior;
      if (gradNorm >= 1e-5 || !interior) continue;
      converged++;
      const s = snapAndCertify(net, mse, th, data);
      if (s.verdict.strength === 'proved') certified++;
      if (s.verdict.strength === 'proved' || s.verdict.strength === 'refuted')
        expect(recheck(s.verdict, net, mse, s.theta, data)).toEqual([]);
    }
    expect(converged).toBeGreaterThanOrEqual(8);
    expect(certified / converged).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  // kills: no boundary step (those runs would stay unsnapped and be refuted by their tiny gradient), pinning
  // without the exact constraint (the point would not sit on the kink), a boundary point not sent to the KKT certificate
  it("Liu's G3 data (2-1-1 ReLU, no bias): runs whose cell optimum leaves the cell snap onto its boundary and are proved there", () => {
    const { net, data: d } = liuG3();
    const routes: string[] = [];
    let proved = 0,
      boundaryProofs = 0;
    for (let k = 0; k < 20; k++) {
      const [init] = fc.sample(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), {
        seed: k + 1,
        numRuns: 1,
      });
      let th = adam(net, mse, d, Float64Array.from(init), 3000, 0.02);
      th = adam(net, mse, d, th, 3000, 0.002);
      th = adam(net, mse, d, th, 3000, 0.0002);
      const s = snapAndCertify(net, mse, th, d);
      routes.push(s.route);
      if (s.verdict.strength === 'proved') {
        proved++;
        expect(recheck(s.verdict, net, mse, s.theta, d)).toEqual([]);
      }
      if (/boundary with/.test(s.route)) {
        expect(activationPattern(net, s.theta, d).kinks.length).toBeGreaterThan(0);
        if (s.verdict.strength === 'proved') {
          expect(s.verdict.evidence.kind).toBe('boundary-kkt');
          boundaryProofs++;
        }
      }
    }
    expect(boundaryProofs).toBeGreaterThanOrEqual(1);
    expect(proved).toBeGreaterThanOrEqual(15);
  }, 60_000);

  it('refuses what it cannot snap, and says so', () => {
    const net = fcNetwork([1, 2, 1], tanh());
    const data = dataset([[0], [1]], [[0], [1]]);
    const s = snapAndCertify(net, mse, [0.5, -0.5, 0, 0, 1, 1, 0], data, { noProbes: true });
    expect(s.snapped).toBe(false);
    expect(s.route).toMatch(/needs piecewise-linear activations/);
    expect(() => snapAndCertify(net, mse, [1, 2], data)).toThrow(/θ has 2 entries but the network has 7 parameters/);
    // a point on a kink is rounded, not moved
    const r = fcNetwork([1, 1, 1], relu());
    const onKink = snapAndCertify(r, mse, [1, 0, 1, 0], dataset([[0], [1]], [[0], [1]]));
    expect(onKink.snapped).toBe(false);
    expect(onKink.route).toMatch(/cell boundary/);
  });

  // Every route, on random one-hidden-layer nets with one or two outputs from random points (not trained ones):
  // what each route promises, checked exactly. kills: the lifted coordinates or the constrained step read with the
  // wrong stride when there are several outputs (f·dY + o, o·K + j), a refit that is not the last layer's optimum,
  // a "moved" that is not the distance, an unsnapped point that is changed
  test.prop(
    [
      fc
        .record({
          dIn: fc.integer({ min: 1, max: 2 }),
          K: fc.integer({ min: 1, max: 3 }),
          dY: fc.integer({ min: 1, max: 2 }),
          bias: fc.boolean(),
          act: fc.constantFrom(relu(), leakyRelu('1/4'), absolute()),
          N: fc.integer({ min: 2, max: 5 }),
        })
        .chain(({ dIn, K, dY, bias, act, N }) => {
          const net = fcNetwork([dIn, K, dY], act, bias);
          const v = (lo: number, hi: number, n: number) =>
            fc.array(fc.integer({ min: lo, max: hi }), { minLength: n, maxLength: n });
          return fc.tuple(
            fc.constant(net),
            // inputs k + 1/2 and parameters (2k + 1)/8: with one input no pre-activation is 0 (an odd numerator
            // over 16), so few points start on a kink
            fc.array(
              fc.tuple(
                v(-3, 2, dIn).map((x) => x.map((k) => k + 0.5)),
                v(-3, 3, dY),
              ),
              {
                minLength: N,
                maxLength: N,
              },
            ),
            v(-8, 7, net.paramCount).map((t) => t.map((k) => (2 * k + 1) / 8)),
          );
        }),
    ],
    { numRuns: 40 },
  )(
    'each route keeps its promise: the cell’s optimum, the last layer’s optimum, a boundary point, or θ unchanged',
    ([net, rows, th]) => {
      const data: Dataset = dataset(
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
      );
      const q = th.map((x) => rational.fromNumber(x));
      const s = snapAndCertify(net, mse, th, data);
      routes.add(s.route.replace(/ \(.*$/, ''));
      const dist = Math.hypot(...s.theta.map((x, k) => x.valueOf() - th[k]));
      expect(Math.abs(s.moved - dist)).toBeLessThanOrEqual(1e-12 * (1 + dist));
      if (s.verdict.strength === 'proved' || s.verdict.strength === 'refuted')
        expect(recheck(s.verdict, net, mse, s.theta, data)).toEqual([]);
      const pat = activationPattern(net, q, data);
      const pieces = (t: Parameters<typeof activationPattern>[1]) =>
        JSON.stringify(activationPattern(net, t, data).layers.map((l) => l.piece));
      const R = (t: Parameters<typeof activationPattern>[1]) => exactRisk(net, mse, t, data);
      if (!s.snapped) {
        expect(s.theta.map((x) => x.toFraction())).toEqual(q.map((x) => x.toFraction()));
        return;
      }
      if (/boundary with/.test(s.route)) {
        expect(activationPattern(net, s.theta, data).kinks.length).toBeGreaterThan(0);
        return;
      }
      expect(pieces(s.theta)).toBe(pieces(q));
      expect(R(s.theta).compare(R(q))).toBeLessThanOrEqual(0);
      const g = cellGradient(net, mse, s.theta, data, forcedPiecesOf(net, pat)).gradient;
      // the lifted route reaches a critical point of the cell; the refit, one in the last layer's parameters
      const last = net.views.filter((v) => v.layer === net.layers.length);
      const checked = /last layer refitted/.test(s.route)
        ? last.flatMap((v) => Array.from({ length: v.size }, (_, k) => v.offset + k))
        : g.map((_, k) => k);
      expect(checked.map((k) => g[k].toFraction())).toEqual(checked.map(() => '0'));
    },
  );
});

describe('snapping a net with a dead, unread unit', () => {
  // kills: snap.ts, the kept weights of a unit with zero outgoing weight read at the wrong offset (`j * dIn` →
  // `j / dIn`: for unit 2 of two inputs, slice(1/2, 4) starts at unit 1's weights)
  it("keeps that unit's incoming weights and bias, and moves the live unit to the cell optimum", () => {
    // 2-2-1 ReLU, θ = (W₁ = [[1, 0], [−1, −1]], b₁ = (0, −1), z = (1, 0), c = 0); inputs (1, 0), (2, 1), (3, 0)
    // with y = 2x₁ + 1. Unit 1 is active on every sample (x₁ > 0), unit 2 inactive (−x₁ − x₂ − 1 < 0) and unread.
    // The lifted variables are unit 1's z·(w, b) = (1, 0, 0) and c = 0; the features x₁, x₂, 1 are independent on
    // these samples, so the nearest optimum adds the minimum-norm Δ = (1, 0, ½) and ½ to c (the intercept split
    // evenly between b and c): unit 1 becomes w = (2, 0), b = ½ with z = 1 kept, still active; R = 0.
    const net = fcNetwork([2, 2, 1], relu());
    const data = dataset(
      [
        [1, 0],
        [2, 1],
        [3, 0],
      ],
      [[3], [5], [7]],
    );
    const s = snapAndCertify(net, mse, [1, 0, -1, -1, 0, -1, 1, 0, 0], data);
    expect(s.route).toBe('moved to the nearest exact least-squares optimum of its cell (lifted variables)');
    expect(s.theta.map((x) => x.toFraction())).toEqual(['2', '0', '-1', '-1', '1/2', '-1', '1', '0', '1/2']);
    expect(exactRisk(net, mse, s.theta, data).toFraction()).toBe('0');
  });
});

describe('snapping: the architectures each route takes', () => {
  // kills: snap.ts, the lifted route's architecture test reduced to `b.identity` (`net.layers.length === 2 && …` →
  // `true`): a one-layer net has no second layer, and reading its `identity` throws
  it('a one-layer linear net takes no lifted route and, having no hidden layer, no refit either: θ is kept', () => {
    const { net, data } = linearRegressionFixture();
    const s = snapAndCertify(net, mse, [0, 0, 0], data);
    expect([s.snapped, s.route]).toEqual([
      false,
      "not snapped: the cell's nearest exact optimum lies outside the cell",
    ]);
    expect(s.theta.map((x) => x.toFraction())).toEqual(['0', '0', '0']);
  });

  // 2-1-2 ReLU, θ = (W₁ = (1, 1), b₁ = 0, W₂ = (1, 0)ᵀ, c = 0); inputs (1, 0), (2, 0), (3, 0) with y = (2x₁ + 1, x₁).
  // The unit is active on every sample (pre-activation x₁ > 0). The cell's lifted optimum R = w̃ zᵀ has the x₁ row
  // (2, 1), the intercepts split evenly between the bias row and c, (½, ½) each, and the x₂ row kept at u's w₂·z =
  // (1, 0) (x₂ is 0 on every sample, so the minimum-norm step leaves that row). (2, 1) is not a multiple of z = (1, 0):
  // no rank-one product, so the lifted route gives up, and the last layer is refitted on h = x₁: W₂ = (2, 1)ᵀ,
  // c = (1, 0), R = 0.
  const net = fcNetwork([2, 1, 2], relu());
  const data = dataset(
    [
      [1, 0],
      [2, 0],
      [3, 0],
    ],
    [
      [3, 1],
      [5, 2],
      [7, 3],
    ],
  );
  const refit = ['1', '1', '0', '2', '1', '1', '0'];
  // kills: snap.ts, the rank-one test `Bj.some(…)` → `Bj.every(…)`: the x₂ row is a multiple of z, so not every row
  // fails, and the non-rank-one optimum would be mapped back to θ as if it were one
  it('a lifted optimum that is not rank one on every row is not mapped back; the last layer is refitted', () => {
    const s = snapAndCertify(net, mse, [1, 1, 0, 1, 0, 0, 0], data);
    expect(s.route).toBe('the last layer refitted by exact least squares, the hidden layers held');
    expect(s.theta.map((x) => x.toFraction())).toEqual(refit);
    expect(exactRisk(net, mse, s.theta, data).toFraction()).toBe('0');
  });
  // kills: snap.ts, snapLastLayer's guard `!last.identity` → `last.identity` (every linear output refused) and
  // `last.spec.kind !== 'dense'` → `false` (a convolution last refitted as if dense)
  it('snapLastLayer refits a dense linear last layer, and refuses a last layer that is a convolution', () => {
    const th = toRats([1, 1, 0, 1, 0, 0, 0]);
    expect(snapLastLayer(net, th, data)?.map((x) => x.toFraction())).toEqual(refit);
    // the same parameters, with the output a kernel-1 convolution of the 2-channel 1×1 map (2 filters, per-map bias)
    const conv = buildNetwork({
      input: { channels: 2, height: 1, width: 1 },
      layers: [
        { kind: 'dense', units: 1, activation: relu() },
        { kind: 'conv1d', filters: 2, kernel: 1, activation: linear() },
      ],
    });
    expect(conv.paramCount).toBe(7);
    expect(snapLastLayer(conv, th, data)).toBeNull();
  });
});
