// Starts a real server in this process for tests (here, in e2e and in the CLI): port 0 on loopback,
// a fresh database (Postgres via INFRA_TEST_PG_URL, or PGlite in a temp dir), a known admin key.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig } from '../config/config.js';
import { startServer, type RunningServer } from '../server.js';
import type { Logger } from '../common/logger.js';

export interface TestServerOptions {
  database?: 'postgres' | 'pglite';
  /** Join this database (another test server's) instead of a fresh one: a second replica. Not dropped. */
  databaseUrl?: string;
  /** Extra INFRA_* variables; they win over the test defaults. */
  env?: Record<string, string>;
  /** Reuse a data directory (for the embedded database and the root key); a temp dir otherwise. */
  dataDir?: string;
  /** The server's root logger, e.g. one writing to memory (`memoryDestination`) for a spec that reads the logs. */
  logger?: Logger;
  /** How often a given TLS certificate's files are read again (startServer's certificatePollMs). */
  certificatePollMs?: number;
}

export interface TestServer {
  /** Base URL (http://127.0.0.1:<port>); restart() tries to keep it. */
  url: string;
  grpcAddress?: string;
  /** `<id>.<secret>` of the bootstrap admin, who holds the infra admin grant. */
  adminKey: string;
  databaseUrl?: string;
  dataDir: string;
  /** With INFRA_TLS=auto: the served certificate (PEM) to trust, and its SHA-256 fingerprint. */
  tls?: { certificate: string; fingerprint: string };
  stop(): Promise<void>;
  /** Stops and starts the server on the same data. */
  restart(): Promise<void>;
  /** The running server (Nest app, database); for this package's own specs. */
  running(): RunningServer;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomAlnum(length: number): string {
  return [...randomBytes(length)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

function adminPgUrl(): string {
  return process.env.INFRA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function withAdminClient<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminPgUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `${INFRA_TEST_DB_PREFIX}_<random>` and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const prefix = (process.env.INFRA_TEST_DB_PREFIX ?? 'infra_test').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const name = `${prefix}_${randomAlnum(10).toLowerCase()}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminPgUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

let pgliteTemplate: Promise<string> | undefined;

/**
 * An initialised, empty PGlite data directory, made once per process: a fresh initdb takes ~10 s on a
 * busy machine, a copy of this one well under a second.
 */
export function pgliteTemplateDir(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infra-pglite-template-'));
    const db = await PGlite.create(join(dir, 'db'));
    await db.close();
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return join(dir, 'db');
  })();
  return pgliteTemplate;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const ownDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'infra-server-test-'));
  const database = opts.database ?? 'postgres';
  const testDb = database === 'postgres' && !opts.databaseUrl ? await createTestDatabase() : undefined;
  const databaseUrl = opts.databaseUrl ?? testDb?.url;
  if (database === 'pglite' && !existsSync(join(dataDir, 'db'))) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    cpSync(await pgliteTemplateDir(), join(dataDir, 'db'), { recursive: true });
  }
  const adminKey = opts.env?.INFRA_ADMIN_ACCESS_KEY ?? `${randomAlnum(10)}.${randomAlnum(24)}`;
  const env: Record<string, string> = {
    INFRA_HTTP_HOST: '127.0.0.1',
    INFRA_HTTP_PORT: '0',
    INFRA_GRPC_PORT: '0',
    // Plain HTTP unless a test asks for TLS (INFRA_TLS=auto): most callers want a simple URL.
    INFRA_TLS: 'off',
    INFRA_DATA_DIR: dataDir,
    INFRA_LOG_LEVEL: process.env.INFRA_TEST_LOG_LEVEL ?? 'silent',
    INFRA_ADMIN_ACCESS_KEY: adminKey,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  };

  let running: RunningServer | undefined;
  // On restart the old ports are tried first (clients keep their URLs); any free port if they are taken.
  const start = async (ports?: { http: number; grpc?: string }) => {
    const again = ports && {
      ...env,
      INFRA_HTTP_PORT: String(ports.http),
      INFRA_GRPC_PORT: ports.grpc ?? env.INFRA_GRPC_PORT!,
    };
    try {
      running = await startServer(loadConfig(again ?? env), {
        logger: opts.logger,
        certificatePollMs: opts.certificatePollMs,
      });
    } catch (e) {
      if (!again || (e as { code?: string }).code !== 'EADDRINUSE') throw e;
      running = await startServer(loadConfig(env), { logger: opts.logger, certificatePollMs: opts.certificatePollMs });
    }
    handle.url = running.url;
    handle.grpcAddress = running.grpcAddress;
    handle.tls = running.tls && { certificate: running.tls.certificate, fingerprint: running.tls.fingerprint };
  };

  const handle: TestServer = {
    url: '',
    adminKey,
    databaseUrl,
    dataDir,
    async stop() {
      const r = running;
      running = undefined;
      try {
        await r?.stop();
      } finally {
        await testDb?.drop();
        if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    },
    running() {
      if (!running) throw new Error('the test server is not running');
      return running;
    },
    async restart() {
      const ports = running && { http: running.port, grpc: running.grpcAddress?.split(':').pop() };
      await running?.stop();
      running = undefined;
      await start(ports);
    },
  };
  try {
    await start();
  } catch (e) {
    await testDb?.drop();
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return handle;
}
