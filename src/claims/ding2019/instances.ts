/**
 * Ding, Li & Sun (2019): the values the claims draw.
 *
 *  - quadraticSetups: a quadratic activation σ = α + βt + γt² with αβγ ≠ 0
 *    (so σ(0), σ′(0), σ″(0) ≠ 0, Theorem 5's condition), N = 3..6 distinct
 *    rational inputs, a scale λ ≠ 0 of the residual and m = 1..4 output-weight
 *    magnitudes; from it, §5's point (w, v) and targets y;
 *  - linearPieceSetups: Theorem 2's activations with a linear piece, data and
 *    the generic small weights of Appendix C.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { nonzeroRational, randomPwl, smallRational } from '../../gen/arbitraries.js';
import { detectDistinct, detectNotAffine, nonAffineDataset } from '../../gen/data.js';
import { leakyRelu, quadratic, relu, type PolyActivation, type PwlActivation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { ONE } from '../../numeric/rational.js';
import {
  linearPieceCentre,
  pieceAround,
  simplexLattice,
  theorem2PointInside,
  theorem5Point,
  type Theorem5Point,
} from '../../papers/ding2019/index.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, integer, pwlActivationCodec, rationalCodec, rationals } from '../schema.js';

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

/** The JSON form of a QuadraticSetup (extended by claims that add fields). */
export const quadraticSetupCodec = z.object({
  alpha: rationalCodec,
  beta: rationalCodec,
  gamma: rationalCodec,
  x: rationals,
  lambda: rationalCodec,
  magnitudes: rationals,
});

export const quadraticSetups = instanceKind<QuadraticSetup>({
  generate: () => quadraticSetupArbitrary(),
  detect: detectQuadraticSetup,
  codec: quadraticSetupCodec,
  describe: describeQuadraticSetup,
  hypotheses: [
    'σ(t) = α + βt + γt² with αβγ ≠ 0: σ(0), σ′(0), σ″(0) ≠ 0 (Theorem 5)',
    'N = 3..6 pairwise distinct rational inputs, m = 1..4 hidden units',
  ],
});

/**
 * Theorem 2's setups: a PWL activation with a piece of nonzero slope (ReLU,
 * leaky ReLU, random), a point a inside it, d₀ ∈ {1, 2}, N = d₀ + 2..5 distinct
 * inputs with targets no affine map fits (Assumption 3(c)), H = 1..3 hidden
 * layers each wider than d₀ (Assumption 3(b)), and the generic small weights
 * R_h and bias offsets U_h of Appendix C.
 */
export interface LinearPieceSetup {
  act: PwlActivation;
  a: Fraction;
  data: Dataset;
  /** hidden widths d₁ … d_H */
  hidden: number[];
  R: Fraction[][];
  U: Fraction[][];
}

const smallEntries = (n: number) => fc.array(nonzeroRational(4, 3), { minLength: n, maxLength: n });

export function linearPieceArbitrary(o: { atLeastN?: boolean } = {}): fc.Arbitrary<LinearPieceSetup> {
  return fc
    .record({
      act: fc.oneof(
        fc.constant(relu()),
        nonzeroRational(3, 4).map((s) => leakyRelu(s)),
        randomPwl(),
      ),
      piece: fc.nat(3),
      d0: fc.integer({ min: 1, max: 2 }),
      H: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ act, piece, d0, H }) =>
      nonAffineDataset(d0, { minN: d0 + 2, maxN: 5 }).chain((data) => {
        const lo = o.atLeastN ? data.inputs.length : d0 + 1;
        return fc.array(fc.integer({ min: lo, max: lo + 2 }), { minLength: H, maxLength: H }).chain((hidden) => {
          const ins = [d0, ...hidden.slice(0, -1)];
          return fc
            .record({
              R: fc.tuple(...hidden.map((d, h) => smallEntries(d * ins[h]))),
              U: fc.tuple(...hidden.map((d) => smallEntries(d))),
            })
            .map(({ R, U }) => ({
              act,
              a: linearPieceCentre(act, piece) ?? ONE,
              data,
              hidden,
              R: R as Fraction[][],
              U: U as Fraction[][],
            }));
        });
      }),
    );
}

const widthsOfSetup = (v: LinearPieceSetup) => [v.data.inputs[0].length, ...v.hidden, v.data.targets[0].length];

export const theorem2Of = (v: LinearPieceSetup) => theorem2PointInside({ ...v, widths: widthsOfSetup(v) });

export function detectLinearPieceSetup(v: LinearPieceSetup): string | null {
  const d0 = v.data.inputs[0]?.length ?? 0;
  const piece = pieceAround(v.act, v.a);
  if (!piece) return `a = ${encQ(v.a)} is a breakpoint of σ`;
  const k = v.act.breakpoints.filter((b) => b.compare(v.a) < 0).length;
  if (v.act.slopes[k].n === 0n) return `σ is constant around a = ${encQ(v.a)} (Assumption 3(a) with slope 0)`;
  if (v.hidden.length < 1) return 'no hidden layer';
  if (v.hidden.some((d) => d <= d0)) return 'a hidden layer is not wider than the input (Assumption 3(b))';
  const ins = [d0, ...v.hidden.slice(0, -1)];
  if (v.R.length !== v.hidden.length || v.R.some((r, h) => r.length !== v.hidden[h] * ins[h]))
    return 'the weight lists do not match the widths';
  if (v.U.length !== v.hidden.length || v.U.some((u, h) => u.length !== v.hidden[h]))
    return 'the bias lists do not match the widths';
  const notAffine = detectDistinct(v.data) ?? detectNotAffine(v.data);
  if (notAffine) return notAffine;
  const p = theorem2Of(v);
  if (p.rankT !== p.rankX)
    return `the choice is not generic: rank T_H = ${p.rankT} < rank [X; 1ᵀ] = ${p.rankX} (eq. 56 fails)`;
  return null;
}

export function describeLinearPieceSetup(v: LinearPieceSetup): string {
  const p = theorem2Of(v);
  return [
    `σ = ${v.act.name ?? 'pwl'} (breakpoints ${v.act.breakpoints.map(encQ).join(', ') || 'none'}; slopes ${v.act.slopes.map(encQ).join(', ')}), a = ${encQ(v.a)}, ε = ${encQ(p.eps)}`,
    `widths ${widthsOfSetup(v).join('-')}`,
    dataTable(v.data),
    paramTable(p.net, p.theta),
  ].join('\n');
}

export const linearPieceSetups = instanceKind<LinearPieceSetup>({
  generate: () => linearPieceArbitrary(),
  detect: detectLinearPieceSetup,
  codec: z.object({
    act: pwlActivationCodec,
    a: rationalCodec,
    data: datasetCodec,
    hidden: z.array(integer),
    R: z.array(rationals),
    U: z.array(rationals),
  }),
  describe: describeLinearPieceSetup,
  hypotheses: [
    'Assumption 3(a): σ is linear with nonzero slope on an open interval around a',
    'Assumption 3(b): every hidden layer is wider than the input',
    'Assumption 3(c): no affine map fits the targets (N ≥ d₀ + 2 distinct inputs)',
    'the generic choice of Appendix C: rank T_H = rank [X; 1ᵀ] (eq. 56)',
  ],
});

/** A key of an input row (for distinctness). */
export const inputKey = (r: readonly Fraction[]) => r.map((q) => q.toFraction()).join(',');

/** The degree-2 simplex lattice in d₀ dimensions followed by the given integer points not already in it. */
export function latticeWith(d0: number, extra: readonly (readonly number[])[]): Fraction[][] {
  const lattice = simplexLattice(d0);
  const seen = new Set(lattice.map(inputKey));
  const more = extra.map((r) => r.map((k) => new Fraction(k))).filter((r) => !seen.has(inputKey(r)));
  return [...lattice, ...more];
}
