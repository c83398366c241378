// The Infra server (on a fresh Postgres database) in a process of its own for the proxy and stream benchmarks, so
// that its work, above all storing the audit events of every proxied request, does not run on the load client's
// event loop: a bare hop sends no audit events, and the comparison would charge the connector for the client's
// share of that work.
import { startTestServer } from '@infra/server/testing';
import { childMain, scriptOf, startChild, type ChildProcessHandle } from '../lib/child.js';

export interface ServerAddress {
  url: string;
  grpcAddress: string;
  adminKey: string;
  /** The server's Postgres database, for benchmarks that seed rows straight into it. */
  databaseUrl: string;
}

export function startServerProcess(): Promise<ChildProcessHandle<ServerAddress>> {
  return startChild<ServerAddress>(scriptOf(import.meta.url), {});
}

childMain<Record<string, never>, ServerAddress>(import.meta.url, async () => {
  const server = await startTestServer({ database: 'postgres' });
  return {
    ready: {
      url: server.url,
      grpcAddress: server.grpcAddress!,
      adminKey: server.adminKey,
      databaseUrl: server.databaseUrl!,
    },
    close: () => server.stop(),
  };
});
