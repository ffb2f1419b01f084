export * from './arbitraries.js';
export * from './data.js';
export * from './bounded-filter.js';
