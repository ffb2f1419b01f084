/**
 * The CNN paper's general case (App. D) with an average-pooling layer between
 * the two consecutive conv layers and the FC layer: Lemma 9's θ′, Lemma 10's
 * descent, and Lemma 6 (as printed and repaired) on the pooled network.
 * Constructions: src/papers/cnn-pooling.ts (the ./cnn.ts constructions on the
 * FC's pooled positions). Exact rationals, squared loss ½‖o − y‖² averaged over N.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { notAffinelyFittable } from '../gen/data.js';
import { analyseLocalMin } from '../landscape/analyse.js';
import { analyseCurve, descentAlong, rayCurve } from '../landscape/curve.js';
import { descentSearch } from '../landscape/descent.js';
import type { DescentEvidence } from '../landscape/verdict.js';
import * as Poly from '../linalg/polynomial.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactOutputs, exactRisk } from '../model/exact.js';
import type { Network } from '../model/network.js';
import {
  affineOptimum,
  bestDeltaB,
  forwarded,
  halfMse,
  l3Outputs,
  leastSquaresFc,
  minV,
  perturbLemma10,
  preActivations,
  predictedLemma10Risk,
  residuals,
  stationaryBias,
  type CnnParams,
  type CnnShape,
  type Subnet,
} from '../papers/cnn.js';
import {
  findPooledReservedDescent,
  lemma6PooledParams,
  planLemma10Pooled,
  pooledCnnNetwork,
  pooledCopyWeights,
  pooledForwardedFeatures,
  pooledPositions,
  repairedPooledLemma6,
  thetaPrimePooledCase1,
  thetaPrimePooledCase2,
  thetaPrimePooledOf,
  toThetaPooled,
} from '../papers/cnn-pooling.js';
import { CodecError, dataTable, decData, decQ, decQs, encData, encQ, encQs, field, paramTable } from './codec.js';
import type { AnyClaim, Claim, Json, Outcome } from './types.js';

const PAPER = 'cnn-spurious-minima.txt';
const q = encQ;
const ZERO = new Fraction(0);
const F = (x: number | string) => new Fraction(x as number);
const sum = (xs: readonly Fraction[]) => xs.reduce((a, x) => a.add(x), ZERO);
const int = (min: number, max: number) => fc.integer({ min, max }).map((k) => new Fraction(k));
const sint = (m: number) => fc.integer({ min: -m, max: m }).map((k) => new Fraction(k));
const refute = (claimed: string, computed: string, evidence: Json): Outcome => ({
  ok: false,
  strength: 'refuted',
  claimed,
  computed,
  evidence,
});

// ---------------------------------------------------------------------------
// Shapes, codec, text.

const encShape = (s: CnnShape): Json => ({ ...s });
function decShape(j: Json): CnnShape {
  const o = j as Record<string, unknown>;
  for (const k of ['C0', 'P', 'T3', 'T2', 'T1', 'dy'])
    if (typeof o?.[k] !== 'number' || !Number.isInteger(o[k]) || (o[k] as number) < 1)
      throw new CodecError(`value.shape.${k}: expected a positive integer`);
  if ((o.P as number) % 2 !== 0)
    throw new CodecError('value.shape.P: the pooled network needs an even number of positions');
  return {
    C0: o.C0 as number,
    P: o.P as number,
    T3: o.T3 as number,
    T2: o.T2 as number,
    T1: o.T1 as number,
    dy: o.dy as number,
  };
}
const encFilter = (f: Fraction[][][]): Json => f.map((m) => m.map(encQs));
function decFilter(j: Json, where: string): Fraction[][][] {
  if (!Array.isArray(j)) throw new CodecError(`${where}: expected [map][channel][tap]`);
  return j.map((m, a) => {
    if (!Array.isArray(m)) throw new CodecError(`${where}[${a}]: expected [channel][tap]`);
    return m.map((c, b) => decQs(c, `${where}[${a}][${b}]`));
  });
}
function decRows(j: Json, where: string): Fraction[][] {
  if (!Array.isArray(j)) throw new CodecError(`${where}: expected rows`);
  return j.map((r, i) => decQs(r, `${where}[${i}]`));
}

const archLine = (s: CnnShape) =>
  `1-D CNN, input ${s.C0} channel(s) × ${s.P} positions; layer 1 = L−3: conv 3-tap 'same', ${s.T3} map(s), ReLU; layer 2 = L−2: ${s.T2} maps; layer 3 = L−1: ${s.T1} maps; layer 4: average pooling of size 2 within each map (${s.P} → ${s.P / 2} positions, no parameters); layer 5 = FC (the role of W^L) from the ${s.T1}×${s.P / 2} pooled values to ${s.dy} output(s). Loss ½‖o − y‖², averaged over N. Forwarded L−3 channels T_f = ${forwarded(s)}.`;

const filterText = (f: Fraction[][][]) =>
  f
    .map((m, t) => `    channel ${t + 1}: ${m.map((c, ch) => `in${ch + 1} (${c.map(q).join(', ')})`).join('  ')}`)
    .join('\n');

const HYP_ARCH = [
  'architecture (App. D, the general case): conv(L−3, ReLU, one bias per map) → conv(L−2, ≥ 3 maps) → conv(L−1, ≥ 3 maps) → non-overlapping average pooling of size 2 within each map (App. A, eq. 11; linear, no parameters) → FC, which plays the role of W^L; 1-D, stride 1, kernel 3, same padding, an even number P ∈ {2, 4} of positions',
  'θ in the form of eq. (23): L−2 and L−1 copy the L−3 outputs through centre-delta filters (1 at the centre tap of one input channel) with bias 0; maps 1 and 2 of L−2 and L−1 are zero (filters, biases, FC weights); the FC weights read the pooled copies',
];

// ---------------------------------------------------------------------------
// Generic pooled Lemma 6 points (any subnetwork, output bias stationary).

export interface PooledInstance {
  shape: CnnShape;
  filter: Fraction[][][];
  bias: Fraction[];
  /** [dy][T_f·Q]: FC weights on the pooled copies, Q = P/2 */
  fc: Fraction[][];
  data: Dataset;
  /** raw channel / output picks (mod T_f, mod d_y) */
  t: number;
  k: number;
  /** β ≥ 0 (case 1); η = −b − gap, gap > 0, b̃ = −min v + extra, extra ≥ 0 (case 2) */
  beta: Fraction;
  gap: Fraction;
  extra: Fraction;
}

const nonnegRational = fc.oneof(
  fc.constant(ZERO),
  fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 4 })).map(([a, b]) => new Fraction(a, b)),
  fc.integer({ min: 1, max: 9 }).map((e) => new Fraction(10n ** BigInt(e) + 7n)),
);
const posRational = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }))
  .map(([a, b]) => new Fraction(a, b));

const pooledShapeArb = (): fc.Arbitrary<CnnShape> =>
  fc.record({
    P: fc.constantFrom(2, 4),
    C0: fc.integer({ min: 1, max: 2 }),
    T3: fc.integer({ min: 1, max: 2 }),
    T2: fc.integer({ min: 3, max: 4 }),
    T1: fc.integer({ min: 3, max: 4 }),
    dy: fc.integer({ min: 1, max: 2 }),
  });

export function pooledInstance(): fc.Arbitrary<PooledInstance> {
  return pooledShapeArb().chain((shape) => {
    const d = shape.C0 * shape.P;
    const cols = forwarded(shape) * pooledPositions(shape);
    return fc.record({
      shape: fc.constant(shape),
      filter: fc.array(
        fc.array(
          fc.tuple(sint(2), sint(2), sint(2)).map((x) => x.slice()),
          { minLength: shape.C0, maxLength: shape.C0 },
        ),
        { minLength: shape.T3, maxLength: shape.T3 },
      ),
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
    });
  });
}

const encPI = (v: PooledInstance): Json => ({
  shape: encShape(v.shape),
  filter: encFilter(v.filter),
  bias: encQs(v.bias),
  fc: v.fc.map(encQs),
  data: encData(v.data),
  t: v.t,
  k: v.k,
  beta: q(v.beta),
  gap: q(v.gap),
  extra: q(v.extra),
});
function decPI(j: Json): PooledInstance {
  const n = (key: string) => {
    const x = field(j, key, 'value');
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
      throw new CodecError(`value.${key}: expected a nonnegative integer`);
    return x;
  };
  return {
    shape: decShape(field(j, 'shape', 'value')),
    filter: decFilter(field(j, 'filter', 'value'), 'value.filter'),
    bias: decQs(field(j, 'bias', 'value'), 'value.bias'),
    fc: decRows(field(j, 'fc', 'value'), 'value.fc'),
    data: decData(field(j, 'data', 'value'), 'value.data'),
    t: n('t'),
    k: n('k'),
    beta: decQ(field(j, 'beta', 'value'), 'value.beta'),
    gap: decQ(field(j, 'gap', 'value'), 'value.gap'),
    extra: decQ(field(j, 'extra', 'value'), 'value.extra'),
  };
}

export function pooledSetup(v: PooledInstance) {
  const s = v.shape;
  const a = l3Outputs(s, v.filter, v.bias, v.data);
  const feats = pooledForwardedFeatures(s, a);
  const bL = stationaryBias(feats, v.fc, v.data);
  const sub: Subnet = { shape: s, filter: v.filter, bias: v.bias, fc: v.fc, bL };
  const net = pooledCnnNetwork(s);
  const params = lemma6PooledParams(sub);
  const theta = toThetaPooled(net, params);
  const t = v.t % forwarded(s),
    k = v.k % s.dy;
  return { s, net, sub, params, theta, a, feats, t, k, pre: preActivations(s, v.filter, v.data) };
}

function detectPooled(v: PooledInstance): string | null {
  const s = v.shape;
  if (s.P % 2 !== 0) return 'P is odd: size-2 pooling needs an even number of positions';
  if (s.T1 < 3 || s.T2 < 3) return 'Lemma 6 needs at least 3 maps in layers L−2 and L−1';
  if (
    v.filter.length !== s.T3 ||
    v.filter.some((m) => m.length !== s.C0 || m.some((c) => c.length !== 3)) ||
    v.bias.length !== s.T3 ||
    v.fc.length !== s.dy ||
    v.fc.some((r) => r.length !== forwarded(s) * pooledPositions(s))
  )
    return 'parameter blocks do not match the shape';
  if (v.data.inputs.some((x) => x.length !== s.C0 * s.P) || v.data.targets.some((y) => y.length !== s.dy))
    return 'data do not match the shape';
  if (v.beta.s < 0n) return 'β < 0';
  if (v.gap.compare(0) <= 0) return 'η ≥ −b in case 2 (gap ≤ 0)';
  if (v.extra.s < 0n) return 'b̃ < −min v';
  return null;
}

function describePooled(v: PooledInstance, uses: ('beta' | 'case2' | 'extra')[] = []): string {
  const st = pooledSetup(v);
  const u = residuals(st.net, st.theta, v.data);
  const b = v.bias[st.t];
  const free: string[] = [];
  if (uses.includes('beta')) free.push(`β = ${q(v.beta)} (case 1)`);
  if (uses.includes('case2'))
    free.push(`η = −b − ${q(v.gap)} = ${q(b.neg().sub(v.gap))}, b̃ = −min v + ${q(v.extra)} (case 2)`);
  if (uses.includes('extra')) free.push(`b̃ = −min v + ${q(v.extra)} (used if the split is in case 2)`);
  return [
    archLine(st.s),
    `data (${v.data.inputs.length} samples; x listed channel-major):\n${dataTable(v.data)}`,
    `L−3 filters [channel][input channel](left, centre, right):\n${filterText(v.filter)}`,
    `L−3 biases: ${v.bias.map(q).join(', ')};  FC on the pooled copies (map-major, ${pooledPositions(st.s)} per map): ${v.fc.map((r) => `[${r.map(q).join(', ')}]`).join(' ')};  b^L (so that Σu = 0): ${st.sub.bL.map(q).join(', ')}`,
    ...Array.from(
      { length: forwarded(st.s) },
      (_, t) =>
        `v (L−3 pre-activations without bias) of channel ${t + 1}, per sample: ${st.pre.map((chs) => `(${chs[t].map(q).join(', ')})`).join(' ')}`,
    ),
    `u (o − y) per output: ${u.map((r) => `(${r.map(q).join(', ')})`).join(' ')}`,
    ...(uses.length ? [`channel used t = ${st.t + 1}, output k = ${st.k + 1}; ${free.join('; ')}`] : []),
    `θ of Lemma 6 (eq. 23) on the pooled network:\n${paramTable(st.net, st.theta)}`,
  ].join('\n');
}

const HYP_GENERIC = [
  ...HYP_ARCH,
  'any layer-L−3 filters and biases (many L−3 units may be inactive), any FC weights on the pooled copies; b^L set so that Σ_i u_i = 0 for every output (the risk is stationary in the output bias)',
];

const distinctSorted = (xs: readonly Fraction[]) =>
  [...new Map(xs.map((x) => [x.toFraction(), x])).values()].sort((a, b) => a.compare(b));

/** Two points on every affine piece of a continuous PWL function on [lo, ∞) or (−∞, hi) with kinks in `kinks` (as in ./cnn.ts). */
function pieceTestPoints(kinks: readonly Fraction[], range: { lo: Fraction } | { hi: Fraction }): Fraction[] {
  if ('lo' in range) {
    const ks = distinctSorted([range.lo, ...kinks.filter((x) => x.compare(range.lo) > 0)]);
    const pts = [...ks];
    for (let i = 0; i + 1 < ks.length; i++) pts.push(ks[i].add(ks[i + 1]).div(2));
    const last = ks[ks.length - 1];
    pts.push(last.add(1), last.add(2));
    return distinctSorted(pts);
  }
  const ks = distinctSorted(kinks.filter((x) => x.compare(range.hi) < 0));
  if (ks.length === 0) return [range.hi.sub(2), range.hi.sub(1)];
  const pts = [...ks, ks[0].sub(1)];
  for (let i = 0; i + 1 < ks.length; i++) pts.push(ks[i].add(ks[i + 1]).div(2));
  pts.push(ks[ks.length - 1].add(range.hi).div(2));
  return distinctSorted(pts);
}

function firstOutputDifference(
  a: Fraction[][],
  b: Fraction[][],
): { i: number; k: number; a: Fraction; b: Fraction } | null {
  for (let i = 0; i < a.length; i++)
    for (let k = 0; k < a[i].length; k++) if (!a[i][k].equals(b[i][k])) return { i, k, a: a[i][k], b: b[i][k] };
  return null;
}

// ---------------------------------------------------------------------------
// 1. θ′ with pooling (both cases).

export const thetaPrimeWithPooling: Claim<PooledInstance> = {
  paper: PAPER,
  id: 'cnn.appd.theta-prime-with-pooling',
  section:
    'App. D (general case) with App. C Lemma 9, eqs. (25)/(26) (corrected), pooling as in App. A eq. (11); note §5f, §2.3',
  title:
    'App. D: with average pooling before the FC layer, the corrected θ′ of Lemma 9 (both cases) has exactly the outputs of θ',
  statement:
    'Insert a non-overlapping size-2 average pooling between layer L−1 and the FC layer, which now reads the pooled maps. Build θ′ as in Lemma 9 with the FC weights of the pooled maps: case 1 (b_t^{L−3} kept, β = η + b ≥ 0): L−2 map 1 = (−E_t, +β), map 2 = (+E_t, −β), L−1 map 1 = (−E_1, +β), map 2 = (+E_2, +β), FC weights on pooled maps 1 and 2 := the pooled copy weights w, those on the copy map := 0, b^L_k −= βΣw; case 2 (η < −b, b̃ ≥ −min v): b_t^{L−3} := b̃, L−2 maps 1, 2 and the copy map = (E_t, −(η + b̃)), L−1 copy-map bias η + b with the original b, FC on pooled maps 1, 2 := w and −w. Claim (the paper: "since average pooling operation is linear, the average poolings in feature maps of different paths are finally aggregated in the first fully connected layer"): every output of every sample equals that of θ, for every β ≥ 0 (case 1) and every η < −b, b̃ ≥ −min v (case 2). ' +
    'Proved on the whole ranges, exactly: only biases move, pooling adds no kink, so each output is piecewise linear in β (kinks only at the L−3 outputs a of channel t) resp. in η (kinks only at the v of channel t) and affine in b̃; the check compares exact outputs at two points of every affine piece (every kink, midpoints, two points beyond the last kink, and the drawn values).',
  hypotheses: HYP_GENERIC,
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: pooledInstance,
  detect: detectPooled,
  encode: encPI,
  decode: decPI,
  describe: (v) => describePooled(v, ['beta', 'case2']),
  check: (v): Outcome => {
    const st = pooledSetup(v);
    const out0 = exactOutputs(st.net, st.theta, v.data);
    const R0 = exactRisk(st.net, halfMse, st.theta, v.data);
    const cmp = (p: CnnParams, claimed: string, label: string): Outcome | null => {
      const th = toThetaPooled(st.net, p);
      const d = firstOutputDifference(out0, exactOutputs(st.net, th, v.data));
      if (!d) return null;
      return refute(
        claimed,
        `${label}: sample ${d.i + 1}, output ${d.k + 1} is ${q(d.b)} at θ′ but ${q(d.a)} at θ (R(θ) = ${q(R0)}, R(θ′) = ${q(exactRisk(st.net, halfMse, th, v.data))})`,
        { label, sample: d.i + 1, output: d.k + 1, theta: q(d.a), thetaPrime: q(d.b) },
      );
    };
    // case 1: the whole ray β ≥ 0
    const betas = distinctSorted([
      ...pieceTestPoints(
        st.a.flatMap((chs) => chs[st.t]),
        { lo: ZERO },
      ),
      v.beta,
    ]);
    for (const beta of betas) {
      const r = cmp(
        thetaPrimePooledCase1(st.s, st.params, st.t, st.k, beta),
        `θ′ (case 1, channel ${st.t + 1}, output ${st.k + 1}, pooled FC) has the outputs of θ for every β ≥ 0; checked at β ∈ {${betas.map(q).join(', ')}}`,
        `β = ${q(beta)}`,
      );
      if (r) return r;
    }
    // case 2: every η < −b, b̃ ≥ −min v
    const b = st.params.b1[st.t];
    const mv = minV(st.pre, st.t).neg();
    const etas = distinctSorted([
      ...pieceTestPoints(
        st.pre.flatMap((chs) => chs[st.t]),
        { hi: b.neg() },
      ),
      b.neg().sub(v.gap),
    ]);
    const bts = distinctSorted([mv, mv.add(v.extra), mv.add(v.extra).add(1)]);
    for (const bt of bts)
      for (const e of etas) {
        const r = cmp(
          thetaPrimePooledCase2(st.s, st.params, st.t, st.k, e, bt),
          `θ′ (case 2, channel ${st.t + 1}, output ${st.k + 1}, pooled FC) has the outputs of θ for every η < −b = ${q(b.neg())} and b̃ ≥ −min v = ${q(mv)}`,
          `η = ${q(e)}, b̃ = ${q(bt)}`,
        );
        if (r) return r;
      }
    return { ok: true, strength: 'proved' };
  },
};

// ---------------------------------------------------------------------------
// 2. Lemma 10's descent through the pooling.

export const descentWithPooling: Claim<PooledInstance> = {
  paper: PAPER,
  id: 'cnn.appd.descent-with-pooling',
  section:
    'App. D (general case) with App. C Lemma 10, eqs. (27)–(28), proof G.4; pooling App. A eq. (11); note §5f, §5d',
  title:
    'App. D: through the average pooling, the Lemma 10 bias perturbation of θ′ moves o_{i,k} by δb·D̃_i (D̃ with w̃ = Poolᵀ·FC weights) and lowers the risk, exactly quadratically',
  statement:
    'With the pooled network and θ′ of Lemma 9 (corrected, pooled FC), perturb b_2^{L−2} (case 1) or b_1^{L−2} (case 2) by δb. The perturbation passes through the pooling as an average, so with w̃ = (pooling matrix)ᵀ·(FC weights of output k on the pooled copy of channel t), i.e. w̃^j = ½·w^{⌊j/2⌋} at L−3 location j, D̃_i = Σ_j w̃^j·1[v_i^j > η] and G̃ = Σ_i u_i D̃_i: for |δb| < ρ (ρ = distance of η, resp. β, to the nearest v, resp. σ(v + b)), output k of sample i moves by exactly δb·D̃_i, the other outputs stay, R(θ′ + δb) = R(θ) + (δb/N)G̃ + (δb²/2N)ΣD̃² exactly, and R(θ′ + δb*) < R(θ) at δb* = −sgn(G̃)·min(ρ/2, |G̃|/ΣD̃²). The (channel, η) is chosen with G̃ ≠ 0 (the corrected biggest-threshold rule with w̃, else the first gap of v with G̃ ≠ 0), η ∉ {v}, η ≠ −b; under the biggest-threshold rule, G̃ = w̃^h·s_{q1(h)}. Checked exactly at δb*, −δb*, ±(9/10)ρ.',
  hypotheses: [
    ...HYP_GENERIC,
    'a (channel, output, η) with G̃ = Σ_i u_i D̃_i ≠ 0 exists (the descent needs it; instances without one are rejected and counted)',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: pooledInstance,
  detect: (v) => {
    const r = detectPooled(v);
    if (r) return r;
    const st = pooledSetup(v);
    return planLemma10Pooled(st.s, st.params, residuals(st.net, st.theta, v.data), v.data, v.extra)
      ? null
      : 'no (channel, output, η) with G̃ ≠ 0 (no usable split)';
  },
  encode: encPI,
  decode: decPI,
  describe: (v) => describePooled(v, ['extra']),
  check: (v): Outcome => {
    const st = pooledSetup(v);
    const { s, net, params } = st;
    const data = v.data,
      N = data.inputs.length;
    const u = residuals(net, st.theta, data);
    const plan = planLemma10Pooled(s, params, u, data, v.extra)!;
    const R = exactRisk(net, halfMse, st.theta, data);
    // D̃ and G̃ recomputed here from the pooled FC weights (independently of the plan)
    const wt = pooledCopyWeights(s, params, plan.t, plan.k);
    const Dt = st.pre.map((chs) => sum(chs[plan.t].map((x, j) => (x.compare(plan.eta) > 0 ? wt[j] : ZERO))));
    const Gt = sum(Dt.map((d, i) => d.mul(u[plan.k][i])));
    const desc = `channel ${plan.t + 1}, output ${plan.k + 1}, η = ${q(plan.eta)} (case ${plan.which}, ${plan.mode === 'selected' ? `biggest-threshold rule, location ${plan.h! + 1}` : 'a gap with G̃ ≠ 0'}), w̃ = (${wt.map(q).join(', ')}), D̃ = (${Dt.map(q).join(', ')}), G̃ = ${q(Gt)}, ρ = ${q(plan.rho)}`;
    const claimed = `through the pooling, o_{i,${plan.k + 1}} moves by δb·D̃_i, R(θ′ + δb) = R + (δb/N)G̃ + (δb²/2N)ΣD̃² for |δb| < ρ, and R(θ′ + δb*) < R(θ) [${desc}]`;
    if (Dt.some((d, i) => !d.equals(plan.D[i])) || !Gt.equals(plan.G))
      return refute(
        claimed,
        `the plan's D = (${plan.D.map(q).join(', ')}), G = ${q(plan.G)} differ from D̃, G̃ computed from w̃`,
        {},
      );
    const tp = thetaPrimePooledOf(s, params, plan);
    const thP = toThetaPooled(net, tp);
    const Rp = exactRisk(net, halfMse, thP, data);
    if (!Rp.equals(R)) return refute(claimed, `R(θ′) = ${q(Rp)} ≠ R(θ) = ${q(R)}`, { risk: q(R), riskPrime: q(Rp) });
    const outP = exactOutputs(net, thP, data);
    const best = bestDeltaB(plan);
    for (const db of [best, best.neg(), plan.rho.mul(F('9/10')), plan.rho.mul(F('-9/10'))]) {
      const th2 = toThetaPooled(net, perturbLemma10(tp, plan.which, db));
      const out = exactOutputs(net, th2, data);
      for (let i = 0; i < N; i++)
        for (let k = 0; k < s.dy; k++) {
          const w = k === plan.k ? outP[i][k].add(db.mul(Dt[i])) : outP[i][k];
          if (!out[i][k].equals(w))
            return refute(
              claimed,
              `at δb = ${q(db)}: sample ${i + 1}, output ${k + 1} is ${q(out[i][k])}, expected ${q(w)} (o′ + δb·D̃_i on output ${plan.k + 1}, unchanged elsewhere)`,
              { deltaB: q(db), sample: i + 1, output: k + 1, got: q(out[i][k]), want: q(w) },
            );
        }
      const got = exactRisk(net, halfMse, th2, data);
      const want = predictedLemma10Risk(R, plan, db, N);
      if (!got.equals(want))
        return refute(claimed, `at δb = ${q(db)}: R = ${q(got)}, the formula gives ${q(want)}`, {
          deltaB: q(db),
          got: q(got),
          want: q(want),
        });
    }
    const Rb = exactRisk(net, halfMse, toThetaPooled(net, perturbLemma10(tp, plan.which, best)), data);
    if (Rb.compare(R) >= 0)
      return refute(claimed, `at δb* = ${q(best)}: R = ${q(Rb)} is not below R(θ) = ${q(R)}`, {
        deltaB: q(best),
        risk: q(Rb),
      });
    if (plan.mode === 'selected' && !plan.G.equals(wt[plan.h!].mul(plan.groupSum!)))
      return refute(
        claimed,
        `under the biggest-threshold rule G̃ should be w̃^h·s_{q1(h)} = ${q(wt[plan.h!])}·${q(plan.groupSum!)}, but G̃ = ${q(plan.G)}`,
        { G: q(plan.G) },
      );
    return { ok: true, strength: 'proved' };
  },
};

// ---------------------------------------------------------------------------
// 3. Lemma 6 with pooling: as printed (reserved maps at bias 0) and repaired (bias −1).

export interface PooledGenuineInstance {
  shape: CnnShape;
  /** [T3][C0][3]; the L−3 biases are set to 1 − min v per channel (all active, margin ≥ 1) */
  filter: Fraction[][][];
  data: Dataset;
}

/**
 * One input channel, P ∈ {2, 4}, two L−3 channels (both forwarded: T2 = T1 = 4), filters with centre
 * tap 1 and side taps in {−1/2, −1/4, 0, 1/4, 1/2}; distinct integer inputs in −3..3, labels not
 * affine in x. The detector requires R(θ) = the best affine fit of the labels over x (true when the pooled
 * features determine x).
 */
export function pooledGenuineInstance(): fc.Arbitrary<PooledGenuineInstance> {
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
            .tuple(
              ...[0, 1].map(() => fc.tuple(side, fc.constant(new Fraction(1)), side).map((taps) => [taps.slice()])),
            )
            .map((f) => f.slice()),
          xs: fc.uniqueArray(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d }), {
            minLength: d + 2,
            maxLength: d + 4,
            selector: (r) => r.join(','),
          }),
          ys: fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: dy, maxLength: dy }), {
            minLength: d + 4,
            maxLength: d + 4,
          }),
        })
        .map(({ shape, filter, xs, ys }) => ({
          shape,
          filter,
          data: notAffinelyFittable(
            xs.map((r) => r.map((x) => new Fraction(x))),
            ys.slice(0, xs.length).map((r) => r.map((x) => new Fraction(x))),
          ),
        }));
    });
}

const encPG = (v: PooledGenuineInstance): Json => ({
  shape: encShape(v.shape),
  filter: encFilter(v.filter),
  data: encData(v.data),
});
const decPG = (j: Json): PooledGenuineInstance => ({
  shape: decShape(field(j, 'shape', 'value')),
  filter: decFilter(field(j, 'filter', 'value'), 'value.filter'),
  data: decData(field(j, 'data', 'value'), 'value.data'),
});

/** θ of Lemma 6 on the pooled network: L−3 bias 1 − min v, FC on the pooled copies by exact least squares. */
export function pooledGenuineSetup(v: PooledGenuineInstance) {
  const s = v.shape;
  const pre = preActivations(s, v.filter, v.data);
  const bias = v.filter.map((_, t) => F(1).sub(minV(pre, t)));
  const a = l3Outputs(s, v.filter, bias, v.data);
  const feats = pooledForwardedFeatures(s, a);
  const ls = leastSquaresFc(feats, v.data);
  const sub: Subnet = { shape: s, filter: v.filter, bias, fc: ls.fc, bL: ls.bL };
  const net = pooledCnnNetwork(s);
  const params = lemma6PooledParams(sub);
  const theta = toThetaPooled(net, params);
  const risk = exactRisk(net, halfMse, theta, v.data);
  return { s, net, sub, params, theta, risk, a, feats, pre };
}

export function detectPooledGenuine(v: PooledGenuineInstance): string | null {
  const s = v.shape;
  if (s.P % 2 !== 0) return 'P is odd';
  if (v.filter.length !== s.T3 || v.filter.some((m) => m.length !== s.C0 || m.some((c) => c.length !== 3)))
    return 'filters do not match the shape';
  if (v.data.inputs.some((x) => x.length !== s.C0 * s.P) || v.data.targets.some((y) => y.length !== s.dy))
    return 'data do not match the shape';
  const st = pooledGenuineSetup(v);
  if (st.risk.n === 0n) return 'R(θ) = 0';
  const opt = affineOptimum(v.data);
  if (!st.risk.equals(opt))
    return `not a subnetwork local minimum certified by the affine bound: R(θ) = ${q(st.risk)} > ${q(opt)} (x ↦ pooled forwarded features is not injective)`;
  const fwd = st.a.map((chs) =>
    chs
      .slice(0, forwarded(s))
      .flat()
      .map((x) => x.toFraction())
      .join(','),
  );
  const i = fwd.findIndex((k, n) => fwd.indexOf(k) !== n);
  if (i >= 0) return `Assumption 1 fails: samples ${fwd.indexOf(fwd[i]) + 1} and ${i + 1} have the same o^{L−1}`;
  return null;
}

function describePooledGenuine(v: PooledGenuineInstance): string {
  const st = pooledGenuineSetup(v);
  const u = residuals(st.net, st.theta, v.data);
  return [
    archLine(st.s),
    `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
    `L−3 filters [channel][input channel](left, centre, right):\n${filterText(v.filter)}`,
    `L−3 biases (1 − min v: every L−3 unit active with margin ≥ 1): ${st.sub.bias.map(q).join(', ')}`,
    `FC on the pooled copies = exact least squares; R(θ) = ${q(st.risk)} = the optimum over all affine maps of x`,
    `u (o − y) per output: ${u.map((r) => `(${r.map(q).join(', ')})`).join(' ')}`,
    `θ of Lemma 6 (eq. 23) on the pooled network:\n${paramTable(st.net, st.theta)}`,
  ].join('\n');
}

const HYP_GENUINE = [
  ...HYP_ARCH,
  'a genuine subnetwork local minimum (what Lemma 6 assumes): every L−3 pre-activation ≥ 1 (so near θ the subnetwork is an affine function of x), FC on the pooled copies = exact least squares, and R(θ) equals the best fit of the labels by ANY affine map of x (checked exactly; it holds when x ↦ pooled forwarded L−3 outputs is injective, and sometimes by coincidence of the data), so no nearby subnetwork point does better',
  'Assumption 1 (the o^{L−1,i} pairwise distinct), non-degeneracy (every L−3 unit on), R(θ) > 0',
];

/** Parameter index → plain words on the pooled network. */
function pooledParamName(s: CnnShape, net: Network, idx: number): string {
  const view = net.views.find((x) => idx >= x.offset && idx < x.offset + x.size);
  if (!view) return `parameter ${idx + 1}`;
  const off = idx - view.offset;
  const layer = Number(view.name.slice(5, 6));
  const lname = ['', 'L−3', 'L−2', 'L−1', '', 'FC'][layer];
  if (view.name.endsWith('.bias'))
    return layer === 5 ? `output bias b^L_${off + 1}` : `${lname} bias of map ${off + 1}`;
  const Q = pooledPositions(s);
  if (layer === 5) {
    const k = Math.floor(off / (s.T1 * Q)),
      col = off % (s.T1 * Q);
    return `FC weight (output ${k + 1}, pooled L−1 map ${Math.floor(col / Q) + 1}, pooled position ${(col % Q) + 1})`;
  }
  const cin = layer === 1 ? s.C0 : layer === 2 ? s.T3 : s.T2;
  return `${lname} filter of map ${Math.floor(off / (cin * 3)) + 1}, ${['left', 'centre', 'right'][off % 3]} tap on input channel ${(Math.floor(off / 3) % cin) + 1}`;
}

/** "θ is a local minimum" on the pooled network: the reserved-map rays through the pooling, then the toolkit's descent search; every descent confirmed exactly. */
function decidePooledLocalMin(v: PooledGenuineInstance): Outcome {
  const st = pooledGenuineSetup(v);
  const what = `θ (eq. 23 on the pooled network, a genuine subnetwork local minimum, R(θ) = ${q(st.risk)}) is a local minimum of the whole network`;
  const N = v.data.inputs.length;
  const sd = findPooledReservedDescent(st.net, st.s, st.params, v.data);
  if (sd) {
    const an = analyseCurve(st.net, halfMse, v.data, rayCurve(st.theta, sd.direction));
    const same =
      an.riskPolynomial.length === sd.predicted.length && an.riskPolynomial.every((c, i) => c.equals(sd.predicted[i]));
    const e = descentAlong(st.net, halfMse, v.data, rayCurve(st.theta, sd.direction), 'bilinear');
    if (e && same) {
      const cText = sd.c.map((r, ch) => `ch${ch + 1}(${r.map(q).join(', ')})`).join(' ');
      return refute(
        what,
        `θ is a saddle. Move only the reserved map: L−2 map 1 filter := ε·c with c = ${cText} (${sd.how}), its bias := −ε·${q(sd.tau)}, and the FC weight on pooled position ${sd.q + 1} of L−1 map 1 (which copies L−2 map 1) := ${sd.F.s < 0n ? '+' : '−'}ε (output ${sd.k + 1}). ` +
          `The pooled reserved values are g_i = ½(σ(c·z_i^{${2 * sd.q + 1}} − τ) + σ(c·z_i^{${2 * sd.q + 2}} − τ)) = (${sd.g.map(q).join(', ')}) (z_i^p: the L−3 patch at position p) and F = Σ u_i g_i = ${q(sd.F)}, so exactly R(θ + ε·d) = ${Poly.polyToString(an.riskPolynomial, 'ε')} (= R − (|F|/N)ε² + (Σg²/2N)ε⁴, N = ${N}); at ε = ${e.t}: R = ${e.riskAtT} < R(θ) = ${e.risk}.`,
        {
          reserved: { k: sd.k + 1, q: sd.q + 1, c: sd.c.map(encQs), tau: q(sd.tau), F: q(sd.F), g: encQs(sd.g) },
          descent: e as unknown as Json,
        },
      );
    }
  }
  const d = descentSearch(st.net, halfMse, st.theta, v.data, { maxKinks: 0, randomDirections: 8, bilinearPerUnit: 2 });
  if (d.strength === 'refuted') {
    const e = d.evidence as DescentEvidence;
    const moved = e.curve.map((c, p) => ({ p, c })).filter(({ c }) => c.slice(1).some((x) => x !== '0'));
    const words = moved
      .slice(0, 6)
      .map(
        ({ p, c }) =>
          `${pooledParamName(st.s, st.net, p)} ${c[0]} → ${c[0]} + ${c
            .slice(1)
            .map((x, i) => `(${x})·t${i ? `^${i + 1}` : ''}`)
            .join(' + ')}`,
      )
      .join('; ');
    return refute(
      what,
      `θ is not a local minimum (the reserved-map rays found no descent; the toolkit's exact search did, along a ${e.method} direction). Moving ${moved.length} parameter(s) — ${words}${moved.length > 6 ? ' …' : ''} — R(t) = ${e.riskPolynomial.map((c, i) => `${c}·t^${i}`).join(' + ')} on the piece for small t > 0; its order-${e.order} coefficient ${e.leadingCoefficient} < 0, and exactly R(t = ${e.t}) = ${e.riskAtT} < R(θ) = ${e.risk}.`,
      d.evidence as unknown as Json,
    );
  }
  return { ok: true, strength: 'evidence' };
}

const genuineCommon = {
  paper: PAPER,
  arithmetic: 'exact' as const,
  generatorVersion: 1,
  generate: pooledGenuineInstance,
  detect: detectPooledGenuine,
  encode: encPG,
  decode: decPG,
  describe: describePooledGenuine,
  hypotheses: HYP_GENUINE,
};

export const lemma6WithPooling: Claim<PooledGenuineInstance> = {
  ...genuineCommon,
  id: 'cnn.appd.lemma6-with-pooling',
  section:
    'App. D (general case: "by reserving the first two feature maps … we can obtain a local minimum θ") with App. C Lemma 6, eq. (23); proof G.1; note §5f, §5h',
  title:
    'App. D as printed: with average pooling before the FC layer, the eq. (23) point of a subnetwork local minimum is a local minimum of the whole CNN',
  statement:
    "App. D says that, with pooling layers above the two consecutive conv layers, reserving the first two feature maps (zero filters, biases and FC weights, as in eq. 23) and minimising the loss of the remaining subnetwork gives a local minimum θ. Claim: for a genuine subnetwork local minimum (all L−3 units on, FC on the pooled copies the exact least-squares fit), θ is a local minimum of the whole pooled network. Decided exactly: the rays through the reserved L−2 map 1 (filter ε·c, bias −ε·τ, FC weight ±ε on one pooled position of L−1 map 1, which copies it) change the risk by −(|F|/N)ε² + O(ε⁴) with F = Σ_i u_i·(pooled σ(c·z_i − τ)); (c, τ) are computed from the instance and the descent confirmed by the exact curve analysis; if none, the toolkit's exact descent search.",
  expected: 'refuted',
  correctedBy: 'cnn.appd.lemma6-repaired-with-pooling',
  runs: 100,
  check: decidePooledLocalMin,
};

export const lemma6RepairedWithPooling: Claim<PooledGenuineInstance> = {
  ...genuineCommon,
  id: 'cnn.appd.lemma6-repaired-with-pooling',
  section: 'App. D (general case) with App. C Lemma 6, eq. (23), and our repair (reserved-map biases −1 instead of 0)',
  title:
    'App. D repaired: with average pooling and the reserved maps strictly off (bias −1), θ is a local minimum of the whole CNN',
  statement:
    "Our repair, not the paper's construction: in eq. (23) on the pooled network give the reserved maps 1, 2 of layers L−2 and L−1 (and any map that copies nothing) bias −1 instead of 0. Their outputs stay 0, so every output is unchanged, but no unit sits on a ReLU kink. Claim: for a genuine subnetwork local minimum the repaired θ is strictly inside one activation cell and is a local minimum of the whole pooled network, proved exactly by the toolkit (inside the cell the network is affine in x on every sample, and θ attains the best affine fit).",
  hypotheses: [
    ...HYP_GENUINE,
    'OUR REPAIR of eq. (23): the reserved maps 1, 2 of L−2 and L−1 (and any map that copies nothing) get bias −1 instead of 0',
  ],
  expected: 'holds',
  runs: 200,
  check: (v): Outcome => {
    const st = pooledGenuineSetup(v);
    const rep = repairedPooledLemma6(st.net, st.params, v.data);
    const a = exactOutputs(st.net, st.theta, v.data),
      b = exactOutputs(st.net, rep.theta, v.data);
    const d = firstOutputDifference(a, b);
    if (d)
      return refute(
        'the repair (bias −1 on maps that output 0) changes no output',
        `sample ${d.i + 1}, output ${d.k + 1}: ${q(d.a)} at θ, ${q(d.b)} after the repair`,
        null,
      );
    if (!activationPattern(st.net, rep.theta, v.data).interior)
      return refute('after the repair no pre-activation is exactly 0', 'some pre-activation is still exactly 0', null);
    const lm = analyseLocalMin(st.net, halfMse, rep.theta, v.data, { noProbes: true });
    if (lm.strength === 'proved') return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: lm.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: 'the repaired θ is a local minimum of the whole pooled network',
      computed: `the toolkit says ${lm.strength}: ${lm.summary}`,
      evidence: { theta: encQs(rep.theta) },
    };
  },
};

export const cnnPoolingClaims: AnyClaim[] = [
  thetaPrimeWithPooling,
  descentWithPooling,
  lemma6WithPooling,
  lemma6RepairedWithPooling,
];
