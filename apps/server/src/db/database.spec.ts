// Replicas that start together against one fresh database must migrate it exactly once, none failing.
import assert from 'node:assert/strict';
import pg from 'pg';
import { loadConfig } from '../config/config.js';
import { createTestDatabase } from '../testing/test-server.js';
import { within } from '../testing/deadline.js';
import { Database, MIGRATION_LOCK_ID } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

describe('migrations with several replicas', function () {
  this.timeout(30_000);
  let db: { url: string; drop(): Promise<void> };
  const opened: Database[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((d) => d.close()));
    await db.drop();
  });

  const open = async () => {
    const d = await Database.open(loadConfig({ DATABASE_URL: db.url, INFRA_DB_POOL_MAX: '1' }));
    opened.push(d);
    return d;
  };

  it('three servers starting at once all open the database, and each migration ran once', async () => {
    const results = await within('three concurrent opens', Promise.allSettled([open(), open(), open()]), 20_000);
    const failures = results
      .filter((r) => r.status === 'rejected')
      .map((r) => String((r as PromiseRejectedResult).reason));
    assert.deepEqual(failures, [], 'a replica failed to start');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
      assert.equal(rows.length, MIGRATIONS.length, `migrations recorded: ${rows.map((r) => r.name).join(', ')}`);
      assert.equal(new Set(rows.map((r) => r.name)).size, rows.length, 'a migration ran twice');
    } finally {
      await client.end();
    }
  });

  it('a server waits while another holds the migration lock, and starts once it is released', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_ID]);
    let started = false;
    const opening = open().then(() => (started = true));
    try {
      // The opening server shows up in pg_locks as a backend waiting for the advisory lock.
      const waiting = async () => {
        for (;;) {
          const { rows } = await holder.query(
            "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
          );
          if (rows[0].n > 0 || started) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await within('the opening server to wait for the migration lock', waiting());
      assert.equal(started, false, 'the server migrated while another held the lock');
      const table = await holder.query("SELECT to_regclass('public.migrations') AS t");
      assert.equal(table.rows[0].t, null, 'migrations ran while another held the lock');
    } finally {
      await holder.end();
    }
    await within('the server to start after the lock was released', opening, 10_000);
  });
});
