/**
 * He et al. 2020, Theorem 3 (§4.2; Appendix B.4, eq. 73): "all local minima
 * in a cell share one Q" as printed (false without full rank), with the
 * full-row-rank hypothesis its proof needs (note §4, G7), and the path reading
 * ("connected at constant risk").
 */
import type { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { constantAlongPath } from '../../landscape/paths.js';
import * as P from '../../linalg/polynomial.js';
import { fromRows, leastSquares, nullspace, rank, transpose } from '../../linalg/matrix.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import { ONE, rational, sum, ZERO } from '../../numeric/rational.js';
import { mse, type Theorem2Design } from '../../papers/he2020/index.js';
import { encQ, encQs } from '../codec.js';
import { asJson, proved, refuted, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import { verdictFailure } from './deciders.js';
import { design, dims, planted, t2Net, type T2Instance } from './theorem2-instances.js';
import { he2020 } from './paper.js';

/** The activation slopes A of a design's cell, as one string (equal strings: the same cell). */
const cellKey = (D: Theorem2Design | null) => D?.A.map((r) => r.map((a) => a.toFraction()).join(',')).join('|');

/** θ′ = θ* + ε·diag(W2)^{-1}·N, N in the left null space of X̂ (same predictions), ε halved until θ′ has θ*'s pattern. */
function secondMinimum(v: T2Instance): Fraction[] | null {
  const { dX, d1 } = dims(v);
  const D = design(v)!;
  const L = nullspace(rational, transpose(fromRows(D.Xhat))); // N with N·X̂ = 0
  if (L.cols === 0) return null;
  const N = Array.from({ length: d1 * dX }, (_, r) =>
    sum(Array.from({ length: L.cols }, (_, b) => v.coeffs[b % v.coeffs.length].add(1).mul(L.data[r * L.cols + b]))),
  );
  if (N.every((x) => x.n === 0n)) return null;
  const base = cellKey(D);
  for (let e = 0, eps = ONE; e < 40; e++, eps = eps.div(2)) {
    const th = v.theta.map((w, idx) =>
      idx < d1 * dX ? w.add(eps.mul(N[idx]).div(v.theta[d1 * dX + Math.floor(idx / dX)])) : w,
    );
    if (cellKey(design(v, th)) === base) return th;
  }
  return null;
}

function sameQCheck(v: T2Instance): Outcome {
  const n = t2Net(v),
    D = design(v)!;
  const th2 = secondMinimum(v);
  if (!th2) return proved(); // no other minimum with the same predictions: X̂ has no left null space
  const D2 = design(v, th2)!;
  const o1 = exactOutputs(n, v.theta, v.data),
    o2 = exactOutputs(n, th2, v.data);
  if (o1.some((r, i) => !r[0].equals(o2[i][0]))) throw new Error('internal: θ′ changed the predictions');
  // both points must be certified local minima for the message below to be true (review B8)
  for (const [name, th] of [
    ['θ*', v.theta],
    ['θ′', th2],
  ] as const) {
    const lm = analyseLocalMin(n, mse, th, v.data, { noProbes: true });
    if (lm.strength !== 'proved') throw new Error(`internal: ${name} is not certified (${lm.summary})`);
  }
  if (D.Q.every((x, k) => x.equals(D2.Q[k]))) return proved();
  const R = exactRisk(n, mse, v.theta, v.data);
  return refuted(
    'all local minima in a cell share one Q (Theorem 3 / eq. 73)',
    `θ* and θ′ = (${encQs(th2).join(', ')}) are both certified local minima in the same cell with equal risk ${encQ(R)}, but Q(θ*) = (${encQs(D.Q).join(', ')}) ≠ Q(θ′) = (${encQs(D2.Q).join(', ')}); rank X̂ = ${rank(rational, fromRows(D.Xhat))} < ${D.Q.length}`,
    { thetaPrime: encQs(th2), Q: encQs(D.Q), Qprime: encQs(D2.Q), risk: encQ(R) },
  );
}

export const theorem3SameQPrinted = he2020.claim({
  id: 'he2020.theorem3.same-q',
  section: '§4.2 Theorem 3 and Corollary 1; proof in Appendix B.4, eq. (73)',
  title: 'Theorem 3 as printed: all local minima in a cell share one Q (false without full rank)',
  statement:
    'As printed: all local minima in a cell have the same Q(W1, W2), so they form one equivalence class connected by a constant-risk valley. The proof needs g_A strictly convex in Q, i.e. X̂ of full row rank; the suite tests the printed statement.',
  instance: planted({ fullRank: false, residual: true }),
  expected: 'refuted',
  correctedBy: 'he2020.theorem3.same-q-full-rank',
  runs: 100,
  generatorVersion: 3,
  hypotheses: [
    'witness filter, not a hypothesis of the theorem: R(θ*) > 0, so a counterexample is not two zero-risk fits (narrowing the search only makes a refutation harder)',
  ],
  // R(θ*) > 0 is not a hypothesis of the theorem; it only keeps the witness from being a
  // pair of zero-risk global minima (review C3), which would be a weaker counterexample.
  detect: (v) =>
    exactRisk(t2Net(v), mse, v.theta, v.data).n === 0n
      ? 'R(θ*) = 0 (a zero-risk fit; only counterexamples with R > 0 are kept)'
      : null,
  check: sameQCheck,
});

export const theorem3SameQFullRank = he2020.claim({
  id: 'he2020.theorem3.same-q-full-rank',
  section: '§4.2 Theorem 3; Appendix B.4, eq. (73), with rank X̂ = d1·d_X (the hypothesis eq. 73 needs)',
  title: 'Theorem 3 corrected: with X̂ of full row rank, all local minima in a cell share one Q',
  statement:
    'With the added hypothesis rank X̂ = d1·d_X, g_A is strictly convex, its minimiser ŵ* is unique, and every local minimum in the cell has Q = ŵ*. Checked: ŵ* is unique and equals Q(θ*); in-cell points with Q ≠ ŵ* are exactly refuted as local minima by the toolkit; and no second minimum with the same predictions exists.',
  instance: planted({ fullRank: true }),
  hypotheses: ['X̂ has full row rank d1·d_X'],
  generatorVersion: 2,
  check: (v) => {
    const D = design(v)!;
    const y = v.data.targets.map((t) => t[0]);
    const ls = leastSquares(rational, transpose(fromRows(D.Xhat)), y) as { x: Fraction[]; unique: boolean };
    if (!ls.unique)
      return refuted(
        'min g_A has a unique minimiser',
        'the least-squares minimiser is not unique although X̂ has full row rank',
      );
    if (!ls.x.every((x, k) => x.equals(D.Q[k])))
      return refuted(
        'Q(θ*) is the unique minimiser of g_A',
        `Q(θ*) = (${encQs(D.Q).join(', ')}) but the minimiser is (${encQs(ls.x).join(', ')})`,
      );
    // The contrapositive, which can fail: in-cell points with Q ≠ ŵ* are not local minima,
    // and the toolkit must show it exactly (a descent witness).
    const n = t2Net(v),
      { dX, d1 } = dims(v);
    const cell = cellKey(D);
    for (const [j, c] of v.coeffs.entries()) {
      const th = v.theta.map((w, idx) => (idx === j % (d1 * dX) ? w.add(c.add(1).div(8)) : w));
      const D2 = design(v, th);
      if (!D2 || cellKey(D2) !== cell) continue; // left the cell
      if (D2.Q.every((x, k) => x.equals(ls.x[k]))) continue;
      const verdict = analyseLocalMin(n, mse, th, v.data, { noProbes: true });
      if (verdict.strength !== 'refuted')
        return unsupported(
          'an in-cell point whose Q is not the unique minimiser is not a local minimum',
          `at θ′ = (${encQs(th).join(', ')}) the toolkit says ${verdict.strength}: ${verdict.summary}`,
          { theta: encQs(th) },
        );
    }
    return sameQCheck(v);
  },
});

export const theorem3ValleyPath = he2020.claim({
  id: 'he2020.theorem3.valley-path',
  section: '§4.2 Theorem 3 ("connected by a continuous path with constant risk"); Appendix B.4',
  title: 'Theorem 3, path reading: local minima of a cell with different Q are joined at constant risk',
  statement:
    'The other reading of Theorem 3: local minima in a cell are connected by a continuous path along which the risk is constant. Checked where the printed "same Q" reading fails: for θ* and a second certified minimum θ′ with different Q (X̂ rank-deficient), the straight segment between them keeps the risk constant (exact: pattern proved constant by Sturm, risk polynomial constant).',
  instance: planted({ fullRank: false, deficient: true }),
  hypotheses: ['X̂ rank-deficient, so that a second minimum θ′ with the same predictions and a different Q exists'],
  generatorVersion: 2,
  detect: (v) => (secondMinimum(v) ? null : 'no second minimum with a different Q (X̂ has no usable left null space)'),
  check: (v) => {
    const th2 = secondMinimum(v)!;
    const curve = v.theta.map((x, k) => P.poly([x, th2[k].sub(x)]));
    const verdict = constantAlongPath(t2Net(v), mse, v.data, curve, ZERO, ONE);
    if (verdict.strength === 'proved') return proved();
    return verdictFailure(
      verdict,
      'the risk is constant on the segment between the two minima',
      verdict.summary,
      asJson(verdict),
    );
  },
});
