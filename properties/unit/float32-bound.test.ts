// The float32 error bounds (src/model/float32-bound.ts) that give the tfjs comparison its tolerances. The tf
// oracle (properties/tf-oracle.test.ts) checks that they hold, which a bound too large always passes; these
// properties pin what the bounds are: each sample's output bound depends on that sample alone, permuting the
// samples permutes them and leaves the risk, gradient and kink bounds unchanged, and the squared risk's bound is
// the documented c·h·Σ(2|o − y|·e + e²) + γ_{Nd+2}·c·h·Σ(|o − y| + e)², e the output bound widened by the
// rounding of y and of o − y.
import { test, fc } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { cnnArch, fcArch } from '../../src/gen/arbitraries.js';
import { float32Bounds, gamma, U32 } from '../../src/model/float32-bound.js';
import {
  dataset,
  exactOutputs,
  hardTanh,
  leakyRelu,
  relu,
  squaredLoss,
  type Loss,
  type Network,
} from '../../src/model/index.js';
import { toRat } from '../../src/numeric/rational.js';

const num = fc.integer({ min: -12, max: 12 }).map((k) => k / 4);
const vec = (n: number) => fc.array(num, { minLength: n, maxLength: n });
const instance = fc
  .oneof(
    fcArch({ activation: fc.constantFrom(relu(), leakyRelu('1/4'), hardTanh()), maxDepth: 2, maxOutput: 2 }),
    cnnArch({ activation: fc.constantFrom(relu(), leakyRelu('1/4')) }),
  )
  .chain((net) =>
    fc.tuple(
      fc.constant(net),
      vec(net.paramCount),
      fc.array(fc.tuple(vec(net.inputDim), vec(net.outputDim)), { minLength: 2, maxLength: 4 }),
      fc.constantFrom<Loss>(squaredLoss(), squaredLoss({ half: true }), squaredLoss({ reduction: 'sum' })),
    ),
  );

const bounds = (net: Network, loss: Loss, theta: number[], rows: [number[], number[]][]) =>
  float32Bounds(net, loss, theta, { inputs: rows.map((r) => r[0]), targets: rows.map((r) => r[1]) });
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

describe('float32Bounds', () => {
  // kills: sample and output indices mixed up (k·N + i → k/N, k·N − i, u/size), a bound of one sample that
  // reads another's values
  test.prop([instance], { numRuns: 40 })(
    'per sample and equivariant: a sample’s output bound is the one it gets alone; reversing the samples reverses them',
    ([net, theta, rows, loss]) => {
      const all = bounds(net, loss, theta, rows);
      rows.forEach((row, i) =>
        expect(bounds(net, loss, theta, [row]).outputs[0], `sample ${i + 1}`).toEqual(all.outputs[i]),
      );
      const rev = bounds(net, loss, theta, [...rows].reverse());
      expect(rev.outputs).toEqual([...all.outputs].reverse());
      expect(close(rev.risk, all.risk)).toBe(true);
      expect(rev.kinkMargin).toBe(all.kinkMargin);
      expect(rev.underflowRisk).toBe(all.underflowRisk);
      if (all.grad) all.grad.forEach((g, j) => expect(close(rev.grad![j], g), `∂R/∂θ${j + 1}`).toBe(true));
    },
  );

  // kills: the risk bound's formula (2re + e², the factor c·h, the widening of the output bound)
  test.prop([instance], { numRuns: 40 })(
    'the squared risk’s bound is c·h·Σ(2re + e²) + γ_{Nd+2}·c·h·Σ(r + e)², r = |o − y|, e = output bound + u·|y| + u·(|o| + |y|)',
    ([net, theta, rows, loss]) => {
      const b = bounds(net, loss, theta, rows);
      const data = dataset(
        rows.map((r) => r[0].map(String)),
        rows.map((r) => r[1].map(String)),
      );
      const o = exactOutputs(
        net,
        theta.map((t) => toRat(String(t))),
        data,
      ).map((r) => r.map((x) => x.valueOf()));
      const c = (loss.reduction ?? 'mean') === 'mean' ? 1 / rows.length : 1;
      const h = loss.kind === 'squared' && loss.half ? 0.5 : 1; // (every loss of the instances is squared)
      let want = 0,
        sum = 0;
      rows.forEach(([, y], i) =>
        y.forEach((yk, k) => {
          const r = Math.abs(o[i][k] - yk),
            e = b.outputs[i][k] + U32 * Math.abs(yk) + U32 * (Math.abs(o[i][k]) + Math.abs(yk));
          want += c * h * (2 * r * e + e * e);
          sum += (r + e) ** 2;
        }),
      );
      // and the rounding of the sum of N·d squares and of the factor c·h
      want += gamma(rows.length * net.outputDim + 2) * c * h * sum;
      expect(Math.abs(b.risk - want)).toBeLessThanOrEqual(1e-9 * want + 1e-300);
    },
  );
});
