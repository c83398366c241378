// Mocha hooks for specs that need one server for the whole describe block.
import { TestClient } from './test-client.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

/** Starts a test server before the block's tests (then calls `started`) and stops it after them. */
export function useTestServer(opts: TestServerOptions, started: (server: TestServer) => void | Promise<void>): void {
  let server: TestServer | undefined;
  before(async function () {
    this.timeout(180_000);
    server = await startTestServer(opts);
    await started(server);
  });
  after(async function () {
    this.timeout(60_000);
    await server?.stop();
  });
}

/** A test server for the block and a client holding its bootstrap admin key, both set once `before` has run. */
export interface AdminServer {
  server: TestServer;
  admin: TestClient;
}

/** `useTestServer` for the common case: a fresh server and its admin's client (read them inside tests). */
export function useAdminServer(opts: TestServerOptions = {}): AdminServer {
  const t = {} as AdminServer;
  useTestServer(opts, (server) => {
    t.server = server;
    t.admin = new TestClient(server.url, server.adminKey);
  });
  return t;
}
