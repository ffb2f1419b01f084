/**
 * The CNN paper's Lemma 6 and Theorem 1 on deeper networks: L ≥ 5, with one or
 * two random conv layers below L−3, made active on the data (biases 1 − min
 * pre-activation, like the generated L−3 layer). The paper's statements are for
 * any depth; the same deciders run on the whole network, every layer included.
 * Each claim `X.deeper` is claim X with these instances.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { ONE } from '../../numeric/rational.js';
import type { CnnShape } from '../../papers/cnn/index.js';
import type { InstanceKind } from '../define.js';
import type { Claim } from '../types.js';
import { datasetCodec } from '../schema.js';
import { genuine, labelledData, labelledInputs, repairedGenuine, type GenuineInstance } from './instances.js';
import { lemma6LocalMin, lemma6Repaired } from './lemma6.js';
import { filterCodec, restated, shapeCodec, sint } from './parts.js';
import { theorem1Repaired, theorem1SpuriousLocalMin } from './theorem1.js';

/** Channel t reads input channel t mod C through a centre tap 1, side taps ±1/4 (own channel) or ±1/8: injective. */
const dominantFilters = (maps: number, inCh: number) =>
  fc.tuple(
    ...Array.from({ length: maps }, (_, t) =>
      fc.tuple(
        ...Array.from({ length: inCh }, (_, c) => {
          const own = t % inCh === c;
          const side = sint(1).map((x) => x.div(own ? 4 : 8));
          return fc.tuple(side, own ? fc.constant(ONE) : side, side).map((taps) => taps.slice());
        }),
      ),
    ),
  );

/** 1-D, P ∈ {2, 3, 4}, C0 ∈ {1, 2}; 1–2 layers below L−3 with C0 maps each; T3 ∈ {C0, C0 + 1}, T2 = T1 = T3 + 2. */
export function deeperGenuineInstance(): fc.Arbitrary<GenuineInstance> {
  return fc
    .record({
      P: fc.integer({ min: 2, max: 4 }),
      C0: fc.integer({ min: 1, max: 2 }),
      depth: fc.integer({ min: 1, max: 2 }),
      more: fc.integer({ min: 0, max: 1 }),
      dy: fc.integer({ min: 1, max: 2 }),
    })
    .chain(({ P, C0, depth, more, dy }) => {
      const T3 = C0 + more;
      const shape: CnnShape = { C0, P, T3, T2: T3 + 2, T1: T3 + 2, dy, lower: new Array<number>(depth).fill(C0) };
      const d = C0 * P;
      return fc.record({
        shape: fc.constant(shape),
        lower: fc.tuple(...Array.from({ length: depth }, () => dominantFilters(C0, C0))),
        filter: dominantFilters(T3, C0),
        ...labelledInputs(d, dy),
      });
    })
    .map(({ shape, lower, filter, xs, ys }) => ({
      shape,
      lower: lower.map((f) => f.map((m) => m.slice())),
      filter: filter.map((m) => m.slice()),
      data: labelledData(xs, ys),
    }));
}

const DEEPER =
  'deeper network: one or two conv layers below L−3 (3-tap, same padding, ReLU, one bias per map), random filters (centre 1, small side taps), biases 1 − min pre-activation so every unit is active on the data with margin ≥ 1; they belong to the subnetwork and are perturbed like every other parameter';

const codec = z.object({
  shape: shapeCodec,
  lower: z.array(filterCodec).optional(),
  filter: filterCodec,
  data: datasetCodec,
}) as unknown as InstanceKind<GenuineInstance>['codec'];

const deeperGenuine: InstanceKind<GenuineInstance> = {
  generate: deeperGenuineInstance,
  codec,
  describe: genuine.describe,
  hypotheses: [DEEPER, ...(genuine.hypotheses ?? [])],
};
const deeperRepaired: InstanceKind<GenuineInstance> = {
  ...deeperGenuine,
  describe: repairedGenuine.describe,
  hypotheses: [DEEPER, ...(repairedGenuine.hypotheses ?? [])],
};

const deeper = <V>(base: Claim<V>, baseKind: InstanceKind<V>, kind: InstanceKind<V>) =>
  restated(base, baseKind, kind, {
    suffix: 'deeper',
    on: 'with layers below L−3',
    where:
      'Here on deeper networks (L = 5 or 6): one or two random conv layers below L−3, active on the data, part of the subnetwork; the same construction and the same exact decision, over every parameter of the network.',
  });

export const deeperClaims = [
  deeper(lemma6LocalMin, genuine, deeperGenuine),
  deeper(lemma6Repaired, repairedGenuine, deeperRepaired),
  deeper(theorem1SpuriousLocalMin, genuine, deeperGenuine),
  deeper(theorem1Repaired, repairedGenuine, deeperRepaired),
];
