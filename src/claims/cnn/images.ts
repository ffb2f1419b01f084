/**
 * The CNN paper's network-level claims on 2-D images: the same statements and
 * deciders as on 1-D signals, on small H × W images with 3 × 3 filters (conv2d,
 * 'same' zero padding; App. D's pooling 2 × 2). Each claim `X.images` is claim X
 * with image instances: the generators below draw the images, X's detector
 * checks its hypotheses, and X's check decides. The 1-D claims stay as they are.
 */
import fc from 'fast-check';
import { ONE } from '../../numeric/rational.js';
import { fcPositions, forwarded, PLAIN, POOLED, type CnnShape, type CnnVariant } from '../../papers/cnn/index.js';
import type { Claim } from '../types.js';
import type { InstanceKind } from '../define.js';
import {
  descentWithPooling,
  lemma6RepairedWithPooling,
  lemma6WithPooling,
  thetaPrimeWithPooling,
} from './appendix-d.js';
import { generic, genericFields, pooledGeneric, type GenericInstance, type PooledInstance } from './generic.js';
import {
  genuine,
  labelledData,
  labelledInputs,
  pooledGenuine,
  repairedGenuine,
  type GenuineInstance,
} from './instances.js';
import { lemma6LocalMin, lemma6Repaired } from './lemma6.js';
import { lemma9Case1, lemma9Case2 } from './lemma9.js';
import { lemma10Descent } from './lemma10.js';
import { posRational, restated, sint } from './parts.js';
import { theorem1Repaired, theorem1SpuriousLocalMin } from './theorem1.js';

/** H × W ∈ {2 × 2, 2 × 3, 3 × 2, 3 × 3} (3 × 3 with one channel), C0 ≤ 2 channels, 1–2 L−3 maps, 3–4 maps above. */
const imageShape = (o: { genuine: boolean }): fc.Arbitrary<CnnShape> =>
  fc
    .record({
      H: fc.integer({ min: 2, max: 3 }),
      W: fc.integer({ min: 2, max: 3 }),
      C0: fc.integer({ min: 1, max: 2 }),
      T3: fc.integer({ min: 1, max: 2 }),
      T: fc.integer({ min: 3, max: 4 }),
      dy: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ H, W, C0, T3, T, dy }) => {
      const s = { C0: 1, P: H * W, H, T3, T2: T, T1: T, dy };
      const c = H * W === 9 ? 1 : o.genuine ? Math.min(C0, forwarded(s)) : C0;
      return { ...s, C0: c };
    });

/** App. D on images: H = 2, W ∈ {2, 4} (2 × 2 pooling gives 1 or 2 positions), one channel, T3 = 4 L−3 maps (all forwarded: T2 = T1 = 6). */
const pooledImageShape: fc.Arbitrary<CnnShape> = fc
  .record({ W: fc.constantFrom(2, 4), dy: fc.integer({ min: 1, max: 2 }) })
  .map(({ W, dy }) => ({ C0: 1, P: 2 * W, H: 2, T3: 4, T2: 6, T1: 6, dy }));

/**
 * Genuine subnetwork minima on images: 3 × 3 filters, centre 1 on channel t mod C0, other taps ±1/16 (own
 * channel) or ±1/32; with `anyTaps` (the pooled network, where the pooled features must still separate the
 * images) every tap an integer in −2..2.
 */
function genuineImage(shape: fc.Arbitrary<CnnShape>, anyTaps = false): fc.Arbitrary<GenuineInstance> {
  return shape.chain((s) => {
    const d = s.C0 * s.P;
    const tap = (own: boolean, centre: boolean) =>
      anyTaps ? sint(2) : centre && own ? fc.constant(ONE) : sint(1).map((x) => x.div(own ? 16 : 32));
    return fc
      .record({
        filter: fc.tuple(
          ...Array.from({ length: s.T3 }, (_, t) =>
            fc.tuple(
              ...Array.from({ length: s.C0 }, (_, c) =>
                fc.tuple(...Array.from({ length: 9 }, (_, k) => tap(t % s.C0 === c, k === 4))),
              ),
            ),
          ),
        ),
        ...labelledInputs(d, s.dy),
      })
      .map(({ filter, xs, ys }) => ({
        shape: s,
        filter: filter.map((m) => m.map((c) => c.slice())),
        data: labelledData(xs, ys),
      }));
  });
}

/** Generic Lemma 6 points on images: any 3 × 3 filters (integers −2..2), biases, FC weights and data. */
function genericImage<V extends PooledInstance>(
  shape: fc.Arbitrary<CnnShape>,
  variant: CnnVariant,
  alphas: boolean,
): fc.Arbitrary<V> {
  return shape.chain(
    (s) =>
      fc.record({
        ...genericFields(s, forwarded(s) * fcPositions(s, variant)),
        ...(alphas ? { alphas: fc.array(posRational, { minLength: 12, maxLength: 12 }) } : {}),
      }) as unknown as fc.Arbitrary<V>,
  );
}

const IMAGES =
  'inputs are images: H × W ∈ {2 × 2, 2 × 3, 3 × 2, 3 × 3} positions (row-major), C0 ≤ 2 channels, every convolution 3 × 3 with stride 1 and zero padding (conv2d, "same")';
const POOLED_IMAGES =
  "inputs are 2 × 2 or 2 × 4 one-channel images, every convolution 3 × 3 (conv2d, 'same'), four L−3 maps (so that the pooled copies can tell the images apart), App. D's average pooling 2 × 2 within each map before the FC layer";

/** An image kind from a 1-D kind: its codec, describer and hypotheses (after the image line), and an image generator. */
function imageKind<V>(base: InstanceKind<V>, generate: () => fc.Arbitrary<V>, line: string): InstanceKind<V> {
  // the 1-D architecture line of App. D's kinds (size-2 pooling, P ∈ {2, 4}) is replaced by the image line
  const rest = (base.hypotheses ?? []).filter((h) => !h.startsWith('architecture (App. D'));
  return { generate, codec: base.codec, describe: base.describe, hypotheses: [line, ...rest] };
}

const genuineImages = imageKind<GenuineInstance>(genuine, () => genuineImage(imageShape({ genuine: true })), IMAGES);
const repairedImages = {
  ...genuineImages,
  describe: repairedGenuine.describe,
  hypotheses: [IMAGES, ...(repairedGenuine.hypotheses ?? [])],
};
const genericImages = imageKind<GenericInstance>(
  generic,
  () => genericImage<GenericInstance>(imageShape({ genuine: false }), PLAIN, true),
  IMAGES,
);
const pooledGenericImages = imageKind<PooledInstance>(
  pooledGeneric,
  () => genericImage<PooledInstance>(pooledImageShape, POOLED, false),
  POOLED_IMAGES,
);
const pooledGenuineImages = imageKind<GenuineInstance>(
  pooledGenuine,
  () => genuineImage(pooledImageShape, true),
  POOLED_IMAGES,
);

const onImages = <V>(base: Claim<V>, baseKind: InstanceKind<V>, kind: InstanceKind<V>, pooled = false) =>
  restated(base, baseKind, kind, {
    suffix: 'images',
    on: 'on 2-D images',
    where: `Here on small 2-D images with 3 × 3 filters (conv2d, 'same' zero padding), the same construction and the same exact decision as on 1-D signals.${pooled ? " With App. D's pooling the windows are 2 × 2 blocks: read every ½ and ⌊j/2⌋ above as ¼ and the block of position j." : ''}`,
  });

export const imageClaims = [
  onImages(lemma6LocalMin, genuine, genuineImages),
  onImages(lemma6Repaired, repairedGenuine, repairedImages),
  onImages(lemma9Case1, generic, genericImages),
  onImages(lemma9Case2, generic, genericImages),
  onImages(lemma10Descent, generic, genericImages),
  onImages(theorem1SpuriousLocalMin, genuine, genuineImages),
  onImages(theorem1Repaired, repairedGenuine, repairedImages),
  onImages(thetaPrimeWithPooling, pooledGeneric, pooledGenericImages, true),
  onImages(descentWithPooling, pooledGeneric, pooledGenericImages, true),
  onImages(lemma6WithPooling, pooledGenuine, pooledGenuineImages, true),
  onImages(lemma6RepairedWithPooling, pooledGenuine, pooledGenuineImages, true),
];
