export * from './field.js';
export * from './parse.js';
export * from './rational.js';
export * from './float64.js';
export * from './decimal.js';
