// The toolkit's output-layer fit (src/landscape/output-fit.ts): with the earlier layers fixed, the
// least-squares last layer, exact. Checked against exact risks at the returned point and at random
// other last layers.
import { fc, test } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { fitOutputLayer, outputLayerParams } from '../../src/landscape/output-fit.js';
import { quadratic, relu, smooth } from '../../src/model/activation.js';
import { dataset, exactRisk, squaredLoss } from '../../src/model/index.js';
import { fcNetwork } from '../../src/model/network.js';
import { smallRational } from '../../src/gen/arbitraries.js';

const sse = squaredLoss({ reduction: 'sum' });

describe('fitOutputLayer', () => {
  const acts = [relu(), quadratic(1, 1, 1)];
  test.prop(
    [
      fc.constantFrom(0, 1),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      fc.array(fc.tuple(smallRational(4, 2), smallRational(4, 2)), { minLength: 1, maxLength: 5 }),
      fc.array(smallRational(4, 2), { minLength: 20, maxLength: 20 }),
      fc.array(smallRational(4, 2), { minLength: 20, maxLength: 20 }),
    ],
    { numRuns: 60 },
  )(
    'its residual is the exact risk there, no other last layer is lower, earlier layers are kept',
    (a, m, bias, xy, t, other) => {
      const net = fcNetwork([1, m, 1], acts[a], bias);
      const theta = t.slice(0, net.paramCount);
      const data = dataset(
        xy.map(([x]) => [x]),
        xy.map(([, y]) => [y]),
      );
      const fit = fitOutputLayer(net, theta, data)!;
      // kills: a residual that is not the risk at the returned θ (e.g. columns in the wrong order)
      expect(fit.residual.equals(exactRisk(net, sse, fit.theta, data))).toBe(true);
      const last = new Set(outputLayerParams(net));
      theta.forEach((v, k) => {
        if (!last.has(k)) expect(fit.theta[k].equals(v)).toBe(true);
      });
      // kills: returning θ unchanged or any non-optimal last layer
      expect(fit.residual.compare(exactRisk(net, sse, theta, data))).toBeLessThanOrEqual(0);
      const moved = theta.map((v, k) => (last.has(k) ? other[k] : v));
      expect(fit.residual.compare(exactRisk(net, sse, moved, data))).toBeLessThanOrEqual(0);
    },
  );

  it('fits the golden: ReLU, hidden weights (1, −1), x = (1, −2), y = (3, 4) → v = (3, 2), E = 0', () => {
    const net = fcNetwork([1, 2, 1], relu(), false);
    const F = (n: number) => new Fraction(n);
    const fit = fitOutputLayer(net, [F(1), F(-1), F(0), F(0)], dataset([[1], [-2]], [[3], [4]]))!;
    expect(fit.theta.map((q) => q.toFraction())).toEqual(['1', '-1', '3', '2']);
    expect(fit.residual.toFraction()).toBe('0');
  });

  it('is null when the last layer is not linear in its parameters', () => {
    const net = fcNetwork([1, 1, 1], smooth('tanh'), false);
    const lastNonlinear = {
      ...net,
      layers: net.layers.map((l, i) => (i === net.layers.length - 1 ? { ...l, identity: false } : l)),
    };
    expect(fitOutputLayer(lastNonlinear, [new Fraction(1), new Fraction(1)], dataset([[1]], [[1]]))).toBeNull();
  });
});
