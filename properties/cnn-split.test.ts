// CNN paper, the data split of Lemmas 2/3 (eqs. 7, 8, 31) and the threshold
// rule: golden values from the note's §6 (G1, G4, G5), exact.
import { describe, expect, it } from 'vitest';
import type { Fraction } from 'fraction.js';
import { toRat } from '../src/numeric/index.js';
import { claimTests } from './helpers/claims.js';
import {
  lemma2ThresholdAttainable,
  lemma2ThresholdCorrected,
  lemma2ThresholdMidpoint,
} from '../src/claims/cnn/lemma2-threshold.js';
import { lemma3AsPrinted, lemma3SmallCases } from '../src/claims/cnn/lemma3.js';
import {
  firstNonzeroGroup,
  groupsAt,
  paperMidpointThreshold,
  selectThreshold,
  splitSums,
} from '../src/papers/cnn/index.js';

const Fs = (xs: (number | string)[]) => xs.map((x) => toRat(x));
const table = (rows: number[][]) => rows.map((r) => r.map((x) => toRat(x)));
const strs = (xs: Fraction[]) => xs.map((x) => x.toFraction());

describe('cnn split goldens (note §6)', () => {
  // G1: N = 4, P = 3, b = 0 so v = x; u = o − y
  const g1v = table([
    [3, 1, 1],
    [3, 1, 4],
    [2, 1, 1],
    [1, 3, 2],
  ]);
  const g1u = Fs([0, 6, -3, -3]);

  it('G1: groups per location (value: samples, sum)', () => {
    const show = (j: number) =>
      groupsAt(
        g1v.map((r) => r[j]),
        g1u,
      ).map((g) => `${g.value.toFraction()}:{${g.members.map((i) => i + 1).join(',')}}:${g.sum.toFraction()}`);
    expect(show(0)).toEqual(['3:{1,2}:6', '2:{3}:-3', '1:{4}:-3']);
    expect(show(1)).toEqual(['3:{4}:-3', '1:{1,2,3}:3']);
    expect(show(2)).toEqual(['4:{2}:6', '2:{4}:-3', '1:{1,3}:-3']);
    const f = [0, 1, 2].map((j) =>
      firstNonzeroGroup(
        g1v.map((r) => r[j]),
        g1u,
      )!,
    );
    expect(f.map((x) => [x.index, x.upper.toFraction(), x.lower.toFraction(), x.sum.toFraction()])).toEqual([
      [0, '3', '2', '6'],
      [0, '3', '1', '-3'],
      [0, '4', '2', '6'],
    ]);
  });

  it('G1: corrected rule picks location 3 and η = 7/2; the paper midpoint gives η = 3, which collides with v = 3', () => {
    const s = selectThreshold(g1v, g1u);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect([s.h, s.eta.toFraction(), s.lower.toFraction(), s.upper.toFraction(), s.groupSum.toFraction()]).toEqual([
      2,
      '7/2',
      '3',
      '4',
      '6',
    ]);
    expect(strs(splitSums(g1v, g1u, s.eta))).toEqual(['0', '0', '6']);
    const p = paperMidpointThreshold(g1v, g1u)!;
    expect([p.h, p.eta.toFraction()]).toEqual([2, '3']);
    expect(g1v.flat().some((x) => x.equals(p.eta))).toBe(true);
    // avoiding 7/2 (e.g. −b = 7/2) bisects toward V_h = 4
    const s2 = selectThreshold(g1v, g1u, [toRat('7/2')]);
    expect(s2.ok && s2.eta.toFraction()).toBe('15/4');
  });

  it('G5: the paper picks η = 15/2 at B with S_A = 1 ≠ 0; the corrected rule picks A and η = 9', () => {
    // rows = samples, columns = (A, B)
    const v = table([
      [10, 8],
      [0, 7],
    ]);
    const u = Fs([1, -1]);
    const p = paperMidpointThreshold(v, u)!;
    expect([p.h, p.eta.toFraction()]).toEqual([1, '15/2']);
    expect(strs(splitSums(v, u, p.eta))).toEqual(['1', '1']);
    const s = selectThreshold(v, u);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect([s.h, s.eta.toFraction(), s.lower.toFraction(), s.upper.toFraction()]).toEqual([0, '9', '8', '10']);
    expect(strs(splitSums(v, u, s.eta))).toEqual(['1', '0']);
  });

  it('G4: no location has a nonzero group sum (no split)', () => {
    const v = table([
      [5, 5],
      [5, 0],
      [0, 0],
      [0, 5],
    ]);
    const u = Fs([1, -1, 1, -1]);
    expect(
      firstNonzeroGroup(
        v.map((r) => r[0]),
        u,
      ),
    ).toBeNull();
    expect(
      firstNonzeroGroup(
        v.map((r) => r[1]),
        u,
      ),
    ).toBeNull();
    expect(selectThreshold(v, u).ok).toBe(false);
    expect(paperMidpointThreshold(v, u)).toBeNull();
  });

  it('ties of the largest upper end are reported, not broken silently', () => {
    const v = table([
      [2, 2],
      [0, 0],
    ]);
    const s = selectThreshold(v, Fs([1, -1]));
    expect(s.ok).toBe(false);
  });
});

describe("cnn split claims on the note's fixed examples", () => {
  const g4 = {
    v: table([
      [5, 5],
      [5, 0],
      [0, 0],
      [0, 5],
    ]),
    u: Fs([1, -1, 1, -1]),
  };
  const g5 = {
    v: table([
      [10, 8],
      [0, 7],
    ]),
    u: Fs([1, -1]),
  };
  it("G4 meets Lemma 3's hypotheses and fails its conclusion; it is outside the small cases", () => {
    expect(lemma3AsPrinted.detect(g4)).toBeNull();
    const o = lemma3AsPrinted.check(g4);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.computed).toContain('every group sum is 0');
    expect(lemma3SmallCases.detect(g4)).toMatch(/N ≥ 4 and M ≥ 2/);
    // dropping sample 4 (and rebalancing u) brings it into the small cases, where a nonzero group appears
    const g3 = { v: g4.v.slice(0, 3), u: Fs([1, -1, 0]) };
    expect(lemma3SmallCases.detect(g3)).toBeNull();
    expect(lemma3SmallCases.check(g3).ok).toBe(true);
  });
  it("G5: the paper's midpoint rule fails eq. (8); the corrected rule passes on the same input", () => {
    expect(lemma2ThresholdMidpoint.detect(g5)).toBeNull();
    const o = lemma2ThresholdMidpoint.check(g5);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.computed).toContain('S_1(η) = 1');
    const c = { ...g5, avoid: [toRat(9)] };
    expect(lemma2ThresholdCorrected.detect(c)).toBeNull();
    expect(lemma2ThresholdCorrected.check(c).ok).toBe(true);
  });
  it('ties of the largest V: eq. (8) unattainable for every η on two equal locations, but a tie alone does not always break it', () => {
    const tie = {
      v: table([
        [2, 2],
        [0, 0],
      ]),
      u: Fs([1, -1]),
    };
    expect(lemma2ThresholdAttainable.detect(tie)).toBeNull();
    expect(lemma2ThresholdCorrected.detect({ ...tie, avoid: [] })).toMatch(/attained at two locations/);
    const o = lemma2ThresholdAttainable.check(tie);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.computed).toContain('0 < η < 2: (1, 1)');
    // V tied at 5, but location 2's sum returns to 0 below 4 while location 1's stays 1: η = 3 attains eq. (8)
    const lower = {
      v: table([
        [5, 5],
        [0, 4],
        [1, 0],
      ]),
      u: Fs([1, -1, 0]),
    };
    expect(lemma2ThresholdAttainable.detect(lower)).toBeNull();
    expect(lemma2ThresholdAttainable.check(lower).ok).toBe(true);
    expect(strs(splitSums(lower.v, lower.u, toRat(3)))).toEqual(['1', '0']);
  });
  it('G1: the midpoint η = 3 collides with v = 3 at locations 1 and 2', () => {
    const g1 = {
      v: table([
        [3, 1, 1],
        [3, 1, 4],
        [2, 1, 1],
        [1, 3, 2],
      ]),
      u: Fs([0, 6, -3, -3]),
    };
    expect(lemma2ThresholdMidpoint.detect(g1)).toBeNull();
    const o = lemma2ThresholdMidpoint.check(g1);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.computed).toContain('equals v_1^1, v_2^1, v_4^2');
  });
});

// only this file's claims (cnn.lemma2.network-split lives in src/claims/cnn/lemma2-network.ts and is tested in cnn.test.ts)
claimTests('cnn.lemma2.split-iff-nonzero-group');
claimTests('cnn.lemma2.threshold-');
claimTests('cnn.lemma3.');
claimTests('cnn.lemma12-13.');
