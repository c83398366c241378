// Mocha hooks for specs that need one server for the whole describe block.
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
