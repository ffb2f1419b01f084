// Convolution stride, untied (per-position) biases and max pooling (issue 15, item 6), in all three
// backends. The reference is a plain per-sample evaluator written here, on top of the direct loops of
// src/model/conv-reference.ts (no index map of src/model/network.ts is used), reading θ by the
// documented layout. Exact derivatives are checked without finite differences: the gradient and the
// Hessian against the coefficients of the exact risk polynomial along a ray (the germ curve
// analysis, a forward pass only), and the structured Hessian against hessianByHvp. Each test names
// the code mutations it kills.
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import * as P from '../../src/linalg/polynomial.js';
import { analyseCurve, curveAt, rayCurve } from '../../src/landscape/curve.js';
import { analyseLocalMin } from '../../src/landscape/analyse.js';
import { boundaryBound, patternClassBound } from '../../src/landscape/certificates.js';
import { constantAlongPath } from '../../src/landscape/paths.js';
import { plantCellMinimum } from '../../src/landscape/plant.js';
import { recheckBoundary } from '../../src/landscape/recheck-cells.js';
import { indistinguishableGroups } from '../../src/landscape/receptive-field.js';
import {
  absolute,
  activationPattern,
  avgPool2dDirect,
  buildNetwork,
  conv2dDirect,
  dataset,
  dataTensors,
  evalPwl,
  exactGradient,
  exactHessian,
  exactOutputs,
  forcedPiecesOf,
  forward,
  hessian,
  kinksOf,
  leakyRelu,
  linear,
  maxPool2dDirect,
  maxPoolTies,
  NetworkError,
  paramName,
  paramTensor,
  relu,
  squaredLoss,
  unitParameters,
  type Dataset,
  type LayerSpec,
  type Network,
  type PwlActivation,
} from '../../src/model/index.js';
import { decimalBackend, exactBackend, floatBackend, rational, scalarBackend } from '../../src/numeric/index.js';

const mse = squaredLoss();
const Q = (x: number | string) => new Fraction(x);
const fr = (xs: readonly Fraction[]) => xs.map((x) => x.toFraction());

// ---------------------------------------------------------------------------------------------
// Random architectures: conv (stride, padding, bias kind) → optional pooling (max/avg, stride) →
// optional second conv → dense readout.

interface Arch {
  spec: { input: { channels: number; height: number; width: number }; layers: LayerSpec[] };
  net: Network;
}

const pwlAct = (k: number): PwlActivation => [relu(), leakyRelu(Q('1/4')), absolute(), linear()][k];

function archArb(opts: { acts?: number[] } = {}): fc.Arbitrary<Arch> {
  const acts = opts.acts ?? [0, 1, 2];
  return fc
    .record({
      twoD: fc.boolean(),
      C: fc.integer({ min: 1, max: 2 }),
      H: fc.integer({ min: 2, max: 5 }),
      W: fc.integer({ min: 3, max: 7 }),
      T: fc.integer({ min: 1, max: 2 }),
      kh: fc.integer({ min: 0, max: 1 }),
      kw: fc.integer({ min: 0, max: 1 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      same: fc.boolean(),
      bias: fc.constantFrom<LayerSpec & { kind: 'conv2d' } extends { bias?: infer B } ? B : never>(
        false,
        true,
        'per-map',
        'per-position',
      ),
      act: fc.constantFrom(...acts),
      pool: fc.option(
        fc.record({
          max: fc.boolean(),
          ph: fc.integer({ min: 1, max: 2 }),
          pw: fc.integer({ min: 1, max: 3 }),
          th: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
          tw: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        }),
        { nil: null },
      ),
      second: fc.option(
        fc.record({
          T: fc.integer({ min: 1, max: 2 }),
          s: fc.integer({ min: 1, max: 2 }),
          act: fc.constantFrom(...acts),
        }),
        { nil: null },
      ),
      units: fc.integer({ min: 1, max: 2 }),
    })
    .map((c) => {
      const H = c.twoD ? c.H : 1;
      // 'same' needs odd kernels: 1 or 3; 'valid' takes 1..3 (kernels that do not fit are filtered below)
      const k = (x: number) => (c.same ? 2 * x + 1 : x + 1 + (x === 1 && c.twoD ? 1 : 0));
      const padding = c.same ? ('same' as const) : ('valid' as const);
      const layers: LayerSpec[] = [
        c.twoD
          ? {
              kind: 'conv2d',
              filters: c.T,
              kernel: [k(c.kh), k(c.kw)],
              stride: [c.sh, c.sw],
              padding,
              bias: c.bias,
              activation: pwlAct(c.act),
            }
          : {
              kind: 'conv1d',
              filters: c.T,
              kernel: k(c.kw),
              stride: c.sw,
              padding,
              bias: c.bias,
              activation: pwlAct(c.act),
            },
      ];
      if (c.pool) {
        const p = c.pool;
        const kind = `${p.max ? 'max' : 'avg'}pool${c.twoD ? 2 : 1}d` as const;
        layers.push(
          c.twoD
            ? {
                kind: kind as 'maxpool2d',
                size: [p.ph, p.pw],
                ...(p.th !== undefined ? { stride: [p.th, p.tw ?? 1] as [number, number] } : {}),
              }
            : { kind: kind as 'maxpool1d', size: p.pw, ...(p.tw !== undefined ? { stride: p.tw } : {}) },
        );
      }
      if (c.second)
        layers.push(
          c.twoD
            ? {
                kind: 'conv2d',
                filters: c.second.T,
                kernel: 1,
                stride: c.second.s,
                bias: 'per-position',
                activation: pwlAct(c.second.act),
              }
            : { kind: 'conv1d', filters: c.second.T, kernel: 3, stride: c.second.s, activation: pwlAct(c.second.act) },
        );
      layers.push({ kind: 'dense', units: c.units, activation: linear() });
      return { input: { channels: c.C, height: H, width: c.W }, layers };
    })
    .filter((spec) => {
      try {
        buildNetwork(spec);
        return true;
      } catch (e) {
        if (e instanceof NetworkError) return false;
        throw e;
      }
    })
    .map((spec) => ({ spec, net: buildNetwork(spec) }));
}

const value = fc
  .tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 7 }))
  .map(([k, q]) => new Fraction(k, q));
const nonzero = value.filter((x) => x.n !== 0n);

function instanceArb(arch: fc.Arbitrary<Arch>, o: { maxN?: number; param?: fc.Arbitrary<Fraction> } = {}) {
  return arch.chain((a) =>
    fc.record({
      a: fc.constant(a),
      theta: fc.array(o.param ?? value, { minLength: a.net.paramCount, maxLength: a.net.paramCount }),
      data: fc
        .array(
          fc.tuple(
            fc.array(value, { minLength: a.net.inputDim, maxLength: a.net.inputDim }),
            fc.array(value, { minLength: a.net.outputDim, maxLength: a.net.outputDim }),
          ),
          { minLength: 1, maxLength: o.maxN ?? 3 },
        )
        .map((s) =>
          dataset(
            s.map((x) => x[0]),
            s.map((x) => x[1]),
          ),
        ),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The reference: one sample at a time, [C][H][W] arrays, θ read in the documented order
// (layer by layer: weight row-major, then bias: per map [T], per position [T][Ho][Wo]).

type Map3 = Fraction[][][];
const pairOf = (x: number | readonly [number, number] | undefined, d: [number, number]): [number, number] =>
  x === undefined ? d : typeof x === 'number' ? [x, x] : [x[0], x[1]];

function referenceOutput(spec: Arch['spec'], theta: readonly Fraction[], x: readonly Fraction[]): Fraction[] {
  const { channels: C, height: H, width: W } = spec.input;
  let a: Map3 = Array.from({ length: C }, (_, c) =>
    Array.from({ length: H }, (_, r) => x.slice((c * H + r) * W, (c * H + r + 1) * W)),
  );
  let off = 0;
  const take = (n: number) => theta.slice(off, (off += n));
  for (const l of spec.layers) {
    const Cin = a.length;
    if (l.kind === 'conv1d' || l.kind === 'conv2d') {
      const [kh, kw] = l.kind === 'conv1d' ? [1, l.kernel] : pairOf(l.kernel, [1, 1]);
      const stride = l.kind === 'conv1d' ? ([1, l.stride ?? 1] as [number, number]) : pairOf(l.stride, [1, 1]);
      const w = take(l.filters * Cin * kh * kw);
      const w4 = Array.from({ length: l.filters }, (_, t) =>
        Array.from({ length: Cin }, (_, c) =>
          Array.from({ length: kh }, (_, i) =>
            w.slice(((t * Cin + c) * kh + i) * kw, ((t * Cin + c) * kh + i + 1) * kw),
          ),
        ),
      );
      const z = conv2dDirect(rational, a, w4, null, l.padding ?? 'same', stride);
      const [Ho, Wo] = [z[0].length, z[0][0].length];
      if (l.bias === 'per-position') {
        const b = take(l.filters * Ho * Wo);
        z.forEach((m, t) => m.forEach((row, r) => row.forEach((v, q) => (row[q] = v.add(b[(t * Ho + r) * Wo + q])))));
      } else if (l.bias !== false) {
        const b = take(l.filters);
        z.forEach((m, t) => m.forEach((row) => row.forEach((v, q) => (row[q] = v.add(b[t])))));
      }
      const act = l.activation as PwlActivation;
      a = z.map((m) => m.map((row) => row.map((v) => evalPwl(act, v))));
    } else if (l.kind === 'dense') {
      const inp = a.flat(2);
      const w = take(l.units * inp.length);
      const b = l.bias === false ? null : take(l.units);
      const out = Array.from({ length: l.units }, (_, o) =>
        inp.reduce((s, v, j) => s.add(w[o * inp.length + j].mul(v)), b ? b[o] : Q(0)),
      );
      const act = l.activation as PwlActivation;
      a = out.map((v) => [[evalPwl(act, v)]]);
    } else {
      const oneD = l.kind === 'maxpool1d' || l.kind === 'avgpool1d';
      const [sh, sw] = oneD ? [1, l.size as number] : pairOf(l.size, [1, 1]);
      const stride = oneD
        ? ([1, (l.stride as number | undefined) ?? sw] as [number, number])
        : pairOf(l.stride, [sh, sw]);
      a = (l.kind.startsWith('max') ? maxPool2dDirect : avgPool2dDirect)(rational, a, sh, sw, stride);
    }
  }
  expect(off).toBe(theta.length); // the documented layout accounts for every parameter
  return a.flat(2);
}

const referenceRisk = (spec: Arch['spec'], theta: readonly Fraction[], data: Dataset) =>
  data.inputs
    .map((x, i) => referenceOutput(spec, theta, x).reduce((s, v, o) => s.add(v.sub(data.targets[i][o]).pow(2)), Q(0)))
    .reduce((s, v) => s.add(v), Q(0))
    .div(data.inputs.length);

const dot = (a: readonly Fraction[], b: readonly Fraction[]) => a.reduce((s, x, k) => s.add(x.mul(b[k])), Q(0));

describe('stride, untied biases and max pooling: forward passes', () => {
  // Kills: the stride dropped from the conv index map (r + i − ph instead of r·sh + i − ph), the
  // 'same' padding split the other way (⌈p/2⌉ before), per-position biases tied (k / (Ho·Wo)),
  // a pooling stride ignored, argmax comparisons reversed (min pooling). The ties (ReLU makes many, at 0)
  // are recounted from the layer's input here: kills a tie flag not reset by a larger later entry, a
  // tie reported against a non-maximal entry, ties left out of the pattern, tied units misnamed.
  test.prop([instanceArb(archArb({ acts: [0, 1, 2, 3] }))], { numRuns: 120 })(
    'exact outputs equal the direct reference on random shapes, strides, paddings, bias kinds and pools; ties are the windows with two maxima',
    ({ a, theta, data }) => {
      const out = exactOutputs(a.net, theta, data);
      data.inputs.forEach((x, i) => expect(fr(out[i])).toEqual(fr(referenceOutput(a.spec, theta, x))));
      const { X } = dataTensors(exactBackend, a.net, data);
      const tr = forward(exactBackend, a.net, paramTensor(exactBackend, a.net, theta), X);
      const expected: string[] = [];
      for (const lt of tr.layers) {
        const mp = lt.layer.maxPool;
        if (!mp) continue;
        for (let u = 0; u < lt.layer.outDim; u++)
          for (let i = 0; i < data.inputs.length; i++) {
            const win = Array.from(mp.windows.subarray(u * mp.size, (u + 1) * mp.size));
            const vals = win.map((k) => exactBackend.get(lt.input, k, i));
            const top = vals.reduce((m, v) => (v.compare(m) > 0 ? v : m));
            const tied = win.filter((_, k) => vals[k].equals(top)).sort((p, q) => p - q);
            if (tied.length > 1) expected.push(`${lt.layer.number}/${u}/${i}/${tied.join(',')}`);
          }
      }
      const got = maxPoolTies(activationPattern(a.net, theta, data).kinks).map(
        (k) => `${k.layer}/${k.unit}/${k.sample}/${k.tied!.join(',')}`,
      );
      expect(got).toEqual(expected);
      // the passes' own kink list (what exactGradient and the Hessian refuse on) says the same
      const hits = kinksOf(tr)
        .filter((k) => k.kind === 'maxpool')
        .map((k) => `${k.layer}/${k.unit}/${k.sample}/${k.tied!.join(',')}`);
      expect(hits).toEqual(expected);
    },
  );

  // Kills: a wrong comparison in the float or the scalar (decimal) backend's argmaxGroups.
  test.prop([instanceArb(archArb({ acts: [0, 1, 2, 3] }))], { numRuns: 60 })(
    'float64 and decimal outputs agree with the exact ones within rounding',
    ({ a, theta, data }) => {
      const exact = exactOutputs(a.net, theta, data).flat();
      for (const [be, tol] of [
        [floatBackend, 9], // relative error below 10^−9
        [decimalBackend, 30],
      ] as const) {
        const { X } = dataTensors(be as typeof floatBackend, a.net, data);
        const out = forward(
          be as typeof floatBackend,
          a.net,
          paramTensor(be as typeof floatBackend, a.net, theta),
          X,
        ).output;
        // output rows are units, columns samples
        const got = (be.toScalars as (t: unknown) => unknown[])(out).map((v) => rational.fromString(String(v)));
        const N = data.inputs.length;
        got.forEach((v, k) => {
          const e = exact[(k % N) * a.net.outputDim + Math.floor(k / N)];
          expect(
            v
              .sub(e)
              .abs()
              .compare(new Fraction(1n, 10n ** BigInt(tol)).mul(Q(1).add(e.abs()))),
          ).toBeLessThanOrEqual(0);
        });
      }
    },
  );

  // Kills: the exact backend's argmax on bigint numerators (2^53 and above) or on float64 ones reversed
  // or disagreeing with plain rational comparison.
  test.prop([
    fc.array(fc.tuple(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.integer({ min: 1, max: 9 })), {
      minLength: 6,
      maxLength: 6,
    }),
    fc.boolean(),
  ])('the exact backend selects as rational comparison does, with long and short numerators', (raw, short) => {
    const xs = raw.map(([n, d]) => new Fraction(short ? n % 1000n : n, BigInt(d)));
    const t = exactBackend.fromScalars(2, 3, xs);
    const index = Int32Array.from([0, 1, 2, 3, 4, 5, 5, 0, 3]);
    const got = exactBackend.argmaxGroups(t, index, 3);
    const want = scalarBackend(rational).argmaxGroups(scalarBackend(rational).fromScalars(2, 3, xs), index, 3);
    expect([Array.from(got.argmax), got.ties]).toEqual([Array.from(want.argmax), want.ties]);
    for (let g = 0; g < 3; g++) {
      const top = xs[index[3 * g + got.argmax[g]]];
      for (let k = 0; k < 3; k++) expect(xs[index[3 * g + k]].compare(top)).toBeLessThanOrEqual(0);
    }
  });

  // Hand-computed (TensorFlow's definition) output sizes and the inputs the first taps read. Kills:
  // ceil/floor swapped in 'same' output size or padding, 'valid' size without the stride.
  it('output sizes and padding follow the documented formulas', () => {
    const probe = (n: number, k: number, s: number, padding: 'same' | 'valid', tap: number) => {
      const net = buildNetwork({
        input: { channels: 1, height: 1, width: n },
        layers: [{ kind: 'conv1d', filters: 1, kernel: k, stride: s, padding, bias: false, activation: linear() }],
      });
      const w = Array.from({ length: k }, (_, j) => Q(j === tap ? 1 : 0));
      const x = Array.from({ length: n }, (_, j) => Q(j + 1));
      return fr(exactOutputs(net, w, dataset([x], [new Array(net.outputDim).fill(0)]))[0]);
    };
    expect(probe(5, 3, 2, 'same', 1)).toEqual(['1', '3', '5']); // ⌈5/2⌉ = 3, p = 2: one zero before
    expect(probe(5, 3, 2, 'same', 0)).toEqual(['0', '2', '4']); // the left tap reads the padding first
    expect(probe(4, 3, 2, 'same', 1)).toEqual(['2', '4']); // p = 1: no zero before, one after
    expect(probe(4, 3, 2, 'same', 2)).toEqual(['3', '0']);
    expect(probe(6, 3, 3, 'valid', 0)).toEqual(['1', '4']); // ⌊(6 − 3)/3⌋ + 1 = 2
    expect(probe(5, 1, 2, 'valid', 0)).toEqual(['1', '3', '5']);
    expect(probe(7, 3, 1, 'same', 2)).toEqual(['2', '3', '4', '5', '6', '7', '0']); // stride 1 as before
    const net2 = buildNetwork({
      input: { channels: 1, height: 5, width: 4 },
      layers: [
        { kind: 'conv2d', filters: 1, kernel: 3, stride: [2, 1], padding: 'same', activation: relu() },
        { kind: 'maxpool2d', size: [1, 3], stride: [1, 1] },
      ],
    });
    expect(net2.layers.map((l) => l.outShape)).toEqual([
      { channels: 1, height: 3, width: 4 },
      { channels: 1, height: 3, width: 2 },
    ]);
    // max pooling, size 3 every 2 over 7: windows [0..2], [2..4], [4..6]
    const mp = buildNetwork({
      input: { channels: 1, height: 1, width: 7 },
      layers: [{ kind: 'maxpool1d', size: 3, stride: 2 }],
    });
    expect(Array.from(mp.layers[0].maxPool!.windows)).toEqual([0, 1, 2, 2, 3, 4, 4, 5, 6]);
    const x = ['5', '1', '-2', '7', '7', '0', '3'].map(Q);
    expect(fr(exactOutputs(mp, [], dataset([x], [[0, 0, 0]]))[0])).toEqual(['5', '7', '7']);
    // avgpool keeps its old default (non-overlapping) and gains a stride
    const ap = buildNetwork({
      input: { channels: 1, height: 1, width: 5 },
      layers: [{ kind: 'avgpool1d', size: 2, stride: 1 }],
    });
    expect(fr(exactOutputs(ap, [], dataset([x.slice(0, 5)], [[0, 0, 0, 0]]))[0])).toEqual(['3', '-1/2', '5/2', '7']);
  });

  // Kills: forced max-pooling positions ignored (selection by value) or read as window offsets of another unit.
  test.prop([instanceArb(archArb({ acts: [1, 2] }).filter((a) => a.net.layers.some((l) => l.maxPool))), fc.nat()], {
    numRuns: 40,
  })('forced max-pooling positions select those entries', ({ a, theta, data }, seed) => {
    const N = data.inputs.length;
    const forced = a.net.layers.map((l) =>
      l.maxPool ? Int32Array.from({ length: l.outDim * N }, (_, k) => (seed + 7 * k) % l.maxPool!.size) : null,
    );
    const { X } = dataTensors(exactBackend, a.net, data);
    const tr = forward(exactBackend, a.net, paramTensor(exactBackend, a.net, theta), X, false, forced);
    tr.layers.forEach((lt, l) => {
      const f = forced[l];
      if (!f) return;
      const { size, windows } = lt.layer.maxPool!;
      for (let u = 0; u < lt.layer.outDim; u++)
        for (let i = 0; i < N; i++)
          expect(
            exactBackend.get(lt.output, u, i).equals(exactBackend.get(lt.input, windows[u * size + f[u * N + i]], i)),
          ).toBe(true);
    });
    const bad = forced.map((f) => (f ? f.map(() => 99) : null));
    expect(() => forward(exactBackend, a.net, paramTensor(exactBackend, a.net, theta), X, false, bad)).toThrow(
      RangeError,
    );
  });
});

describe('stride, untied biases and max pooling: exact derivatives inside a cell', () => {
  // leaky ReLU and |·| have no flat pieces, so ties and kinks are coincidences; nonzero θ
  const interior = instanceArb(archArb({ acts: [1, 2] }), { param: nonzero, maxN: 2 }).chain((x) =>
    fc.record({
      x: fc.constant(x),
      d: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: x.a.net.paramCount, maxLength: x.a.net.paramCount }),
    }),
  );

  // Kills: backpropagate routing a pooled entry's gradient to the wrong input (another sample's
  // selection, c instead of c mod N, the first window entry), propagate/backpropagate swapped, the
  // structured Hessian's tangents not carried through the selection (Z = W·A with a dense W).
  test.prop([interior], { numRuns: 40 })(
    'gradient and Hessian equal the first two coefficients of the exact risk polynomial along a ray; structured = HVP',
    ({ x: { a, theta, data }, d }) => {
      const pat = activationPattern(a.net, theta, data);
      fc.pre(pat.interior);
      const dir = d.map((v) => Q(v));
      const g = exactGradient(a.net, mse, theta, data);
      const Hs = exactHessian(a.net, mse, theta, data, 'structured');
      const Hh = exactHessian(a.net, mse, theta, data, 'hvp');
      if (g.kind !== 'interior' || Hs.kind !== 'interior' || Hh.kind !== 'interior') throw new Error('not interior');
      expect(Hs.value.map(fr)).toEqual(Hh.value.map(fr));
      const curve = analyseCurve(a.net, mse, data, rayCurve(theta, dir));
      expect(curve.risk.equals(referenceRisk(a.spec, theta, data))).toBe(true);
      expect(P.coeff(curve.riskPolynomial, 1).equals(dot(g.value, dir))).toBe(true);
      const quad = Hs.value.reduce((s, row, i) => s.add(dot(row, dir).mul(dir[i])), Q(0));
      expect(P.coeff(curve.riskPolynomial, 2).equals(quad.div(2))).toBe(true);
      // the float structured Hessian agrees within rounding
      const { X, Y } = dataTensors(floatBackend, a.net, data);
      const Hf = hessian(floatBackend, a.net, mse, paramTensor(floatBackend, a.net, theta), X, Y).hessian;
      Hf.forEach((row, i) =>
        row.forEach((v, j) => expect(Math.abs(v - Hs.value[i][j].valueOf())).toBeLessThan(1e-8 * (1 + Math.abs(v)))),
      );
    },
  );

  // The risk polynomial of the curve analysis holds on (0, τ): checked against the reference at τ/2 and
  // just below τ, from points where every pooling window ties (conv weights 0). Kills: the germ selection
  // made by the constant terms only (the first tied entry), τ computed without the pooling gaps.
  test.prop(
    [
      instanceArb(
        archArb({ acts: [1, 3] }).filter(
          (a) => a.net.layers[1]?.maxPool !== undefined && a.net.layers[1]?.maxPool !== null,
        ),
        { maxN: 2 },
      ),
      fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 60, maxLength: 60 }),
    ],
    { numRuns: 40 },
  )(
    'from a tie the curve analysis selects by the leading terms, and its polynomial is the risk on (0, τ)',
    ({ a, theta, data }, ds) => {
      const w = a.net.views[0];
      const t0 = theta.map((v, k) => (k >= w.offset && k < w.offset + w.size ? Q(0) : v));
      const dir = t0.map((_, k) => Q(ds[k % ds.length]));
      const tied = maxPoolTies(activationPattern(a.net, t0, data).kinks);
      fc.pre(tied.length > 0);
      const c = analyseCurve(a.net, mse, data, rayCurve(t0, dir));
      for (const t of [c.tau.div(2), c.tau.mul(99).div(100)])
        expect(P.evaluate(c.riskPolynomial, t).equals(referenceRisk(a.spec, curveAt(rayCurve(t0, dir), t), data))).toBe(
          true,
        );
    },
  );

  it('τ stops at the first change of selection (a hand-made case)', () => {
    // max(w·1, w·2)·v with w = 1 − 4t: entries 1 − 4t and 2 − 8t swap at t = 1/4
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 2 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, bias: false, activation: linear() },
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, bias: false, activation: linear() },
      ],
    });
    const data = dataset([[1, 2]], [[0]]);
    const c = analyseCurve(net, mse, data, rayCurve([Q(1), Q(1)], [Q(-4), Q(0)]));
    expect(fr(c.riskPolynomial)).toEqual(['4', '-32', '64']);
    expect(c.tau.compare(Q('1/4'))).toBeLessThanOrEqual(0);
    // persistent ties are reported: with w = 0 fixed both entries are 0 along the whole ray
    const p = analyseCurve(net, mse, data, rayCurve([Q(0), Q(1)], [Q(0), Q(1)]));
    expect(p.persistentKinks).toEqual([{ layer: 2, unit: 0, sample: 0, kind: 'maxpool', tied: [0, 1] }]);
    // from the tie w = 0 moving w up selects the entry 2w, down the entry w
    for (const [dw, entry] of [
      [1, 2],
      [-1, 1],
    ])
      expect(fr(analyseCurve(net, mse, data, rayCurve([Q(0), Q(1)], [Q(dw), Q(0)])).riskPolynomial)).toEqual([
        '0',
        '0',
        String(entry * entry),
      ]);
  });
});

describe('max-pooling ties are kinks', () => {
  // Kills: the constant-path proof checking activation margins only: the midpoint's selection (the
  // constant entry) would make R look constant on [0, 1], but at t = 0 the other entry is the maximum.
  it('the constant-path proof sees a change of selection inside the interval', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 2 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, activation: linear() },
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, bias: false, activation: linear() },
      ],
    });
    const data = dataset([[1, 2]], [[0]]);
    // entries w + b = 1 and 2w + b = 2 − 2t along (w, b) = (1 − 2t, 2t)
    const curve = rayCurve([Q(1), Q(0), Q(1)], [Q(-2), Q(2), Q(0)]);
    const v = constantAlongPath(net, mse, data, curve, Q(0), Q(1));
    expect(v.strength).toBe('inconclusive');
    expect(v.evidence.patternChange).toEqual({ layer: 2, unit: 0, sample: 0, breakpoint: '0', tiedWith: 1 });
    // where the selection is constant the risk polynomial decides: (2 − 2t)² is not constant
    expect(constantAlongPath(net, mse, data, curve, Q(0), Q('1/4')).strength).toBe('refuted');
  });

  // Every window holds two equal entries (inputs repeated in pairs, a 1-tap conv): every pooled output ties.
  const paired = fc
    .record({
      W: fc.integer({ min: 1, max: 3 }),
      T: fc.integer({ min: 1, max: 2 }),
      bias: fc.constantFrom<false | 'per-map'>(false, 'per-map'),
      xs: fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      theta: fc.array(nonzero, { minLength: 12, maxLength: 12 }),
    })
    .map((c) => {
      const net = buildNetwork({
        input: { channels: 1, height: 1, width: 2 * c.W },
        layers: [
          { kind: 'conv1d', filters: c.T, kernel: 1, bias: c.bias, activation: leakyRelu(Q('1/4')) },
          { kind: 'maxpool1d', size: 2 },
          { kind: 'dense', units: 1, activation: linear() },
        ],
      });
      const inputs = c.xs.map((x) => Array.from({ length: 2 * c.W }, (_, j) => x[Math.floor(j / 2)]));
      return {
        net,
        c,
        data: dataset(
          inputs,
          inputs.map(() => [1]),
        ),
        theta: c.theta.slice(0, net.paramCount),
      };
    });

  // Kills: argmaxGroups not reporting ties (the tie flag lost), kinksOf or activationPattern leaving
  // max-pooling ties out, tied entries named by window position instead of input unit, a tie-free
  // point reported as a boundary (a tie flagged on a strict maximum), the margin not halved.
  test.prop([paired], { numRuns: 60 })(
    'a tie is reported as a maxpool kink (layer, unit, sample, tied inputs) and the exact derivatives refuse; an untied point has none',
    ({ net, c, data, theta }) => {
      const N = data.inputs.length;
      const pat = activationPattern(net, theta, data);
      const ties = maxPoolTies(pat.kinks);
      expect(pat.interior).toBe(false);
      expect(ties.length).toBe(c.T * c.W * N);
      for (const k of ties) {
        expect(k.layer).toBe(2);
        const pos = k.unit % c.W;
        expect(k.tied).toEqual([
          Math.floor(k.unit / c.W) * 2 * c.W + 2 * pos,
          Math.floor(k.unit / c.W) * 2 * c.W + 2 * pos + 1,
        ]);
        expect([k.leftSlope.toFraction(), k.rightSlope.toFraction()]).toEqual(['0', '1']);
      }
      expect(exactGradient(net, mse, theta, data).kind).toBe('boundary');
      expect(exactHessian(net, mse, theta, data).kind).toBe('boundary');
      // the trace's kinks say the same
      const { X } = dataTensors(exactBackend, net, data);
      const tr = forward(exactBackend, net, paramTensor(exactBackend, net, theta), X);
      expect(tr.layers[1].pool!.ties.length).toBe(c.T * c.W * N);
      // break every pair: x_{2j+1} = x_{2j} + 1/100 (filters nonzero, leaky: strictly ordered)
      const moved = dataset(
        data.inputs.map((x) => x.map((v, j) => (j % 2 ? v.add(Q('1/100')) : v))),
        data.targets,
      );
      const p2 = activationPattern(net, theta, moved);
      expect(maxPoolTies(p2.kinks)).toEqual([]);
      const lp = p2.layers.find((l) => l.kind === 'maxpool')!;
      // margin: half the gap between the two entries of the window, and the piece is the larger one's position
      const { X: X2 } = dataTensors(exactBackend, net, moved);
      const pool = forward(exactBackend, net, paramTensor(exactBackend, net, theta), X2).layers[1];
      lp.margin.forEach((row, u) =>
        row.forEach((m, i) => {
          const [x0, x1] = [0, 1].map((k) => exactBackend.get(pool.input, pool.layer.maxPool!.windows[2 * u + k], i));
          expect(m.equals(x0.sub(x1).abs().div(2))).toBe(true);
          expect(lp.piece[u][i]).toBe(x1.compare(x0) > 0 ? 1 : 0);
        }),
      );
      // forcing θ's pattern reproduces the unforced pass
      const forced = forcedPiecesOf(net, p2);
      const a1 = forward(exactBackend, net, paramTensor(exactBackend, net, theta), X2).output;
      const a2 = forward(exactBackend, net, paramTensor(exactBackend, net, theta), X2, false, forced).output;
      expect(fr(exactBackend.toScalars(a2))).toEqual(fr(exactBackend.toScalars(a1)));
    },
  );

  // Kills: the boundary bound enumerating left/right sides of a tie (a 'proved' verdict on the wrong
  // cells) instead of refusing; the re-check accepting stored sides for a tie.
  it('the boundary bound and its re-check refuse max-pooling ties in one line', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 2 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, activation: relu() },
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const data = dataset(
      [
        [1, 1],
        [2, 2],
      ],
      [[1], [3]],
    );
    const theta = [Q(1), Q(0), Q(2), Q(-1)];
    const v = boundaryBound(net, mse, theta, data);
    expect(v.strength).toBe('inconclusive');
    expect(v.summary).toBe('max pooling ties are not supported by the boundary bound');
    // the evidence marks each tie as one, with its tied entries (kills: certificates.ts, kinkToJSON's
    // `k.kind === 'maxpool'` → `false`, which writes a tie as a plain kink)
    expect(v.evidence.kinks.map((k) => [k.sample, k.kind, k.tied])).toEqual([
      [0, 'maxpool', [0, 1]],
      [1, 'maxpool', [0, 1]],
    ]);
    const forged = { ...v.evidence, assignments: [], minBound: v.evidence.risk };
    expect(recheckBoundary(net, mse, theta, data, forged)).toEqual([
      'max pooling ties are not supported by the boundary bound',
    ]);
  });
});

describe('certificates on max-pooling networks', () => {
  // small inputs and many samples, so the groups' least squares do not interpolate
  const poolNets = fc
    .record({
      W: fc.integer({ min: 3, max: 4 }),
      k: fc.integer({ min: 1, max: 2 }),
      T: fc.integer({ min: 1, max: 2 }),
      act: fc.constantFrom(1, 2),
      bias: fc.constantFrom<'per-map' | 'per-position'>('per-map', 'per-position'),
    })
    .map((c) =>
      buildNetwork({
        input: { channels: 1, height: 1, width: c.W },
        layers: [
          { kind: 'conv1d', filters: c.T, kernel: c.k, padding: 'valid', bias: c.bias, activation: pwlAct(c.act) },
          { kind: 'maxpool1d', size: 2, stride: 1 },
          { kind: 'dense', units: 1, activation: linear() },
        ],
      }),
    )
    .chain((net) =>
      fc.record({
        net: fc.constant(net),
        theta: fc.array(nonzero, { minLength: net.paramCount, maxLength: net.paramCount }),
        inputs: fc.array(
          fc.array(fc.integer({ min: -4, max: 4 }), { minLength: net.inputDim, maxLength: net.inputDim }),
          {
            minLength: 8,
            maxLength: 12,
          },
        ),
        targets: fc.array(value, { minLength: 12, maxLength: 12 }),
        coef: fc.array(value, { minLength: 1, maxLength: 4 }),
      }),
    );

  // Kills: pattern keys without the pooling selection (samples the network maps by different affine
  // maps fitted as one group: the bound exceeds R(θ), an internal error, or a false proof).
  test.prop([poolNets], { numRuns: 40 })(
    'the pattern-class bound is at most R(θ) inside a cell, and proves planted cell minima (re-checked)',
    ({ net, theta, inputs, targets, coef }) => {
      const data = dataset(
        inputs,
        inputs.map((_, i) => [targets[i]]),
      );
      fc.pre(activationPattern(net, theta, data).interior);
      const v = patternClassBound(net, mse, theta, data);
      expect(['proved', 'inconclusive']).toContain(v.strength);
      const planted = plantCellMinimum(net, theta, data.inputs, coef);
      const w = patternClassBound(net, mse, theta, planted); // certify() re-checks a proof independently
      expect(w.strength).toBe('proved');
    },
  );

  // Kills: a tool on the analysis path crashing on a tie (LayerTrace.W null, fixedWeight null) or
  // treating a tie as a left/right kink.
  it('analyseLocalMin runs through a tie point and finds the descent there', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 4 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, bias: 'per-position', activation: relu() },
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const data = dataset(
      [
        [1, 1, 2, 0],
        [0, 2, 1, 1],
        [2, 0, 2, 1],
      ],
      [[1], [-1], [2]],
    );
    // w = 1, biases (0, 0, 0, 1): sample 1's first window ties (1 = 1), sample 3's second window ties (2 = 1 + 1)
    const theta = [1, 0, 0, 0, 1, 1, -1, 0].map((x) => Q(x));
    expect(maxPoolTies(activationPattern(net, theta, data).kinks).map((k) => `${k.unit}/${k.sample}`)).toEqual([
      '0/0',
      '1/2',
    ]);
    // R = 3 there and the gradient side of the cells descends: an exact, re-checked descent
    const v = analyseLocalMin(net, mse, theta, data, { noProbes: true });
    expect(v.strength).toBe('refuted');
    expect(v.evidence.kind).toBe('descent');
  });
});

describe('parameters, symmetry helpers and specs', () => {
  // Kills: per-position biases named by map only (duplicate names), a 2-D position read as 1-D.
  test.prop([archArb()], { numRuns: 60 })('every parameter has a distinct readable name', ({ net }) => {
    const names = Array.from({ length: net.paramCount }, (_, p) => paramName(net, p));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names)
      expect(n).toMatch(
        /^(layer \d+, map \d+, (tap \(channel \d+, .+\)|bias( at (position \d+|row \d+, column \d+))?)|[Wb]\S+.*)$/,
      );
  });

  it('per-position bias names', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 3, width: 4 },
      layers: [
        { kind: 'conv2d', filters: 2, kernel: 3, stride: 2, bias: 'per-position', activation: relu() },
        { kind: 'conv2d', filters: 1, kernel: 1, bias: 'per-position', activation: relu() },
      ],
    });
    const names = Array.from({ length: net.paramCount }, (_, p) => paramName(net, p));
    expect(net.views.map((v) => `${v.name} ${v.shape.join('×')}`)).toEqual([
      'layer1.weight 2×1×3×3',
      'layer1.bias 2×2×2',
      'layer2.weight 1×2×1×1',
      'layer2.bias 1×2×2',
    ]);
    expect(names.slice(18, 26)).toEqual([
      'layer 1, map 1, bias at row 1, column 1',
      'layer 1, map 1, bias at row 1, column 2',
      'layer 1, map 1, bias at row 2, column 1',
      'layer 1, map 1, bias at row 2, column 2',
      'layer 1, map 2, bias at row 1, column 1',
      'layer 1, map 2, bias at row 1, column 2',
      'layer 1, map 2, bias at row 2, column 1',
      'layer 1, map 2, bias at row 2, column 2',
    ]);
    const one = buildNetwork({
      input: { channels: 1, height: 1, width: 5 },
      layers: [{ kind: 'conv1d', filters: 2, kernel: 3, stride: 2, bias: 'per-position', activation: relu() }],
    });
    expect(Array.from({ length: 6 }, (_, k) => paramName(one, 6 + k))).toEqual([
      'layer 1, map 1, bias at position 1',
      'layer 1, map 1, bias at position 2',
      'layer 1, map 1, bias at position 3',
      'layer 1, map 2, bias at position 1',
      'layer 1, map 2, bias at position 2',
      'layer 1, map 2, bias at position 3',
    ]);
  });

  // Kills: unitParameters reaching every pooled output through max pooling (other maps' readers in
  // `outgoing`, so the rescaling changes the outputs), or not reaching through it at all.
  test.prop(
    [
      instanceArb(archArb({ acts: [0, 1, 2] }).filter((a) => !!a.net.layers[1]?.maxPool && a.net.layers.length === 3)),
      fc.constantFrom(Q(3), Q('1/2')),
    ],
    { numRuns: 40 },
  )(
    'through max pooling a map is read by the readers of its pooled outputs: rescaling it keeps every output',
    ({ a, theta, data }, s) => {
      const units = unitParameters(a.net, { throughFixed: true });
      expect(units.length).toBe(a.net.layers[0].outShape.channels);
      for (const u of units) {
        expect(u.readLayer).toBe(3);
        expect(u.outgoing.length).toBeGreaterThan(0);
        const t = theta.slice();
        for (const p of u.incoming) t[p] = t[p].mul(s);
        for (const p of u.outgoing) t[p] = t[p].div(s);
        expect(exactOutputs(a.net, t, data).map(fr)).toEqual(exactOutputs(a.net, theta, data).map(fr));
      }
    },
  );

  // Kills: receptive-field terms of a max-pooling unit built as a sum with fixed weights (crash on
  // fixedWeight null), or window entries dropped.
  it('inputs permuted within each max-pooling window are indistinguishable; a changed entry is not', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 4 },
      layers: [
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const data = dataset(
      [
        [0, -1, 3, 2],
        [-1, 0, 2, 3],
        [0, -2, 3, 2],
      ],
      [[0], [0], [0]],
    );
    expect(indistinguishableGroups(net, data).map((g) => g.samples)).toEqual([[0, 1], [2]]);
    const out = exactOutputs(net, [Q(2), Q(-3), Q(1)], data);
    expect(fr(out[0])).toEqual(fr(out[1]));
  });

  // Kills: a stride, size or bias spec accepted silently when malformed, errors without the layer.
  it('bad specs give one-line errors naming the layer and the problem', () => {
    const bad: [LayerSpec[], RegExp][] = [
      [
        [{ kind: 'conv1d', filters: 1, kernel: 3, stride: 0, activation: relu() }],
        /layer 1 \(conv1d\): stride must be a positive integer, got 0/,
      ],
      [
        [{ kind: 'conv1d', filters: 1, kernel: 3, stride: [1, 2] as unknown as number, activation: relu() }],
        /layer 1 \(conv1d\): stride of a 1-D layer must be a number/,
      ],
      [
        [{ kind: 'conv2d', filters: 1, kernel: 3, stride: [2] as unknown as number, activation: relu() }],
        /layer 1 \(conv2d\): stride must be a number or \[rows, columns\]/,
      ],
      [
        [{ kind: 'conv1d', filters: 1, kernel: 3, bias: 'per-pixel' as never, activation: relu() }],
        /layer 1: "bias" must be true or false, got "per-pixel" \(a convolution also takes 'per-map' or 'per-position'\)/,
      ],
      [
        [{ kind: 'dense', units: 1, bias: 'per-position' as never, activation: relu() }],
        /layer 1: "bias" must be true or false/,
      ],
      [
        [{ kind: 'conv1d', filters: 1, kernel: 7, stride: 2, padding: 'valid', activation: relu() }],
        /layer 1 \(conv1d\): a 1×7 'valid' kernel does not fit a 1×5 input/,
      ],
      [
        [{ kind: 'conv1d', filters: 1, kernel: 2, stride: 2, padding: 'same', activation: relu() }],
        /layer 1 \(conv1d\): 'same' padding needs an odd kernel/,
      ],
      [[{ kind: 'maxpool1d', size: 6 }], /layer 1 \(maxpool1d\): a 1×6 pool does not fit a 1×5 input/],
      [
        [{ kind: 'maxpool1d', size: 2, stride: -1 }],
        /layer 1 \(maxpool1d\): stride must be a positive integer, got -1/,
      ],
      [[{ kind: 'maxpool1d', size: 2, strides: 2 } as never], /layer 1: unknown field "strides" for a maxpool1d layer/],
      [
        [{ kind: 'maxpool2d', size: [2, 0] }],
        /layer 1 \(maxpool2d\): size \(columns\) must be a positive integer, got 0/,
      ],
    ];
    for (const [layers, re] of bad) {
      let msg = '';
      try {
        buildNetwork({ input: { channels: 1, height: 1, width: 5 }, layers });
      } catch (e) {
        expect(e).toBeInstanceOf(NetworkError);
        msg = (e as Error).message;
      }
      expect(msg).toMatch(re);
      expect(msg).not.toContain('\n');
    }
  });
});
