// Where a training run ended (src/landscape/classify-endpoint.ts): the exact classes of a piecewise-linear
// net (snapped, certified, searched below) and the float-evidence classes of a smooth one, each reached by a
// small fixed example whose class is known by hand.
import { describe, expect, it } from 'vitest';
import {
  classifyEndpoint,
  ENDPOINT_CLASSES,
  EXACT_CLASSES,
  FLOAT_CLASSES,
} from '../../src/landscape/classify-endpoint.js';
import { dataset, fcNetwork, linear, relu, square, squaredLoss, tanh } from '../../src/model/index.js';
import { toRat } from '../../src/numeric/rational.js';

const lt = (a: string, b: string) => toRat(a).compare(toRat(b)) < 0;

describe('classifyEndpoint', () => {
  const net = fcNetwork([1, 1, 1], relu());
  const loss = squaredLoss();
  // y = x on x ≥ 0 and 0 below: one ReLU fits it exactly (R = 0)
  const fit = dataset([[-1], [0], [1], [2]], [[0], [0], [1], [2]]);

  it('a global minimum (R = 0): a certified minimum, and nothing lower exists to be found', () => {
    const e = classifyEndpoint(net, loss, fit, [1, 0, 1, 0]);
    expect(e.class).toBe('minimum, no lower point found');
    expect(e.exactRisk).toBe('0');
  });

  it('far from any critical point: not converged', () => {
    expect(classifyEndpoint(net, loss, fit, [0.3, 0.5, 0.2, 1]).class).toBe('not converged');
  });

  // kills: a lower point taken at equal risk, a "spurious" without an exact lower point
  it('a dead hidden unit with the output at the mean: a certified minimum with an exact lower point, spurious', () => {
    const data = dataset([[-1], [0], [1], [2]], [[1], [0], [1], [4]]);
    // the unit is off on every sample (w = −1, b = −5), the output bias is the mean 3/2: a cell-wise minimum
    const e = classifyEndpoint(net, loss, data, [-1, -5, 0.5, 1.5]);
    expect(e.class).toBe('spurious');
    expect(lt(e.lowerRisk!, e.exactRisk!)).toBe(true);
  });

  // kills: the threshold of a float32-sized drop (1e-9·max(1, R)), its direction, a tiny descent called a saddle
  it('an exact descent of a float32 rounding’s worth means the run stopped short: not converged; a larger one is an exact descent', () => {
    const tiny = classifyEndpoint(net, loss, fit, [1, 0, 1, 1e-5]);
    expect(tiny.class).toBe('not converged');
    const drop = Number(/^an exact descent of only (\S+) from the snapped point/.exec(tiny.summary)?.[1]);
    expect(drop).toBeGreaterThan(0);
    expect(drop).toBeLessThan(1e-9);
    const small = classifyEndpoint(net, loss, fit, [1, 0, 1, 1e-4]);
    expect(small.class).toBe('exact descent');
    expect(lt(small.exactRisk!, '1/10000000')).toBe(true);
  });

  // kills: a critical point with a negative direction or a hinge descent taken for a minimum
  it('θ = 0 of a deep linear net and of a ReLU net without biases: exact descents, from the exact risk 3/2', () => {
    const y = dataset([[-1], [0], [1], [2]], [[-1], [0], [1], [2]]);
    for (const a of [linear(), relu()]) {
      const e = classifyEndpoint(fcNetwork([1, 1, 1], a, false), loss, y, [0, 0]);
      expect([e.class, e.exactRisk, e.moved]).toEqual(['exact descent', '3/2', 0]);
      expect(e.summary).toMatch(/< 3\/2 at t = /);
    }
  });

  // kills: the float path taken for a PWL net, or a PWL net's exact path for a smooth one; the order of the float
  // tests (zero loss before convergence, saddle before minimum)
  it('smooth and polynomial activations: float evidence after a damped-Newton polish, in words that say so', () => {
    const y = dataset([[-1], [0], [1], [2]], [[-1], [0], [1], [2]]);
    const cases: [ReturnType<typeof classifyEndpoint>, string][] = [
      [
        classifyEndpoint(fcNetwork([1, 1, 1], tanh(), false), loss, dataset([[1], [2]], [[0], [0]]), [0, 0]),
        'zero loss (float)',
      ],
      // v·tanh(w·x) at 0: ∂²R/∂v∂w = −2·mean(x·y) ≠ 0 and zero diagonal: eigenvalues ±3
      [classifyEndpoint(fcNetwork([1, 1, 1], tanh(), false), loss, y, [0, 0]), 'saddle (float evidence)'],
      [
        classifyEndpoint(fcNetwork([1, 1, 1], tanh()), loss, dataset([[-1], [0], [1]], [[0], [1], [0]]), [0, 0, 0, 0]),
        'minimum (float evidence)',
      ],
      // v·(w·x)² at 0: a flat cubic saddle, which second-order float evidence cannot tell from a minimum
      [classifyEndpoint(fcNetwork([1, 1, 1], square(), false), loss, y, [0, 0]), 'minimum (float evidence)'],
    ];
    for (const [e, cls] of cases) {
      expect(e.class).toBe(cls);
      expect(FLOAT_CLASSES).toContain(e.class);
      expect(e.exactRisk).toBeUndefined();
      expect(e.summary).toMatch(/^after a float64 damped-Newton polish: R = /);
    }
    expect(cases[1][0].summary).toMatch(/smallest Hessian eigenvalue -3\.00e\+0$/);
  });

  it('the report order lists every class once: the exact and the float classes, "not converged" last', () => {
    expect(new Set(ENDPOINT_CLASSES).size).toBe(ENDPOINT_CLASSES.length);
    expect([...ENDPOINT_CLASSES].sort()).toEqual([...new Set([...EXACT_CLASSES, ...FLOAT_CLASSES])].sort());
    expect(ENDPOINT_CLASSES.at(-1)).toBe('not converged');
  });
});

describe('classifyEndpoint, a snap that does not move', () => {
  // kills: the move test `snap.moved > moveTol·(1 + ‖θ‖)` → `>=`: with moveTol = 0 a snap that did not move at all
  // would count as moved
  it('with moveTol = 0 an unmoved point is still classified', () => {
    // the global minimum of the first test: θ = (1, 0, 1, 0) puts the sample x = 0 on the ReLU's kink, so the point
    // is not snapped (moved = 0) and 0 > 0·(1 + ‖θ‖) is false
    const e = classifyEndpoint(
      fcNetwork([1, 1, 1], relu()),
      squaredLoss(),
      dataset([[-1], [0], [1], [2]], [[0], [0], [1], [2]]),
      [1, 0, 1, 0],
      {
        moveTol: 0,
      },
    );
    expect(e.moved).toBe(0);
    expect(e.class).toBe('minimum, no lower point found');
  });
});
