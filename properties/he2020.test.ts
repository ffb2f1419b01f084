// He, Wang, Tao (ICLR 2020): registered claims, and golden values from the
// note's §6 (derived there by hand, exact); reproduced here from the constructions.
import { describe, expect, it } from 'vitest';
import type { Fraction } from 'fraction.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimTests } from './helpers/claims.js';
import { runClaim } from '../src/claims/runner.js';
import { theorem2Trained } from '../src/claims/he2020/theorem2-trained.js';
import { dataset, exactOutputs, exactRisk, hardTanh, twoPiece } from '../src/model/index.js';
import {
  assumption4Kink,
  corollary3Point,
  gA,
  theorem2Design,
  theorem2Net,
  deepNet,
  defaultEta,
  lemma4Point,
  lemma5Point,
  lemma7Split,
  liftToPwl,
  linearFit,
  mse,
  oneHidden,
  theorem4Point,
  theorem5Point,
} from '../src/papers/he2020/index.js';
import { listCounterexamples } from '../src/store/counterexamples.js';
import { analyseLocalMin } from '../src/landscape/index.js';
import { toRat } from '../src/numeric/index.js';

claimTests('he2020.');

const strs = (xs: Fraction[]) => xs.map((x) => x.toFraction());

describe('he2020 goldens (note §6)', () => {
  it('G1: leaky (1/2, 1), Lemma 7 case β = 0', () => {
    const d = dataset([[0], [1], [2], [3]], [[0], [1], [0], [1]]);
    const fit = linearFit(d);
    expect(strs(fit.W[0])).toEqual(['1/5', '1/5']);
    expect(strs(fit.Ylin[0])).toEqual(['1/5', '2/5', '3/5', '4/5']);
    expect(fit.fStar.toFraction()).toBe('1/5');
    expect(strs(fit.V[0])).toEqual(['2/5', '-6/5', '6/5', '-2/5']);
    const net = oneHidden(1, 2, 1, twoPiece('1/2', 1));
    const th = lemma4Point(fit, 1, 2, toRat(1), toRat(-1));
    expect(strs(th)).toEqual(['1/5', '0', '6/5', '1', '1', '0', '-1']); // W1 = [1/5; 0], b1 = [6/5; 1], W2 = [1, 0], b2 = −1
    expect(strs(lemma5Point(fit, 1, [2], toRat(1), toRat(-1)))).toEqual(strs(th)); // Lemma 5 with one hidden layer is Lemma 4
    expect(exactRisk(net, mse, th, d).toFraction()).toBe('1/5');
    expect(analyseLocalMin(net, mse, th, d, { noProbes: true }).strength).toBe('proved');
    const split = lemma7Split(fit.V[0], fit.Ylin[0], d.inputs)!;
    expect(split).toMatchObject({ I: [0], betaZero: true });
    const t = theorem4Point(d, fit, net, toRat('1/2'), toRat(1))!;
    expect(strs(t.theta)).toEqual(['1/5', '-1/5', '-1/20', '3/20', '2/3', '-2/3', '3/10']);
    expect(strs(exactOutputs(net, t.theta, d).map((r) => r[0]))).toEqual(['11/60', '5/12', '37/60', '49/60']);
    expect(t.risk.toFraction()).toBe('709/3600');
  });

  it('G2: ReLU, Lemma 7 case β ≠ 0 (tie broken by the smallest index), α = 1/64', () => {
    const d = dataset([[-2], [-1], [1], [2]], [[1], [0], [0], [1]]);
    const fit = linearFit(d);
    expect(strs(fit.W[0])).toEqual(['0', '1/2']);
    expect(fit.fStar.toFraction()).toBe('1/4');
    expect(strs(fit.V[0])).toEqual(['-1', '1', '1', '-1']);
    const net = oneHidden(1, 2, 1, twoPiece(0, 1));
    expect(strs(lemma4Point(fit, 1, 2, toRat(1), toRat(-1)))).toEqual(['0', '0', '3/2', '1', '1', '0', '-1']);
    const split = lemma7Split(fit.V[0], fit.Ylin[0], d.inputs)!;
    expect(split).toMatchObject({ I: [0], betaZero: false });
    expect(strs(split.beta)).toEqual(['-2']);
    const t = theorem4Point(d, fit, net, toRat(0), toRat(1))!;
    expect(t.alpha.toFraction()).toBe('1/64'); // the first α = 2^-p below 1/33
    expect(strs(t.theta)).toEqual(['1/32', '-1/32', '5/128', '-7/128', '1', '-1', '29/64']);
    expect(strs(exactOutputs(net, t.theta, d).map((r) => r[0]))).toEqual(['57/128', '59/128', '67/128', '71/128']);
    expect(t.risk.toFraction()).toBe('4065/16384');
    expect(defaultEta(fit).toFraction()).toBe('-1');
  });

  it('G3: Corollary 3, h = |x|, d1 = 3, data of G2, α = 1/64, η = −1/2', () => {
    const d = dataset([[-2], [-1], [1], [2]], [[1], [0], [0], [1]]);
    const fit = linearFit(d);
    const net = oneHidden(1, 3, 1, twoPiece(-1, 1));
    const c = corollary3Point(d, fit, net, toRat(1), toRat('-1/2'), 60, 6)!;
    expect(c.gamma.toFraction()).toBe('-1/128');
    expect(strs(c.theta)).toEqual(['1/32', '0', '-1/32', '5/128', '1', '-7/128', '1/2', '1', '-1/2', '-1/2']);
    expect(strs(exactOutputs(net, c.theta, d).map((r) => r[0]))).toEqual(['65/128', '63/128', '63/128', '63/128']);
    expect(c.risk.toFraction()).toBe('4033/16384');
  });

  it('G4: deep, widths [1, 2, 2, 1], ReLU, data of G2: Lemma 5 and Theorem 5', () => {
    const d = dataset([[-2], [-1], [1], [2]], [[1], [0], [0], [1]]);
    const fit = linearFit(d);
    const net = deepNet(1, [2, 2], 1, twoPiece(0, 1));
    const th = lemma5Point(fit, 1, [2, 2], toRat(1), toRat(-1));
    expect(strs(th)).toEqual(['0', '0', '3/2', '1', '1', '0', '0', '1', '0', '0', '1', '0', '-1']);
    expect(exactRisk(net, mse, th, d).toFraction()).toBe('1/4');
    expect(analyseLocalMin(net, mse, th, d, { noProbes: true }).strength).toBe('proved');
    const t = theorem5Point(d, fit, [2, 2], toRat(0), toRat(1))!;
    // layer 2: W2 = [[1, −1], [0, 0]], b2 = [29/64 + 1; 1] (λ = 1); output W3 = [1, 0], b3 = −1
    expect(strs(t.theta.slice(4))).toEqual(['1', '-1', '0', '0', '93/64', '1', '1', '0', '-1']);
    expect(t.risk.toFraction()).toBe('4065/16384');
  });

  it('G5: hard-tanh lifted at t = −1 (Lemma 6 with c = 1/2, the better point with c = 1)', () => {
    const d = dataset([[-2], [-1], [1], [2]], [[1], [0], [0], [1]]);
    const fit = linearFit(d);
    const h = hardTanh();
    const k = assumption4Kink(h)!;
    expect([k.t.toFraction(), k.sMinus.toFraction(), k.sPlus.toFraction(), k.sigma.toFraction(), k.eps]).toEqual([
      '-1',
      '0',
      '1',
      '2',
      1,
    ]);
    const net = oneHidden(1, 2, 1, h);
    const lm = liftToPwl(lemma4Point(fit, 1, 2, toRat(1), toRat(-1)), 1, [2], 1, h, k, d, toRat('1/2'));
    expect(strs(lm.theta)).toEqual(['0', '0', '-1/4', '-1/2', '2', '0', '1']);
    expect(exactRisk(net, mse, lm.theta, d).toFraction()).toBe('1/4');
    expect(analyseLocalMin(net, mse, lm.theta, d, { noProbes: true }).strength).toBe('proved');
    const t4 = theorem4Point(d, fit, oneHidden(1, 2, 1, twoPiece(0, 1)), toRat(0), toRat(1))!;
    const better = liftToPwl(t4.theta, 1, [2], 1, h, k, d, toRat(1));
    expect(strs(better.theta)).toEqual(['1/32', '-1/32', '-123/128', '-135/128', '1', '-1', '29/64']);
    expect(exactRisk(net, mse, better.theta, d).toFraction()).toBe('4065/16384');
    expect(() => liftToPwl(t4.theta, 1, [2], 1, h, k, d, toRat(100))).toThrow(/must satisfy 0 < c·max\|Z′\| < σ/);
  });

  it('G6: duplicate inputs (Assumption 2 fails): no Lemma 7 split exists', () => {
    const d = dataset([[0], [0], [1]], [[0], [1], ['1/2']]);
    const fit = linearFit(d);
    expect(fit.fStar.toFraction()).toBe('1/6');
    expect(strs(fit.V[0])).toEqual(['1', '-1', '0']);
    expect(lemma7Split(fit.V[0], fit.Ylin[0], d.inputs)).toBeNull();
  });
});

describe("he2020 G7: Theorem 3's uniqueness of Q fails when X̂ is rank-deficient", () => {
  it('two certified local minima in one cell with equal risk 5/2 and different Q', () => {
    const d = dataset([[1], [2]], [[4], [3]]);
    const net = theorem2Net(1, 2, twoPiece(0, 1));
    const th = [toRat(1), toRat(1), toRat(1), toRat(1)]; // W1 = [1; 1], W2 = [1, 1]
    const th2 = [toRat('3/2'), toRat('1/2'), toRat(1), toRat(1)];
    const D = theorem2Design(1, 2, toRat(0), toRat(1), th, d.inputs)!;
    const D2 = theorem2Design(1, 2, toRat(0), toRat(1), th2, d.inputs)!;
    expect(D.Xhat.map((r) => strs(r))).toEqual([
      ['1', '2'],
      ['1', '2'],
    ]);
    expect(strs(D.Q)).toEqual(['1', '1']);
    expect(strs(D2.Q)).toEqual(['3/2', '1/2']);
    expect(exactRisk(net, mse, th, d).toFraction()).toBe('5/2');
    expect(exactRisk(net, mse, th2, d).toFraction()).toBe('5/2');
    expect(gA(D.Q, D.Xhat, [toRat(4), toRat(3)]).toFraction()).toBe('5/2');
    expect(analyseLocalMin(net, mse, th, d, { noProbes: true }).strength).toBe('proved');
    expect(analyseLocalMin(net, mse, th2, d, { noProbes: true }).strength).toBe('proved');
  });
});

describe('he2020 negative controls fail in their specific way', () => {
  it.each([
    ['he2020.control.duplicate-inputs', 'global-bound'],
    ['he2020.control.affine-labels', 'global-bound'],
    ['he2020.control.linear-activation', 'global-certificate'],
  ])('%s: every saved counterexample fails with reason %s', (id, reason) => {
    const files = listCounterexamples(undefined, id);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f.ok).toBe(true);
      if (f.ok) expect((f.cex.failure.evidence as { reason: string }).reason).toBe(reason);
    }
  });
});

describe('he2020 Theorem 2 on trained networks: the tally', () => {
  // kills: counts not carried by the outcomes, or an instance accepted without a certified interior minimum
  it('every run is counted once, and every instance checked has a certified cell-wise global minimum', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spurious-trained-'));
    const r = runClaim(theorem2Trained, { dir, runs: 6, seed: 7 });
    expect(r.verdict).toBe('holds');
    const t = r.tally!;
    expect(t.runs).toBe(8 * r.runs);
    const ends = [
      'cell-global',
      'interior-exact-descent',
      'interior-undecided',
      'interior-snapped-to-boundary',
      'boundary',
      'saddle',
      'not-converged',
    ];
    expect(ends.reduce((s, k) => s + (t[k] ?? 0), 0)).toBe(t.runs);
    expect(t['cell-global']).toBeGreaterThanOrEqual(r.runs);
    expect((t.spurious ?? 0) + (t['no-lower-found'] ?? 0)).toBe(t['cell-global']);
  }, 120_000);
});
