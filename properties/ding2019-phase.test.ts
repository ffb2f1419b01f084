// Ding, Li & Sun (2019), the phase table (src/claims/ding2019/phase.ts): its cells are registered
// claims whose expectations follow the paper where it speaks; the families' points and witnesses
// on small exact examples. The claims themselves run in ./ding2019.test.ts (claimTests('ding2019.')).
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { getClaim, tables } from '../src/claims/registry.js';
import { ding2019Tables, phaseClaims } from '../src/claims/ding2019/phase.js';
import { noBadMinimumAt, noBadMinimumByEvidence, oneSignCheck } from '../src/claims/ding2019/phase-families.js';
import { analyticPoint } from '../src/claims/ding2019/analytic.js';
import { relu } from '../src/model/activation.js';
import { exactRisk, squaredLoss } from '../src/model/index.js';
import { verdictTable } from '../src/report/sections.js';
import {
  lowestFit,
  oneSignPoint,
  pointAtZero,
  quadraticParallelInputs,
  shallowNet,
} from '../src/papers/ding2019/index.js';

const F = (a: number, b = 1) => new Fraction(a, b);
const sse = squaredLoss({ reduction: 'sum' });

describe('the phase table', () => {
  const [spec] = ding2019Tables;

  it('has one registered claim per cell, 6 activations × N = 1..6, tanh at N = 2 left empty', () => {
    expect(tables.map((t) => t.id)).toContain('ding2019.table.phase');
    expect(spec.rows).toHaveLength(6);
    expect(spec.columns).toEqual([1, 2, 3, 4, 5, 6].map((n) => `N = m = ${n}`));
    expect(spec.cells).toHaveLength(35);
    for (const c of spec.cells) expect(getClaim(c.claim), c.claim).toBeDefined();
    expect(spec.cells.find((c) => c.row === 'tanh' && c.column === 'N = m = 2')).toBeUndefined();
    expect(phaseClaims.map((c) => c.id)).toEqual(spec.cells.map((c) => c.claim));
  });

  it('expects what the paper says where it speaks, ours where it is silent, in every cell', () => {
    // (expected, example) per cell, from the note's §4 ("Phase transition (the paper's claim)") and
    // activation table: 'none' holds; 'paper' / 'ours' are refuted by an example the paper asserts / is silent on
    const P = 'paper',
      O = 'ours',
      n = 'none';
    const want: Record<string, (string | null)[]> = {
      'one-plus-t-plus-t2': [n, O, P, P, P, P],
      exp: [n, n, P, P, P, P],
      softplus: [n, n, P, P, P, P],
      'leaky-relu': [n, O, O, O, O, O],
      relu: [P, O, O, O, O, O],
      tanh: [n, null, O, O, O, O],
    };
    // kills: an expectation or a paper position typed against the paper (e.g. softplus at N = 2 read as silent)
    for (const [row, cells] of Object.entries(want))
      cells.forEach((w, i) => {
        const id = `ding2019.phase.${row}.n${i + 1}`;
        const c = getClaim(id);
        if (w === null) return expect(c, id).toBeUndefined();
        expect(c!.expected, id).toBe(w === n ? 'holds' : 'refuted');
        expect(c!.example, id).toBe(w === n ? undefined : w);
        const speaks = w === P || (w === n && !(row === 'tanh' && i > 0));
        expect(c!.statement, id).toMatch(speaks ? /The paper: a bad local minimum/ : /the paper is silent/i);
      });
  });

  it('fills its cells from verdicts, never typed in', () => {
    const t = verdictTable(spec, [
      { id: 'ding2019.phase.exp.n3', verdict: 'refuted', strength: 'evidence' },
      { id: 'ding2019.phase.exp.n1', verdict: 'holds', strength: 'evidence' },
    ]);
    const row = t.cells[spec.rows.indexOf('exp')];
    expect(row[0]?.text).toBe('none found (numerical evidence)');
    expect(row[2]?.text).toBe('exists: float or decimal evidence');
    expect(row[3]?.outcome).toBe('not-run');
  });
});

describe('the phase families on small exact examples', () => {
  it('ReLU, N = m = 1, x = 1, y = 1, w = −1 (dead): a certified local minimum with E = 1 > 0 = E(w = 1, v = 1)', () => {
    const act = relu();
    const p = oneSignPoint(act, [F(1)], [F(1)], -1, [F(1)]);
    expect(p.theta.map((q) => q.toFraction())).toEqual(['-1', '0']);
    expect(exactRisk(shallowNet(act, 1), sse, p.theta, p.data).toFraction()).toBe('1');
    expect(lowestFit(act, p.data, 1).residual.toFraction()).toBe('0');
    const out = oneSignCheck(act)({ x: [F(1)], y: [F(1)], sign: -1, magnitudes: [F(1)] });
    expect(out.ok).toBe(false);
    expect(out.strength).toBe('refuted');
  });

  it('a certified local minimum with no lower point known does not refute (w = 1 fits y = x exactly)', () => {
    // kills: a check that refutes every certified minimum, global ones included
    const act = relu();
    const out = oneSignCheck(act)({ x: [F(1)], y: [F(1)], sign: 1, magnitudes: [F(1)] });
    expect(out.ok).toBe(true);
    // and a point that is not a minimum is decided exactly by the toolkit's descent
    const p = oneSignPoint(act, [F(1)], [F(1)], 1, [F(1)]);
    const notMin = noBadMinimumAt(shallowNet(act, 1), [F(1), F(1, 2)], p.data, lowestFit(act, p.data, 1));
    expect(notMin).toEqual({ ok: true, strength: 'proved' });
  });

  it('σ = 1 + t + t²: t₁ = 1, ω = 1 gives the note’s G6 inputs x = (1, −1); t₁ = 2, ω = 2: x = (1, −5/8)', () => {
    expect(quadraticParallelInputs(F(1), F(1))!.map((q) => q.toFraction())).toEqual(['1', '-1']);
    expect(quadraticParallelInputs(F(2), F(2))!.map((q) => q.toFraction())).toEqual(['1', '-5/8']);
    expect(quadraticParallelInputs(F(-2), F(1))).toBeNull();
  });
});

describe('the analytic cells decide by their evidence', () => {
  it('exp, N = 3: the construction’s point refutes (evidence); with the output weights’ sign flipped (a saddle) it does not', () => {
    // kills: a check that refutes whenever the optimiser finds a lower point, whatever the second-order evidence
    const x = [F(-1), F(0), F(1)];
    const p = analyticPoint('exp', x, F(1), [F(1), F(1), F(1)])!;
    const out = noBadMinimumByEvidence(p);
    expect(out.ok).toBe(false);
    expect(out.strength).toBe('evidence');
    const flipped = pointAtZero(
      p.net.layers[0].activation,
      F(1),
      x,
      p.dy,
      p.v.map((v) => v.neg()),
    );
    expect(noBadMinimumByEvidence(flipped)).toEqual({ ok: true, strength: 'evidence' });
  });
});
