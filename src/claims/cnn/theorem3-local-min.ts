/**
 * Theorem 3 of "Spurious local minima provably exist for deep CNNs" (App. B;
 * note §4 Theorem 3, §3.2 C7, §7 P21, §8 T9): is θ₁ a local minimum?
 *  local-min        as printed                                                refuted (toolkit)
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
import type { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { descentSearch } from '../../landscape/descent.js';
import type { DescentEvidence, Verdict } from '../../landscape/verdict.js';
import { dataset } from '../../model/data.js';
import { activationPattern, exactGradient, exactOutputs, exactRisk } from '../../model/exact.js';
import { paramName } from '../../model/param-name.js';
import {
  applyAffine,
  halfMse,
  hingeDescent,
  pixel,
  poolOf,
  relu0,
  repairDeep,
  windowPositions,
  type Theta1,
} from '../../papers/cnn/index.js';
import { encQ, encQs } from '../codec.js';
import { asJson, proved, refuted, supported, unsupported } from '../define.js';
import type { Json, Outcome } from '../types.js';
import { paper, vec } from './parts.js';
import { paperRaysOn } from './local-min.js';
import {
  build,
  c7WithLambda,
  HYP_ARCH,
  HYP_C,
  HYP_LOSS,
  HYP_SPLIT,
  shapeReason,
  t3Values,
  valueArb,
  type T3Value,
} from './theorem3-instances.js';

/** Decide "θ₁ is a local minimum" with the toolkit, then the kink hinge search; a failure names the deciding numbers. */
function localMinCheck(v: T3Value, o: { requireProof: boolean; hinge: boolean }): Outcome {
  const t = build(v)!;
  const a = v.arch;
  // R(θ₁) = 0 is a global minimum (R ≥ 0): nothing to search
  if (exactRisk(t.net, halfMse, t.theta, v.data).n === 0n) return proved();
  // the cheap exact hinge search first (L ≥ 3), then the full toolkit
  if (o.hinge && paperRaysOn() && a.L >= 3 && poolOf(a) === 1) {
    const e = hingeDescent(a, t, v.data, v.k);
    if (e) return descentOutcome(v, t, e, `a hinge direction at the kinks of θ₁: ${e.hinge}`);
  }
  // L = 2 (interior under C7): the full toolkit, whose pattern-class certificate can prove.
  // L ≥ 3: θ₁ sits on (L−2)(NP−1) kinks; the adjacent-cell bound splits the samples ∉ I
  // into singleton groups and cannot prove, and enumerating 2^k cells is slow, so only the
  // toolkit's descent search (gradient, random and bilinear directions, exact) runs there.
  const verdict =
    a.L === 2
      ? analyseLocalMin(t.net, halfMse, t.theta, v.data, { noProbes: true })
      : descentSearch(t.net, halfMse, t.theta, v.data, { maxKinks: 0 });
  if (verdict.strength === 'refuted') return refutedOutcome(v, t, verdict as Verdict);
  if (verdict.strength === 'proved') return proved();
  if (o.requireProof)
    return unsupported('θ₁ is a local minimum, certified exactly', `the toolkit could not decide: ${verdict.summary}`, {
      verdict: verdict.summary,
    });
  return supported();
}

function descentOutcome(v: T3Value, t: Theta1, e: DescentEvidence, how: string): Outcome {
  const moved = e.curve.map((c, p) => ({ p, c })).filter(({ c }) => c.slice(1).some((x) => x !== '0'));
  const words = moved
    .slice(0, 6)
    .map(({ p, c }) => `${paramName(t.net, p)} ${c[0]} → ${c[0]} + (${c.slice(1).join(', ')})·t`)
    .join('; ');
  const grad = exactGradient(t.net, halfMse, t.theta, v.data);
  let gradWords = '';
  if (grad.kind === 'interior') {
    const nz = grad.value.map((g, p) => ({ g, p })).filter(({ g }) => g.n !== 0n);
    if (nz.length)
      gradWords = ` The exact gradient is not 0: ${nz
        .slice(0, 3)
        .map(({ g, p }) => `∂R/∂[${paramName(t.net, p)}] = ${encQ(g)}`)
        .join(', ')}${nz.length > 3 ? ` (and ${nz.length - 3} more)` : ''}.`;
  } else
    gradWords = ` θ₁ sits on ${grad.kinks.length} ReLU kink(s) (pre-activation exactly 0), so the gradient does not exist there.`;
  return refuted(
    `θ₁ of Theorem 3 (c_p = ${encQ(t.split.cp)}, λ = ${vec(t.lambda)}, |I| = ${t.split.I.length}) is a local minimum: no nearby parameter has lower risk than R(θ₁) = ${e.risk}`,
    `${how}. Residuals o_i − y_i at θ₁: ${residualText(v, t)}. Moving ${moved.length} parameter(s) — ${words}${moved.length > 6 ? ' …' : ''} — the risk on the piece that holds for small t > 0 is R(t) = ${e.riskPolynomial.map((c, i) => `${c}·t^${i}`).join(' + ')}; its order-${e.order} coefficient ${e.leadingCoefficient} < 0, and exactly R(t = ${e.t}) = ${e.riskAtT} < R(θ₁) = ${e.risk}.${gradWords}`,
    { descent: asJson(e), cp: encQ(t.split.cp), lambda: encQs(t.lambda), I: t.split.I },
  );
}

function residualText(v: T3Value, t: Theta1): string {
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

export const localMinPrinted = paper.claim({
  id: 'cnn.theorem3.local-min',
  section: '§4 Theorem 2 (informal); App. B Theorem 3 (formal), eqs. (17)–(22); proof G.9, eqs. (101)–(104)',
  title: 'Theorem 3 as printed: θ₁ is a local minimum (false: stated hypotheses are not enough)',
  statement:
    'As printed: under T_l ≥ 2 and n_l − P_{l−1} ≥ d_y, the parameters of Theorem 3 (first subnetwork passing pixel k only for i ∈ I, second subnetwork optimised on the samples ∉ I, λ by eqs. 15/16, large constants compensated by eq. 22) form a local minimum. Decided by the landscape toolkit (exact certificates and exact descent search) and an exact hinge search at the kinks; a counterexample is an exact lower point next to θ₁.',
  instance: t3Values(
    () => valueArb({ minL: 2, maxL: 4, c7: false, randomSub: false, minN: 2, maxN: 5 }),
    (v) => shapeReason(v, { c7: false, randomSub: false }),
  ),
  hypotheses: HYP_PRINTED,
  expected: 'refuted',
  correctedBy: 'cnn.theorem3.local-min-c7',
  runs: 60,
  check: (v) => localMinCheck(v, { requireProof: false, hinge: true }),
});

/** The extra conditions (not in the paper) in plain words. */
const C7_WORDS =
  'exactly one sample i* has the largest input value at channel 1, position k (|I| = 1); on every sample, every channel-1 input pixel at a position other than k is strictly below −c_p (so its first-layer channel-1 unit is off with a margin); the second subnetwork can realise every affine map and W_2 is the exact affine least-squares fit on the other samples; squared loss';

const HYP_C7 = [...HYP_PRINTED.slice(0, 4), `extra conditions (not in the paper): ${C7_WORDS}`];

export const localMinC7 = paper.claim({
  id: 'cnn.theorem3.local-min-c7',
  section:
    'App. B Theorem 3 with extra conditions (ours, not in the paper), depth L = 2; non-triviality as in §4 after Theorem 2',
  title:
    'Corrected Theorem 3 at depth L = 2 (one sample with the largest x^k, off-pixels below −c_p, exact affine fit): θ₁ is a local minimum, with different activation patterns and a non-affine predictor',
  statement:
    'Under extra conditions the paper does not state — ' +
    C7_WORDS +
    ' — and L = 2, θ₁ is strictly inside an activation cell and R(θ₁) equals the exact pattern-class lower bound of that cell, so it is a local minimum (certificate). It is non-trivial: the activation pattern of i* differs from that of the samples ∉ I, and (when λ ≠ 0) the predictor is not affine: on the midpoint of x_{i*} and x_{j*} the output differs from the mean of the two outputs. These conditions do not suffice for L ≥ 3 (cnn.theorem3.local-min-c7-deep is refuted); with our bias repair they do (cnn.theorem3.local-min-c7-deep-repaired).',
  instance: c7WithLambda([2, 2]),
  hypotheses: [
    ...HYP_C7,
    'L = 2 (one conv layer, then the FC layer)',
    'λ ≠ 0 (y_{i*} is not already fitted by W_2; otherwise the predictor is affine along the segment)',
  ],
  generatorVersion: 2,
  runs: 200,
  check: (v) => {
    const o = localMinCheck(v, { requireProof: true, hinge: false });
    if (!o.ok) return o;
    return nonTrivialFailure(v, build(v)!, build(v)!.theta) ?? o;
  },
});

export const localMinC7Deep = paper.claim({
  id: 'cnn.theorem3.local-min-c7-deep',
  section:
    'App. B Theorem 3 (eq. 19: channel-1 copy layers with bias 0) with the extra conditions that suffice at depth L = 2 (ours, not in the paper), depth L ∈ {3, 4}',
  title:
    'The L = 2 extra conditions at depth L ≥ 3: θ₁ is a local minimum (false: the zero-valued channel-1 copy units of layers ≥ 2 sit on ReLU kinks)',
  statement:
    'A reading that extends the L = 2 correction to every depth: under the same extra conditions — ' +
    C7_WORDS +
    " — θ₁ of Theorem 3 is a local minimum also for L ∈ {3, 4}. It is false. At L ≥ 3 the channel-1 copy units of conv layers 2..L−1 (identity filter, bias 0, eq. 19) have pre-activation exactly 0 on every (sample, position) except (i*, k), so θ₁ lies on their ReLU kinks. A hinge on their incoming weights (one tap on a second-subnetwork channel moved by t, the bias by −τ·t) switches them on only where that feature exceeds τ, and a readout FC weight at a position q ≠ k then changes the risk at second order by s·Σ u_i (feature − τ)₊ / N (u_i the residuals), which the affine least-squares optimality of W_2 does not cancel. So the extra conditions that suffice at L = 2 do not suffice for L ≥ 3. Decided by an exact hinge search and the landscape toolkit's exact descent search; every descent is confirmed by exact evaluation of the risk along the curve. Our repair (negative biases that keep those units strictly off) is cnn.theorem3.local-min-c7-deep-repaired.",
  instance: t3Values(
    () => valueArb({ minL: 3, maxL: 4, c7: true, randomSub: false, minN: 3, maxN: 7 }),
    (v) => shapeReason(v, { c7: true, L: [3, 4], randomSub: false }),
  ),
  hypotheses: [...HYP_C7, 'L ∈ {3, 4}'],
  expected: 'refuted',
  // our extension of the L = 2 correction, not a statement of the paper (Theorem 3 as printed is cnn.theorem3.local-min)
  control: true,
  correctedBy: 'cnn.theorem3.local-min-c7-deep-repaired',
  runs: 100,
  check: (v) => localMinCheck(v, { requireProof: false, hinge: true }),
});

/** Non-triviality (§4 after Theorem 2): i*'s layer-1 pattern differs from every other sample's, and the predictor is not affine on the segment x_{i*}–x_{j*}. null if both hold. */
function nonTrivialFailure(v: T3Value, t: Theta1, theta: readonly Fraction[]): Outcome | null {
  const s = t.split;
  const pat = activationPattern(t.net, theta, v.data).layers.find((l) => l.layer === 1)!;
  // channel 0, position k; with pooling the position of k's window where i* has its largest input
  const unit = windowPositions(v.arch, v.k).reduce((best, p) =>
    v.data.inputs[s.iStar][pixel(v.arch, 0, p)].compare(v.data.inputs[s.iStar][pixel(v.arch, 0, best)]) > 0 ? p : best,
  );
  for (const [i] of v.data.inputs.entries()) {
    if (i === s.iStar) continue;
    if (pat.piece[unit][i] === pat.piece[unit][s.iStar])
      return refuted(
        'the unit on pixel k is active only for i ∈ I (different activation patterns)',
        `sample ${i + 1} ∉ I has the same piece (${pat.piece[unit][i]}) as i* = ${s.iStar + 1}`,
        { sample: i },
      );
  }
  const xi = v.data.inputs[s.iStar],
    xj = v.data.inputs[s.jStar];
  const mid = xi.map((x, m) => x.add(xj[m]).div(2));
  const probe = dataset([xi, xj, mid], [v.data.targets[0], v.data.targets[0], v.data.targets[0]]);
  const out = exactOutputs(t.net, theta, probe);
  const avg = out[0].map((y, o2) => y.add(out[1][o2]).div(2));
  if (out[2].every((y, o2) => y.equals(avg[o2])))
    return refuted(
      'the predictor is not affine in x',
      `o(midpoint of x_{i*}, x_{j*}) = ${vec(out[2])} equals the mean of o(x_{i*}) = ${vec(out[0])} and o(x_{j*}) = ${vec(out[1])}`,
    );
  return null;
}

export const localMinC7DeepRepaired = paper.claim({
  id: 'cnn.theorem3.local-min-c7-deep-repaired',
  section:
    'App. B Theorem 3, eqs. (17)–(22) with eqs. (19) and (21) modified by us (not in the paper); the same extra conditions as at L = 2; depth L ∈ {3, 4}',
  title:
    'Our repair of Theorem 3 at depth L ≥ 3: with negative channel-1 copy biases (−z/2, −z/4, …) and the FC weight scaled by 2^{L−2}, θ is strictly inside a cell and a local minimum',
  statement:
    "This is OUR repair, not the paper's construction. Under the extra conditions — " +
    C7_WORDS +
    " — take θ₁ of Theorem 3 but give the channel-1 copy unit of conv layer l ≥ 2 the bias −z_{l−1}/2 instead of 0 (eq. 19), where z_1 = z = x_{i*}^k + c_p is the margin and z_l = z_{l−1}/2 is the value that unit carries for i* at position k; and put λ·z/z_{L−1} = λ·2^{L−2} instead of λ on the FC weight of channel 1, position k (eq. 21). Then: the outputs are still W_2 x̂_i + σ(x_i^k + c_p)·λ for every sample (eq. 96, same risk as θ₁); every unit has nonzero pre-activation on every sample (the copy units that are off sit at −z_{l−1}/2 < 0 instead of exactly 0), so θ is strictly inside one activation cell; R(θ) equals the exact pattern-class lower bound of that cell (the samples other than i* share one pattern and W_2 is their affine least-squares optimum; i* has zero loss), so θ is a local minimum (certificate); and it is non-trivial (i*'s activation pattern differs, and the predictor is not affine on the segment from x_{i*} to x_{j*}).",
  instance: c7WithLambda([3, 4]),
  hypotheses: [
    ...HYP_C7,
    'L ∈ {3, 4}',
    'λ ≠ 0 (y_{i*} is not already fitted by W_2)',
    'repair: channel-1 copy biases −z/2, −z/4, … in conv layers 2..L−1; FC weight on (channel 1, position k) = λ·2^{L−2}',
  ],
  runs: 200,
  // duplicates: hypotheses, runs and the θ₁ setup, shaped like the claims of ./theorem3.ts
  check: (v) => {
    const t = build(v)!;
    const a = v.arch,
      s = t.split;
    const r = repairDeep(a, t, v.k);
    const what = `θ = θ₁ with channel-1 copy biases ${r.biases.map(encQ).join(', ')} in conv layers 2..${a.L - 1} (instead of 0) and FC weight ${vec(r.lambdaFC)} on (channel 1, position ${v.k + 1}) (instead of λ = ${vec(t.lambda)})`;
    const fail = (claimed: string, computed: string, evidence: Json): Outcome =>
      refuted(`${what}: ${claimed}`, computed, evidence);
    const out = exactOutputs(t.net, r.theta, v.data);
    for (const [i, x] of v.data.inputs.entries()) {
      const want = applyAffine(t.W2, x).map((w, o) => w.add(relu0(x[pixel(a, 0, v.k)].add(s.cp)).mul(t.lambda[o])));
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
    const verdict = analyseLocalMin(t.net, halfMse, r.theta, v.data, { noProbes: true });
    const tr = { ...t, theta: r.theta };
    if (verdict.strength === 'refuted')
      return descentOutcome(
        v,
        tr,
        verdict.evidence as DescentEvidence,
        `the landscape toolkit found an exact descent at the repaired θ (${(verdict.evidence as DescentEvidence).method} direction)`,
      );
    if (verdict.strength !== 'proved')
      return unsupported(
        `${what}: a local minimum, certified exactly`,
        `the toolkit could not decide: ${verdict.summary}`,
        { verdict: verdict.summary },
      );
    return nonTrivialFailure(v, t, r.theta) ?? proved();
  },
});

export const theorem3LocalMinClaims = [localMinPrinted, localMinC7, localMinC7Deep, localMinC7DeepRepaired];
