/**
 * Liu (one-hidden-layer ReLU, Part 1) §VI, Lemma 3 and Theorem 3 as printed,
 * in their two directions. "Only if": a non-differentiable local minimum with
 * w_m on the facet of H_n satisfies the strict (29)/(30) (Lemma 3's (26) with
 * positive multiples). "If", with §VI-A's "no need to test w_m*": (29)/(30)
 * and genuine other neurons give such a minimum at w_m* = R_m* / z_m. Both are
 * decided exactly, with the landscape toolkit's boundary certificate
 * (re-checked) as the witness of a minimum; the corrected criterion is
 * liu1h.theorem3.corrected-criterion.
 */
import type { Fraction } from 'fraction.js';
import { analyseRechecked } from '../../landscape/analyse-rechecked.js';
import { verifyCertificate } from '../../linalg/lp.js';
import {
  facetCandidate,
  liu1hData,
  noFacetCandidate,
  liu1hNet,
  liu1hTheta,
  patternOf,
  printedCriterion,
  theorem3Setup,
} from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { asJson, proved, refuted, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import { boundaryValues, type BoundaryValue } from './instances.js';
import { liu1h, mse } from './paper.js';

const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;
const SIGNS = [1, -1] as const;

const net = (v: BoundaryValue) => liu1hNet(v.X[0].length, v.w.length);

/** Which of (29) and (30) fail for sign σ. */
const fails = ({ a, J }: { a: Fraction; J: Fraction }, sigma: 1 | -1) =>
  [
    a.mul(sigma).compare(0) < 0 ? null : '(29) z_m·a < 0 fails',
    a.add(J).mul(sigma).compare(0) > 0 ? null : '(30) z_m·(a + J) > 0 fails',
  ]
    .filter(Boolean)
    .join(' and ');

function setupOf(v: BoundaryValue) {
  const I = patternOf(v.X, v.w),
    f = { m: v.m, n: v.n };
  return { I, f, ...theorem3Setup(v.X, I, v.y, f) };
}

export const theorem3StrictNecessary = liu1h.claim({
  id: 'liu1h.theorem3.strict-necessary',
  section: '§VI, Lemma 3 (eq. (26)) and Theorem 3 (eqs. (29)–(30)), “only if”',
  title:
    'Lemma 3 and Theorem 3 as printed: a non-differentiable local minimum on the facet satisfies the strict (29)/(30)',
  statement:
    'If there is a non-differentiable local minimum with w_m on the facet of the hyperplane of sample n (between cell 1, I_nm = 0, and cell 2, I_nm = 1), z_m ≠ 0 and the other neurons inside their cells, then (29) z_m·a < 0 and (30) z_m·(a + J) > 0 hold (by eqs. (35)–(36), the one-sided gradients in w_m are then positive multiples of −x_n and x_n: Lemma 3’s (26), “//” read as “a positive multiple of”). Checked exactly: for each sign σ of z_m, the exact LP finds a point of DR = d’s solution set on the facet with the other neurons in their cells; where the loss is not differentiable there (e_n ≠ 0, so the one-sided gradients in w_m differ by (2/N)z_m e_n x_n) and the landscape toolkit proves it a local minimum (re-checked), (29) and (30) must hold for σ.',
  instance: boundaryValues(() => null, []),
  expected: 'refuted',
  correctedBy: 'liu1h.theorem3.corrected-criterion',
  check: (v): Outcome => {
    const { I, f, S, q } = setupOf(v);
    const data = liu1hData(v.X, v.y);
    // e_n = 0: the point is differentiable (both one-sided gradients agree), outside the statement
    if (q.J.n === 0n) return proved();
    for (const sigma of SIGNS) {
      if (printedCriterion(q, sigma)) continue;
      const g = facetCandidate(v.X, I, S, f, sigma);
      if (!g) continue;
      const verdict = analyseRechecked(net(v), mse, liu1hTheta(net(v), g.z, g.w), data);
      if (verdict.strength !== 'proved') continue;
      return refuted(
        'a non-differentiable local minimum on the facet satisfies (29) and (30) for its sign of z_m',
        `z = ${show(g.z)}, w = ${g.w.map(show).join(' ')} (z_m = ${sigma}) is a non-differentiable local minimum on the facet (e_n = ${encQ(q.e[v.n])} ≠ 0; the toolkit: ${verdict.summary}, re-checked; L = ${encQ(q.L)}), yet a = ${encQ(q.a)} and a + J = ${encQ(q.a.add(q.J))}: ${fails(q, sigma)}`,
        asJson(verdict),
      );
    }
    return proved();
  },
});

/** The paper's hypotheses of the "if" direction: (29)/(30) for some sign σ, the other neurons genuine (w_m untested). */
function paperHypotheses(v: BoundaryValue): string | null {
  const { I, f, S, q } = setupOf(v);
  const sigma = SIGNS.find((s) => printedCriterion(q, s));
  if (!sigma) return '(29)/(30) fail for both signs of z_m';
  return facetCandidate(v.X, I, S, f, sigma, { untested: true, nonzero: true })
    ? null
    : 'the other neurons do not pass the genuineness test (16)/(17) (z_j ≠ 0)';
}

export const theorem3NoNeedToTest = liu1h.claim({
  id: 'liu1h.theorem3.no-need-to-test-wm',
  section: '§VI, Theorem 3 (eqs. (29)–(30), “if”) and §VI-A (“no need to test w_m*”)',
  title:
    'Theorem 3 as printed: (29)/(30) and genuine other neurons give a non-differentiable local minimum, with no test of w_m*',
  statement:
    'If DR = d is solvable and its solution satisfies (29)/(30) for a sign σ of z_m, and the other neurons pass the genuineness test (the paper’s (16)/(17), decided here by the exact LP with z_j ≠ 0, since (16)/(17) as printed are themselves refuted), then there is a non-differentiable local minimum with w_m* = R_m*/z_m on the facet between cell 1 and cell 2: “no need to test w_m*” (§VI-A). Checked exactly: the exact LP over the solution set and the signs of the other neurons, now also asking w_m* = σR_m* to lie on that facet (σ(2I_im − 1)x_i·R_m > 0 for i ≠ n), must succeed, and the landscape toolkit must certify the point (re-checked). When it fails for every sign choice of the other neurons (an exact infeasibility certificate per choice, re-checked) there is no such minimum: any local minimum with w_m on the facet, z_m ≠ 0 and the other neurons inside their cells solves DR = d, and with the other sign of z_m, −σa > 0, so a move of w_m into cell 1 descends.',
  instance: boundaryValues(paperHypotheses, [
    '(29)/(30) hold for a sign σ of z_m, and the other neurons pass the paper’s genuineness test (realisable inside their cells with z_j ≠ 0), w_m not tested',
  ]),
  expected: 'refuted',
  correctedBy: 'liu1h.theorem3.corrected-criterion',
  check: (v): Outcome => {
    const { I, f, S, q } = setupOf(v);
    const sigma = SIGNS.find((s) => printedCriterion(q, s))!;
    const g = facetCandidate(v.X, I, S, f, sigma);
    if (!g) {
      const none = noFacetCandidate(v.X, I, S, f, sigma);
      if (!none) throw new Error('internal: the facet LP found no candidate, yet one sign choice is feasible');
      for (const c of none)
        if (!verifyCertificate(c.constraints, c.certificate))
          throw new Error(`internal: the infeasibility certificate of τ = (${c.tau.join(', ')}) fails its re-check`);
      const u = facetCandidate(v.X, I, S, f, sigma, { untested: true, nonzero: true })!;
      const wm = u.w[v.m];
      const col = v.X.map((x) => {
        const p = x.reduce((s, c, k) => s.add(c.mul(wm[k])), wm[0].mul(0));
        return p.n === 0n ? '0' : p.s > 0n ? '+' : '−';
      });
      const where = wm.every((c) => c.n === 0n)
        ? 'w_m* = 0, on no facet'
        : `w_m* = ${show(wm)} has signs ${col.join(' ')} on the samples: it lies on the hyperplane of sample ${v.n + 1}, but not on the facet between cell 1 and cell 2`;
      return refuted(
        'there is a non-differentiable local minimum with w_m* = R_m*/z_m on the facet (no need to test w_m*)',
        `(29)/(30) hold with z_m = ${sigma} (a = ${encQ(q.a)}, J = ${encQ(q.J)})${v.w.length > 1 ? ' and the other neurons pass the genuineness test' : ' (no other neuron, K = 1)'}, but ${where}. No solution of DR = d puts w_m* on that facet with the other neurons in their cells (${none.length > 1 ? `${none.length} sign choices of the other neurons, each LP infeasible` : 'the LP is infeasible'} by an exact certificate, re-checked); with z_m = ${-sigma}, z_m·a = ${encQ(q.a.mul(-sigma))} > 0, so moving w_m into cell 1 descends. There is no such minimum.`,
        { signChoices: none.map((c) => ({ tau: c.tau, multipliers: c.certificate.multipliers.map(encQ) })) },
      );
    }
    const verdict = analyseRechecked(net(v), mse, liu1hTheta(net(v), g.z, g.w), liu1hData(v.X, v.y));
    if (verdict.strength === 'proved') return proved();
    // the corrected criterion holds here (strict (29)/(30), the facet test passed): a refutation would contradict it
    if (verdict.strength === 'refuted')
      throw new Error(
        `internal: the toolkit refutes a candidate that satisfies (29)/(30) and the facet test (see liu1h.theorem3.corrected-criterion): ${verdict.summary}`,
      );
    return unsupported(
      'the point is a non-differentiable local minimum',
      `z = ${show(g.z)}, w = ${g.w.map(show).join(' ')}: the toolkit says ${verdict.strength}: ${verdict.summary}`,
      asJson(verdict),
    );
  },
});
