/**
 * Claims of Ding, Li & Sun (2019), "Sub-optimal local minima exist for almost
 * all over-parameterized neural networks"; constructions in
 * src/papers/ding2019/. In the paper's order: Theorem 5 (§5, N ≥ 3) with our
 * negative control.
 */
import type { AnyClaim } from '../types.js';
import { theorem5Critical, theorem5FlippedControl, theorem5LocalMin, theorem5SubOptimal } from './theorem5.js';

export const ding2019Claims: readonly AnyClaim[] = [
  theorem5Critical,
  theorem5LocalMin,
  theorem5SubOptimal,
  theorem5FlippedControl,
];
