// The migration that keeps a SCIM user's provider in users.provider_id alone, on a real Postgres: copies that agree,
// disagree or are null, pre-origin users filled from provider_sessions only when unambiguous; then down and up again.
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../testing/test-server.js';
import { MIGRATIONS } from './index.js';
import { ScimUserProvider1733740000000 } from './1733740000000-scim-user-provider.js';

const BEFORE = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ScimUserProvider1733740000000));
// Up to this migration and no further: its down() is the one undone last, whatever migrations come after it.
const THROUGH = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ScimUserProvider1733740000000) + 1);
const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const P = 'bbbbbbbb-0000-4000-8000-000000000000';
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

/** Each user's provider and subject, by the digit of their id. */
type Origins = Record<number, [string | null, string | null]>;

// What up() must leave, written out rather than derived: SCIM's provider wins, pre-origin users are filled once.
const AFTER_UP: Origins = {
  1: [P, 'p-sub-1'], // agree: unchanged
  2: [P, 'p-sub-2'], // disagree (A's login, taken over by P's SCIM): P wins, with the sub of the P session
  3: [P, 'ext-3'], // disagree, no P session: P wins, with the SCIM externalId
  4: [P, 'ext-4'], // users.provider_id null: filled from scim_users
  5: [A, 'a-sub-5'], // pre-origin, no password, one provider's session: filled from it
  6: [null, null], // has a password: made in Infra
  7: [null, null], // sessions with two providers: ambiguous
  8: [null, null], // no session at all
};

describe('migration: a SCIM user’s provider kept once, in users', function () {
  this.timeout(30_000);
  let drop: (() => Promise<void>) | undefined;
  let ds: DataSource | undefined;

  beforeEach(async function () {
    if (!process.env.INFRA_TEST_PG_URL) this.skip();
    const db = await createTestDatabase();
    drop = db.drop;
    ds = new DataSource({ type: 'postgres', url: db.url, migrations: BEFORE, logging: false, extra: { max: 1 } });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    await seed(ds);
    await ds.destroy();
    ds = new DataSource({ type: 'postgres', url: db.url, migrations: THROUGH, logging: false, extra: { max: 1 } });
    await ds.initialize();
  });
  afterEach(async () => {
    await ds?.destroy();
    await drop?.();
  });

  async function seed(db: DataSource) {
    for (const [pid, name] of [
      [A, 'a'],
      [P, 'p'],
    ])
      await db.query(
        `INSERT INTO providers (id, name, kind, url, client_id, client_secret_encrypted, created, updated)
         VALUES ($1, $2, 'oidc', 'https://idp.example', 'client', 'sealed', now(), now())`,
        [pid, name],
      );
    const users: [number, string | null, string | null, string | null][] = [
      [1, P, 'p-sub-1', null],
      [2, A, 'a-sub-2', null],
      [3, A, 'a-sub-3', null],
      [4, null, null, null],
      [5, null, null, null],
      [6, null, null, 'a-hash'],
      [7, null, null, null],
      [8, null, null, null],
    ];
    for (const [n, provider, subject, hash] of users)
      await db.query(
        `INSERT INTO users (id, name, password_hash, created, updated, provider_id, provider_subject)
         VALUES ($1, $2, $3, now(), now(), $4, $5)`,
        [id(n), `u${n}@example.com`, hash, provider, subject],
      );
    for (const [n, ext] of [
      [1, 'ext-1'],
      [2, 'ext-2'],
      [3, 'ext-3'],
      [4, 'ext-4'],
    ] as const)
      await db.query(`INSERT INTO scim_users (user_id, provider_id, external_id) VALUES ($1, $2, $3)`, [id(n), P, ext]);
    for (const [pid, n, sub] of [
      [P, 1, 'p-sub-1'],
      [A, 2, 'a-sub-2'],
      [P, 2, 'p-sub-2'],
      [A, 5, 'a-sub-5'],
      [A, 6, 'a-sub-6'],
      [A, 7, 'a-sub-7'],
      [P, 7, 'p-sub-7'],
    ] as const)
      await db.query(`INSERT INTO provider_sessions (provider_id, user_id, subject) VALUES ($1, $2, $3)`, [
        pid,
        id(n),
        sub,
      ]);
  }

  async function origins(): Promise<Origins> {
    const rows: { id: string; provider_id: string | null; provider_subject: string | null }[] = await ds!.query(
      'SELECT id, provider_id, provider_subject FROM users ORDER BY id',
    );
    return Object.fromEntries(rows.map((r) => [Number(r.id.slice(-1)), [r.provider_id, r.provider_subject]]));
  }
  const scimColumns = async () =>
    (
      await ds!.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'scim_users' ORDER BY column_name`,
      )
    ).map((r: { column_name: string }) => r.column_name);
  const links = async () =>
    (await ds!.query('SELECT user_id, provider_id FROM scim_users ORDER BY user_id')).map(
      (r: { user_id: string; provider_id: string }) => [Number(r.user_id.slice(-1)), r.provider_id],
    );

  it('reconciles the two copies, fills pre-origin users when unambiguous, and drops scim_users.provider_id', async () => {
    await ds!.runMigrations({ transaction: 'all' });
    assert.deepEqual(await origins(), AFTER_UP);
    assert.deepEqual(await scimColumns(), ['display_name', 'external_id', 'user_id']);
  });

  it('down restores scim_users.provider_id from users, dropping links with no provider; up again is the same', async () => {
    await ds!.runMigrations({ transaction: 'all' });
    // A link whose user lost their provider (the FK's ON DELETE SET NULL backstop) is invisible to every SCIM.
    await ds!.query('UPDATE users SET provider_id = NULL WHERE id = $1', [id(4)]);
    await ds!.undoLastMigration({ transaction: 'all' });
    assert.deepEqual(await links(), [
      [1, P],
      [2, P],
      [3, P],
    ]);
    const indexes = await ds!.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'scim_users' ORDER BY 1`);
    assert.deepEqual(
      indexes.map((r: { indexname: string }) => r.indexname),
      ['scim_users_pkey', 'scim_users_provider'],
    );
    await ds!.runMigrations({ transaction: 'all' });
    assert.deepEqual(await origins(), { ...AFTER_UP, 4: [null, 'ext-4'] });
    assert.deepEqual(await scimColumns(), ['display_name', 'external_id', 'user_id']);
  });
});
