/**
 * Claims of He, Wang, Tao (ICLR 2020), "Piecewise linear activations
 * substantially shape the loss surfaces of neural networks", paper file
 * he2020-piecewise-linear.txt; constructions in src/papers/he2020/.
 *
 * One module per lemma or theorem group; the controls live with what they
 * control (Lemma 4, Theorem 4). The list keeps the registry's order: the
 * linear-fit results of §3 and Appendix A first (Lemma 7, Lemmas 4–6,
 * Theorems 4, 5, 1, Corollary 3, the controls), then §4 (Theorems 2 and 3,
 * Lemma 1, Corollaries 1 and 2) and the loss lemmas, then cross-entropy.
 */
import type { AnyClaim } from '../types.js';
import { corollary1Homomorphism, corollary1Kernel, corollary1ParallelValleys } from './corollary1.js';
import { corollary2FloatGlobal, corollary2LinearCollapse } from './corollary2.js';
import { corollary3Spurious, corollary3Zigzag } from './corollary3.js';
import { theorem4CrossEntropy } from './cross-entropy.js';
import { lemma1BoundaryJump, lemma1BoundaryUnconditional, lemma1Multilinear } from './lemma1.js';
import { lemma4EtaAtBound, lemma4LinearFit, lemma4LocalMin, lemma4Valley } from './lemma4.js';
import { lemma4Mirrored, stage1Mirror } from './stage1.js';
import { lemma5LinearFitAndMin, theorem5Spurious } from './lemma5-theorem5.js';
import { lemma6LocalMin, theorem1MAlphaValley, theorem1Spurious, theorem1Valley } from './lemma6-theorem1.js';
import { lemma7Separation } from './lemma7.js';
import { lemma2and8, lemma3CrossEntropy } from './losses.js';
import { theorem2CellGlobal, theorem2CellLocalMin } from './theorem2.js';
import { theorem2FloatStarts } from './theorem2-float.js';
import { theorem2Trained } from './theorem2-trained.js';
import { theorem3SameQFullRank, theorem3SameQPrinted, theorem3ValleyPath } from './theorem3.js';
import { controlAffineLabels, controlDuplicateInputs, controlLinearActivation, theorem4Spurious } from './theorem4.js';

export const he2020Claims: readonly AnyClaim[] = [
  lemma7Separation,
  stage1Mirror,
  lemma4LinearFit,
  lemma4LocalMin,
  lemma4Mirrored,
  lemma4Valley,
  theorem4Spurious,
  lemma5LinearFitAndMin,
  theorem5Spurious,
  lemma6LocalMin,
  theorem1Spurious,
  theorem1Valley,
  theorem1MAlphaValley,
  corollary3Spurious,
  corollary3Zigzag,
  controlDuplicateInputs,
  controlAffineLabels,
  controlLinearActivation,
  lemma4EtaAtBound,
  theorem2CellLocalMin,
  theorem2FloatStarts,
  theorem2Trained,
  theorem2CellGlobal,
  theorem3SameQPrinted,
  theorem3SameQFullRank,
  theorem3ValleyPath,
  lemma1Multilinear,
  corollary2LinearCollapse,
  lemma3CrossEntropy,
  lemma1BoundaryUnconditional,
  lemma1BoundaryJump,
  corollary1Kernel,
  corollary1Homomorphism,
  corollary1ParallelValleys,
  corollary2FloatGlobal,
  lemma2and8,
  theorem4CrossEntropy,
];
