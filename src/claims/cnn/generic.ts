/**
 * Generic Lemma 6 points (any subnetwork, output bias stationary) with the free
 * parameters of Lemmas 9/10 and the rescalings, on either variant of the network.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { dataset, type Dataset } from '../../model/data.js';
import {
  fcOutputs,
  fcPositions,
  forwardingTop,
  forwarded,
  forwardedFeatures,
  l3Outputs,
  lemma6Point,
  PLAIN,
  POOLED,
  preActivations,
  residuals,
  stationaryBias,
  tapCount,
  type CnnShape,
  type CnnVariant,
  type Subnet,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, rationalCodec, rationalRows, rationals, type Codec } from '../schema.js';
import {
  archLine,
  brackets,
  copiesWord,
  dataAndFilters,
  filterCodec,
  HYP_ARCH,
  HYP_EQ23,
  HYP_POOLED_ARCH,
  int,
  nat,
  nonnegRational,
  pooledShapeCodec,
  posRational,
  shapeArb,
  shapeCodec,
  sint,
  thetaLine,
  topLines,
  tuples,
} from './parts.js';

/** A generic point of the pooled network (App. D): a subnetwork (b^L is set stationary), data and the free parameters. */
export interface PooledInstance extends Omit<Subnet, 'bL'> {
  data: Dataset;
  /** raw channel / output picks (taken mod T_f, mod d_y) */
  t: number;
  k: number;
  /** free parameters: β ≥ 0 (case 1); η = −b − gap, gap > 0, and b̃ = −min v + extra, extra ≥ 0 (case 2) */
  beta: Fraction;
  gap: Fraction;
  extra: Fraction;
}

export interface GenericInstance extends PooledInstance {
  /** per-map rescalings */
  alphas: Fraction[];
}

/** Everything but the shape, for a shape and the FC's column count (3-tap filters, or 3 × 3 on images). */
export const genericFields = (shape: CnnShape, cols: number) => {
  const d = shape.C0 * shape.P;
  const K = tapCount(shape);
  const taps =
    K === 3
      ? fc.tuple(sint(2), sint(2), sint(2)).map((x) => x.slice())
      : fc.array(sint(2), { minLength: K, maxLength: K });
  return {
    shape: fc.constant(shape),
    filter: fc.array(fc.array(taps, { minLength: shape.C0, maxLength: shape.C0 }), {
      minLength: shape.T3,
      maxLength: shape.T3,
    }),
    bias: fc.array(sint(3), { minLength: shape.T3, maxLength: shape.T3 }),
    fc: fc.array(fc.array(sint(3), { minLength: cols, maxLength: cols }), {
      minLength: shape.dy,
      maxLength: shape.dy,
    }),
    data: fc
      .array(
        fc.tuple(
          fc.array(int(-3, 3), { minLength: d, maxLength: d }),
          fc.array(sint(3), { minLength: shape.dy, maxLength: shape.dy }),
        ),
        { minLength: 2, maxLength: 6 },
      )
      .map((rows) =>
        dataset(
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
        ),
      ),
    t: fc.integer({ min: 0, max: 1 }),
    k: fc.integer({ min: 0, max: 1 }),
    beta: nonnegRational,
    gap: posRational,
    extra: nonnegRational,
  };
};

export function genericInstance(o: { dy?: number } = {}): fc.Arbitrary<GenericInstance> {
  return shapeArb({ genuine: false, dy: o.dy }).chain((shape) =>
    fc.record({
      ...genericFields(shape, forwarded(shape) * shape.P),
      alphas: fc.array(posRational, { minLength: 3 * 4, maxLength: 3 * 4 }),
    }),
  );
}

export function pooledInstance(): fc.Arbitrary<PooledInstance> {
  return fc
    .record({
      P: fc.constantFrom(2, 4),
      C0: fc.integer({ min: 1, max: 2 }),
      T3: fc.integer({ min: 1, max: 2 }),
      T2: fc.integer({ min: 3, max: 4 }),
      T1: fc.integer({ min: 3, max: 4 }),
      dy: fc.integer({ min: 1, max: 2 }),
    })
    .chain((shape) => fc.record(genericFields(shape, forwarded(shape) * fcPositions(shape, POOLED))));
}

export function genericSetup(v: PooledInstance, variant: CnnVariant = PLAIN) {
  const s = v.shape;
  const a = l3Outputs(s, v.filter, v.bias, v.data);
  const feats = forwardedFeatures(s, a, variant);
  const bL = stationaryBias(feats, v.fc, v.data);
  const top = forwardingTop(s, fcOutputs(feats, v.fc, bL));
  const sub: Subnet = { shape: s, filter: v.filter, bias: v.bias, fc: v.fc, bL, ...(top ? { top } : {}) };
  const { net, params, theta } = lemma6Point(sub, variant);
  const t = v.t % forwarded(s),
    k = v.k % s.dy;
  return { s, net, sub, params, theta, a, feats, t, k, pre: preActivations(s, v.filter, v.data) };
}

export function detectGeneric(v: PooledInstance & { alphas?: Fraction[] }, variant: CnnVariant = PLAIN): string | null {
  const s = v.shape;
  try {
    fcPositions(s, variant);
  } catch (e) {
    return (e as Error).message;
  }
  if (s.T1 < 3 || s.T2 < 3) return 'Lemma 6 needs at least 3 maps in layers L−2 and L−1';
  if (
    v.filter.length !== s.T3 ||
    v.filter.some((m) => m.length !== s.C0 || m.some((c) => c.length !== tapCount(s))) ||
    v.bias.length !== s.T3 ||
    v.fc.length !== s.dy ||
    v.fc.some((r) => r.length !== forwarded(s) * fcPositions(s, variant))
  )
    return 'parameter blocks do not match the shape';
  if (v.data.inputs.some((x) => x.length !== s.C0 * s.P) || v.data.targets.some((y) => y.length !== s.dy))
    return 'data do not match the shape';
  if (v.beta.s < 0n) return 'β < 0';
  if (v.gap.compare(0) <= 0) return 'η ≥ −b in case 2 (gap ≤ 0)';
  if (v.extra.s < 0n) return 'b̃ < −min v';
  if (v.alphas?.some((x) => x.compare(0) <= 0)) return 'a rescaling factor is not positive';
  return null;
}

export type FreeParam = 'channel' | 'beta' | 'gap' | 'extra' | 'alphas';

export function describeGeneric(
  v: PooledInstance & { alphas?: Fraction[] },
  o: { ce?: boolean; uses?: readonly FreeParam[]; variant?: CnnVariant } = {},
): string {
  const variant = o.variant ?? PLAIN;
  const uses = o.uses ?? [];
  const free: string[] = [];
  const b = v.bias[v.t % forwarded(v.shape)];
  if (uses.includes('beta')) free.push(`β = ${encQ(v.beta)}`);
  if (uses.includes('gap')) free.push(`η = −b − ${encQ(v.gap)} = ${encQ(b.neg().sub(v.gap))}`);
  if (uses.includes('extra'))
    free.push(`b̃ = −min v + ${encQ(v.extra)}${uses.includes('gap') ? '' : ' (used only if the split is in case 2)'}`);
  if (uses.includes('alphas') && v.alphas)
    free.push(
      `rescaling factors α = (${v.alphas.map(encQ).join(', ')}), used in turn for the maps of layers L−3, L−2, L−1`,
    );
  const st = genericSetup(v, variant);
  const u = residuals(st.net, st.theta, v.data);
  const vLine = (t: number) =>
    `v (pre-activations without bias) of channel ${t + 1}, per sample: ${tuples(st.pre.map((chs) => chs[t]))}`;
  const fcWords = variant.pool === 1 ? '' : ` (map-major, ${fcPositions(st.s, variant)} per map)`;
  return [
    o.ce
      ? archLine(st.s).replace('Loss ½‖o − y‖², averaged over N.', 'Loss: softmax cross-entropy, averaged over N.')
      : archLine(st.s, variant),
    ...dataAndFilters(v.data, v.filter, v.shape),
    `L−3 biases: ${v.bias.map(encQ).join(', ')};  FC on the ${copiesWord(variant)}${fcWords}: ${brackets(v.fc)}${o.ce ? '' : `;  b^L (so that Σu = 0): ${st.sub.bL.map(encQ).join(', ')}`}`,
    ...(uses.includes('channel') ? [vLine(st.t)] : Array.from({ length: forwarded(st.s) }, (_, t) => vLine(t))),
    ...(o.ce ? [] : [`u (o − y) per output: ${tuples(u)}`]),
    ...(uses.includes('channel')
      ? [`channel used t = ${st.t + 1}, output k = ${st.k + 1}${free.length ? `; ${free.join('; ')}` : ''}`]
      : free.length
        ? [free.join('; ')]
        : []),
    ...topLines(st.params.top),
    thetaLine(st.net, st.theta, variant),
  ].join('\n');
}

// duplicates: begins like HYP_GENUINE (./instances.ts) with the shared architecture and eq. (23) lines
export const HYP_GENERIC = [
  HYP_ARCH,
  HYP_EQ23,
  'any layer-L−3 filters and biases (many L−3 units may be inactive), any FC weights on the copies; b^L set so that Σ_i u_i = 0 for every output (the risk is stationary in the output bias)',
];

export const HYP_POOLED_GENERIC = [
  ...HYP_POOLED_ARCH,
  'any layer-L−3 filters and biases (many L−3 units may be inactive), any FC weights on the pooled copies; b^L set so that Σ_i u_i = 0 for every output (the risk is stationary in the output bias)',
];

const fields = {
  filter: filterCodec,
  bias: rationals,
  fc: rationalRows,
  data: datasetCodec,
  t: nat,
  k: nat,
  beta: rationalCodec,
  gap: rationalCodec,
  extra: rationalCodec,
};
export const genericCodec = z.object({ shape: shapeCodec, ...fields, alphas: rationals });

/** The generic points of one variant of the network. */
const genericKind = <V extends PooledInstance>(
  variant: CnnVariant,
  generate: () => fc.Arbitrary<V>,
  codec: Codec<V>,
  hypotheses: readonly string[],
) =>
  instanceKind<V>({
    generate,
    detect: (v) => detectGeneric(v, variant),
    codec,
    describe: (v) => describeGeneric(v, { variant }),
    hypotheses,
  });

/** Generic points of the plain network (with rescaling factors), and of the pooled network (App. D). */
export const generic = genericKind(PLAIN, () => genericInstance(), genericCodec, HYP_GENERIC);
export const pooledGeneric = genericKind(
  POOLED,
  pooledInstance,
  z.object({ shape: pooledShapeCodec, ...fields }),
  HYP_POOLED_GENERIC,
);
