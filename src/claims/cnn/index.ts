/**
 * "Spurious local minima provably exist for deep convolutional neural
 * networks" (anonymous ICLR submission, paper file cnn-spurious-minima.txt):
 * the claims, in the paper's order — the lemmas, then the theorems, then
 * App. D (the general case with pooling), then the figure. Constructions:
 * src/papers/cnn/. All exact (bigint rationals) unless a claim says
 * otherwise; squared loss ½‖o − y‖² averaged over N.
 *
 * Claim modules (one per lemma or theorem group):
 *   ./lemma2.ts, ./lemma2-threshold.ts, ./lemma2-network.ts   Lemma 2: the split (eqs. 7–8), on network states
 *   ./lemma3.ts         Lemma 3: some group of equal v has a nonzero u-sum
 *   ./lemma6.ts         Lemma 6 (eq. 23): θ a local minimum — as printed, corrected, repaired
 *   ./lemma6-windows.ts Lemma 6 where every patch-group sum is 0: the third-order descent over 5-windows
 *   ./lemma9.ts         Lemma 9 (eqs. 25/26): θ′ keeps every output — corrected, as printed
 *   ./lemma10.ts        Lemma 10: the descent at θ′; eq. (64); with cross-entropy
 *   ./lemma11.ts        Lemma 11: perturbing W^L(1,·); with cross-entropy
 *   ./lemma12-13.ts     Lemmas 12/13: the cross-entropy algebra
 *   ./theorem1.ts       Theorem 1: spurious local minima — as printed, not global, rescaling, repaired
 *   ./theorem3.ts, ./theorem3-local-min.ts   Theorem 3: θ₁, and whether it is a local minimum
 *   ./theorem3-pooled.ts  Theorem 3 with a pooling layer, "adjusted parameters" (our reading)
 *   ./appendix-d.ts     App. D: Lemmas 9, 10, 6 with average pooling before the FC layer
 *   ./appendix-d-fc.ts  the same with FC layers after the pooling (the first plays W^L, the others forward)
 *   ./appendix-d-global-pool.ts   App. D with global average pooling: Theorem 1's "spurious" on translated objects
 *   ./images.ts         the network-level claims (Lemmas 6, 9, 10, Theorem 1, App. D) again on 2-D images
 *   ./deeper.ts         Lemma 6 and Theorem 1 again with one or two conv layers below L−3
 *   ./fig3.ts           Fig. 3: random directions around θ and θ′
 * Shared: ./parts.ts (vocabulary), instance kinds ./instances.ts (genuine subnetwork minima,
 * Lemma 11 pairs), ./generic.ts, ./literal.ts, ./ce.ts, ./split-values.ts,
 * ./theorem3-instances.ts; deciders ./local-min.ts, ./theta-prime.ts, ./descent.ts.
 */
import type { AnyClaim } from '../types.js';
import { appendixDClaims } from './appendix-d.js';
import { appendixDFcClaims } from './appendix-d-fc.js';
import { certificateNeedsEqualFcInputs, spuriousWithGlobalPool } from './appendix-d-global-pool.js';
import { fig3Claims } from './fig3.js';
import { imageClaims } from './images.js';
import { deeperClaims } from './deeper.js';
import { lemma10Claims } from './lemma10.js';
import { lemma11Claims } from './lemma11.js';
import { lemma1213CeAlgebra } from './lemma12-13.js';
import { lemma2SplitIffNonzeroGroup } from './lemma2.js';
import { lemma2NetworkSplit } from './lemma2-network.js';
import { lemma2ThresholdClaims } from './lemma2-threshold.js';
import { lemma3Claims } from './lemma3.js';
import { lemma6Claims } from './lemma6.js';
import { lemma6WindowClaims } from './lemma6-windows.js';
import { lemma9Claims } from './lemma9.js';
import { theorem1Claims } from './theorem1.js';
import { theorem3Claims } from './theorem3.js';
import { theorem3LocalMinClaims } from './theorem3-local-min.js';
import { theorem3PooledClaims } from './theorem3-pooled.js';

export const cnnClaims: readonly AnyClaim[] = [
  lemma2SplitIffNonzeroGroup,
  ...lemma2ThresholdClaims,
  lemma2NetworkSplit,
  ...lemma3Claims,
  ...lemma6Claims,
  ...lemma6WindowClaims,
  ...lemma9Claims,
  ...lemma10Claims,
  ...lemma11Claims,
  lemma1213CeAlgebra,
  ...theorem1Claims,
  ...theorem3Claims,
  ...theorem3LocalMinClaims,
  ...theorem3PooledClaims,
  ...appendixDClaims,
  ...appendixDFcClaims,
  spuriousWithGlobalPool,
  certificateNeedsEqualFcInputs,
  ...imageClaims,
  ...deeperClaims,
  ...fig3Claims,
];
