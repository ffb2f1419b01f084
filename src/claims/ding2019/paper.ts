/**
 * Ding, Li & Sun (2019), "Sub-optimal local minima exist for almost all
 * over-parameterized neural networks" (citation key 'ding2019', ./../citations.ts):
 * the defaults every claim of this folder shares. Risk: eq. (10), the sum over
 * samples of ‖y − ŷ‖² (no ½, no 1/N).
 */
import { squaredLoss } from '../../model/loss.js';
import { claimsOf } from '../define.js';

export const ding2019 = claimsOf({ paper: 'ding2019', runs: 200 });

/** The paper's risk E(W) = ‖Y − Ŷ(W)‖²_F of eq. (10). */
export const sse = squaredLoss({ reduction: 'sum' });
