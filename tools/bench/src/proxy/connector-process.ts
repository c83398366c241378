// The connector proxy for the latency benchmark in a process of its own (startConnector with an in-memory RBAC API,
// pointed at the fast upstream), so that the load client and the connector do not share one event loop.
import { startConnector } from '@infra/connector';
import { silentLogger } from '@infra/connector/dist/log.js';
import { FakeRbac } from '@infra/connector/dist/testing/fake-rbac.js';
import { childMain, scriptOf, startChild, type ChildProcessHandle } from '../lib/child.js';
import { nowMs, waitUntil } from '../lib/stats.js';
import { benchConnectorConfig, type ApiServer } from './connector-config.js';

interface Input {
  grpcAddress: string;
  accessKey: string;
  destination: string;
  api: ApiServer;
}

export interface ConnectorProxy {
  proxyUrl: string;
  caPem: string;
}

/** Starts the connector in a child process (with V8 flags in `nodeOptions`); resolves once it has its first snapshot. */
export function startConnectorProcess(input: Input, nodeOptions?: string): Promise<ChildProcessHandle<ConnectorProxy>> {
  return startChild<ConnectorProxy>(scriptOf(import.meta.url), input, nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
}

childMain<Input, ConnectorProxy>(import.meta.url, async ({ grpcAddress, accessKey, destination, api }) => {
  const connector = await startConnector(
    benchConnectorConfig(grpcAddress, accessKey, destination, api),
    { logger: silentLogger, rbac: new FakeRbac(), watchNamespaces: false, auditFlushMs: 1000 },
  );
  await waitUntil(() => connector.state.hasSnapshot, nowMs(), { everyMs: 10, timeoutMs: 30_000 });
  return { ready: { proxyUrl: connector.proxyUrl, caPem: connector.caPem }, close: () => connector.stop() };
});
