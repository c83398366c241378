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

/** Starts the connector in a child process (with V8 flags in `nodeFlags`); resolves once it has its first snapshot. */
export function startConnectorProcess(input: Input, nodeFlags?: string): Promise<ChildProcessHandle<ConnectorProxy>> {
  return startChild<ConnectorProxy>(scriptOf(import.meta.url), input, {}, splitFlags(nodeFlags));
}

/** "--a --b=1" as node arguments. */
export function splitFlags(flags?: string): string[] {
  return (flags ?? '').split(' ').filter(Boolean);
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
