export * from './grant.js';
export * from './resource.js';
export * from './token.js';
export * from './kube-verb.js';
export * from './spdy-dictionary.js';
