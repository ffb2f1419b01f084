export * from './activation.js';
export * from './network.js';
export * from './loss.js';
export * from './data.js';
export * from './passes.js';
export * from './exact.js';
export * from './conv-reference.js';
export * from './param-name.js';
