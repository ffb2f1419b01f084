/**
 * Lemma 11 of the CNN paper with cross-entropy (App. E, eqs. 69–73; note
 * §4 Lemma 11): perturbing the FC row W^L(1, ·) separates outputs and loss
 * derivatives. Decimal (50 digits), so the strength is `evidence`.
 */
import { Fraction } from 'fraction.js';
import { Decimal } from 'decimal.js';
import { exactOutputs } from '../model/exact.js';
import { decimal50 } from '../numeric/decimal.js';
import { fcInputs } from '../papers/cnn.js';
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
    'With softmax cross-entropy (two one-hot classes, b^L_1 at its optimum) and a = o^{L−1} the FC inputs, for every pair of samples i ≠ j: (1) δw = ε(a_i − a_j) changes o_i − o_j by exactly ε‖a_i − a_j‖²; (2) u_i = softmax(o_i)_1 − y_{i,1} ≠ 0; (3) with c = p(1 − p) (eq. 73), δw = ε(c_i a_i − c_j a_j) changes u_i − u_j at rate ‖c_i a_i − c_j a_j‖² and δw = ε(c_i a_i + c_j a_j) changes u_i + u_j at rate ‖c_i a_i + c_j a_j‖², so both are made nonzero unless c_i a_i = ±c_j a_j (the parallel case of Lemmas 12/13). Rates by 50-digit central differences (step scaled so the logits move by ~1e-8), relative error < 1e-12.',
  hypotheses: ['the Lemma 6 θ of a random CNN (note §2.5 architecture) with the CE-optimal b^L_1; two classes, one-hot labels, both present', 'Assumption 1: the FC inputs o^{L−1,i} pairwise distinct'],
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
    const O = exactOutputs(st.net, st.theta, st.data).map((r) => r.map(toDec));
    const y1 = st.data.targets.map((t) => toDec(t[0]));
    const c = O.map((o, i) => {
      const p = uAt(o, y1[i], new D(0)).add(y1[i]);
      return p.mul(new D(1).sub(p));
    });
    const fail = (claimed: string, computed: string): Outcome => ({ ok: false, strength: 'evidence', claimed, computed, evidence: null });
    // the step moves the logits by ~1e-8 whatever the scale of δw (c = p(1 − p) can be ~1e-13), so the
    // central difference's truncation error (~1e-16 relative) and the 50-digit rounding both stay far below 1e-12
    const stepFor = (dw: Decimal[]) => new D('1e-8').div(Decimal.max(...A.map((a) => dot(dw, a).abs()), new D('1e-300')));
    for (let i = 0; i < A.length; i++) {
      if (uAt(O[i], y1[i], new D(0)).isZero()) return fail('u_i ≠ 0 for cross-entropy (item 2)', `u_${i + 1} = 0`);
      for (let j = i + 1; j < A.length; j++) {
        // (1), exact: o_i − o_j moves by ε‖a_i − a_j‖²
        const dq = Aq[i].map((x, m) => x.sub(Aq[j][m]));
        const moved = dq.reduce((s, x, m) => s.add(x.mul(Aq[i][m].sub(Aq[j][m]))), new Fraction(0));
        if (moved.n === 0n) return fail('o^{L−1,i} ≠ o^{L−1,j} gives a separating δw (item 1)', `‖a_${i + 1} − a_${j + 1}‖² = 0`);
        // (3): the rates of u_i ∓ u_j along δw = c_i a_i ∓ c_j a_j
        for (const sign of [-1, 1] as const) {
          const dw = A[i].map((x, m) => c[i].mul(x).add(c[j].mul(A[j][m]).mul(sign)));
          const rate = dot(dw, dw);
          if (rate.lessThan('1e-30')) continue; // c_i a_i = ∓c_j a_j: the parallel case of Lemmas 12/13
          const f = (e: Decimal) => uAt(O[i], y1[i], e.mul(dot(dw, A[i]))).add(uAt(O[j], y1[j], e.mul(dot(dw, A[j]))).mul(sign));
          const h = stepFor(dw);
          const fd = f(h).sub(f(h.neg())).div(h.mul(2));
          const rel = fd.sub(rate).abs().div(rate);
          if (rel.greaterThan('1e-12'))
            return fail(`δw = ε(c_${i + 1}·a_${i + 1} ${sign < 0 ? '−' : '+'} c_${j + 1}·a_${j + 1}) changes u_${i + 1} ${sign < 0 ? '−' : '+'} u_${j + 1} at rate ‖δw/ε‖² (item 3, eq. 73)`, `central difference ${fd.toSignificantDigits(15)}, predicted ${rate.toSignificantDigits(15)} (relative error ${rel.toSignificantDigits(3)})`);
        }
      }
    }
    return { ok: true, strength: 'evidence' };
  },
  encode: lemma10CrossEntropy.encode,
  decode: lemma10CrossEntropy.decode,
  describe: lemma10CrossEntropy.describe,
};
