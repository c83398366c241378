// The Kubernetes API test server, and real kubectl to drive it. See ../README.md.
export {
  KubeApiServer,
  startKubeApiServer,
  type KubeApiServerOptions,
  type RecordedRequest,
  type FailureInjection,
} from './server.js';
export {
  writeKubeconfig,
  kubeconfigYaml,
  type KubeCredential,
  type KubeconfigOptions,
  type ExecCredentialConfig,
} from './kubeconfig.js';
export { useKubeServer, rawRequest, KUBECTL_VERSIONS, type KubeFixture, type RawResponse } from './testing.js';
export type { UserInfo, PolicyRule } from './rbac.js';
export type { KubeObject, ObjectMeta } from './store.js';
export type { Counters } from './core.js';
export type { PodSpec } from './objects.js';
export type { PortTarget } from './pods.js';
export { PORT_ANNOTATION, LOG_ANNOTATION, PHASE_ANNOTATION } from './pods.js';
export * from './kubectl/index.js';
