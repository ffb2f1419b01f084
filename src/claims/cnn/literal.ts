/**
 * Lemma 9 as printed (eqs. 25/26; note §4 Lemma 9, T1, P7), run under the
 * lemma's hypotheses: the instances, and the exact check of R(θ′) = R(θ).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { dataset, type Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import { ONE, toRat } from '../../numeric/rational.js';
import {
  forwarded,
  forwardedFeatures,
  halfMse,
  l3Outputs,
  lemma6Point,
  maxV,
  minV,
  planLemma10,
  preActivations,
  residuals,
  stationaryBias,
  thetaPrimeLiteral,
  thetaPrimeOf,
  toTheta,
  type CnnShape,
  type Subnet,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, rationalRows, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { HYP_GENERIC } from './generic.js';
import { detectAssumption1 } from '../../papers/cnn/index.js';
// duplicates: an import list like those of ./generic.ts and ./instances.ts (the same vocabulary, no shared code)
import {
  archLine,
  brackets,
  dataAndFilters,
  filterCodec,
  int,
  nonzeroInt,
  shapeArb,
  shapeCodec,
  sint,
  thetaLine,
  tuples,
} from './parts.js';

/**
 * An instance of Lemma 9 with its hypotheses built in (generator, not rejection):
 * case 1: every L−3 channel active with margin (b_t = −min v_t + o_t, o_t ≥ 1), so every
 * threshold inside the range of v lies above −b and the Lemma 10 plan is in case 1;
 * case 2: T3 = 2, channel 1 switched off on every sample (b_1 = −max v_1 − o_1, o_1 ≥ 0), channel 2
 * active with margin, so every threshold inside the range of channel-1 v lies below −b_1.
 * The active channels' filters are diagonally dominant (centre 1, other taps ±1/4, ±1/8), so
 * distinct inputs give distinct forwarded features (Assumption 1) and every sample has a
 * positive forwarded unit (non-degeneracy); the FC weights on the copies are nonzero
 * integers and b^L is set so that Σu = 0.
 */
export interface LiteralInstance {
  which: 1 | 2;
  shape: CnnShape;
  filter: Fraction[][][];
  /** per L−3 channel: the margin o_t of the bias (see above) */
  offsets: Fraction[];
  fc: Fraction[][];
  data: Dataset;
}

function literalArb(which: 1 | 2): fc.Arbitrary<LiteralInstance> {
  const shapes: fc.Arbitrary<CnnShape> =
    which === 1
      ? shapeArb({ genuine: true })
      : fc
          .record({ P: fc.integer({ min: 2, max: 4 }), dy: fc.integer({ min: 1, max: 2 }) })
          .map(({ P, dy }) => ({ C0: 1, P, T3: 2, T2: 4, T1: 4, dy }));
  return shapes.chain((shape) => {
    const d = shape.C0 * shape.P;
    const Tf = forwarded(shape);
    const ddFilter = (t: number) =>
      fc.tuple(
        ...Array.from({ length: shape.C0 }, (_, c) => {
          const own = t % shape.C0 === c;
          const side = sint(1).map((x) => x.div(own ? 4 : 8));
          return fc.tuple(side, own ? fc.constant(ONE) : side, side).map((taps) => taps.slice());
        }),
      );
    // case 2: channel 1 (the switched-off one whose v carry the split) has centre tap 1 and free side taps
    const freeFilter = fc.tuple(sint(2), fc.constant(ONE), sint(2)).map((taps) => [taps.slice()]);
    return fc.record({
      which: fc.constant(which),
      shape: fc.constant(shape),
      filter: fc
        .tuple(...Array.from({ length: shape.T3 }, (_, t) => (which === 2 && t === 0 ? freeFilter : ddFilter(t))))
        .map((f) => f.map((m) => m.map((c) => c.slice()))),
      offsets: fc
        .tuple(...Array.from({ length: shape.T3 }, (_, t) => (which === 2 && t === 0 ? int(0, 3) : int(1, 3))))
        .map((o) => o.slice()),
      fc: fc.array(fc.array(nonzeroInt(3), { minLength: Tf * shape.P, maxLength: Tf * shape.P }), {
        minLength: shape.dy,
        maxLength: shape.dy,
      }),
      data: fc
        .uniqueArray(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d }), {
          minLength: 2,
          maxLength: 6,
          selector: (r) => r.join(','),
        })
        .chain((xs) =>
          fc
            .array(fc.array(sint(3), { minLength: shape.dy, maxLength: shape.dy }), {
              minLength: xs.length,
              maxLength: xs.length,
            })
            .map((ys) =>
              dataset(
                xs.map((r) => r.map((x) => toRat(x))),
                ys,
              ),
            ),
        ),
    });
  });
}

export function literalSetup(v: LiteralInstance) {
  const s = v.shape;
  const pre = preActivations(s, v.filter, v.data);
  const bias = v.filter.map((_, t) =>
    v.which === 2 && t === 0 ? maxV(pre, t).add(v.offsets[t]).neg() : minV(pre, t).neg().add(v.offsets[t]),
  );
  const a = l3Outputs(s, v.filter, bias, v.data);
  const feats = forwardedFeatures(s, a);
  const bL = stationaryBias(feats, v.fc, v.data);
  const sub: Subnet = { shape: s, filter: v.filter, bias, fc: v.fc, bL };
  const { net, params, theta } = lemma6Point(sub);
  const u = residuals(net, theta, v.data);
  const risk = exactRisk(net, halfMse, theta, v.data);
  const plan = planLemma10(s, params, u, v.data);
  return { s, net, sub, params, theta, a, feats, pre, u, risk, plan };
}

function detectLiteral(v: LiteralInstance): string | null {
  const s = v.shape;
  if (
    v.filter.length !== s.T3 ||
    v.offsets.length !== s.T3 ||
    v.fc.length !== s.dy ||
    v.fc.some((r) => r.length !== forwarded(s) * s.P)
  )
    return 'parameter blocks do not match the shape';
  if (v.which === 2 && (s.T3 !== 2 || forwarded(s) !== 2)) return 'case 2 needs two forwarded L−3 channels';
  if (v.offsets.some((o, t) => o.compare(v.which === 2 && t === 0 ? 0 : 1) < 0))
    return 'a bias margin is below its minimum';
  const st = literalSetup(v);
  const a1 = detectAssumption1(st.feats);
  if (a1) return a1;
  if (st.risk.n === 0n) return 'R(θ) = 0';
  if (!st.plan) return 'no (channel, output, η) with G ≠ 0: no Lemma 2 split';
  if (st.plan.which !== v.which) return `the Lemma 2/10 split is in case ${st.plan.which}, not case ${v.which}`;
  return null;
}

function describeLiteral(v: LiteralInstance): string {
  const st = literalSetup(v);
  const pl = st.plan;
  return [
    archLine(st.s),
    ...dataAndFilters(v.data, v.filter),
    `L−3 biases b_t: ${st.sub.bias.map((b, t) => `channel ${t + 1}: ${encQ(b)} (${v.which === 2 && t === 0 ? `−max v − ${encQ(v.offsets[t])}: off on every sample` : `−min v + ${encQ(v.offsets[t])}: on for every sample and position`})`).join('; ')}`,
    `FC on the forwarded copies: ${brackets(v.fc)};  b^L (so that Σu = 0): ${st.sub.bL.map(encQ).join(', ')};  R(θ) = ${encQ(st.risk)}`,
    `u (o − y) per output: ${tuples(st.u)}`,
    ...(pl
      ? [
          `v (pre-activations without bias) of channel ${pl.t + 1}, per sample: ${tuples(st.pre.map((chs) => chs[pl.t]))};  min v = ${encQ(minV(st.pre, pl.t))}`,
          `Lemma 2 split (the corrected biggest-threshold rule, else the first gap with G ≠ 0): channel ${pl.t + 1}, output ${pl.k + 1}, η = ${encQ(pl.eta)}, case ${pl.which} (η ${pl.which === 1 ? '>' : '<'} −b = ${encQ(st.params.b1[pl.t].neg())}), G = ${encQ(pl.G)}`,
        ]
      : []),
    thetaLine(st.net, st.theta),
  ].join('\n');
}

export function literalCheck(v: LiteralInstance): Outcome {
  const st = literalSetup(v);
  const pl = st.plan!;
  const which = v.which;
  const b = st.params.b1[pl.t];
  const tp = toTheta(st.net, thetaPrimeLiteral(st.s, st.params, v.data, pl.t, pl.k, pl.eta, which));
  const R2 = exactRisk(st.net, halfMse, tp, v.data);
  if (st.risk.equals(R2)) return proved();
  const bNew = minV(st.pre, pl.t).neg();
  const Rc = exactRisk(st.net, halfMse, toTheta(st.net, thetaPrimeOf(st.s, st.params, pl)), v.data);
  return refuted(
    `R(θ′) = R(θ) = ${encQ(st.risk)} for θ′ of eq. (${which === 1 ? 25 : 26}) as printed, with the Lemma 2 split channel ${pl.t + 1}, output ${pl.k + 1}, η = ${encQ(pl.eta)} (case ${which}: η ${which === 1 ? '≥' : '<'} −b = ${encQ(b.neg())})`,
    which === 1
      ? `the printed formula also sets the L−3 bias b_${pl.t + 1} := −min v = ${encQ(bNew)} (it was ${encQ(b)}) and uses that value in β = η + (−min v) = ${encQ(pl.eta.add(bNew))} (the output-preserving β = η + b uses the old bias: ${encQ(pl.beta)}). Result: R(θ′) = ${encQ(R2)} ≠ R(θ) = ${encQ(st.risk)}. With the old bias kept, R(θ′) = ${encQ(Rc)}.`
      : `the printed formula sets b̃ = −min v = ${encQ(bNew)} and uses it also in the L−1 bias of map ${pl.t + 3}: η + b̃ = ${encQ(pl.eta.add(bNew))} (the output-preserving value is η + b with the old bias, ${encQ(pl.eta.add(b))}). Result: R(θ′) = ${encQ(R2)} ≠ R(θ) = ${encQ(st.risk)}. With the old bias there, R(θ′) = ${encQ(Rc)}.`,
    {
      risk: encQ(st.risk),
      riskPrime: encQ(R2),
      riskCorrected: encQ(Rc),
      channel: pl.t + 1,
      output: pl.k + 1,
      eta: encQ(pl.eta),
      b: encQ(b),
      minusMinV: encQ(bNew),
    },
  );
}

const HYP_LITERAL = [
  HYP_GENERIC[0],
  HYP_GENERIC[1],
  'FC weights on the copies: nonzero integers; b^L set so that Σ_i u_i = 0 for every output (stationary in the output bias)',
  'Assumption 1 (the o^{L−1,i} pairwise distinct), non-degeneracy (every sample has a positive forwarded L−3 unit) and R(θ) > 0, each checked exactly by the detector',
  'channel t, output k and threshold η are those of the Lemma 2 split used by Lemma 10 (the corrected biggest-threshold rule, else the first gap of v with G = Σ_i u_i D_i ≠ 0), with η different from every v and from −b',
];

const literalCodec = z.object({
  which: z.union([z.literal(1), z.literal(2)]),
  shape: shapeCodec,
  filter: filterCodec,
  offsets: rationals,
  fc: rationalRows,
  data: datasetCodec,
});

/** Lemma 9 instances whose split is in case `which` by construction. */
export const literal = (which: 1 | 2) =>
  instanceKind<LiteralInstance>({
    generate: () => literalArb(which),
    detect: detectLiteral,
    codec: literalCodec,
    describe: describeLiteral,
    hypotheses: HYP_LITERAL,
  });
