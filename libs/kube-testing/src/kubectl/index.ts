// Real kubectl and helm binaries for tests, and a runner for them.
export { kubectl, spawnKubectl, type KubectlOptions, type KubectlProcess, type KubectlResult } from './kubectl.js';
export { k8sBinaries, type K8sBinaries, type KubeVersion } from './k8s-binaries.js';
export { checkKubectlCp } from './kubectl-cp.js';
