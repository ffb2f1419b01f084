// The float32 error bounds (src/model/float32-bound.ts) that give the tfjs comparison its tolerances. The tf
// oracle (properties/tf-oracle.test.ts) checks that they hold, which a bound too large always passes; these
// properties pin what the bounds are: each sample's output bound depends on that sample alone, permuting the
// samples permutes them and leaves the risk, gradient and kink bounds unchanged, and the squared risk's bound is
// the documented c·h·Σ(2|o − y|·e + e²) + γ_{Nd+2}·c·h·Σ(|o − y| + e)², e the output bound widened by the
// rounding of y and of o − y.
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cnnArch, fcArch } from '../../src/gen/arbitraries.js';
import { float32Bounds, gamma, U32 } from '../../src/model/float32-bound.js';
import {
  buildNetwork,
  dataset,
  exactOutputs,
  fcNetwork,
  linear,
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

// The module comment's formulas evaluated by hand on the smallest nets, so that every term is pinned, not only
// a bound's validity (which a larger bound always keeps).
describe('float32Bounds, derived by hand', () => {
  const rel = (x: number) => x / (1 - x);
  // kills: the gradient bound's terms (eL = 2hc(e + γ₂(r + e)), B = 2hc(r + e), the exponent sum
  // Γ_L + Γ_back + γ_{N·P+1}, its division 1 − g), and the forward Γ's fan-in
  it('a 1-1 linear net, θ = (w, b) = (3/2, −1/4), samples (x, y) = (2, 1) and (−1, 1/2), mean squared loss', () => {
    const net = fcNetwork([1, 1], linear());
    const [w, b] = [1.5, -0.25];
    const xs = [2, -1],
      ys = [1, 0.5];
    const f = float32Bounds(net, squaredLoss(), [w, b], { inputs: xs.map((x) => [x]), targets: ys.map((y) => [y]) });
    const N = 2,
      c = 1 / N;
    const G = U32 + gamma(1 + 2); // one layer, fan-in 1, plus the bias and the weight's rounding; identity is exact
    expect(f.forwardGamma).toBe(rel(G));
    const out = xs.map((x) => rel(G) * (Math.abs(w) * Math.abs(x) + Math.abs(b)));
    expect(f.outputs).toEqual(out.map((e) => [e]));
    const o = xs.map((x) => w * x + b);
    const e = out.map((ei, i) => ei + U32 * Math.abs(ys[i]) + U32 * (Math.abs(o[i]) + Math.abs(ys[i])));
    const r = o.map((oi, i) => Math.abs(oi - ys[i]));
    const eL = e.map((ei, i) => 2 * c * (ei + gamma(2) * (r[i] + ei)));
    const B = e.map((ei, i) => 2 * c * (r[i] + ei));
    const back = gamma(1 + 2) + U32; // fan-out 1
    expect(f.backwardGamma).toBe(back);
    const g = G + back + gamma(N * 1 + 1);
    // the absolute network's backward pass: ∂/∂w sums v·|x|, ∂/∂b sums v
    const Gw = (v: number[]) => v[0] * Math.abs(xs[0]) + v[1] * Math.abs(xs[1]);
    const Gb = (v: number[]) => v[0] + v[1];
    const want = [(Gw(eL) + g * Gw(B)) / (1 - g), (Gb(eL) + g * Gb(B)) / (1 - g)];
    f.grad!.forEach((x, j) => expect(Math.abs(x - want[j])).toBeLessThanOrEqual(1e-15 * want[j]));
    expect(f.kinkMargin).toBe(Infinity);
  });
  // kills: a convolution's fan-in C·taps and fan-out filters·taps (`·` → `/`), and a 2-d pooling window's size
  // size[0]·size[1] from a pair
  it('a conv1d (2 channels, kernel 3, 4 filters) and an average pooling of 1 × 2: the forward and backward Γ', () => {
    const net = buildNetwork({
      input: { channels: 2, height: 1, width: 4 },
      layers: [
        { kind: 'conv1d', filters: 4, kernel: 3, padding: 'same', activation: relu() },
        { kind: 'avgpool2d', size: [1, 2] },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const theta = new Array(net.paramCount).fill(0.5);
    const f = float32Bounds(net, squaredLoss(), theta, { inputs: [new Array(8).fill(1)], targets: [[0]] });
    const dense = net.layers[2].inDim;
    const close = (x: number, want: number) => expect(Math.abs(x - want)).toBeLessThanOrEqual(1e-15 * want);
    close(f.forwardGamma, rel(U32 + gamma(2 * 3 + 2) + gamma(2 + 2) + gamma(dense + 2)));
    close(f.backwardGamma, gamma(4 * 3 + 2) + U32 + (gamma(2 + 2) + U32) + (gamma(1 + 2) + U32));
  });
});
