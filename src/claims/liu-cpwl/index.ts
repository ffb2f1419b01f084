/**
 * Claims of Liu (2022), "Spurious local minima are common for deep neural
 * networks with piecewise linear activations"; constructions in
 * src/papers/liu-cpwl/. In the paper's order: the gadgets and the lattice form
 * (§6.1.3–6.1.4), the construction (§6.1.2–6.1.4), Step 5 and its corrected
 * certificate (§6.1.5), the refinement (§6.1.6), Theorem 1 (§5, §6.1.7),
 * Theorem 2 (§6.2, CNNs), the remarks.
 */
import type { AnyClaim } from '../types.js';
import { constructionRealises, constructionRiskPositive } from './construction.js';
import { constructionRealisesVector } from './construction-vector.js';
import { gadgetsAllReals, gadgetsNonnegative } from './gadgets.js';
import { growthWithWidth } from './growth.js';
import { latticeRepresentation } from './lattice.js';
import { refinementMonotone } from './refinement.js';
import { constructionSpurious, overparameterisedSpurious } from './spurious.js';
import {
  remarkDeadPadding,
  remarkRescalingAnySign,
  remarkRescalingPositive,
  remarkTwoSamples,
  remarkTwoSamplesDead,
  remarkZeroPadding,
} from './remarks.js';
import { d1Certificate, step5LocalMin, step5WithoutTies } from './step5.js';
import { theorem1Corrected, theorem1Printed } from './theorem1.js';
import { theorem2CnnLocalMin, theorem2CnnRealises, theorem2Lossless } from './theorem2.js';
import { theorem2MaxPool } from './theorem2-maxpool.js';
import { twoPieceCertified } from './two-piece.js';

export const liuCpwlClaims: readonly AnyClaim[] = [
  gadgetsNonnegative,
  gadgetsAllReals,
  latticeRepresentation,
  constructionRealises,
  constructionRiskPositive,
  constructionRealisesVector,
  step5LocalMin,
  step5WithoutTies,
  d1Certificate,
  refinementMonotone,
  constructionSpurious,
  overparameterisedSpurious,
  theorem1Printed,
  theorem1Corrected,
  twoPieceCertified,
  growthWithWidth,
  theorem2CnnRealises,
  theorem2CnnLocalMin,
  theorem2Lossless,
  theorem2MaxPool,
  remarkTwoSamples,
  remarkTwoSamplesDead,
  remarkZeroPadding,
  remarkDeadPadding,
  remarkRescalingAnySign,
  remarkRescalingPositive,
];
