/**
 * Datasets meeting named assumptions, built to meet them (repair, not
 * rejection), with a detector for each so claims can count violations.
 * Sizes are drawn from their minimum upward, so shrinking goes toward few
 * samples and small integers.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { fromRows, nullspace, rank, transpose, type Mat } from '../linalg/matrix.js';
import { affineFit } from '../model/affine.js';
import { dataset, type Dataset } from '../model/data.js';
import { rational } from '../numeric/rational.js';
import { smallRational } from './arbitraries.js';

const key = (r: readonly Fraction[]) => r.map((x) => x.toFraction()).join(',');

/** N distinct input rows of dimension d. */
export function distinctInputs(
  d: number,
  o: { minN?: number; maxN?: number; value?: fc.Arbitrary<Fraction> } = {},
): fc.Arbitrary<Fraction[][]> {
  return fc.uniqueArray(fc.array(o.value ?? smallRational(6, 3), { minLength: d, maxLength: d }), {
    minLength: o.minN ?? 1,
    maxLength: o.maxN ?? 6,
    selector: key,
  });
}

/** Augmented inputs X̃ = [x_i, 1] as an N × (d+1) matrix. */
export function augmented(inputs: readonly (readonly Fraction[])[]): Mat<Fraction> {
  return fromRows(inputs.map((x) => [...x, new Fraction(1)]));
}

/** Exact residual sum of squares of the best affine fit of the targets. */
export function affineResidual(data: Dataset): Fraction {
  return affineFit(data).sumSquares;
}

/**
 * Targets that no affine map fits exactly: if the drawn targets happen to be
 * affine in the inputs, add a vector orthogonal to the columns of X̃ (one
 * exists iff rank X̃ < N). Needs N ≥ d + 2 samples; fewer can always be fitted.
 */
export function notAffinelyFittable(
  inputs: readonly (readonly Fraction[])[],
  targets: readonly (readonly Fraction[])[],
): Dataset {
  const d0 = dataset(inputs, targets);
  if (affineResidual(d0).n !== 0n) return d0;
  const N = nullspace(rational, transpose(augmented(inputs)));
  if (N.cols === 0) return d0; // every target is affine in these inputs; the detector reports it
  const bumped = targets.map((t, i) => t.map((v, o) => (o === 0 ? v.add(N.data[i * N.cols]) : v)));
  return dataset(inputs, bumped);
}

/** Distinct inputs and targets not fittable by an affine model (He et al. Assumptions 1–2). */
export function nonAffineDataset(
  d: number,
  o: { minN?: number; maxN?: number; dy?: number } = {},
): fc.Arbitrary<Dataset> {
  const minN = Math.max(o.minN ?? d + 2, d + 2);
  return distinctInputs(d, { minN, maxN: Math.max(minN, o.maxN ?? minN + 3) }).chain((xs) =>
    fc
      .array(fc.array(smallRational(6, 2), { minLength: o.dy ?? 1, maxLength: o.dy ?? 1 }), {
        minLength: xs.length,
        maxLength: xs.length,
      })
      .map((ys) => notAffinelyFittable(xs, ys)),
  );
}

/** One-hot labels for `classes` classes, every class used when N ≥ classes. */
export function oneHotDataset(
  d: number,
  classes: number,
  o: { minN?: number; maxN?: number } = {},
): fc.Arbitrary<Dataset> {
  return distinctInputs(d, { minN: Math.max(o.minN ?? classes, 1), maxN: o.maxN ?? classes + 3 }).chain((xs) =>
    fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: xs.length, maxLength: xs.length }).map((cls) =>
      dataset(
        xs,
        cls.map((c, i) => Array.from({ length: classes }, (_, j) => ((i < classes ? i : c) === j ? 1 : 0))),
      ),
    ),
  );
}

/** Images (channels × height × width, flattened feature-map-major) with scalar targets. */
export function imageDataset(
  channels: number,
  height: number,
  width: number,
  o: { minN?: number; maxN?: number; dy?: number } = {},
): fc.Arbitrary<Dataset> {
  return distinctInputs(channels * height * width, {
    minN: o.minN ?? 1,
    maxN: o.maxN ?? 4,
    value: smallRational(4, 2),
  }).chain((xs) =>
    fc
      .array(fc.array(smallRational(6, 2), { minLength: o.dy ?? 1, maxLength: o.dy ?? 1 }), {
        minLength: xs.length,
        maxLength: xs.length,
      })
      .map((ys) => dataset(xs, ys)),
  );
}

// --- detectors: null when the assumption holds, else the reason -----------------

export function detectDistinct(data: Dataset): string | null {
  const seen = new Map<string, number>();
  for (const [i, x] of data.inputs.entries()) {
    const k = key(x);
    if (seen.has(k)) return `inputs ${seen.get(k)! + 1} and ${i + 1} coincide`;
    seen.set(k, i);
  }
  return null;
}

export function detectNotAffine(data: Dataset): string | null {
  return affineResidual(data).n === 0n ? 'the targets are exactly affine in the inputs' : null;
}

export function detectOneHot(data: Dataset): string | null {
  for (const [i, t] of data.targets.entries()) {
    if (t.filter((v) => v.equals(1)).length !== 1 || t.some((v) => !v.equals(0) && !v.equals(1)))
      return `target ${i + 1} is not one-hot`;
  }
  return null;
}

/** Rows of a matrix linearly independent (e.g. the monomial vectors of a genericity assumption). */
export function detectIndependentRows(rows: readonly (readonly Fraction[])[], what: string): string | null {
  return rank(rational, fromRows(rows.map((r) => [...r]))) === rows.length
    ? null
    : `the ${what} are linearly dependent`;
}
