// The independent re-checks of cell proofs (src/landscape/recheck-cells.ts) refuse each single tampering of a
// proof they were handed, in words that name it (issue 20, part 2: mutants of the checks survived because no test
// handed them such a proof). A re-check that lets a tampered proof through would let a wrong verdict through.
import { describe, expect, it } from 'vitest';
import { analyseLocalMin, boundaryKkt, patternClassBound, recheck, type Verdict } from '../../src/landscape/index.js';
import { recheckBoundaryKkt } from '../../src/landscape/recheck-cells.js';
import type { BoundaryKktEvidence, CellBoundEvidence, DescentEvidence } from '../../src/landscape/verdict.js';
import {
  activationPattern,
  buildNetwork,
  dataset,
  fcNetwork,
  linear,
  relu,
  squaredLoss,
} from '../../src/model/index.js';
import { toRats } from '../../src/numeric/index.js';
import { linearRegressionFixture, liuG3, plantedFixture } from '../helpers/landscape.js';

const mse = squaredLoss();

describe('a pattern-class proof, tampered', () => {
  const { net, theta, data } = plantedFixture();
  const proof = patternClassBound(net, mse, theta, data) as Verdict<CellBoundEvidence>;
  const groups = proof.evidence.groups!;
  it('is a proof that re-checks, with a group of at least two samples and at least two groups', () => {
    expect(proof.strength).toBe('proved');
    expect(recheck(proof, net, mse, theta, data)).toEqual([]);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups.some((g) => g.samples.length >= 2)).toBe(true);
  });
  it('one group split in two with the same pattern: "two groups share a pattern"', () => {
    const t = structuredClone(proof);
    const k = t.evidence.groups!.findIndex((g) => g.samples.length >= 2);
    const g = t.evidence.groups![k];
    t.evidence.groups!.splice(k, 1, { ...g, samples: g.samples.slice(0, 1) }, { ...g, samples: g.samples.slice(1) });
    expect(recheck(t, net, mse, theta, data)).toContain('two groups share a pattern');
  });
  it('a stored risk that is not R(θ)', () => {
    const t = structuredClone(proof);
    t.evidence.risk = '12345';
    expect(recheck(t, net, mse, theta, data).join(' ')).toMatch(/R\(θ\) is .*, not the stored 12345/);
  });
  it('a sample moved to another group: named by its 1-based number and both patterns', () => {
    const t = structuredClone(proof);
    const [a, b] = t.evidence.groups!;
    const i = a.samples.pop()!;
    b.samples.push(i);
    expect(recheck(t, net, mse, theta, data)).toContain(`sample ${i + 1} has pattern ${a.pattern}, not ${b.pattern}`);
  });
});

describe('a boundary KKT proof, tampered', () => {
  // Liu G3 (properties/unit/boundary-kkt.test.ts): a strict minimum on a cell boundary, R = 2/5
  const { net, theta, data: d } = liuG3();
  const proof = boundaryKkt(net, mse, theta, d) as Verdict<BoundaryKktEvidence>;
  it('a stored risk that is not R(θ)', () => {
    expect(recheck(proof, net, mse, theta, d)).toEqual([]);
    const t = structuredClone(proof);
    t.evidence.risk = '1/3';
    expect(recheck(t, net, mse, theta, d)).toContain('R(θ) is 2/5, not the stored 1/3');
  });
  it('more kink entries than the certificate enumerates is refused before anything else', () => {
    // 1-2-1 ReLU with zero first layer: both units at their kink on all 11 samples, 22 > 20 entries
    const wide = fcNetwork([1, 2, 1], relu(), false);
    const xs = Array.from({ length: 11 }, (_, i) => [i + 1]);
    const dd = dataset(
      xs,
      xs.map(([x]) => [x % 2]),
    );
    const th = toRats([0, 0, 1, 1]);
    const pat = activationPattern(wide, th, dd);
    expect(pat.kinks).toHaveLength(22);
    const kinks = pat.kinks.map(({ layer, unit, sample }) => ({ layer, unit, sample }));
    const e = { kind: 'boundary-kkt', risk: '0', kinks, sides: [], dropped: [] } as unknown as BoundaryKktEvidence;
    expect(recheckBoundaryKkt(wide, mse, th, dd, e)).toEqual(['too many kink entries']);
    // and the verdict at that point is still decided (by other means), with its own evidence re-checked
    const v = analyseLocalMin(wide, mse, th, dd, { noProbes: true });
    expect(recheck(v, wide, mse, th, dd)).toEqual([]);
  });
});

describe('re-checks of cell proofs, two more tamperings', () => {
  // kills: recheck-cells.ts, the mixed-group test dropped (`new Set(…).size > 1` → `false`): each stray sample is
  // named, but the group's own fault is not
  it('a pattern-class group given a sample of another pattern: the group is named as mixing patterns', () => {
    const { net, theta, data } = plantedFixture();
    const t = structuredClone(patternClassBound(net, mse, theta, data) as Verdict<CellBoundEvidence>);
    const [a, b] = t.evidence.groups!;
    b.samples.push(a.samples.pop()!);
    expect(recheck(t, net, mse, theta, data)).toContain(`group ${b.pattern} mixes patterns`);
  });
  // kills: recheck-cells.ts, the breakpoint test `pat.kinks.some((k) => k.at.n !== 0n)` → `every` (true for no kinks)
  it('a boundary KKT certificate with no kink entries (an interior critical point, one side) re-checks', () => {
    // Liu's 2-1-1 ReLU net without biases, θ = (w₁, w₂, z) = (1, 0, 1), one sample x = (1, 1), y = 1:
    // w·x = 1 > 0 (no kink), f = 1 = y, so R = 0 and ∇Q = 0 in the lifted variables z·w (two of them); the empty
    // list of sides has one member (no choices), with no multipliers
    const net = fcNetwork([2, 1, 1], relu(), false);
    const th = toRats([1, 0, 1]);
    const dd = dataset([[1, 1]], [[1]]);
    expect(activationPattern(net, th, dd).kinks).toEqual([]);
    const e = {
      kind: 'boundary-kkt',
      risk: '0',
      kinks: [],
      sides: [{ sides: [], gradient: ['0', '0'], multipliers: [] }],
      dropped: [],
    } as BoundaryKktEvidence;
    expect(recheckBoundaryKkt(net, mse, th, dd, e)).toEqual([]);
    // and a wrong gradient is found, past the kink tests
    const bad = { ...e, sides: [{ sides: [], gradient: ['0', '1'], multipliers: [] }] } as BoundaryKktEvidence;
    expect(recheckBoundaryKkt(net, mse, th, dd, bad)).toEqual(['side : the stored gradient is not ∇Q at θ']);
  });
});

describe('re-checks handed malformed proofs: each is refused in its own words', () => {
  // kills: recheck.ts, the curve's length test (`curve.length !== theta.length` → `false`)
  it('a descent whose curve has one coordinate fewer than θ', () => {
    const { net, data } = linearRegressionFixture();
    const th = toRats([0, 0, 0]);
    const v = analyseLocalMin(net, mse, th, data, { noProbes: true }) as Verdict<DescentEvidence>;
    expect([v.strength, v.evidence.kind]).toEqual(['refuted', 'descent']);
    expect(recheck(v, net, mse, th, data)).toEqual([]);
    const t = structuredClone(v);
    t.evidence.curve.pop();
    expect(recheck(t, net, mse, th, data)).toEqual(['the curve has 2 coordinates, θ has 3']);
  });

  const planted = plantedFixture();
  const proof = patternClassBound(planted.net, mse, planted.theta, planted.data) as Verdict<CellBoundEvidence>;
  // kills: recheck-cells.ts, the interior test (`!pat.interior` → `false`)
  it('a pattern-class proof read at θ = 0, where every pre-activation is at its kink', () => {
    const zero = planted.theta.map(() => toRats([0])[0]);
    expect(activationPattern(planted.net, zero, planted.data).interior).toBe(false);
    expect(recheck(proof, planted.net, mse, zero, planted.data)).toEqual(['θ is not strictly inside a cell']);
  });

  // Liu's G3 with the constant input written as layer 1's bias (1-1-1 ReLU, no output bias): x = 0, −4, −2,
  // y = 1, −1, 1, θ = (w, b, z) = (3/10, 6/5, 1), sample 2 on the kink (−4·3/10 + 6/5 = 0), R = 2/5; the normal of
  // that kink is ±(x₂, 1) = ±(−4, 1) in the unit's block of two lifted rows (weight and bias)
  const biased = buildNetwork({
    input: { channels: 1, height: 1, width: 1 },
    layers: [
      { kind: 'dense', units: 1, activation: relu() },
      { kind: 'dense', units: 1, bias: false, activation: linear() },
    ],
  });
  const g3 = liuG3();
  const th = toRats(['3/10', '6/5', 1]);
  const d = dataset(
    g3.data.inputs.map((x) => [x[0]]),
    g3.data.targets,
  );
  const kkt = boundaryKkt(biased, mse, th, d) as Verdict<BoundaryKktEvidence>;
  // kills: recheck-cells.ts, the block width `l1.inDim + (bias ? 1 : 0)` → `−` (the normals would be built in
  // blocks of 0 rows, all zero, and the positive multipliers 2/15 and 8/15 would not reproduce ∇Q)
  it('a boundary KKT proof with a bias in the hidden layer re-checks (its multipliers are positive)', () => {
    expect(kkt.strength).toBe('proved');
    expect(kkt.evidence.sides.map((s) => s.multipliers)).toEqual([['2/15'], ['8/15']]);
    expect(recheck(kkt, biased, mse, th, d)).toEqual([]);
  });
  // kills: recheck-cells.ts, `side.multipliers?.map` → `side.multipliers.map` (a side stored without multipliers
  // would throw instead of being named)
  it('a boundary KKT side stored with no multipliers (null) is named', () => {
    const t = structuredClone(kkt);
    t.evidence.sides[1].multipliers = null;
    expect(recheck(t, biased, mse, th, d)).toEqual(['side right: no multipliers for its 1 constraints']);
  });
});

describe('the pattern-class re-check, a sample that is not one', () => {
  // kills: the early return after the partition test (a defect, fixed: it recorded the error, went on, and
  // read data.inputs[−1], a TypeError)
  it('a group naming sample −1, or 1.5, is refused in words, not by a TypeError', () => {
    const { net, theta, data } = plantedFixture();
    const proof = patternClassBound(net, mse, theta, data) as Verdict<CellBoundEvidence>;
    expect(recheck(proof, net, mse, theta, data)).toEqual([]);
    for (const bad of [-1, 1.5]) {
      const t = structuredClone(proof);
      t.evidence.groups![0].samples[0] = bad;
      expect(recheck(t, net, mse, theta, data)).toEqual(['the groups do not list every sample exactly once']);
    }
  });
});
