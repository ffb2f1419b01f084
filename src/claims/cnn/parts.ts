/**
 * The CNN paper's claims share this vocabulary: the paper's defaults, small
 * arbitraries, the codecs of shapes and filters, and the text of an instance.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { toRat, ZERO } from '../../numeric/rational.js';
import {
  fcPositions,
  forwarded,
  imageCols,
  imageRows,
  isImage,
  lowerDepth,
  PLAIN,
  type CnnShape,
  type CnnVariant,
  type ForwardingTop,
} from '../../papers/cnn/index.js';
import type { Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { claimsOf, type InstanceKind } from '../define.js';
import type { Claim } from '../types.js';
import { rationalRows } from '../schema.js';

/** The paper's claims: exact, generator version 1 unless a claim says otherwise. */
export const paper = claimsOf({ paper: 'cnn' });

// ---------------------------------------------------------------------------
// Arbitraries (shrinking toward small values).

/** integers in [min, max] as rationals */
export const int = (min: number, max: number) => fc.integer({ min, max }).map((k) => toRat(k));
/** integers that shrink toward 0 from either side */
export const sint = (m: number) => fc.integer({ min: -m, max: m }).map((k) => toRat(k));
/** nonzero integers in [−m, m] */
export const nonzeroInt = (m: number) =>
  fc.tuple(fc.integer({ min: 1, max: m }), fc.boolean()).map(([a, neg]) => toRat(neg ? -a : a));
/** 0, a/b with a ≤ 12, b ≤ 4, or a large 10^e + 7 */
export const nonnegRational = fc.oneof(
  fc.constant(ZERO),
  fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 4 })).map(([a, b]) => toRat(a).div(b)),
  fc.integer({ min: 1, max: 9 }).map((e) => toRat(10n ** BigInt(e) + 7n)),
);
/** a/b with 1 ≤ a ≤ 12, 1 ≤ b ≤ 5 */
export const posRational = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }))
  .map(([a, b]) => toRat(a).div(b));

/** Shapes; genuine instances need x ↦ forwarded a injective: C0 ≤ T_f. */
export const shapeArb = (o: { genuine: boolean; dy?: number }): fc.Arbitrary<CnnShape> =>
  fc
    .record({
      P: fc.integer({ min: 2, max: 5 }),
      T3: fc.integer({ min: 1, max: 2 }),
      T2: fc.integer({ min: 3, max: 4 }),
      T1: fc.integer({ min: 3, max: 4 }),
      dy: o.dy ? fc.constant(o.dy) : fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ P, T3, T2, T1, dy, c }) => {
      const s = { C0: 1, P, T3, T2, T1, dy };
      return { ...s, C0: o.genuine ? Math.min(c, forwarded(s)) : c };
    });

// ---------------------------------------------------------------------------
// Codecs.

const positive = z.number().int().min(1);
/** a plain nonnegative integer (channel and output picks, sample indices) */
export const nat = z.number().int().min(0);

/** { C0, P, T3, T2, T1, dy }, positive integers */
export const shapeCodec = z
  .object({
    C0: positive,
    P: positive,
    T3: positive,
    T2: positive,
    T1: positive,
    dy: positive,
    /** image rows (absent: a 1-D signal) */
    H: positive.optional(),
    /** maps of the conv layers below L−3 (absent: none) */
    lower: z.array(positive).optional(),
    /** widths of the hidden FC layers after L−1 (absent: the FC layer is the output) */
    hiddenFc: z.array(positive).optional(),
  })
  .refine((s) => s.P % (s.H ?? 1) === 0, { message: 'P must be a multiple of the image rows H', path: ['P'] })
  .refine((s) => (s.hiddenFc ?? []).every((m) => m >= s.dy), {
    message: 'every hidden FC layer needs at least d_y units',
    path: ['hiddenFc'],
  });
/** the shape of the pooled network: P even */
export const pooledShapeCodec = shapeCodec.refine((s) => s.P % 2 === 0, {
  message: 'the pooled network needs an even number of positions',
  path: ['P'],
});

/** filters [map][input channel][tap] */
export const filterCodec = z.array(rationalRows);

// ---------------------------------------------------------------------------
// Text.

/** (x_1, …, x_n) */
export const vec = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;
/** rows as (…) (…): residuals per output, v per sample */
export const tuples = (rows: readonly (readonly Fraction[])[]) => rows.map(vec).join(' ');
/** rows as […] […]: FC weights per output */
export const brackets = (rows: readonly (readonly Fraction[])[]) =>
  rows.map((r) => `[${r.map(encQ).join(', ')}]`).join(' ');

/** The network in one line. */
export const archLine = (s: CnnShape, variant: CnnVariant = PLAIN) => {
  const img = isImage(s);
  const window = img ? `${variant.pool} × ${variant.pool}` : `size ${variant.pool}`;
  const Q = fcPositions(s, variant);
  const hidden = s.hiddenFc ?? [];
  const first = variant.pool === 1 ? 4 : 5;
  const reads = variant.pool === 1 ? `the ${s.T1}×${s.P} L−1 values` : `the ${s.T1}×${Q} pooled values`;
  const dense = hidden.length
    ? [
        `layer ${first} = FC (dense, ReLU, ${hidden[0]} unit(s); the role of W^L) from ${reads}`,
        ...hidden
          .slice(1)
          .map((m, l) => `layer ${first + 1 + l} = FC (dense, ReLU, ${m} unit(s)) forwarding the first ${s.dy}`),
        `layer ${first + hidden.length} = FC output (linear, ${s.dy} output(s)) forwarding the first ${s.dy}`,
      ].join('; ')
    : `layer ${first} = FC${variant.pool === 1 ? '' : ' (the role of W^L) from ' + reads} to ${s.dy} output(s)`;
  const fcLine =
    variant.pool === 1
      ? dense
      : `layer 4: average pooling of ${window} within each map (${s.P} → ${Q} positions, no parameters); ${dense}`;
  const input = img
    ? `2-D CNN, input ${s.C0} channel(s) × ${imageRows(s)} × ${imageCols(s)} image (positions row-major)`
    : `1-D CNN, input ${s.C0} channel(s) × ${s.P} positions`;
  const conv = img ? `conv 3 × 3 'same'` : `conv 3-tap 'same'`;
  const d = lowerDepth(s);
  const below = (s.lower ?? []).map((m, i) => `layer ${i + 1} (below L−3): ${conv}, ${m} map(s), ReLU; `).join('');
  const top = fcLine.replace(/layer (\d)/g, (_, n: string) => `layer ${Number(n) + d}`);
  return `${input}; ${below}layer ${d + 1} = L−3: ${conv}, ${s.T3} map(s), ReLU; layer ${d + 2} = L−2: ${s.T2} maps; layer ${d + 3} = L−1: ${s.T1} maps; ${top}. Loss ½‖o − y‖², averaged over N. Forwarded L−3 channels T_f = ${forwarded(s)}.`;
};

/** The L−3 filters, one line per map (3 × 3 filters as their three rows). */
export const filterText = (f: Fraction[][][]) =>
  f
    .map(
      (m, t) =>
        `    channel ${t + 1}: ${m
          .map((c, ch) =>
            c.length === 9
              ? `in${ch + 1} [${[0, 1, 2]
                  .map((r) =>
                    c
                      .slice(3 * r, 3 * r + 3)
                      .map(encQ)
                      .join(' '),
                  )
                  .join(' / ')}]`
              : `in${ch + 1} (${c.map(encQ).join(', ')})`,
          )
          .join('  ')}`,
    )
    .join('\n');

/** The data and the L−3 filters of an instance, as lines of its description (images drawn as grids). */
export const dataAndFilters = (data: Dataset, filter: Fraction[][][], s?: CnnShape) => [
  s && isImage(s)
    ? `data (${data.inputs.length} samples; each image drawn channel by channel, rows top to bottom):\n${dataTable(data, { channels: s.C0, height: imageRows(s), width: imageCols(s) })}`
    : `data (${data.inputs.length} samples; x listed channel-major):\n${dataTable(data)}`,
  `L−3 filters [channel][input channel](${filter[0]?.[0]?.length === 9 ? 'rows top / middle / bottom' : 'left, centre, right'}):\n${filterText(filter)}`,
];

/** The forwarding top of θ (App. D's FC layers above the first), as description lines: none without one. */
export const topLines = (top: ForwardingTop | undefined) =>
  top
    ? [
        `FC layers above the first forward its first d_y units by identity (App. D): offset c = ${encQ(top.c)} (1 + max |o|, so every forwarding unit has pre-activation ≥ 1 at θ), added at the first FC layer and subtracted at the output; units that forward nothing have zero weights and bias ${encQ(top.idle)}`,
      ]
    : [];

/** θ of Lemma 6 as the last line of a description. */
export const thetaLine = (net: Network, theta: readonly Fraction[], variant: CnnVariant = PLAIN) =>
  `θ of Lemma 6 (eq. 23)${onNetwork(variant)}:\n${paramTable(net, theta)}`;

/** 'forwarded copies' or 'pooled copies' */
export const copiesWord = (variant: CnnVariant) => (variant.pool === 1 ? 'forwarded copies' : 'pooled copies');
/** '' or ' on the pooled network' */
const onNetwork = (variant: CnnVariant) => (variant.pool === 1 ? '' : ' on the pooled network');

// ---------------------------------------------------------------------------
// Hypotheses shared by the instance kinds.

export const HYP_ARCH =
  'architecture: conv(L−3, ReLU, tied bias) → conv(L−2, T ≥ 3) → conv(L−1, T ≥ 3) → FC; stride 1, kernel 3, same padding';
export const HYP_EQ23 =
  'θ in the form of eq. (23): L−2/L−1 copy o^{L−3} through centre-delta filters, maps 1 and 2 of L−2/L−1 zero (filters, biases, FC weights)';
export const HYP_POOLED_ARCH = [
  'architecture (App. D, the general case): conv(L−3, ReLU, one bias per map) → conv(L−2, ≥ 3 maps) → conv(L−1, ≥ 3 maps) → non-overlapping average pooling of size 2 within each map (App. A, eq. 11; linear, no parameters) → FC, which plays the role of W^L; 1-D, stride 1, kernel 3, same padding, an even number P ∈ {2, 4} of positions',
  'θ in the form of eq. (23): L−2 and L−1 copy the L−3 outputs through centre-delta filters (1 at the centre tap of one input channel) with bias 0; maps 1 and 2 of L−2 and L−1 are zero (filters, biases, FC weights); the FC weights read the pooled copies',
];

// ---------------------------------------------------------------------------
// A claim restated on other instances (images, deeper networks).

/**
 * Claim X restated as `X.<suffix>`: X's statement (with `where` appended), its own
 * hypotheses (those past its instance kind's), its detector and its check, over the
 * instances of `kind`; X's expectation, and X's corrected claim restated the same way.
 */
export function restated<V>(
  base: Claim<V>,
  baseKind: InstanceKind<V>,
  kind: InstanceKind<V>,
  o: { suffix: string; on: string; where: string; runs?: number },
): Claim<V> {
  return paper.claim<V>({
    id: `${base.id}.${o.suffix}`,
    section: base.section,
    title: `${base.title} — ${o.on}`,
    statement: `${base.statement} ${o.where}`,
    instance: kind,
    hypotheses: base.hypotheses.slice(baseKind.hypotheses?.length ?? 0),
    detect: (v) => base.detect(v),
    check: base.check,
    describe: base.describe,
    expected: base.expected,
    ...(base.correctedBy ? { correctedBy: `${base.correctedBy}.${o.suffix}` } : {}),
    ...(base.runs ? { runs: Math.min(base.runs, o.runs ?? 100) } : {}),
  });
}
