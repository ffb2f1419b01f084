/**
 * App. D of "Spurious local minima provably exist for deep CNNs" with a global
 * average pooling (one non-overlapping window of all P positions, App. A's
 * pooling with window P) before the FC layer, on images of small objects on a
 * zero background, some of them translated copies of one another: Theorem 1's
 * "spurious" (θ is not a global minimum) fails when the Lemma 6 point fits the
 * mean label of every group of translates — the architecture cannot tell them
 * apart, so θ is a global minimum with R(θ) > 0.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { architectureGlobalMinimum } from '../../landscape/global-bounds.js';
import { ONE, sum, ZERO } from '../../numeric/rational.js';
import { dataset } from '../../model/data.js';
import {
  affineOptimum,
  detectAssumption1,
  fcInputs,
  forwardedFeatures,
  halfMse,
  planLemma10,
  residuals,
  type CnnShape,
  type CnnVariant,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted } from '../define.js';
import { datasetCodec } from '../schema.js';
import { lemma10Decide } from './descent.js';
import { describeGenuine, detectShape, genuineSetup, HYP_GENUINE, type GenuineInstance } from './instances.js';
import { filterCodec, paper, shapeCodec, sint } from './parts.js';

/** App. D's pooling with one window of all P positions: the FC reads one pooled value per map. */
export const globalPool = (s: CnnShape): CnnVariant => ({ pool: s.P });

/**
 * 1–2 objects of 1–2 nonzero pixels (integers in −3..3), each placed at 2–3 offsets within
 * ±2 of the centre of a zero background of P ∈ {16, 17, 18} positions (one channel), distinct
 * images, integer labels in −3..3; L−3 filters centre 1 with side taps in {−1/2, …, 1/2}.
 * Whether two images are indistinguishable is decided by the toolkit, not assumed: near the
 * border the zero padding tells translates apart.
 */
export function translatedObjectsInstance(): fc.Arbitrary<GenuineInstance> {
  const pixel = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([a, neg]) => (neg ? -a : a));
  const object = fc.record({
    pixels: fc.array(pixel, { minLength: 1, maxLength: 2 }),
    shifts: fc.uniqueArray(fc.integer({ min: -2, max: 2 }), { minLength: 2, maxLength: 3 }),
  });
  return fc
    .record({ P: fc.integer({ min: 16, max: 18 }), T3: fc.integer({ min: 1, max: 2 }) })
    .chain(({ P, T3 }) => {
      const shape: CnnShape = { C0: 1, P, T3, T2: T3 + 2, T1: T3 + 2, dy: 1 };
      const side = sint(2).map((x) => x.div(4));
      return fc.record({
        shape: fc.constant(shape),
        filter: fc.tuple(...Array.from({ length: T3 }, () => fc.tuple(side, fc.constant(ONE), side))),
        objects: fc.array(object, { minLength: 1, maxLength: 2 }),
        ys: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 9, maxLength: 9 }),
      });
    })
    .map(({ shape, filter, objects, ys }) => {
      const seen = new Set<string>();
      const xs: number[][] = [];
      for (const o of objects)
        for (const shift of o.shifts) {
          const at = Math.floor((shape.P - o.pixels.length) / 2) + shift;
          const x = Array.from({ length: shape.P }, (_, j) =>
            j >= at && j - at < o.pixels.length ? o.pixels[j - at] : 0,
          );
          if (!seen.has(x.join(','))) (seen.add(x.join(',')), xs.push(x));
        }
      return {
        shape,
        filter: filter.map((taps) => [taps.slice()]),
        data: dataset(
          xs,
          xs.map((_, i) => [ys[i]]),
        ),
      };
    });
}

/** The Lemma 6 point of an instance on the globally pooled network, its residuals, and the global certificate. */
function setup(v: GenuineInstance) {
  const variant = globalPool(v.shape);
  const st = genuineSetup(v, variant);
  const u = residuals(st.net, st.theta, v.data);
  return { ...st, variant, u, global: architectureGlobalMinimum(st.net, halfMse, st.theta, v.data) };
}

const translated = instanceKind<GenuineInstance>({
  generate: translatedObjectsInstance,
  detect: (v) => {
    const bad = detectShape(v);
    if (bad) return bad;
    const st = setup(v);
    if (st.risk.n === 0n) return 'R(θ) = 0';
    // Assumption 1 read on o^{L−1}, the L−1 conv maps before the pooling (this claim's reading)
    const a1 = detectAssumption1(forwardedFeatures(st.s, st.a));
    if (a1) return `${a1} (before the pooling)`;
    if (st.global.strength === 'proved') return null;
    if (!st.risk.equals(affineOptimum(v.data)))
      return `the subnetwork local minimum is not certified: R(θ) = ${encQ(st.risk)} is above both the best affine fit of x (${encQ(affineOptimum(v.data))}) and the architecture bound (${st.global.evidence.bound})`;
    return planLemma10(st.s, st.params, st.u, v.data, ZERO, st.variant)
      ? null
      : 'neither certificate decides: θ is not proved global, and no (channel, η) with G̃ ≠ 0 gives the Lemma 10 descent';
  },
  codec: z.object({ shape: shapeCodec, filter: filterCodec, data: datasetCodec }),
  describe: (v) => describeGenuine(v, globalPool(v.shape)),
  hypotheses: [
    "architecture (App. D, the general case): conv(L−3, ReLU, one bias per map) → conv(L−2) → conv(L−1) → global average pooling within each map (App. A's non-overlapping average pooling with one window of all P positions; linear, no parameters) → FC; 1-D, stride 1, kernel 3, same padding, P ∈ {16, 17, 18}",
    ...HYP_GENUINE.slice(1, 2),
    'Assumption 1 READ ON o^{L−1} AS THE OUTPUT OF THE L−1 CONV LAYER, before the pooling: the forwarded L−3 outputs pairwise distinct (the paper also calls o^{L−1} "the inputs to the final fully connected layer"; with pooling in between the two differ, and the inputs to the FC layer may coincide here — that reading is cnn.appd.global-certificate-needs-equal-fc-inputs)',
    'a subnetwork local minimum, certified exactly: either R(θ) equals the best affine fit of the labels by ANY map of x (as for the other genuine instances), or R(θ) equals the architecture lower bound of the whole network (then θ is a global minimum of the whole network, so of the subnetwork too)',
    ...HYP_GENUINE.slice(3),
    'decidable here: θ is proved a global minimum, or a (channel, η) with G̃ ≠ 0 gives the Lemma 10 descent (other instances are rejected and counted)',
  ],
});

export const spuriousWithGlobalPool = paper.claim({
  id: 'cnn.appd.spurious-with-global-pooling',
  section: 'App. D (general case, pooling before the FC layer) with §3.1 Theorem 1 and App. C Lemma 6, eq. (23)',
  title:
    'App. D with global average pooling, Theorem 1 with Assumption 1 read before the pooling: the Lemma 6 points with R(θ) > 0 are not global minima ("spurious")',
  statement:
    'Theorem 1 says that under Assumption 1 the local minima θ of Lemma 6 with R(θ) > 0 are spurious, and App. D extends this to networks with pooling before the FC layer. Here the pooling averages each L−1 map over all P positions, and the images are small objects on a zero background, some of them translates of one another. Assumption 1 says "the inputs to the final fully connected layer are distinct, i.e. o^{L−1,i} ≠ o^{L−1,j}"; with pooling between the L−1 conv layer and the FC layer these are two different things. This claim reads it on o^{L−1}, the L−1 conv maps (before the pooling). Claim: θ is not a global minimum. Decided exactly: if R(θ) equals the architecture lower bound (the within-group deviation of the labels over the samples that every parameter point maps to one output — here translates far enough from the border, which are equal as formal terms under the weights tied over positions and summed by the pooling), θ is a global minimum and the claim fails on the instance; otherwise the Lemma 10 descent through the pooling gives R(θ′ + δb*) < R(θ) exactly. Under the other reading (the inputs to the FC layer distinct) this refutation cannot occur: samples that every parameter point maps to one output have equal FC inputs at θ (cnn.appd.global-certificate-needs-equal-fc-inputs). Without pooling the two readings agree and it cannot occur either: the FC layer reads every input coordinate, so the only indistinguishable samples are equal images.',
  instance: translated,
  expected: 'refuted',
  correctedBy: 'cnn.appd.descent-with-pooling',
  runs: 100,
  check: (v) => {
    const st = setup(v);
    const claimed = `θ (the Lemma 6 point, R(θ) = ${encQ(st.risk)} > 0, Assumption 1 on the L−1 conv maps before the pooling) is not a global minimum`;
    if (st.global.strength !== 'proved')
      return lemma10Decide(st.net, st.s, st.params, st.theta, v.data, ZERO, st.variant);
    const groups = st.global.evidence.groups.map((g) => {
      const members = g.samples.map((i) => i + 1).join(', ');
      const sums = st.u.map((uk) => encQ(sum(g.samples.map((i) => uk[i])))).join(', ');
      const us = st.u.map((uk) => `(${g.samples.map((i) => encQ(uk[i])).join(', ')})`).join(' ');
      const why =
        g.reason === 'weight-sharing'
          ? 'translates: equal as formal terms under the weights tied over positions and averaged by the pooling'
          : g.reason === 'receptive-field'
            ? 'equal on the receptive field'
            : 'equal inputs';
      return `samples ${members} (${why}) get one output at every parameter point; their residuals ${us} sum to ${sums}`;
    });
    return refuted(
      claimed,
      `θ is a global minimum. ${groups.join('; ')}. So at θ every such group gets its mean label, the best any parameter point can give it: R ≥ ${st.global.evidence.bound} (the within-group deviation of the labels) at every parameter point and R(θ) = ${encQ(st.risk)} attains it (certificate re-checked). θ has R(θ) > 0 and is a global minimum, so it is not spurious.`,
      asJson(st.global),
    );
  },
});

export const certificateNeedsEqualFcInputs = paper.claim({
  id: 'cnn.appd.global-certificate-needs-equal-fc-inputs',
  section: '§3.2 Assumption 1 ("the inputs to the final fully connected layer are distinct") with App. D and Theorem 1',
  title:
    'App. D with global average pooling, Assumption 1 read at the FC input: the samples the global certificate groups always have equal FC inputs, so under this reading it never applies',
  statement:
    'The other reading of Assumption 1 with pooling (the one its wording names first): the inputs to the final fully connected layer, here the pooled copies, are pairwise distinct. Claim: on every instance of cnn.appd.spurious-with-global-pooling, every group of samples that the architecture bound proves indistinguishable (one output at every parameter point) has equal FC inputs at θ. So every instance where that certificate proves θ global violates Assumption 1 read at the FC input, and under this reading the refutation of cnn.appd.spurious-with-global-pooling does not exist. Decided exactly: the FC inputs at θ are computed by the direct convolution and compared within each group.',
  instance: translated,
  runs: 100,
  tally: {
    title: 'Groups the certificate forms, and where it proves θ global',
    caption:
      'Every group of samples the architecture bound proves indistinguishable had equal FC inputs at θ; so did every instance where θ was proved global.',
    total: 'instances',
    rows: [
      { key: 'instances', label: 'instances' },
      { key: 'groups', label: 'groups of ≥ 2 indistinguishable samples (all with equal FC inputs)' },
      { key: 'global', label: 'instances with θ proved global (each violates Assumption 1 at the FC input)' },
    ],
  },
  check: (v) => {
    const st = setup(v);
    const A = fcInputs(st.net, st.theta, v.data);
    const key = (i: number) => A[i].map(encQ).join(',');
    for (const g of st.global.evidence.groups) {
      const other = g.samples.find((i) => key(i) !== key(g.samples[0]));
      if (other !== undefined)
        return refuted(
          `samples ${g.samples.map((i) => i + 1).join(', ')}, which no parameter point tells apart, have equal FC inputs at θ`,
          `sample ${other + 1} has FC input (${A[other].map(encQ).join(', ')}), sample ${g.samples[0] + 1} has (${A[g.samples[0]].map(encQ).join(', ')})`,
        );
    }
    return proved({
      instances: 1,
      groups: st.global.evidence.groups.length,
      global: st.global.strength === 'proved' ? 1 : 0,
    });
  },
});
