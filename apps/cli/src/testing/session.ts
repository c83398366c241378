// Mocha hooks for a spec that runs commands as the admin of a server started for the suite.
import assert from 'node:assert/strict';
import { startBackend, type Backend } from './backend.js';
import { runInProcess, tempEnv, type TestEnv } from './cli.js';

export interface AdminSession {
  server: Backend;
  t: TestEnv;
  infra(...argv: string[]): ReturnType<typeof runInProcess>;
}

/** Call inside describe(): starts a server, logs in as its admin, and cleans up after the suite. */
export function adminSession(setup: (server: Backend) => Promise<void> = async () => {}): AdminSession {
  const session = { infra: (...argv: string[]) => runInProcess(session.t, argv) } as AdminSession;
  before(async () => {
    session.server = await startBackend();
    session.t = tempEnv();
    await setup(session.server);
    const r = await session.infra('login', session.server.url, '--key', session.server.adminKey);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await session.server?.stop();
    session.t?.cleanup();
  });
  return session;
}
