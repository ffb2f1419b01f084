/**
 * App. D of "Spurious local minima provably exist for deep CNNs" with fully
 * connected layers after the pooling: "the first fully connected layer … plays
 * the role of layer L …, whose output is then forwarded invariantly to the
 * final output neurons". Each claim `X.fc-layers` is an App. D claim X on a
 * network with one or two hidden dense ReLU layers between the pooling and a
 * linear output layer; the constructions give them a forwarding top
 * (`ForwardingTop`, src/papers/cnn/network.ts), and X's check decides on the
 * whole network.
 */
import fc from 'fast-check';
import type { CnnShape } from '../../papers/cnn/index.js';
import type { InstanceKind } from '../define.js';
import type { Claim } from '../types.js';
import {
  descentWithPooling,
  lemma6RepairedWithPooling,
  lemma6WithPooling,
  thetaPrimeWithPooling,
} from './appendix-d.js';
import { pooledGeneric, pooledInstance, type PooledInstance } from './generic.js';
import { pooledGenuine, pooledGenuineInstance, type GenuineInstance } from './instances.js';
import { restated } from './parts.js';

/** The instance on a network with 1–2 hidden FC layers of d_y or d_y + 1 units (shrinking toward one of d_y). */
const withFcLayers = <V extends { shape: CnnShape }>(base: fc.Arbitrary<V>): fc.Arbitrary<V> =>
  base.chain((v) =>
    fc
      .array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 2 })
      .map((extra) => ({ ...v, shape: { ...v.shape, hiddenFc: extra.map((e) => v.shape.dy + e) } })),
  );

const FC_LAYERS =
  "FC layers after the pooling (App. D's general case): the pooled maps feed 1–2 hidden dense ReLU layers of d_y or d_y + 1 units, then a linear output layer of d_y units. θ (and θ′) give them App. D's forwarding form: the first FC layer plays W^L on its first d_y units with bias b^L + c (c = 1 + max |o| over the samples at θ, so these units are active with pre-activation ≥ 1), later layers pass those units on by identity, the output layer subtracts c; the other units have zero weights in and out and bias 0 (our choice: the paper uses only the first d_y units and does not say how it sets the others; −1 in our repair)";

/** An App. D kind on networks with FC layers after the pooling: the base kind's codec and describer. */
function fcKind<V extends { shape: CnnShape }>(
  base: InstanceKind<V>,
  generate: () => fc.Arbitrary<V>,
): InstanceKind<V> {
  return { generate, codec: base.codec, describe: base.describe, hypotheses: [FC_LAYERS, ...(base.hypotheses ?? [])] };
}

const pooledGenericFc = fcKind<PooledInstance>(pooledGeneric, () => withFcLayers(pooledInstance()));
const pooledGenuineFc = fcKind<GenuineInstance>(pooledGenuine, () => withFcLayers(pooledGenuineInstance()));

const WHERE =
  'Here with FC layers after the pooling: the first FC layer plays W^L and forwards its outputs (plus c) through the hidden FC layers to the linear output layer, which subtracts c; every FC weight and bias is a parameter of the network, and the decision is made on the whole network.';

const withFc = <V>(base: Claim<V>, baseKind: InstanceKind<V>, kind: InstanceKind<V>, extra = '') =>
  restated(base, baseKind, kind, {
    suffix: 'fc-layers',
    on: 'with FC layers after the pooling',
    where: `${WHERE}${extra}`,
  });

export const appendixDFcClaims = [
  withFc(
    thetaPrimeWithPooling,
    pooledGeneric,
    pooledGenericFc,
    " The pre-activation of a forwarding unit is the one-FC output plus c, with the same kinks in β (resp. η), so outputs equal to θ's at two points of a piece force it to equal o + c ≥ 1 on the whole piece: the proof covers the forwarding units.",
  ),
  withFc(
    descentWithPooling,
    pooledGeneric,
    pooledGenericFc,
    ' ρ is also at most min over D̃_i ≠ 0 of (o_{i,k} + c)/|D̃_i|, so that no forwarding unit of output k reaches its kink (the paper: the perturbation is small).',
  ),
  withFc(lemma6WithPooling, pooledGenuine, pooledGenuineFc),
  withFc(lemma6RepairedWithPooling, pooledGenuine, pooledGenuineFc),
];
