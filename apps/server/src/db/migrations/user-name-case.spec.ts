// The e-mail case migration on a real Postgres: names are folded, and a clash stops it with the list.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../testing/test-server.js';
import { MIGRATIONS } from './index.js';
import { UserNameCase1733100000000 } from './1733100000000-user-name-case.js';

const BEFORE = MIGRATIONS.slice(0, MIGRATIONS.indexOf(UserNameCase1733100000000));

describe('migration: e-mail user names to lower case', function () {
  this.timeout(30_000);
  let drop: (() => Promise<void>) | undefined;
  let url: string;

  beforeEach(async () => {
    const db = await createTestDatabase();
    url = db.url;
    drop = db.drop;
  });
  afterEach(async () => {
    await drop?.();
  });

  const open = async (migrations: Function[]) => {
    const ds = new DataSource({ type: 'postgres', url, migrations, logging: false, extra: { max: 1 } });
    await ds.initialize();
    return ds;
  };
  const seed = async (names: string[]) => {
    const ds = await open(BEFORE);
    try {
      await ds.runMigrations({ transaction: 'all' });
      for (const name of names) {
        await ds.query('INSERT INTO users (id, name, created, updated) VALUES ($1, $2, now(), now())', [
          randomUUID(),
          name,
        ]);
      }
    } finally {
      await ds.destroy();
    }
  };
  const migrate = async () => {
    const ds = await open(MIGRATIONS);
    try {
      await ds.runMigrations({ transaction: 'all' });
      return (await ds.query('SELECT name FROM users ORDER BY name')).map((r: { name: string }) => r.name);
    } finally {
      await ds.destroy();
    }
  };

  it('folds e-mail names to lower case and leaves machine names and system: names as they are', async () => {
    await seed(['Alice@Example.com', 'bob@example.com', 'build-bot', 'system:legacy']);
    assert.deepEqual(await migrate(), ['alice@example.com', 'bob@example.com', 'build-bot', 'system:legacy']);
  });

  it('stops on names that differ only in case, lists each clash and changes nothing', async () => {
    await seed([
      'Alice@Example.com',
      'alice@example.com',
      'ALICE@example.com',
      'Carol@x.io',
      'carol@X.io',
      'dave@x.io',
    ]);
    await assert.rejects(migrate(), (e: Error) => {
      assert.match(e.message, /alice@example\.com \(ALICE@example\.com, Alice@Example\.com, alice@example\.com\)/);
      assert.match(e.message, /carol@x\.io \(Carol@x\.io, carol@X\.io\)/);
      assert.doesNotMatch(e.message, /dave/);
      return true;
    });
    const ds = await open([]);
    try {
      const names = (await ds.query('SELECT name FROM users ORDER BY name')).map((r: { name: string }) => r.name);
      assert.deepEqual(names, [
        'ALICE@example.com',
        'Alice@Example.com',
        'Carol@x.io',
        'alice@example.com',
        'carol@X.io',
        'dave@x.io',
      ]);
    } finally {
      await ds.destroy();
    }
  });
});
