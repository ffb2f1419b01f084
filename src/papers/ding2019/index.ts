/**
 * Ding, Li & Sun (2019), "Sub-optimal local minima exist for almost all
 * over-parameterized neural networks": the constructions, exact in rationals,
 * in the paper's order (§5 the shallow model and Theorem 5).
 */
export * from './shallow.js';
export * from './theorem2.js';
export * from './lemmas.js';
export * from './small-n.js';
export * from './theorem1.js';
export * from './phase.js';
