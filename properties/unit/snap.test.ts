// Snap and certify: float end points of training, moved to the nearest exact optimum of their cell and certified.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adam, analyseLocalMin, recheck, snapAndCertify } from '../../src/landscape/index.js';
import {
  activationPattern,
  dataset,
  dataTensors,
  exactRisk,
  fcNetwork,
  relu,
  riskGradient,
  squaredLoss,
  tanh,
} from '../../src/model/index.js';
import { floatBackend, rational } from '../../src/numeric/index.js';
import { liuG3 } from '../helpers/landscape.js';

const mse = squaredLoss();

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
});
