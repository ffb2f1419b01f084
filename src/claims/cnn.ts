/**
 * Network-level claims of "Spurious local minima provably exist for deep
 * convolutional neural networks" (Lemmas 6/9/10, Theorems 1–3, Lemma 11,
 * the cross-entropy variants). Constructions: src/papers/cnn.ts.
 */
import type { AnyClaim } from './types.js';

export const cnnClaims: AnyClaim[] = [];
