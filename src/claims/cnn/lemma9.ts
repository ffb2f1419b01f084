/**
 * Lemma 9 of "Spurious local minima provably exist for deep CNNs" (App. C,
 * eqs. 25/26; §3.2 Lemma 4): θ′ has exactly the outputs of θ — corrected,
 * proved on the whole ranges; and as printed, refuted.
 */
import { proved } from '../define.js';
import { describeGeneric, generic, genericSetup } from './generic.js';
import { literal, literalCheck } from './literal.js';
import { paper } from './parts.js';
import { case1Failure, case2Failure } from './theta-prime.js';

export const lemma9Case1 = paper.claim({
  id: 'cnn.lemma9.theta-prime-case1',
  section:
    '§3.2 Lemma 4 (informal) = App. C Lemma 9, eq. (25), case η ≥ −b; proof G.3 eqs. (32)–(39); corrected: b_t^{L−3} unchanged',
  title:
    'Lemma 9 case 1 (corrected): θ′ has exactly the outputs of θ, for every β = η + b ≥ 0 (proved on the whole ray)',
  statement:
    'With b = b_t^{L−3} kept and β = η + b ≥ 0: L−2 map 1 = (filter −E_t, bias +β), map 2 = (+E_t, −β); L−1 map 1 = (−E_1, +β), map 2 = (+E_2, +β); W′^L(k, maps 1, 2) = w, W′^L(k, map t+2) = 0, b′^L_k = b^L_k − βΣw (E_c: the filter with 1 at the centre tap of input channel c). Claim: for EVERY β ≥ 0 every output of every sample is exactly that of θ (σ(β − σ(β − a)) + σ(σ(a − β) + β) − β = a for a ≥ 0). ' +
    "Proof on the whole ray, exact: θ′ is affine in β (only biases move), so each output is a continuous piecewise-linear function of β whose kinks lie where a pre-activation changes sign. The only pre-activations that depend on β are β − a and a − β (L−2 maps 1, 2; sign change at β = a) and β − σ(β − a), σ(a − β) + β (L−1 maps 1, 2; never negative for β ≥ 0), where a = a_i^j ranges over the L−3 outputs of channel t. So all kinks lie in {a_i^j}. The check compares the exact outputs with θ's at β = 0, at every a_i^j, at the midpoint of each pair of consecutive a values, at max a + 1 and max a + 2, and at the drawn β: two agreeing points on every affine piece (including the unbounded last one) prove equality for all β ≥ 0.",
  instance: generic,
  describe: (v) => describeGeneric(v, { uses: ['channel', 'beta'] }),
  runs: 200,
  check: (v) => {
    const st = genericSetup(v);
    return case1Failure(st, v.data, v.beta) ?? proved();
  },
});

export const lemma9Case2 = paper.claim({
  id: 'cnn.lemma9.theta-prime-case2',
  section:
    'App. C Lemma 9, eq. (26), case η < −b; proof G.3 eqs. (40)–(49); corrected: the old bias in b_{t+2}^{L−1} = η + b',
  title:
    'Lemma 9 case 2 (corrected): θ′ has exactly the outputs of θ, for every η < −b and b̃ ≥ −min v (proved on the whole region)',
  statement:
    'Set b_t^{L−3} := b̃ ≥ −min_{i,j} v_i^j (channel t on for every sample), L−2 maps 1, 2 and t+2 = (E_t, −(η + b̃)), b^{L−1}_{t+2} = η + b with the ORIGINAL b, W′^L(k, map 1) = w, W′^L(k, map 2) = −w. Claim: for EVERY η < −b and b̃ ≥ −min v every output is exactly that of θ (paths 1 and 2 cancel, path 3 is σ(σ(v − η) + η + b) = σ(v + b)). ' +
    "Proof on the whole region, exact: θ′ is affine in (η, b̃) (only biases move). For b̃ ≥ −min v the L−3 units of channel t are on, so the L−2 pre-activations of maps 1, 2, t+2 are v − η (b̃ cancels) and nothing else depends on b̃: for fixed η the outputs are affine in b̃ on [−min v, ∞). For fixed b̃ they are continuous piecewise linear in η with kinks only at η = v_i^j (the L−1 pre-activations σ(v − η) and σ(v − η) + η + b change sign nowhere else when η < −b). The check compares exact outputs with θ's at b̃ ∈ {−min v, the drawn b̃, −min v + extra + 1} and, for each, η at every v below −b, the midpoints between consecutive ones, one point below the smallest, the midpoint between the largest and −b (or −b − 1, −b − 2 if no v is below −b), and the drawn η: two agreeing points on every affine piece prove equality on the whole region.",
  instance: generic,
  describe: (v) => describeGeneric(v, { uses: ['channel', 'gap', 'extra'] }),
  runs: 200,
  check: (v) => {
    const st = genericSetup(v);
    return case2Failure(st, v.data, v) ?? proved();
  },
});

export const lemma9Literal1 = paper.claim({
  id: 'cnn.lemma9.literal-case1',
  section: 'App. C Lemma 9, eq. (25) as printed (case η ≥ −b)',
  title: 'Lemma 9 case 1 as printed (the L−3 bias reassigned to −min v and that value used in every formula) keeps R',
  statement:
    "Eq. (25) also sets the L−3 bias b_1^{L−3} := −min_{i,j} v_i^j and writes every bias of θ′ with that symbol (β = η + b_1^{L−3}). Claim, under the lemma's hypotheses (Assumption 1, non-degeneracy, R(θ) > 0, the split (channel, η) of Lemma 2 in case 1): R(θ′) = R(θ). Generated instances have every L−3 unit on (bias −min v + margin ≥ 1), so the split is in case 1 by construction.",
  instance: literal(1),
  expected: 'refuted',
  generatorVersion: 2,
  runs: 200,
  check: literalCheck,
  correctedBy: 'cnn.lemma9.theta-prime-case1',
});

export const lemma9Literal2 = paper.claim({
  id: 'cnn.lemma9.literal-case2',
  section: 'App. C Lemma 9, eq. (26) as printed (case η < −b)',
  title: 'Lemma 9 case 2 as printed (b_3^{L−1} = η + b_1^{L−3} with the reassigned b_1^{L−3} = −min v) keeps R',
  statement:
    "Eq. (26) sets the L−3 bias b_1^{L−3} := −min v and the L−1 bias of the copy map b_3^{L−1} = η + b_1^{L−3}, the same symbol. Claim, under the lemma's hypotheses (Assumption 1, non-degeneracy, R(θ) > 0, the split (channel, η) of Lemma 2 in case 2): R(θ′) = R(θ). Generated instances have two L−3 channels, the first off on every sample (so any threshold inside its v range is below −b: case 2 by construction) and the second on everywhere (which gives Assumption 1 and non-degeneracy).",
  instance: literal(2),
  expected: 'refuted',
  generatorVersion: 2,
  runs: 200,
  check: literalCheck,
  correctedBy: 'cnn.lemma9.theta-prime-case2',
});

export const lemma9Claims = [lemma9Case1, lemma9Case2, lemma9Literal1, lemma9Literal2];
