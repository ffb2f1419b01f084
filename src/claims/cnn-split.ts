/**
 * Claims of "Spurious local minima provably exist for deep convolutional
 * neural networks" about the data split (Lemmas 2/3, the threshold rule) and
 * the cross-entropy algebra (Lemmas 12/13). Constructions: src/papers/cnn-split.ts.
 */
import type { AnyClaim } from './types.js';

export const cnnSplitClaims: AnyClaim[] = [];
