// The CNN paper's constructions on 2-D images and on deeper networks (issue 18):
// the position geometry (neighbour, poolWindows) and the layers below L−3
// against the model's conv1d/conv2d and avgpool2d, the image grid in a
// description, and the claims X.images and X.deeper (registered in
// ./cnn.test.ts and ./cnn-pooling.test.ts through their prefixes).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { dataset, exactOutputs } from '../src/model/index.js';
import { toRat } from '../src/numeric/index.js';
import {
  activeLower,
  cnnNetwork,
  convBlock,
  l3Inputs,
  shapeOf,
  fcInputs,
  neighbour,
  paramsOf,
  poolWindows,
  PLAIN,
  toTheta,
  POOLED,
  type CnnShape,
  type CnnVariant,
} from '../src/papers/cnn/index.js';
import { dataTable } from '../src/claims/codec.js';
import { archLine } from '../src/claims/cnn/parts.js';
import { claims } from '../src/claims/index.js';

const strs = (xs: readonly Fraction[]) => xs.map((x) => x.toFraction());

describe('image geometry', () => {
  const s: CnnShape = { C0: 1, P: 6, H: 2, T3: 1, T2: 3, T1: 3, dy: 1 };

  it("neighbour follows the model's [kh, kw] tap order with zero padding (2 × 3 image)", () => {
    // position 0 = (row 0, col 0): taps 0..8 read rows −1..1 × cols −1..1
    expect(Array.from({ length: 9 }, (_, t) => neighbour(s, 0, t))).toEqual([-1, -1, -1, -1, 0, 1, -1, 3, 4]);
    // position 4 = (row 1, col 1)
    expect(Array.from({ length: 9 }, (_, t) => neighbour(s, 4, t))).toEqual([0, 1, 2, 3, 4, 5, -1, -1, -1]);
    // 1-D signals keep p − 1, p, p + 1
    expect([0, 1, 2].map((t) => neighbour({ ...s, H: undefined }, 0, t))).toEqual([-1, 0, 1]);
  });

  it('2 × 2 pooling windows are blocks in row-major order; 1-D windows are runs', () => {
    expect(poolWindows({ ...s, P: 8, H: 2 }, POOLED)).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6, 7],
    ]);
    expect(poolWindows({ ...s, P: 4, H: undefined }, POOLED)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(() => poolWindows({ ...s, P: 6, H: 2 }, POOLED)).toThrow('H and W to be positive multiples of 2');
  });

  it("the constructions' direct convolution (fcInputs, through neighbour and poolWindows) gives the model's outputs on random images, plain and pooled", () => {
    const cases: [CnnShape, CnnVariant][] = [
      [{ C0: 2, P: 6, H: 2, T3: 2, T2: 3, T1: 3, dy: 2 }, PLAIN],
      [{ C0: 1, P: 9, H: 3, T3: 1, T2: 3, T1: 3, dy: 1 }, PLAIN],
      [{ C0: 1, P: 8, H: 2, T3: 2, T2: 3, T1: 3, dy: 1 }, POOLED],
      // two conv layers below L−3 (1-D), and one below an image's L−3
      [{ C0: 2, P: 3, T3: 1, T2: 3, T1: 3, dy: 1, lower: [2, 1] }, PLAIN],
      [{ C0: 1, P: 4, H: 2, T3: 1, T2: 3, T1: 3, dy: 1, lower: [2] }, PLAIN],
    ];
    for (const [shape, variant] of cases) {
      const net = cnnNetwork(shape, variant);
      const d = shape.C0 * shape.P;
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: -2, max: 2 }), { minLength: net.paramCount, maxLength: net.paramCount }),
          fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d }), {
            minLength: 1,
            maxLength: 3,
          }),
          (t, xs) => {
            const theta = t.map((x) => toRat(x));
            const data = dataset(
              xs,
              xs.map(() => new Array(shape.dy).fill(0)),
            );
            const p = paramsOf(net, shape, theta);
            // blocks and θ agree both ways, the layers below L−3 included
            expect(strs(toTheta(net, p))).toEqual(strs(theta));
            expect(p.lower?.length ?? 0).toBe(shape.lower?.length ?? 0);
            const A = fcInputs(net, theta, data);
            const direct = A.map((a) => p.W.map((row, k) => row.reduce((acc, w, j) => acc.add(w.mul(a[j])), p.bL[k])));
            expect(direct.map(strs)).toEqual(exactOutputs(net, theta, data).map(strs));
          },
        ),
        { seed: 18, numRuns: 25 },
      );
    }
  });

  it('a dataset of images is drawn as one grid per channel', () => {
    const data = dataset(
      [
        [1, 2, 3, 4, 5, 6, -7, 8],
        [0, 0, 0, 0, 1, 1, 1, 1],
      ],
      [[1], ['1/2']],
    );
    expect(dataTable(data, { channels: 2, height: 2, width: 2 })).toBe(
      [
        '   1  [  1  2 ]  [  5  6 ]  y = (1)',
        '      [  3  4 ]  [ -7  8 ]',
        '   2  [  0  0 ]  [  1  1 ]  y = (1/2)',
        '      [  0  0 ]  [  1  1 ]',
      ].join('\n'),
    );
  });
});

describe('the layers below L−3', () => {
  it('shapeOf recovers them from the network, and the parameter blocks are named after them', () => {
    const s: CnnShape = { C0: 2, P: 3, T3: 1, T2: 3, T1: 3, dy: 1, lower: [2, 1] };
    const net = cnnNetwork(s);
    expect(shapeOf(net)).toEqual(s);
    expect(convBlock(s, 1, 'weight')).toBe('layer3.weight');
    expect(net.views.map((v) => v.name)).toContain('layer6.bias');
  });

  it('a description numbers the layers as the network does (the FC layer after one layer below L−3 is layer 5)', () => {
    const line = archLine({ C0: 1, P: 2, T3: 1, T2: 3, T1: 3, dy: 1, lower: [1] });
    expect(line).toContain('layer 1 (below L−3)');
    expect(line).toContain('layer 2 = L−3');
    expect(line).toContain('layer 5 = FC');
    expect(cnnNetwork({ C0: 1, P: 2, T3: 1, T2: 3, T1: 3, dy: 1, lower: [1] }).views.map((v) => v.name)).toContain(
      'layer5.weight',
    );
  });

  it('activeLower makes every unit below L−3 active with margin ≥ 1 on the data', () => {
    const s: CnnShape = { C0: 1, P: 3, T3: 1, T2: 3, T1: 3, dy: 1, lower: [2, 2] };
    const data = dataset(
      [
        [-3, 2, 0],
        [1, -1, 3],
      ],
      [[0], [1]],
    );
    const w = [
      [
        [toRat(0), toRat(1), toRat('1/4')],
        [toRat(-1), toRat(0), toRat(1)],
      ].map((c) => [c]),
      [
        [
          [toRat(1), toRat(0), toRat(0)],
          [toRat(0), toRat(-2), toRat(0)],
        ],
        [
          [toRat(0), toRat(1), toRat(0)],
          [toRat(0), toRat(0), toRat(1)],
        ],
      ],
    ];
    const lower = activeLower(s, [w[0].map((m) => m), w[1]], data);
    // every unit of each layer below L−3 is ≥ 1 on every sample and position, and the minimum is exactly 1
    for (let l = 0; l < 2; l++) {
      const out = l3Inputs({ ...s, lower: s.lower!.slice(0, l + 1) }, data, lower.slice(0, l + 1));
      for (let m = 0; m < 2; m++) {
        const vals = out.flatMap((chs) => chs[m]);
        expect(vals.every((x) => x.compare(1) >= 0)).toBe(true);
        expect(vals.some((x) => x.equals(1))).toBe(true);
      }
    }
  });
});

describe('the image claims', () => {
  it('every network-level claim of issue 18 has an image version with the same expectation', () => {
    const ids = [
      'cnn.lemma6.local-min',
      'cnn.lemma6.repaired-local-min',
      'cnn.lemma9.theta-prime-case1',
      'cnn.lemma9.theta-prime-case2',
      'cnn.lemma10.descent',
      'cnn.theorem1.spurious-local-min',
      'cnn.theorem1.repaired-spurious',
      'cnn.appd.theta-prime-with-pooling',
      'cnn.appd.descent-with-pooling',
      'cnn.appd.lemma6-with-pooling',
      'cnn.appd.lemma6-repaired-with-pooling',
    ];
    for (const id of ids) {
      const base = claims.find((c) => c.id === id)!;
      const img = claims.find((c) => c.id === `${id}.images`)!;
      expect(img.expected).toBe(base.expected);
      // the generator really draws images: every instance has H ≥ 2 and 3 × 3 filters
      const v = fc.sample(img.generate(), { seed: 1, numRuns: 3 }) as { shape: CnnShape; filter: unknown[][][] }[];
      for (const x of v) {
        expect(x.shape.H).toBeGreaterThanOrEqual(2);
        expect(x.filter[0][0]).toHaveLength(9);
      }
    }
  });
});
