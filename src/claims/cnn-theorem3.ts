/**
 * Theorem 2/3 of "Spurious local minima provably exist for deep convolutional
 * neural networks": the non-trivial local minimum θ₁ with explicit activation
 * patterns. Constructions: src/papers/cnn-theorem3.ts.
 */
import type { AnyClaim } from './types.js';

export const cnnTheorem3Claims: AnyClaim[] = [];
