/**
 * Liu (one-hidden-layer ReLU, Part 1) §VI, Lemma 3 and Theorem 3, exactly:
 * the system DR = d (eqs. (27)–(28), (44)–(46)) read as the KKT system of
 * least squares on the facet, and the corrected criterion for a
 * non-differentiable local minimum with w_m on the facet of H_n:
 * σa ≤ 0 ≤ σ(a + J) for σ = sign z_m, plus the facet test. Every candidate
 * point is cross-checked against the landscape toolkit's boundary certificate
 * (re-checked): the criterion and the certificate must agree.
 */
import { Fraction } from 'fraction.js';
import { analyseRechecked } from '../../landscape/analyse-rechecked.js';
import { analyseCurve, descentAlong, rayCurve } from '../../landscape/curve.js';
import { affineSetsEqual, fromRows, matMul } from '../../linalg/matrix.js';
import { exactRisk } from '../../model/exact.js';
import { rational, sum, ZERO } from '../../numeric/rational.js';
import {
  adjacentOptima,
  correctedCriterion,
  designMatrix,
  facetCandidate,
  kktSolutionSet,
  liu1hData,
  liu1hNet,
  liu1hTheta,
  patternOf,
  solutionSet,
  theorem3Setup,
  theorem3System,
  withEntry,
} from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { asJson, proved, refuted, unsupported } from '../define.js';
import type { Outcome } from '../types.js';
import { boundaryValues, type BoundaryValue } from './instances.js';
import { liu1h, mse } from './paper.js';

const dot = (a: readonly Fraction[], b: readonly Fraction[]) => sum(a.map((x, k) => x.mul(b[k])));
const show = (xs: readonly Fraction[]) => `(${xs.map(encQ).join(', ')})`;
const SIGNS = [1, -1] as const;
const facetOf = (v: BoundaryValue) => ({ m: v.m, n: v.n });

export const theorem3Kkt = liu1h.claim({
  id: 'liu1h.theorem3.kkt-system',
  section: '§VI, Theorem 3, eqs. (27)–(30), (44)–(46)',
  title: 'Theorem 3’s DR = d is the KKT system of least squares on the facet: always solvable, with a unique residual',
  statement:
    'For neuron m on the hyperplane of sample n, the (Kd + 1) × Kd system DR = d of eqs. (27)–(28) is always solvable (so condition (44) holds for every data set), its solutions are exactly those of the KKT system of min{‖A⁽¹⁾R − y‖² : x_n·R_m = 0}, they do not change when I_nm in D is set to 1 instead of 0, A⁽¹⁾ vanishes on their directions (so e, a and J, hence (29)/(30), do not depend on the free parameter c of (45)–(46)), h = Σ_{i≠n} e_i I_im x_i is parallel to x_n, and (29) and (30) hold for one sign of z_m iff a(a + J) < 0, the sign being −sign a. All exact.',
  instance: boundaryValues(() => null, []),
  check: (v): Outcome => {
    const I = patternOf(v.X, v.w),
      f = facetOf(v);
    const { D, d } = theorem3System(v.X, I, v.y, f);
    const S = solutionSet(D, d);
    if (!S) return refuted('DR = d is solvable (44)', `DD⁺d ≠ d: the system has no solution`);
    const kkt = kktSolutionSet(v.X, I, v.y, f);
    if (!kkt || !affineSetsEqual(rational, S, kkt))
      return refuted(
        'DR = d has the solutions of the KKT system',
        kkt
          ? `R* = ${show(S.point)} (+ ${S.directions.cols} directions) differs from the KKT set`
          : 'the KKT system has none',
      );
    const other = theorem3System(v.X, withEntry(I, f, 1), v.y, f);
    const S2 = solutionSet(other.D, other.d);
    if (!S2 || !affineSetsEqual(rational, S, S2))
      return refuted('I_nm in D does not matter', `with I_nm = 1 the solution set of DR = d changes`);
    const A = designMatrix(v.X, I);
    const AZ = matMul(rational, fromRows(A, A[0].length), S.directions);
    if (AZ.data.some((x) => x.n !== 0n))
      return refuted('A⁽¹⁾ vanishes on the directions of DR = d (e is unique)', 'A⁽¹⁾Z ≠ 0');
    const { q } = theorem3Setup(v.X, I, v.y, f);
    const xn = v.X[v.n];
    const parallel = q.h.every((hk, k) => q.h.every((hl, l) => hk.mul(xn[l]).equals(hl.mul(xn[k]))));
    if (!parallel) return refuted('h ∥ x_n', `h = ${show(q.h)}, x_n = ${show(xn)}`);
    // (29)/(30) from the printed sums, e_i = Σ_k I_ik R_k·x_i − y_i recomputed from the pattern
    const dim = v.X[0].length;
    const e = v.X.map((x, i) =>
      sum(I[i].map((on, k) => (on ? dot(S.point.slice(k * dim, (k + 1) * dim), x) : ZERO))).sub(v.y[i]),
    );
    const s29 = sum(v.X.map((x, i) => (i !== v.n && I[i][v.m] ? e[i].mul(dot(x, xn)) : ZERO)));
    const s30 = s29.add(e[v.n].mul(dot(xn, xn)));
    const which = SIGNS.filter((s) => s29.mul(s).compare(ZERO) < 0 && s30.mul(s).compare(ZERO) > 0);
    const strict = q.a.mul(q.a.add(q.J)).compare(ZERO) < 0;
    if (which.length !== (strict ? 1 : 0) || (strict && which[0] !== (q.a.s < 0n ? 1 : -1)))
      return refuted(
        '(29)∧(30) for some sign iff a(a + J) < 0, with sign z_m = −sign a',
        `a = ${encQ(q.a)}, J = ${encQ(q.J)}; the printed sums are ${encQ(s29)} and ${encQ(s30)}; (29)∧(30) hold for z_m signs {${which.join(', ')}}`,
      );
    return proved();
  },
});

/** The instance's setup and, for each sign σ of z_m, the candidate on the facet (if any). */
function candidatesOf(v: BoundaryValue) {
  const I = patternOf(v.X, v.w),
    f = facetOf(v);
  const { S, q } = theorem3Setup(v.X, I, v.y, f);
  const points = SIGNS.flatMap((sigma) => {
    const g = facetCandidate(v.X, I, S, f, sigma);
    return g ? [{ sigma, g }] : [];
  });
  return { I, S, q, points };
}

const hasCandidate = (v: BoundaryValue) =>
  candidatesOf(v).points.length
    ? null
    : 'no solution of DR = d puts w_m on the facet with the other neurons inside their cells, for either sign of z_m';

export const theorem3Corrected = liu1h.claim({
  id: 'liu1h.theorem3.corrected-criterion',
  section: '§VI, Lemma 3 and Theorem 3 corrected (non-strict inequalities, eqs. (35)–(36); the facet test on w_m)',
  title:
    'Theorem 3 corrected: a candidate on the facet is a local minimum iff σa ≤ 0 ≤ σ(a + J), and the toolkit’s boundary certificate agrees',
  statement:
    'For neuron m on the hyperplane of sample n, and each sign σ of z_m for which some solution R of DR = d is realised with w_m = σR_m on the facet between cell 1 and cell 2 (σ(2I_im − 1)x_i·R_m > 0 for i ≠ n) and every other neuron inside its cell (an exact LP), the point with z_m = σ has w_m·x_n = 0 and cell 1’s pattern elsewhere; L = ‖e‖²/N, at least the larger of the two cells’ least-squares optima; zero slope in z and in every other neuron’s weights; and one-sided slopes (2/N)σ(a + J) into cell 2 along x_n and −(2/N)σa into cell 1 along −x_n (eqs. (35)–(36)). It is a local minimum iff σa ≤ 0 ≤ σ(a + J): the landscape toolkit proves it with its boundary KKT certificate exactly when the criterion holds and finds an exact descent otherwise (both re-checked), and where the criterion fails the move along ∓x_n is itself an exact descent.',
  instance: boundaryValues(hasCandidate, ['some sign of z_m has a candidate point on the facet (an exact LP)']),
  check: (v): Outcome => {
    const { I, q, points } = candidatesOf(v);
    const d = v.X[0].length,
      K = v.w.length,
      N = v.X.length;
    const net = liu1hNet(d, K);
    const data = liu1hData(v.X, v.y);
    const zeroW = () => v.w.map(() => v.X[0].map(() => ZERO));
    const zeroZ = () => v.w.map(() => ZERO);
    const [opt1, opt2] = adjacentOptima(v.X, I, v.y, facetOf(v));
    const tally: Record<string, number> = { signs: 2, 'no-candidate': 2 - points.length };
    const count = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);
    for (const { sigma, g } of points) {
      const theta = liu1hTheta(net, g.z, g.w);
      const point = `σ = ${sigma}: z = ${show(g.z)}, w = ${g.w.map(show).join(' ')}`;
      const at = patternOf(v.X, g.w);
      const products = g.w.map((w) => v.X.map((x) => sum(x.map((c, k) => c.mul(w[k])))));
      const offFacet = products.some((col, j) => col.some((p, i) => (p.n === 0n) !== (j === v.m && i === v.n)));
      if (offFacet || at.some((r, i) => r.some((s, j) => s !== I[i][j])))
        return refuted('the candidate lies on the facet', `${point}: pattern ${at.map((r) => r.join('')).join(' ')}`);
      const L = exactRisk(net, mse, theta, data);
      if (!L.equals(q.L)) return refuted('L = ‖e‖²/N', `${point}: L = ${encQ(L)}, ‖e‖²/N = ${encQ(q.L)}`);
      if (L.compare(opt1) < 0 || L.compare(opt2) < 0)
        return refuted(
          'L ≥ the adjacent cells’ optima',
          `${point}: L = ${encQ(L)}, optima ${encQ(opt1)} and ${encQ(opt2)}`,
        );
      const slope = (z: Fraction[], w: Fraction[][]) =>
        analyseCurve(net, mse, data, rayCurve(theta, liu1hTheta(net, z, w))).riskPolynomial[1] ?? ZERO;
      for (let j = 0; j < K; j++) {
        const dirs: Fraction[][][] =
          j === v.m
            ? []
            : v.X[0].map((_, c) =>
                zeroW().map((r, k) => (k === j ? r.map((_, cc) => new Fraction(cc === c ? 1 : 0)) : r)),
              );
        const zs = zeroZ().map((_, k) => new Fraction(k === j ? 1 : 0));
        if (slope(zs, zeroW()).n !== 0n || dirs.some((w) => slope(zeroZ(), w).n !== 0n))
          return refuted(
            'zero slope in z and in the other neurons’ weights',
            `${point}: neuron ${j + 1} has a nonzero slope`,
          );
      }
      const along = (s: 1 | -1) => zeroW().map((r, k) => (k === v.m ? v.X[v.n].map((c) => c.mul(s)) : r));
      const into2 = slope(zeroZ(), along(1)),
        into1 = slope(zeroZ(), along(-1));
      const two = new Fraction(2, N);
      const want2 = two.mul(sigma).mul(q.a.add(q.J)),
        want1 = two.mul(-sigma).mul(q.a);
      if (!into2.equals(want2) || !into1.equals(want1))
        return refuted(
          'one-sided slopes (2/N)σ(a + J) into cell 2 and −(2/N)σa into cell 1',
          `${point}: slopes ${encQ(into2)} and ${encQ(into1)}, formulas ${encQ(want2)} and ${encQ(want1)}`,
        );
      const holds = correctedCriterion(q, sigma);
      const verdict = analyseRechecked(net, mse, theta, data);
      const criterion = `a = ${encQ(q.a)}, a + J = ${encQ(q.a.add(q.J))}: σa ≤ 0 ≤ σ(a + J) ${holds ? 'holds' : 'fails'}`;
      if (verdict.strength === 'inconclusive')
        return unsupported(
          'the certificate decides the candidate',
          `${point}; ${criterion}; ${verdict.summary}`,
          asJson(verdict),
        );
      if ((verdict.strength === 'proved') !== holds)
        return refuted(
          'the criterion and the boundary certificate agree',
          `${point}; ${criterion}, but the toolkit says ${verdict.strength}: ${verdict.summary}`,
          asJson(verdict),
        );
      const towards1 = q.a.mul(sigma).compare(ZERO) > 0;
      count(
        !holds
          ? towards1
            ? 'fails-into-1'
            : 'fails-into-2'
          : q.a.mul(q.a.add(q.J)).compare(ZERO) < 0
            ? 'strict'
            : q.J.n === 0n
              ? 'differentiable'
              : 'non-strict',
      );
      if (!holds) {
        const move = towards1 ? along(-1) : along(1);
        if (!descentAlong(net, mse, data, rayCurve(theta, liu1hTheta(net, zeroZ(), move))))
          return refuted(
            'the move along ∓x_n descends where the criterion fails',
            `${point}; ${criterion}; no descent along it`,
          );
      }
    }
    return proved(tally);
  },
  tally: {
    title: 'The candidates checked, by case',
    caption:
      'Each generated configuration has up to two candidates, one per sign σ of z_m. “Strict”: a(a + J) < 0, the paper’s (29)/(30). “Non-strict”: a local minimum the strict inequalities miss (a = 0 or a + J = 0, with e_n ≠ 0). “Differentiable”: e_n = 0, so the loss is smooth in w_m there. Every candidate was certified or refuted by the toolkit, in agreement with σa ≤ 0 ≤ σ(a + J).',
    total: 'signs',
    rows: [
      { key: 'signs', label: 'signs σ of z_m (two per configuration)' },
      { key: 'strict', label: 'strict: a local minimum, (29)/(30) hold' },
      { key: 'non-strict', label: 'non-strict: a local minimum, (29)/(30) fail (a = 0 or a + J = 0)' },
      { key: 'differentiable', label: 'differentiable: a local minimum with e_n = 0' },
      { key: 'fails-into-1', label: 'not a minimum: σa > 0, descent into cell 1' },
      { key: 'fails-into-2', label: 'not a minimum: σ(a + J) < 0, descent into cell 2' },
      { key: 'no-candidate', label: 'sign σ with no candidate on the facet' },
    ],
  },
});
