/**
 * Liu, "Understanding global loss landscape of one-hidden-layer ReLU networks,
 * Part 1: Theory" (citation key 'liu1h', ../citations.ts): the defaults every
 * claim of this folder shares. Loss: eq. (1) with the squared loss, the mean
 * over samples of (f_i − y_i)², no ½.
 */
import { squaredLoss } from '../../model/loss.js';
import { claimsOf } from '../define.js';

export const liu1h = claimsOf({ paper: 'liu1h', runs: 200 });

/** L(z, w) = (1/N) Σ_i (f_i − y_i)². */
export const mse = squaredLoss();
