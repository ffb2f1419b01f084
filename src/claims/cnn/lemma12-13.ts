/**
 * Lemmas 12/13 of "Spurious local minima provably exist for deep CNNs" (App. E;
 * G.6–G.7, eqs. 70–85): the cross-entropy algebra (standard softmax: u = p − y), exact.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { ONE, toRat } from '../../numeric/rational.js';
import { encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted } from '../define.js';
import { integer, rationalCodec } from '../schema.js';
import type { Outcome } from '../types.js';
import { paper } from './parts.js';

export interface CeValue {
  pi: Fraction;
  pj: Fraction;
  yi: number;
  yj: number;
  alpha: Fraction;
}

export const lemma1213CeAlgebra = paper.claim({
  id: 'cnn.lemma12-13.ce-algebra',
  section:
    'App. E Lemmas 12/13; App. G.6 eqs. (70)–(81), App. G.7 eqs. (82)–(85); Taylor expansion (72) with ∂u/∂o = p − p² (73), ∂²u/∂o² = (1 − 2p)(p − p²) (74)',
  title:
    'Lemmas 12/13: for cross-entropy, u_i = u_j or u_i + u_j = 0 with parallel features Q^i x_i = α Q^j x_j (α ≠ 0, 1) can be broken to first or second order unless α = −1',
  statement:
    "With u = p − y (standard softmax; the paper's e^{−o} convention in (69)–(70) flips the sign of u), p ∈ (0, 1), labels y ∈ {0, 1}, α ∉ {0, 1}: (i) u_i = u_j with different labels is impossible; (ii) with the same label, u_i = u_j forces p_i = p_j, and then (75) (p − p²)α = p − p² fails, so (75) and (76) never hold together with u_i = u_j (Lemma 12); (iii) u_i + u_j = 0 forces different labels and p_j = 1 − p_i, and then (82) −(p_i − p_i²)α = p_j − p_j² and (83) −(1 − 2p_i)α + (1 − 2p_j) = 0 both hold iff α = −1 (Lemma 13; α = −1 is excluded by Q x ≥ 0, Q x ≠ 0).",
  instance: instanceKind<CeValue>({
    generate: () => {
      const prob = fc
        .integer({ min: 2, max: 16 })
        .chain((den) => fc.integer({ min: 1, max: den - 1 }).map((k) => toRat(k).div(den)));
      const alpha = fc.oneof(
        fc.constant(toRat(-1)),
        fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: 1, max: 4 })).map(([a, b]) => toRat(a).div(b)),
      );
      return fc
        .record({
          pi: prob,
          other: prob,
          mode: fc.constantFrom('same', 'complement', 'free'),
          yi: fc.integer({ min: 0, max: 1 }),
          yj: fc.integer({ min: 0, max: 1 }),
          alpha,
        })
        .map(({ pi, other, mode, yi, yj, alpha }) => ({
          pi,
          pj: mode === 'same' ? pi : mode === 'complement' ? ONE.sub(pi) : other,
          yi,
          yj,
          alpha,
        }));
    },
    detect: (x) => {
      for (const p of [x.pi, x.pj])
        if (!(p.compare(0) > 0 && p.compare(1) < 0)) return `p = ${encQ(p)} is not in (0, 1)`;
      if (![0, 1].includes(x.yi) || ![0, 1].includes(x.yj)) return 'a label is not 0 or 1';
      if (x.alpha.n === 0n || x.alpha.equals(1)) return 'α ∈ {0, 1}';
      return null;
    },
    codec: z.object({ pi: rationalCodec, pj: rationalCodec, yi: integer, yj: integer, alpha: rationalCodec }),
    describe: (x) =>
      `sample i: p = ${encQ(x.pi)}, label ${x.yi}, u = ${encQ(x.pi.sub(x.yi))}\nsample j: p = ${encQ(x.pj)}, label ${x.yj}, u = ${encQ(x.pj.sub(x.yj))}\nQ^i x_i = α Q^j x_j with α = ${encQ(x.alpha)}`,
  }),
  hypotheses: [
    'p_i, p_j rationals in (0, 1) (p_j often equal to p_i or 1 − p_i so the antecedents occur)',
    'labels y_{i,1}, y_{j,1} ∈ {0, 1}',
    'α rational, α ∉ {0, 1} (α = −1 often)',
  ],
  runs: 400,
  check: (x) => {
    const ui = x.pi.sub(x.yi),
      uj = x.pj.sub(x.yj);
    const d1 = (p: Fraction) => p.sub(p.mul(p)); // (73)
    const d2r = (p: Fraction) => ONE.sub(p.mul(2)); // (74) / (73)
    const eq75 = d1(x.pi).mul(x.alpha).equals(d1(x.pj));
    const eq76 = d2r(x.pi).mul(x.alpha).equals(d2r(x.pj));
    const eq82 = d1(x.pi).mul(x.alpha).neg().equals(d1(x.pj));
    const eq83 = d2r(x.pi).mul(x.alpha).neg().add(d2r(x.pj)).n === 0n;
    // the second-order conditions as the paper states them before dividing by (73): ∂²u_i α² = ±∂²u_j
    const sec12 = d2r(x.pi)
      .mul(d1(x.pi))
      .mul(x.alpha.mul(x.alpha))
      .equals(d2r(x.pj).mul(d1(x.pj)));
    const sec13 = d2r(x.pi)
      .mul(d1(x.pi))
      .mul(x.alpha.mul(x.alpha))
      .equals(d2r(x.pj).mul(d1(x.pj)).neg());
    const facts = { ui: encQ(ui), uj: encQ(uj), eq75, eq76, eq82, eq83 };
    const fail = (claimed: string, computed: string): Outcome => refuted(claimed, computed, asJson(facts));
    const ctx = `p_i = ${encQ(x.pi)}, p_j = ${encQ(x.pj)}, labels ${x.yi}, ${x.yj}, α = ${encQ(x.alpha)}: u_i = ${encQ(ui)}, u_j = ${encQ(uj)}`;
    // (73)/(74) reduce (75)∧(second order) to (75)∧(76), and likewise for (82)/(83)
    if ((eq75 && sec12) !== (eq75 && eq76))
      return fail('given (75), the second-order condition is equivalent to (76)', ctx);
    if ((eq82 && sec13) !== (eq82 && eq83))
      return fail('given (82), the second-order condition is equivalent to (83)', ctx);
    if (x.yi !== x.yj && ui.equals(uj)) return fail('u_i = u_j is impossible with different labels', ctx);
    if (x.yi === x.yj && ui.equals(uj)) {
      if (!x.pi.equals(x.pj)) return fail('u_i = u_j with the same label forces p_i = p_j', ctx);
      if (eq75) return fail('with p_i = p_j, (75) (p − p²)α = p − p² fails for α ≠ 1', ctx);
    }
    if (ui.equals(uj) && eq75 && eq76) return fail('Lemma 12: u_i = u_j, (75) and (76) never hold together', ctx);
    if (ui.add(uj).n === 0n) {
      if (x.yi === x.yj) return fail('u_i + u_j = 0 forces different labels', ctx);
      if (!x.pj.equals(ONE.sub(x.pi))) return fail('u_i + u_j = 0 forces p_j = 1 − p_i', ctx);
      if ((eq82 && eq83) !== x.alpha.equals(-1))
        return fail('(82) and (83) both hold iff α = −1', `${ctx}; (82) ${eq82}, (83) ${eq83}`);
    }
    return proved();
  },
});
