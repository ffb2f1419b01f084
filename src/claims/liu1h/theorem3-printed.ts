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
import {
  facetCandidate,
  liu1hData,
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
    'If there is a non-differentiable local minimum with w_m on the facet of the hyperplane of sample n (between cell 1, I_nm = 0, and cell 2, I_nm = 1), z_m ≠ 0 and the other neurons inside their cells, then (29) z_m·a < 0 and (30) z_m·(a + J) > 0 hold (equivalently, by eqs. (35)–(36), the one-sided gradients in w_m are positive multiples of −x_n and x_n, Lemma 3’s (26)). Checked exactly: for each sign σ of z_m, the exact LP finds a point of DR = d’s solution set on the facet with the other neurons in their cells; where the landscape toolkit proves it a local minimum (boundary KKT certificate, re-checked), (29) and (30) must hold for σ.',
  instance: boundaryValues(() => null, []),
  expected: 'refuted',
  correctedBy: 'liu1h.theorem3.corrected-criterion',
  check: (v): Outcome => {
    const { I, f, S, q } = setupOf(v);
    const data = liu1hData(v.X, v.y);
    for (const sigma of SIGNS) {
      if (printedCriterion(q, sigma)) continue;
      const g = facetCandidate(v.X, I, S, f, sigma);
      if (!g) continue;
      const verdict = analyseRechecked(net(v), mse, liu1hTheta(net(v), g.z, g.w), data);
      if (verdict.strength !== 'proved') continue;
      return refuted(
        'a non-differentiable local minimum on the facet satisfies (29) and (30) for its sign of z_m',
        `z = ${show(g.z)}, w = ${g.w.map(show).join(' ')} (z_m = ${sigma}) is a local minimum on the facet (the toolkit's boundary KKT certificate, re-checked; L = ${encQ(q.L)}), yet a = ${encQ(q.a)} and a + J = ${encQ(q.a.add(q.J))}: ${fails(q, sigma)}`,
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
  return facetCandidate(v.X, I, S, f, sigma, true) ? null : 'the other neurons are not realisable inside their cells';
}

export const theorem3NoNeedToTest = liu1h.claim({
  id: 'liu1h.theorem3.no-need-to-test-wm',
  section: '§VI, Theorem 3 (eqs. (29)–(30), “if”) and §VI-A (“no need to test w_m*”)',
  title:
    'Theorem 3 as printed: (29)/(30) and genuine other neurons give a non-differentiable local minimum, with no test of w_m*',
  statement:
    'If DR = d is solvable and its solution satisfies (29)/(30) for a sign σ of z_m, and the other neurons pass the genuineness test, then there is a non-differentiable local minimum with w_m* = R_m*/z_m on the facet between cell 1 and cell 2: “no need to test w_m*” (§VI-A). Checked exactly: the exact LP over the solution set and the signs of the other neurons, now also asking w_m* = σR_m* to lie on that facet (σ(2I_im − 1)x_i·R_m > 0 for i ≠ n), must succeed, and the landscape toolkit must certify the point (boundary KKT certificate, re-checked). When no solution puts w_m* on the facet there is no such minimum: the other sign fails (29), since σa < 0.',
  instance: boundaryValues(paperHypotheses, [
    '(29)/(30) hold for a sign σ of z_m, and the other neurons are realisable inside their cells (the paper’s genuineness test, with the z_j = 0 branch)',
  ]),
  expected: 'refuted',
  correctedBy: 'liu1h.theorem3.corrected-criterion',
  check: (v): Outcome => {
    const { I, f, S, q } = setupOf(v);
    const sigma = SIGNS.find((s) => printedCriterion(q, s))!;
    const g = facetCandidate(v.X, I, S, f, sigma);
    if (!g) {
      const u = facetCandidate(v.X, I, S, f, sigma, true)!;
      const wm = u.w[v.m];
      const col = v.X.map((x) => {
        const p = x.reduce((s, c, k) => s.add(c.mul(wm[k])), wm[0].mul(0));
        return p.n === 0n ? '0' : p.s > 0n ? '+' : '−';
      });
      return refuted(
        'there is a non-differentiable local minimum with w_m* = R_m*/z_m on the facet (no need to test w_m*)',
        `(29)/(30) hold with z_m = ${sigma} (a = ${encQ(q.a)}, J = ${encQ(q.J)}) and the other neurons are genuine, but w_m* = ${show(wm)} has signs ${col.join(' ')} on the samples: it lies on the hyperplane of sample ${v.n + 1} on another facet, and the exact LP finds no solution of DR = d that puts w_m* on the facet between cell 1 and cell 2; the other sign of z_m fails (29)`,
      );
    }
    const verdict = analyseRechecked(net(v), mse, liu1hTheta(net(v), g.z, g.w), liu1hData(v.X, v.y));
    if (verdict.strength === 'proved') return proved();
    return (verdict.strength === 'refuted' ? refuted : unsupported)(
      'the point is a non-differentiable local minimum',
      `z = ${show(g.z)}, w = ${g.w.map(show).join(' ')}: the toolkit says ${verdict.strength}: ${verdict.summary}`,
      asJson(verdict),
    );
  },
});
