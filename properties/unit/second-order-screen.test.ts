// The second-order certificate screened in float64 and confirmed exactly (issue 13, item 3):
// a float negative direction is kept only if vᵀHv < 0 exactly, positive definiteness is proved by an
// exact congruence to a diagonally dominant matrix, and a singular PSD Hessian gets its exact inertia
// when affordable, else a verdict that says what is exact and what rests on float64. Verdicts agree
// with the exact LDLᵀ of the reference Hessian. Each test names the code mutation it kills.
import { test, fc } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { dyadic, polyActivation, fcArch, smallRational } from '../../src/gen/index.js';
import {
  certifiedCount,
  plantCellMinimum,
  plantCriticalPoint,
  recheck,
  secondOrder,
  type SecondOrderEvidence,
  type Verdict,
} from '../../src/landscape/index.js';
import {
  bilinear,
  confirmNegative,
  definiteness,
  floatPivotedLdl,
  fromRows,
  leadingMinorsPositive,
  positiveDefiniteBlock,
  scaledDiagonallyDominant,
  scaledFloats,
} from '../../src/linalg/index.js';
import {
  activationPattern,
  dataset,
  exactHessian,
  fcNetwork,
  linear,
  relu,
  squaredLoss,
  type Network,
} from '../../src/model/index.js';
import { rational } from '../../src/numeric/index.js';
import { witnessLowers } from '../helpers/landscape.js';
import { runsCapped } from '../helpers/setup.js';

const mse = squaredLoss();
const Q = rational;
const ints = (xs: readonly number[]) => xs.map((x) => BigInt(x));
const asFractions = (A: readonly bigint[], n: number) =>
  fromRows(Array.from({ length: n }, (_, i) => A.slice(i * n, (i + 1) * n).map((x) => new Fraction(x))));

/** BᵀB + c·I for an integer k×n matrix B (c = 0: PSD of rank rank B; c < 0 may be indefinite). */
const gram = fc
  .record({ n: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: -2, max: 2 }) })
  .chain(({ n, k, c }) =>
    fc.array(fc.integer({ min: -4, max: 4 }), { minLength: k * n, maxLength: k * n }).map((B) => {
      const A: bigint[] = [];
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = i === j ? c : 0;
          for (let r = 0; r < k; r++) s += B[r * n + i] * B[r * n + j];
          A.push(BigInt(s));
        }
      return { n, A };
    }),
  );

/** n×n Hilbert matrix times the lcm of 1..2n−1 (integer, positive definite, condition ~e^(3.5n)). */
function hilbert(n: number): bigint[] {
  let L = 1n;
  const g = (a: bigint, b: bigint): bigint => (b ? g(b, a % b) : a);
  for (let k = 1n; k < 2n * BigInt(n); k++) L = (L * k) / g(L, k);
  return Array.from({ length: n * n }, (_, k) => L / BigInt(Math.floor(k / n) + (k % n) + 1));
}

describe('exact confirmation of float proposals (linalg/inertia.ts)', () => {
  // kills: the Gershgorin test with ≥ instead of > (a singular PSD matrix passed as PD), a congruence
  // by a singular T (a zero diagonal entry accepted), weights that are not one symmetric scaling
  test.prop([gram], { numRuns: 200 })('positiveDefiniteBlock never proves a matrix that is not PD', ({ n, A }) => {
    if (positiveDefiniteBlock(A, n, null)) expect(definiteness(Q, asFractions(A, n)).kind).toBe('positive-definite');
  });

  // kills: Sylvester's criterion in the re-check with a zero minor accepted (d < 0 instead of d ≤ 0), a
  // Bareiss step dividing by the wrong earlier pivot (inexact division, wrong minors)
  test.prop([gram], { numRuns: 200 })('leadingMinorsPositive ⟺ the exact LDLᵀ says positive definite', ({ n, A }) => {
    expect(leadingMinorsPositive(A, n)).toBe(definiteness(Q, asFractions(A, n)).kind === 'positive-definite');
  });

  // kills: no refinement round (one float congruence only): Hilbert(16) needs two
  it('proves ill-conditioned positive definite matrices (Hilbert 4–16) through refinement rounds', () => {
    for (const n of [4, 8, 12, 16]) expect(positiveDefiniteBlock(hilbert(n), n, null)).toBe(true);
    expect(positiveDefiniteBlock(hilbert(16), 16, null, 1)).toBe(false); // one round is not enough there
    expect(scaledDiagonallyDominant(ints([1, 1, 1, 1]), 2)).toBe(false); // singular: equality is not dominance
    expect(scaledDiagonallyDominant(ints([2, 1, 1, 2]), 2)).toBe(true);
    // power-of-two weights: [[2^60, 2^20], [2^20, 1]] is PD (det = 2^60 − 2^40 > 0) though row 2 is not dominant unscaled
    expect(scaledDiagonallyDominant([2n ** 60n, 2n ** 20n, 2n ** 20n, 1n], 2)).toBe(true);
  });

  // kills: pivoting on a non-maximal or negative diagonal, the T update applied to the wrong column
  // (then TᵀAT is not the pivots and the negative candidates are not negative), the rank miscounted
  test.prop([gram], { numRuns: 200 })(
    'the float LDLᵀ: PSD ⇒ rank pivots and no negative candidate; a candidate confirmed exactly is negative',
    ({ n, A }) => {
      const exact = definiteness(Q, asFractions(A, n));
      const ldl = floatPivotedLdl(scaledFloats(A), n);
      if (exact.inertia.negative === 0) {
        expect(ldl.negative).toEqual([]);
        expect(ldl.order.length).toBe(exact.inertia.positive);
      } else {
        expect(ldl.negative.length).toBeGreaterThan(0); // small integer matrices: the float screen sees it
        const w = confirmNegative(A, n, ldl.negative);
        expect(w).not.toBeNull();
        const q = bilinear(
          Q,
          w!.map((x) => new Fraction(x)),
          asFractions(A, n),
          w!.map((x) => new Fraction(x)),
        );
        expect(q.s).toBe(-1n);
      }
    },
  );
});

// ---------------------------------------------------------------------------
// Critical points with every kind of Hessian: planted cell minima of PWL nets (PSD), planted critical
// points of polynomial nets with residuals scaled up to make the σ″ term matter (PD, PSD, indefinite); one hidden layer and quadratic σ for polynomial nets: deeper or cubic ones
// produce Hessians so ill-conditioned that the exact negative witness (the old exact path) is thousands of digits long.
const arch = fc.oneof(
  fcArch({
    minDepth: 2,
    maxDepth: 2,
    maxWidth: 3,
    maxInput: 2,
    maxOutput: 1,
    activation: polyActivation({ minDegree: 2, maxDegree: 2 }),
  }),
  fcArch({
    minDepth: 2,
    maxDepth: 3,
    maxWidth: 3,
    maxInput: 2,
    maxOutput: 1,
    activation: fc.constant(relu()),
    bias: true,
  }),
);
const critical = arch.chain((net) =>
  fc.record({
    net: fc.constant(net),
    theta: fc.array(dyadic(8, 2), { minLength: net.paramCount, maxLength: net.paramCount }),
    inputs: fc.uniqueArray(fc.array(dyadic(16, 2), { minLength: net.inputDim, maxLength: net.inputDim }), {
      minLength: net.paramCount + 2,
      maxLength: net.paramCount + 2,
      selector: (r) => r.map((x) => x.toFraction()).join(','),
    }),
    coefficients: fc.array(smallRational(3, 2), { minLength: 1, maxLength: 3 }),
    scale: fc.constantFrom(0, 1 / 4, 4),
  }),
);
function plant(v: { net: Network; theta: Fraction[]; inputs: Fraction[][]; coefficients: Fraction[]; scale: number }) {
  const probe = dataset(
    v.inputs,
    v.inputs.map(() => [0]),
  );
  if (!activationPattern(v.net, v.theta, probe).interior) return null;
  return v.net.layers.every((l) => l.activation.kind !== 'pwl' || l.identity)
    ? plantCriticalPoint(v.net, v.theta, v.inputs, v.coefficients, new Fraction(v.scale))
    : plantCellMinimum(v.net, v.theta, v.inputs, v.coefficients);
}
const so = (v: Verdict) => {
  if (v.evidence.kind === 'second-order') return v.evidence;
  const e = v.also?.find((x) => x.kind === 'second-order');
  if (!e) throw new Error(`no second-order evidence in a ${v.strength} verdict`);
  return e as SecondOrderEvidence;
};

describe('secondOrder: screened verdicts agree with the exact LDLᵀ of the reference Hessian', () => {
  const seen = { proved: 0, refuted: 0, evidence: 0 };
  // kills: the zero rows not added to the zero count, a PD live block reported as PD when some rows are
  // zero, a refutation along a direction that is not exactly negative, the PD congruence accepted unsoundly
  // 300 runs: about 1 in 25 plants is a saddle (measured: 1 to 10 in 150 runs), so 150 runs saw none
  // in roughly one run in 200 and the check below failed; with 300 that is about 1 in 10⁵
  test.prop([critical], { numRuns: 300 })(
    'same strength and exact inertia as definiteness(H by HVPs); screened (budget 0) only weakens to evidence',
    (v) => {
      const data = plant(v);
      fc.pre(data !== null);
      const { net, theta } = v;
      const H = exactHessian(net, mse, theta, data!, 'hvp');
      fc.pre(H.kind === 'interior');
      const before = certifiedCount();
      const full = secondOrder(net, mse, theta, data!);
      const def = definiteness(Q, fromRows(H.kind === 'interior' ? H.value : []));
      if (so(full).gradient.some((g) => g !== '0')) return; // not critical (a PWL plant off its cell)
      seen[full.strength as keyof typeof seen]++;
      const want = def.kind === 'positive-definite' ? 'proved' : def.inertia.negative > 0 ? 'refuted' : 'evidence';
      expect(full.strength).toBe(want);
      if (full.strength !== 'refuted') expect(so(full).inertia).toEqual(def.inertia);
      if (full.strength === 'refuted') expect(witnessLowers(full, net, data!)).toBe(true);
      if (want !== 'evidence') expect(certifiedCount()).toBe(before + 1); // proofs and witnesses re-checked

      const screened = secondOrder(net, mse, theta, data!, { exactInertiaBudget: 0 });
      const e = so(screened);
      const zeroRows = H.kind === 'interior' ? H.value.filter((r) => r.every((x) => x.n === 0n)).length : -1;
      if (want === 'evidence' && zeroRows === net.paramCount) {
        // H = 0: every direction is an exact zero row, so the exact inertia costs nothing and is given
        expect(screened.strength).toBe('evidence');
        expect(e.inertia).toEqual({ positive: 0, negative: 0, zero: net.paramCount });
      } else if (want === 'evidence') {
        expect(screened.strength).toBe('evidence');
        expect(e.inertia).toBeUndefined();
        const s = e.screened!;
        expect(s.zeroRows).toBe(zeroRows);
        expect(s.positiveBlock).toBeLessThanOrEqual(def.inertia.positive); // the exact part is sound
        expect(s.inertia.negative).toBe(0);
        expect(screened.summary).toMatch(/screened in float64/);
      } else if (screened.strength === 'evidence') {
        // a float screen may see an ill-conditioned H as singular, or a tiny negative eigenvalue as 0:
        // then it says what is exact and claims no more than evidence, never the opposite verdict
        expect(e.screened).toBeDefined();
        expect(e.screened!.positiveBlock).toBeLessThanOrEqual(def.inertia.positive);
      } else expect(screened.strength).toBe(want);
    },
  );
  // counts over every run of the property above: skipped under npm run mutate's cap of 10 runs
  it.skipIf(runsCapped)('the generated critical points had all three kinds of Hessian', () => {
    expect(seen.proved).toBeGreaterThan(0);
    expect(seen.refuted).toBeGreaterThan(0);
    expect(seen.evidence).toBeGreaterThan(0);
  });
});

describe('secondOrder on fixed points', () => {
  // R(w₁, w₂) = (w₁w₂ − 1)² at 0: ∇R = 0, H = [[0, −2], [−2, 0]]; a ReLU copy with a positive bias on the unit
  const saddleNet = fcNetwork([1, 1, 1], linear(), false);
  const saddleData = dataset([[1]], [[1]]);
  // kills: the float screen's negative candidate from the off-diagonal of a zero-diagonal block not built
  // (only negative diagonal entries searched), a refutation without its exact check
  it('a bilinear saddle (zero diagonal) is refuted along the screened direction, re-checked', () => {
    const theta = [new Fraction(0), new Fraction(0)];
    const v = secondOrder(saddleNet, mse, theta, saddleData, { exactInertiaBudget: 0 });
    expect(v.strength).toBe('refuted');
    expect(witnessLowers(v, saddleNet, saddleData)).toBe(true);
    expect(recheck(v, saddleNet, mse, theta, saddleData)).toEqual([]);
    expect(so(v).inertia).toBeUndefined(); // budget 0: no exact LDLᵀ beside the confirmed direction
    expect(so(secondOrder(saddleNet, mse, theta, saddleData)).inertia).toEqual({ positive: 1, negative: 1, zero: 0 });
  });

  // kills: recheckSecondOrder trusting the stored evidence (screened counts or inertia) instead of
  // recomputing the Hessian (by HVPs) and its definiteness
  it('a forged proof from screened evidence fails its re-check', () => {
    const net = fcNetwork([2, 3, 1], relu());
    const theta = ['1', '-1', '1/2', '1', '-1', '-1/3', '1/5', '-1/7', '2/7', '1', '2', '-1', '1/2'].map(
      (x) => new Fraction(x),
    );
    const inputs = [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, -1],
      [-1, 2],
      [1, 3],
      [3, 1],
      [2, 2],
    ].map((r) => r.map((x) => new Fraction(x)));
    const data = plantCellMinimum(net, theta, inputs, [new Fraction(1), new Fraction(-2)]);
    const v = secondOrder(net, mse, theta, data, { exactInertiaBudget: 0 });
    expect(v.strength).toBe('evidence');
    const e = so(v);
    const forged: Verdict = {
      ...v,
      strength: 'proved',
      evidence: {
        ...e,
        inertia: { positive: net.paramCount, negative: 0, zero: 0 },
        definiteness: 'positive-definite',
      },
    };
    expect(recheck(forged, net, mse, theta, data).join(' ')).toMatch(/not positive definite/);
  });
});
