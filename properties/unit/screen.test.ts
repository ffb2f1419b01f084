// The float screen of candidate descent curves (src/landscape/screen.ts), against the exact risk along the same
// curve at the same points t = s·4^−k (k = 0..10, s = 1/max(|d|, √|d₂|)): where the exact curve clearly goes below
// R(θ) the screen's score is the exact smallest relative change, where it clearly stays above the score is +∞,
// and every probe is one counted forward pass.
import { test, fc } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { floatScreen } from '../../src/landscape/screen.js';
import { dataset, exactRisk, fcNetwork, leakyRelu, linear, relu, squaredLoss } from '../../src/model/index.js';
import { datasetFor, fcArch, paramsFor, smallRational } from '../../src/gen/index.js';

const mse = squaredLoss();
/** entries of d₂ with rational square roots, so that the probed t are rational */
const square = fc.constantFrom(0, 0, 1, -1, 4, -4, 9).map((k) => new Fraction(k, 4));

describe('floatScreen', () => {
  // kills: the probe schedule (t /= 4, k ≤ 10, s = 1/max), the t² term, the noise test's direction, the relative
  // score (R0 > 0), "ascending" returned for a descending curve, the count of evaluations
  test.prop(
    [
      fcArch({ activation: fc.constantFrom(relu(), leakyRelu('1/2')), maxDepth: 2, maxWidth: 2 }).chain((net) =>
        fc.tuple(
          fc.constant(net),
          paramsFor(net),
          datasetFor(net, { minN: 1, maxN: 3 }),
          paramsFor(net, smallRational(3, 2)),
          fc.option(fc.array(square, { minLength: net.paramCount, maxLength: net.paramCount }), { nil: undefined }),
        ),
      ),
    ],
    { numRuns: 60 },
  )(
    'the score is the exact smallest relative change on a clear descent, +∞ on a clear ascent',
    ([net, theta, d, dir, d2]) => {
      const s = floatScreen(net, mse, theta, d);
      expect(s.evaluations).toBe(1);
      const score = s.score(dir, d2);
      const m = [
        ...dir.map((x) => x.abs()),
        ...(d2 ?? []).map((x) => new Fraction(Math.sqrt(x.abs().valueOf()))),
      ].reduce((a, b) => (a.compare(b) >= 0 ? a : b), new Fraction(0));
      if (m.n === 0n) {
        expect(score).toBe(0);
        expect(s.evaluations).toBe(1);
        return;
      }
      expect(s.evaluations).toBe(12);
      const R0 = exactRisk(net, mse, theta, d);
      const deltas: Fraction[] = [];
      for (let k = 0, t = m.inverse(); k <= 10; k++, t = t.div(4))
        deltas.push(
          exactRisk(
            net,
            mse,
            theta.map((x, p) => x.add(t.mul(dir[p])).add(d2 ? t.mul(t).mul(d2[p]) : 0)),
            d,
          ).sub(R0),
        );
      const rel = deltas.map((x) => (R0.n === 0n ? x.valueOf() : x.div(R0).valueOf()));
      const margin = 1e-6 * (1 + R0.valueOf());
      const best = Math.min(...rel);
      if (deltas.some((x) => x.valueOf() < -margin))
        expect(Math.abs(score - best)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(best)));
      else if (deltas.every((x) => x.valueOf() > margin)) expect(score).toBe(Infinity);
    },
  );

  it('a flat direction (an unused parameter) scores 0 within the noise, not +∞', () => {
    // 1-1-1 ReLU, the unit off on every sample: its outgoing weight changes nothing
    const net = fcNetwork([1, 1, 1], relu());
    const d = dataset([[1], [2]], [[1], [3]]);
    const theta = [-1, -1, 5, 0].map((v) => new Fraction(v));
    const s = floatScreen(net, mse, theta, d);
    expect(s.score([0, 0, 1, 0].map((v) => new Fraction(v)))).toBe(0);
    // the output bias towards the mean (2) descends: (R(t) − R0)/R0 at t = 1 is (1 − 4)/5
    expect(s.score([0, 0, 0, 1].map((v) => new Fraction(v)))).toBeCloseTo(-3 / 5, 12);
    expect(s.evaluations).toBe(23);
    // the zero direction scores 0 without a single probe (kills: the guard `!(m > 0)` dropped, which probes at
    // t = 1/0)
    expect(s.score([0, 0, 0, 0].map((v) => new Fraction(v)))).toBe(0);
    expect(s.evaluations).toBe(23);
  });

  // kills: the noise band's sides swapped in sign (`dR < −noise` → `dR < +noise`: a rise within the noise counts
  // as a descent; `dR > noise` → `dR > −noise`: an exactly flat probe counts as a rise), with outputs near 1000
  // so that the band NOISE·(|ŷ(t)| + |ŷ(θ)|)·|Δŷ + 2r| is far from 0
  it('with large outputs: a clear ascent whose smallest probes rise within the noise is +∞; a flat direction is 0', () => {
    // 1-1 linear net at its least-squares fit: x = −1, 0, 1, y = 1010, 980, 1010 give w = 0, b = 1000 with
    // residuals (−10, 20, −10). Along w the rise is exactly Σ(t·x)² = 2t² (Σ r·x = 0), clear at t = 1 but about
    // 2·10⁻¹² at t = 4⁻¹⁰, inside the band (about 10⁻¹³·2000·40 per sample)
    const lin = fcNetwork([1, 1], linear());
    const s = floatScreen(
      lin,
      mse,
      [0, 1000].map((v) => new Fraction(v)),
      dataset([[-1], [0], [1]], [[1010], [980], [1010]]),
    );
    expect(s.score([1, 0].map((v) => new Fraction(v)))).toBe(Infinity);
    expect(s.score([0, 1].map((v) => new Fraction(v)))).toBe(Infinity);
    // 1-1-1 ReLU with its unit off on both samples and output bias 1000: the outgoing weight changes nothing
    const net = fcNetwork([1, 1, 1], relu());
    const f = floatScreen(
      net,
      mse,
      [-1, -1, 5, 1000].map((v) => new Fraction(v)),
      dataset([[1], [2]], [[1010], [980]]),
    );
    expect(f.score([0, 0, 1, 0].map((v) => new Fraction(v)))).toBe(0);
  });
});
