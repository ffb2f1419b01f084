// outputsAlong: the network's outputs along a curve θ(t) as exact polynomials in t.
import { test, fc } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { directionFor, instance, polyArch, smallRational } from '../../src/gen/index.js';
import { curveAt, outputsAlong, rayCurve } from '../../src/landscape/index.js';
import * as P from '../../src/linalg/polynomial.js';
import { exactOutputs } from '../../src/model/index.js';

describe('outputsAlong', () => {
  // kills: samples and outputs swapped, the curve's coordinates misread (e.g. the direction used as the point),
  // a pass over floats instead of the germ field (the polynomials would not match exactly)
  test.prop(
    [
      instance(polyArch({ maxDegree: 3 }), { maxN: 4 }).chain((x) =>
        fc.record({ x: fc.constant(x), d: directionFor(x.net), t: smallRational(4, 3) }),
      ),
    ],
    { numRuns: 40 },
  )('a polynomial net: the polynomials evaluated at t are the exact outputs at θ(t)', ({ x, d, t }) => {
    const curve = rayCurve(x.theta, d);
    const polys = outputsAlong(x.net, x.data, curve);
    const direct = exactOutputs(x.net, curveAt(curve, t), x.data);
    expect(polys.length).toBe(x.data.inputs.length);
    expect(polys.map((r) => r.map((p) => P.evaluate(p, t).toFraction()))).toEqual(
      direct.map((r) => r.map((y) => y.toFraction())),
    );
  });
});
