export * from './grant.js';
export * from './resource.js';
export * from './token.js';
export * from './duration.js';
