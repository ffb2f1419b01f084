/**
 * Liu (one-hidden-layer ReLU, Part 1): the values the claims draw, as in the
 * paper's setting (§II-A): N = 3..6 samples of dimension d = 2, 3 with the
 * bias as the last coordinate (homogeneous, x_i = (u_i, 1), u_i distinct small
 * integers) or without it (raw, x_i ≠ 0); a network cell from integer hidden
 * weights w_j strictly off every sample hyperplane, output weights z and
 * targets y small rationals.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { inGeneralPosition } from '../../landscape/arrangement.js';
import { patternOf } from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { instanceKind } from '../define.js';
import { rationalRows, rationals } from '../schema.js';

const row = (x: readonly Fraction[]) => `(${x.map(encQ).join(', ')})`;

/** Homogeneous samples: distinct u_i ∈ [−4, 4]^{d−1}, x_i = (u_i, 1). */
export const homogeneous = (d: number, minN = 3, maxN = 6) =>
  fc
    .uniqueArray(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: d - 1, maxLength: d - 1 }), {
      minLength: minN,
      maxLength: maxN,
      selector: (u) => u.join(','),
    })
    .map((us) => us.map((u) => [...u.map((v) => new Fraction(v)), new Fraction(1)]));

export interface SamplesValue {
  X: Fraction[][];
}

export function detectSamples(v: SamplesValue, d: number | null): string | null {
  if (v.X.length < 1) return 'no sample';
  const dim = v.X[0].length;
  if (d !== null && dim !== d) return `the samples have dimension ${dim}, not ${d}`;
  if (v.X.some((x) => x.length !== dim)) return 'samples of unequal dimension';
  if (v.X.some((x) => x.every((c) => c.n === 0n))) return 'a sample is 0 (it defines no hyperplane)';
  return null;
}

export const describeSamples = (v: SamplesValue) =>
  `N = ${v.X.length} samples in ℝ^${v.X[0].length}: ${v.X.map(row).join(' ')}`;

export const samplesCodec = z.object({ X: rationalRows });

/** Samples in general position (every min(d, N) of them independent), homogeneous, d = 2 or 3. */
export const generalPositionSamples = instanceKind<SamplesValue>({
  generate: () =>
    fc
      .constantFrom(2, 3)
      .chain((d) => homogeneous(d))
      .filter((X) => inGeneralPosition(X))
      .map((X) => ({ X })),
  detect: (v) => detectSamples(v, null) ?? (inGeneralPosition(v.X) ? null : 'the samples are not in general position'),
  codec: samplesCodec,
  describe: describeSamples,
  hypotheses: [
    'N = 3..6 homogeneous samples x_i = (u_i, 1) in ℝ^d, d = 2 or 3, u_i distinct small integers',
    'general position: every min(d, N) samples are linearly independent',
  ],
});

/** A network cell: samples, targets, integer hidden weights off every hyperplane, output weights. */
export interface CellValue {
  X: Fraction[][];
  y: Fraction[];
  w: Fraction[][];
  z: Fraction[];
  /** a second point R′ ∈ ℝ^{Kd} (for convexity checks) */
  other: Fraction[];
}

const small = fc
  .tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: 1, max: 2 }))
  .map(([k, q]) => new Fraction(k, q));

export function cellValues(maxK = 3) {
  return instanceKind<CellValue>({
    generate: () =>
      fc
        .record({ d: fc.constantFrom(2, 3), K: fc.integer({ min: 1, max: maxK }) })
        .chain(({ d, K }) =>
          fc.record({
            X: homogeneous(d),
            w: fc.array(
              fc.array(
                fc.integer({ min: -5, max: 5 }).map((k) => new Fraction(k)),
                { minLength: d, maxLength: d },
              ),
              { minLength: K, maxLength: K },
            ),
            z: fc.array(small, { minLength: K, maxLength: K }),
            y: fc.array(small, { minLength: 6, maxLength: 6 }),
            other: fc.array(small, { minLength: K * d, maxLength: K * d }),
          }),
        )
        .map((v) => ({ ...v, y: v.y.slice(0, v.X.length) }))
        // cells from weights: keep the draws strictly inside a cell (off every hyperplane)
        .filter((v) => detectCell(v) === null),
    detect: detectCell,
    codec: z.object({ X: rationalRows, y: rationals, w: rationalRows, z: rationals, other: rationals }),
    describe: (v) =>
      `${describeSamples(v)}; y = ${row(v.y)}\nw = ${v.w.map(row).join(' ')}, z = ${row(v.z)}; pattern I (sample × neuron) = ${patternOf(
        v.X,
        v.w,
      )
        .map((r) => r.join(''))
        .join(' ')}`,
    hypotheses: [
      'N = 3..6 homogeneous samples x_i = (u_i, 1) in ℝ^d, d = 2 or 3, u_i distinct small integers; targets small rationals',
      `K = 1..${maxK} hidden units; every w_j strictly off every sample hyperplane (w_j·x_i ≠ 0: inside a cell)`,
    ],
  });
}

export function detectCell(v: CellValue): string | null {
  const bad = detectSamples(v, null);
  if (bad) return bad;
  const d = v.X[0].length;
  if (v.y.length !== v.X.length) return 'one target per sample is needed';
  if (v.w.length < 1 || v.w.length !== v.z.length) return 'one output weight per hidden unit is needed';
  if (v.w.some((w) => w.length !== d)) return 'a hidden weight has the wrong dimension';
  if (v.other.length !== v.w.length * d) return 'R′ has the wrong dimension';
  for (const [j, w] of v.w.entries())
    for (const [i, x] of v.X.entries())
      if (w.reduce((s, c, k) => s.add(c.mul(x[k])), new Fraction(0)).n === 0n)
        return `w_${j + 1} lies on the hyperplane of sample ${i + 1} (not inside a cell)`;
  return null;
}
