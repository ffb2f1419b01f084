/**
 * He et al. 2020, Corollary 1 (§4.2; Appendix B.4; note §5.11): the quotient
 * space, read three ways. T(W1, W2) = (diag(W2)·W1, 1), θ¹ ⊕ θ² =
 * T(θ¹) + T(θ²), "inverse" (−W1, W2), and Q(W1, W2) = vec(diag(W2)·W1).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { relu } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { activationPattern, exactRisk } from '../../model/exact.js';
import { ONE, ratio } from '../../numeric/rational.js';
import { mse, theorem2Net } from '../../papers/he2020/index.js';
import { dataTable, encQ, encQs } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, rationals } from '../schema.js';
import { he2020 } from './paper.js';
import { noBiasDraws } from './theorem2-instances.js';

interface PairValue {
  dX: number;
  d1: number;
  /** θ¹ and θ² = (W1 row-major d1 × d_X, W2 1 × d1) */
  a: Fraction[];
  b: Fraction[];
  /** whether θ² was made equivalent to θ¹ by per-unit positive rescalings */
  equivalent: boolean;
}

const Qof = (dX: number, d1: number, th: readonly Fraction[]) =>
  Array.from({ length: d1 * dX }, (_, r) => th[d1 * dX + Math.floor(r / dX)].mul(th[r]));
/** T(θ) = (diag(W2)·W1, 1). */
const T = (dX: number, d1: number, th: readonly Fraction[]) => [
  ...Qof(dX, d1, th),
  ...Array.from({ length: d1 }, () => ONE),
];
/** θ¹ ⊕ θ² = T(θ¹) + T(θ²) (note §5.11). */
function oplus(dX: number, d1: number, a: readonly Fraction[], b: readonly Fraction[]): Fraction[] {
  const Tb = T(dX, d1, b);
  return T(dX, d1, a).map((x, i) => x.add(Tb[i]));
}
const inverse = (dX: number, d1: number, th: readonly Fraction[]) => th.map((x, i) => (i < d1 * dX ? x.neg() : x));
const eqVec = (u: readonly Fraction[], v: readonly Fraction[]) => u.every((x, i) => x.equals(v[i]));

const pairs = instanceKind({
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 3 }),
        d1: fc.integer({ min: 1, max: 3 }),
        a: fc.array(smallRational(4, 2), { minLength: 12, maxLength: 12 }),
        b: fc.array(smallRational(4, 2), { minLength: 12, maxLength: 12 }),
        scale: fc.array(
          fc.integer({ min: 1, max: 6 }).chain((p) => fc.integer({ min: 1, max: 6 }).map((r) => ratio(p, r))),
          { minLength: 3, maxLength: 3 },
        ),
        equivalent: fc.boolean(),
      })
      .map(({ dX, d1, a, b, scale, equivalent }): PairValue => {
        const P = d1 * dX + d1;
        const A = a.slice(0, P);
        // an equivalent θ²: row k of W1 times c_k > 0, (W2)_k divided by c_k (same Q)
        const B = equivalent
          ? A.map((x, i) => (i < d1 * dX ? x.mul(scale[Math.floor(i / dX)]) : x.div(scale[i - d1 * dX])))
          : b.slice(0, P);
        return { dX, d1, a: A, b: B, equivalent };
      }),
  codec: z.object({
    dX: z.number().int(),
    d1: z.number().int(),
    a: rationals,
    b: rationals,
    equivalent: z.boolean(),
  }),
  describe: (v) =>
    `d_X = ${v.dX}, d1 = ${v.d1}\nθ¹ = W1 then W2: ${encQs(v.a).join(', ')}\nθ² = ${encQs(v.b).join(', ')}\nQ(θ¹) = ${encQs(Qof(v.dX, v.d1, v.a)).join(', ')}\nQ(θ²) = ${encQs(Qof(v.dX, v.d1, v.b)).join(', ')}`,
});

export const corollary1Kernel = he2020.claim({
  id: 'he2020.corollary1.kernel',
  section: '§4.2 Corollary 1 (quotient space); Appendix B.4',
  title: 'Corollary 1: θ¹ ∼ θ² exactly when θ¹ ⊕ (−W1², W2²) is in ker Q',
  statement:
    'With T(W1, W2) = (diag(W2)W1, 1), θ¹ ⊕ θ² = T(θ¹) + T(θ²) and the "inverse" (−W1, W2): θ¹ ∼_R θ² (equal Q) if and only if θ¹ ⊕ (−W1², W2²) ∈ ker Q. Also: ∼_R is reflexive and symmetric on the pair, and Q is onto (Q(W1, 1) = vec W1). Exact, on random pairs half of which are made equivalent by positive per-unit rescaling.',
  instance: pairs,
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases (the Theorem 2 setting); the cell boundaries are ignored, as the corollary says',
  ],
  check: (v) => {
    const { dX, d1 } = v;
    const Qa = Qof(dX, d1, v.a),
      Qb = Qof(dX, d1, v.b);
    const sum = oplus(dX, d1, v.a, inverse(dX, d1, v.b));
    const inKer = Qof(dX, d1, sum).every((x) => x.n === 0n);
    const fail = (claimed: string, computed: string) =>
      refuted(claimed, computed, { Q1: encQs(Qa), Q2: encQs(Qb), oplus: encQs(sum) });
    if (eqVec(Qa, Qb) !== inKer)
      return fail(
        'θ¹ ∼ θ² ⇔ θ¹ ⊕ (−W1², W2²) ∈ ker Q',
        `Q(θ¹) ${eqVec(Qa, Qb) ? '=' : '≠'} Q(θ²) but Q(θ¹ ⊕ (−W1², W2²)) = (${encQs(Qof(dX, d1, sum)).join(', ')})`,
      );
    if (v.equivalent && !eqVec(Qa, Qb))
      return fail(
        'positive per-unit rescaling keeps Q',
        `Q changed from (${encQs(Qa).join(', ')}) to (${encQs(Qb).join(', ')})`,
      );
    const onto = [...v.a.slice(0, d1 * dX), ...Array.from({ length: d1 }, () => ONE)];
    if (!eqVec(Qof(dX, d1, onto), v.a.slice(0, d1 * dX)))
      return fail('Q(W1, 1) = vec W1 (Q is onto)', `Q(W1, 1) = (${encQs(Qof(dX, d1, onto)).join(', ')})`);
    return proved();
  },
});

export const corollary1Homomorphism = he2020.claim({
  id: 'he2020.corollary1.q-additive',
  section: '§4.2 Corollary 1 ("Q is a linear mapping from (·, ⊕) to (R^{1×d_X d1}, +)"); Appendix B.4',
  title: 'Corollary 1 as printed: Q is additive for ⊕ (false: the second components add to 2·1)',
  statement:
    'As printed, Q is a linear map (homomorphism) from the parameters with ⊕ to R^{1×d_X·d1} with +, i.e. Q(θ¹ ⊕ θ²) = Q(θ¹) + Q(θ²). With ⊕ as defined, T(θ¹) + T(θ²) carries the output weights 1 + 1 = 2, so Q(θ¹ ⊕ θ²) = 2·(Q(θ¹) + Q(θ²)). The kernel statement survives (he2020.corollary1.kernel).',
  instance: pairs,
  hypotheses: ['one hidden layer, d_Y = 1, no biases; cell boundaries ignored'],
  expected: 'refuted',
  correctedBy: 'he2020.corollary1.kernel',
  check: (v) => {
    const { dX, d1 } = v;
    const lhs = Qof(dX, d1, oplus(dX, d1, v.a, v.b));
    const rhs = Qof(dX, d1, v.a).map((x, i) => x.add(Qof(dX, d1, v.b)[i]));
    if (eqVec(lhs, rhs)) return proved();
    return refuted(
      'Q(θ¹ ⊕ θ²) = Q(θ¹) + Q(θ²)',
      `Q(θ¹ ⊕ θ²) = (${encQs(lhs).join(', ')}) but Q(θ¹) + Q(θ²) = (${encQs(rhs).join(', ')})`,
      { lhs: encQs(lhs), rhs: encQs(rhs) },
    );
  },
});

interface FlipValue {
  d1: number;
  theta: Fraction[];
  unit: number;
  data: Dataset;
}

const flips = instanceKind({
  generate: () =>
    fc
      .record({ dX: fc.integer({ min: 1, max: 2 }), d1: fc.integer({ min: 1, max: 3 }), unit: fc.nat(2) })
      .chain(({ dX, d1, unit }) =>
        noBiasDraws(dX, d1, nonzeroRational(4, 2)).map(({ theta, data }): FlipValue => ({
          d1,
          unit: unit % d1,
          theta,
          data,
        })),
      ),
  detect: (v) => {
    const net = theorem2Net(v.data.inputs[0].length, v.d1, relu());
    if (v.data.inputs.some((x) => x.every((c) => c.n === 0n))) return 'a zero input';
    if (!activationPattern(net, v.theta, v.data).interior) return 'θ is on a cell boundary';
    return null;
  },
  codec: z.object({ d1: z.number().int(), unit: z.number().int(), theta: rationals, data: datasetCodec }),
  describe: (v) =>
    `ReLU, one hidden layer of ${v.d1}, no biases; flipping unit ${v.unit + 1}\ndata:\n${dataTable(v.data)}\nθ = W1 then W2: ${encQs(v.theta).join(', ')}`,
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases, ReLU',
    'distinct nonzero inputs; both points strictly inside their cells',
  ],
});

export const corollary1ParallelValleys = he2020.claim({
  id: 'he2020.corollary1.global-quotient',
  section: '§4.2 Corollary 1 ("parallel valleys ... are cut off by the cell boundaries")',
  title:
    'Control for Corollary 1: read without cells, the risk would be a function of Q everywhere (false; the paper itself excludes this reading)',
  statement:
    'A sanity control, not an error of the paper: a reading of the quotient-space corollary that drops the cell restriction, which the paper itself excludes: points with the same Q have the same risk everywhere. The corollary itself says parallel valleys are cut off by cell boundaries; this claim checks that the restriction is needed. For ReLU, flipping unit k, (W1)_k → −(W1)_k and (W2)_k → −(W2)_k, keeps Q but changes the activation pattern.',
  instance: flips,
  expected: 'refuted',
  control: true,
  correctedBy: 'he2020.theorem2.in-cell-identity',
  check: (v) => {
    const dX = v.data.inputs[0].length;
    const net = theorem2Net(dX, v.d1, relu());
    const flipped = v.theta.map((x, i) =>
      (Math.floor(i / dX) === v.unit && i < v.d1 * dX) || i === v.d1 * dX + v.unit ? x.neg() : x,
    );
    const R1 = exactRisk(net, mse, v.theta, v.data),
      R2 = exactRisk(net, mse, flipped, v.data);
    if (R1.equals(R2)) return proved();
    return refuted(
      'points with the same Q have the same risk (ignoring cells)',
      `θ and its flip of unit ${v.unit + 1} (θ′ = ${encQs(flipped).join(', ')}) have the same Q = (${encQs(Qof(dX, v.d1, v.theta)).join(', ')}) but R(θ) = ${encQ(R1)} ≠ R(θ′) = ${encQ(R2)}: they lie in different cells`,
      { flipped: encQs(flipped), R: encQ(R1), Rflipped: encQ(R2) },
    );
  },
});
