/**
 * Liu (2022) §6.1.1–6.1.2 for two groups in any dimension: each group fitted
 * by its least-squares affine map of some features (the inputs themselves, or
 * the CNN's patch sum), per output component, and the self-consistency the
 * two-piece network needs (the note's §5.2): every sample of group 1 strictly
 * on one side of {f_1 = f_2} and every sample of group 2 strictly on the other.
 */
import type { Fraction } from 'fraction.js';
import { affineFitOf } from '../../model/affine.js';
import { sum, ZERO } from '../../numeric/rational.js';
import type { AffineMap } from './network.js';

export const applyAffine = (f: AffineMap, x: readonly Fraction[]): Fraction =>
  sum(x.map((v, j) => v.mul(f.w[j]))).add(f.b);

export interface TwoGroupFits {
  /** per output component: the fits of group 1 and group 2 */
  pieces: [AffineMap, AffineMap][];
  /** per component: 'max' when group 1's piece is above on group 1, 'min' when below */
  kinds: ('max' | 'min')[];
}

/** The fits and gadget kinds, or why they do not exist (an empty group, a non-unique fit, an inconsistent component). */
export function twoGroupFits(
  features: readonly (readonly Fraction[])[],
  targets: readonly (readonly Fraction[])[],
  group: readonly number[],
): TwoGroupFits | string {
  const idx = [0, 1].map((g) => group.flatMap((h, i) => (h === g ? [i] : [])));
  if (idx.some((ix) => ix.length === 0)) return 'a group is empty';
  const fits = idx.map((ix) =>
    affineFitOf(
      ix.map((i) => features[i]),
      ix.map((i) => targets[i]),
    ),
  );
  if (fits.some((f) => !f.unique))
    return 'a group’s least-squares fit is not unique (too few affinely independent inputs)';
  const pieces: [AffineMap, AffineMap][] = [];
  const kinds: ('max' | 'min')[] = [];
  for (let k = 0; k < targets[0].length; k++) {
    const [f1, f2] = fits.map((f) => ({ w: f.W[k].slice(0, -1), b: f.W[k][f.W[k].length - 1] }));
    const side = (i: number) => applyAffine(f1, features[i]).sub(applyAffine(f2, features[i])).compare(ZERO);
    const s1 = idx[0].map(side),
      s2 = idx[1].map(side);
    if (s1.every((s) => s > 0) && s2.every((s) => s < 0)) kinds.push('max');
    else if (s1.every((s) => s < 0) && s2.every((s) => s > 0)) kinds.push('min');
    else
      return `component ${k + 1} is not self-consistent: a sample is not strictly on its group’s side of {f_1 = f_2}`;
    pieces.push([f1, f2]);
  }
  return { pieces, kinds };
}

/** 1 + max(0, −min over the pieces at the points): a shift that puts every piece ≥ 1 there. */
export function shiftAbovePieces(pieces: readonly AffineMap[], points: readonly (readonly Fraction[])[]): Fraction {
  let low = ZERO;
  for (const p of pieces)
    for (const x of points) {
      const y = applyAffine(p, x);
      if (y.neg().compare(low) > 0) low = y.neg();
    }
  return low.add(1);
}
