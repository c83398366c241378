export * from './kube-verb.js';
export * from './spdy-dictionary.js';
