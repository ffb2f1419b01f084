/**
 * He et al. 2020: Corollary 1 (the quotient space of §4.2, read three ways),
 * Corollary 2's "all local minima are global" in floats (note P25), and
 * Lemmas 2/8 on the squared loss (note P28).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { smallRational } from '../gen/arbitraries.js';
import { distinctInputs } from '../gen/data.js';
import { floatLeastSquares } from '../linalg/float.js';
import { exactBackend } from '../numeric/exact-backend.js';
import { twoPiece, relu } from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactRisk } from '../model/exact.js';
import { evalLoss } from '../model/loss.js';
import { mse, theorem2Net } from '../papers/he2020/index.js';
import { dataTable, decData, decQ, decQs, encData, encQ, encQs, field } from './codec.js';
import { converge, GRAD_TOL, type FloatStart } from './he2020-theorem2.js';
import type { Claim, Json, Outcome } from './types.js';

const PAPER = 'he2020-piecewise-linear.txt';
const q = encQ;
const F = (x: number | string) => new Fraction(x as number);
const ZERO = F(0);

// ---------------------------------------------------------------------------
// Corollary 1 (§4.2; note §5.11): T(W1, W2) = (diag(W2)·W1, 1), θ¹ ⊕ θ² =
// T(θ¹) + T(θ²), "inverse" (−W1, W2), and Q(W1, W2) = vec(diag(W2)·W1).

interface PairValue {
  dX: number;
  d1: number;
  /** θ¹ and θ² = (W1 row-major d1 × d_X, W2 1 × d1) */
  a: Fraction[];
  b: Fraction[];
  /** per-unit positive rescalings used to make θ² equivalent to θ¹ (when `equivalent`) */
  equivalent: boolean;
}

const Qof = (dX: number, d1: number, th: readonly Fraction[]) =>
  Array.from({ length: d1 * dX }, (_, r) => th[d1 * dX + Math.floor(r / dX)].mul(th[r]));
/** θ¹ ⊕ θ² = T(θ¹) + T(θ²) (note §5.11). */
function oplus(dX: number, d1: number, a: readonly Fraction[], b: readonly Fraction[]): Fraction[] {
  const Ta = [...Qof(dX, d1, a), ...Array.from({ length: d1 }, () => F(1))];
  const Tb = [...Qof(dX, d1, b), ...Array.from({ length: d1 }, () => F(1))];
  return Ta.map((x, i) => x.add(Tb[i]));
}
const inverse = (dX: number, d1: number, th: readonly Fraction[]) => th.map((x, i) => (i < d1 * dX ? x.neg() : x));
const eqVec = (u: readonly Fraction[], v: readonly Fraction[]) => u.every((x, i) => x.equals(v[i]));

function pairs(): fc.Arbitrary<PairValue> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 3 }),
      d1: fc.integer({ min: 1, max: 3 }),
      a: fc.array(smallRational(4, 2), { minLength: 12, maxLength: 12 }),
      b: fc.array(smallRational(4, 2), { minLength: 12, maxLength: 12 }),
      scale: fc.array(
        fc.integer({ min: 1, max: 6 }).chain((p) => fc.integer({ min: 1, max: 6 }).map((r) => new Fraction(p, r))),
        { minLength: 3, maxLength: 3 },
      ),
      equivalent: fc.boolean(),
    })
    .map(({ dX, d1, a, b, scale, equivalent }) => {
      const P = d1 * dX + d1;
      const A = a.slice(0, P);
      // an equivalent θ²: row k of W1 times c_k > 0, (W2)_k divided by c_k (same Q)
      const B = equivalent
        ? A.map((x, i) => (i < d1 * dX ? x.mul(scale[Math.floor(i / dX)]) : x.div(scale[i - d1 * dX])))
        : b.slice(0, P);
      return { dX, d1, a: A, b: B, equivalent };
    });
}

const pairCodec = {
  encode: (v: PairValue): Json => ({ dX: v.dX, d1: v.d1, a: encQs(v.a), b: encQs(v.b), equivalent: v.equivalent }),
  decode: (j: Json): PairValue => ({
    dX: field(j, 'dX', 'value') as number,
    d1: field(j, 'd1', 'value') as number,
    a: decQs(field(j, 'a', 'value'), 'value.a'),
    b: decQs(field(j, 'b', 'value'), 'value.b'),
    equivalent: field(j, 'equivalent', 'value') === true,
  }),
  describe: (v: PairValue) =>
    `d_X = ${v.dX}, d1 = ${v.d1}\nθ¹ = W1 then W2: ${encQs(v.a).join(', ')}\nθ² = ${encQs(v.b).join(', ')}\nQ(θ¹) = ${encQs(Qof(v.dX, v.d1, v.a)).join(', ')}\nQ(θ²) = ${encQs(Qof(v.dX, v.d1, v.b)).join(', ')}`,
};

export const corollary1Kernel: Claim<PairValue> = {
  id: 'he2020.corollary1.kernel',
  paper: PAPER,
  section: '§4.2 Corollary 1 (quotient space); Appendix B.4',
  title: 'Corollary 1: θ¹ ∼ θ² exactly when θ¹ ⊕ (−W1², W2²) is in ker Q',
  statement:
    'With T(W1, W2) = (diag(W2)W1, 1), θ¹ ⊕ θ² = T(θ¹) + T(θ²) and the "inverse" (−W1, W2): θ¹ ∼_R θ² (equal Q) if and only if θ¹ ⊕ (−W1², W2²) ∈ ker Q. Also: ∼_R is reflexive and symmetric on the pair, and Q is onto (Q(W1, 1) = vec W1). Exact, on random pairs half of which are made equivalent by positive per-unit rescaling.',
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases (the Theorem 2 setting); the cell boundaries are ignored, as the corollary says',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: pairs,
  detect: () => null,
  check: (v): Outcome => {
    const { dX, d1 } = v;
    const Qa = Qof(dX, d1, v.a),
      Qb = Qof(dX, d1, v.b);
    const sum = oplus(dX, d1, v.a, inverse(dX, d1, v.b));
    const inKer = Qof(dX, d1, sum).every((x) => x.n === 0n);
    const fail = (claimed: string, computed: string): Outcome => ({
      ok: false,
      strength: 'refuted',
      claimed,
      computed,
      evidence: { Q1: encQs(Qa), Q2: encQs(Qb), oplus: encQs(sum) },
    });
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
    const onto = [...v.a.slice(0, d1 * dX), ...Array.from({ length: d1 }, () => F(1))];
    if (!eqVec(Qof(dX, d1, onto), v.a.slice(0, d1 * dX)))
      return fail('Q(W1, 1) = vec W1 (Q is onto)', `Q(W1, 1) = (${encQs(Qof(dX, d1, onto)).join(', ')})`);
    return { ok: true, strength: 'proved' };
  },
  ...pairCodec,
};

export const corollary1Homomorphism: Claim<PairValue> = {
  id: 'he2020.corollary1.q-additive',
  paper: PAPER,
  section: '§4.2 Corollary 1 ("Q is a linear mapping from (·, ⊕) to (R^{1×d_X d1}, +)"); Appendix B.4',
  title: 'Corollary 1 as printed: Q is additive for ⊕ (false: the second components add to 2·1)',
  statement:
    'As printed, Q is a linear map (homomorphism) from the parameters with ⊕ to R^{1×d_X·d1} with +, i.e. Q(θ¹ ⊕ θ²) = Q(θ¹) + Q(θ²). With ⊕ as defined, T(θ¹) + T(θ²) carries the output weights 1 + 1 = 2, so Q(θ¹ ⊕ θ²) = 2·(Q(θ¹) + Q(θ²)). The kernel statement survives (he2020.corollary1.kernel).',
  hypotheses: ['one hidden layer, d_Y = 1, no biases; cell boundaries ignored'],
  arithmetic: 'exact',
  expected: 'refuted',
  correctedBy: 'he2020.corollary1.kernel',
  generatorVersion: 1,
  runs: 200,
  generate: pairs,
  detect: () => null,
  check: (v): Outcome => {
    const { dX, d1 } = v;
    const lhs = Qof(dX, d1, oplus(dX, d1, v.a, v.b));
    const rhs = Qof(dX, d1, v.a).map((x, i) => x.add(Qof(dX, d1, v.b)[i]));
    if (eqVec(lhs, rhs)) return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'Q(θ¹ ⊕ θ²) = Q(θ¹) + Q(θ²)',
      computed: `Q(θ¹ ⊕ θ²) = (${encQs(lhs).join(', ')}) but Q(θ¹) + Q(θ²) = (${encQs(rhs).join(', ')})`,
      evidence: { lhs: encQs(lhs), rhs: encQs(rhs) },
    };
  },
  ...pairCodec,
};

interface FlipValue {
  d1: number;
  theta: Fraction[];
  unit: number;
  data: Dataset;
}

export const corollary1ParallelValleys: Claim<FlipValue> = {
  id: 'he2020.corollary1.global-quotient',
  paper: PAPER,
  section: '§4.2 Corollary 1 ("parallel valleys ... are cut off by the cell boundaries"); note P22',
  title:
    'Control for Corollary 1: read without cells, the risk would be a function of Q everywhere (false; the paper itself excludes this reading)',
  statement:
    'A sanity control, not an error of the paper: a reading of the quotient-space corollary that drops the cell restriction, which the paper itself excludes: points with the same Q have the same risk everywhere. The corollary itself says parallel valleys are cut off by cell boundaries; this claim checks that the restriction is needed. For ReLU, flipping unit k, (W1)_k → −(W1)_k and (W2)_k → −(W2)_k, keeps Q but changes the activation pattern.',
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases, ReLU',
    'distinct nonzero inputs; both points strictly inside their cells',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  correctedBy: 'he2020.theorem2.in-cell-identity',
  generatorVersion: 1,
  runs: 200,
  generate: () =>
    fc
      .record({ dX: fc.integer({ min: 1, max: 2 }), d1: fc.integer({ min: 1, max: 3 }), unit: fc.nat(2) })
      .chain(({ dX, d1, unit }) =>
        fc
          .record({
            theta: fc.array(
              smallRational(4, 2).filter((x) => x.n !== 0n),
              { minLength: d1 * dX + d1, maxLength: d1 * dX + d1 },
            ),
            xs: distinctInputs(dX, { minN: 1, maxN: 5 }),
            ys: fc.array(smallRational(4, 1), { minLength: 5, maxLength: 5 }),
          })
          .map(({ theta, xs, ys }) => ({
            d1,
            unit: unit % d1,
            theta,
            data: dataset(
              xs,
              xs.map((_, i) => [ys[i]]),
            ),
          })),
      ),
  detect: (v) => {
    const net = theorem2Net(v.data.inputs[0].length, v.d1, relu());
    if (v.data.inputs.some((x) => x.every((c) => c.n === 0n))) return 'a zero input';
    if (!activationPattern(net, v.theta, v.data).interior) return 'θ is on a cell boundary';
    return null;
  },
  check: (v): Outcome => {
    const dX = v.data.inputs[0].length;
    const net = theorem2Net(dX, v.d1, relu());
    const flipped = v.theta.map((x, i) =>
      (Math.floor(i / dX) === v.unit && i < v.d1 * dX) || i === v.d1 * dX + v.unit ? x.neg() : x,
    );
    const R1 = exactRisk(net, mse, v.theta, v.data),
      R2 = exactRisk(net, mse, flipped, v.data);
    if (R1.equals(R2)) return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'points with the same Q have the same risk (ignoring cells)',
      computed: `θ and its flip of unit ${v.unit + 1} (θ′ = ${encQs(flipped).join(', ')}) have the same Q = (${encQs(Qof(dX, v.d1, v.theta)).join(', ')}) but R(θ) = ${q(R1)} ≠ R(θ′) = ${q(R2)}: they lie in different cells`,
      evidence: { flipped: encQs(flipped), R: q(R1), Rflipped: q(R2) },
    };
  },
  encode: (v) => ({ d1: v.d1, unit: v.unit, theta: encQs(v.theta), data: encData(v.data) }),
  decode: (j) => ({
    d1: field(j, 'd1', 'value') as number,
    unit: field(j, 'unit', 'value') as number,
    theta: decQs(field(j, 'theta', 'value'), 'value.theta'),
    data: decData(field(j, 'data', 'value'), 'value.data'),
  }),
  describe: (v) =>
    `ReLU, one hidden layer of ${v.d1}, no biases; flipping unit ${v.unit + 1}\ndata:\n${dataTable(v.data)}\nθ = W1 then W2: ${encQs(v.theta).join(', ')}`,
};

// ---------------------------------------------------------------------------
// Corollary 2, float (note P25): with a linear activation every local minimum
// found from a random start is global: its risk is the no-intercept linear LS risk.

export const corollary2FloatGlobal: Claim<FloatStart> = {
  id: 'he2020.corollary2.float-local-minima-global',
  paper: PAPER,
  section: '§4.2 Corollary 2 ("all local minima are global"); Appendix B.5; note P25',
  title: 'Corollary 2 in floats: with a linear activation, local minima from random starts are global',
  statement:
    'With h(x) = s·x the risk depends only on W2·W1, and every local minimum is global. A damped Newton optimiser (float64) from random starts, where it converges to a point with ‖∇R‖ < 1e-10 and a positive semi-definite Hessian, must reach the least-squares risk of regressing y on s·x without intercept, within 1e-8·max(1, R).',
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases, h(x) = s·x with s ≠ 0',
    'distinct inputs, arbitrary targets, squared loss',
    'precondition: converged (‖∇R‖ < 1e-10) with Hessian eigenvalues ≥ −1e-9 (runs stopping at the saddle W = 0 are rejected and counted)',
  ],
  arithmetic: 'float',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        d1: fc.integer({ min: 1, max: 3 }),
        s: fc.constantFrom(1, 2, '1/2', -1, -2).map(F),
        xs: distinctInputs(2, { minN: 2, maxN: 7 }),
        ys: fc.array(smallRational(4, 1), { minLength: 7, maxLength: 7 }),
        start: fc.array(
          fc.integer({ min: -2000, max: 2000 }).map((k) => k / 1000),
          { minLength: 9, maxLength: 9 },
        ),
      })
      .map(({ dX, d1, s, xs, ys, start }) => ({
        d1,
        sMinus: s,
        sPlus: s,
        data: dataset(
          xs.map((x) => x.slice(0, dX)),
          xs.map((_, i) => [ys[i]]),
        ),
        start: start.slice(0, d1 * dX + d1),
      })),
  detect: (v) => {
    if (!v.sMinus.equals(v.sPlus) || v.sPlus.n === 0n) return 'the activation is not linear with s ≠ 0';
    const c = converge(v);
    if (!(c.gradNorm < GRAD_TOL)) return 'the optimiser did not converge (‖∇R‖ ≥ 1e-10)';
    if (!(c.minEig >= -1e-9)) return 'the optimiser ended at a saddle (negative Hessian eigenvalue)';
    return null;
  },
  check: (v): Outcome => {
    const c = converge(v);
    const s = v.sPlus.valueOf();
    const rows = v.data.inputs.map((x) => x.map((xj) => s * xj.valueOf()));
    const best =
      floatLeastSquares(
        rows,
        v.data.targets.map((t) => t[0].valueOf()),
      ).risk / v.data.inputs.length;
    if (Math.abs(c.risk - best) <= 1e-8 * Math.max(1, c.risk)) return { ok: true, strength: 'evidence' };
    return {
      ok: false,
      strength: 'evidence',
      claimed: 'every local minimum of the linear network is global',
      computed: `a converged point (‖∇R‖ = ${c.gradNorm.toExponential(2)}, smallest Hessian eigenvalue ${c.minEig.toExponential(2)}) has R = ${c.risk}, the global minimum is ${best}`,
      evidence: { theta: Array.from(c.theta), risk: c.risk, global: best },
    };
  },
  encode: (v) => ({ d1: v.d1, s: q(v.sPlus), data: encData(v.data), start: v.start }),
  decode: (j) => {
    const s = decQ(field(j, 's', 'value'), 'value.s');
    return {
      d1: field(j, 'd1', 'value') as number,
      sMinus: s,
      sPlus: s,
      data: decData(field(j, 'data', 'value'), 'value.data'),
      start: (field(j, 'start', 'value') as number[]).map(Number),
    };
  },
  describe: (v) =>
    `h(x) = ${q(v.sPlus)}·x, one hidden layer of ${v.d1}, no biases\ndata:\n${dataTable(v.data)}\nstart: ${v.start.join(', ')}`,
};

// ---------------------------------------------------------------------------
// Lemmas 2 and 8 (note P28): the squared loss's gradient in Ŷ is 2(Ŷ − Y),
// zero exactly when Ŷ = Y, and the risk is strictly convex in Ŷ.

interface PredValue {
  y: Fraction[][];
  p1: Fraction[][];
  p2: Fraction[][];
}

export const lemma2and8: Claim<PredValue> = {
  id: 'he2020.lemma2-8.squared-loss',
  paper: PAPER,
  section: 'Appendix A.1, Lemma 2 (gradient ≠ 0 when Ŷ ≠ Y; the OCR inverts it) and Lemma 8 (strict convexity)',
  title: 'Lemmas 2 and 8: the squared loss has gradient 2(Ŷ − Y), zero only at Ŷ = Y, and is strictly convex in Ŷ',
  statement:
    'For the squared loss, ∇_Ŷ R = (2/n)(Ŷ − Y), which is zero if and only if Ŷ = Y (the printed lemma says "equal to zero when different", an inverted typo), and R((P1 + P2)/2) < (R(P1) + R(P2))/2 for P1 ≠ P2. Exact, through the model\'s own loss code.',
  hypotheses: ['squared loss, mean over samples; predictions and targets of the same shape'],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () =>
    fc
      .record({ d: fc.integer({ min: 1, max: 2 }), n: fc.integer({ min: 1, max: 4 }), same: fc.boolean() })
      .chain(({ d, n, same }) => {
        const m = fc.array(fc.array(smallRational(4, 2), { minLength: n, maxLength: n }), {
          minLength: d,
          maxLength: d,
        });
        return fc.record({ y: m, p1: m, p2: m }).map((v) => (same ? { ...v, p1: v.y.map((r) => r.slice()) } : v));
      }),
  detect: () => null,
  check: (v): Outcome => {
    const be = exactBackend;
    const T = (m: Fraction[][]) => be.fromScalars(m.length, m[0].length, m.flat());
    const n = v.y[0].length;
    const L1 = evalLoss(be, mse, T(v.p1), T(v.y));
    const g = be.toScalars(L1.grad);
    const expect = v.p1.flat().map((p, i) => p.sub(v.y.flat()[i]).mul(2).div(n));
    if (!g.every((x, i) => x.equals(expect[i])))
      return {
        ok: false,
        strength: 'refuted',
        claimed: '∇_Ŷ R = (2/n)(Ŷ − Y)',
        computed: `gradient (${encQs(g).join(', ')}) vs (${encQs(expect).join(', ')})`,
        evidence: null,
      };
    const zero = g.every((x) => x.n === 0n),
      equal = v.p1.flat().every((p, i) => p.equals(v.y.flat()[i]));
    if (zero !== equal)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'the gradient is zero exactly when Ŷ = Y',
        computed: `gradient ${zero ? 'zero' : 'nonzero'} while Ŷ ${equal ? '=' : '≠'} Y`,
        evidence: null,
      };
    const mid = v.p1.map((r, a) => r.map((x, b) => x.add(v.p2[a][b]).div(2)));
    const R = (m: Fraction[][]) => evalLoss(be, mse, T(m), T(v.y)).risk;
    const distinct = !v.p1.flat().every((x, i) => x.equals(v.p2.flat()[i]));
    const lhs = R(mid),
      rhs = R(v.p1).add(R(v.p2)).div(2);
    if (distinct ? lhs.compare(rhs) >= 0 : !lhs.equals(rhs))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'R((P1 + P2)/2) < (R(P1) + R(P2))/2 for P1 ≠ P2',
        computed: `R(mid) = ${q(lhs)}, mean = ${q(rhs)}`,
        evidence: null,
      };
    return { ok: true, strength: 'proved' };
  },
  encode: (v) => ({ y: v.y.map(encQs), p1: v.p1.map(encQs), p2: v.p2.map(encQs) }),
  decode: (j) => ({
    y: (field(j, 'y', 'value') as Json[]).map((r, i) => decQs(r, `value.y[${i}]`)),
    p1: (field(j, 'p1', 'value') as Json[]).map((r, i) => decQs(r, `value.p1[${i}]`)),
    p2: (field(j, 'p2', 'value') as Json[]).map((r, i) => decQs(r, `value.p2[${i}]`)),
  }),
  describe: (v) =>
    `Y = ${JSON.stringify(v.y.map(encQs))}\nP1 = ${JSON.stringify(v.p1.map(encQs))}\nP2 = ${JSON.stringify(v.p2.map(encQs))}`,
};

export const he2020CorollaryClaims = [
  corollary1Kernel,
  corollary1Homomorphism,
  corollary1ParallelValleys,
  corollary2FloatGlobal,
  lemma2and8,
];
void twoPiece;
void ZERO;
