/**
 * CNN paper, Theorem 2/3 (App. B): the claims (one test each, from the
 * registry) and exact goldens for θ₁ on a fixed small instance.
 */
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { analyseLocalMin } from '../src/landscape/analyse.js';

import { dataset } from '../src/model/data.js';
import { affineFitOf } from '../src/model/affine.js';
import { activationPattern, exactGradient, exactOutputs, exactRisk } from '../src/model/exact.js';
import { paramName } from '../src/model/index.js';
import { toRat } from '../src/numeric/index.js';
import {
  applyAffine,
  deltaO,
  halfMse,
  hingeDescent,
  repairDeep,
  pixel,
  firstTerm,
  split,
  subForms,
  theta1Expressive,
  theta1From,
  type SubNet,
  type T3Arch,
} from '../src/papers/cnn/index.js';
import * as Poly from '../src/linalg/polynomial.js';
import { claimTests } from './helpers/claims.js';

claimTests('cnn.theorem3.');

const s = (x: Fraction) => x.toFraction();

// P = 2, C0 = 1, k = position 1; channel-1 pixel 2 far below −c_p (C7), |I| = 1.
const xs = [
  [5, -9],
  [1, -8],
  [0, -7],
  [-1, -9],
  [2, -8],
  [-2, -6],
];
const ys = [[3], [1], [4], [-2], [0], [5]];
const data = dataset(
  xs.map((r) => r.map((x) => toRat(x))),
  ys.map((r) => r.map((x) => toRat(x))),
);
const arch = (L: number): T3Arch => ({ P: 2, C0: 1, L, T: Array(L - 1).fill(2), dy: 1 });

describe('Theorem 3 goldens (exact)', () => {
  it('L = 2: c_p, z, λ, W_2, outputs (eq. 96), risk, and a pattern-class certificate', () => {
    const t = theta1Expressive(arch(2), data, 0, [toRat(1)])!;
    expect(t.split.I).toEqual([0]);
    expect(t.split.jStar).toBe(4);
    expect(s(t.split.cp)).toBe('-7/2');
    expect(s(t.split.z)).toBe('3/2');
    expect(t.lambda.map(s)).toEqual(['400/129']);
    expect(t.c.map(s)).toEqual(['10']); // min x = −9, so 9 + 1
    const out = exactOutputs(t.net, t.theta, data).map((o) => s(o[0]));
    expect(out).toEqual(['3', '28/43', '133/43', '-83/43', '30/43', '236/43']);
    data.inputs.forEach((x, i) => {
      if (i > 0) expect(s(applyAffine(t.W2, x)[0])).toBe(out[i]);
    });
    expect(s(exactRisk(t.net, halfMse, t.theta, data))).toBe('6/43');
    expect(activationPattern(t.net, t.theta, data).interior).toBe(true);
    const v = analyseLocalMin(t.net, halfMse, t.theta, data, { noProbes: true });
    expect(v.strength).toBe('proved');
  });

  it('L = 3: the same outputs, but θ₁ sits on 11 kinks and an exact hinge descent exists (note T9(e))', () => {
    const t = theta1Expressive(arch(3), data, 0, [toRat(1), toRat(1)])!;
    expect(exactOutputs(t.net, t.theta, data).map((o) => s(o[0]))).toEqual([
      '3',
      '28/43',
      '133/43',
      '-83/43',
      '30/43',
      '236/43',
    ]);
    expect(activationPattern(t.net, t.theta, data).kinks.length).toBe(11); // N·P − 1 channel-1 units of layer 2
    const e = hingeDescent(arch(3), t, data, 0)!;
    expect(e).not.toBeNull();
    expect(e.risk).toBe('6/43');
    expect(e.order).toBe(2);
    expect(new Fraction(e.riskAtT).compare(toRat('6/43'))).toBeLessThan(0);
    expect(
      s(
        exactRisk(
          t.net,
          halfMse,
          e.curve.map((c) =>
            Poly.evaluate(
              c.map((x) => new Fraction(x)),
              new Fraction(e.t),
            ),
          ),
          data,
        ),
      ),
    ).toBe(e.riskAtT);
  });

  it('our repair at L = 3 and 4: copy biases −z/2, −z/4, λ·2^{L−2}; same outputs (eq. 96), strictly inside a cell, certified; bias alone or unrepaired fails', () => {
    const out = ['3', '28/43', '133/43', '-83/43', '30/43', '236/43'];
    for (const [L, biases, lam] of [
      [3, ['-3/4'], '800/129'],
      [4, ['-3/4', '-3/8'], '1600/129'],
    ] as const) {
      const a = arch(L);
      const t = theta1Expressive(a, data, 0, Array(L - 1).fill(toRat(1)))!;
      const r = repairDeep(a, t, 0);
      expect(r.biases.map(s)).toEqual(biases);
      expect(r.lambdaFC.map(s)).toEqual([lam]);
      expect(exactOutputs(t.net, r.theta, data).map((o) => s(o[0]))).toEqual(out);
      expect(activationPattern(t.net, t.theta, data).interior).toBe(false);
      expect(activationPattern(t.net, r.theta, data).interior).toBe(true);
      expect(analyseLocalMin(t.net, halfMse, r.theta, data, { noProbes: true }).strength).toBe('proved');
      // the negative biases without rescaling λ lose the fit of i*
      const biasOnly = r.theta.slice();
      const k = t.net.views.find((v) => v.name === `layer${L}.weight`)!.offset;
      biasOnly[k] = t.lambda[0];
      expect(s(exactOutputs(t.net, biasOnly, data)[0][0])).not.toBe('3');
    }
  });

  it('without the pixel condition, ∂R/∂W^L(1, map 1, q ≠ k) = (1/N)·Σ u_i σ(x_i^q + c_p) ≠ 0 (note T9(a))', () => {
    const d2 = dataset(
      [
        [5, 4],
        [1, 2],
        [0, 3],
        [-1, -2],
        [2, 0],
        [-2, 5],
      ].map((r) => r.map((x) => toRat(x))),
      ys.map((r) => r.map((x) => toRat(x))),
    );
    const a = arch(2);
    const t = theta1Expressive(a, d2, 0, [toRat(1)])!;
    const g = exactGradient(t.net, halfMse, t.theta, d2);
    expect(g.kind).toBe('interior');
    if (g.kind !== 'interior') return;
    const out = exactOutputs(t.net, t.theta, d2);
    const p = t.net.views.find((v) => v.name === 'layer2.weight')!.offset + 1; // channel 1, position 2
    expect(paramName(t.net, p)).toBe('W²(1,2) (map 1, position 2)');
    const want = d2.inputs
      .reduce((acc, x, i) => {
        const act = x[pixel(a, 0, 1)].add(t.split.cp);
        return act.s > 0n ? acc.add(out[i][0].sub(d2.targets[i][0]).mul(act)) : acc;
      }, toRat(0))
      .div(d2.inputs.length);
    expect(s(g.value[p])).toBe(s(want));
    expect(g.value[p].n).not.toBe(0n);
    expect(analyseLocalMin(t.net, halfMse, t.theta, d2, { noProbes: true }).strength).toBe('refuted');
  });

  it('eq. (22): Δo^L by the recursion equals the shift of the ReLU-free output map (random second subnetwork, L = 4)', () => {
    const a: T3Arch = { P: 3, C0: 1, L: 4, T: [2, 3, 2], dy: 2 };
    const sub: SubNet = {
      filters: [
        [[[toRat(1), toRat(-2), toRat(1)]]],
        [[[toRat(2), toRat(0), toRat(-1)]], [[toRat(1), toRat(1), toRat(1)]]],
        [
          [
            [toRat(-1), toRat(2), toRat(0)],
            [toRat(0), toRat(1), toRat(-2)],
          ],
        ],
      ],
      biases: [[toRat(-1)], [toRat(2), toRat(0)], [toRat(1)]],
      fc: [
        [toRat(1), toRat(-1), toRat(2)],
        [toRat(0), toRat(2), toRat(-2)],
      ],
      fcBias: [toRat(1), toRat(-1)],
    };
    const c = [toRat(3), toRat(5), toRat('1/2')];
    const zero = [toRat(0), toRat(0), toRat(0)];
    const shift = subForms(a, sub, c).W2.map((r, o) => r[3].sub(subForms(a, sub, zero).W2[o][3]));
    expect(deltaO(a, sub, c).map(s)).toEqual(shift.map(s));
    const d3 = dataset(
      [
        [2, 1, 0],
        [0, 0, 1],
        [1, -1, 2],
      ].map((r) => r.map((x) => toRat(x))),
      [
        [0, 1],
        [1, 0],
        [2, 2],
      ].map((r) => r.map((x) => toRat(x))),
    );
    const sp = split(a, d3, 0)!;
    const o1 = exactOutputs(
      theta1From(a, sub, d3, 0, sp, [toRat(1), toRat(1), toRat(1)]).net,
      theta1From(a, sub, d3, 0, sp, [toRat(1), toRat(1), toRat(1)]).theta,
      d3,
    );
    const t2 = theta1From(a, sub, d3, 0, sp, [toRat(4), toRat(2), toRat(7)]);
    expect(exactOutputs(t2.net, t2.theta, d3).map((r) => r.map(s))).toEqual(o1.map((r) => r.map(s)));
  });
});

describe('Theorem 3 with a pooling layer ("adjusted parameters", our reading)', () => {
  // by hand: P = 2, one conv layer of 3 maps, pooling 2, k = position 1, so the window of k is positions 1 and 2
  const a: T3Arch = { P: 2, C0: 1, L: 2, T: [3], dy: 1, pool: 2 };
  const data = dataset(
    [
      [0, 2],
      [1, -1],
      [-1, 0],
    ],
    [[1], [0], [0]],
  );
  const sub: SubNet = {
    filters: [[[[0, 0, 0].map((x) => toRat(x))], [[0, 0, 0].map((x) => toRat(x))]]],
    biases: [[toRat(0), toRat(0)]],
    fc: [[toRat(0), toRat(0)]],
    fcBias: [toRat(-1)],
  };

  // kills: the split on x^k instead of the window maximum, λ on the position instead of the window, λ not
  // scaled by the window size, z_i = σ(x^k + c_p) instead of the window sum, no pooling layer
  it('golden: the split is on the window maxima m = (2, 1, 0): I = {1}, c_p = −3/2, z = (1/2, 0, 0), λ = 4 on weight 8, zero loss on i*', () => {
    const sp = split(a, data, 0)!;
    expect([sp.I, sp.iStar, sp.jStar, s(sp.cp), s(sp.z)]).toEqual([[0], 0, 1, '-3/2', '1/2']);
    expect(data.inputs.map((x) => s(firstTerm(a, x, 0, sp.cp)))).toEqual(['1/2', '0', '0']);
    const t = theta1From(a, sub, data, 0, sp, [toRat(1)]);
    // W_2 x̂ = −1 everywhere; λ = z_1 (y_1 + 1) / z_1² = 4
    expect(t.lambda.map(s)).toEqual(['4']);
    expect(t.net.layers.map((l) => l.spec.kind)).toEqual(['conv1d', 'avgpool1d', 'dense']);
    const W = t.net.views.find((v) => v.name === 'layer3.weight')!;
    expect(s(t.theta[W.offset])).toBe('8');
    // sample 1: pooled channel 1 = ½(σ(0 − 3/2) + σ(2 − 3/2)) = 1/4, times 8, minus 1: 1 = y_1; the others −1
    expect(exactOutputs(t.net, t.theta, data).map((o) => s(o[0]))).toEqual(['1', '-1', '-1']);
  });

  // kills: a pooled expressive subnetwork whose features do not determine x (e.g. the centre tap twice)
  it('the pooled expressive subnetwork realises the best affine fit of x on the samples ∉ I (its pooled maps determine x)', () => {
    const b: T3Arch = { P: 4, C0: 1, L: 2, T: [3], dy: 1, pool: 2 };
    const d = dataset(
      [
        [9, 0, -1, 2],
        [0, 1, 2, -1],
        [1, -2, 0, 1],
        [-1, 2, 1, 0],
        [2, 1, -2, 0],
        [0, 0, 1, 3],
        [1, 3, -1, -2],
      ],
      [[1], [0], [2], [-1], [3], [1], [0]],
    );
    const t = theta1Expressive(b, d, 0, [toRat(1)])!;
    const out = d.inputs.map((_, i) => i).filter((i) => !t.split.I.includes(i));
    const fit = affineFitOf(
      out.map((i) => d.inputs[i]),
      out.map((i) => d.targets[i]),
    );
    const outs = exactOutputs(t.net, t.theta, d);
    // i* = 1 (x^1 = 9 largest, c_p = −11/2, every other pixel below 11/2: the window of k passes position 1 only);
    // on the others the network gives exactly the affine fit of x (7 − 1 = 6 samples, 5 unknowns)
    expect(t.split.I).toEqual([0]);
    out.forEach((i, r) => expect(s(outs[i][0])).toBe(s(fit.fitted[r][0])));
    expect(fit.sumSquares.n).not.toBe(0n);
  });
});
