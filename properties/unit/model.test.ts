import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import {
  activationPattern,
  avgPool2dDirect,
  buildNetwork,
  conv2dDirect,
  crossEntropyLoss,
  dataTensors,
  exactGradient,
  exactHessian,
  exactOutputs,
  exactPreActivations,
  exactRisk,
  fcNetwork,
  forward,
  hessianVectorProduct,
  linear,
  networkFromJSON,
  networkToJSON,
  paramTensor,
  relu,
  riskGradient,
  risk,
  squaredLoss,
  dataset,
  NetworkError,
  pwl,
  evalPwl,
  kinkSlopes,
  activationToJSON,
  activationFromJSON,
  type Network,
  type Dataset,
  type Loss,
} from '../../src/model/index.js';
import { decimalBackend, exactBackend, floatBackend, rational } from '../../src/numeric/index.js';
import {
  cnnArch,
  fcArch,
  instance,
  pwlActivation,
  smoothActivation,
  smallRational,
  randomPwl,
} from '../../src/gen/index.js';
import { analyseCurve, rayCurve } from '../../src/landscape/index.js';
import * as Poly from '../../src/linalg/polynomial.js';

const mse = squaredLoss();
const near = (x: number, ref: number, rel: number) => Math.abs(x - ref) <= rel * Math.max(1, Math.abs(ref));

function floatRiskGrad(net: Network, loss: Loss, theta: ArrayLike<number>, data: Dataset) {
  const { X, Y } = dataTensors(floatBackend, net, data);
  const rg = riskGradient(floatBackend, net, loss, floatBackend.fromNumbers(net.paramCount, 1, theta), X, Y);
  return { risk: rg.risk, grad: rg.grad.data };
}
const toNumbers = (theta: Fraction[]) => theta.map((x) => rational.toNumber(x));

const anyArch = fc.oneof(fcArch(), cnnArch());
const smoothArch = fc.oneof(
  fcArch({ activation: smoothActivation(), maxWidth: 3 }),
  cnnArch({ activation: smoothActivation() }),
);
// Finite differences, and float-vs-decimal at 1e-9, are valid oracles only
// for well-conditioned functions; nested exp activations reach e^(e^16) with
// values of size 2. So smooth networks get data and parameters in [-1/2, 1/2]
// here. PWL networks keep the full range: they are checked exactly.
const unit = fc.integer({ min: -4, max: 4 }).map((k) => new Fraction(k, 8));

/**
 * Smallest distance from a pre-activation to a point where the activation's
 * derivatives jump: PWL breakpoints, and 0 for ELU (h'' jumps there). Finite
 * differences are a valid oracle only when the stencil stays on one side.
 */
function derivativeBreakMargin(net: Network, theta: Fraction[], data: Dataset): number {
  const { X } = dataTensors(floatBackend, net, data);
  const tr = forward(floatBackend, net, paramTensor(floatBackend, net, theta), X);
  let m = Infinity;
  for (const lt of tr.layers) {
    const a = lt.layer.activation;
    const breaks = a.kind === 'pwl' ? a.breakpoints.map((t) => t.valueOf()) : a.name === 'elu' ? [0] : [];
    for (const z of lt.pre.data) for (const t of breaks) m = Math.min(m, Math.abs(z - t));
  }
  return m;
}

/** Fourth-order central difference of f at 0 (error O(h^4)). */
function fd4(f: (t: number) => number, h: number): number {
  return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);
}
const smoothInstance = (o: { maxN?: number } = {}) => instance(smoothArch, { ...o, param: unit, value: unit });

describe('forward passes: exact, float64 and decimal agree', () => {
  test.prop([instance(anyArch)], { numRuns: 150 })(
    'exact vs float outputs and risk on random FC and CNN networks',
    ({ net, data, theta }) => {
      const ex = exactOutputs(net, theta, data);
      const { X } = dataTensors(floatBackend, net, data);
      const fl = forward(floatBackend, net, paramTensor(floatBackend, net, theta), X).output;
      ex.forEach((row, i) =>
        row.forEach((v, j) => expect(near(floatBackend.get(fl, j, i), v.valueOf(), 1e-9)).toBe(true)),
      );
      const r = exactRisk(net, mse, theta, data);
      expect(near(floatRiskGrad(net, mse, toNumbers(theta), data).risk, r.valueOf(), 1e-9)).toBe(true);
    },
  );

  test.prop([instance(anyArch, { maxN: 3 })], { numRuns: 60 })(
    'the decimal backend reproduces the exact risk of a PWL network to 40 digits',
    ({ net, data, theta }) => {
      const r = exactRisk(net, mse, theta, data);
      const { X, Y } = dataTensors(decimalBackend, net, data);
      const d = risk(decimalBackend, net, mse, paramTensor(decimalBackend, net, theta), X, Y);
      const exactAsDecimal = decimalBackend.field.fromRatio(r.s * r.n, r.d);
      expect(
        decimalBackend.field.toNumber(decimalBackend.field.abs(decimalBackend.field.sub(d, exactAsDecimal))),
      ).toBeLessThan(1e-40 * Math.max(1, r.valueOf()));
    },
  );

  test.prop([smoothInstance({ maxN: 3 })], { numRuns: 60 })(
    'smooth networks: float64 matches decimal',
    ({ net, data, theta }) => {
      const { X, Y } = dataTensors(decimalBackend, net, data);
      const d = decimalBackend.field.toNumber(
        risk(decimalBackend, net, mse, paramTensor(decimalBackend, net, theta), X, Y),
      );
      const f = floatRiskGrad(net, mse, toNumbers(theta), data).risk;
      expect(near(f, d, 1e-9)).toBe(true);
    },
  );
});

describe('gradients', () => {
  // Central differences are valid for PWL networks only inside a cell, so the
  // step stays well below the distance to the nearest kink (precondition).
  test.prop([fc.oneof(instance(anyArch, { maxN: 3 }), smoothInstance({ maxN: 3 }))], { numRuns: 120 })(
    'float backprop matches central finite differences',
    ({ net, data, theta }) => {
      fc.pre(derivativeBreakMargin(net, theta, data) > 1e-2);
      const th = toNumbers(theta);
      const { risk: r0, grad } = floatRiskGrad(net, mse, th, data);
      expect(Number.isFinite(r0)).toBe(true);
      const scale = Math.max(1, r0, ...Array.from(grad, Math.abs));
      for (let k = 0; k < th.length; k++) {
        const fd = fd4(
          (t) =>
            floatRiskGrad(
              net,
              mse,
              th.map((x, j) => (j === k ? x + t : x)),
              data,
            ).risk,
          1e-4,
        );
        expect(Math.abs(fd - grad[k])).toBeLessThanOrEqual(1e-6 * scale);
      }
    },
  );

  test.prop([instance(anyArch)], { numRuns: 150 })(
    'the exact gradient equals the float gradient at interior points',
    ({ net, data, theta }) => {
      const g = exactGradient(net, mse, theta, data);
      fc.pre(g.kind === 'interior');
      if (g.kind !== 'interior') return;
      const f = floatRiskGrad(net, mse, toNumbers(theta), data);
      g.value.forEach((x, k) => expect(near(f.grad[k], x.valueOf(), 1e-9)).toBe(true));
    },
  );

  test.prop(
    [
      instance(fcArch({ maxDepth: 3, maxWidth: 3, activation: smoothActivation() }), {
        maxN: 3,
        param: unit,
        value: unit,
      }),
    ],
    { numRuns: 60 },
  )('softmax cross-entropy: float gradient matches finite differences, and decimal agrees', ({ net, data, theta }) => {
    fc.pre(net.outputDim >= 2);
    // one-hot targets
    const oneHot = data.targets.map((_, i) =>
      Array.from({ length: net.outputDim }, (_, j) => (j === i % net.outputDim ? 1 : 0)),
    );
    const d2 = dataset(data.inputs, oneHot);
    const ce = crossEntropyLoss();
    fc.pre(derivativeBreakMargin(net, theta, d2) > 1e-2);
    const th = toNumbers(theta);
    const { risk: r0, grad } = floatRiskGrad(net, ce, th, d2);
    const scale = Math.max(1, r0, ...Array.from(grad, Math.abs));
    for (let k = 0; k < th.length; k++) {
      const fd = fd4(
        (t) =>
          floatRiskGrad(
            net,
            ce,
            th.map((x, j) => (j === k ? x + t : x)),
            d2,
          ).risk,
        1e-4,
      );
      expect(Math.abs(fd - grad[k])).toBeLessThanOrEqual(1e-6 * scale);
    }
    const { X, Y } = dataTensors(decimalBackend, net, d2);
    const dr = decimalBackend.field.toNumber(
      risk(decimalBackend, net, ce, paramTensor(decimalBackend, net, theta), X, Y),
    );
    expect(near(r0, dr, 1e-9)).toBe(true);
  });
});

describe('Hessians', () => {
  test.prop([instance(fc.oneof(fcArch({ maxWidth: 3 }), cnnArch({ dims: 1 })), { maxN: 3 })], { numRuns: 40 })(
    'exact Hessian (inside a cell) equals the float Hessian and is symmetric',
    ({ net, data, theta }) => {
      fc.pre(net.paramCount <= 40);
      const H = exactHessian(net, mse, theta, data);
      fc.pre(H.kind === 'interior');
      if (H.kind !== 'interior') return;
      const P = net.paramCount;
      const { X, Y } = dataTensors(floatBackend, net, data);
      const th = paramTensor(floatBackend, net, theta);
      for (let j = 0; j < P; j++) {
        const e = new Float64Array(P);
        e[j] = 1;
        const col = hessianVectorProduct(floatBackend, net, mse, th, floatBackend.fromNumbers(P, 1, e), X, Y).data;
        for (let i = 0; i < P; i++) {
          expect(H.value[i][j].equals(H.value[j][i])).toBe(true);
          expect(near(col[i], H.value[i][j].valueOf(), 1e-9)).toBe(true);
        }
      }
    },
  );

  test.prop(
    [
      instance(fcArch({ maxWidth: 3, activation: smoothActivation() }), { maxN: 3, param: unit, value: unit }),
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
    ],
    { numRuns: 60 },
  )(
    'smooth networks: the R-operator Hessian-vector product matches finite differences of the gradient',
    ({ net, data, theta }, vraw) => {
      const P = net.paramCount;
      fc.pre(derivativeBreakMargin(net, theta, data) > 1e-2);
      const v = vraw.slice(0, P);
      const th = toNumbers(theta);
      const { X, Y } = dataTensors(floatBackend, net, data);
      const hv = hessianVectorProduct(
        floatBackend,
        net,
        mse,
        floatBackend.fromNumbers(P, 1, th),
        floatBackend.fromNumbers(P, 1, v),
        X,
        Y,
      ).data;
      const g0 = floatRiskGrad(net, mse, th, data).grad;
      const scale = Math.max(1, ...Array.from(hv, Math.abs), ...Array.from(g0, Math.abs));
      for (let k = 0; k < P; k++) {
        const fd = fd4(
          (t) =>
            floatRiskGrad(
              net,
              mse,
              th.map((x, j) => x + t * v[j]),
              data,
            ).grad[k],
          1e-4,
        );
        expect(Math.abs(fd - hv[k])).toBeLessThanOrEqual(1e-6 * scale);
      }
    },
  );
});

describe('Hessians, independently', () => {
  // Inside a cell, R(θ + t·v) is a polynomial whose t² coefficient is vᵀHv/2.
  // The germ forward pass computes that polynomial without any backprop code,
  // so this checks the R-operator (FC and CNN, pooling included) independently.
  test.prop(
    [
      instance(fc.oneof(fcArch({ maxWidth: 3 }), cnnArch()), { maxN: 3 }),
      fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 80, maxLength: 80 }),
    ],
    { numRuns: 60 },
  )('vᵀ·H·v equals twice the t² coefficient of R(θ + t·v)', ({ net, data, theta }, vraw) => {
    fc.pre(net.paramCount <= 80);
    const H = exactHessian(net, mse, theta, data);
    fc.pre(H.kind === 'interior');
    if (H.kind !== 'interior') return;
    const v = vraw.slice(0, net.paramCount).map((x) => new Fraction(x));
    let vHv = new Fraction(0);
    H.value.forEach((row, i) => row.forEach((h, j) => (vHv = vHv.add(v[i].mul(h).mul(v[j])))));
    const a = analyseCurve(net, mse, data, rayCurve(theta, v));
    expect(vHv.equals(Poly.coeff(a.riskPolynomial, 2).mul(2))).toBe(true);
  });

  test.prop(
    [
      instance(fcArch({ maxDepth: 2, maxWidth: 3, activation: smoothActivation() }), {
        maxN: 3,
        param: unit,
        value: unit,
      }),
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
    ],
    { numRuns: 40 },
  )(
    'cross-entropy: the Hessian-vector product matches finite differences of the gradient',
    ({ net, data, theta }, vraw) => {
      fc.pre(net.outputDim >= 2 && net.paramCount <= 40);
      fc.pre(derivativeBreakMargin(net, theta, data) > 1e-2);
      const d2 = dataset(
        data.inputs,
        data.targets.map((_, i) => Array.from({ length: net.outputDim }, (_, j) => (j === i % net.outputDim ? 1 : 0))),
      );
      const ce = crossEntropyLoss();
      const P = net.paramCount,
        th = toNumbers(theta),
        v = vraw.slice(0, P);
      const { X, Y } = dataTensors(floatBackend, net, d2);
      const hv = hessianVectorProduct(
        floatBackend,
        net,
        ce,
        floatBackend.fromNumbers(P, 1, th),
        floatBackend.fromNumbers(P, 1, v),
        X,
        Y,
      ).data;
      const g0 = floatRiskGrad(net, ce, th, d2).grad;
      const scale = Math.max(1, ...Array.from(hv, Math.abs), ...Array.from(g0, Math.abs));
      for (let k = 0; k < P; k++) {
        const fd = fd4(
          (t) =>
            floatRiskGrad(
              net,
              ce,
              th.map((x, j) => x + t * v[j]),
              d2,
            ).grad[k],
          1e-4,
        );
        expect(Math.abs(fd - hv[k])).toBeLessThanOrEqual(1e-6 * scale);
      }
    },
  );
});

describe('convolution = its Toeplitz matrix', () => {
  // A one-conv-layer network (linear activation) outputs W·x + b with W the
  // unrolled matrix from the index maps; compare with a direct loop.
  const convCase = fc.record({
    dims: fc.constantFrom(1, 2),
    C: fc.integer({ min: 1, max: 3 }),
    T: fc.integer({ min: 1, max: 3 }),
    H: fc.integer({ min: 1, max: 5 }),
    W: fc.integer({ min: 1, max: 6 }),
    kh: fc.constantFrom(1, 3, 5),
    kw: fc.constantFrom(1, 2, 3, 5),
    padding: fc.constantFrom('same' as const, 'valid' as const),
    bias: fc.boolean(),
  });
  test.prop(
    [
      convCase.chain((c) =>
        fc.tuple(fc.constant(c), fc.array(smallRational(9, 5), { minLength: 200, maxLength: 200 })),
      ),
    ],
    { numRuns: 200 },
  )('network conv layer equals the direct cross-correlation, exactly', ([c, pool]) => {
    const H = c.dims === 1 ? 1 : c.H,
      kh = c.dims === 1 ? 1 : c.kh;
    const kw = c.padding === 'same' && c.kw % 2 === 0 ? c.kw + 1 : c.kw;
    fc.pre(c.padding === 'same' || (H >= kh && c.W >= kw));
    const net = buildNetwork({
      input: { channels: c.C, height: H, width: c.W },
      layers: [
        c.dims === 1
          ? { kind: 'conv1d', filters: c.T, kernel: kw, padding: c.padding, bias: c.bias, activation: linear() }
          : { kind: 'conv2d', filters: c.T, kernel: [kh, kw], padding: c.padding, bias: c.bias, activation: linear() },
      ],
    });
    let at = 0;
    const take = (n: number) => Array.from({ length: n }, () => pool[at++ % pool.length]);
    const w = take(c.T * c.C * kh * kw),
      b = c.bias ? take(c.T) : [];
    const x = take(c.C * H * c.W);
    const theta = [...w, ...b];
    const out = exactOutputs(net, theta, dataset([x], [new Array(net.outputDim).fill(0)]))[0];
    const x3 = Array.from({ length: c.C }, (_, ch) =>
      Array.from({ length: H }, (_, r) => x.slice(ch * H * c.W + r * c.W, ch * H * c.W + (r + 1) * c.W)),
    );
    const w4 = Array.from({ length: c.T }, (_, t) =>
      Array.from({ length: c.C }, (_, ch) =>
        Array.from({ length: kh }, (_, i) =>
          w.slice(((t * c.C + ch) * kh + i) * kw, ((t * c.C + ch) * kh + i + 1) * kw),
        ),
      ),
    );
    const direct = conv2dDirect(rational, x3, w4, c.bias ? b : null, c.padding).flat(2);
    expect(out.map((v) => v.toFraction())).toEqual(direct.map((v) => v.toFraction()));
  });

  it('1-D "same" kernel 3 unrolls to the paper\'s tridiagonal Toeplitz matrix (CNN paper eq. 2)', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 5 },
      layers: [{ kind: 'conv1d', filters: 1, kernel: 3, bias: false, activation: linear() }],
    });
    const W = net.layers[0].weightIndex!;
    // parameter k is tap w^{k+1}; -1 is a structural zero
    const rows = Array.from({ length: 5 }, (_, p) => Array.from(W.slice(p * 5, p * 5 + 5)));
    expect(rows).toEqual([
      [1, 2, -1, -1, -1],
      [0, 1, 2, -1, -1],
      [-1, 0, 1, 2, -1],
      [-1, -1, 0, 1, 2],
      [-1, -1, -1, 0, 1],
    ]);
  });

  test.prop([
    fc.record({
      C: fc.integer({ min: 1, max: 2 }),
      H: fc.integer({ min: 1, max: 5 }),
      W: fc.integer({ min: 1, max: 6 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
    }),
    fc.array(smallRational(9, 5), { minLength: 60, maxLength: 60 }),
  ])('average pooling equals the direct window mean, exactly', (c, vals) => {
    fc.pre(c.H >= c.sh && c.W >= c.sw);
    const net = buildNetwork({
      input: { channels: c.C, height: c.H, width: c.W },
      layers: [{ kind: 'avgpool2d', size: [c.sh, c.sw] }],
    });
    expect(net.paramCount).toBe(0);
    const x = Array.from({ length: c.C * c.H * c.W }, (_, k) => vals[k % vals.length]);
    const out = exactOutputs(net, [], dataset([x], [new Array(net.outputDim).fill(0)]))[0];
    const x3 = Array.from({ length: c.C }, (_, ch) =>
      Array.from({ length: c.H }, (_, r) => x.slice(ch * c.H * c.W + r * c.W, ch * c.H * c.W + (r + 1) * c.W)),
    );
    expect(out.map((v) => v.toFraction())).toEqual(
      avgPool2dDirect(rational, x3, c.sh, c.sw)
        .flat(2)
        .map((v) => v.toFraction()),
    );
  });
});

describe('activation patterns and cell boundaries', () => {
  // Plant a kink: shift one unit's bias so that its pre-activation on one
  // sample equals one breakpoint exactly; the pattern must report exactly that.
  const kinkable = fc.oneof(fcArch({ activation: pwlActivation() }), cnnArch({ activation: pwlActivation() }));
  test.prop([instance(kinkable), fc.nat(), fc.nat(), fc.nat(), fc.nat()], { numRuns: 200 })(
    'a point built to sit on a kink is reported as a boundary point',
    ({ net, data, theta }, li, ui, si, bi) => {
      const candidates = net.layers.filter(
        (l) => l.biasIndex && l.activation.kind === 'pwl' && l.activation.breakpoints.length > 0,
      );
      fc.pre(candidates.length > 0);
      const layer = candidates[li % candidates.length];
      const act = layer.activation as Extract<typeof layer.activation, { kind: 'pwl' }>;
      const unit = ui % layer.outDim,
        sample = si % data.inputs.length,
        t = act.breakpoints[bi % act.breakpoints.length];
      const z = exactPreActivations(net, theta, data)[layer.number - 1][unit][sample];
      const moved = theta.slice();
      const p = layer.biasIndex![unit];
      moved[p] = moved[p].add(t.sub(z));
      expect(exactPreActivations(net, moved, data)[layer.number - 1][unit][sample].equals(t)).toBe(true);
      const pat = activationPattern(net, moved, data);
      expect(pat.interior).toBe(false);
      expect(pat.minMargin!.n).toBe(0n);
      const hit = pat.kinks.find((k) => k.layer === layer.number && k.unit === unit && k.sample === sample);
      expect(hit).toBeDefined();
      expect(hit!.at.equals(t)).toBe(true);
      const ks = kinkSlopes(act).find((k) => k.at.equals(t))!;
      expect(hit!.leftSlope.equals(ks.left) && hit!.rightSlope.equals(ks.right)).toBe(true);
      // every reported kink really is on a breakpoint
      const pre = exactPreActivations(net, moved, data);
      for (const k of pat.kinks) expect(pre[k.layer - 1][k.unit][k.sample].equals(k.at)).toBe(true);
      // and the exact derivatives refuse to invent a value there
      expect(exactGradient(net, mse, moved, data).kind).toBe('boundary');
      expect(exactHessian(net, mse, moved, data).kind).toBe('boundary');
    },
  );

  test.prop([instance(anyArch)], { numRuns: 150 })(
    'margins are exact distances to the nearest breakpoint, and pieces match',
    ({ net, data, theta }) => {
      const pat = activationPattern(net, theta, data);
      const pre = exactPreActivations(net, theta, data);
      for (const lp of pat.layers) {
        const act = net.layers[lp.layer - 1].activation as Extract<
          Network['layers'][number]['activation'],
          { kind: 'pwl' }
        >;
        lp.margin.forEach((row, u) =>
          row.forEach((m, i) => {
            const z = pre[lp.layer - 1][u][i];
            const dists = act.breakpoints.map((t) => z.sub(t).abs());
            expect(dists.some((d) => d.equals(m)) && dists.every((d) => d.compare(m) >= 0)).toBe(true);
            expect(lp.piece[u][i]).toBe(act.breakpoints.filter((t) => t.compare(z) < 0).length);
          }),
        );
      }
      expect(pat.interior).toBe(pat.kinks.length === 0);
    },
  );
});

describe('activations', () => {
  test.prop([randomPwl({ maxPieces: 5 }), fc.array(smallRational(20, 7), { minLength: 1, maxLength: 8 })])(
    'PWL activations are continuous, anchored, and round-trip through JSON',
    (a, xs) => {
      expect(evalPwl(a, a.anchor.x).equals(a.anchor.y)).toBe(true);
      // continuity at each breakpoint: both adjacent affine pieces agree there
      const t = a.fn.table;
      t.breakpoints.forEach((b, k) =>
        expect(
          t.slopes[k]
            .mul(b)
            .add(t.intercepts[k])
            .equals(t.slopes[k + 1].mul(b).add(t.intercepts[k + 1])),
        ).toBe(true),
      );
      const back = activationFromJSON(JSON.parse(JSON.stringify(activationToJSON(a))));
      for (const x of xs) expect(evalPwl(back as typeof a, x).equals(evalPwl(a, x))).toBe(true);
    },
  );
  it('rejects malformed PWL activations with clear errors', () => {
    expect(() => pwl({ breakpoints: [1, 0], slopes: [0, 1, 2] })).toThrow(/increase strictly/);
    expect(() => pwl({ breakpoints: [0], slopes: [1] })).toThrow(/needs 2 slopes, got 1/);
    expect(() => pwl({ breakpoints: ['1/0'], slopes: [0, 1] })).toThrow(/denominator is zero/);
  });
});

describe('networks', () => {
  test.prop([instance(anyArch)], { numRuns: 50 })(
    'specs round-trip through JSON with identical outputs',
    ({ net, data, theta }) => {
      const back = networkFromJSON(JSON.parse(JSON.stringify(networkToJSON(net))));
      expect(back.paramCount).toBe(net.paramCount);
      expect(back.views).toEqual(net.views);
      expect(exactOutputs(back, theta, data).map((r) => r.map((x) => x.toFraction()))).toEqual(
        exactOutputs(net, theta, data).map((r) => r.map((x) => x.toFraction())),
      );
    },
  );

  it('names parameter blocks and shapes', () => {
    const net = fcNetwork([3, 4, 2], relu(), [true, false]);
    expect(net.views.map((v) => [v.name, v.shape])).toEqual([
      ['layer1.weight', [4, 3]],
      ['layer1.bias', [4]],
      ['layer2.weight', [2, 4]],
    ]);
    expect(net.paramCount).toBe(12 + 4 + 8);
  });

  it('rejects bad architectures and mismatched data with clear errors', () => {
    expect(() => fcNetwork([3], relu())).toThrow(NetworkError);
    expect(() => fcNetwork([3, 0, 1], relu())).toThrow(/units must be a positive integer, got 0/);
    expect(() =>
      buildNetwork({
        input: { channels: 1, height: 1, width: 4 },
        layers: [{ kind: 'conv1d', filters: 1, kernel: 2, activation: relu() }],
      }),
    ).toThrow(/'same' padding needs an odd kernel/);
    expect(() =>
      buildNetwork({
        input: { channels: 1, height: 1, width: 2 },
        layers: [{ kind: 'conv1d', filters: 1, kernel: 3, padding: 'valid', activation: relu() }],
      }),
    ).toThrow(/does not fit/);
    const net = fcNetwork([2, 2, 1], relu());
    expect(() => exactRisk(net, mse, ['1'], dataset([[1, 2]], [[0]]))).toThrow(
      /θ has 1 entries but the network has 9 parameters/,
    );
    expect(() => exactRisk(net, mse, new Array(9).fill('0'), dataset([[1, 2, 3]], [[0]]))).toThrow(
      /3 input entries but the network expects 2/,
    );
    expect(() => dataset([[1], [2]], [[0]])).toThrow(/2 inputs but 1 targets/);
  });
});

describe('risk conventions', () => {
  it('mean vs sum, with and without ½', () => {
    const net = fcNetwork([1, 1], [], true); // affine model ŷ = w x + b
    const data = dataset([[1], [2]], [[0], [1]]);
    const theta = ['1', '0']; // residuals 1, 1
    expect(exactRisk(net, squaredLoss(), theta, data).toFraction()).toBe('1');
    expect(exactRisk(net, squaredLoss({ reduction: 'sum' }), theta, data).toFraction()).toBe('2');
    expect(exactRisk(net, squaredLoss({ half: true }), theta, data).toFraction()).toBe('1/2');
    expect(exactRisk(net, squaredLoss({ half: true, reduction: 'sum' }), theta, data).toFraction()).toBe('1');
  });
  test.prop(
    [instance(fcArch(), { maxN: 3 }), fc.constantFrom(true, false), fc.constantFrom('mean' as const, 'sum' as const)],
    { numRuns: 60 },
  )('exact gradient scales with the convention', ({ net, data, theta }, half, reduction) => {
    const g = exactGradient(net, squaredLoss({ half, reduction }), theta, data);
    const g0 = exactGradient(net, mse, theta, data);
    fc.pre(g.kind === 'interior' && g0.kind === 'interior');
    if (g.kind !== 'interior' || g0.kind !== 'interior') return;
    const c = new Fraction(reduction === 'sum' ? data.inputs.length : 1).mul(half ? new Fraction(1, 2) : 1);
    g.value.forEach((x, k) => expect(x.equals(g0.value[k].mul(c))).toBe(true));
  });
});

// Keep the exact backend's internal shape honest: a shared denominator, reduced.
it('exact tensors keep one reduced common denominator', () => {
  const t = exactBackend.fromScalars(1, 3, [new Fraction(1, 2), new Fraction(1, 3), new Fraction(1, 6)]);
  expect(t.den).toBe(6n);
  expect(t.num).toEqual([3n, 2n, 1n]);
  const s = exactBackend.add(t, t); // 1, 2/3, 1/3 → den 3
  expect(s.den).toBe(3n);
});
