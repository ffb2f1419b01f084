/**
 * Ding, Li & Sun (2019) §6.2, Lemma 3 and its proof in Appendix D (eqs.
 * 61–64): under Assumption 1 (distinct vectors), ΔY with rows s·Σ_j α_{i,j} V_j
 * meets (24a)–(24d). Exact in rationals.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { dotOf } from '../../numeric/field.js';
import { rational } from '../../numeric/rational.js';
import { lemma3Duals, lemma3Residual } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { integer, rationalRows } from '../schema.js';
import { inputKey, latticeWith } from './instances.js';
import { ding2019 } from './paper.js';

interface Lemma3Value {
  /** N inputs of dimension d₀ ∈ {1, 2}, containing the degree-2 simplex lattice */
  inputs: Fraction[][];
  /** α_{i,j} > 0, one row per output i */
  alpha: Fraction[][];
  /** s = sign([σ′(a)]^{H−1} σ″(a)) */
  s: number;
}

const lemma3Values = instanceKind<Lemma3Value>({
  generate: () =>
    fc
      .record({ d0: fc.integer({ min: 1, max: 2 }), dOut: fc.integer({ min: 1, max: 2 }), s: fc.constantFrom(1, -1) })
      .chain(({ d0, dOut, s }) =>
        fc
          .record({
            extra: fc.uniqueArray(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: d0, maxLength: d0 }), {
              maxLength: 3,
              selector: (r) => r.join(','),
            }),
            alpha: fc.array(
              fc.array(
                fc
                  .integer({ min: 1, max: 9 })
                  .chain((n) => fc.integer({ min: 1, max: 4 }).map((d) => new Fraction(n, d))),
                { minLength: d0, maxLength: d0 },
              ),
              { minLength: dOut, maxLength: dOut },
            ),
          })
          .map(({ extra, alpha }) => ({ inputs: latticeWith(d0, extra), alpha, s })),
      ),
  detect: (v) => {
    const d0 = v.inputs[0]?.length ?? 0;
    if (d0 < 1) return 'no input coordinate';
    if (v.s !== 1 && v.s !== -1) return 's is not ±1';
    if (v.alpha.length < 1 || v.alpha.some((r) => r.length !== d0 || r.some((a) => a.s <= 0n || a.n === 0n)))
      return 'the α_{i,j} are not d₀ positive numbers per output';
    if (new Set(v.inputs.map(inputKey)).size !== v.inputs.length) return 'two inputs are equal';
    return lemma3Duals(v.inputs) ? null : 'Assumption 1(b) fails: the distinct vectors of 𝒳 are dependent';
  },
  codec: z.object({ inputs: rationalRows, alpha: rationalRows, s: integer }),
  describe: (v) =>
    `d₀ = ${v.inputs[0]?.length ?? 0}, N = ${v.inputs.length}, s = ${v.s}; inputs ${v.inputs.map((r) => `(${r.map(encQ).join(', ')})`).join(' ')}; α = ${v.alpha.map((r) => `(${r.map(encQ).join(', ')})`).join(' ')}`,
  hypotheses: [
    'Assumption 1(b) with the distinct vectors: d₀ ∈ {1, 2}, the inputs contain the degree-2 simplex lattice',
    'α_{i,j} > 0, s = ±1, one or two outputs',
  ],
});

export const lemma3 = ding2019.claim({
  id: 'ding2019.lemma3.residual',
  section: '§6.2, Lemma 3 (eq. 24); Appendix D, eqs. (61)–(64)',
  title: 'Lemma 3: the residual ΔY of Appendix D meets (24a)–(24d)',
  statement:
    'Under Assumption 1, the rows V_j of [I 0]·(BᵀB)⁻¹Bᵀ (B = [X⁽¹⁾, X⁽²⁾], squares first) give ΔY with rows s·Σ_j α_{i,j}V_j (α > 0, s the sign of [σ′(a)]^{H−1}σ″(a)) that is orthogonal to 1, to every input row and to every cross product X_j ∘ X_j′ (j ≠ j′), with s·⟨ΔY_i, X_j ∘ X_j⟩ = α_{i,j} > 0; so Y = Ŷ(W) − ΔY meets (24) for any W, with E(W) = ‖ΔY‖² > 0. Checked exactly.',
  instance: lemma3Values,
  check: (v) => {
    const d0 = v.inputs[0].length;
    const dY = lemma3Residual(lemma3Duals(v.inputs)!, v.alpha, v.s as 1 | -1);
    const col = (f: (x: readonly Fraction[]) => Fraction) => v.inputs.map(f);
    const zeroes: [string, Fraction[]][] = [['1', col(() => new Fraction(1))]];
    for (let j = 0; j < d0; j++) zeroes.push([`X_${j + 1}`, col((x) => x[j])]);
    for (let j = 0; j < d0; j++)
      for (let k = j + 1; k < d0; k++) zeroes.push([`X_${j + 1}∘X_${k + 1}`, col((x) => x[j].mul(x[k]))]);
    for (const [i, row] of dY.entries()) {
      for (const [name, u] of zeroes) {
        const p = dotOf(rational, row, u);
        if (p.n !== 0n) return refuted(`⟨ΔY_${i + 1}, ${name}⟩ = 0 (24a–c)`, `it is ${encQ(p)}`);
      }
      for (let j = 0; j < d0; j++) {
        const p = dotOf(
          rational,
          row,
          col((x) => x[j].mul(x[j])),
        ).mul(v.s);
        if (!p.equals(v.alpha[i][j]))
          return refuted(
            `s·⟨ΔY_${i + 1}, X_${j + 1}∘X_${j + 1}⟩ = α = ${encQ(v.alpha[i][j])} > 0 (24d)`,
            `it is ${encQ(p)}`,
          );
      }
      if (row.every((q) => q.n === 0n)) return refuted('ΔY ≠ 0 (E > 0)', `row ${i + 1} of ΔY is 0`);
    }
    return proved();
  },
});
