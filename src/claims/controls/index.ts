/**
 * Negative controls of the toolkit itself: deliberately false statements the
 * suite must refute by search, each shrinking to a small readable
 * counterexample. They show the machinery can find failures, and stay in the
 * suite permanently. (Controls of a paper's hypotheses live with that paper.)
 */
import { affineFitIsGlobal } from './affine-fit.js';
import { equalRiskEqualOutputs } from './equal-risk.js';
import { localMinIsGlobal } from './local-min.js';

export { affineFitIsGlobal, equalRiskEqualOutputs, localMinIsGlobal };

export const controlClaims = [localMinIsGlobal, equalRiskEqualOutputs, affineFitIsGlobal];
