/**
 * App. D of "Spurious local minima provably exist for deep CNNs" (the general
 * case) with an average pooling of size 2 between L−1 and the FC layer: the
 * statements of Lemmas 9, 10 and 6 (as printed and repaired) on the pooled
 * network, decided by the same deciders as on the plain network.
 * Constructions: src/papers/cnn/ with the POOLED variant.
 */
import { planLemma10, POOLED, residuals } from '../../papers/cnn/index.js';
import { proved } from '../define.js';
import { lemma10Decide } from './descent.js';
import { describeGeneric, genericSetup, pooledGeneric } from './generic.js';
import { pooledGenuine } from './instances.js';
import { genuineLocalMin, repairedLocalMin } from './local-min.js';
import { paper } from './parts.js';
import { case1Failure, case2Failure } from './theta-prime.js';

export const thetaPrimeWithPooling = paper.claim({
  id: 'cnn.appd.theta-prime-with-pooling',
  section: 'App. D (general case) with App. C Lemma 9, eqs. (25)/(26) (corrected), pooling as in App. A eq. (11)',
  title:
    'App. D: with average pooling before the FC layer, the corrected θ′ of Lemma 9 (both cases) has exactly the outputs of θ',
  statement:
    'Insert a non-overlapping size-2 average pooling between layer L−1 and the FC layer, which now reads the pooled maps. Build θ′ as in Lemma 9 with the FC weights of the pooled maps: case 1 (b_t^{L−3} kept, β = η + b ≥ 0): L−2 map 1 = (−E_t, +β), map 2 = (+E_t, −β), L−1 map 1 = (−E_1, +β), map 2 = (+E_2, +β), FC weights on pooled maps 1 and 2 := the pooled copy weights w, those on the copy map := 0, b^L_k −= βΣw; case 2 (η < −b, b̃ ≥ −min v): b_t^{L−3} := b̃, L−2 maps 1, 2 and the copy map = (E_t, −(η + b̃)), L−1 copy-map bias η + b with the original b, FC on pooled maps 1, 2 := w and −w. Claim (the paper: "since average pooling operation is linear, the average poolings in feature maps of different paths are finally aggregated in the first fully connected layer"): every output of every sample equals that of θ, for every β ≥ 0 (case 1) and every η < −b, b̃ ≥ −min v (case 2). ' +
    'Proved on the whole ranges, exactly: only biases move, pooling adds no kink, so each output is piecewise linear in β (kinks only at the L−3 outputs a of channel t) resp. in η (kinks only at the v of channel t) and affine in b̃; the check compares exact outputs at two points of every affine piece (every kink, midpoints, two points beyond the last kink, and the drawn values).',
  instance: pooledGeneric,
  describe: (v) => describeGeneric(v, { variant: POOLED, uses: ['channel', 'beta', 'gap', 'extra'] }),
  runs: 200,
  check: (v) => {
    const st = genericSetup(v, POOLED);
    return case1Failure(st, v.data, v.beta, POOLED) ?? case2Failure(st, v.data, v, POOLED) ?? proved();
  },
});

export const descentWithPooling = paper.claim({
  id: 'cnn.appd.descent-with-pooling',
  section: 'App. D (general case) with App. C Lemma 10, eqs. (27)–(28), proof G.4; pooling App. A eq. (11)',
  title:
    'App. D: through the average pooling, the Lemma 10 bias perturbation of θ′ moves o_{i,k} by δb·D̃_i (D̃ with w̃ = Poolᵀ·FC weights) and lowers the risk, exactly quadratically',
  statement:
    'With the pooled network and θ′ of Lemma 9 (corrected, pooled FC), perturb b_2^{L−2} (case 1) or b_1^{L−2} (case 2) by δb. The perturbation passes through the pooling as an average, so with w̃ = (pooling matrix)ᵀ·(FC weights of output k on the pooled copy of channel t), i.e. w̃^j = ½·w^{⌊j/2⌋} at L−3 location j, D̃_i = Σ_j w̃^j·1[v_i^j > η] and G̃ = Σ_i u_i D̃_i: for |δb| < ρ (ρ = distance of η, resp. β, to the nearest v, resp. σ(v + b)), output k of sample i moves by exactly δb·D̃_i, the other outputs stay, R(θ′ + δb) = R(θ) + (δb/N)G̃ + (δb²/2N)ΣD̃² exactly, and R(θ′ + δb*) < R(θ) at δb* = −sgn(G̃)·min(ρ/2, |G̃|/ΣD̃²). The (channel, η) is chosen with G̃ ≠ 0 (the corrected biggest-threshold rule with w̃, else the first gap of v with G̃ ≠ 0), η ∉ {v}, η ≠ −b; under the biggest-threshold rule, G̃ = w̃^h·s_{q1(h)}. Checked exactly at δb*, −δb*, ±(9/10)ρ.',
  instance: pooledGeneric,
  describe: (v) => describeGeneric(v, { variant: POOLED, uses: ['extra'] }),
  hypotheses: [
    'a (channel, output, η) with G̃ = Σ_i u_i D̃_i ≠ 0 exists (the descent needs it; instances without one are rejected and counted)',
  ],
  runs: 200,
  detect: (v) => {
    const st = genericSetup(v, POOLED);
    return planLemma10(st.s, st.params, residuals(st.net, st.theta, v.data), v.data, v.extra, POOLED)
      ? null
      : 'no (channel, output, η) with G̃ ≠ 0 (no usable split)';
  },
  check: (v) => {
    const st = genericSetup(v, POOLED);
    return lemma10Decide(st.net, st.s, st.params, st.theta, v.data, v.extra, POOLED);
  },
});

export const lemma6WithPooling = paper.claim({
  id: 'cnn.appd.lemma6-with-pooling',
  section:
    'App. D (general case: "by reserving the first two feature maps … we can obtain a local minimum θ") with App. C Lemma 6, eq. (23); proof G.1',
  title:
    'App. D as printed: with average pooling before the FC layer, the eq. (23) point of a subnetwork local minimum is a local minimum of the whole CNN',
  statement:
    "App. D says that, with pooling layers above the two consecutive conv layers, reserving the first two feature maps (zero filters, biases and FC weights, as in eq. 23) and minimising the loss of the remaining subnetwork gives a local minimum θ. Claim: for a genuine subnetwork local minimum (all L−3 units on, FC on the pooled copies the exact least-squares fit), θ is a local minimum of the whole pooled network. Decided exactly: the rays through the reserved L−2 map 1 (filter ε·c, bias −ε·τ, FC weight ±ε on one pooled position of L−1 map 1, which copies it) change the risk by −(|F|/N)ε² + O(ε⁴) with F = Σ_i u_i·(pooled σ(c·z_i − τ)); (c, τ) are computed from the instance and the descent confirmed by the exact curve analysis; if none, the toolkit's exact descent search.",
  instance: pooledGenuine,
  expected: 'refuted',
  correctedBy: 'cnn.appd.lemma6-repaired-with-pooling',
  runs: 100,
  check: (v) =>
    genuineLocalMin(
      v,
      (risk) =>
        `θ (eq. 23 on the pooled network, a genuine subnetwork local minimum, R(θ) = ${risk}) is a local minimum of the whole network`,
      POOLED,
    ),
});

export const lemma6RepairedWithPooling = paper.claim({
  id: 'cnn.appd.lemma6-repaired-with-pooling',
  section: 'App. D (general case) with App. C Lemma 6, eq. (23), and our repair (reserved-map biases −1 instead of 0)',
  title:
    'App. D repaired: with average pooling and the reserved maps strictly off (bias −1), θ is a local minimum of the whole CNN',
  statement:
    "Our repair, not the paper's construction: in eq. (23) on the pooled network give the reserved maps 1, 2 of layers L−2 and L−1 (and any map that copies nothing) bias −1 instead of 0. Their outputs stay 0, so every output is unchanged, but no unit sits on a ReLU kink. Claim: for a genuine subnetwork local minimum the repaired θ is strictly inside one activation cell and is a local minimum of the whole pooled network, proved exactly by the toolkit (inside the cell the network is affine in x on every sample, and θ attains the best affine fit).",
  instance: pooledGenuine,
  hypotheses: [
    'OUR REPAIR of eq. (23): the reserved maps 1, 2 of L−2 and L−1 (and any map that copies nothing) get bias −1 instead of 0',
  ],
  runs: 200,
  check: (v) => repairedLocalMin(v, POOLED),
});

export const appendixDClaims = [
  thetaPrimeWithPooling,
  descentWithPooling,
  lemma6WithPooling,
  lemma6RepairedWithPooling,
];
