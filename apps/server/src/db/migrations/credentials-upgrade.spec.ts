// An installation from before credential families: its connector users' keys become connector keys (refused by
// REST, still good for the stream), other keys stay user keys, and the bootstrap already happened.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashSecret } from '../../common/secrets.js';
import { createTestDatabase, startTestServer, type TestServer } from '../../testing/test-server.js';
import { TestClient } from '../../testing/test-client.js';
import { MIGRATIONS } from './index.js';

const FAMILIES = 1733000000000;

function timestampOf(migration: (typeof MIGRATIONS)[number]): number {
  return Number(/(\d{13})$/.exec(migration.name)![1]);
}

describe('upgrading to credential families, connector keys and settings', function () {
  this.timeout(60_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let server: TestServer | undefined;

  before(function () {
    if (!process.env.INFRA_TEST_PG_URL) this.skip();
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("turns connector users' keys into connector keys and keeps the bootstrap from running again", async () => {
    db = await createTestDatabase();
    const old = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MIGRATIONS.filter((m) => timestampOf(m) < FAMILIES),
    });
    await old.initialize();
    await old.runMigrations();
    const now = new Date();
    const key = async (userName: string, keyId: string) => {
      const userId = randomUUID();
      await old.query(
        'INSERT INTO users (id, name, password_update_required, created, updated) VALUES ($1, $2, false, $3, $3)',
        [userId, userName, now],
      );
      await old.query(
        `INSERT INTO access_keys (id, key_id, secret_hash, name, kind, user_id, created) VALUES ($1, $2, $3, $4, 'key', $5, $6)`,
        [randomUUID(), keyId, hashSecret('s'.repeat(24)), `${keyId}-name`, userId, now],
      );
      return `${keyId}.${'s'.repeat(24)}`;
    };
    const connectorKey = await key('connector:legacy', 'legacyconn');
    const botKey = await key('legacy-bot', 'legacybot1');
    await old.destroy();

    // No admin key in the environment would be applied either: the installation was bootstrapped long ago.
    server = await startTestServer({ databaseUrl: db.url });
    const client = new TestClient(server.url);
    const refused = await client.as(connectorKey).get('/api/users/self');
    assert.equal(refused.status, 403, `a migrated connector key on REST: ${JSON.stringify(refused.body)}`);
    assert.match(refused.body.message, /connector/);
    assert.equal((await client.as(botKey).get('/api/users/self')).status, 200, 'a plain key stopped working');
    assert.equal(
      (await client.as(server.adminKey).get('/api/users/self')).status,
      401,
      'the bootstrap ran on a bootstrapped database',
    );
  });
});
