// A connector proxy in a process of its own, so that the load client (or kubectl's peer) and the connector do not
// share one event loop. The latency benchmark's points at the fast upstream with an in-memory RBAC API (`fakeRbac`);
// the stream benchmark's at the Kubernetes API test server, whose RBAC it reconciles as in a cluster.
import { startConnector } from '@infra/connector';
import { silentLogger } from '@infra/connector';
import { FakeRbac } from '@infra/connector/testing';
import { childMain, scriptOf, startChild, type ChildProcessHandle } from '../lib/child.js';
import { nowMs, waitUntil } from '../lib/stats.js';
import { benchConnectorConfig, type ApiServer } from './connector-config.js';

interface Input {
  grpcAddress: string;
  accessKey: string;
  destination: string;
  api: ApiServer;
  /** Keep bindings in memory and watch no namespaces (an upstream that is not a Kubernetes API server). */
  fakeRbac: boolean;
}

export interface ConnectorProxy {
  proxyUrl: string;
  caPem: string;
}

/** Starts the connector in a child process (with `nodeFlags`); resolves once it has its first snapshot. */
export function startConnectorProcess(input: Input, nodeFlags?: string): Promise<ChildProcessHandle<ConnectorProxy>> {
  const { args, env } = splitFlags(nodeFlags);
  return startChild<ConnectorProxy>(scriptOf(import.meta.url), input, env, args);
}

/** "MALLOC_ARENA_MAX=2 --a --b=1": NAME=value words as environment variables, the others as node arguments. */
export function splitFlags(flags?: string): { args: string[]; env: Record<string, string> } {
  const words = (flags ?? '').split(' ').filter(Boolean);
  const isEnv = (w: string) => /^[A-Z_][A-Z0-9_]*=/.test(w);
  return {
    args: words.filter((w) => !isEnv(w)),
    env: Object.fromEntries(words.filter(isEnv).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)])),
  };
}

childMain<Input, ConnectorProxy>(import.meta.url, async ({ grpcAddress, accessKey, destination, api, fakeRbac }) => {
  const connector = await startConnector(benchConnectorConfig(grpcAddress, accessKey, destination, api), {
    logger: silentLogger,
    auditFlushMs: 1000,
    ...(fakeRbac ? { rbac: new FakeRbac(), watchNamespaces: false } : {}),
  });
  await waitUntil(() => connector.state.hasSnapshot, nowMs(), { everyMs: 10, timeoutMs: 30_000 });
  return { ready: { proxyUrl: connector.proxyUrl, caPem: connector.caPem }, close: () => connector.stop() };
});
