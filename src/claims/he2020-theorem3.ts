/**
 * He et al. 2020, Theorems 2 and 3 (§4.1; one hidden layer, d_Y = 1, no
 * biases, two-piece activation): in-cell identities, "every local minimum in
 * a cell is the global minimum of that cell", and the valley claim "all local
 * minima in a cell share one Q" as printed and with the full-row-rank
 * hypothesis its proof needs (note §4, G7).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { smallRational } from '../gen/arbitraries.js';
import { analyseLocalMin } from '../landscape/analyse.js';
import { constantAlongPath } from '../landscape/paths.js';
import * as P from '../linalg/polynomial.js';
import { fromRows, leastSquares, nullspace, rank, transpose, type Mat } from '../linalg/matrix.js';
import { twoPiece } from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactOutputs, exactRisk } from '../model/exact.js';
import { gA, mse, theorem2Design, theorem2Net } from '../papers/he2020/index.js';
import { rational } from '../numeric/rational.js';
import { dataTable, decData, decQ, decQs, encData, encQ, encQs, field } from './codec.js';
import type { Claim, Json, Outcome } from './types.js';

const PAPER = 'he2020-piecewise-linear.txt';
const q = encQ;
const F = (x: number | string) => new Fraction(x as number);

export interface T2Instance {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  /** θ* = (W1 row-major d1 × d_X, W2 1 × d1) */
  theta: Fraction[];
  data: Dataset;
  /** coefficients combining null-space vectors (θ′ for Theorem 3) */
  coeffs: Fraction[];
}

export const enc = (v: T2Instance): Json => ({
  d1: v.d1,
  sMinus: q(v.sMinus),
  sPlus: q(v.sPlus),
  theta: encQs(v.theta),
  data: encData(v.data),
  coeffs: encQs(v.coeffs),
});
export const dec = (j: Json): T2Instance => {
  const d1 = field(j, 'd1', 'value');
  if (typeof d1 !== 'number' || !Number.isInteger(d1) || d1 < 1)
    throw new Error('value.d1: expected a positive integer');
  return {
    d1,
    sMinus: decQ(field(j, 'sMinus', 'value'), 'value.sMinus'),
    sPlus: decQ(field(j, 'sPlus', 'value'), 'value.sPlus'),
    theta: decQs(field(j, 'theta', 'value'), 'value.theta'),
    data: decData(field(j, 'data', 'value'), 'value.data'),
    coeffs: decQs(field(j, 'coeffs', 'value'), 'value.coeffs'),
  };
};

export const dims = (v: T2Instance) => ({ dX: v.data.inputs[0].length, d1: v.d1 });
export const design = (v: T2Instance, theta = v.theta) =>
  theorem2Design(dims(v).dX, v.d1, v.sMinus, v.sPlus, theta, v.data.inputs);

/** Targets y = Q·X̂ + r with X̂·r = 0: θ* attains min g_A (note §5.13). */
function plant(
  dX: number,
  d1: number,
  sMinus: Fraction,
  sPlus: Fraction,
  theta: Fraction[],
  inputs: Fraction[][],
  coeffs: Fraction[],
): Dataset | null {
  const D = theorem2Design(dX, d1, sMinus, sPlus, theta, inputs);
  if (!D) return null;
  const N = nullspace(rational, fromRows(D.Xhat)); // vectors r (length n) with X̂ r = 0
  const y = inputs.map((_, i) => D.Q.reduce((acc, qv, row) => acc.add(qv.mul(D.Xhat[row][i])), F(0)));
  for (let b = 0; b < N.cols; b++) {
    const a = coeffs[b % coeffs.length];
    for (let i = 0; i < inputs.length; i++) y[i] = y[i].add(a.mul(N.data[i * N.cols + b]));
  }
  return dataset(
    inputs,
    y.map((v) => [v]),
  );
}

/**
 * Deterministic repairs before planting (instead of rejection): move rows of
 * W1 off kinks (w_k·x_i = 0) and negate a row whose sign pattern repeats an
 * earlier unit's (giving the complementary pattern), since repeated patterns
 * make X̂ rank-deficient.
 */
export function repair(theta: Fraction[], dX: number, d1: number, xs: Fraction[][]): Fraction[] {
  const th = theta.slice();
  const pre = (k: number, x: Fraction[]) => x.reduce((acc, xj, j) => acc.add(th[k * dX + j].mul(xj)), F(0));
  for (let k = 0; k < d1; k++)
    for (let attempt = 0; attempt < 4 && xs.some((x) => pre(k, x).n === 0n); attempt++)
      th[k * dX] = th[k * dX].add(new Fraction(1, 7 + attempt));
  const signs = (k: number) => xs.map((x) => pre(k, x).s).join(',');
  for (let k = 1; k < d1; k++)
    if (Array.from({ length: k }, (_, j) => signs(j)).includes(signs(k)))
      for (let j = 0; j < dX; j++) th[k * dX + j] = th[k * dX + j].neg();
  return th;
}

function instance(o: { fullRank: boolean; deficient?: boolean; residual?: boolean }): fc.Arbitrary<T2Instance> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      d1: fc.integer({ min: o.deficient ? 2 : 1, max: 3 }),
      sPlus: fc.constantFrom(1, 2, '1/2').map(F),
      // full rank needs units with different patterns and no zero slope (dead samples drop rank)
      ratio: (o.fullRank ? fc.constantFrom('1/2', -1, 2, '1/4', -2) : fc.constantFrom(0, '1/2', -1, 2, '1/4')).map(F),
      extraN: fc.integer({ min: o.fullRank ? 3 : o.residual ? 2 : 0, max: o.fullRank ? 5 : o.residual ? 4 : 3 }),
      W: fc.array(
        smallRational(4, 2).filter((x) => x.n !== 0n),
        { minLength: 12, maxLength: 12 },
      ),
      // residual: nonzero coefficients, so the planted residual r is nonzero whenever X̂ has a null space
      coeffs: fc.array(o.residual ? smallRational(3, 1).filter((x) => x.n !== 0n) : smallRational(3, 1), {
        minLength: 1,
        maxLength: 4,
      }),
      // distinct first coordinates, so inputs stay distinct when cut to d_X = 1
      inputs: fc.uniqueArray(
        fc.array(
          smallRational(6, 2).filter((x) => x.n !== 0n),
          { minLength: 2, maxLength: 2 },
        ),
        { minLength: 10, maxLength: 10, selector: (r) => r[0].toFraction() },
      ),
    })
    .map(({ dX, d1, sPlus, ratio, extraN, W, coeffs, inputs }) => {
      // deficient: fewer samples than rows of X̂, so its left null space is nonzero
      const n = o.fullRank ? d1 * dX + extraN : o.deficient ? d1 * dX - 1 : Math.max(1, d1 * dX - 1 + extraN);
      const xs = inputs.slice(0, n).map((x) => x.slice(0, dX));
      const theta = repair(W.slice(0, d1 * dX + d1), dX, d1, xs);
      const sMinus = ratio.mul(sPlus);
      const data =
        plant(dX, d1, sMinus, sPlus, theta, xs, coeffs) ??
        dataset(
          xs,
          xs.map(() => [0]),
        );
      return { d1, sMinus, sPlus, theta, data, coeffs };
    });
}

export function detect(v: T2Instance, fullRank: boolean): string | null {
  const { dX, d1 } = dims(v);
  if (v.sMinus.equals(v.sPlus)) return 'the activation is linear';
  if (new Set(v.data.inputs.map((x) => x.map((c) => c.toFraction()).join(','))).size !== v.data.inputs.length)
    return 'inputs coincide';
  if (v.data.inputs.some((x) => x.every((c) => c.n === 0n))) return 'a zero input (no open cell)';
  const D = design(v);
  if (!D) return 'θ* is on a cell boundary (a pre-activation is 0)';
  if (v.theta.slice(d1 * dX).some((w) => w.n === 0n)) return 'an output weight is 0';
  if (fullRank && rank(rational, fromRows(D.Xhat)) !== d1 * dX) return `X̂ is not of full row rank ${d1 * dX}`;
  return null;
}

export const net = (v: T2Instance) => theorem2Net(dims(v).dX, v.d1, twoPiece(v.sMinus, v.sPlus));

/** θ′ = θ* + ε·diag(W2)^{-1}·N, N in the left null space of X̂ (same predictions), ε halved until θ′ has θ*'s pattern. */
function secondMinimum(v: T2Instance): Fraction[] | null {
  const { dX, d1 } = dims(v);
  const D = design(v)!;
  const L = nullspace(rational, transpose(fromRows(D.Xhat))); // N with N·X̂ = 0
  if (L.cols === 0) return null;
  const N = Array.from({ length: d1 * dX }, (_, r) => {
    let s = F(0);
    for (let b = 0; b < L.cols; b++) s = s.add(v.coeffs[b % v.coeffs.length].add(1).mul(L.data[r * L.cols + b]));
    return s;
  });
  if (N.every((x) => x.n === 0n)) return null;
  const pat = (th: Fraction[]) =>
    design(v, th)
      ?.A.map((r) => r.map((a) => a.toFraction()).join(','))
      .join('|');
  const base = pat(v.theta);
  for (let e = 0, eps = F(1); e < 40; e++, eps = eps.div(2)) {
    const th = v.theta.map((w, idx) =>
      idx < d1 * dX ? w.add(eps.mul(N[idx]).div(v.theta[d1 * dX + Math.floor(idx / dX)])) : w,
    );
    if (pat(th) === base) return th;
  }
  return null;
}

const common = {
  paper: PAPER,
  arithmetic: 'exact' as const,
  generatorVersion: 2,
  encode: enc,
  decode: dec,
  describe: (v: T2Instance) => {
    const D = design(v);
    return [
      `activation h(x) = ${q(v.sMinus)}·x (x ≤ 0), ${q(v.sPlus)}·x (x > 0); one hidden layer of ${v.d1}, no biases`,
      `data:\n${dataTable(v.data)}`,
      `θ* = W1 (${v.d1}×${dims(v).dX}) then W2: ${encQs(v.theta).join(', ')}`,
      D
        ? `Q(θ*) = ${encQs(D.Q).join(', ')}; rank X̂ = ${rank(rational, fromRows(D.Xhat))} of ${v.d1 * dims(v).dX}`
        : 'θ* on a boundary',
    ].join('\n');
  },
};

export const HYP = [
  'one hidden layer, d_Y = 1, no biases, two-piece activation with s− ≠ s+',
  'distinct nonzero inputs; θ* strictly inside a cell with nonzero output weights',
  'squared loss (strictly convex), mean over samples',
  'targets planted so that θ* is a local minimum of its cell (y = Q·X̂ + r, X̂r = 0)',
];

export const theorem2CellGlobal: Claim<T2Instance> = {
  ...common,
  id: 'he2020.theorem2.in-cell-identity',
  section: '§4.2 Theorem 2; Appendix B.3, eqs. (59)–(65)',
  title: 'Theorem 2, the in-cell identity: R = g_A(Q) with g_A convex',
  statement:
    'Inside a cell, R(W1, W2) = g_A(Q(W1, W2)) with g_A convex in Q (eqs. 59–65). Checked exactly on planted points: the identity, that an exact certificate and min g_A (exact least squares) agree, and that far in-cell points are not lower. Theorem 2 proper (every local minimum of a cell, including the case (W2)_k = 0 of eqs. 67–71, attains min g_A) is he2020.theorem2.cell-min-is-cell-global (exact) and he2020.theorem2.float-local-minima (float).',
  hypotheses: HYP,
  expected: 'holds',
  runs: 200,
  generate: () => instance({ fullRank: false }),
  detect: (v) => detect(v, false),
  check: (v): Outcome => {
    const n = net(v),
      D = design(v)!;
    const y = v.data.targets.map((t) => t[0]);
    const R = exactRisk(n, mse, v.theta, v.data);
    const fail = (claimed: string, computed: string, evidence: Json): Outcome => ({
      ok: false,
      strength: 'refuted',
      claimed,
      computed,
      evidence,
    });
    if (!R.equals(gA(D.Q, D.Xhat, y)))
      return fail('R(θ) = g_A(Q(θ)) inside the cell', `R = ${q(R)} but g_A(Q) = ${q(gA(D.Q, D.Xhat, y))}`, { R: q(R) });
    const ls = leastSquares(rational, transpose(fromRows(D.Xhat)), y) as { risk: Fraction };
    const minG = ls.risk.div(y.length);
    if (!R.equals(minG))
      return fail('the planted θ* attains min g_A', `R(θ*) = ${q(R)}, min g_A = ${q(minG)}`, {
        R: q(R),
        minG: q(minG),
      });
    const lm = analyseLocalMin(n, mse, v.theta, v.data, { noProbes: true });
    if (lm.strength !== 'proved')
      return fail('θ* is a local minimum', `the toolkit says ${lm.strength}: ${lm.summary}`, lm as unknown as Json);
    // far in-cell points: W1 rows scaled by a_k > 0 (same pattern), arbitrary W2
    const { dX, d1 } = dims(v);
    for (const [ai, a] of [F(3), F('1/5'), F(7)].entries()) {
      const th = v.theta.map((w, idx) =>
        idx < d1 * dX ? w.mul(a.add(Math.floor(idx / dX))) : v.coeffs[(idx + ai) % v.coeffs.length].add(idx),
      );
      const r = exactRisk(n, mse, th, v.data);
      if (r.compare(R) < 0)
        return fail(
          'no point of the cell has lower risk than the local minimum θ*',
          `the in-cell point ${encQs(th).join(', ')} has R = ${q(r)} < ${q(R)}`,
          { theta: encQs(th), risk: q(r) },
        );
    }
    return { ok: true, strength: 'proved' };
  },
};

function sameQCheck(v: T2Instance): Outcome {
  const n = net(v),
    D = design(v)!;
  const th2 = secondMinimum(v);
  if (!th2) return { ok: true, strength: 'proved' }; // no other minimum with the same predictions: X̂ has no left null space
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
  const same = D.Q.every((x, k) => x.equals(D2.Q[k]));
  if (same) return { ok: true, strength: 'proved' };
  const R = exactRisk(n, mse, v.theta, v.data);
  return {
    ok: false,
    strength: 'refuted',
    claimed: 'all local minima in a cell share one Q (Theorem 3 / eq. 73)',
    computed: `θ* and θ′ = (${encQs(th2).join(', ')}) are both certified local minima in the same cell with equal risk ${q(R)}, but Q(θ*) = (${encQs(D.Q).join(', ')}) ≠ Q(θ′) = (${encQs(D2.Q).join(', ')}); rank X̂ = ${rank(rational, fromRows(D.Xhat))} < ${D.Q.length}`,
    evidence: { thetaPrime: encQs(th2), Q: encQs(D.Q), Qprime: encQs(D2.Q), risk: q(R) },
  };
}

export const theorem3SameQPrinted: Claim<T2Instance> = {
  ...common,
  id: 'he2020.theorem3.same-q',
  section: '§4.2 Theorem 3 and Corollary 1; proof in Appendix B.4, eq. (73)',
  title: 'Theorem 3 as printed: all local minima in a cell share one Q (false without full rank)',
  statement:
    'As printed: all local minima in a cell have the same Q(W1, W2), so they form one equivalence class connected by a constant-risk valley. The proof needs g_A strictly convex in Q, i.e. X̂ of full row rank; the suite tests the printed statement.',
  expected: 'refuted',
  correctedBy: 'he2020.theorem3.same-q-full-rank',
  runs: 100,
  generatorVersion: 3,
  hypotheses: [
    ...HYP,
    'witness filter, not a hypothesis of the theorem: R(θ*) > 0, so a counterexample is not two zero-risk fits (narrowing the search only makes a refutation harder)',
  ],
  generate: () => instance({ fullRank: false, residual: true }),
  // R(θ*) > 0 is not a hypothesis of the theorem; it only keeps the witness from being a
  // pair of zero-risk global minima (review C3), which would be a weaker counterexample.
  detect: (v) =>
    detect(v, false) ??
    (exactRisk(net(v), mse, v.theta, v.data).n === 0n
      ? 'R(θ*) = 0 (a zero-risk fit; only counterexamples with R > 0 are kept)'
      : null),
  check: sameQCheck,
};

export const theorem3SameQFullRank: Claim<T2Instance> = {
  ...common,
  id: 'he2020.theorem3.same-q-full-rank',
  section: '§4.2 Theorem 3; Appendix B.4, eq. (73), with rank X̂ = d1·d_X (the hypothesis eq. 73 needs)',
  title: 'Theorem 3 corrected: with X̂ of full row rank, all local minima in a cell share one Q',
  statement:
    'With the added hypothesis rank X̂ = d1·d_X, g_A is strictly convex, its minimiser ŵ* is unique, and every local minimum in the cell has Q = ŵ*. Checked: ŵ* is unique and equals Q(θ*); in-cell points with Q ≠ ŵ* are exactly refuted as local minima by the toolkit; and no second minimum with the same predictions exists.',
  hypotheses: [...HYP, 'X̂ has full row rank d1·d_X'],
  expected: 'holds',
  runs: 200,
  generate: () => instance({ fullRank: true }),
  detect: (v) => detect(v, true),
  check: (v): Outcome => {
    const D = design(v)!;
    const y = v.data.targets.map((t) => t[0]);
    const ls = leastSquares(rational, transpose(fromRows(D.Xhat)), y) as { x: Fraction[]; unique: boolean };
    if (!ls.unique)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'min g_A has a unique minimiser',
        computed: 'the least-squares minimiser is not unique although X̂ has full row rank',
        evidence: null,
      };
    if (!ls.x.every((x, k) => x.equals(D.Q[k])))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'Q(θ*) is the unique minimiser of g_A',
        computed: `Q(θ*) = (${encQs(D.Q).join(', ')}) but the minimiser is (${encQs(ls.x).join(', ')})`,
        evidence: null,
      };
    // The contrapositive, which can fail: in-cell points with Q ≠ ŵ* are not local minima,
    // and the toolkit must show it exactly (a descent witness).
    const n = net(v),
      { dX, d1 } = dims(v);
    const pat = D.A.map((r) => r.map((a) => a.toFraction()).join(',')).join('|');
    for (const [j, c] of v.coeffs.entries()) {
      const th = v.theta.map((w, idx) => (idx === j % (d1 * dX) ? w.add(c.add(1).div(8)) : w));
      const D2 = design(v, th);
      if (!D2 || D2.A.map((r) => r.map((a) => a.toFraction()).join(',')).join('|') !== pat) continue; // left the cell
      if (D2.Q.every((x, k) => x.equals(ls.x[k]))) continue;
      const verdict = analyseLocalMin(n, mse, th, v.data, { noProbes: true });
      if (verdict.strength !== 'refuted')
        return {
          ok: false,
          strength: 'evidence',
          claimed: 'an in-cell point whose Q is not the unique minimiser is not a local minimum',
          computed: `at θ′ = (${encQs(th).join(', ')}) the toolkit says ${verdict.strength}: ${verdict.summary}`,
          evidence: { theta: encQs(th) },
        };
    }
    return sameQCheck(v);
  },
};

export const theorem3ValleyPath: Claim<T2Instance> = {
  ...common,
  id: 'he2020.theorem3.valley-path',
  section: '§4.2 Theorem 3 ("connected by a continuous path with constant risk"); Appendix B.4',
  title: 'Theorem 3, path reading: local minima of a cell with different Q are joined at constant risk',
  statement:
    'The other reading of Theorem 3: local minima in a cell are connected by a continuous path along which the risk is constant. Checked where the printed "same Q" reading fails: for θ* and a second certified minimum θ′ with different Q (X̂ rank-deficient), the straight segment between them keeps the risk constant (exact: pattern proved constant by Sturm, risk polynomial constant).',
  hypotheses: [
    ...HYP,
    'X̂ rank-deficient, so that a second minimum θ′ with the same predictions and a different Q exists',
  ],
  expected: 'holds',
  runs: 200,
  generate: () => instance({ fullRank: false, deficient: true }),
  detect: (v) =>
    detect(v, false) ??
    (secondMinimum(v) ? null : 'no second minimum with a different Q (X̂ has no usable left null space)'),
  check: (v): Outcome => {
    const th2 = secondMinimum(v)!;
    const curve = v.theta.map((x, k) => P.poly([x, th2[k].sub(x)]));
    const verdict = constantAlongPath(net(v), mse, v.data, curve, F(0), F(1));
    if (verdict.strength === 'proved') return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: verdict.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: 'the risk is constant on the segment between the two minima',
      computed: verdict.summary,
      evidence: verdict as unknown as Json,
    };
  },
};

export const he2020Theorem3Claims = [
  theorem2CellGlobal,
  theorem3SameQPrinted,
  theorem3SameQFullRank,
  theorem3ValleyPath,
];
void activationPattern;
void ({} as Mat<Fraction>);
