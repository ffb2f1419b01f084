// Soundness of the landscape toolkit against wrong verdicts: each test names the
// code mutation it kills (found by a hand-made mutation probe, issue "Can the suite
// catch a wrong implementation?", part 1). Every proof and witness produced here is
// also re-checked by `certify` inside the tools (SPURIOUS_RECHECK is on by default).
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import {
  activationPattern,
  dataset,
  exactOutputs,
  exactRisk,
  fcNetwork,
  getBlock,
  linear,
  pieceDerivatives,
  relu,
  squaredLoss,
  twoPiece,
  type Dataset,
  type Network,
} from '../../src/model/index.js';
import * as P from '../../src/linalg/polynomial.js';
import { fromRows, nullspace, transpose } from '../../src/linalg/matrix.js';
import { rational } from '../../src/numeric/index.js';
import {
  analyseCurve,
  analyseLocalMin,
  boundaryBound,
  boundaryKkt,
  liftedDesign,
  certifiedCount,
  certify,
  curveAt,
  descentSearch,
  directionEnvelope,
  dyadicDirections,
  groupFits,
  patternKeys,
  plantCellMinimum,
  rayCurve,
  recheck,
  recheckDescentEvidence,
  recheckLowerPoint,
  scanDirections,
  searchLowerPoint,
  secondOrder,
  type BoundaryBoundEvidence,
  type Verdict,
} from '../../src/landscape/index.js';
import { smallRational } from '../../src/gen/index.js';
import { plantedFixture, witnessLowers } from '../helpers/landscape.js';

const mse = squaredLoss();
const F = (x: number | string) => new Fraction(x as number);
const Fs = (xs: (number | string)[]) => xs.map(F);
const q = (s: string) => rational.fromString(s);

// ---------------------------------------------------------------------------
// A deep linear net at θ = 0: ∇R = 0 and the Hessian is 0 (PSD, singular), but
// R(t·d) = R(0) − 2t³·d1d2d3·mean(xy) + O(t⁶): a cubic saddle.
const deep = fcNetwork([1, 1, 1, 1], linear(), false);
const deepData = dataset([[1], [2]], [[1], [3]]);
const zero3 = Fs([0, 0, 0]);

describe('second order: a positive semidefinite Hessian is not a proof', () => {
  // kills: secondOrder accepting a PSD (not PD) Hessian as a proof
  it('a cubic saddle of a deep linear net (zero Hessian) is not proved; the analysis finds the exact cubic descent', () => {
    const so = secondOrder(deep, mse, zero3, deepData);
    expect(so.strength).toBe('evidence');
    if (so.evidence.kind !== 'second-order') throw new Error('expected second-order evidence');
    expect(so.evidence.inertia).toEqual({ positive: 0, negative: 0, zero: 3 });
    const v = analyseLocalMin(deep, mse, zero3, deepData, { noProbes: true });
    expect(v.strength).toBe('refuted');
    if (v.evidence.kind !== 'descent') throw new Error('expected a descent');
    expect(v.evidence.order).toBe(3);
    expect(witnessLowers(v, deep, deepData)).toBe(true);
    expect(recheck(v, deep, mse, zero3, deepData)).toEqual([]);
  });

  // kills: recheckSecondOrder accepting PSD; certify not running on second-order proofs
  it('a forged second-order proof at the saddle fails its re-check, and certify refuses it', () => {
    const so = secondOrder(deep, mse, zero3, deepData);
    const forged: Verdict = { ...so, strength: 'proved' };
    expect(recheck(forged, deep, mse, zero3, deepData).join(' ')).toMatch(/not positive definite/);
    expect(() => certify(forged, deep, mse, zero3, deepData)).toThrow(/failed its independent re-check/);
  });
});

// ---------------------------------------------------------------------------
describe('recheck of descent witnesses', () => {
  const v = analyseLocalMin(deep, mse, zero3, deepData, { noProbes: true });
  const e = v.evidence;
  if (e.kind !== 'descent') throw new Error('expected a descent');
  // kills: recheckDescent accepting R(θ(t)) = R(θ) (t = 0), or a t ≤ 0
  it('a witness with t = 0 (equal risk) is rejected', () => {
    const forged: Verdict = { ...v, evidence: { ...e, t: '0', riskAtT: e.risk } };
    expect(recheck(forged, deep, mse, zero3, deepData).join(' ')).toMatch(/not below R\(θ\)/);
    expect(recheck(forged, deep, mse, zero3, deepData).join(' ')).toMatch(/not positive/);
  });
  it('a witness at a negative t is rejected even where the risk there is lower', () => {
    const neg = q(e.t).neg();
    const curve = e.curve.map((c) => P.poly(c.map(q)));
    const rNeg = exactRisk(deep, mse, curveAt(curve, neg), deepData);
    const forged: Verdict = { ...v, evidence: { ...e, t: neg.toFraction(), riskAtT: rNeg.toFraction() } };
    expect(recheck(forged, deep, mse, zero3, deepData).join(' ')).toMatch(/not positive/);
  });
  it('a witness whose risk at t equals R(θ) is rejected (a point of equal risk is no descent)', () => {
    // along d = (1, 0, 0) the product w1·w2·w3 stays 0: R is constant, R(θ(1)) = R(θ)
    const flat = { ...e, curve: [['0', '1'], ['0'], ['0']], t: '1', riskAtT: e.risk };
    const errs = recheck({ ...v, evidence: flat }, deep, mse, zero3, deepData);
    expect(errs.join(' ')).toMatch(/is not below R\(θ\)/);
  });
});

// ---------------------------------------------------------------------------
// One-hidden-layer ReLU nets, 1-D input, θ = (w, b, z, c) = (1, −2, 1, 1/3): the unit's
// pre-activation x − 2 is on the kink at x = 2. The targets make exactly one of the
// two adjacent cells descend.
const net1 = fcNetwork([1, 1, 1], relu());
const th1 = Fs([1, -2, 1, '1/3']);
// descent only into the RIGHT cell (x = 2 active): the left cell is at its least-squares optimum
const rightOnly = dataset(
  [[0], [1], [2], [3], [4]],
  [[1], [-1], [1], ['4/3'], ['7/3']].map((r) => r.map(F)),
);
// descent only into the LEFT cell (x = 2 inactive): the right cell's groups {−1,0,1}, {2,3,4} are at their optimum
const leftOnly = dataset(
  [[-1], [0], [1], [2], [3], [4]],
  [[1], [-1], [1], ['4/3'], ['-2/3'], ['10/3']].map((r) => r.map(F)),
);
// both adjacent cells at their optimum, R = 4/9 > 0: a local minimum on the boundary
const bothOptimal = dataset(
  [[-1], [0], [1], [2], [3], [4]],
  [[1], [-1], [1], ['1/3'], ['4/3'], ['7/3']].map((r) => r.map(F)),
);

/** The pattern-class bound of each adjacent cell, computed here by plain enumeration. */
function cellBounds(n: Network, th: Fraction[], d: Dataset): Map<string, Fraction> {
  const pat = activationPattern(n, th, d);
  const out = new Map<string, Fraction>();
  for (let code = 0; code < 1 << pat.kinks.length; code++) {
    const override = new Map<string, number>();
    const sides = pat.kinks.map((k, b) => {
      const right = (code >> b) & 1;
      override.set(
        `${k.layer}/${k.unit}/${k.sample}`,
        pat.layers.find((l) => l.layer === k.layer)!.piece[k.unit][k.sample] + right,
      );
      return right ? 'right' : 'left';
    });
    out.set(sides.join(','), groupFits(n, mse, d, patternKeys(pat, d.inputs.length, override)).bound);
  }
  return out;
}

describe('boundary points: every adjacent cell counts', () => {
  for (const [name, d, lower] of [
    ['right', rightOnly, 'right'],
    ['left', leftOnly, 'left'],
  ] as const) {
    // kills: boundaryBound skipping the first (left) or the last (right) adjacent cell
    it(`descent only into the ${name} cell: the boundary bound is not a proof, and it lists both cells`, () => {
      const r = exactRisk(net1, mse, th1, d);
      const bounds = cellBounds(net1, th1, d);
      expect([...bounds.keys()]).toEqual(['left', 'right']);
      expect(bounds.get(lower)!.compare(r)).toBeLessThan(0);
      expect(bounds.get(lower === 'left' ? 'right' : 'left')!.equals(r)).toBe(true);
      const bb = boundaryBound(net1, mse, th1, d);
      expect(bb.strength).toBe('inconclusive');
      expect(bb.evidence.assignments.map((a) => a.sides.join(','))).toEqual(['left', 'right']);
      for (const a of bb.evidence.assignments) expect(q(a.bound).equals(bounds.get(a.sides.join(','))!)).toBe(true);
      // a forged proof that leaves out the descending cell fails its re-check
      const forged: Verdict<BoundaryBoundEvidence> = {
        ...bb,
        strength: 'proved',
        evidence: { ...bb.evidence, assignments: bb.evidence.assignments.filter((a) => a.sides[0] !== lower) },
      };
      expect(recheck(forged, net1, mse, th1, d).join(' ')).toMatch(
        new RegExp(`adjacent cell ${lower} was not examined`),
      );
    });

    // kills: descentSearch skipping its first or last adjacent cell
    it(`descent only into the ${name} cell: the adjacent-cell search alone finds it (gradient of that cell), exactly`, () => {
      const v = descentSearch(net1, mse, th1, d, { randomDirections: 0, bilinearPerUnit: 0 });
      expect(v.strength).toBe('refuted');
      if (v.evidence.kind !== 'descent') throw new Error('expected a descent');
      expect(v.evidence.method).toBe('gradient');
      expect(witnessLowers(v, net1, d)).toBe(true);
      // the witness moves into the descending cell
      const pat = activationPattern(
        net1,
        curveAt(
          v.evidence.curve.map((c) => P.poly(c.map(q))),
          q(v.evidence.t),
        ),
        d,
      );
      expect(pat.layers[0].piece[0][name === 'right' ? 2 : 3]).toBe(lower === 'right' ? 1 : 0);
      const a = analyseLocalMin(net1, mse, th1, d, { noProbes: true });
      expect(a.strength).toBe('refuted');
      expect(recheck(a, net1, mse, th1, d)).toEqual([]);
    });
  }

  it('both cells at their optimum: a proved local minimum on the boundary, re-checked; the search examines both cells and finds nothing', () => {
    const r = exactRisk(net1, mse, th1, bothOptimal);
    expect(r.toFraction()).toBe('4/9');
    expect(activationPattern(net1, th1, bothOptimal).kinks).toHaveLength(1);
    const before = certifiedCount();
    const bb = boundaryBound(net1, mse, th1, bothOptimal);
    expect(bb.strength).toBe('proved');
    expect(certifiedCount()).toBe(before + 1); // the tool re-checked its own proof
    expect(recheck(bb, net1, mse, th1, bothOptimal)).toEqual([]);
    // tampering with one stored bound is caught
    const forged = structuredClone(bb);
    forged.evidence.assignments[1].bound = '1/2';
    expect(recheck(forged, net1, mse, th1, bothOptimal).join(' ')).toMatch(/assignment right: bound 4\/9, stored 1\/2/);
    const s = descentSearch(net1, mse, th1, bothOptimal, { randomDirections: 0, bilinearPerUnit: 0 });
    expect(s.strength).toBe('inconclusive');
    if (s.evidence.kind !== 'descent-search') throw new Error('expected search evidence');
    expect(s.evidence.cells).toBe(2);
  });
});

// ---------------------------------------------------------------------------
describe('bilinear search covers every hidden unit', () => {
  // kills: the bilinear loop skipping the first unit (hinges switched off, so the bilinear stage works alone)
  it('a zero unit in first position is the only descent; the bilinear search alone finds it', () => {
    const one = fcNetwork([2, 1, 1], relu(), false);
    const two = fcNetwork([2, 2, 1], relu(), false);
    const xs = [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, -1],
      [-1, 3],
      [3, 1],
      [-2, 1],
      [1, -3],
    ].map((r) => r.map(F));
    // the live unit (w = (1, 1/2), z = 2) planted at a cell minimum of the one-unit net
    const a = Fs([1, '1/2']);
    const z = F(2);
    const d = plantCellMinimum(one, [...a, z], xs, Fs([1, -2, 3, '1/2']));
    expect(analyseLocalMin(one, mse, [...a, z], d, { noProbes: true }).strength).toBe('proved');
    // unit 1 of the wide net is all zero (w = 0, z = 0), unit 2 the live unit
    const th = [F(0), F(0), ...a, F(0), z];
    expect(activationPattern(two, th, d).kinks).toHaveLength(xs.length);
    const v = descentSearch(two, mse, th, d, { randomDirections: 0, maxKinks: 0, hinges: false });
    expect(v.strength).toBe('refuted');
    if (v.evidence.kind !== 'descent') throw new Error('expected a descent');
    expect(v.evidence.method).toBe('bilinear');
    // it moves unit 1's weights (θ indices 0, 1 and 4)
    const moved = v.evidence.curve.map((c, k) => (c.length > 1 && c[1] !== '0' ? k : -1)).filter((k) => k >= 0);
    expect(moved.every((k) => [0, 1, 4].includes(k))).toBe(true);
    expect(witnessLowers(v, two, d)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Random one-hidden-layer nets with a two-piece activation, pushed onto kinks.
const kinkInstance = fc
  .record({
    d0: fc.integer({ min: 1, max: 2 }),
    K: fc.integer({ min: 1, max: 3 }),
    sMinus: smallRational(3, 2),
    sPlus: smallRational(3, 2),
    theta: fc.array(smallRational(4, 2), { minLength: 13, maxLength: 13 }),
    inputs: fc.uniqueArray(fc.array(smallRational(4, 2), { minLength: 2, maxLength: 2 }), {
      minLength: 3,
      maxLength: 6,
      selector: (r) => r.map((x) => x.toFraction()).join(','),
    }),
    targets: fc.array(smallRational(4, 2), { minLength: 6, maxLength: 6 }),
    kinks: fc.array(fc.tuple(fc.nat(2), fc.nat(5)), { minLength: 1, maxLength: 3 }),
  })
  .filter((r) => !r.sMinus.equals(r.sPlus))
  .map((r) => {
    const n = fcNetwork([r.d0, r.K, 1], twoPiece(r.sMinus, r.sPlus));
    const xs = r.inputs.map((x) => x.slice(0, r.d0));
    const th = r.theta.slice(0, n.paramCount);
    // move unit j's bias so that its pre-activation at sample i is exactly 0
    for (const [j0, i0] of r.kinks) {
      const j = j0 % r.K,
        i = i0 % xs.length;
      const w = th.slice(j * r.d0, (j + 1) * r.d0);
      th[r.K * r.d0 + j] = w.reduce((s, wk, k) => s.sub(wk.mul(xs[i][k])), F(0));
    }
    return {
      net: n,
      theta: th,
      data: dataset(
        xs,
        xs.map((_, i) => [r.targets[i]]),
      ),
    };
  });

describe('fuzzed boundary points', () => {
  // kills: pieceDerivatives ignoring the forced pieces of an adjacent cell
  test.prop([kinkInstance], { numRuns: 60 })(
    "the gradient of each adjacent cell along a kinked unit's bias is the one-sided derivative into that cell",
    ({ net: n, theta: th, data: d }) => {
      const pat = activationPattern(n, th, d);
      fc.pre(pat.kinks.length === 1);
      const k = pat.kinks[0];
      const p = n.layers[0].biasIndex![k.unit];
      const e = th.map((_, j) => F(j === p ? 1 : 0));
      const plus = P.coeff(analyseCurve(n, mse, d, rayCurve(th, e)).riskPolynomial, 1);
      const minus = P.coeff(
        analyseCurve(
          n,
          mse,
          d,
          rayCurve(
            th,
            e.map((x) => x.neg()),
          ),
        ).riskPolynomial,
        1,
      ).neg();
      const side = (s: 0 | 1) => {
        const pieces = [pat.layers[0].piece.map((row) => row.slice()), null];
        pieces[0]![k.unit][k.sample] += s;
        return pieceDerivatives(n, mse, th, d, pieces).gradient[p];
      };
      expect(side(0).equals(minus)).toBe(true);
      expect(side(1).equals(plus)).toBe(true);
    },
  );

  // kills: boundaryBound or descentSearch skipping any adjacent cell; a proof where a descent exists
  test.prop([kinkInstance], { numRuns: 60 })(
    'the boundary bound lists every adjacent cell with its bound; a proof re-checks and no descent exists',
    ({ net: n, theta: th, data: d }) => {
      const pat = activationPattern(n, th, d);
      fc.pre(!pat.interior && pat.kinks.length <= 6);
      const bb = boundaryBound(n, mse, th, d);
      const bounds = cellBounds(n, th, d);
      expect(bb.evidence.assignments).toHaveLength(bounds.size);
      for (const a of bb.evidence.assignments) expect(q(a.bound).equals(bounds.get(a.sides.join(','))!)).toBe(true);
      const r = exactRisk(n, mse, th, d);
      const min = [...bounds.values()].reduce((m, b) => (b.compare(m) < 0 ? b : m));
      expect(bb.strength).toBe(min.equals(r) ? 'proved' : 'inconclusive');
      const s = descentSearch(n, mse, th, d, { randomDirections: 6, bilinearPerUnit: 2 });
      if (bb.strength === 'proved') {
        expect(recheck(bb, n, mse, th, d)).toEqual([]);
        expect(s.strength).not.toBe('refuted');
      }
      if (s.strength === 'refuted') expect(witnessLowers(s, n, d)).toBe(true);
      else if (s.evidence.kind === 'descent-search') {
        // both sides of every kink of a unit that the output reads (nonzero outgoing weight); a unit nothing
        // reads keeps its left side (its other side is the hinges' business), e.g. at w₂ = 0
        const out = getBlock(n, th, 'layer2.weight');
        expect(s.evidence.cells).toBe(2 ** pat.kinks.filter((k) => out[k.unit].n !== 0n).length);
      }
    },
  );
});

/**
 * Targets that make a boundary point θ a minimum on every adjacent closed cell: residuals 0 on
 * the kinked samples (so every side's lifted design gives the same normal equations) and, on the
 * others, orthogonal to every lifted column. The KKT certificate must then prove θ (multipliers 0).
 */
function plantBoundaryMinimum(n: Network, th: Fraction[], d: Dataset, coeffs: Fraction[]): Dataset {
  const pat = activationPattern(n, th, d);
  const kinked = new Set(pat.kinks.map((k) => k.sample));
  const D = liftedDesign(n, th, d, pat.layers[0].piece)!;
  const free = d.inputs.map((_, i) => i).filter((i) => !kinked.has(i));
  const out = exactOutputs(n, th, d).map((r) => r[0]);
  const r = d.inputs.map(() => F(0));
  if (free.length) {
    const N = nullspace(rational, transpose(fromRows(free.map((i) => D.rows[i]))));
    for (let c = 0; c < N.cols; c++)
      free.forEach((i, m) => (r[i] = r[i].add(coeffs[c % coeffs.length].mul(N.data[m * N.cols + c]))));
  }
  return dataset(
    d.inputs,
    out.map((o, i) => [o.add(r[i])]),
  );
}

describe('boundary KKT certificate, fuzzed', () => {
  // kills: a KKT certificate that misses planted boundary minima, or proves a point with a descent
  test.prop([kinkInstance, fc.array(smallRational(4, 2), { minLength: 1, maxLength: 4 })], { numRuns: 60 })(
    'planted boundary minima are proved, re-checked, and have no descent; moving the output bias breaks them',
    ({ net: n, theta: th, data: d0 }, coeffs) => {
      const pat = activationPattern(n, th, d0);
      fc.pre(!pat.interior && pat.kinks.length <= 4);
      const d = plantBoundaryMinimum(n, th, d0, coeffs);
      const v = boundaryKkt(n, mse, th, d);
      expect(v.strength).toBe('proved');
      expect(recheck(v, n, mse, th, d)).toEqual([]);
      expect(descentSearch(n, mse, th, d, { randomDirections: 12, bilinearPerUnit: 4 }).strength).not.toBe('refuted');
      const off = th.slice();
      off[off.length - 1] = off[off.length - 1].add(F('1/8'));
      expect(boundaryKkt(n, mse, off, d).strength).not.toBe('proved');
    },
  );
});

// ---------------------------------------------------------------------------
describe('lower points must be strictly lower', () => {
  // kills: searchLowerPoint accepting a point of equal risk
  it('zero targets: the best risk is 0, so no point is below 0 (a point with risk 0 is not lower)', () => {
    const n = fcNetwork([1, 2, 1], relu());
    const d = dataset([[0], [1], [2]], [[0], [0], [0]]);
    expect(searchLowerPoint(n, mse, d, F(0), { seed: 3, starts: 3, steps: 100 })).toBeNull();
  });
  it('a lower point found is re-checked: exact risk stored, strictly below', () => {
    const n = fcNetwork([1, 2, 1], relu());
    const d = dataset([[0], [1], [2], [3]], [[0], [1], [0], [1]]);
    const below = F(1);
    const p = searchLowerPoint(n, mse, d, below, { seed: 3, starts: 3, steps: 200 });
    expect(p).not.toBeNull();
    expect(recheckLowerPoint(n, mse, d, p!, below)).toEqual([]);
    expect(recheckLowerPoint(n, mse, d, p!, p!.risk).join(' ')).toMatch(/not below/);
    expect(recheckLowerPoint(n, mse, d, { ...p!, risk: p!.risk.add(1) }, below).join(' ')).toMatch(/not the stored/);
  });
});

// ---------------------------------------------------------------------------
describe('random-direction scans: the exact judge decides', () => {
  const { net, theta, data } = plantedFixture(10);
  const r0 = exactRisk(net, mse, theta, data);
  const dirs = dyadicDirections(net.paramCount, 20, 7);

  it('directions are dyadic unit vectors, the same for the same seed', () => {
    expect(dyadicDirections(net.paramCount, 20, 7)).toEqual(dirs);
    for (const d of dirs) {
      expect(Math.abs(Math.hypot(...d) - 1)).toBeLessThan(1e-5);
      for (const x of d) expect(Number.isInteger(x * 2 ** 20)).toBe(true);
    }
  });

  // kills: the scan taking a float drop as a lower point without the exact re-check
  it('at a cell minimum, with a threshold that makes every step a float candidate, no lower point survives the exact check', () => {
    const steps = [new Fraction(1, 10 ** 6)];
    const sc = scanDirections(net, mse, data, theta, r0, dirs, { steps, tolerance: -1e9 });
    expect(sc.count).toBe(dirs.length);
    expect(sc.lower).toBeNull();
  });

  it('off the minimum a lower point is found, and it is exactly lower', () => {
    const off = theta.slice();
    off[12] = off[12].add(F('1/10'));
    const r = exactRisk(net, mse, off, data);
    const sc = scanDirections(net, mse, data, off, r, dirs, { steps: [F('1/100'), F('1/1000')] });
    expect(sc.lower).not.toBeNull();
    const p = off.map((x, i) => x.add(sc.lower!.step.mul(rational.fromNumber(dirs[sc.lower!.direction][i]))));
    expect(p.map((x) => x.toFraction())).toEqual(sc.lower!.theta.map((x) => x.toFraction()));
    expect(exactRisk(net, mse, p, data).compare(r)).toBeLessThan(0);
  });
});

describe('random-direction envelopes', () => {
  const { net, theta, data } = plantedFixture(10);
  const dirs = dyadicDirections(net.paramCount, 12, 3);
  const alphas = [-0.1, -0.01, 0, 0.01, 0.1];

  // kills: a quantile taken from an unsorted column or at the wrong index, a base other than R(center) or the one given
  it('quantile q is element ⌊q·n⌋ of the sorted exact differences per step (float64, within 1e-12); 0 at α = 0', () => {
    const r0 = exactRisk(net, mse, theta, data);
    const env = directionEnvelope(net, mse, data, theta, dirs, alphas, [0, 0.5, 1]);
    const shifted = directionEnvelope(net, mse, data, theta, dirs, alphas, [0.5], r0.valueOf() + 1);
    alphas.forEach((a, j) => {
      const raw = dirs.map((d) =>
        exactRisk(
          net,
          mse,
          theta.map((x, i) => x.add(rational.fromNumber(a).mul(rational.fromNumber(d[i])))),
          data,
        )
          .sub(r0)
          .valueOf(),
      );
      const diffs = [...raw].sort((x, y) => x - y);
      // float64 forward passes of this 10-parameter net: each risk within 1e-12 of the exact one
      const near = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThan(1e-12);
      near(env.quantiles[0].values[j], diffs[0]);
      near(env.quantiles[1].values[j], diffs[Math.floor(diffs.length / 2)]);
      near(env.quantiles[2].values[j], diffs[diffs.length - 1]);
      near(shifted.quantiles[0].values[j], diffs[Math.floor(diffs.length / 2)] - 1);
      raw.forEach((x, d) => near(env.curves[d][j], x));
    });
    for (const q of env.quantiles) expect(q.values[2]).toBe(0);
  });

  // kills: Fraction.valueOf on a risk whose numerator and denominator overflow a double (NaN: no candidate ever)
  it('a scan around a point with huge exact entries still finds and confirms a lower point', () => {
    const tiny = new Fraction(1n, 3n ** 700n);
    const off = theta.map((x, i) => (i === 12 ? x.add(F('1/10')) : x.add(tiny)));
    const r = exactRisk(net, mse, off, data);
    expect(Number.isNaN(r.valueOf())).toBe(true);
    const sc = scanDirections(net, mse, data, off, r, dirs, { steps: [F('1/100'), F('1/1000')] });
    expect(sc.count).toBeGreaterThan(0);
    expect(sc.lower!.exactRisk.compare(r)).toBeLessThan(0);
    const env = directionEnvelope(net, mse, data, off, dirs, [0, 1 / 100], [0]);
    expect(env.quantiles[0].values[0]).toBe(0);
    expect(env.quantiles[0].values[1]).toBeLessThan(0);
  });
});

describe('descent witnesses from tool 1', () => {
  // kills: witnessT accepting R(θ(t)) = R(θ); descentAlong handing out an unchecked witness
  it('every witness of descentAlong is re-checked as it is made: strictly lower at a positive t', () => {
    const before = certifiedCount();
    const e = descentSearch(deep, mse, zero3, deepData).evidence;
    if (e.kind !== 'descent') throw new Error('expected a descent');
    expect(q(e.t).compare(0)).toBeGreaterThan(0);
    expect(q(e.riskAtT).compare(q(e.risk))).toBeLessThan(0);
    expect(recheckDescentEvidence(deep, mse, zero3, deepData, e)).toEqual([]);
    expect(certifiedCount()).toBeGreaterThan(before);
  });
});
