// `@infra/connector/testing`: fakes for benchmarks and other packages' tests (never loaded by the connector).
export { FakeRbac } from './fake-rbac.js';
export { kubeConfigFor, writeKubeconfigFile } from './kubeconfig.js';
