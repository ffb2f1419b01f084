/**
 * Ding, Li & Sun (2019) §3.2, Assumption 1(b) (eq. 11) and Appendix D eq. (62):
 * the paper counts d₀² + d₀ + 1 vectors in 𝒳 and says they are linearly
 * independent (rank [X⁽¹⁾, X⁽²⁾] = d₀² + d₀ + 1). The products X_j ∘ X_j′ and
 * X_j′ ∘ X_j are the same vector, so the rank is at most (d₀ + 1)(d₀ + 2)/2,
 * which is smaller for d₀ ≥ 2; with the distinct vectors the count is right.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { assumption1List, listRank, simplexLattice } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { rationalRows } from '../schema.js';
import { inputKey, latticeWith } from './instances.js';
import { ding2019 } from './paper.js';

/** Inputs containing the simplex lattice of degree 2 (unisolvent), plus further distinct integer points, N > d₀² + d₀. */
interface Assumption1Value {
  inputs: Fraction[][];
}

const assumption1Inputs = instanceKind<Assumption1Value>({
  generate: () =>
    fc.integer({ min: 1, max: 4 }).chain((d0) =>
      fc
        .uniqueArray(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: d0, maxLength: d0 }), {
          minLength: d0 * d0 + d0 + 1,
          maxLength: d0 * d0 + d0 + 3,
          selector: (r) => r.join(','),
        })
        .map((extra) => ({
          inputs: latticeWith(d0, extra).slice(0, Math.max(((d0 + 1) * (d0 + 2)) / 2, d0 * d0 + d0 + 1)),
        })),
    ),
  detect: (v) => {
    const d0 = v.inputs[0]?.length ?? 0;
    if (d0 < 1) return 'no input coordinate';
    if (v.inputs.length <= d0 * d0 + d0) return `Assumption 1(a) fails: N = ${v.inputs.length} ≤ d₀² + d₀`;
    if (new Set(v.inputs.map(inputKey)).size !== v.inputs.length) return 'two inputs are equal';
    const have = new Set(v.inputs.map(inputKey));
    if (!simplexLattice(d0).every((p) => have.has(inputKey(p)))) return 'the inputs do not contain the simplex lattice';
    return null;
  },
  codec: z.object({ inputs: rationalRows }),
  describe: (v) =>
    `d₀ = ${v.inputs[0]?.length ?? 0}, N = ${v.inputs.length}; inputs ${v.inputs.map((r) => `(${r.map(encQ).join(', ')})`).join(' ')}`,
  hypotheses: [
    'Assumption 1(a): N > d₀² + d₀, d₀ = 1..4, pairwise distinct inputs',
    'the inputs contain the points of ℤ^{d₀}_{≥0} with coordinate sum ≤ 2 (no nonzero polynomial of degree ≤ 2 vanishes on them)',
  ],
});

export const assumption1Printed = ding2019.claim({
  id: 'ding2019.asm1.count-printed',
  section: '§3.2, Assumption 1(b) (eq. 11); Appendix D, eq. (62)',
  title: 'Assumption 1 as printed: the d₀² + d₀ + 1 vectors of 𝒳 can be linearly independent',
  statement:
    'Assumption 1(b) asks that the d₀² + d₀ + 1 vectors 1, the rows X_j and the Hadamard products of any two rows be linearly independent, and Appendix D uses rank [X⁽¹⁾, X⁽²⁾] = d₀² + d₀ + 1 (eq. 62). Read with the paper’s count (every ordered pair of rows), the rank of the list is checked exactly on inputs as generic as possible for degree 2. Expected refuted for d₀ ≥ 2: X_j ∘ X_j′ = X_j′ ∘ X_j, so the rank is at most (d₀ + 1)(d₀ + 2)/2.',
  instance: assumption1Inputs,
  expected: 'refuted',
  correctedBy: 'ding2019.asm1.count-distinct',
  check: (v) => {
    const d0 = v.inputs[0].length;
    const r = listRank(assumption1List(v.inputs, 'ordered'));
    return r === d0 * d0 + d0 + 1
      ? proved()
      : refuted(
          `rank of the d₀² + d₀ + 1 = ${d0 * d0 + d0 + 1} vectors of 𝒳 is ${d0 * d0 + d0 + 1}`,
          `rank ${r} (d₀ = ${d0}, N = ${v.inputs.length}); the list has only ${((d0 + 1) * (d0 + 2)) / 2} distinct vectors`,
        );
  },
});

export const assumption1Distinct = ding2019.claim({
  id: 'ding2019.asm1.count-distinct',
  section: '§3.2, Assumption 1(b) (eq. 11), with the distinct vectors (our correction)',
  title: 'Assumption 1 corrected: the (d₀ + 1)(d₀ + 2)/2 distinct vectors of 𝒳 are linearly independent',
  statement:
    'Our correction of the count: 𝒳 taken as 1, the rows X_j and the products X_j ∘ X_j′ with j ≤ j′ has (d₀ + 1)(d₀ + 2)/2 vectors, and on inputs on which no nonzero polynomial of degree ≤ 2 vanishes they are linearly independent (checked exactly), so Assumption 1(b) is satisfiable in this reading.',
  instance: assumption1Inputs,
  check: (v) => {
    const d0 = v.inputs[0].length;
    const cols = assumption1List(v.inputs, 'unordered');
    const K = ((d0 + 1) * (d0 + 2)) / 2;
    if (cols.length !== K) return refuted(`${K} vectors`, `${cols.length} vectors`);
    const r = listRank(cols);
    return r === K ? proved() : refuted(`rank ${K}`, `rank ${r} (d₀ = ${d0}, N = ${v.inputs.length})`);
  },
});
