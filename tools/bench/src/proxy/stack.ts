// The real system on loopback for the proxy benchmarks: a server on a fresh Postgres database (in a process of its
// own: server-process.ts), a user with a grant, and in-process connectors for destinations pointed at the Kubernetes
// API test server (the latency and stream benchmarks' connectors run in processes of their own: connector-process.ts).
import { startConnector, type RunningConnector } from '@infra/connector';
import { silentLogger } from '@infra/connector';
import { TestClient } from '@infra/server/testing';
import { benchConnectorConfig, type ApiServer } from './connector-config.js';
import { createDestination, createUser, must, type BenchUser } from '../lib/api.js';
import { startServerProcess, type ServerAddress } from './server-process.js';
import { waitUntil, nowMs } from '../lib/stats.js';

export interface Stack {
  server: ServerAddress;
  admin: TestClient;
  /** A plain user (no Infra role) who gets grants on destinations. */
  user: BenchUser;
  /** The server's process id (its CPU time is read from /proc). */
  serverPid: number;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const server = await startServerProcess();
  try {
    const admin = new TestClient(server.ready.url, server.ready.adminKey);
    const user = await createUser(admin, 'bench@bench.example');
    return { server: server.ready, admin, user, serverPid: server.pid, stop: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
}

export type { ApiServer } from './connector-config.js';

export interface Attached {
  connector: RunningConnector;
  /** An Infra token of the stack's user for this destination. */
  userToken: string;
}

/** Creates the destination, starts its connector in this process against `api` and waits for the snapshot. */
export async function attachConnector(stack: Stack, destination: string, api: ApiServer): Promise<Attached> {
  const accessKey = await createDestination(stack.admin, destination);
  const connector = await startConnector(benchConnectorConfig(stack.server.grpcAddress, accessKey, destination, api), {
    logger: silentLogger,
    auditFlushMs: 1000,
  });
  try {
    await waitUntil(() => connector.state.hasSnapshot, nowMs(), { everyMs: 10, timeoutMs: 30_000 });
    return { connector, userToken: await userToken(stack, destination) };
  } catch (e) {
    await connector.stop();
    throw e;
  }
}

/**
 * An Infra token of the stack's user for `destination`. The server signs tokens only for a user holding a grant
 * there, so a `connect` grant is held just while the token is minted: the benchmarks then grant (or not) what they
 * measure, and the proxy decides per request from the grants in force.
 */
export async function userToken(stack: Stack, destination: string): Promise<string> {
  const grant = await must(
    stack.admin.post<{ id: string }>('/api/grants', {
      user: stack.user.id,
      privilege: 'connect',
      resource: destination,
    }),
    201,
  );
  const { token } = await must(
    stack.admin.as(stack.user.key).post<{ token: string }>('/api/tokens', { destination }),
    201,
  );
  await must(stack.admin.delete(`/api/grants/${grant.id}`), 204);
  return token;
}

/** Grants the stack's user `view` on the whole destination; returns the grant id. */
export async function grantView(stack: Stack, destination: string): Promise<string> {
  const g = await must(
    stack.admin.post<{ id: string }>('/api/grants', { user: stack.user.id, privilege: 'view', resource: destination }),
    201,
  );
  return g.id;
}
