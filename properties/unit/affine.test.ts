// The one affine-fit helper and the one embedding of an affine map into a network.
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  activationPattern,
  affineEmbedding,
  affineFit,
  dataset,
  exactOutputs,
  exactRisk,
  fcNetwork,
  getBlock,
  hardTanh,
  pwl,
  relu,
  squaredLoss,
} from '../../src/model/index.js';
import { pwlActivation, smallRational } from '../../src/gen/index.js';
import { sum, toRat, toRats, ZERO } from '../../src/numeric/index.js';

const inputsArb = (d: number) =>
  fc.uniqueArray(fc.array(smallRational(5, 2), { minLength: d, maxLength: d }), {
    minLength: 1,
    maxLength: 7,
    selector: (r) => r.map((x) => x.toFraction()).join(','),
  });

describe('affineFit', () => {
  test.prop([
    fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(inputsArb(d), fc.integer({ min: 1, max: 2 }))),
    fc.array(smallRational(5, 2), { minLength: 14, maxLength: 14 }),
  ])(
    'residuals are orthogonal to every feature and to 1 (normal equations); the risk follows the loss',
    ([inputs, dY], ys) => {
      const targets = inputs.map((_, i) => Array.from({ length: dY }, (_, k) => ys[(i * dY + k) % ys.length]));
      const d = dataset(inputs, targets);
      const f = affineFit(d);
      const n = inputs.length;
      for (let k = 0; k < dY; k++) {
        expect(sum(f.residuals.map((r) => r[k])).equals(ZERO)).toBe(true);
        for (let j = 0; j < inputs[0].length; j++)
          expect(sum(f.residuals.map((r, i) => r[k].mul(inputs[i][j]))).equals(ZERO)).toBe(true);
      }
      expect(f.risk.equals(f.sumSquares.div(n))).toBe(true);
      expect(affineFit(d, squaredLoss({ half: true })).risk.equals(f.sumSquares.div(2 * n))).toBe(true);
      expect(affineFit(d, squaredLoss({ reduction: 'sum' })).risk.equals(f.sumSquares)).toBe(true);
    },
  );

  it('a golden: y = (0, 1, 0, 1) on x = 0..3 (He et al. G1): W = (1/5, 1/5), f* = 1/5', () => {
    const f = affineFit(dataset([[0], [1], [2], [3]], [[0], [1], [0], [1]]));
    expect(f.W[0].map((x) => x.toFraction())).toEqual(['1/5', '1/5']);
    expect(f.fitted.map((r) => r[0].toFraction())).toEqual(['1/5', '2/5', '3/5', '4/5']);
    expect(f.risk.toFraction()).toBe('1/5');
  });
});

describe('affineEmbedding', () => {
  const netArb = fc
    .record({
      d0: fc.integer({ min: 1, max: 2 }),
      dY: fc.integer({ min: 1, max: 2 }),
      extra: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
      acts: fc.array(pwlActivation(), { minLength: 3, maxLength: 3 }),
    })
    .filter(({ acts }) => acts.every((a) => !(a.fn.table.slopes[0].equals(0) && a.fn.table.slopes.at(-1)!.equals(0))));

  test.prop([netArb, fc.array(smallRational(5, 2), { minLength: 14, maxLength: 14 })], { numRuns: 60 })(
    "the network outputs the least-squares affine fit on every sample, strictly inside a cell, with the fit's risk",
    ({ d0, dY, extra, acts }, ys) => {
      const net = fcNetwork([d0, ...extra.map((e) => dY + e), dY], acts.slice(0, extra.length));
      const inputs = Array.from({ length: 5 }, (_, i) =>
        Array.from({ length: d0 }, (_, j) => toRat((((i + 1) * (j + 2)) % 7) - 3)),
      );
      const data = dataset(
        inputs,
        inputs.map((_, i) => Array.from({ length: dY }, (_, k) => ys[(i * dY + k) % ys.length])),
      );
      const f = affineFit(data);
      const theta = affineEmbedding(net, f.W, data.inputs);
      const out = exactOutputs(net, theta, data);
      out.forEach((row, i) => row.forEach((v, k) => expect(v.equals(f.fitted[i][k])).toBe(true)));
      expect(exactRisk(net, squaredLoss(), theta, data).equals(f.risk)).toBe(true);
      expect(activationPattern(net, theta, data).interior).toBe(true);
    },
  );

  // kills: linearPiece's first-piece branch and affineEmbedding's `below` shift (its sign, its +1, the
  // distance v − t_1 reversed): no generated activation is constant to the right of its breakpoints
  it('an activation constant above its breakpoints: the values ride the piece below the first breakpoint', () => {
    const capped = pwl({ breakpoints: [1, 3], slopes: [2, 1, 0], name: 'capped' }); // 2x below 1, x + 1 to 3, 4 after
    const net = fcNetwork([1, 2, 2, 1], capped);
    const data = dataset([[-2], [0], [2], [5]], [[1], [0], [3], [2]]);
    const f = affineFit(data);
    const theta = affineEmbedding(net, f.W, data.inputs);
    exactOutputs(net, theta, data).forEach((row, i) => expect(row[0].equals(f.fitted[i][0])).toBe(true));
    expect(activationPattern(net, theta, data).interior).toBe(true);
    // every hidden pre-activation is below t_1 = 1, on the slope-2 piece
    const pattern = activationPattern(net, theta, data);
    for (const layer of pattern.layers) for (const row of layer.piece) for (const piece of row) expect(piece).toBe(0);
    // by hand: the fit is 26/107·x + 128/107, largest at x = 5 (258/107); the shift is the smallest whole
    // number −s with 258/107 − s < 1, s = 2; the unused unit sits at the shift
    expect(f.W[0].map((x) => x.toFraction())).toEqual(['26/107', '128/107']);
    const b1 = getBlock(net, theta, 'layer1.bias').map((x) => x.toFraction());
    expect(b1).toEqual(['-86/107', '-2']);
  });

  it('refuses what it cannot do, in one line', () => {
    const W = [toRats([1, 0])];
    expect(() => affineEmbedding(fcNetwork([1, 1, 1], relu(), false), W, [[toRat(1)]])).toThrow(
      /needs biases; layer 1 has none/,
    );
    expect(() => affineEmbedding(fcNetwork([1, 1, 2], relu()), [toRats([1, 0]), toRats([1, 0])], [[toRat(1)]])).toThrow(
      /fewer than the 2 outputs/,
    );
    expect(() => affineEmbedding(fcNetwork([1, 2, 1], hardTanh()), W, [[toRat(1)]])).toThrow(
      /constant on both unbounded pieces/,
    );
  });
});
