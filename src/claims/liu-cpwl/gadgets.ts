/**
 * Liu (2022) §6.1.4, eqs. (16)–(17), Fig. 3: the min and max gadgets,
 * min(a, b) = σ(σ(b) − σ(b − a)) and max(a, b) = σ(σ(a) + σ(b − a)), each run
 * as the two-ReLU-layer network the paper draws (input (a, b), two gadget
 * units, one combination unit, a linear read-out), exactly. The paper states
 * them for a, b ≥ 0; read for all real a, b they are false (a shift c is why
 * layer 1 adds c to every piece).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smallRational } from '../../gen/arbitraries.js';
import { dataset } from '../../model/data.js';
import { exactOutputs } from '../../model/exact.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import { toNetwork } from '../../papers/liu-cpwl/index.js';
import { encQ } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { rationalCodec } from '../schema.js';
import type { Outcome } from '../types.js';
import { liuCpwl } from './paper.js';

interface Pair {
  a: Fraction;
  b: Fraction;
}

const M = ONE.neg();
/** Fig. 3: (a, b) → gadget units → combination unit σ(n1 ∓ n2) → linear read-out. */
const gadget = (kind: 'min' | 'max') =>
  toNetwork({
    W: [
      kind === 'min'
        ? [
            [ZERO, ONE],
            [M, ONE],
          ]
        : [
            [ONE, ZERO],
            [M, ONE],
          ],
      [[ONE, kind === 'min' ? M : ONE]],
      [[ONE]],
    ],
    b: [[ZERO, ZERO], [ZERO], [ZERO]],
  });
const nets = { min: gadget('min'), max: gadget('max') };

function checkGadgets(v: Pair): Outcome {
  for (const kind of ['min', 'max'] as const) {
    const { net, theta } = nets[kind];
    const got = exactOutputs(net, theta, dataset([[v.a, v.b]], [[ZERO]]))[0][0];
    const want = kind === 'min' ? (v.a.compare(v.b) <= 0 ? v.a : v.b) : v.a.compare(v.b) >= 0 ? v.a : v.b;
    if (!got.equals(want))
      return refuted(
        `the ${kind} gadget computes ${kind}(a, b)`,
        `at a = ${encQ(v.a)}, b = ${encQ(v.b)} the ${kind} gadget outputs ${encQ(got)}, but ${kind}(a, b) = ${encQ(want)}`,
        { kind, a: encQ(v.a), b: encQ(v.b), network: encQ(got), want: encQ(want) },
      );
  }
  return proved();
}

const codec = z.object({ a: rationalCodec, b: rationalCodec });
const describe = (v: Pair) => `a = ${encQ(v.a)}, b = ${encQ(v.b)}`;
const nonnegative = (x: Fraction) => (x.s < 0n ? x.neg() : x);

const nonnegativePairs = instanceKind<Pair>({
  // ties a = b and zeros are drawn often (fast-check biases toward small values)
  generate: () =>
    fc
      .record({ a: smallRational(12, 4), b: smallRational(12, 4), tie: fc.boolean() })
      .map(({ a, b, tie }) => ({ a: nonnegative(a), b: tie ? nonnegative(a) : nonnegative(b) })),
  detect: (v) => (v.a.s < 0n || v.b.s < 0n ? 'a or b is negative' : null),
  codec,
  describe,
  hypotheses: ['a, b ≥ 0 rational (ties a = b and zeros included)'],
});

const anyPairs = instanceKind<Pair>({
  generate: () => fc.record({ a: smallRational(12, 4), b: smallRational(12, 4) }),
  codec,
  describe,
  hypotheses: ['a, b any rationals'],
});

export const gadgetsNonnegative = liuCpwl.claim({
  id: 'liu-cpwl.gadgets.nonnegative',
  section: '§6.1.4, eqs. (16)–(17), Fig. 3',
  title: 'The min and max gadgets compute min(a, b) and max(a, b) for a, b ≥ 0',
  statement:
    'For a, b ≥ 0: σ(σ(b) − σ(b − a)) = min(a, b) and σ(σ(a) + σ(b − a)) = max(a, b), each computed exactly by the two-ReLU-layer network of Fig. 3 (two gadget units, one combination unit).',
  instance: nonnegativePairs,
  check: checkGadgets,
});

export const gadgetsAllReals = liuCpwl.claim({
  id: 'liu-cpwl.gadgets.all-reals',
  section: '§6.1.4, eqs. (16)–(17) read without a, b ≥ 0',
  title: 'The gadget identities read for all real a, b (false: they need a, b ≥ 0)',
  statement:
    'The same identities for every rational a, b. False as soon as an input is negative: the outer ReLU cannot output a negative minimum. This reading is why the construction adds a shift c to every piece (eq. (15)).',
  instance: anyPairs,
  expected: 'refuted',
  correctedBy: 'liu-cpwl.gadgets.nonnegative',
  check: checkGadgets,
});
