/**
 * Ding, Li & Sun (2019): Assumption 1's vector list (§3.2, eq. 11; Appendix D,
 * eqs. 61–62) and Lemma 2's vector (§5), exact in rationals.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, rank, transpose } from '../../linalg/matrix.js';
import { ONE, rational } from '../../numeric/rational.js';

/**
 * The list 𝒳 of eq. (11) as columns over the N samples (rows of `inputs`): 1, the
 * d₀ input coordinates, and the Hadamard products X_j ∘ X_j′ over `pairs`:
 * 'ordered' takes every (j, j′), as the paper counts them (d₀² + d₀ + 1 vectors);
 * 'unordered' takes j ≤ j′ ((d₀ + 1)(d₀ + 2)/2 vectors, the distinct ones).
 */
export function assumption1List(
  inputs: readonly (readonly Fraction[])[],
  pairs: 'ordered' | 'unordered',
): Fraction[][] {
  const d0 = inputs[0]?.length ?? 0;
  const cols: Fraction[][] = [inputs.map(() => ONE)];
  for (let j = 0; j < d0; j++) cols.push(inputs.map((x) => x[j]));
  for (let j = 0; j < d0; j++)
    for (let k = pairs === 'ordered' ? 0 : j; k < d0; k++) cols.push(inputs.map((x) => x[j].mul(x[k])));
  return cols;
}

/** Rank of a list of vectors (columns), exactly. */
export const listRank = (cols: readonly (readonly Fraction[])[]): number => rank(rational, fromRows(cols));

/** The points of ℤ^{d₀}_{≥0} with coordinate sum ≤ 2: (d₀ + 1)(d₀ + 2)/2 points, unisolvent for polynomials of degree ≤ 2. */
export function simplexLattice(d0: number): Fraction[][] {
  const pts: Fraction[][] = [];
  const zero = () => Array.from({ length: d0 }, () => new Fraction(0));
  pts.push(zero());
  for (let j = 0; j < d0; j++)
    for (const s of [1, 2]) {
      const p = zero();
      p[j] = new Fraction(s);
      pts.push(p);
    }
  for (let j = 0; j < d0; j++)
    for (let k = j + 1; k < d0; k++) {
      const p = zero();
      p[j] = new Fraction(1);
      p[k] = new Fraction(1);
      pts.push(p);
    }
  return pts;
}

/** Lemma 2's constructive y = z₃ − Π_{span{z₁, z₂}} z₃ (exact least-squares residual): y ⊥ z₁, z₂ and yᵀz₃ = ‖y‖². */
export function lemma2Vector(z1: readonly Fraction[], z2: readonly Fraction[], z3: readonly Fraction[]): Fraction[] {
  return leastSquares(rational, transpose(fromRows([z1, z2])), [...z3]).residual;
}
