export * from './resource.js';
export * from './token.js';
