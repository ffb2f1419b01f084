/**
 * He, Wang, Tao (ICLR 2020): the constructions, exact in rationals for squared
 * loss, one module per construction group in the paper's order.
 */
export * from './linear-fit.js';
export * from './separation.js';
export * from './theorem4.js';
export * from './corollary3.js';
export * from './lift.js';
export * from './cross-entropy.js';
export * from './theorem2.js';
