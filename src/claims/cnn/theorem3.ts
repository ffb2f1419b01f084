/**
 * Theorem 2/3 of "Spurious local minima provably exist for deep convolutional
 * neural networks" (App. B; note §4 Theorem 3, §5e, §7 P19–P20): the
 * non-trivial point θ₁ computes what eq. (96) says, and the constants of
 * eq. (22) are compensated exactly. Whether θ₁ is a local minimum:
 * ./theorem3-local-min.ts. Constructions: src/papers/cnn/theorem3.ts.
 */
import { exactOutputs } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import { applyAffine, firstTerm, split, splitValue, subForms, theta1From } from '../../papers/cnn/index.js';
import { encQ, encQs } from '../codec.js';
import { proved, refuted } from '../define.js';
import { paper, vec } from './parts.js';
import { build, HYP_ARCH, HYP_C, HYP_LOSS, HYP_SPLIT, shapeReason, t3Values, valueArb } from './theorem3-instances.js';

// ---------------------------------------------------------------------------
// 1. output formula (P19)

export const outputFormula = paper.claim({
  id: 'cnn.theorem3.output-formula',
  section:
    '§4 eqs. (9)–(10), (15)–(16); App. B Theorem 3, eqs. (17)–(22); proof G.9, eqs. (92)–(100), in particular (96) and (98)',
  title:
    'θ₁ computes o(x_i) = W_2 x̂_i + σ(x_i^k + c_p)·λ, with the split x_i^k + c_p > 0 ⇔ i ∈ I and zero loss on i* when |I| = 1',
  statement:
    'With c_p = −½(x_{i*}^k + x_{j*}^k) (eq. 9), x_i^k + c_p > 0 exactly for i ∈ I, with margin z = x_{i*}^k + c_p on both sides. The CNN with the parameters of Theorem 3 (eqs. 17–22) outputs o(x_i) = W_2 x̂_i + σ(x_i^k + c_p)·λ for every sample (eq. 96), W_2 being the ReLU-free map of the second subnetwork (eq. 20). If |I| = 1, λ of eq. (15) gives zero loss on i* (eq. 98); if |I| ≥ 2, λ of eq. (16) minimises the loss over I (the residuals over I sum to 0). Checked exactly on a random second subnetwork.',
  instance: t3Values(
    () => valueArb({ minL: 2, maxL: 4, c7: false, randomSub: true, minN: 2, maxN: 5 }),
    (v) => shapeReason(v, { c7: false, randomSub: true }),
  ),
  hypotheses: [
    HYP_ARCH,
    HYP_SPLIT,
    HYP_LOSS,
    HYP_C,
    'a random second subnetwork (filters, biases, FC weights in −2..2); cross weights between channel 1 and the others are 0',
  ],
  runs: 200,
  check: (v) => {
    const t = build(v)!;
    const a = v.arch,
      s = t.split;
    for (const [i, x] of v.data.inputs.entries()) {
      const m = splitValue(a, x, v.k).add(s.cp);
      const inI = s.I.includes(i);
      if ((m.s > 0n && m.n !== 0n) !== inI)
        return refuted(
          'x_i^k + c_p > 0 exactly for the samples in I (eq. 10, 93–94)',
          `sample ${i + 1} ${inI ? 'is' : 'is not'} in I but x^k + c_p = ${encQ(m)}`,
          { sample: i, margin: encQ(m) },
        );
      if (m.abs().compare(s.z) < 0)
        return refuted(
          `|x_i^k + c_p| ≥ z = ${encQ(s.z)} for every sample (the margin)`,
          `sample ${i + 1} has x^k + c_p = ${encQ(m)}`,
          { sample: i, margin: encQ(m), z: encQ(s.z) },
        );
    }
    const out = exactOutputs(t.net, t.theta, v.data);
    for (const [i, x] of v.data.inputs.entries()) {
      const sig = firstTerm(a, x, v.k, s.cp);
      const want = applyAffine(t.W2, x).map((w, o) => w.add(sig.mul(t.lambda[o])));
      const o = out[i].findIndex((y, j) => !y.equals(want[j]));
      if (o >= 0)
        return refuted(
          `o(x_${i + 1}) = W_2 x̂ + σ(x^k + c_p)·λ = ${vec(want)} (eq. 96)`,
          `the network outputs ${vec(out[i])} on sample ${i + 1}`,
          { sample: i, output: encQs(out[i]), formula: encQs(want) },
        );
    }
    if (s.I.length === 1) {
      const i = s.iStar;
      if (!out[i].every((y, j) => y.equals(v.data.targets[i][j])))
        return refuted(
          `|I| = 1: zero loss on i* = ${i + 1} (eq. 98)`,
          `o(x_${i + 1}) = ${vec(out[i])} but y = ${vec(v.data.targets[i])}`,
          { sample: i },
        );
    } else {
      for (let o = 0; o < a.dy; o++) {
        // stationarity in λ: Σ_{i∈I} z_i (o_i − y_i) = 0, z_i the first-subnetwork term (all equal without pooling)
        const r = s.I.reduce(
          (acc, i) => acc.add(firstTerm(a, v.data.inputs[i], v.k, s.cp).mul(out[i][o].sub(v.data.targets[i][o]))),
          ZERO,
        );
        if (r.n !== 0n)
          return refuted(
            `|I| = ${s.I.length}: λ minimises Σ_{i∈I} ½‖o_i − y_i‖² (eq. 16), so Σ_{i∈I} z_i (o_i − y_i) = 0 with z_i = σ(x_i^k + c_p) (the residuals over I sum to 0 when every z_i is z)`,
            `output ${o + 1}: Σ_{i∈I} z_i (o_i − y_i) = ${encQ(r)}`,
            { output: o, sum: encQ(r) },
          );
      }
    }
    return proved();
  },
});

// ---------------------------------------------------------------------------
// 2. compensation (P20)

// duplicates: a claim definition (id, section, title, statement, instance), shaped like every other claim
export const compensation = paper.claim({
  id: 'cnn.theorem3.compensation',
  section: 'App. B Theorem 3, eq. (22); proof G.9, eq. (95)',
  title:
    'Adding the constants c_l to the second-subnetwork biases and replacing b^L by b^L − Δo^L (eq. 22) leaves every output unchanged',
  statement:
    "For a second subnetwork made all-active by constants c_l added to its biases, the shift propagates linearly and Δo^L of the recursion (22) cancels it at the output: the outputs equal the ReLU-free W_2 x̂ (+ the first-subnetwork term) for the just-sufficient constants, for larger ones c_l, and for larger still c_l + e_l, exactly; and Δo^L equals the change of the ReLU-free output map's constant term.",
  instance: t3Values(
    () => valueArb({ minL: 2, maxL: 4, c7: false, randomSub: true, extra2: true, minN: 2, maxN: 5 }),
    (v) => shapeReason(v, { c7: false, randomSub: true }) ?? (v.extra2 ? null : 'no extra constants e_l'),
  ),
  hypotheses: [
    HYP_ARCH,
    HYP_SPLIT,
    HYP_LOSS,
    'a random second subnetwork (filters, biases, FC weights in −2..2)',
    'c_l ≥ the just-sufficient constants (all second-subnetwork ReLUs active, pre-activations ≥ 0)',
  ],
  runs: 200,
  check: (v) => {
    const a = v.arch,
      s = split(a, v.data, v.k)!;
    const sub = v.sub!;
    const zero = v.extra.map(() => ZERO);
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
          return refuted(
            `the outputs do not depend on the constants once every second-subnetwork ReLU is active (eq. 22)`,
            `sample ${i + 1}: with ${built[b].name} = ${vec(built[b].t.c)} the output is ${vec(o)}, with ${built[0].name} = ${vec(built[0].t.c)} it is ${vec(outs[0][i])} (Δo^L = ${vec(built[b].t.deltaOL)})`,
            { sample: i, c: encQs(built[b].t.c), output: encQs(o), reference: encQs(outs[0][i]) },
          );
    // Δo^L (recursion 22) = change of the ReLU-free output map's constant term
    for (const b of built) {
      const shifted = subForms(a, sub, b.t.c).W2;
      const dx = a.C0 * a.P;
      for (let o = 0; o < a.dy; o++) {
        const d = shifted[o][dx].sub(b.t.W2[o][dx]);
        if (!d.equals(b.t.deltaOL[o]))
          return refuted(
            'Δo^L of eq. (22) is the output shift caused by the constants c_l',
            `output ${o + 1}: the recursion gives Δo^L = ${encQ(b.t.deltaOL[o])}, the ReLU-free map shifts by ${encQ(d)} (c = ${vec(b.t.c)})`,
            { output: o, deltaOL: encQ(b.t.deltaOL[o]), shift: encQ(d) },
          );
      }
      for (const [i, x] of v.data.inputs.entries()) {
        const sig = firstTerm(a, x, v.k, s.cp);
        const want = applyAffine(b.t.W2, x).map((w, o) => w.add(sig.mul(b.t.lambda[o])));
        if (!want.every((w, j) => w.equals(outs[0][i][j])))
          return refuted(
            `with all second-subnetwork ReLUs active the output is the ReLU-free W_2 x̂ + σ(x^k + c_p)·λ`,
            `sample ${i + 1}: ${vec(outs[0][i])} ≠ ${vec(want)}`,
            { sample: i },
          );
      }
    }
    return proved();
  },
});

export const theorem3Claims = [outputFormula, compensation];
