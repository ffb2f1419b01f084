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
import { boundedFilter } from '../../gen/bounded-filter.js';
import { inGeneralPosition } from '../../landscape/arrangement.js';
import { patternOf } from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { instanceKind } from '../define.js';
import { integer, rationalRows, rationals } from '../schema.js';

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

/** K hidden weight rows of dimension d, integers in [−5, 5]. */
const integerWeights = (K: number, d: number) =>
  fc.array(
    fc.array(
      fc.integer({ min: -5, max: 5 }).map((k) => new Fraction(k)),
      { minLength: d, maxLength: d },
    ),
    { minLength: K, maxLength: K },
  );

export function cellValues(maxK = 3) {
  return instanceKind<CellValue>({
    generate: () =>
      boundedFilter(
        fc
          .record({ d: fc.constantFrom(2, 3), K: fc.integer({ min: 1, max: maxK }) })
          .chain(({ d, K }) =>
            fc.record({
              X: homogeneous(d),
              w: integerWeights(K, d),
              z: fc.array(small, { minLength: K, maxLength: K }),
              y: fc.array(small, { minLength: 6, maxLength: 6 }),
              other: fc.array(small, { minLength: K * d, maxLength: K * d }),
            }),
          )
          .map((v) => ({ ...v, y: v.y.slice(0, v.X.length) })),
        // cells from weights: keep the draws strictly inside a cell (off every hyperplane)
        (v) => detectCell(v) === null,
        'every w_j strictly off every sample hyperplane',
      ),
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

/** A boundary configuration of Theorem 3: w_m on the hyperplane H_n of sample n and off every other one. */
export interface BoundaryValue {
  X: Fraction[][];
  y: Fraction[];
  /** K hidden weights; w_m·x_n = 0 */
  w: Fraction[][];
  /** the neuron on the boundary and the sample whose hyperplane it is on (0-based) */
  m: number;
  n: number;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

/** v projected on x_n^⊥ and scaled to coprime integers: ‖x_n‖²v − (v·x_n)x_n. */
function onHyperplane(v: readonly number[], xn: readonly Fraction[]): Fraction[] {
  const x = xn.map((c) => BigInt(c.valueOf()));
  const nn = x.reduce((s, c) => s + c * c, 0n),
    vx = v.reduce((s, c, k) => s + BigInt(c) * x[k], 0n);
  const w = v.map((c, k) => nn * BigInt(c) - vx * x[k]);
  const g = w.reduce(gcd, 0n) || 1n;
  return w.map((c) => new Fraction(c / g));
}

export function detectBoundary(v: BoundaryValue): string | null {
  const bad = detectSamples(v, null);
  if (bad) return bad;
  const d = v.X[0].length;
  if (v.y.length !== v.X.length) return 'one target per sample is needed';
  if (v.w.length < 1 || v.w.some((w) => w.length !== d))
    return 'the hidden weights need one row of dimension d per unit';
  if (!Number.isInteger(v.m) || v.m < 0 || v.m >= v.w.length) return 'm is not a hidden unit';
  if (!Number.isInteger(v.n) || v.n < 0 || v.n >= v.X.length) return 'n is not a sample';
  for (const [j, w] of v.w.entries())
    for (const [i, x] of v.X.entries()) {
      const zero = w.reduce((s, c, k) => s.add(c.mul(x[k])), new Fraction(0)).n === 0n;
      if (j === v.m && i === v.n) {
        if (!zero) return `w_${j + 1} is not on the hyperplane of sample ${i + 1}`;
      } else if (zero) return `w_${j + 1} lies on the hyperplane of sample ${i + 1} (only w_m·x_n = 0 is allowed)`;
    }
  return null;
}

/**
 * Boundary configurations: homogeneous samples, w_m an integer point of H_n
 * (the facet between cell 1 and cell 2 exists by construction), the other
 * hidden weights integer and strictly inside their cells, `extra` a further
 * hypothesis filtered for in generation and checked by the detector.
 */
export function boundaryValues(extra: (v: BoundaryValue) => string | null, hypotheses: readonly string[], maxK = 2) {
  return instanceKind<BoundaryValue>({
    generate: () =>
      boundedFilter(
        fc
          .record({ d: fc.constantFrom(2, 3), K: fc.integer({ min: 1, max: maxK }) })
          .chain(({ d, K }) =>
            fc.record({
              X: homogeneous(d),
              m: fc.integer({ min: 0, max: K - 1 }),
              n: fc.nat(5),
              v: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d }),
              // half the draws put w_m's active side on the larger half of the samples (else a = 0 dominates: few active samples are fitted exactly)
              major: fc.boolean(),
              w: integerWeights(K, d),
              y: fc.array(small, { minLength: 6, maxLength: 6 }),
            }),
          )
          .map(({ X, m, n, v, w, y, major }) => {
            const nn = n % X.length;
            let wm = onHyperplane(v, X[nn]);
            const active = X.filter(
              (x) => x.reduce((s, c, k) => s.add(c.mul(wm[k])), new Fraction(0)).compare(0) > 0,
            ).length;
            if (major && 2 * active < X.length - 1) wm = wm.map((c) => c.neg());
            return { X, y: y.slice(0, X.length), m, n: nn, w: w.map((r, j) => (j === m ? wm : r)) };
          }),
        (v) => detectBoundary(v) === null && extra(v) === null,
        ['w_m on H_n alone, the other neurons inside their cells', ...hypotheses].join('; '),
      ),
    detect: (v) => detectBoundary(v) ?? extra(v),
    codec: z.object({ X: rationalRows, y: rationals, w: rationalRows, m: integer, n: integer }),
    describe: (v) =>
      `${describeSamples(v)}; y = ${row(v.y)}\nw = ${v.w.map(row).join(' ')}; neuron m = ${v.m + 1} on the hyperplane of sample n = ${v.n + 1}; cell 1 (I_nm = 0, sample × neuron) = ${patternOf(
        v.X,
        v.w,
      )
        .map((r) => r.join(''))
        .join(' ')}`,
    hypotheses: [
      'N = 3..6 homogeneous samples x_i = (u_i, 1) in ℝ^d, d = 2 or 3, u_i distinct small integers; targets small rationals',
      `K = 1..${maxK} hidden units; w_m on the hyperplane of sample n and off every other one (one facet between cell 1, I_nm = 0, and cell 2, I_nm = 1); every other w_j strictly inside its cell`,
      ...hypotheses,
    ],
  });
}
