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
  crossEntropyLoss,
  dataset,
  exactOutputs,
  fcNetwork,
  linear,
  pwl,
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

  const near = (x: number, want: number) =>
    expect(Math.abs(x - want), `${x} vs ${want}`).toBeLessThanOrEqual(1e-15 * Math.abs(want));

  // kills: the gradient sum's γ_{N·P+1} with P > 1 (`N·P` → `N/P`, max → min over the layers' positions)
  it('a conv1d of kernel 1 over 2 positions, then a dense 2-1, one sample: P = 2 in the gradient bound', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 2 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, padding: 'valid', activation: linear() },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    expect(net.views.map((v) => [v.name, v.size])).toEqual([
      ['layer1.weight', 1],
      ['layer1.bias', 1],
      ['layer2.weight', 2],
      ['layer2.bias', 1],
    ]);
    const [a, c, w1, w2, b] = [1.5, -0.25, 0.5, -2, 0.75];
    const x = [2, -1],
      y = 1;
    const f = float32Bounds(net, squaredLoss(), [a, c, w1, w2, b], { inputs: [x], targets: [[y]] });
    // forward: z = (2.75, −1.75), o = 0.5·2.75 + 2·1.75 + 0.75 = 5.625; the absolute net: A = (3.25, 1.75),
    // |o| ≤ 0.5·3.25 + 2·1.75 + 0.75 = 5.875
    const G = U32 + gamma(1 + 2) + gamma(2 + 2); // fan-in 1 (1 channel × 1 tap), then 2
    const e = rel(G) * 5.875 + U32 * 1 + U32 * (5.625 + 1);
    const r = 4.625;
    const eL = 2 * (e + gamma(2) * (r + e)),
      B = 2 * (r + e);
    const back = gamma(1 + 2) + U32 + (gamma(1 + 2) + U32); // fan-out 1 (1 filter × 1 tap), then 1
    near(f.backwardGamma, back);
    const g = G + back + gamma(1 * 2 + 1); // N = 1 sample, P = 2 positions
    // the absolute net's backward pass for v: ∂/∂a = v·Σ|w_p||x_p| = 3v, ∂/∂c = v·Σ|w_p| = 2.5v,
    // ∂/∂w_p = v·A_p, ∂/∂b = v
    const factors = [3, 2.5, 3.25, 1.75, 1];
    f.grad!.forEach((x, j) => near(x, (factors[j] * eL + g * factors[j] * B) / (1 - g)));
    expect(f.kinkMargin).toBe(Infinity);
  });

  // kills: the cross-entropy branch's terms (the log-softmax error 2·max e + γ_{d+6}·(2 + |o_k| + |m| + log d),
  // the risk's γ_{Nd+1} + u, eL's γ_{d+5} and γ₃, B = c·(Σ|y|·p + |y_k|) + eL)
  it('cross-entropy on a 1-2 linear net, one sample x = 1, soft targets y = (1, 1/2), θ = (w, b) = ((1, −1/2), (1/2, 1/4))', () => {
    const net = fcNetwork([1, 2], linear());
    const f = float32Bounds(net, crossEntropyLoss(), [1, -0.5, 0.5, 0.25], { inputs: [[1]], targets: [[1, 0.5]] });
    const o = [1.5, -0.25],
      y = [1, 0.5],
      Aabs = [1.5, 0.75]; // |w|·|x| + |b|
    const G = U32 + gamma(1 + 2);
    const E = o.map((ok, k) => rel(G) * Aabs[k] + U32 * y[k] + U32 * (Math.abs(ok) + y[k]));
    const maxE = Math.max(...E);
    const lse = 1.5 + Math.log(1 + Math.exp(-1.75));
    const ls = o.map((ok) => ok - lse),
      p = ls.map(Math.exp);
    // d = 2 outputs, N = 1, c = 1, Σ|y| = 3/2
    const els = o.map((ok) => 2 * maxE + gamma(2 + 6) * (2 + Math.abs(ok) + 1.5 + Math.log(2)));
    const riskTerm = (k: number) => y[k] * els[k] + (gamma(2 + 1) + U32) * y[k] * Math.abs(ls[k]);
    near(f.risk, riskTerm(0) + riskTerm(1));
    const eL = p.map(
      (pk, k) => 1.5 * pk * (2 * maxE + gamma(2 + 5)) + gamma(3) * (1.5 * pk * (1 + 2 * maxE + gamma(2 + 5)) + y[k]),
    );
    const B = p.map((pk, k) => 1.5 * pk + y[k] + eL[k]);
    const g = G + (gamma(2 + 2) + U32) + gamma(1 + 1); // fan-out 2, P = 1
    // the absolute net's backward pass at x = 1: ∂/∂w_k = ∂/∂b_k = v_k
    const want = [0, 1, 0, 1].map((k) => (eL[k] + g * B[k]) / (1 - g));
    f.grad!.forEach((x, j) => near(x, want[j]));
  });

  // kills: the cross-entropy branch's sample index (`eL[k·N + i]` → `k·N − i`): with two samples one sample's
  // terms are lost, and which one depends on the order
  it('cross-entropy with two samples: reversing them leaves the risk and gradient bounds alone', () => {
    const net = fcNetwork([1, 2], linear());
    const theta = [1, -0.5, 0.5, 0.25];
    const rows: [number[], number[]][] = [
      [[1], [1, 0]],
      [[-3], [0.25, 0.75]],
    ];
    const a = bounds(net, crossEntropyLoss(), theta, rows),
      b = bounds(net, crossEntropyLoss(), theta, [...rows].reverse());
    near(b.risk, a.risk);
    a.grad!.forEach((g, j) => near(b.grad![j], g));
  });

  // kills: the backward Γ's activation term (`+ round` → `− round`): relu and identity round exactly, so the
  // goldens above have none; a leaky relu (1/4) is s₀·z + Δs·relu(z), lipT = 1/4 + 3/4 = 1 = Lip, round γ₆
  it('a 1-2-1 net with leaky relu (1/4): forward and backward Γ carry γ₆ for the activation', () => {
    const f = float32Bounds(fcNetwork([1, 2, 1], leakyRelu('1/4')), squaredLoss(), [1, 1, 0, 0, 1, 1, 0], {
      inputs: [[1]],
      targets: [[0]],
    });
    near(f.forwardGamma, rel(U32 + (gamma(1 + 2) + gamma(6)) + gamma(2 + 2)));
    near(f.backwardGamma, gamma(2 + 2) + U32 + gamma(6) + (gamma(1 + 2) + U32));
  });

  // kills: each underflow flag (θ, the inputs, a pre-activation, an activation's output, the backward pass's
  // ∂R/∂z, a softmax probability) dropped, `||` → `&&` between them, and the 2⁻⁶⁰ threshold's comparison
  describe('underflowRisk: each trigger alone, against a control a little above 2⁻⁶⁰', () => {
    // one dense unit with the activation on its output (fcNetwork's output layer is linear)
    const one = (act = linear()) =>
      buildNetwork({
        input: { channels: 1, height: 1, width: 1 },
        layers: [{ kind: 'dense', units: 1, activation: act }],
      });
    const sq = (net: Network, theta: number[], x: number, y: number) =>
      float32Bounds(net, squaredLoss(), theta, { inputs: [[x]], targets: [[y]] }).underflowRisk;
    const shifted = pwl({ breakpoints: [], slopes: [1], anchor: { x: 0, y: -(2 ** -59) }, name: 'z − 2⁻⁵⁹' });
    const cases: [string, (tiny: boolean) => boolean][] = [
      ['a weight of 2⁻⁶¹', (t) => sq(one(), [t ? 2 ** -61 : 2 ** -59, 1], 1, 0)],
      ['an input of 2⁻⁶¹', (t) => sq(one(), [1, 1], t ? 2 ** -61 : 2 ** -59, 0)],
      [
        'a negative pre-activation of −2⁻⁷⁰ (relu outputs 0)',
        (t) => sq(one(relu()), [t ? 2 ** -40 : 2 ** -20, 0], -(2 ** -30), 1),
      ],
      [
        'an output of 2⁻⁷⁰ from a pre-activation of 2⁻⁵⁹ + 2⁻⁷⁰',
        (t) => sq(one(shifted), [1, 0], 2 ** -59 + (t ? 2 ** -70 : 2 ** -58), 1),
      ],
      [
        '∂R/∂o = −2⁻⁹¹ (o = 2⁻⁴⁰, y = o + 2⁻⁹²)',
        (t) => sq(one(), [2 ** -40, 0], 1, 2 ** -40 + (t ? 2 ** -92 : 2 ** -58)),
      ],
      [
        'a softmax probability of about e⁻⁵⁰ (targets (1, 1), so ∂R/∂o is about ±1)',
        (t) =>
          float32Bounds(fcNetwork([1, 2], linear()), crossEntropyLoss(), [0, 0, 0, t ? -50 : -30], {
            inputs: [[1]],
            targets: [[1, 1]],
          }).underflowRisk,
      ],
    ];
    for (const [what, risk] of cases)
      it(what, () => {
        expect(risk(true)).toBe(true);
        expect(risk(false)).toBe(false);
      });
  });

  // kills: the max-pooling margin's input scale (Π sizes of the poolings before), its input bound (u at the
  // first layer, Γ of the layer before after), the window entries read (`u·size + q`), the sort order, and the
  // piecewise-linear margin's scale
  describe('a max pooling of 2, a conv1d of kernel 1, a max pooling of 2, on 4 inputs: the kink margin', () => {
    const net = (act: ReturnType<typeof relu>) =>
      buildNetwork({
        input: { channels: 1, height: 1, width: 4 },
        layers: [
          { kind: 'maxpool1d', size: 2 },
          { kind: 'conv1d', filters: 1, kernel: 1, padding: 'valid', activation: act },
          { kind: 'maxpool1d', size: 2 },
        ],
      });
    const G1 = U32 + gamma(0 + 2) + gamma(1 + 2); // a max pooling sums nothing; then fan-in 1
    const margin = (act: ReturnType<typeof relu>, theta: number[], x: number[]) =>
      float32Bounds(net(act), squaredLoss(), theta, { inputs: [x], targets: [[0]] }).kinkMargin;
    it('the second pooling is nearest a tie: its gap minus 2·Γ₁·2·(the largest |window entry| bound)', () => {
      // maxima (4, 3); z = (4.5, 3.5); the absolute net averages: (2, 1.5), then 1·(2, 1.5) + 0.5
      near(margin(linear(), [1, 0.5], [4, 0, 3, 0]), 1 - 2 * rel(G1) * 2 * 2.5);
    });
    it('the first pooling’s second window is nearest a tie: its gap minus 2·u·(its largest |entry|)', () => {
      near(margin(linear(), [1, 0.5], [4, 0, 2.75, 3]), 0.25 - 2 * U32 * 3);
    });
    it('a relu after the first pooling is nearest its kink: |z| minus Γ₁·2·(the absolute pre-activation)', () => {
      // maxima (4, 3); z = (0.75, −0.25); absolute pre-activations 1·(2, 1.5) + 3.25 = (5.25, 4.75)
      near(margin(relu(), [1, -3.25], [4, 0, 3, 0]), 0.25 - rel(G1) * 2 * 4.75);
    });
  });
});
