// Opens the database the configuration names (Postgres via DATABASE_URL, otherwise the embedded PGlite),
// runs the migrations (never synchronize) and offers transactions with after-commit hooks.
// Invariant: on Postgres, migrations run under one advisory lock, so replicas that start together migrate
// one after the other (the later ones find nothing pending) instead of racing on the same tables.
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { ServerConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

export interface Tx {
  manager: EntityManager;
  /** Runs once the transaction has committed (never if it rolls back). */
  afterCommit(hook: () => void): void;
}

/** Any fixed 64-bit number, the same in every replica and version: "inframig" in ASCII (0x696e6672616d6967). */
export const MIGRATION_LOCK_ID = '7597122262867470695';

/**
 * Runs the pending migrations while holding a session-level advisory lock on a connection outside the pool (a
 * pool of one would otherwise wait on itself); a replica that finds the lock taken waits for it, then finds
 * nothing to do. Postgres drops the lock with the connection if this process dies.
 */
async function migrateUnderLock(dataSource: DataSource, url: string): Promise<void> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lock.end().catch(() => undefined);
  }
}

export class Database {
  private constructor(
    readonly dataSource: DataSource,
    readonly url: string,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  static async open(config: ServerConfig): Promise<Database> {
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
    // pglite-socket interleaves extended-protocol messages of concurrent connections (parameters of one
    // query end up bound to another's statement), so the embedded database gets exactly one connection;
    // the pool queues transactions. Code inside a transaction must therefore only use its Tx.
    const poolMax = embedded ? 1 : config.dbPoolMax;
    const url = config.databaseUrl ?? embedded!.url;
    const dataSource = new DataSource({
      type: 'postgres',
      ...(embedded ? embedded.connection : { url }),
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      logging: false,
      extra: { max: poolMax, connectionTimeoutMillis: 30_000 },
    });
    try {
      await dataSource.initialize();
      // The embedded database has one connection and one process: a lock would only wait on itself.
      if (embedded) await dataSource.runMigrations({ transaction: 'all' });
      else await migrateUnderLock(dataSource, url);
    } catch (e) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      throw e;
    }
    return new Database(dataSource, url, embedded);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async transaction<T>(
    work: (tx: Tx) => Promise<T>,
    isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED',
  ): Promise<T> {
    const hooks: (() => void)[] = [];
    const result = await this.dataSource.transaction(isolation, (manager) =>
      work({ manager, afterCommit: (h) => hooks.push(h) }),
    );
    for (const hook of hooks) hook();
    return result;
  }

  /** True when a trivial query answers within the timeout. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const query = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}
