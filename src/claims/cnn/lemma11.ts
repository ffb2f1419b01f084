/**
 * Lemma 11 of "Spurious local minima provably exist for deep CNNs" (App. E,
 * items 1–3; note P17): perturbing the FC row W^L(1,·) separates outputs and
 * loss derivatives — exactly for the squared loss, with decimal evidence for
 * cross-entropy (eqs. 69–73).
 */
import { Decimal } from 'decimal.js';
import type { Fraction } from 'fraction.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import { rational, sum, toRat } from '../../numeric/rational.js';
import { fcInputs, halfMse, perturbFcRow, residuals, toTheta } from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { proved, refuted, supported, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import { ceSetup, crossEntropy, D, toDec } from './ce.js';
import { perturbed, perturbSetup } from './instances.js';
import { paper } from './parts.js';

/** a·b */
const dotv = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));
/** a·b in decimals */
const dot = (a: readonly Decimal[], b: readonly Decimal[]) => a.reduce((s, x, i) => s.add(x.mul(b[i])), new D(0));

export const lemma11Perturbations = paper.claim({
  id: 'cnn.lemma11.perturbations',
  section: 'App. E Lemma 11 (items 1–3) and App. G.4 eq. (64)',
  title:
    'Lemma 11: the W^L(1,·) perturbations change o_i − o_j, u_i, u_i + u_j by exactly ε‖·‖², and cost exactly (1/2N)Σ(δw·a)²',
  statement:
    'With a_i = o^{L−1,i} (the FC input): δw = ε(a_i − a_j) changes o_i − o_j by ε‖a_i − a_j‖²; δw = εa_i changes u_i by ε‖a_i‖²; δw = ε(a_i + a_j) changes u_i + u_j by ε‖a_i + a_j‖²; all three are nonzero under Assumption 1 and non-degeneracy; and since W^L is least-squares optimal, R(θ + δw) = R(θ) + (1/2N)Σ_l (δw·a_l)² > R(θ) exactly.',
  instance: perturbed,
  runs: 200,
  check: (v) => {
    const { st, i, j, data, N, A, R } = perturbSetup(v);
    const o = exactOutputs(st.net, st.theta, data).map((r) => r[0]);
    const u = residuals(st.net, st.theta, data)[0];
    const claimed = `the Lemma 11 perturbations of W^L(1,·) for the pair (${i + 1}, ${j + 1}), ε = ${encQ(v.eps)}, act exactly as stated`;
    const at = (dw: Fraction[]) => {
      const th = toTheta(st.net, perturbFcRow(st.params, 0, dw));
      return { o: exactOutputs(st.net, th, data).map((r) => r[0]), R: exactRisk(st.net, halfMse, th, data) };
    };
    const items: [string, Fraction[], (x: { o: Fraction[] }) => Fraction, Fraction, Fraction][] = [
      [
        'o_i − o_j',
        A[i].map((x, k) => x.sub(A[j][k]).mul(v.eps)),
        (x) => x.o[i].sub(x.o[j]),
        o[i].sub(o[j]),
        dotv(
          A[i].map((x, k) => x.sub(A[j][k])),
          A[i].map((x, k) => x.sub(A[j][k])),
        ),
      ],
      ['u_i', A[i].map((x) => x.mul(v.eps)), (x) => x.o[i].sub(data.targets[i][0]), u[i], dotv(A[i], A[i])],
      [
        'u_i + u_j',
        A[i].map((x, k) => x.add(A[j][k]).mul(v.eps)),
        (x) => x.o[i].add(x.o[j]).sub(data.targets[i][0]).sub(data.targets[j][0]),
        u[i].add(u[j]),
        dotv(
          A[i].map((x, k) => x.add(A[j][k])),
          A[i].map((x, k) => x.add(A[j][k])),
        ),
      ],
    ];
    for (const [name, dw, measure, before, norm2] of items) {
      const r = at(dw);
      const want = before.add(v.eps.mul(norm2));
      if (!measure(r).equals(want))
        return refuted(
          claimed,
          `${name}: ${encQ(measure(r))} after the perturbation, expected ${encQ(before)} + ε·${encQ(norm2)} = ${encQ(want)}`,
          { item: name },
        );
      if (norm2.n === 0n)
        return refuted(claimed, `${name}: the squared norm is 0, so the perturbation does not separate`, {
          item: name,
        });
      const wantR = R.add(sum(A.map((a) => dotv(dw, a).pow(2))).div(2 * N));
      if (!r.R.equals(wantR) || r.R.compare(R) <= 0)
        return refuted(
          claimed,
          `${name}: R(θ + δw) = ${encQ(r.R)}, expected R + (1/2N)Σ(δw·a)² = ${encQ(wantR)} > R = ${encQ(R)}`,
          { item: name, got: encQ(r.R), want: encQ(wantR) },
        );
    }
    return proved();
  },
});

/**
 * p = softmax(o)_1 and q = 1 − p for d_y = 2 after adding `shift` to o_1, each
 * computed without cancellation: with a logit gap beyond ~115, 1 − p rounds to
 * 0 in 50 digits, and u = p − 1 came out exactly 0 (a thorough run refuted
 * item 2 so), although u ≠ 0 for every finite logit.
 */
export function probs(o: readonly Decimal[], shift: Decimal): { p: Decimal; q: Decimal } {
  const gap = o[1].sub(o[0].add(shift)); // p = 1/(1 + e^gap)
  const e = gap.isPositive() ? gap.neg().exp() : gap.exp();
  const small = e.div(new D(1).add(e)),
    large = new D(1).div(new D(1).add(e));
  return gap.isPositive() ? { p: small, q: large } : { p: large, q: small };
}

/** u = softmax(o)_1 − y_1 (one-hot y: −(1 − p) or p, without cancellation). */
function uAt(o: readonly Decimal[], y1: Decimal, shift: Decimal): Decimal {
  const { p, q } = probs(o, shift);
  return y1.eq(1) ? q.neg() : y1.isZero() ? p : p.sub(y1);
}

export const lemma11CrossEntropy = paper.claim({
  id: 'cnn.lemma11.ce-perturbations',
  section: 'App. E Lemma 11 (items 1–3) with the cross-entropy loss, eqs. (69)–(73)',
  title: 'Lemma 11 with cross-entropy: perturbing W^L(1, ·) separates outputs and the loss derivatives u_i',
  statement:
    'With softmax cross-entropy (two one-hot classes, b^L_1 at its optimum) and a = o^{L−1} the FC inputs, for every pair of samples i ≠ j: (1) δw = ε(a_i − a_j) changes o_i − o_j by exactly ε‖a_i − a_j‖²; (2) u_i = softmax(o_i)_1 − y_{i,1} ≠ 0; (3) with c = p(1 − p) (eq. 73), δw = ε(c_i a_i − c_j a_j) changes u_i − u_j at rate ‖c_i a_i − c_j a_j‖² and δw = ε(c_i a_i + c_j a_j) changes u_i + u_j at rate ‖c_i a_i + c_j a_j‖², so both are made nonzero unless c_i a_i = ±c_j a_j (the parallel case of Lemmas 12/13). Checked on consecutive pairs through the network itself: the outputs at θ with W^L(1, ·) moved are exact rationals; the rates are 50-digit central differences of u computed from those outputs (step scaled so the logits move by ~1e-8), relative error < 1e-12.',
  instance: crossEntropy,
  hypotheses: [
    'the Lemma 6 θ of a random CNN (conv L−3 → conv L−2 → conv L−1 → FC, as in Fig. 1 and App. C) with the CE-optimal b^L_1; two classes, one-hot labels, both present',
    'Assumption 1: the FC inputs o^{L−1,i} pairwise distinct',
  ],
  arithmetic: 'decimal',
  runs: 200,
  detect: (v) => {
    if (v.classes.length !== v.base.data.inputs.length) return 'one class per sample needed';
    if (v.classes.every((c) => c === v.classes[0])) return 'all labels in one class: no finite optimal b^L_1';
    if (v.base.data.inputs.length < 2) return 'fewer than two samples';
    const st = ceSetup(v);
    const A = fcInputs(st.net, st.theta, st.data).map((r) => r.map((x) => x.toFraction()).join(','));
    return new Set(A).size === A.length ? null : 'Assumption 1 fails: two samples have the same FC input o^{L−1}';
  },
  check: (v) => {
    const st = ceSetup(v);
    const Aq = fcInputs(st.net, st.theta, st.data);
    const A = Aq.map((r) => r.map(toDec));
    const O = exactOutputs(st.net, st.theta, st.data);
    const y1 = st.data.targets.map((t) => toDec(t[0]));
    const u = (o: readonly Fraction[], i: number) => uAt(o.map(toDec), y1[i], new D(0));
    const c = O.map((o) => {
      const { p, q } = probs(o.map(toDec), new D(0));
      return p.mul(q); // c = p(1 − p), eq. (73)
    });
    // the network itself at θ with W^L(1, ·) moved by dw
    const outputsWith = (dw: readonly Fraction[]) =>
      exactOutputs(st.net, toTheta(st.net, perturbFcRow(st.params, 0, dw)), st.data);
    const fail = (claimed: string, computed: string): Outcome => unsupported(claimed, computed);
    for (let i = 0; i < A.length; i++) {
      if (u(O[i], i).isZero()) return fail('u_i ≠ 0 for cross-entropy (item 2)', `u_${i + 1} = 0`);
      const j = i + 1; // consecutive pairs: every sample is in one, and the cost stays linear in N
      if (j >= A.length) break;
      // (1), exact through the network: o_i − o_j moves by ‖a_i − a_j‖² for δw = a_i − a_j
      const dq = Aq[i].map((x, m) => x.sub(Aq[j][m]));
      const O1 = outputsWith(dq);
      const moved = O1[i][0].sub(O1[j][0]).sub(O[i][0].sub(O[j][0]));
      const norm2 = sum(dq.map((x) => x.mul(x)));
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
        const h = toRat(1n).div(toRat(10n ** BigInt(Math.max(0, 8 + Math.ceil(big.log(10).toNumber())))));
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
    return supported();
  },
});

export const lemma11Claims = [lemma11Perturbations, lemma11CrossEntropy];
