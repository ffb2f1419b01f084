/**
 * Claims of Ding, Li & Sun (2019), "Sub-optimal local minima exist for almost
 * all over-parameterized neural networks"; constructions in
 * src/papers/ding2019/. In the paper's order: Theorem 2 and Corollary 2 (§4.1,
 * activations with a linear piece), Theorem 5 (§5, N ≥ 3) with our negative
 * control.
 */
import type { AnyClaim } from '../types.js';
import { corollary2SubOptimal, theorem2AffineFit, theorem2LocalMin } from './theorem2.js';
import { theorem5Critical, theorem5FlippedControl, theorem5LocalMin, theorem5SubOptimal } from './theorem5.js';

export const ding2019Claims: readonly AnyClaim[] = [
  theorem2AffineFit,
  theorem2LocalMin,
  corollary2SubOptimal,
  theorem5Critical,
  theorem5LocalMin,
  theorem5SubOptimal,
  theorem5FlippedControl,
];
