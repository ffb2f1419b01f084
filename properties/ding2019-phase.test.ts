// Ding, Li & Sun (2019), the phase table (src/claims/ding2019/phase.ts): its cells are registered
// claims whose expectations follow the paper where it speaks; the families' points and witnesses
// on small exact examples. The claims themselves run in ./ding2019.test.ts (claimTests('ding2019.')).
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { getClaim, tables } from '../src/claims/registry.js';
import { ding2019Tables, phaseClaims } from '../src/claims/ding2019/phase.js';
import { noBadMinimumAt, oneSignCheck } from '../src/claims/ding2019/phase-families.js';
import { relu } from '../src/model/activation.js';
import { exactRisk, squaredLoss } from '../src/model/index.js';
import { verdictTable } from '../src/report/sections.js';
import { lowestFit, oneSignPoint, quadraticParallelInputs, shallowNet } from '../src/papers/ding2019/index.js';

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

  it('expects what the paper says where it speaks, and marks the examples the paper asserts', () => {
    // kills: an expectation typed against the paper (N = 1 under A4, N = 2 under A5, N ≥ 3 under Theorem 5)
    const exp = (id: string) => getClaim(`ding2019.phase.${id}`)!;
    for (const id of ['exp.n1', 'exp.n2', 'softplus.n2', 'one-plus-t-plus-t2.n1', 'leaky-relu.n1', 'tanh.n1'])
      expect(exp(id).expected, id).toBe('holds');
    for (const id of ['exp.n3', 'softplus.n6', 'one-plus-t-plus-t2.n3', 'relu.n1']) {
      expect(exp(id).expected, id).toBe('refuted');
      expect(exp(id).example, id).toBe('paper');
    }
    for (const id of ['one-plus-t-plus-t2.n2', 'leaky-relu.n2', 'relu.n4', 'tanh.n3']) {
      expect(exp(id).expected, id).toBe('refuted');
      expect(exp(id).example, id).toBe('ours');
      expect(exp(id).statement, id).toMatch(/the paper is silent/i);
    }
  });

  it('fills its cells from verdicts, never typed in', () => {
    const t = verdictTable(spec, [
      { id: 'ding2019.phase.exp.n3', verdict: 'refuted', strength: 'evidence' },
      { id: 'ding2019.phase.exp.n1', verdict: 'holds', strength: 'evidence' },
    ]);
    const row = t.cells[spec.rows.indexOf('exp')];
    expect(row[0]?.text).toBe('none found (float evidence)');
    expect(row[2]?.text).toBe('exists: decimal evidence');
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
