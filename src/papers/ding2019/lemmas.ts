/**
 * Ding, Li & Sun (2019): Assumption 1's vector list (§3.2, eq. 11; Appendix D,
 * eqs. 61–62) and Lemma 2's vector (§5), exact in rationals.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, matMul, rank, solve, transpose } from '../../linalg/matrix.js';
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

/**
 * Appendix D, proof of Lemma 3 (eqs. 61–64): B = [X⁽¹⁾, X⁽²⁾] with the squares
 * X_j ∘ X_j first and the other distinct vectors of 𝒳 after; the rows
 * V_j (j = 1..d₀) of [I 0]·(BᵀB)⁻¹Bᵀ, so that V X⁽¹⁾ = I and V X⁽²⁾ = 0. Null when
 * B does not have full column rank (Assumption 1(b) fails).
 */
export function lemma3Duals(inputs: readonly (readonly Fraction[])[]): Fraction[][] | null {
  const d0 = inputs[0]?.length ?? 0;
  const list = assumption1List(inputs, 'unordered');
  const squares = list.filter((_, c) => isSquareColumn(c, d0));
  const rest = list.filter((_, c) => !isSquareColumn(c, d0));
  const B = transpose(fromRows([...squares, ...rest])); // N × K
  if (rank(rational, B) !== list.length) return null;
  const Bt = transpose(B);
  const sol = solve(rational, matMul(rational, Bt, B), Bt);
  if (!sol.consistent) return null;
  const P = sol.x; // K × N
  return Array.from({ length: d0 }, (_, j) => P.data.slice(j * P.cols, (j + 1) * P.cols));
}

/** Whether column c of `assumption1List(·, 'unordered')` is a square X_j ∘ X_j. */
function isSquareColumn(c: number, d0: number): boolean {
  let k = 1 + d0;
  for (let j = 0; j < d0; j++) for (let l = j; l < d0; l++, k++) if (k === c) return l === j;
  return false;
}

/** ΔY of eq. (64): row i is s·Σ_j α_{i,j} V_j. */
export function lemma3Residual(
  duals: readonly (readonly Fraction[])[],
  alpha: readonly (readonly Fraction[])[],
  s: 1 | -1,
): Fraction[][] {
  const N = duals[0]?.length ?? 0;
  return alpha.map((row) =>
    Array.from({ length: N }, (_, n) => row.reduce((acc, a, j) => acc.add(a.mul(duals[j][n])), new Fraction(0)).mul(s)),
  );
}
