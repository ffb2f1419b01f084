/**
 * He, Wang, Tao (ICLR 2020): the defaults every claim of this folder shares.
 * (Claim specs and generator records have the builder's shape, so `duplicates`
 * pairs some of them as boilerplate: they are data, not repeated logic.)
 */
import { claimsOf } from '../define.js';

export const he2020 = claimsOf({ paper: 'he2020', runs: 200 });
