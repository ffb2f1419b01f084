/**
 * Ding, Li & Sun (2019): the values the deep-construction claims draw (§6,
 * Theorem 1; Lemma 4). A polynomial σ given by its Taylor coefficients at a
 * (σ(a) ≠ 0, σ′(a) of the required sign, σ″(a) ≠ 0, a cubic term or none),
 * or the fixed 1 + t + t² at a = 0 and t² at a = 1 (1 − t + t² at a = 0 when
 * σ′(a) < 0); H hidden layers of widths 1..3; d₀ ∈ {1, 2} with N = K..K + 2
 * inputs containing the degree-2 simplex lattice (Assumption 1(b)); positive
 * weights for layers 2..H+1; α > 0 for Lemma 3's residual; and three
 * rational directions in parameter space.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import * as P from '../../linalg/polynomial.js';
import {
  derivativesAt,
  lemma3Duals,
  theorem1Point,
  type SignRule,
  type Theorem1Choice,
} from '../../papers/ding2019/index.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { instanceKind } from '../define.js';
import { integer, rationalCodec, rationalRows, rationals } from '../schema.js';
import { inputKey, latticeWith } from './instances.js';

export interface DeepSetup extends Theorem1Choice {
  sigma: Fraction[];
  inputs: Fraction[][];
  hidden: number[];
  weights: Fraction[][];
  alpha: Fraction[][];
  /** directions in parameter space (θ's order), each of the net's parameter count */
  directions: Fraction[][];
}

const posQ = (maxN: number, maxD: number) =>
  fc.integer({ min: 1, max: maxN }).chain((n) => fc.integer({ min: 1, max: maxD }).map((d) => new Fraction(n, d)));
const anyQ = (maxN: number, maxD: number) =>
  fc.integer({ min: -maxN, max: maxN }).chain((n) => fc.integer({ min: 1, max: maxD }).map((d) => new Fraction(n, d)));
const nonzeroQ = (maxN: number, maxD: number) =>
  fc.tuple(posQ(maxN, maxD), fc.boolean()).map(([q, neg]) => (neg ? q.neg() : q));

/** σ(t) = Σ_k c_k (t − a)^k, expanded in powers of t. */
const taylorAt = (c: readonly Fraction[], a: Fraction): Fraction[] => {
  const p = P.shift(P.poly([...c]), a.neg());
  return Array.from({ length: c.length }, (_, k) => p[k] ?? new Fraction(0));
};

/** σ′(a) > 0 ('increasing') or < 0 ('decreasing'), σ(a), σ″(a) ≠ 0. */
export type Slope = 'increasing' | 'decreasing';

function activations(slope: Slope): fc.Arbitrary<{ sigma: Fraction[]; a: Fraction }> {
  const F = (x: number) => new Fraction(x);
  const fixed =
    slope === 'increasing'
      ? [
          { sigma: [F(1), F(1), F(1)], a: F(0) },
          { sigma: [F(0), F(0), F(1)], a: F(1) },
        ]
      : [{ sigma: [F(1), F(-1), F(1)], a: F(0) }];
  const random = fc
    .record({
      a: anyQ(2, 2),
      c0: nonzeroQ(3, 2),
      c1: posQ(3, 2).map((q) => (slope === 'increasing' ? q : q.neg())),
      c2: nonzeroQ(3, 2),
      c3: fc.option(nonzeroQ(1, 2), { nil: undefined }),
    })
    .map(({ a, c0, c1, c2, c3 }) => ({ sigma: taylorAt(c3 ? [c0, c1, c2, c3] : [c0, c1, c2], a), a }));
  return fc.oneof(fc.constantFrom(...fixed), random);
}

export const paramCountOf = (d0: number, hidden: readonly number[], dOut: number): number => {
  const w = [d0, ...hidden, dOut];
  let n = 0;
  for (let h = 1; h < w.length; h++) n += w[h] * w[h - 1] + (h < w.length - 1 ? w[h] : 0);
  return n;
};

export function deepSetupArbitrary(
  slope: Slope,
  o: { minH?: number; maxH?: number; maxWidth?: number; maxWeight?: number; maxAlpha?: number } = {},
): fc.Arbitrary<DeepSetup> {
  const maxWeight = o.maxWeight ?? 3;
  return fc
    .record({
      act: activations(slope),
      d0: fc.integer({ min: 1, max: 2 }),
      dOut: fc.integer({ min: 1, max: 2 }),
      hidden: fc.array(fc.integer({ min: 1, max: o.maxWidth ?? 3 }), {
        minLength: o.minH ?? 1,
        maxLength: o.maxH ?? 3,
      }),
    })
    .chain(({ act, d0, dOut, hidden }) => {
      const w = [...hidden, dOut];
      return fc
        .record({
          extra: fc.uniqueArray(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d0, maxLength: d0 }), {
            maxLength: 2,
            selector: (r) => r.join(','),
          }),
          weights: fc.tuple(
            ...w.slice(1).map((d, h) => fc.array(posQ(maxWeight * 2, 2), { minLength: d * w[h], maxLength: d * w[h] })),
          ),
          alpha: fc.array(fc.array(posQ(o.maxAlpha ?? 9, 2), { minLength: d0, maxLength: d0 }), {
            minLength: dOut,
            maxLength: dOut,
          }),
          directions: fc.array(
            fc.array(anyQ(3, 2), {
              minLength: paramCountOf(d0, hidden, dOut),
              maxLength: paramCountOf(d0, hidden, dOut),
            }),
            { minLength: 3, maxLength: 3 },
          ),
        })
        .map(({ extra, weights, alpha, directions }) => ({
          ...act,
          inputs: latticeWith(d0, extra),
          hidden,
          weights: weights as Fraction[][],
          alpha,
          directions,
        }));
    });
}

export function detectDeepSetup(v: DeepSetup, slope: Slope): string | null {
  if (!v.sigma.length) return 'σ has no coefficients';
  if (P.degree(P.poly(v.sigma)) < 1) return 'σ is constant';
  const [s0, s1, s2] = derivativesAt(v.sigma, v.a);
  if (s0.n === 0n) return 'σ(a) = 0 (Assumption 2(b))';
  if (s2.n === 0n) return 'σ″(a) = 0 (Assumption 2(b))';
  if (s1.n === 0n) return 'σ′(a) = 0 (Assumption 2(b))';
  if (s1.s > 0n !== (slope === 'increasing')) return `σ′(a) ${slope === 'increasing' ? '< 0' : '> 0'}`;
  const d0 = v.inputs[0]?.length ?? 0;
  if (d0 < 1 || v.inputs.some((r) => r.length !== d0)) return 'inputs of unequal or zero dimension';
  if (v.hidden.length < 1 || v.hidden.some((d) => !Number.isInteger(d) || d < 1)) return 'a hidden width is not ≥ 1';
  const dOut = v.alpha.length;
  if (dOut < 1 || v.alpha.some((r) => r.length !== d0 || r.some((a) => a.s < 0n || a.n === 0n)))
    return 'α is not d₀ positive numbers per output';
  const w = [...v.hidden, dOut];
  if (v.weights.length !== v.hidden.length || v.weights.some((r, h) => r.length !== w[h + 1] * w[h]))
    return 'the weight lists do not match the widths';
  if (v.weights.some((r) => r.some((x) => x.s < 0n || x.n === 0n))) return 'a weight of layers 2..H+1 is not positive';
  if (v.directions.some((d) => d.length !== paramCountOf(d0, v.hidden, dOut)))
    return 'a direction has the wrong length';
  if (new Set(v.inputs.map(inputKey)).size !== v.inputs.length) return 'two inputs are equal';
  return lemma3Duals(v.inputs) ? null : 'Assumption 1(b) fails: the distinct vectors of 𝒳 are dependent';
}

export const deepPointOf = (v: DeepSetup, rule: SignRule = 'printed') => theorem1Point(v, rule);

export function describeDeepSetup(v: DeepSetup, rule: SignRule = 'printed'): string {
  const p = deepPointOf(v, rule);
  const [s0, s1, s2] = [p.s0, p.s1, p.s2].map(encQ);
  return [
    `σ(t) = ${P.polyToString(P.poly(v.sigma))}, a = ${encQ(v.a)}: σ(a) = ${s0}, σ′(a) = ${s1}, σ″(a) = ${s2}; sign rule: ${rule}`,
    `widths ${[v.inputs[0].length, ...v.hidden, v.alpha.length].join('-')}, N = ${v.inputs.length}`,
    `ΔY = Ŷ(W) − Y: ${p.dY.map((r) => `(${r.map(encQ).join(', ')})`).join(' ')}`,
    dataTable(p.data),
    paramTable(p.net, p.theta),
    `directions: ${v.directions.map((d) => `(${d.map(encQ).join(', ')})`).join(' ')}`,
  ].join('\n');
}

export function deepSetups(slope: Slope, o: Parameters<typeof deepSetupArbitrary>[1] = {}) {
  return instanceKind<DeepSetup>({
    generate: () => deepSetupArbitrary(slope, o),
    detect: (v) => detectDeepSetup(v, slope),
    codec: z.object({
      sigma: rationals,
      a: rationalCodec,
      inputs: rationalRows,
      hidden: z.array(integer),
      weights: rationalRows,
      alpha: rationalRows,
      directions: rationalRows,
    }),
    describe: (v) => describeDeepSetup(v),
    hypotheses: [
      `Assumption 2 at a, with σ′(a) ${slope === 'increasing' ? '> 0' : '< 0'}: σ a polynomial with σ(a), σ″(a) ≠ 0`,
      'Assumption 1(b) with the distinct vectors: d₀ ∈ {1, 2}, N = K..K + 2 inputs containing the degree-2 simplex lattice',
      `H = ${o.minH ?? 1}..${o.maxH ?? 3} hidden layers of widths 1..${o.maxWidth ?? 3}, one or two outputs; weights of layers 2..H+1 > 0; α_{i,j} > 0`,
    ],
  });
}
