/**
 * Ding, Li & Sun (2019): Lemma 1 (§5, with eq. 25), Lemma 2 (§5) and Lemma 5
 * (Appendix B) for the square loss, exact in rationals.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smallRational } from '../../gen/arbitraries.js';
import { listRank, lemma2Vector } from '../../papers/ding2019/index.js';
import { dotOf } from '../../numeric/field.js';
import { rational } from '../../numeric/rational.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { rationalCodec, rationals, rationalRows } from '../schema.js';
import { ding2019 } from './paper.js';

const dot = (a: readonly Fraction[], b: readonly Fraction[]) => dotOf(rational, a, b);
const sub = (a: readonly Fraction[], b: readonly Fraction[]) => a.map((x, i) => x.sub(b[i]));
const vecs = (k: number, n: fc.Arbitrary<number>) =>
  n.chain((N) =>
    fc.array(fc.array(smallRational(6, 3), { minLength: N, maxLength: N }), { minLength: k, maxLength: k }),
  );
const show = (v: readonly Fraction[]) => `(${v.map(encQ).join(', ')})`;

/** y, ŷ, ŷ′ ∈ ℚ^N, N = 1..6. */
const triples = instanceKind<{ vs: Fraction[][] }>({
  generate: () => vecs(3, fc.integer({ min: 1, max: 6 })).map((vs) => ({ vs })),
  detect: (v) =>
    v.vs.length === 3 && v.vs.every((u) => u.length === v.vs[0].length) ? null : 'not three vectors of one length',
  codec: z.object({ vs: rationalRows }),
  describe: (v) => `y = ${show(v.vs[0])}, ŷ = ${show(v.vs[1])}, ŷ′ = ${show(v.vs[2])}`,
  hypotheses: ['y, ŷ, ŷ′ ∈ ℚ^N, N = 1..6'],
});

export const lemma1 = ding2019.claim({
  id: 'ding2019.lemma1.inner-product-rule',
  section: '§5, Lemma 1 (and eq. 25)',
  title: 'Lemma 1: if (y − ŷ)ᵀ(ŷ′ − ŷ) ≤ 0 then E′ ≥ E',
  statement:
    'For the square loss, ‖y − ŷ′‖² − ‖y − ŷ‖² = −2(y − ŷ)ᵀ(ŷ′ − ŷ) + ‖ŷ′ − ŷ‖², so (y − ŷ)ᵀ(ŷ′ − ŷ) ≤ 0 implies E(w′, v′) ≥ E(w, v). Checked exactly: the identity on every instance, and the implication where its hypothesis holds (on the others with ŷ′ reflected to ŷ − (ŷ′ − ŷ), which meets it).',
  instance: triples,
  check: (v) => {
    const [y, yh, yp0] = v.vs;
    const d0 = sub(yp0, yh);
    const r = sub(y, yh);
    for (const d of [d0, d0.map((x) => x.neg())]) {
      const yp = yh.map((x, i) => x.add(d[i]));
      const lhs = dot(sub(y, yp), sub(y, yp)).sub(dot(r, r));
      const rhs = dot(r, d).mul(-2).add(dot(d, d));
      if (!lhs.equals(rhs))
        return refuted('the identity of eq. (25)', `E′ − E = ${encQ(lhs)}, right side ${encQ(rhs)}`);
      if (dot(r, d).s <= 0n || dot(r, d).n === 0n)
        if (lhs.s < 0n && lhs.n !== 0n)
          return refuted('E′ ≥ E', `(y − ŷ)ᵀ(ŷ′ − ŷ) = ${encQ(dot(r, d))} ≤ 0 but E′ − E = ${encQ(lhs)}`);
    }
    return proved();
  },
});

/** z₁, z₂, z₃ ∈ ℚ^N (N = 3..6) with z₃ not a combination of z₁ and z₂. */
const lemma2Triples = instanceKind<{ vs: Fraction[][] }>({
  generate: () => vecs(3, fc.integer({ min: 3, max: 6 })).map((vs) => ({ vs })),
  detect: (v) => {
    if (v.vs.length !== 3 || v.vs.some((u) => u.length !== v.vs[0].length)) return 'not three vectors of one length';
    if (v.vs[0].length < 3) return 'N < 3';
    const [z1, z2, z3] = v.vs;
    return listRank([z1, z2, z3]) === listRank([z1, z2]) + 1 ? null : 'z₃ is a linear combination of z₁ and z₂';
  },
  codec: z.object({ vs: rationalRows }),
  describe: (v) => `z₁ = ${show(v.vs[0])}, z₂ = ${show(v.vs[1])}, z₃ = ${show(v.vs[2])}`,
  hypotheses: ['z₁, z₂, z₃ ∈ ℚ^N, N = 3..6, z₃ ∉ span{z₁, z₂} (z₁, z₂ may be zero or parallel)'],
});

export const lemma2 = ding2019.claim({
  id: 'ding2019.lemma2.separating-vector',
  section: '§5, Lemma 2',
  title: 'Lemma 2: some y has yᵀz₁ = yᵀz₂ = 0 and yᵀz₃ ≠ 0',
  statement:
    'If z₃ is not a linear combination of z₁ and z₂, some y ∈ ℝ^N has yᵀz₁ = yᵀz₂ = 0 and yᵀz₃ ≠ 0. Checked exactly with the constructive choice y = z₃ minus its projection onto span{z₁, z₂} (ours), which also gives yᵀz₃ = ‖y‖².',
  instance: lemma2Triples,
  check: (v) => {
    const [z1, z2, z3] = v.vs;
    const y = lemma2Vector(z1, z2, z3);
    if (dot(y, z1).n !== 0n || dot(y, z2).n !== 0n)
      return refuted('yᵀz₁ = yᵀz₂ = 0', `y = ${show(y)}: yᵀz₁ = ${encQ(dot(y, z1))}, yᵀz₂ = ${encQ(dot(y, z2))}`);
    if (dot(y, z3).n === 0n) return refuted('yᵀz₃ ≠ 0', `y = ${show(y)}: yᵀz₃ = 0`);
    return dot(y, z3).equals(dot(y, y)) ? proved() : refuted('yᵀz₃ = ‖y‖²', `yᵀz₃ = ${encQ(dot(y, z3))}`);
  },
});

/** Lemma 5 data: y ≠ ŷ, a step d with ‖d‖² < ⟨d, g⟩ (g = −∇L(ŷ) = 2(y − ŷ)), and ε² with ‖d‖² < ε² < ⟨d, g⟩²/‖d‖². */
interface Lemma5Value {
  y: Fraction[];
  yhat: Fraction[];
  d: Fraction[];
  eps2: Fraction;
}

function lemma5Detect(v: Lemma5Value): string | null {
  const n = v.y.length;
  if (n < 1 || v.yhat.length !== n || v.d.length !== n) return 'vectors of different lengths';
  const g = sub(v.y, v.yhat).map((x) => x.mul(2));
  const dd = dot(v.d, v.d);
  if (dd.n === 0n) return 'd = 0 (the punctured ball excludes ŷ)';
  if (dot(g, g).n === 0n) return 'ŷ = y is the global minimum of L';
  if (dd.compare(v.eps2) >= 0) return '‖d‖ ≥ δ = ε';
  const dg = dot(v.d, g);
  if (dg.s <= 0n || dg.mul(dg).compare(v.eps2.mul(dd)) <= 0) return '⟨d, −∇L⟩ ≤ ε‖d‖';
  return null;
}

export const lemma5 = ding2019.claim({
  id: 'ding2019.lemma5.square-loss',
  section: 'Appendix B, Lemma 5 (with L(ŷ) = ‖y − ŷ‖²)',
  title: 'Lemma 5 for the square loss, with δ = ε: a step with ⟨d, −∇L⟩ > ε‖d‖ and ‖d‖ < ε lowers L',
  statement:
    'For L(ŷ) = ‖y − ŷ‖² and ŷ not its minimiser, and any ε > 0, δ = ε works in Lemma 5 (our choice of δ): every ŷ′ = ŷ + d with 0 < ‖d‖ < ε and ⟨d, −∇L(ŷ)⟩ > ε‖d‖ has L(ŷ′) < L(ŷ). Checked exactly, with ε given by its square so that all quantities stay rational.',
  instance: instanceKind<Lemma5Value>({
    generate: () =>
      fc
        .integer({ min: 1, max: 5 })
        .chain((N) =>
          fc.record({
            y: fc.array(smallRational(6, 3), { minLength: N, maxLength: N }),
            yhat: fc.array(smallRational(6, 3), { minLength: N, maxLength: N }),
            r: fc.array(smallRational(6, 3), { minLength: N, maxLength: N }),
            k: fc.integer({ min: 0, max: 6 }),
          }),
        )
        .map(({ y, yhat, r, k }) => {
          const g = sub(y, yhat).map((x) => x.mul(2));
          // a direction with ⟨r, g⟩ > 0: r + g (or g when that fails), scaled down until ‖d‖² < ⟨d, g⟩
          let dir = r.map((x, i) => x.add(g[i]));
          if (dot(dir, g).s <= 0n || dot(dir, g).n === 0n) dir = g;
          let d = dir;
          for (let i = 0; i < 60 && dot(d, d).compare(dot(d, g)) >= 0; i++) d = d.map((x) => x.div(2));
          d = d.map((x) => x.div(2 ** k));
          const lo = dot(d, d);
          const hi = lo.n === 0n ? lo : dot(d, g).mul(dot(d, g)).div(lo);
          return { y, yhat, d, eps2: lo.add(hi).div(2) };
        }),
    detect: lemma5Detect,
    codec: z.object({ y: rationals, yhat: rationals, d: rationals, eps2: rationalCodec }),
    describe: (v) => `y = ${show(v.y)}, ŷ = ${show(v.yhat)}, d = ${show(v.d)}, ε² = ${encQ(v.eps2)}`,
    hypotheses: ['ŷ ≠ y, 0 < ‖d‖ < ε, ⟨d, 2(y − ŷ)⟩ > ε‖d‖, in ℚ^N, N = 1..5'],
  }),
  check: (v) => {
    const L = (u: readonly Fraction[]) => dot(sub(v.y, u), sub(v.y, u));
    const before = L(v.yhat);
    const after = L(v.yhat.map((x, i) => x.add(v.d[i])));
    return after.compare(before) < 0
      ? proved()
      : refuted('L(ŷ + d) < L(ŷ)', `L(ŷ + d) = ${encQ(after)} ≥ L(ŷ) = ${encQ(before)}`);
  },
});
