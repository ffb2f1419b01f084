/**
 * Genuine subnetwork local minima (note §3.1), the instances of Lemma 6, its
 * repair, Theorem 1, Lemma 11 and Fig. 3, on either variant of the network:
 * every L−3 unit active (bias 1 − min v) and the FC on the copies the exact
 * least-squares fit, so R(θ) equals the optimum over all affine maps of x.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { notAffinelyFittable } from '../../gen/data.js';
import type { Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import { ONE, toRat } from '../../numeric/rational.js';
import {
  activeLower,
  affineOptimum,
  fcOutputs,
  fcPositions,
  fcInputs,
  forwardingTop,
  forwardedFeatures,
  halfMse,
  l3Outputs,
  leastSquaresFc,
  lemma6Point,
  minV,
  detectAssumption1,
  PLAIN,
  POOLED,
  preActivations,
  repairedLemma6,
  residuals,
  l3InChannels,
  lowerDepth,
  tapCount,
  type CnnShape,
  type CnnVariant,
  type Subnet,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, rationalCodec } from '../schema.js';
import {
  archLine,
  copiesWord,
  dataAndFilters,
  filterCodec,
  filterText,
  HYP_ARCH,
  HYP_EQ23,
  HYP_POOLED_ARCH,
  nat,
  pooledShapeCodec,
  shapeArb,
  shapeCodec,
  sint,
  thetaLine,
  topLines,
  tuples,
} from './parts.js';

export interface GenuineInstance {
  shape: CnnShape;
  /** filters of the conv layers below L−3, when the shape has them (biases 1 − min pre-activation: active on the data) */
  lower?: Fraction[][][][];
  /** [T3][C0][3] L−3 filters; the biases are set to 1 − min v per channel (all active, margin ≥ 1) */
  filter: Fraction[][][];
  data: Dataset;
}

const integerRows = (rows: number[][]) => rows.map((r) => r.map((x) => toRat(x)));

/**
 * The raw data of a genuine instance: d + 2 to d + 4 distinct integer inputs of length d in
 * [lo, hi] and d + 4 integer label rows in −3..3 (the first N used); `labelledData` makes them a
 * dataset whose labels are not affine in x.
 */
export const labelledInputs = (d: number, dy: number, range: { lo: number; hi: number } = { lo: -3, hi: 3 }) => ({
  xs: fc.uniqueArray(fc.array(fc.integer({ min: range.lo, max: range.hi }), { minLength: d, maxLength: d }), {
    minLength: d + 2,
    maxLength: d + 4,
    selector: (r) => r.join(','),
  }),
  ys: fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: dy, maxLength: dy }), {
    minLength: d + 4,
    maxLength: d + 4,
  }),
});

/** The dataset of `labelledInputs`' draws: labels not affine in x (./gen/data.ts notAffinelyFittable). */
export const labelledData = (xs: number[][], ys: number[][]) =>
  notAffinelyFittable(integerRows(xs), integerRows(ys.slice(0, xs.length)));

/** Plain network: filter = E + small diagonally dominant taps, distinct integer inputs in [lo, hi], labels not affine in x (so R > 0). */
export function genuineInstance(range: { lo: number; hi: number } = { lo: -3, hi: 3 }): fc.Arbitrary<GenuineInstance> {
  return shapeArb({ genuine: true }).chain((shape) => {
    const d = shape.C0 * shape.P;
    return fc
      .record({
        shape: fc.constant(shape),
        // channel t reads input channel t mod C0 through a centre tap 1 with side taps in {−1/4, 0, 1/4} and the other
        // input channel with taps in {−1/8, 0, 1/8}: strictly diagonally dominant, so x ↦ a is injective (shrinks toward E)
        filter: fc.tuple(
          ...Array.from({ length: shape.T3 }, (_, t) =>
            fc.tuple(
              ...Array.from({ length: shape.C0 }, (_, c) => {
                const own = t % shape.C0 === c;
                const side = sint(1).map((x) => x.div(own ? 4 : 8));
                return fc.tuple(side, own ? fc.constant(ONE) : side, side).map((taps) => taps.slice());
              }),
            ),
          ),
        ),
        ...labelledInputs(d, shape.dy, range),
      })
      .map(({ shape, filter, xs, ys }) => ({
        shape,
        filter: filter.map((m) => m.map((c) => c.slice())),
        data: labelledData(xs, ys),
      }));
  });
}

/**
 * Pooled network: one input channel, P ∈ {2, 4}, two L−3 channels (both forwarded: T2 = T1 ≥ 4), filters with
 * centre tap 1 and side taps in {−1/2, −1/4, 0, 1/4, 1/2}; distinct integer inputs in −3..3, labels not affine in x.
 */
export function pooledGenuineInstance(): fc.Arbitrary<GenuineInstance> {
  return fc
    .record({ P: fc.constantFrom(2, 4), T: fc.integer({ min: 4, max: 5 }), dy: fc.integer({ min: 1, max: 2 }) })
    .chain(({ P, T, dy }) => {
      const shape: CnnShape = { C0: 1, P, T3: 2, T2: T, T1: T, dy };
      const d = P;
      const side = sint(2).map((x) => x.div(4));
      return fc
        .record({
          shape: fc.constant(shape),
          filter: fc
            .tuple(...[0, 1].map(() => fc.tuple(side, fc.constant(ONE), side).map((taps) => [taps.slice()])))
            .map((f) => f.slice()),
          ...labelledInputs(d, dy),
        })
        .map(({ shape, filter, xs, ys }) => ({
          shape,
          filter,
          data: labelledData(xs, ys),
        }));
    });
}

/** θ of Lemma 6 for a genuine instance: bias 1 − min v, FC on the (pooled) copies by exact least squares. */
export function genuineSetup(v: GenuineInstance, variant: CnnVariant = PLAIN) {
  const s = v.shape;
  const lower = activeLower(s, v.lower ?? [], v.data);
  const pre = preActivations(s, v.filter, v.data, lower);
  const bias = v.filter.map((_, t) => ONE.sub(minV(pre, t)));
  const a = l3Outputs(s, v.filter, bias, v.data, lower);
  const feats = forwardedFeatures(s, a, variant);
  const ls = leastSquaresFc(feats, v.data);
  const top = forwardingTop(s, fcOutputs(feats, ls.fc, ls.bL));
  const sub: Subnet = {
    shape: s,
    ...(lower.length ? { lower } : {}),
    filter: v.filter,
    bias,
    fc: ls.fc,
    bL: ls.bL,
    ...(top ? { top } : {}),
  };
  const { net, params, theta } = lemma6Point(sub, variant);
  const risk = exactRisk(net, halfMse, theta, v.data);
  return { s, net, sub, params, theta, risk, a, feats, pre };
}

/** The filters and the data match the shape; null if they do. */
export function detectShape(v: GenuineInstance): string | null {
  const s = v.shape;
  const fits = (f: Fraction[][][], maps: number, inCh: number) =>
    f.length === maps && f.every((m) => m.length === inCh && m.every((c) => c.length === tapCount(s)));
  if ((v.lower?.length ?? 0) !== lowerDepth(s)) return 'the layers below L−3 do not match the shape';
  if (v.lower?.some((f, i) => !fits(f, s.lower![i], i === 0 ? s.C0 : s.lower![i - 1])))
    return 'the filters below L−3 do not match the shape';
  if (!fits(v.filter, s.T3, l3InChannels(s))) return 'filters do not match the shape';
  if (v.data.inputs.some((x) => x.length !== s.C0 * s.P) || v.data.targets.some((y) => y.length !== s.dy))
    return 'data do not match the shape';
  return null;
}

export function detectGenuine(v: GenuineInstance, variant: CnnVariant = PLAIN): string | null {
  try {
    fcPositions(v.shape, variant);
  } catch (e) {
    return (e as Error).message;
  }
  const bad = detectShape(v);
  if (bad) return bad;
  const st = genuineSetup(v, variant);
  if (st.risk.n === 0n) return 'R(θ) = 0';
  const opt = affineOptimum(v.data);
  if (!st.risk.equals(opt))
    return `not a subnetwork local minimum certified by the affine bound: R(θ) = ${encQ(st.risk)} > ${encQ(opt)} (x ↦ ${variant.pool === 1 ? 'forwarded a' : 'pooled forwarded features'} is not injective)`;
  // Assumption 1 on the inputs of the FC layer (the paper's wording): the pooled copies when the network pools
  return detectAssumption1(st.feats);
}

export function describeGenuine(v: GenuineInstance, variant: CnnVariant = PLAIN): string {
  const st = genuineSetup(v, variant);
  const u = residuals(st.net, st.theta, v.data);
  const opt = affineOptimum(v.data);
  const vsAffine = st.risk.equals(opt)
    ? 'the affine optimum over x'
    : `above the affine optimum over x (${encQ(opt)}): the subnetwork minimum is not certified by the affine bound`;
  return [
    archLine(st.s, variant),
    ...dataAndFilters(v.data, v.filter, v.shape),
    ...(st.sub.lower ?? []).map(
      (l, i) =>
        `conv layer ${i + 1} below L−3 (bias 1 − min pre-activation: every unit active with margin ≥ 1), filters [map][input channel]:\n${filterText(l.w)}\n    biases: ${l.b.map(encQ).join(', ')}`,
    ),
    `L−3 biases (1 − min v: every L−3 unit active with margin ≥ 1): ${st.sub.bias.map(encQ).join(', ')}`,
    `FC on the ${copiesWord(variant)} = exact least squares; R(θ) = ${encQ(st.risk)}${st.risk.equals(opt) ? ' = ' : ', '}${vsAffine}`,
    `u (residuals o − y) per output: ${tuples(u)}`,
    ...topLines(st.params.top),
    thetaLine(st.net, st.theta, variant),
  ].join('\n');
}

export const HYP_GENUINE = [
  HYP_ARCH,
  HYP_EQ23,
  'subnetwork local minimum obtained by exact least squares where the all-active subnetwork is affine: every L−3 pre-activation ≥ 1, x ↦ forwarded a injective, FC = exact least squares, so R(θ) equals the optimum over ALL affine maps of x (checked exactly) and no nearby subnetwork point does better',
  'Assumption 1 (the o^{L−1,i} pairwise distinct) and non-degeneracy (no sample with all units of a layer off)',
  'R(θ) > 0 (labels not affine in x)',
];

export const HYP_POOLED_GENUINE = [
  ...HYP_POOLED_ARCH,
  'a genuine subnetwork local minimum (what Lemma 6 assumes): every L−3 pre-activation ≥ 1 (so near θ the subnetwork is an affine function of x), FC on the pooled copies = exact least squares, and R(θ) equals the best fit of the labels by ANY affine map of x (checked exactly; it holds when x ↦ pooled forwarded L−3 outputs is injective, and sometimes by coincidence of the data), so no nearby subnetwork point does better',
  'Assumption 1 (the o^{L−1,i} pairwise distinct), non-degeneracy (every L−3 unit on), R(θ) > 0',
];

/** The genuine instances of one variant of the network. */
const genuineKind = (
  variant: CnnVariant,
  generate: () => fc.Arbitrary<GenuineInstance>,
  shape: typeof shapeCodec,
  hypotheses: readonly string[],
) =>
  instanceKind<GenuineInstance>({
    generate,
    detect: (v) => detectGenuine(v, variant),
    codec: z.object({ shape, filter: filterCodec, data: datasetCodec }),
    describe: (v) => describeGenuine(v, variant),
    hypotheses,
  });

/** Genuine instances of the plain network, and of the pooled network (App. D). */
export const genuine = genuineKind(PLAIN, () => genuineInstance(), shapeCodec, HYP_GENUINE);
export const pooledGenuine = genuineKind(POOLED, pooledGenuineInstance, pooledShapeCodec, HYP_POOLED_GENUINE);

// ---------------------------------------------------------------------------
// Our repair (reserved maps strictly off, bias −1): the setup and its description.

export function repairedSetup(v: GenuineInstance, variant: CnnVariant = PLAIN) {
  const st = genuineSetup(v, variant);
  return { ...st, rep: repairedLemma6(st.net, st.params, v.data) };
}

export const describeRepaired = (v: GenuineInstance) =>
  `${describeGenuine(v)}\nrepair: bias −1 on ${repairedSetup(v).rep.moved.join(', ')} (their outputs stay 0)`;

export const HYP_REPAIR = [
  "the CNN of the paper's Lemma 6: conv(L−3, ReLU, one bias per map) → conv(L−2, ≥ 3 maps) → conv(L−1, ≥ 3 maps) → FC; stride 1, kernel 3, same padding",
  'a genuine subnetwork local minimum: every L−3 pre-activation ≥ 1, x ↦ forwarded L−3 outputs injective, FC on the copies = exact least squares, so R(θ) equals the best affine fit of the labels (checked exactly)',
  'Assumption 1 (the o^{L−1,i} pairwise distinct), non-degeneracy, R(θ) > 0',
  'OUR REPAIR of eq. (23): the reserved maps 1, 2 of L−2 and L−1 (and any map that copies nothing) get bias −1 instead of 0',
  'every forwarded L−3 output strictly positive (here: every L−3 pre-activation ≥ 1); a forwarded output 0 would put its copy units back on a kink, which the repair does not cover (checked: no pre-activation of the repaired θ is 0)',
];

/** Genuine instances of the plain network, seen through our repair. */
export const repairedGenuine = { ...genuine, describe: describeRepaired, hypotheses: HYP_REPAIR };

// ---------------------------------------------------------------------------
// Lemma 11 and eq. (64): a genuine instance, a pair of samples and a step ε.

export interface PerturbInstance {
  base: GenuineInstance;
  i: number;
  j: number;
  eps: Fraction;
}

/** The pair (i, j), i ≠ j, from the raw picks. */
const pairOf = (v: PerturbInstance) => {
  const N = v.base.data.inputs.length;
  const i = v.i % N;
  let j = v.j % N;
  if (j === i) j = (i + 1) % N;
  return { i, j };
};

/** The Lemma 6 point of a perturbation instance, its pair, the FC inputs a_l = o^{L−1,l} and R(θ). */
export function perturbSetup(v: PerturbInstance) {
  const st = genuineSetup(v.base);
  const data = v.base.data;
  const A = fcInputs(st.net, st.theta, data);
  return { st, ...pairOf(v), data, N: data.inputs.length, A, R: exactRisk(st.net, halfMse, st.theta, data) };
}

export const perturbed = instanceKind<PerturbInstance>({
  generate: () =>
    fc.record({
      base: genuineInstance(),
      i: fc.nat(20),
      j: fc.nat(20),
      eps: fc
        .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), fc.boolean())
        .map(([a, b, neg]) => toRat(neg ? -a : a).div(b)),
    }),
  detect: (v) => (v.eps.n === 0n ? 'ε = 0' : detectGenuine(v.base)),
  codec: z.object({ base: genuine.codec, i: nat, j: nat, eps: rationalCodec }),
  describe: (v) => {
    const { i, j } = pairOf(v);
    return `${describeGenuine(v.base)}\npair (i, j) = (${i + 1}, ${j + 1}), ε = ${encQ(v.eps)}; δw perturbs the FC row W^L(1, ·)`;
  },
  hypotheses: [
    ...HYP_GENUINE,
    'W^L is least-squares optimal on o^{L−1} (so θ is optimal in W^L, the paper\'s "by optimality")',
    'a pair i ≠ j and ε ≠ 0',
  ],
});
