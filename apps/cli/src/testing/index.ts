// For other projects' tests (e2e): run the CLI in-process or as a binary with its own INFRA_HOME and
// KUBECONFIG, and the in-memory fake of the server's REST API.
export { BINARY, runBinary, runInProcess, tempEnv, ScriptedPrompt, type Result, type TestEnv } from './cli.js';
export { startFakeServer, type FakeServer, type FakeServerOptions } from './fake-server.js';
export { selfSigned } from './certs.js';
