/**
 * The instances of Theorem 3 (App. B; note §4 Theorem 3, §5e, §3.2 C7): an
 * architecture, the split pixel, data, the constants c_l, and optionally a
 * random second subnetwork. Constructions: src/papers/cnn/theorem3.ts.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { dataset, type Dataset } from '../../model/data.js';
import { toRat } from '../../numeric/rational.js';
import {
  fcQ,
  firstTerm,
  pixel,
  split,
  theta1Expressive,
  theta1From,
  type SubNet,
  type T3Arch,
  windowPositions,
  type Theta1,
} from '../../papers/cnn/index.js';
import { dataTable, encQ, netSummary, paramTable } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, rationalRows, rationals } from '../schema.js';
import { nat, vec } from './parts.js';

export interface T3Value {
  arch: T3Arch;
  /** the split pixel: channel 1 (0-based channel 0), position k (0-based) */
  k: number;
  data: Dataset;
  /** c_l = just sufficient + extra_l (extra_l ≥ 1) */
  extra: Fraction[];
  /** a random second subnetwork (output-formula, compensation); absent: the expressive one with exact least squares */
  sub?: SubNet;
  /** compensation: further constants added on top of c */
  extra2?: Fraction[];
}

// ---------------------------------------------------------------------------
// generators (shrink toward P = 2, C0 = 1, L small, d_y = 1, few samples, small integers)

const smallInt = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => toRat(n));

function archArb(o: { minL: number; maxL: number }): fc.Arbitrary<T3Arch> {
  return fc
    .record({
      P: fc.integer({ min: 2, max: 5 }),
      C0: fc.integer({ min: 1, max: 2 }),
      L: fc.integer({ min: o.minL, max: o.maxL }),
      more: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
      dy: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ P, C0, L, more, dy }) => ({ P, C0, L, T: Array.from({ length: L - 1 }, (_, i) => C0 + 1 + more[i]), dy }));
}

/** With App. B's pooling (size 2 before the dense layer): P ∈ {2, 4}, T_l ≥ 2·C0 + 1 (the pooled expressive subnetwork). */
function pooledArchArb(o: { minL: number; maxL: number }): fc.Arbitrary<T3Arch> {
  return fc
    .record({
      P: fc.constantFrom(2, 4),
      C0: fc.integer({ min: 1, max: 2 }),
      L: fc.integer({ min: o.minL, max: o.maxL }),
      more: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
      dy: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ P, C0, L, more, dy }) => ({
      P,
      C0,
      L,
      T: Array.from({ length: L - 1 }, (_, i) => 2 * C0 + 1 + more[i]),
      dy,
      pool: 2,
    }));
}

const extraArb = (a: T3Arch) => fc.array(smallInt(1, 4), { minLength: a.L - 1, maxLength: a.L - 1 });

/** Data meeting only the stated hypotheses: small integers (ties in x^k happen, so |I| ≥ 2 occurs). */
function generalData(a: T3Arch, minN: number, maxN: number) {
  const dx = a.C0 * a.P;
  return fc
    .array(
      fc.tuple(
        fc.array(smallInt(-3, 3), { minLength: dx, maxLength: dx }),
        fc.array(smallInt(-3, 3), { minLength: a.dy, maxLength: a.dy }),
      ),
      { minLength: minN, maxLength: maxN },
    )
    .map((s) =>
      dataset(
        s.map((r) => r[0]),
        s.map((r) => r[1]),
      ),
    );
}

/** Data meeting C7 by construction: a unique largest x^k, and channel-1 pixels q ≠ k strictly below −c_p on every sample. */
function c7Data(a: T3Arch, k: number, minN: number, maxN: number) {
  const dx = a.C0 * a.P;
  return fc
    .record({
      xk: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: minN - 1, maxLength: maxN - 1 }),
      star: fc.nat(),
      gap: fc.integer({ min: 1, max: 3 }),
      below: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: a.P, maxLength: a.P }), {
        minLength: maxN,
        maxLength: maxN,
      }),
      other: fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: dx, maxLength: dx }), {
        minLength: maxN,
        maxLength: maxN,
      }),
      y: fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: a.dy, maxLength: a.dy }), {
        minLength: maxN,
        maxLength: maxN,
      }),
    })
    .map(({ xk, star, gap, below, other, y }) => {
      const N = xk.length + 1;
      const iStar = star % N;
      const top = Math.max(...xk) + gap;
      const xs = [...xk.slice(0, iStar), top, ...xk.slice(iStar)];
      const second = Math.max(...xk);
      const thr = Math.floor((top + second) / 2) - 1; // strictly below −c_p = (top + second)/2
      const inputs = xs.map((v, i) =>
        Array.from({ length: dx }, (_, m) => {
          if (m >= a.P) return toRat(other[i][m]); // input channel 2: free
          if (m === k) return toRat(v);
          return toRat(Math.min(other[i][m], thr - below[i][m]));
        }),
      );
      return dataset(
        inputs,
        y.slice(0, N).map((r) => r.map((t) => toRat(t))),
      );
    });
}

/** A random second subnetwork (channels ≥ 2): filters, biases and FC weights in −2..2. */
function subArb(a: T3Arch): fc.Arbitrary<SubNet> {
  const v = smallInt(-2, 2);
  const filters = fc.tuple(
    ...a.T.map((Tl, li) =>
      fc.array(
        fc.array(fc.array(v, { minLength: 3, maxLength: 3 }), {
          minLength: li === 0 ? a.C0 : a.T[li - 1] - 1,
          maxLength: li === 0 ? a.C0 : a.T[li - 1] - 1,
        }),
        { minLength: Tl - 1, maxLength: Tl - 1 },
      ),
    ),
  );
  const biases = fc.tuple(...a.T.map((Tl) => fc.array(v, { minLength: Tl - 1, maxLength: Tl - 1 })));
  const w = (a.T[a.L - 2] - 1) * fcQ(a); // the dense layer reads P positions per map, or the pooled windows
  return fc.record({
    filters: filters.map((x) => x as Fraction[][][][]),
    biases: biases.map((x) => x as Fraction[][]),
    fc: fc.array(fc.array(v, { minLength: w, maxLength: w }), { minLength: a.dy, maxLength: a.dy }),
    fcBias: fc.array(v, { minLength: a.dy, maxLength: a.dy }),
  });
}

export function valueArb(o: {
  minL: number;
  maxL: number;
  c7: boolean;
  randomSub: boolean;
  extra2?: boolean;
  minN: number;
  maxN: number;
  /** App. B's pooling of size 2 before the dense layer */
  pooled?: boolean;
}): fc.Arbitrary<T3Value> {
  return (o.pooled ? pooledArchArb(o) : archArb(o)).chain((arch) =>
    fc.integer({ min: 0, max: arch.P - 1 }).chain((k) =>
      fc
        .record({
          arch: fc.constant(arch),
          k: fc.constant(k),
          data: o.c7 ? c7Data(arch, k, o.minN, o.maxN) : generalData(arch, o.minN, o.maxN),
          extra: extraArb(arch),
          sub: o.randomSub ? subArb(arch) : fc.constant(undefined),
          extra2: o.extra2
            ? fc.array(smallInt(0, 5), { minLength: arch.L - 1, maxLength: arch.L - 1 })
            : fc.constant(undefined),
        })
        .map((r) => {
          const v: T3Value = { arch: r.arch, k: r.k, data: r.data, extra: r.extra };
          if (r.sub) v.sub = r.sub;
          if (r.extra2) v.extra2 = r.extra2;
          return v;
        }),
    ),
  );
}

// ---------------------------------------------------------------------------
// shared pieces

export function build(v: T3Value): (Theta1 & { sub: SubNet }) | null {
  if (v.sub) {
    const s = split(v.arch, v.data, v.k);
    return s ? theta1From(v.arch, v.sub, v.data, v.k, s, v.extra) : null;
  }
  return theta1Expressive(v.arch, v.data, v.k, v.extra);
}

export function shapeReason(v: T3Value, o: { c7: boolean; L?: [number, number]; randomSub: boolean }): string | null {
  const a = v.arch;
  const dx = a.C0 * a.P;
  if (v.data.inputs.some((x) => x.length !== dx) || v.data.targets.some((y) => y.length !== a.dy))
    return 'data do not fit the architecture';
  if (a.T.some((T) => T < 2)) return 'a conv layer has fewer than 2 filters (T_l ≥ 2)';
  if (a.T.some((T) => (T - 1) * fcQ(a) < a.dy)) return 'n_l − P_{l−1} < d_y';
  if ((a.pool ?? 1) > 1) {
    if (a.pool !== 2 || a.P % 2 !== 0) return 'the pooling must be of size 2 on an even number of positions';
    if (!o.randomSub && a.T.some((T) => T < 2 * a.C0 + 1))
      return `the pooled second subnetwork cannot express every affine map (needs T_l ≥ 2·C0 + 1 = ${2 * a.C0 + 1})`;
  }
  if (!o.randomSub && a.T.some((T) => T < a.C0 + 1))
    return `the second subnetwork cannot express every affine map (needs T_l ≥ C0 + 1 = ${a.C0 + 1})`;
  if (o.L && (a.L < o.L[0] || a.L > o.L[1])) return `depth L = ${a.L} outside ${o.L[0]}..${o.L[1]}`;
  if (v.extra.length !== a.L - 1 || v.extra.some((e) => e.s < 0n || e.n === 0n))
    return 'the constants c_l are not strictly more than sufficient';
  if (v.extra2 && (v.extra2.length !== a.L - 1 || v.extra2.some((e) => e.s < 0n && e.n !== 0n)))
    return 'extra2 must be ≥ 0';
  const s = split(a, v.data, v.k);
  if (!s) return 'I = [N]: every sample has the largest x^k, so j* does not exist';
  if (o.c7) {
    if (s.I.length !== 1) return `|I| = ${s.I.length} ≠ 1: more than one sample has the largest x^k`;
    // the pixels outside the window of k (without pooling: every pixel other than k)
    const win = windowPositions(a, v.k);
    for (const [i, x] of v.data.inputs.entries())
      for (let qq = 0; qq < a.P; qq++)
        if (!win.includes(qq) && x[pixel(a, 0, qq)].add(s.cp).s >= 0n && x[pixel(a, 0, qq)].add(s.cp).n !== 0n)
          return `channel-1 pixel ${qq + 1} of sample ${i + 1} is not below −c_p`;
    for (const [i, x] of v.data.inputs.entries())
      for (let qq = 0; qq < a.P; qq++)
        if (!win.includes(qq) && x[pixel(a, 0, qq)].add(s.cp).n === 0n)
          return `channel-1 pixel ${qq + 1} of sample ${i + 1} equals −c_p`;
  }
  return null;
}

export function describeT3(v: T3Value): string {
  const t = build(v);
  const a = v.arch;
  const lines = [
    `1-D CNN: ${a.C0} input channel(s) × ${a.P} positions, ${a.L - 1} conv layer(s) (kernel 3, same padding, ReLU, filters ${a.T.join(', ')}), ${(a.pool ?? 1) > 1 ? `average pooling of size ${a.pool} within each map (${a.P} → ${a.P / a.pool!} positions), ` : ''}dense output with ${a.dy} unit(s); risk = mean of ½‖o − y‖²`,
    `split pixel: channel 1, position k = ${v.k + 1}`,
    `data:\n${dataTable(v.data)}`,
  ];
  if (t) {
    lines.push(
      `I = {${t.split.I.map((i) => i + 1).join(', ')}}, i* = ${t.split.iStar + 1}, j* = ${t.split.jStar + 1}, c_p = ${encQ(t.split.cp)} (eq. 9), z = ${encQ(t.split.z)}`,
    );
    if ((a.pool ?? 1) > 1) {
      const win = windowPositions(a, v.k);
      lines.push(
        `pooling window of k: positions ${win.map((p) => p + 1).join(', ')}; the split is on m_i = the largest channel-1 input there, and the first subnetwork adds z_i·λ with z_i = Σ over the window of σ(x^p + c_p), per sample: ${vec(v.data.inputs.map((x) => firstTerm(a, x, v.k, t.split.cp)))}`,
      );
    }
    lines.push(
      `W_2 (eq. 20, rows [x | 1]): ${t.W2.map((r) => vec(r)).join('; ')}; λ = ${vec(t.lambda)}; c_l = ${vec(t.c)}; Δo^L = ${vec(t.deltaOL)}`,
    );
    lines.push(`network:\n${netSummary(t.net)}`, `θ₁:\n${paramTable(t.net, t.theta)}`);
  }
  return lines.join('\n');
}

export const HYP_ARCH =
  'a 1-D CNN: L − 1 conv layers (kernel 3, same zero padding, stride 1, ReLU, tied bias), T_l ≥ 2 filters, (T_l − 1)·P ≥ d_y, then a dense linear output layer; P ∈ [2, 5], C0 ∈ {1, 2}, d_y ∈ {1, 2}';
export const HYP_SPLIT =
  'I = the samples with the largest x^k (input channel 1, position k) is not all of [N], so j* exists';
export const HYP_LOSS = "squared loss ½‖o − y‖², mean over the N samples (the paper's, G.8)";
export const HYP_C = 'c_l strictly larger than needed to make every second-subnetwork ReLU active on every sample';

const bounded = (min: number, max: number) => z.number().int().min(min).max(max);

const t3Codec = z
  .object({
    arch: z
      .object({
        P: bounded(1, 64),
        C0: bounded(1, 8),
        L: bounded(2, 8),
        T: z.array(bounded(1, 16)),
        dy: bounded(1, 8),
        pool: bounded(1, 8).optional(),
      })
      .refine((a) => a.T.length === a.L - 1, { message: 'expected L − 1 filter counts', path: ['T'] }),
    k: nat,
    data: datasetCodec,
    extra: rationals,
    sub: z
      .object({ filters: z.array(z.array(rationalRows)), biases: rationalRows, fc: rationalRows, fcBias: rationals })
      .optional(),
    extra2: rationals.optional(),
  })
  .refine((v) => v.k < v.arch.P, { message: 'the split position k must be one of the P positions', path: ['k'] });

/** Theorem 3 instances from a generator and a detector (each claim states its hypotheses). */
export const t3Values = (generate: () => fc.Arbitrary<T3Value>, detect: (v: T3Value) => string | null) =>
  instanceKind<T3Value>({ generate, detect, codec: t3Codec, describe: describeT3 });

/** Data meeting C7 at depths L ∈ [min, max], with an expressive second subnetwork and λ ≠ 0 (optionally App. B's pooling). */
export const c7WithLambda = (L: [number, number], pooled = false) =>
  t3Values(
    () => valueArb({ minL: L[0], maxL: L[1], c7: true, randomSub: false, minN: 4, maxN: 12, pooled }),
    (v) =>
      shapeReason(v, { c7: true, L, randomSub: false }) ??
      (build(v)!.lambda.every((l) => l.n === 0n) ? 'λ = 0: W_2 already fits y_{i*}' : null),
  );
