// The zero-setup database: PGlite (Postgres compiled to WASM) with its data in <data dir>/db, served over the
// Postgres wire protocol so that the same `pg` driver and migrations run against it as against a real Postgres.
// It has no authentication, so it listens on a unix socket only this user can reach (mode 0600 inside a 0700
// directory), never on a TCP port: any local process could otherwise connect and write itself an admin key.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ensurePrivateDir } from '../common/private-dir.js';

/** The port number only names the socket file (`.s.PGSQL.<port>`), as libpq and `pg` expect. */
const SOCKET_PORT = 5432;
/** Unix socket paths are limited to about 104 bytes; a deeper data dir gets its socket in a private temp dir. */
const MAX_SOCKET_PATH = 100;

export interface EmbeddedPostgres {
  /** For `pg` and TypeORM: the socket's directory as host. */
  connection: { host: string; port: number; username: string; database: string };
  /** The same as a connection string (`pg` reads a %2F-encoded host as a socket directory). */
  url: string;
  socketPath: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  ensurePrivateDir(dataDir);
  const dbDir = join(dataDir, 'db');
  ensurePrivateDir(dbDir);
  let socketDir = join(dataDir, 'run');
  let tempSocketDir = false;
  if (join(socketDir, `.s.PGSQL.${SOCKET_PORT}`).length > MAX_SOCKET_PATH) {
    socketDir = mkdtempSync(join(tmpdir(), 'infra-db-'));
    tempSocketDir = true;
  }
  ensurePrivateDir(socketDir);
  const socketPath = join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  // A socket left by a server that did not stop cleanly; the directory is ours alone.
  rmSync(socketPath, { force: true });

  const db = await PGlite.create(dbDir);
  // One pool connection (see database.ts) plus room for a reconnect while the old socket closes.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 2 });
  try {
    await server.start();
    chmodSync(socketPath, 0o600);
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    connection: { host: socketDir, port: SOCKET_PORT, username: 'postgres', database: 'postgres' },
    url: `postgres://postgres@${encodeURIComponent(socketDir)}:${SOCKET_PORT}/postgres`,
    socketPath,
    async stop() {
      await server.stop();
      await db.close();
      rmSync(tempSocketDir ? socketDir : socketPath, { recursive: true, force: true });
    },
  };
}
