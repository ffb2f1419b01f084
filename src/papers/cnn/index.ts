/**
 * "Spurious local minima provably exist for deep convolutional neural
 * networks" (paper file cnn-spurious-minima.txt): the constructions, exact in
 * rationals for the squared loss, in the paper's order.
 *
 *   ./network.ts    the CNN (plain, or App. D's average pooling before the FC: `CnnVariant`), θ by blocks
 *   ./layer3.ts     the L−3 pre-activations v, outputs a, forwarded features, patches
 *   ./split.ts      Lemmas 2/3: the data split (eqs. 7–8, 31) as exact combinatorics
 *   ./lemma6.ts     Lemma 6 (eq. 23): θ, the stationary output bias, least squares, our repair
 *   ./reserved.ts   note §5h: the second-order descent at θ through a reserved map
 *   ./lemma9.ts     Lemma 9 (eqs. 25/26): θ′, corrected and as printed
 *   ./lemma10.ts    Lemma 10 (eqs. 27/28): the split plan and the one-bias perturbation of θ′
 *   ./rescale.ts    note §5g rescaling, Lemma 11's FC-row perturbations
 *   ./pooling.ts    App. D: the pooling matrix and w̃ = Poolᵀ·w
 *   ./top.ts        App. D: FC layers above the first, forwarding its outputs (the offset c and its margin)
 *   ./theorem3.ts, ./theorem3-sub.ts, ./theorem3-kinks.ts   App. B Theorem 3: θ₁ (with or without pooling),
 *                   its expressive second subnetwork, its kinks at depth ≥ 3, our repair
 *   ./goldens.ts    the note's goldens (§6.2) and the Fig. 3 instance
 */
export * from './network.js';
export * from './layer3.js';
export * from './split.js';
export * from './lemma6.js';
export * from './reserved.js';
export * from './lemma9.js';
export * from './lemma10.js';
export * from './rescale.js';
export * from './pooling.js';
export * from './top.js';
export * from './theorem3.js';
export * from './theorem3-sub.js';
export * from './theorem3-kinks.js';
export * from './goldens.js';
