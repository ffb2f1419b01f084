/**
 * fast-check arbitraries for rationals, activations, architectures, data and
 * parameter points. Shrinking goes toward small integers, few samples and
 * narrow, shallow networks (fast-check shrinks integers toward 0 and arrays
 * toward their minimum length, so every size below is drawn from its smallest
 * admissible value upward).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import {
  absolute,
  cube,
  hardTanh,
  leakyRelu,
  linear,
  polynomial,
  pwl,
  quadratic,
  relu,
  shiftedSquare,
  smooth,
  square,
  type Activation,
  type PolyActivation,
  type PwlActivation,
} from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { buildNetwork, fcNetwork, type LayerSpec, type Network } from '../model/network.js';
import type { SmoothName } from '../numeric/elementwise.js';

/** k / 2^m with |k| ≤ maxNum, m ≤ maxPow (dyadic: exact in floats too). */
export function dyadic(maxNum = 16, maxPow = 3): fc.Arbitrary<Fraction> {
  return fc
    .tuple(fc.integer({ min: -maxNum, max: maxNum }), fc.integer({ min: 0, max: maxPow }))
    .map(([k, m]) => new Fraction(BigInt(k), 1n << BigInt(m)));
}

/** k / q with |k| ≤ maxNum, 1 ≤ q ≤ maxDen. */
export function smallRational(maxNum = 12, maxDen = 6): fc.Arbitrary<Fraction> {
  return fc
    .tuple(fc.integer({ min: -maxNum, max: maxNum }), fc.integer({ min: 1, max: maxDen }))
    .map(([k, q]) => new Fraction(BigInt(k), BigInt(q)));
}

export const nonzeroRational = (maxNum = 12, maxDen = 6) => smallRational(maxNum, maxDen).filter((x) => x.n !== 0n);

/** A random continuous PWL activation with `pieces` linear pieces (pieces − 1 breakpoints). */
export function randomPwl(opts: { minPieces?: number; maxPieces?: number } = {}): fc.Arbitrary<PwlActivation> {
  const lo = opts.minPieces ?? 2,
    hi = opts.maxPieces ?? 4;
  return fc
    .integer({ min: lo, max: hi })
    .chain((pieces) =>
      fc.record({
        bps: fc.uniqueArray(smallRational(6, 4), {
          minLength: pieces - 1,
          maxLength: pieces - 1,
          comparator: (a, b) => a.equals(b),
        }),
        slopes: fc.array(smallRational(6, 4), { minLength: pieces, maxLength: pieces }),
        anchorY: smallRational(4, 4),
      }),
    )
    .map(({ bps, slopes, anchorY }) =>
      pwl({ breakpoints: [...bps].sort((a, b) => a.compare(b)), slopes, anchor: { x: 0, y: anchorY } }),
    );
}

export function pwlActivation(): fc.Arbitrary<PwlActivation> {
  return fc.oneof(
    fc.constant(relu()),
    smallRational(3, 4).map((a) => leakyRelu(a)),
    fc.constant(hardTanh()),
    fc.constant(absolute()),
    randomPwl(),
  );
}

export const SMOOTH: readonly SmoothName[] = ['sigmoid', 'tanh', 'softplus', 'elu', 'swish', 'exp'];
export function smoothActivation(): fc.Arbitrary<Activation> {
  return fc.constantFrom(...SMOOTH).map((n) => smooth(n));
}

/**
 * A polynomial activation of degree minDegree..maxDegree (default 1..3): random
 * coefficients (small integers, or small rationals k/q with q ≤ maxDen), the
 * leading one nonzero; or one of the special forms α + βt + γt² (all nonzero),
 * (t − c)², t², t³.
 */
export function polyActivation(
  o: { minDegree?: number; maxDegree?: number; maxCoefficient?: number; maxDen?: number } = {},
): fc.Arbitrary<PolyActivation> {
  const lo = o.minDegree ?? 1,
    hi = o.maxDegree ?? 3,
    M = o.maxCoefficient ?? 3;
  const coef = fc.oneof(
    fc.integer({ min: -M, max: M }).map((k) => new Fraction(k)),
    smallRational(M, o.maxDen ?? 4),
  );
  const random = fc
    .integer({ min: lo, max: hi })
    .chain((n) =>
      fc.tuple(
        fc.array(coef, { minLength: n, maxLength: n }),
        coef.filter((c) => c.n !== 0n),
      ),
    )
    .map(([low, lead]) => polynomial([...low, lead]));
  const nz = nonzeroRational(M, o.maxDen ?? 4);
  const special: fc.Arbitrary<PolyActivation>[] = [];
  if (lo <= 2 && hi >= 2) {
    special.push(fc.tuple(nz, nz, nz).map(([a, b, g]) => quadratic(a, b, g)));
    special.push(smallRational(M, o.maxDen ?? 4).map((c) => shiftedSquare(c)));
    special.push(fc.constant(square()));
  }
  if (lo <= 3 && hi >= 3) special.push(fc.constant(cube()));
  return fc.oneof(random, ...special);
}

export interface ArchOptions {
  /** weight layers, at least (default 1: no hidden layer) */
  minDepth?: number;
  maxDepth?: number;
  maxWidth?: number;
  maxInput?: number;
  maxOutput?: number;
  activation?: fc.Arbitrary<Activation>;
  /** biases on every layer (true), on none (false: bias-free nets), or drawn per layer (default) */
  bias?: boolean;
}

/** A fully connected network: depth (weight layers) 1..maxDepth, per-layer activation and bias flags. */
export function fcArch(o: ArchOptions = {}): fc.Arbitrary<Network> {
  const act = o.activation ?? pwlActivation();
  const biasFlag = o.bias === undefined ? fc.boolean() : fc.constant(o.bias);
  return fc
    .record({
      d0: fc.integer({ min: 1, max: o.maxInput ?? 3 }),
      dL: fc.integer({ min: 1, max: o.maxOutput ?? 2 }),
      hidden: fc.array(fc.record({ w: fc.integer({ min: 1, max: o.maxWidth ?? 4 }), a: act, bias: biasFlag }), {
        minLength: (o.minDepth ?? 1) - 1,
        maxLength: (o.maxDepth ?? 3) - 1,
      }),
      outBias: biasFlag,
    })
    .map(({ d0, dL, hidden, outBias }) =>
      fcNetwork(
        [d0, ...hidden.map((h) => h.w), dL],
        hidden.map((h) => h.a),
        [...hidden.map((h) => h.bias), outBias],
      ),
    );
}

/**
 * A fully connected net with polynomial hidden activations (or, with `mixed`,
 * each hidden layer polynomial or piecewise linear), at least one hidden layer.
 */
export function polyArch(o: Omit<ArchOptions, 'activation'> & { mixed?: boolean; maxDegree?: number } = {}) {
  const poly = polyActivation({ maxDegree: o.maxDegree });
  return fcArch({
    minDepth: 2,
    maxDepth: 3,
    maxWidth: 3,
    ...o,
    activation: o.mixed ? fc.oneof(poly, pwlActivation()) : poly,
  });
}

/** A CNN: conv layers (1-D or 2-D), optional average pooling, and a final dense layer. */
export function cnnArch(o: { dims?: 1 | 2; activation?: fc.Arbitrary<Activation> } = {}): fc.Arbitrary<Network> {
  const act = o.activation ?? pwlActivation();
  return fc
    .record({
      dims: o.dims ? fc.constant(o.dims) : fc.constantFrom(1 as const, 2 as const),
      channels: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 2, max: 4 }),
      w: fc.integer({ min: 2, max: 5 }),
      convs: fc.array(
        fc.record({
          filters: fc.integer({ min: 1, max: 3 }),
          kernel: fc.constantFrom(1, 3),
          padding: fc.constantFrom('same' as const, 'valid' as const),
          bias: fc.boolean(),
          act,
        }),
        { minLength: 1, maxLength: 2 },
      ),
      pool: fc.boolean(),
      out: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ dims, channels, h, w, convs, pool, out }) => {
      const height = dims === 1 ? 1 : h;
      let H = height,
        W = w;
      const layers: LayerSpec[] = [];
      for (const c of convs) {
        const kh = dims === 1 ? 1 : c.kernel;
        const padding = c.padding === 'valid' && (H < kh || W < c.kernel) ? 'same' : c.padding;
        layers.push(
          dims === 1
            ? { kind: 'conv1d', filters: c.filters, kernel: c.kernel, padding, bias: c.bias, activation: c.act }
            : { kind: 'conv2d', filters: c.filters, kernel: c.kernel, padding, bias: c.bias, activation: c.act },
        );
        if (padding === 'valid') {
          H -= kh - 1;
          W -= c.kernel - 1;
        }
      }
      if (pool && W >= 2 && (dims === 1 || H >= 2))
        layers.push(dims === 1 ? { kind: 'avgpool1d', size: 2 } : { kind: 'avgpool2d', size: 2 });
      layers.push({ kind: 'dense', units: out, bias: true, activation: linear() });
      return buildNetwork({ input: { channels, height, width: w }, layers });
    });
}

/** N samples for `net`: N in [minN, maxN]. */
export function datasetFor(
  net: Network,
  o: { minN?: number; maxN?: number; value?: fc.Arbitrary<Fraction> } = {},
): fc.Arbitrary<Dataset> {
  const v = o.value ?? smallRational(8, 4);
  const row = (d: number) => fc.array(v, { minLength: d, maxLength: d });
  return fc
    .array(fc.tuple(row(net.inputDim), row(net.outputDim)), { minLength: o.minN ?? 1, maxLength: o.maxN ?? 4 })
    .map((s) =>
      dataset(
        s.map((x) => x[0]),
        s.map((x) => x[1]),
      ),
    );
}

export function paramsFor(net: Network, value: fc.Arbitrary<Fraction> = smallRational(6, 4)): fc.Arbitrary<Fraction[]> {
  return fc.array(value, { minLength: net.paramCount, maxLength: net.paramCount });
}

/** A network together with data and a parameter point for it. */
export function instance(
  arch: fc.Arbitrary<Network>,
  o: { minN?: number; maxN?: number; param?: fc.Arbitrary<Fraction>; value?: fc.Arbitrary<Fraction> } = {},
) {
  return arch.chain((net) =>
    fc.record({ net: fc.constant(net), data: datasetFor(net, o), theta: paramsFor(net, o.param) }),
  );
}

/** A nonzero direction in parameter space with small integer entries (rays for tool 1). */
export function directionFor(net: Network, maxAbs = 3): fc.Arbitrary<Fraction[]> {
  return fc
    .array(fc.integer({ min: -maxAbs, max: maxAbs }), { minLength: net.paramCount, maxLength: net.paramCount })
    .map((v) => (v.every((x) => x === 0) && v.length ? [1, ...v.slice(1)] : v))
    .map((v) => v.map((x) => new Fraction(x)));
}
