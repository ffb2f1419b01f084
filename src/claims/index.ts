export * from './types.js';
export * from './codec.js';
export * from './profiles.js';
export * from './runner.js';
export * from './registry.js';
export * from './controls.js';
