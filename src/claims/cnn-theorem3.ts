/**
 * Theorem 2/3 of "Spurious local minima provably exist for deep convolutional
 * neural networks": the non-trivial local minimum θ₁ with explicit activation
 * patterns. Constructions: src/papers/cnn-theorem3.ts.
 *
 * Claims (note §4 Theorem 3, §5e, §3.2 C7, §7 P19–P21, §8 T9):
 *  output-formula   eq. (9)/(10) split with margin z, eq. (96), eqs. (15)/(98)   holds, exact
 *  compensation     eq. (22): large c_l + b^L − Δo^L leave outputs unchanged    holds, exact
 *  local-min        Theorem 3 as printed                                        refuted (toolkit)
 *  local-min-c7     under C7, L = 2: a local minimum (certificate), non-trivial holds, proved
 *  local-min-c7-deep under C7 with L ≥ 3 (the zero-valued channel-1 units of
 *                   layers ≥ 2 sit on kinks)                                   refuted (exact hinge descent)
 *  local-min-c7-deep-repaired  OUR repair for L ≥ 3: channel-1 copy biases
 *                   −z_{l−1}/2 (strictly off units), FC weight λ·2^{L−2}       holds, proved (pattern-class certificate)
 *
 * The note's T9(e) says C7 suffices at every depth: that is WRONG for L ≥ 3
 * (local-min-c7-deep is refuted by an exact descent); C7 suffices at L = 2,
 * and at L ≥ 3 with the bias repair.
 *
 * C7 is spelled out in plain words (C7_WORDS) wherever a user-facing string
 * uses it: `spurious show` does not print the hypotheses.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../landscape/analyse.js';
import { descentSearch } from '../landscape/descent.js';
import type { DescentEvidence, Verdict } from '../landscape/verdict.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactGradient, exactOutputs, exactRisk } from '../model/exact.js';
import {
  applyAffine,
  cnnLoss,
  hingeDescent,
  repairDeep,
  paramName,
  pixel,
  split,
  subForms,
  theta1Expressive,
  theta1From,
  type SubNet,
  type T3Arch,
  type Theta1,
} from '../papers/cnn-theorem3.js';
import { CodecError, dataTable, decData, decQs, encData, encQ, encQs, field, netSummary, paramTable } from './codec.js';
import type { AnyClaim, Claim, Json, Outcome } from './types.js';

const PAPER = 'cnn-spurious-minima.txt';
const q = encQ;
const F = (x: number | string) => new Fraction(x as number);
const F0 = F(0);
const relu = (x: Fraction) => (x.s > 0n && x.n !== 0n ? x : F0);
const vec = (xs: readonly Fraction[]) => `(${xs.map(q).join(', ')})`;

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
// codec

type Nested = Fraction | Nested[];
const encNested = (x: Nested): Json => (Array.isArray(x) ? x.map(encNested) : q(x));
function decNested(j: Json, where: string): Nested {
  if (Array.isArray(j)) return j.map((e, i) => decNested(e, `${where}[${i}]`));
  return decQs([j], where)[0];
}
const int = (j: Json, where: string, min: number, max: number): number => {
  if (typeof j !== 'number' || !Number.isInteger(j) || j < min || j > max)
    throw new CodecError(`${where}: expected an integer in [${min}, ${max}], got ${JSON.stringify(j)}`);
  return j;
};

function encode(v: T3Value): Json {
  const o: Record<string, Json> = {
    arch: { P: v.arch.P, C0: v.arch.C0, L: v.arch.L, T: v.arch.T, dy: v.arch.dy },
    k: v.k,
    data: encData(v.data),
    extra: encQs(v.extra),
  };
  if (v.sub)
    o.sub = {
      filters: encNested(v.sub.filters),
      biases: encNested(v.sub.biases),
      fc: encNested(v.sub.fc),
      fcBias: encQs(v.sub.fcBias),
    };
  if (v.extra2) o.extra2 = encQs(v.extra2);
  return o;
}

function decode(j: Json): T3Value {
  const a = field(j, 'arch', 'value');
  const L = int(field(a, 'L', 'value.arch'), 'value.arch.L', 2, 8);
  const T = field(a, 'T', 'value.arch');
  if (!Array.isArray(T) || T.length !== L - 1) throw new CodecError(`value.arch.T: expected ${L - 1} filter counts`);
  const arch: T3Arch = {
    P: int(field(a, 'P', 'value.arch'), 'value.arch.P', 1, 64),
    C0: int(field(a, 'C0', 'value.arch'), 'value.arch.C0', 1, 8),
    L,
    T: T.map((t, i) => int(t, `value.arch.T[${i}]`, 1, 16)),
    dy: int(field(a, 'dy', 'value.arch'), 'value.arch.dy', 1, 8),
  };
  const k = int(field(j, 'k', 'value'), 'value.k', 0, arch.P - 1);
  const v: T3Value = {
    arch,
    k,
    data: decData(field(j, 'data', 'value'), 'value.data'),
    extra: decQs(field(j, 'extra', 'value'), 'value.extra'),
  };
  const o = j as Record<string, Json>;
  if (o.sub !== undefined) {
    v.sub = {
      filters: decNested(field(o.sub, 'filters', 'value.sub'), 'value.sub.filters') as Fraction[][][][],
      biases: decNested(field(o.sub, 'biases', 'value.sub'), 'value.sub.biases') as Fraction[][],
      fc: decNested(field(o.sub, 'fc', 'value.sub'), 'value.sub.fc') as Fraction[][],
      fcBias: decQs(field(o.sub, 'fcBias', 'value.sub'), 'value.sub.fcBias'),
    };
  }
  if (o.extra2 !== undefined) v.extra2 = decQs(o.extra2, 'value.extra2');
  return v;
}

// ---------------------------------------------------------------------------
// generators (shrink toward P = 2, C0 = 1, L small, d_y = 1, few samples, small integers)

const smallInt = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => F(n));

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
          if (m >= a.P) return F(other[i][m]); // input channel 2: free
          if (m === k) return F(v);
          return F(Math.min(other[i][m], thr - below[i][m]));
        }),
      );
      return dataset(
        inputs,
        y.slice(0, N).map((r) => r.map((t) => F(t))),
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
  const w = (a.T[a.L - 2] - 1) * a.P;
  return fc.record({
    filters: filters.map((x) => x as Fraction[][][][]),
    biases: biases.map((x) => x as Fraction[][]),
    fc: fc.array(fc.array(v, { minLength: w, maxLength: w }), { minLength: a.dy, maxLength: a.dy }),
    fcBias: fc.array(v, { minLength: a.dy, maxLength: a.dy }),
  });
}

function valueArb(o: {
  minL: number;
  maxL: number;
  c7: boolean;
  randomSub: boolean;
  extra2?: boolean;
  minN: number;
  maxN: number;
}): fc.Arbitrary<T3Value> {
  return archArb(o).chain((arch) =>
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

function build(v: T3Value): (Theta1 & { sub: SubNet }) | null {
  if (v.sub) {
    const s = split(v.arch, v.data, v.k);
    return s ? theta1From(v.arch, v.sub, v.data, v.k, s, v.extra) : null;
  }
  return theta1Expressive(v.arch, v.data, v.k, v.extra);
}

function shapeReason(v: T3Value, o: { c7: boolean; L?: [number, number]; randomSub: boolean }): string | null {
  const a = v.arch;
  const dx = a.C0 * a.P;
  if (v.data.inputs.some((x) => x.length !== dx) || v.data.targets.some((y) => y.length !== a.dy))
    return 'data do not fit the architecture';
  if (a.T.some((T) => T < 2)) return 'a conv layer has fewer than 2 filters (T_l ≥ 2)';
  if (a.T.some((T) => (T - 1) * a.P < a.dy)) return 'n_l − P_{l−1} < d_y';
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
    for (const [i, x] of v.data.inputs.entries())
      for (let qq = 0; qq < a.P; qq++)
        if (qq !== v.k && x[pixel(a, 0, qq)].add(s.cp).s >= 0n && x[pixel(a, 0, qq)].add(s.cp).n !== 0n)
          return `channel-1 pixel ${qq + 1} of sample ${i + 1} is not below −c_p`;
    for (const [i, x] of v.data.inputs.entries())
      for (let qq = 0; qq < a.P; qq++)
        if (qq !== v.k && x[pixel(a, 0, qq)].add(s.cp).n === 0n)
          return `channel-1 pixel ${qq + 1} of sample ${i + 1} equals −c_p`;
  }
  return null;
}

function describe(v: T3Value): string {
  const t = build(v);
  const a = v.arch;
  const lines = [
    `1-D CNN: ${a.C0} input channel(s) × ${a.P} positions, ${a.L - 1} conv layer(s) (kernel 3, same padding, ReLU, filters ${a.T.join(', ')}), dense output with ${a.dy} unit(s); risk = mean of ½‖o − y‖²`,
    `split pixel: channel 1, position k = ${v.k + 1}`,
    `data:\n${dataTable(v.data)}`,
  ];
  if (t) {
    lines.push(
      `I = {${t.split.I.map((i) => i + 1).join(', ')}}, i* = ${t.split.iStar + 1}, j* = ${t.split.jStar + 1}, c_p = ${q(t.split.cp)} (eq. 9), z = ${q(t.split.z)}`,
    );
    lines.push(
      `W_2 (eq. 20, rows [x | 1]): ${t.W2.map((r) => vec(r)).join('; ')}; λ = ${vec(t.lambda)}; c_l = ${vec(t.c)}; Δo^L = ${vec(t.deltaOL)}`,
    );
    lines.push(`network:\n${netSummary(t.net)}`, `θ₁:\n${paramTable(t.net, t.theta)}`);
  }
  return lines.join('\n');
}

const common = {
  paper: PAPER,
  arithmetic: 'exact' as const,
  encode,
  decode,
  describe,
};

const HYP_ARCH =
  'a 1-D CNN: L − 1 conv layers (kernel 3, same zero padding, stride 1, ReLU, tied bias), T_l ≥ 2 filters, (T_l − 1)·P ≥ d_y, then a dense linear output layer; P ∈ [2, 5], C0 ∈ {1, 2}, d_y ∈ {1, 2}';
const HYP_SPLIT = 'I = the samples with the largest x^k (input channel 1, position k) is not all of [N], so j* exists';
const HYP_LOSS = "squared loss ½‖o − y‖², mean over the N samples (the paper's, G.8)";
const HYP_C = 'c_l strictly larger than needed to make every second-subnetwork ReLU active on every sample';

// ---------------------------------------------------------------------------
// 1. output formula (P19)

export const outputFormula: Claim<T3Value> = {
  ...common,
  id: 'cnn.theorem3.output-formula',
  section:
    '§4 eqs. (9)–(10), (15)–(16); App. B Theorem 3, eqs. (17)–(22); proof G.9, eqs. (92)–(100), in particular (96) and (98)',
  title:
    'θ₁ computes o(x_i) = W_2 x̂_i + σ(x_i^k + c_p)·λ, with the split x_i^k + c_p > 0 ⇔ i ∈ I and zero loss on i* when |I| = 1',
  statement:
    'With c_p = −½(x_{i*}^k + x_{j*}^k) (eq. 9), x_i^k + c_p > 0 exactly for i ∈ I, with margin z = x_{i*}^k + c_p on both sides. The CNN with the parameters of Theorem 3 (eqs. 17–22) outputs o(x_i) = W_2 x̂_i + σ(x_i^k + c_p)·λ for every sample (eq. 96), W_2 being the ReLU-free map of the second subnetwork (eq. 20). If |I| = 1, λ of eq. (15) gives zero loss on i* (eq. 98); if |I| ≥ 2, λ of eq. (16) minimises the loss over I (the residuals over I sum to 0). Checked exactly on a random second subnetwork.',
  hypotheses: [
    HYP_ARCH,
    HYP_SPLIT,
    HYP_LOSS,
    HYP_C,
    'a random second subnetwork (filters, biases, FC weights in −2..2); cross weights between channel 1 and the others are 0',
  ],
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () => valueArb({ minL: 2, maxL: 4, c7: false, randomSub: true, minN: 2, maxN: 5 }),
  detect: (v) => shapeReason(v, { c7: false, randomSub: true }),
  check: (v): Outcome => {
    const t = build(v)!;
    const a = v.arch,
      s = t.split;
    const fail = (claimed: string, computed: string, evidence: Json): Outcome => ({
      ok: false,
      strength: 'refuted',
      claimed,
      computed,
      evidence,
    });
    for (const [i, x] of v.data.inputs.entries()) {
      const m = x[pixel(a, 0, v.k)].add(s.cp);
      const inI = s.I.includes(i);
      if ((m.s > 0n && m.n !== 0n) !== inI)
        return fail(
          'x_i^k + c_p > 0 exactly for the samples in I (eq. 10, 93–94)',
          `sample ${i + 1} ${inI ? 'is' : 'is not'} in I but x^k + c_p = ${q(m)}`,
          { sample: i, margin: q(m) },
        );
      if (m.abs().compare(s.z) < 0)
        return fail(
          `|x_i^k + c_p| ≥ z = ${q(s.z)} for every sample (the margin)`,
          `sample ${i + 1} has x^k + c_p = ${q(m)}`,
          { sample: i, margin: q(m), z: q(s.z) },
        );
    }
    const out = exactOutputs(t.net, t.theta, v.data);
    for (const [i, x] of v.data.inputs.entries()) {
      const sig = relu(x[pixel(a, 0, v.k)].add(s.cp));
      const want = applyAffine(t.W2, x).map((w, o) => w.add(sig.mul(t.lambda[o])));
      const o = out[i].findIndex((y, j) => !y.equals(want[j]));
      if (o >= 0)
        return fail(
          `o(x_${i + 1}) = W_2 x̂ + σ(x^k + c_p)·λ = ${vec(want)} (eq. 96)`,
          `the network outputs ${vec(out[i])} on sample ${i + 1}`,
          { sample: i, output: encQs(out[i]), formula: encQs(want) },
        );
    }
    if (s.I.length === 1) {
      const i = s.iStar;
      if (!out[i].every((y, j) => y.equals(v.data.targets[i][j])))
        return fail(
          `|I| = 1: zero loss on i* = ${i + 1} (eq. 98)`,
          `o(x_${i + 1}) = ${vec(out[i])} but y = ${vec(v.data.targets[i])}`,
          { sample: i },
        );
    } else {
      for (let o = 0; o < a.dy; o++) {
        const r = s.I.reduce((acc, i) => acc.add(out[i][o].sub(v.data.targets[i][o])), F0);
        if (r.n !== 0n)
          return fail(
            `|I| = ${s.I.length}: λ minimises Σ_{i∈I} ½‖o_i − y_i‖² (eq. 16), so the residuals over I sum to 0`,
            `output ${o + 1}: Σ_{i∈I}(o_i − y_i) = ${q(r)}`,
            { output: o, sum: q(r) },
          );
      }
    }
    return { ok: true, strength: 'proved' };
  },
};

// ---------------------------------------------------------------------------
// 2. compensation (P20)

export const compensation: Claim<T3Value> = {
  ...common,
  id: 'cnn.theorem3.compensation',
  section: 'App. B Theorem 3, eq. (22); proof G.9, eq. (95)',
  title:
    'Adding the constants c_l to the second-subnetwork biases and replacing b^L by b^L − Δo^L (eq. 22) leaves every output unchanged',
  statement:
    "For a second subnetwork made all-active by constants c_l added to its biases, the shift propagates linearly and Δo^L of the recursion (22) cancels it at the output: the outputs equal the ReLU-free W_2 x̂ (+ the first-subnetwork term) for the just-sufficient constants, for larger ones c_l, and for larger still c_l + e_l, exactly; and Δo^L equals the change of the ReLU-free output map's constant term.",
  hypotheses: [
    HYP_ARCH,
    HYP_SPLIT,
    HYP_LOSS,
    'a random second subnetwork (filters, biases, FC weights in −2..2)',
    'c_l ≥ the just-sufficient constants (all second-subnetwork ReLUs active, pre-activations ≥ 0)',
  ],
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () => valueArb({ minL: 2, maxL: 4, c7: false, randomSub: true, extra2: true, minN: 2, maxN: 5 }),
  detect: (v) => shapeReason(v, { c7: false, randomSub: true }) ?? (v.extra2 ? null : 'no extra constants e_l'),
  check: (v): Outcome => {
    const a = v.arch,
      s = split(a, v.data, v.k)!;
    const sub = v.sub!;
    const zero = v.extra.map(() => F0);
    const variants = [
      { name: 'the just-sufficient constants', extra: zero },
      { name: 'c_l', extra: v.extra },
      { name: 'c_l + e_l', extra: v.extra.map((e, l) => e.add(v.extra2![l])) },
    ];
    const built = variants.map((w) => ({ ...w, t: theta1From(a, sub, v.data, v.k, s, w.extra) }));
    const outs = built.map((b) => exactOutputs(b.t.net, b.t.theta, v.data));
    for (let b = 1; b < built.length; b++)
      for (const [i, o] of outs[b].entries())
        if (!o.every((y, j) => y.equals(outs[0][i][j])))
          return {
            ok: false,
            strength: 'refuted',
            claimed: `the outputs do not depend on the constants once every second-subnetwork ReLU is active (eq. 22)`,
            computed: `sample ${i + 1}: with ${built[b].name} = ${vec(built[b].t.c)} the output is ${vec(o)}, with ${built[0].name} = ${vec(built[0].t.c)} it is ${vec(outs[0][i])} (Δo^L = ${vec(built[b].t.deltaOL)})`,
            evidence: { sample: i, c: encQs(built[b].t.c), output: encQs(o), reference: encQs(outs[0][i]) },
          };
    // Δo^L (recursion 22) = change of the ReLU-free output map's constant term
    for (const b of built) {
      const shifted = subForms(a, sub, b.t.c).W2;
      const dx = a.C0 * a.P;
      for (let o = 0; o < a.dy; o++) {
        const d = shifted[o][dx].sub(b.t.W2[o][dx]);
        if (!d.equals(b.t.deltaOL[o]))
          return {
            ok: false,
            strength: 'refuted',
            claimed: 'Δo^L of eq. (22) is the output shift caused by the constants c_l',
            computed: `output ${o + 1}: the recursion gives Δo^L = ${q(b.t.deltaOL[o])}, the ReLU-free map shifts by ${q(d)} (c = ${vec(b.t.c)})`,
            evidence: { output: o, deltaOL: q(b.t.deltaOL[o]), shift: q(d) },
          };
      }
      for (const [i, x] of v.data.inputs.entries()) {
        const sig = relu(x[pixel(a, 0, v.k)].add(s.cp));
        const want = applyAffine(b.t.W2, x).map((w, o) => w.add(sig.mul(b.t.lambda[o])));
        if (!want.every((w, j) => w.equals(outs[0][i][j])))
          return {
            ok: false,
            strength: 'refuted',
            claimed: `with all second-subnetwork ReLUs active the output is the ReLU-free W_2 x̂ + σ(x^k + c_p)·λ`,
            computed: `sample ${i + 1}: ${vec(outs[0][i])} ≠ ${vec(want)}`,
            evidence: { sample: i },
          };
      }
    }
    return { ok: true, strength: 'proved' };
  },
};

// ---------------------------------------------------------------------------
// local minimality (P21)

/** Decide "θ₁ is a local minimum" with the toolkit, then the kink hinge search; a failure names the deciding numbers. */
function localMinCheck(v: T3Value, o: { requireProof: boolean; hinge: boolean }): Outcome {
  const t = build(v)!;
  const a = v.arch;
  // R(θ₁) = 0 is a global minimum (R ≥ 0): nothing to search
  if (exactRisk(t.net, cnnLoss, t.theta, v.data).n === 0n) return { ok: true, strength: 'proved' };
  // the cheap exact hinge search first (L ≥ 3), then the full toolkit
  if (o.hinge && a.L >= 3) {
    const e = hingeDescent(a, t, v.data, v.k);
    if (e) return descentOutcome(v, t, e, `a hinge direction at the kinks of θ₁: ${e.hinge}`);
  }
  // L = 2 (interior under C7): the full toolkit, whose pattern-class certificate can prove.
  // L ≥ 3: θ₁ sits on (L−2)(NP−1) kinks; the adjacent-cell bound splits the samples ∉ I
  // into singleton groups and cannot prove, and enumerating 2^k cells is slow, so only the
  // toolkit's descent search (gradient, random and bilinear directions, exact) runs there.
  const verdict =
    a.L === 2
      ? analyseLocalMin(t.net, cnnLoss, t.theta, v.data, { noProbes: true })
      : descentSearch(t.net, cnnLoss, t.theta, v.data, { maxKinks: 0 });
  if (verdict.strength === 'refuted') return refutedOutcome(v, t, verdict as Verdict);
  if (verdict.strength === 'proved') return { ok: true, strength: 'proved' };
  if (o.requireProof)
    return {
      ok: false,
      strength: 'evidence',
      claimed: 'θ₁ is a local minimum, certified exactly',
      computed: `the toolkit could not decide: ${verdict.summary}`,
      evidence: { verdict: verdict.summary },
    };
  return { ok: true, strength: 'evidence' };
}

function descentOutcome(v: T3Value, t: Theta1, e: DescentEvidence, how: string): Outcome {
  const a = v.arch;
  const moved = e.curve.map((c, p) => ({ p, c })).filter(({ c }) => c.slice(1).some((x) => x !== '0'));
  const words = moved
    .slice(0, 6)
    .map(({ p, c }) => `${paramName(a, t.net, p)} ${c[0]} → ${c[0]} + (${c.slice(1).join(', ')})·t`)
    .join('; ');
  const grad = exactGradient(t.net, cnnLoss, t.theta, v.data);
  let gradWords = '';
  if (grad.kind === 'interior') {
    const nz = grad.value.map((g, p) => ({ g, p })).filter(({ g }) => g.n !== 0n);
    if (nz.length)
      gradWords = ` The exact gradient is not 0: ${nz
        .slice(0, 3)
        .map(({ g, p }) => `∂R/∂[${paramName(a, t.net, p)}] = ${q(g)}`)
        .join(', ')}${nz.length > 3 ? ` (and ${nz.length - 3} more)` : ''}.`;
  } else
    gradWords = ` θ₁ sits on ${grad.kinks.length} ReLU kink(s) (pre-activation exactly 0), so the gradient does not exist there.`;
  return {
    ok: false,
    strength: 'refuted',
    claimed: `θ₁ of Theorem 3 (c_p = ${q(t.split.cp)}, λ = ${vec(t.lambda)}, |I| = ${t.split.I.length}) is a local minimum: no nearby parameter has lower risk than R(θ₁) = ${e.risk}`,
    computed: `${how}. Residuals o_i − y_i at θ₁: ${residuals(v, t)}. Moving ${moved.length} parameter(s) — ${words}${moved.length > 6 ? ' …' : ''} — the risk on the piece that holds for small t > 0 is R(t) = ${e.riskPolynomial.map((c, i) => `${c}·t^${i}`).join(' + ')}; its order-${e.order} coefficient ${e.leadingCoefficient} < 0, and exactly R(t = ${e.t}) = ${e.riskAtT} < R(θ₁) = ${e.risk}.${gradWords}`,
    evidence: { descent: e as unknown as Json, cp: q(t.split.cp), lambda: encQs(t.lambda), I: t.split.I },
  };
}

function residuals(v: T3Value, t: Theta1): string {
  const out = exactOutputs(t.net, t.theta, v.data);
  return out
    .map(
      (o, i) =>
        `sample ${i + 1}${t.split.I.includes(i) ? ' (∈ I)' : ''}: ${vec(o.map((y, j) => y.sub(v.data.targets[i][j])))}`,
    )
    .join(', ');
}

function refutedOutcome(v: T3Value, t: Theta1, verdict: Verdict): Outcome {
  const e = verdict.evidence as DescentEvidence;
  return descentOutcome(v, t, e, `the landscape toolkit found an exact descent (${e.method} direction)`);
}

const HYP_PRINTED = [
  HYP_ARCH,
  HYP_SPLIT,
  HYP_LOSS,
  HYP_C,
  'an expressive second subnetwork (channel t + 1 copies input channel t, T_l ≥ C0 + 1) whose W_2 is the exact unconstrained affine least-squares fit on the samples ∉ I (eq. 20, "optimized")',
  'λ by eq. (15) (|I| = 1) or eq. (16)',
];

export const localMinPrinted: Claim<T3Value> = {
  ...common,
  id: 'cnn.theorem3.local-min',
  section: '§4 Theorem 2 (informal); App. B Theorem 3 (formal), eqs. (17)–(22); proof G.9, eqs. (101)–(104)',
  title: 'Theorem 3 as printed: θ₁ is a local minimum (false: stated hypotheses are not enough)',
  statement:
    'As printed: under T_l ≥ 2 and n_l − P_{l−1} ≥ d_y, the parameters of Theorem 3 (first subnetwork passing pixel k only for i ∈ I, second subnetwork optimised on the samples ∉ I, λ by eqs. 15/16, large constants compensated by eq. 22) form a local minimum. Decided by the landscape toolkit (exact certificates and exact descent search) and an exact hinge search at the kinks; a counterexample is an exact lower point next to θ₁.',
  hypotheses: HYP_PRINTED,
  expected: 'refuted',
  correctedBy: 'cnn.theorem3.local-min-c7',
  generatorVersion: 1,
  runs: 60,
  generate: () => valueArb({ minL: 2, maxL: 4, c7: false, randomSub: false, minN: 2, maxN: 5 }),
  detect: (v) => shapeReason(v, { c7: false, randomSub: false }),
  check: (v) => localMinCheck(v, { requireProof: false, hinge: true }),
};

/** The extra conditions (the note's C7) in plain words. */
const C7_WORDS =
  'exactly one sample i* has the largest input value at channel 1, position k (|I| = 1); on every sample, every channel-1 input pixel at a position other than k is strictly below −c_p (so its first-layer channel-1 unit is off with a margin); the second subnetwork can realise every affine map and W_2 is the exact affine least-squares fit on the other samples; squared loss';

const HYP_C7 = [...HYP_PRINTED.slice(0, 4), `extra conditions (C7): ${C7_WORDS}`];

export const localMinC7: Claim<T3Value> = {
  ...common,
  id: 'cnn.theorem3.local-min-c7',
  section:
    "App. B Theorem 3 with extra conditions (the note's C7, §3.2), depth L = 2; non-triviality as in §4 after Theorem 2",
  title:
    'Corrected Theorem 3 at depth L = 2 (one sample with the largest x^k, off-pixels below −c_p, exact affine fit): θ₁ is a local minimum, with different activation patterns and a non-affine predictor',
  statement:
    'Under extra conditions the paper does not state — ' +
    C7_WORDS +
    ' — and L = 2, θ₁ is strictly inside an activation cell and R(θ₁) equals the exact pattern-class lower bound of that cell, so it is a local minimum (certificate). It is non-trivial: the activation pattern of i* differs from that of the samples ∉ I, and (when λ ≠ 0) the predictor is not affine: on the midpoint of x_{i*} and x_{j*} the output differs from the mean of the two outputs. These conditions do not suffice for L ≥ 3 (cnn.theorem3.local-min-c7-deep is refuted); with our bias repair they do (cnn.theorem3.local-min-c7-deep-repaired).',
  hypotheses: [
    ...HYP_C7,
    'L = 2 (one conv layer, then the FC layer)',
    'λ ≠ 0 (y_{i*} is not already fitted by W_2; otherwise the predictor is affine along the segment)',
  ],
  expected: 'holds',
  generatorVersion: 2,
  runs: 200,
  generate: () => valueArb({ minL: 2, maxL: 2, c7: true, randomSub: false, minN: 4, maxN: 12 }),
  detect: (v) => {
    const r = shapeReason(v, { c7: true, L: [2, 2], randomSub: false });
    if (r) return r;
    const t = build(v)!;
    return t.lambda.every((l) => l.n === 0n) ? 'λ = 0: W_2 already fits y_{i*}' : null;
  },
  check: (v): Outcome => {
    const o = localMinCheck(v, { requireProof: true, hinge: false });
    if (!o.ok) return o;
    return nonTrivialFailure(v, build(v)!, build(v)!.theta) ?? o;
  },
};

export const localMinC7Deep: Claim<T3Value> = {
  ...common,
  id: 'cnn.theorem3.local-min-c7-deep',
  section:
    "App. B Theorem 3 (eq. 19: channel-1 copy layers with bias 0) with extra conditions (the note's C7, §3.2, §7 P21), depth L ∈ {3, 4}; the note's §8 T9(e) says C7 suffices at every depth — wrong for L ≥ 3",
  title:
    'The L = 2 extra conditions at depth L ≥ 3: θ₁ is a local minimum (false: the zero-valued channel-1 copy units of layers ≥ 2 sit on ReLU kinks)',
  statement:
    'A reading that extends the L = 2 correction to every depth: under the same extra conditions — ' +
    C7_WORDS +
    " — θ₁ of Theorem 3 is a local minimum also for L ∈ {3, 4}. It is false. At L ≥ 3 the channel-1 copy units of conv layers 2..L−1 (identity filter, bias 0, eq. 19) have pre-activation exactly 0 on every (sample, position) except (i*, k), so θ₁ lies on their ReLU kinks. A hinge on their incoming weights (one tap on a second-subnetwork channel moved by t, the bias by −τ·t) switches them on only where that feature exceeds τ, and a readout FC weight at a position q ≠ k then changes the risk at second order by s·Σ u_i (feature − τ)₊ / N (u_i the residuals), which the affine least-squares optimality of W_2 does not cancel. So the extra conditions that suffice at L = 2 do not suffice for L ≥ 3. Decided by an exact hinge search and the landscape toolkit's exact descent search; every descent is confirmed by exact evaluation of the risk along the curve. Our repair (negative biases that keep those units strictly off) is cnn.theorem3.local-min-c7-deep-repaired.",
  hypotheses: [...HYP_C7, 'L ∈ {3, 4}'],
  expected: 'refuted',
  correctedBy: 'cnn.theorem3.local-min-c7-deep-repaired',
  generatorVersion: 1,
  runs: 100,
  generate: () => valueArb({ minL: 3, maxL: 4, c7: true, randomSub: false, minN: 3, maxN: 7 }),
  detect: (v) => shapeReason(v, { c7: true, L: [3, 4], randomSub: false }),
  check: (v) => localMinCheck(v, { requireProof: false, hinge: true }),
};

/** Non-triviality (§4 after Theorem 2): i*'s layer-1 pattern differs from every other sample's, and the predictor is not affine on the segment x_{i*}–x_{j*}. null if both hold. */
function nonTrivialFailure(v: T3Value, t: Theta1, theta: readonly Fraction[]): Outcome | null {
  const s = t.split;
  const pat = activationPattern(t.net, theta, v.data).layers.find((l) => l.layer === 1)!;
  const unit = v.k; // channel 0, position k
  for (const [i] of v.data.inputs.entries()) {
    if (i === s.iStar) continue;
    if (pat.piece[unit][i] === pat.piece[unit][s.iStar])
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the unit on pixel k is active only for i ∈ I (different activation patterns)',
        computed: `sample ${i + 1} ∉ I has the same piece (${pat.piece[unit][i]}) as i* = ${s.iStar + 1}`,
        evidence: { sample: i },
      };
  }
  const xi = v.data.inputs[s.iStar],
    xj = v.data.inputs[s.jStar];
  const mid = xi.map((x, m) => x.add(xj[m]).div(2));
  const probe = dataset([xi, xj, mid], [v.data.targets[0], v.data.targets[0], v.data.targets[0]]);
  const out = exactOutputs(t.net, theta, probe);
  const avg = out[0].map((y, o2) => y.add(out[1][o2]).div(2));
  if (out[2].every((y, o2) => y.equals(avg[o2])))
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'the predictor is not affine in x',
      computed: `o(midpoint of x_{i*}, x_{j*}) = ${vec(out[2])} equals the mean of o(x_{i*}) = ${vec(out[0])} and o(x_{j*}) = ${vec(out[1])}`,
      evidence: null,
    };
  return null;
}

export const localMinC7DeepRepaired: Claim<T3Value> = {
  ...common,
  id: 'cnn.theorem3.local-min-c7-deep-repaired',
  section:
    "App. B Theorem 3, eqs. (17)–(22) with eqs. (19) and (21) modified by us (not in the paper); extra conditions as the note's C7 (§3.2); depth L ∈ {3, 4}",
  title:
    'Our repair of Theorem 3 at depth L ≥ 3: with negative channel-1 copy biases (−z/2, −z/4, …) and the FC weight scaled by 2^{L−2}, θ is strictly inside a cell and a local minimum',
  statement:
    "This is OUR repair, not the paper's construction. Under the extra conditions — " +
    C7_WORDS +
    " — take θ₁ of Theorem 3 but give the channel-1 copy unit of conv layer l ≥ 2 the bias −z_{l−1}/2 instead of 0 (eq. 19), where z_1 = z = x_{i*}^k + c_p is the margin and z_l = z_{l−1}/2 is the value that unit carries for i* at position k; and put λ·z/z_{L−1} = λ·2^{L−2} instead of λ on the FC weight of channel 1, position k (eq. 21). Then: the outputs are still W_2 x̂_i + σ(x_i^k + c_p)·λ for every sample (eq. 96, same risk as θ₁); every unit has nonzero pre-activation on every sample (the copy units that are off sit at −z_{l−1}/2 < 0 instead of exactly 0), so θ is strictly inside one activation cell; R(θ) equals the exact pattern-class lower bound of that cell (the samples other than i* share one pattern and W_2 is their affine least-squares optimum; i* has zero loss), so θ is a local minimum (certificate); and it is non-trivial (i*'s activation pattern differs, and the predictor is not affine on the segment from x_{i*} to x_{j*}).",
  hypotheses: [
    ...HYP_C7,
    'L ∈ {3, 4}',
    'λ ≠ 0 (y_{i*} is not already fitted by W_2)',
    'repair: channel-1 copy biases −z/2, −z/4, … in conv layers 2..L−1; FC weight on (channel 1, position k) = λ·2^{L−2}',
  ],
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () => valueArb({ minL: 3, maxL: 4, c7: true, randomSub: false, minN: 4, maxN: 12 }),
  detect: (v) => {
    const r = shapeReason(v, { c7: true, L: [3, 4], randomSub: false });
    if (r) return r;
    return build(v)!.lambda.every((l) => l.n === 0n) ? 'λ = 0: W_2 already fits y_{i*}' : null;
  },
  check: (v): Outcome => {
    const t = build(v)!;
    const a = v.arch,
      s = t.split;
    const r = repairDeep(a, t, v.k);
    const what = `θ = θ₁ with channel-1 copy biases ${r.biases.map(q).join(', ')} in conv layers 2..${a.L - 1} (instead of 0) and FC weight ${vec(r.lambdaFC)} on (channel 1, position ${v.k + 1}) (instead of λ = ${vec(t.lambda)})`;
    const fail = (claimed: string, computed: string, evidence: Json): Outcome => ({
      ok: false,
      strength: 'refuted',
      claimed: `${what}: ${claimed}`,
      computed,
      evidence,
    });
    const out = exactOutputs(t.net, r.theta, v.data);
    for (const [i, x] of v.data.inputs.entries()) {
      const want = applyAffine(t.W2, x).map((w, o) => w.add(relu(x[pixel(a, 0, v.k)].add(s.cp)).mul(t.lambda[o])));
      if (!out[i].every((y, j) => y.equals(want[j])))
        return fail(
          `o(x_${i + 1}) = W_2 x̂ + σ(x^k + c_p)·λ = ${vec(want)} (eq. 96)`,
          `the network outputs ${vec(out[i])} on sample ${i + 1}`,
          { sample: i, output: encQs(out[i]), formula: encQs(want) },
        );
    }
    const pat = activationPattern(t.net, r.theta, v.data);
    if (!pat.interior)
      return fail(
        'every unit has nonzero pre-activation on every sample (θ strictly inside one activation cell)',
        `${pat.kinks.length} unit(s) have pre-activation exactly 0`,
        { kinks: pat.kinks.length },
      );
    const verdict = analyseLocalMin(t.net, cnnLoss, r.theta, v.data, { noProbes: true });
    const tr = { ...t, theta: r.theta };
    if (verdict.strength === 'refuted')
      return descentOutcome(
        v,
        tr,
        verdict.evidence as DescentEvidence,
        `the landscape toolkit found an exact descent at the repaired θ (${(verdict.evidence as DescentEvidence).method} direction)`,
      );
    if (verdict.strength !== 'proved')
      return {
        ok: false,
        strength: 'evidence',
        claimed: `${what}: a local minimum, certified exactly`,
        computed: `the toolkit could not decide: ${verdict.summary}`,
        evidence: { verdict: verdict.summary },
      };
    return nonTrivialFailure(v, t, r.theta) ?? { ok: true, strength: 'proved' };
  },
};

export const cnnTheorem3Claims: AnyClaim[] = [
  outputFormula,
  compensation,
  localMinPrinted,
  localMinC7,
  localMinC7Deep,
  localMinC7DeepRepaired,
];
