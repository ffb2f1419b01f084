export * from './arbitraries.js';
export * from './data.js';
