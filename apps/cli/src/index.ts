// What other code may use: run the CLI with chosen dependencies, the plugin, and the kubeconfig rules.
export { run, buildProgram } from './program.js';
export { processDeps, type Deps } from './deps.js';
export { issueCredential, type ExecCredential } from './credentials.js';
export { kubeconfigPath, contextName, CONTEXT_PREFIX } from './kubeconfig.js';
export { parseServerUrl, ApiClient } from './api.js';
