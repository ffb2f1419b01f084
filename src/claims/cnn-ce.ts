/**
 * Lemma 11 of the CNN paper with cross-entropy (App. E, eqs. 69–73; note
 * §4 Lemma 11): perturbing the FC row W^L(1, ·) separates outputs and loss
 * derivatives. Decimal (50 digits), so the strength is `evidence`.
 */
import { Fraction } from 'fraction.js';
import { Decimal } from 'decimal.js';
import { exactOutputs } from '../model/exact.js';
import { decimal50 } from '../numeric/decimal.js';
import { fcInputs, perturbFcRow, toTheta } from '../papers/cnn.js';
import { rational } from '../numeric/rational.js';
import { ceSetup, lemma10CrossEntropy, type CeInstance } from './cnn.js';
import type { Claim, Outcome } from './types.js';

const D = decimal50.D;
const toDec = (x: Fraction) => new D(x.n.toString()).div(x.d.toString()).mul(x.s.toString());
const dot = (a: readonly Decimal[], b: readonly Decimal[]) => a.reduce((s, x, i) => s.add(x.mul(b[i])), new D(0));

/** u_i = softmax(o_i)_1 − y_{i,1} for d_y = 2 after adding `shift` to o_{i,1}. */
function uAt(o: readonly Decimal[], y1: Decimal, shift: Decimal): Decimal {
  const p = new D(1).div(new D(1).add(o[1].sub(o[0].add(shift)).exp()));
  return p.sub(y1);
}

export const lemma11CrossEntropy: Claim<CeInstance> = {
  id: 'cnn.lemma11.ce-perturbations',
  paper: 'cnn-spurious-minima.txt',
  section: 'App. E Lemma 11 (items 1–3) with the cross-entropy loss, eqs. (69)–(73); note §2.4, §4 Lemma 11, T8',
  title: 'Lemma 11 with cross-entropy: perturbing W^L(1, ·) separates outputs and the loss derivatives u_i',
  statement:
    'With softmax cross-entropy (two one-hot classes, b^L_1 at its optimum) and a = o^{L−1} the FC inputs, for every pair of samples i ≠ j: (1) δw = ε(a_i − a_j) changes o_i − o_j by exactly ε‖a_i − a_j‖²; (2) u_i = softmax(o_i)_1 − y_{i,1} ≠ 0; (3) with c = p(1 − p) (eq. 73), δw = ε(c_i a_i − c_j a_j) changes u_i − u_j at rate ‖c_i a_i − c_j a_j‖² and δw = ε(c_i a_i + c_j a_j) changes u_i + u_j at rate ‖c_i a_i + c_j a_j‖², so both are made nonzero unless c_i a_i = ±c_j a_j (the parallel case of Lemmas 12/13). Checked on consecutive pairs through the network itself: the outputs at θ with W^L(1, ·) moved are exact rationals; the rates are 50-digit central differences of u computed from those outputs (step scaled so the logits move by ~1e-8), relative error < 1e-12.',
  hypotheses: [
    'the Lemma 6 θ of a random CNN (note §2.5 architecture) with the CE-optimal b^L_1; two classes, one-hot labels, both present',
    'Assumption 1: the FC inputs o^{L−1,i} pairwise distinct',
  ],
  arithmetic: 'decimal',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: lemma10CrossEntropy.generate,
  detect: (v) => {
    if (v.classes.length !== v.base.data.inputs.length) return 'one class per sample needed';
    if (v.classes.every((c) => c === v.classes[0])) return 'all labels in one class: no finite optimal b^L_1';
    if (v.base.data.inputs.length < 2) return 'fewer than two samples';
    const st = ceSetup(v);
    const A = fcInputs(st.net, st.theta, st.data).map((r) => r.map((x) => x.toFraction()).join(','));
    return new Set(A).size === A.length ? null : 'Assumption 1 fails: two samples have the same FC input o^{L−1}';
  },
  check: (v): Outcome => {
    const st = ceSetup(v);
    const Aq = fcInputs(st.net, st.theta, st.data);
    const A = Aq.map((r) => r.map(toDec));
    const O = exactOutputs(st.net, st.theta, st.data);
    const y1 = st.data.targets.map((t) => toDec(t[0]));
    const u = (o: readonly Fraction[], i: number) => uAt(o.map(toDec), y1[i], new D(0));
    const c = O.map((o, i) => {
      const p = u(o, i).add(y1[i]);
      return p.mul(new D(1).sub(p));
    });
    // the network itself at θ with W^L(1, ·) moved by dw
    const outputsWith = (dw: readonly Fraction[]) =>
      exactOutputs(st.net, toTheta(st.net, perturbFcRow(st.params, 0, dw)), st.data);
    const fail = (claimed: string, computed: string): Outcome => ({
      ok: false,
      strength: 'evidence',
      claimed,
      computed,
      evidence: null,
    });
    for (let i = 0; i < A.length; i++) {
      if (u(O[i], i).isZero()) return fail('u_i ≠ 0 for cross-entropy (item 2)', `u_${i + 1} = 0`);
      const j = i + 1; // consecutive pairs: every sample is in one, and the cost stays linear in N
      if (j >= A.length) break;
      // (1), exact through the network: o_i − o_j moves by ‖a_i − a_j‖² for δw = a_i − a_j
      const dq = Aq[i].map((x, m) => x.sub(Aq[j][m]));
      const O1 = outputsWith(dq);
      const moved = O1[i][0].sub(O1[j][0]).sub(O[i][0].sub(O[j][0]));
      const norm2 = dq.reduce((acc, x) => acc.add(x.mul(x)), new Fraction(0));
      if (!moved.equals(norm2) || norm2.n === 0n)
        return fail(
          `δw = a_${i + 1} − a_${j + 1} moves o_${i + 1} − o_${j + 1} by ‖a_${i + 1} − a_${j + 1}‖² > 0 (item 1)`,
          `it moved by ${moved.toFraction()}, ‖·‖² = ${norm2.toFraction()}`,
        );
      if (O1.some((row, s) => row.slice(1).some((x, k) => !x.equals(O[s][k + 1]))))
        return fail('moving W^L(1, ·) leaves the other outputs unchanged', 'another output changed');
      // (3): rates of u_i ∓ u_j along δw = c_i a_i ∓ c_j a_j (c rounded to 40 digits to give a rational δw)
      for (const sign of [-1, 1] as const) {
        const ci = rational.fromString(c[i].toFixed(40)),
          cj = rational.fromString(c[j].toFixed(40));
        const dw = Aq[i].map((x, m) => ci.mul(x).add(cj.mul(Aq[j][m]).mul(sign)));
        const dwD = dw.map(toDec);
        const rate = c[i].mul(dot(dwD, A[i])).add(c[j].mul(dot(dwD, A[j])).mul(sign)); // chain rule with the exact c
        if (rate.abs().lessThan('1e-30')) continue; // c_i a_i = ∓c_j a_j: the parallel case of Lemmas 12/13
        if (rate.isNegative())
          return fail(
            `the rate of u_${i + 1} ${sign < 0 ? '−' : '+'} u_${j + 1} along δw is ‖c_i a_i ∓ c_j a_j‖² ≥ 0`,
            `rate ${rate.toSignificantDigits(6)}`,
          );
        // a step moving the logits by about 1e-8: truncation (~1e-16 relative) and rounding far below 1e-12
        const big = Decimal.max(...A.map((a) => dot(dwD, a).abs()));
        const h = new Fraction(1n, 10n ** BigInt(Math.max(0, 8 + Math.ceil(big.log(10).toNumber()))));
        const f = (o: Fraction[][]) => u(o[i], i).add(u(o[j], j).mul(sign));
        const fd = f(outputsWith(dw.map((x) => x.mul(h))))
          .sub(f(outputsWith(dw.map((x) => x.mul(h).neg()))))
          .div(toDec(h).mul(2));
        const rel = fd.sub(rate).abs().div(rate.abs());
        if (rel.greaterThan('1e-12'))
          return fail(
            `δw = ε(c_${i + 1}·a_${i + 1} ${sign < 0 ? '−' : '+'} c_${j + 1}·a_${j + 1}) changes u_${i + 1} ${sign < 0 ? '−' : '+'} u_${j + 1} at rate c_i(δw·a_i) ${sign < 0 ? '−' : '+'} c_j(δw·a_j) > 0 (item 3, eq. 73)`,
            `the network's central difference ${fd.toSignificantDigits(15)}, predicted ${rate.toSignificantDigits(15)} (relative error ${rel.toSignificantDigits(3)})`,
          );
      }
    }
    return { ok: true, strength: 'evidence' };
  },
  encode: lemma10CrossEntropy.encode,
  decode: lemma10CrossEntropy.decode,
  describe: lemma10CrossEntropy.describe,
};
