/**
 * Liu (2022), "Spurious local minima are common for deep neural networks with
 * piecewise linear activations": the constructions, exact in rationals, in the
 * paper's order (§6.1.1–6.1.3 the CPWL fit and its lattice form, §6.1.4 and
 * §6.1.7 the networks).
 */
export * from './cpwl.js';
export * from './network.js';
export * from './theorem1.js';
export * from './count.js';
export * from './cnn.js';
export * from './two-groups.js';
