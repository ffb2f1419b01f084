/**
 * Ding, Li & Sun (2019): the values the claims draw.
 *
 *  - quadraticSetups: a quadratic activation σ = α + βt + γt² with αβγ ≠ 0
 *    (so σ(0), σ′(0), σ″(0) ≠ 0, Theorem 5's condition), N = 3..6 distinct
 *    rational inputs, a scale λ ≠ 0 of the residual and m = 1..4 output-weight
 *    magnitudes; from it, §5's point (w, v) and targets y.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, smallRational } from '../../gen/arbitraries.js';
import { quadratic, type PolyActivation } from '../../model/activation.js';
import { theorem5Point, type Theorem5Point } from '../../papers/ding2019/index.js';
import { encQ } from '../codec.js';
import { instanceKind } from '../define.js';
import { rationalCodec, rationals } from '../schema.js';

export interface QuadraticSetup {
  /** α, β, γ of σ(t) = α + βt + γt² */
  alpha: Fraction;
  beta: Fraction;
  gamma: Fraction;
  /** the N inputs (pairwise distinct) */
  x: Fraction[];
  /** Δy = λ·q, q the residual of x∘x fitted on (1, x) */
  lambda: Fraction;
  /** |v_i|, i = 1..m */
  magnitudes: Fraction[];
}

export function quadraticSetupArbitrary(minM = 1, maxM = 4): fc.Arbitrary<QuadraticSetup> {
  return fc.record({
    alpha: nonzeroRational(6, 3),
    beta: nonzeroRational(6, 3),
    gamma: nonzeroRational(6, 3),
    x: fc.uniqueArray(smallRational(6, 3), { minLength: 3, maxLength: 6, selector: (q) => q.toFraction() }),
    lambda: nonzeroRational(6, 3),
    magnitudes: fc.array(
      nonzeroRational(6, 3).map((q) => q.abs()),
      { minLength: minM, maxLength: maxM },
    ),
  });
}

export function detectQuadraticSetup(v: QuadraticSetup): string | null {
  if (v.alpha.n === 0n || v.beta.n === 0n || v.gamma.n === 0n) return 'αβγ = 0: σ(0), σ′(0) or σ″(0) is 0';
  if (v.x.length < 3) return `N = ${v.x.length} < 3 samples`;
  if (new Set(v.x.map((q) => q.toFraction())).size !== v.x.length) return 'two inputs are equal';
  if (v.lambda.n === 0n) return 'λ = 0 (Δy = 0)';
  if (v.magnitudes.length < 1) return 'no hidden unit';
  if (v.magnitudes.some((a) => a.s <= 0n || a.n === 0n)) return 'a magnitude |v_i| is not positive';
  return null;
}

export const activationOf = (v: QuadraticSetup): PolyActivation => quadratic(v.alpha, v.beta, v.gamma);

/** §5's point for this setup: w = 0, v with the sign rule, y = ŷ + λq. */
export const theorem5Of = (v: QuadraticSetup): Theorem5Point =>
  theorem5Point(activationOf(v), v.alpha, v.gamma.mul(2), v.x, v.lambda, v.magnitudes);

export function describeQuadraticSetup(v: QuadraticSetup): string {
  const p = theorem5Of(v);
  return [
    `σ(t) = ${encQ(v.alpha)} + ${encQ(v.beta)}·t + ${encQ(v.gamma)}·t², N = ${v.x.length}, m = ${v.magnitudes.length}`,
    `x = (${v.x.map(encQ).join(', ')}), y = (${p.data.targets.map((t) => encQ(t[0])).join(', ')})`,
    `Δy = y − ŷ = (${p.dy.map(encQ).join(', ')}), c = ⟨Δy, x∘x⟩ = ${encQ(p.c)}, E = ${encQ(p.risk)}`,
    `w = (${p.w.map(encQ).join(', ')}), v = (${p.v.map(encQ).join(', ')})`,
  ].join('\n');
}

export const quadraticSetups = instanceKind<QuadraticSetup>({
  generate: () => quadraticSetupArbitrary(),
  detect: detectQuadraticSetup,
  codec: z.object({
    alpha: rationalCodec,
    beta: rationalCodec,
    gamma: rationalCodec,
    x: rationals,
    lambda: rationalCodec,
    magnitudes: rationals,
  }),
  describe: describeQuadraticSetup,
  hypotheses: [
    'σ(t) = α + βt + γt² with αβγ ≠ 0: σ(0), σ′(0), σ″(0) ≠ 0 (Theorem 5)',
    'N = 3..6 pairwise distinct rational inputs, m = 1..4 hidden units',
  ],
});
