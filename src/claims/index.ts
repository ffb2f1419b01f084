export * from './types.js';
export * from './codec.js';
export * from './schema.js';
export * from './define.js';
export * from './profiles.js';
export * from './runner.js';
export * from './registry.js';
export * from './controls/index.js';
