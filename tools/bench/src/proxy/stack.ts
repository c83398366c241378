// The real system on loopback for the proxy benchmarks: a server on a fresh Postgres database, a user with a
// grant, and in-process connectors for destinations, each pointed at an API server (the fast upstream or the
// Kubernetes API test server).
import { startConnector, type RunningConnector } from '@infra/connector';
import { silentLogger } from '@infra/connector/dist/log.js';
import { FakeRbac } from '@infra/connector/dist/testing/fake-rbac.js';
import { kubeConfigFor } from '@infra/connector/dist/testing/kubeconfig.js';
import { startTestServer, TestClient, type TestServer } from '@infra/server/testing';
import { createDestination, createUser, must, type BenchUser } from '../lib/api.js';
import { waitUntil, nowMs } from '../lib/stats.js';

export interface Stack {
  server: TestServer;
  admin: TestClient;
  /** A plain user (no Infra role) who gets grants on destinations. */
  user: BenchUser;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const server = await startTestServer({ database: 'postgres' });
  try {
    const admin = new TestClient(server.url, server.adminKey);
    const user = await createUser(admin, 'bench@bench.example');
    return { server, admin, user, stop: () => server.stop() };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

export interface ApiServer {
  url: string;
  caPem: string;
  /** A bearer token the API server accepts as the connector's service account. */
  token: string;
}

export interface Attached {
  connector: RunningConnector;
  /** An Infra token of the stack's user for this destination. */
  userToken: string;
}

/**
 * Creates the destination, starts its connector against `api` and waits for the snapshot. With `fakeRbac` the
 * bindings go to an in-memory RBAC API (the fast upstream has none).
 */
export async function attachConnector(stack: Stack, destination: string, api: ApiServer, opts: { fakeRbac?: boolean } = {}): Promise<Attached> {
  const accessKey = await createDestination(stack.admin, destination);
  const connector = await startConnector(
    {
      server: { address: stack.server.grpcAddress!, tls: { insecure: true } },
      accessKey,
      destination,
      proxy: { host: '127.0.0.1', port: 0 },
      kube: kubeConfigFor(api.url, api.caPem, api.token),
      resyncIntervalMs: 300_000,
      heartbeatMs: 10_000,
    },
    { logger: silentLogger, rbac: opts.fakeRbac ? new FakeRbac() : undefined, watchNamespaces: !opts.fakeRbac, auditFlushMs: 1000 },
  );
  try {
    await waitUntil(() => connector.state.hasSnapshot, nowMs(), { everyMs: 10, timeoutMs: 30_000 });
    const userClient = stack.admin.as(stack.user.key);
    const { token } = await must(userClient.post<{ token: string }>('/api/tokens', { destination }), 201);
    return { connector, userToken: token };
  } catch (e) {
    await connector.stop();
    throw e;
  }
}

/** Grants the stack's user `view` on the whole destination; returns the grant id. */
export async function grantView(stack: Stack, destination: string): Promise<string> {
  const g = await must(stack.admin.post<{ id: string }>('/api/grants', { user: stack.user.id, privilege: 'view', resource: destination }), 201);
  return g.id;
}
