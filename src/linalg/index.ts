export * from './matrix.js';
export * from './float.js';
export * from './lp.js';
