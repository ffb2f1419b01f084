/**
 * Claims of Ding, Li & Sun (2019), "Sub-optimal local minima exist for almost
 * all over-parameterized neural networks"; constructions in
 * src/papers/ding2019/. In the paper's order: the toy function of §1.2,
 * Assumption 1's count (§3.2), Theorem 2 and Corollary 2 (§4.1, activations
 * with a linear piece; our dead-ReLU variant), Theorems 3 and 4 and the
 * m ≥ N extension (§4.2, Appendices A and B; with two controls), Lemmas 1 and
 * 2 and Theorem 5 (§5, N ≥ 3: quadratic σ exactly, exp and softplus by
 * decimal evidence, our common-weight generalisation) with our negative
 * control, the reading "no bad minimum at N = 2 for every Theorem-5
 * activation", the phase table (σ × N = m = 1..6, ./phase.ts), Lemma 3 (§6.2, Appendix D), Theorem 1's deep construction (also for
 * exp and softplus, decimal evidence) and Lemma 4 (§6, Appendix E), Lemma 5 (Appendix B).
 */
import type { AnyClaim } from '../types.js';
import { assumption1Distinct, assumption1Printed } from './assumption1.js';
import { extensionMGeN, extensionQuadraticControl, extensionSquareControl } from './extension.js';
import { lemma3 } from './lemma3.js';
import { lemma4InnerProduct, lemma4InnerProductCorrected, lemma4InnerProductDecreasing } from './lemma4.js';
import { lemma1, lemma2, lemma5 } from './lemmas.js';
import { n2EveryTheorem5Activation } from './n2.js';
import { phaseClaims } from './phase.js';
import {
  theorem1Construction,
  theorem1LocalMin,
  theorem1LocalMinCorrected,
  theorem1PaperLiteralDecreasing,
  theorem1W1Block,
} from './theorem1.js';
import { corollary2SubOptimal, theorem2AffineFit, theorem2DeadRelu, theorem2LocalMin } from './theorem2.js';
import { introShiftedSquare, theorem3Necessity } from './theorem3.js';
import { theorem3Sufficiency } from './theorem3-sufficiency.js';
import { theorem4NoBadMin, theorem4ZeroOutput } from './theorem4.js';
import { theorem5Critical, theorem5FlippedControl, theorem5LocalMin, theorem5SubOptimal } from './theorem5.js';
import { theorem5Analytic } from './theorem5-analytic.js';
import { theorem1Analytic } from './theorem1-analytic.js';
import { theorem5CommonWeight } from './theorem5-omega.js';

export const ding2019Claims: readonly AnyClaim[] = [
  introShiftedSquare,
  assumption1Printed,
  assumption1Distinct,
  theorem2AffineFit,
  theorem2LocalMin,
  corollary2SubOptimal,
  theorem2DeadRelu,
  theorem3Necessity,
  theorem3Sufficiency,
  theorem4NoBadMin,
  theorem4ZeroOutput,
  extensionMGeN,
  extensionSquareControl,
  extensionQuadraticControl,
  lemma1,
  lemma2,
  theorem5Critical,
  theorem5LocalMin,
  theorem5SubOptimal,
  theorem5FlippedControl,
  theorem5Analytic,
  theorem5CommonWeight,
  n2EveryTheorem5Activation,
  ...phaseClaims,
  lemma3,
  theorem1Construction,
  theorem1W1Block,
  lemma4InnerProduct,
  lemma4InnerProductDecreasing,
  lemma4InnerProductCorrected,
  theorem1LocalMin,
  theorem1PaperLiteralDecreasing,
  theorem1LocalMinCorrected,
  theorem1Analytic,
  lemma5,
];
