// The Kubernetes API test server for e2e tests. See README.md in this folder.
export { KubeApiServer, startKubeApiServer, type KubeApiServerOptions, type RecordedRequest, type FailureInjection } from './server.js';
export type { UserInfo, PolicyRule } from './rbac.js';
export type { KubeObject, ObjectMeta } from './store.js';
export type { Counters } from './core.js';
export { PORT_ANNOTATION, LOG_ANNOTATION, PHASE_ANNOTATION } from './pods.js';
