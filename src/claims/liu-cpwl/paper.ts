/**
 * Liu (2022), "Spurious local minima are common for deep neural networks with
 * piecewise linear activations" (citation key 'liu-cpwl', ./../citations.ts):
 * the defaults every claim of this folder shares. Risk: the mean over samples
 * of ‖ŷ − y‖² (no ½).
 */
import { squaredLoss } from '../../model/loss.js';
import { claimsOf } from '../define.js';

export const liuCpwl = claimsOf({ paper: 'liu-cpwl', runs: 200 });

/** The paper's risk (3) with the suite's MSE convention: (1/N) Σ ‖ŷ_i − y_i‖². */
export const mse = squaredLoss();
