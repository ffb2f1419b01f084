export * from './matrix.js';
export * from './float.js';
export * from './lp.js';
export * as polynomial from './polynomial.js';
export type { Poly } from './polynomial.js';
export * from './laurent.js';
export * from './simple-direction.js';
export * from './inertia.js';
