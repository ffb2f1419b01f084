/**
 * Liu, one-hidden-layer ReLU networks, Part 1: the constructions, exact in
 * rationals, in the paper's order.
 */
export * from './cells.js';
export * from './genuine.js';
export * from './saddles.js';
export * from './boundary.js';
