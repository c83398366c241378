import assert from 'node:assert/strict';
import pg from 'pg';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey, type TestUser } from '../../testing/fixtures.js';

interface ChangeRow {
  sequence: string;
  kind: string;
  destination: string | null;
  payload: Record<string, unknown>;
}

describe('groups and grants', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: TestClient;
  let db: pg.Client;
  let alice: TestUser;
  let bob: TestUser;

  async function changesAfter(sequence: number): Promise<ChangeRow[]> {
    return (await db.query<ChangeRow>('SELECT * FROM changes WHERE sequence > $1 ORDER BY sequence', [sequence])).rows;
  }
  async function lastSequence(): Promise<number> {
    return Number((await db.query('SELECT COALESCE(MAX(sequence), 0) AS s FROM changes')).rows[0].s);
  }

  // Registered first so that it runs before the server stops.
  after(async () => {
    await db?.end();
  });
  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
    db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    alice = await createUserWithKey(admin, 'alice@example.com');
    bob = await createUserWithKey(admin, 'bob@example.com');
  });

  // What the tests below rely on, made (or found) through the API by each test that needs it, so that each runs
  // alone (--grep) and in file order alike.
  async function grant(body: Record<string, unknown>): Promise<string> {
    const res = await admin.post('/api/grants', body);
    assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
    return res.body.id as string;
  }
  /** The group developers (made if missing) with at least these members; returns its id. */
  async function developers(...members: TestUser[]): Promise<string> {
    let [group] = (await admin.get('/api/groups?name=developers')).body.items;
    group ??= (await admin.post('/api/groups', { name: 'developers' })).body;
    const patched = await admin.patch(`/api/groups/${group.id}/users`, { usersToAdd: members.map((m) => m.id) });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    return group.id as string;
  }
  const alicesView = { user: 'alice@example.com', privilege: 'view', resource: 'production.web' };

  it('adding a grant creates it once; adding it again says it existed', async () => {
    const since = await lastSequence();
    const first = await admin.post('/api/grants', {
      user: 'alice@example.com',
      privilege: 'view',
      resource: 'production.web',
    });
    assert.equal(first.status, 201);
    assert.equal(first.body.wasCreated, true);
    assert.equal(first.body.userName, 'alice@example.com');
    const again = await admin.post('/api/grants', { user: alice.id, privilege: 'view', resource: 'production.web' });
    assert.equal(again.status, 200);
    assert.equal(again.body.wasCreated, false);
    assert.equal(again.body.id, first.body.id);

    const changes = await changesAfter(since);
    assert.deepEqual(
      changes.map((c) => [c.kind, c.destination]),
      [
        ['user_upserted', 'production'],
        ['grant_upserted', 'production'],
      ],
    );
    assert.equal(changes[1]!.payload.userId, alice.id);
    assert.equal(changes[1]!.payload.resource, 'production.web');
  });

  it('rejects bad grants with the field and the reason', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ privilege: 'view', resource: 'production' }, 'user'],
      [{ user: 'alice@example.com', group: 'x', privilege: 'view', resource: 'production' }, 'user'],
      [{ user: 'alice@example.com', privilege: 'view', resource: 'a.b.c' }, 'resource'],
      [{ user: 'alice@example.com', privilege: 'edit', resource: 'infra' }, 'privilege'],
      [{ user: 'alice@example.com', privilege: 'no spaces', resource: 'production' }, 'privilege'],
      [
        { user: 'alice@example.com', privilege: 'view', resource: 'production', expiresAt: '2001-01-01T00:00:00Z' },
        'expiresAt',
      ],
      [{ user: 'alice@example.com', resource: 'production' }, 'privilege'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/grants', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(
        res.body.fieldErrors.some((f: { field: string }) => f.field === field),
        JSON.stringify(res.body),
      );
    }
    assert.equal(
      (await admin.post('/api/grants', { user: 'nobody@example.com', privilege: 'view', resource: 'production' }))
        .status,
      404,
    );
  });

  it("group membership changes reach the change log with each user's groups", async () => {
    const group = await admin.post('/api/groups', { name: 'developers' });
    assert.equal(group.status, 201);
    assert.equal((await admin.post('/api/groups', { name: 'developers' })).status, 409);
    const since = await lastSequence();
    const patched = await admin.patch(`/api/groups/${group.body.id}/users`, {
      usersToAdd: ['alice@example.com', bob.id],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.totalUsers, 2);
    // The group holds no grant yet, so no connector hears of it or of its members (connector-audience.spec.ts).
    assert.deepEqual(
      (await changesAfter(since)).map((c) => c.kind),
      [],
    );

    const members = await admin.get(`/api/groups/${group.body.id}/users`);
    assert.deepEqual(members.body.items.map((u: { name: string }) => u.name).sort(), [
      'alice@example.com',
      'bob@example.com',
    ]);
    assert.equal((await admin.get(`/api/groups?userID=${bob.id}`)).body.items[0].name, 'developers');
    assert.equal(
      (await admin.patch(`/api/groups/${group.body.id}/users`, { usersToAdd: ['ghost@example.com'] })).status,
      404,
    );
  });

  it('filters grants by user, group, resource, privilege and destination, with inherited ones on request', async () => {
    await grant(alicesView);
    await developers(alice);
    await admin.post('/api/grants', { group: 'developers', privilege: 'edit', resource: 'staging' });
    await admin.post('/api/grants', { user: 'bob@example.com', privilege: 'admin', resource: 'staging.api' });
    const names = (res: { body: { items: { privilege: string; resource: string }[] } }) =>
      res.body.items.map((g) => `${g.privilege}@${g.resource}`).sort();

    assert.deepEqual(names(await admin.get('/api/grants?user=alice@example.com')), ['view@production.web']);
    assert.deepEqual(names(await admin.get('/api/grants?user=alice@example.com&showInherited=true')), [
      'edit@staging',
      'view@production.web',
    ]);
    assert.deepEqual(names(await admin.get('/api/grants?group=developers')), ['edit@staging']);
    assert.deepEqual(names(await admin.get('/api/grants?destination=staging')), ['admin@staging.api', 'edit@staging']);
    assert.deepEqual(names(await admin.get('/api/grants?resource=staging.api')), ['admin@staging.api']);
    assert.deepEqual(names(await admin.get('/api/grants?privilege=edit')), ['edit@staging']);
    assert.equal((await admin.get('/api/grants?showInherited=maybe')).status, 400);
  });

  it('a plain user sees only their own grants, inherited ones included', async () => {
    await grant(alicesView);
    await developers(alice);
    await grant({ group: 'developers', privilege: 'edit', resource: 'staging' });
    const own = await alice.client.get('/api/grants');
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.items.map((g: { resource: string }) => g.resource).sort(), ['production.web', 'staging']);
    assert.equal((await alice.client.get('/api/grants?user=bob@example.com')).status, 403);
    assert.equal(
      (await alice.client.post('/api/grants', { user: alice.id, privilege: 'admin', resource: 'infra' })).status,
      403,
    );
  });

  it('removes grants by id and by match, and says 404 when there is none', async () => {
    await grant(alicesView);
    await grant({ user: 'bob@example.com', privilege: 'admin', resource: 'staging.api' });
    const since = await lastSequence();
    const del = await admin.delete('/api/grants?user=alice@example.com&privilege=view&resource=production.web');
    assert.equal(del.status, 204);
    assert.equal(
      (await admin.delete('/api/grants?user=alice@example.com&privilege=view&resource=production.web')).status,
      404,
    );
    const [bobs] = (await admin.get('/api/grants?user=bob@example.com')).body.items;
    assert.equal((await admin.delete(`/api/grants/${bobs.id}`)).status, 204);
    assert.equal((await admin.delete(`/api/grants/${bobs.id}`)).status, 404);
    assert.equal((await admin.delete('/api/grants/not-a-uuid')).status, 400);
    // production.web was alice's last grant on production; bob still reaches staging through developers.
    assert.deepEqual(
      (await changesAfter(since)).map((c) => [c.kind, c.destination]),
      [
        ['grant_removed', 'production'],
        ['user_removed', 'production'],
        ['grant_removed', 'staging'],
      ],
    );
  });

  it('every mutation is audited in the same transaction', async () => {
    await developers(alice);
    await grant({ user: 'alice@example.com', privilege: 'view', resource: 'audited' });
    assert.equal(
      (await admin.delete('/api/grants?user=alice@example.com&privilege=view&resource=audited')).status,
      204,
    );
    const audit = (await db.query('SELECT action FROM audit')).rows.map((r) => r.action as string);
    for (const action of [
      'grants.create',
      'grants.delete',
      'groups.create',
      'groups.members',
      'users.create',
      'keys.create',
    ]) {
      assert.ok(audit.includes(action), action);
    }
  });

  it('pages through lists with limit and cursor, without repeats or gaps', async () => {
    for (let i = 0; i < 7; i++) await admin.post('/api/groups', { name: `page-group-${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await admin.get(`/api/groups?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.items.length <= 3);
      seen.push(...res.body.items.map((g: { id: string }) => g.id));
      cursor = res.body.next;
      pages++;
    } while (cursor);
    const all = (await admin.get('/api/groups?limit=1000')).body.items.map((g: { id: string }) => g.id);
    assert.deepEqual(seen, all);
    assert.equal(pages, Math.ceil(all.length / 3));
    assert.equal((await admin.get('/api/groups?cursor=garbage')).status, 400);
    assert.equal((await admin.get('/api/groups?limit=0')).status, 400);
    assert.equal((await admin.get('/api/groups?limit=1001')).status, 400);
  });

  it('deleting a group removes its grants and tells connectors about its members', async () => {
    await developers(alice, bob);
    await grant({ group: 'developers', privilege: 'edit', resource: 'staging' });
    const [group] = (await admin.get('/api/groups?name=developers')).body.items;
    const since = await lastSequence();
    assert.equal((await admin.delete(`/api/groups/${group.id}`)).status, 204);
    // Its members held nothing else on staging: its connector forgets them.
    const changes = (await changesAfter(since)).map((c) => [c.kind, c.destination]);
    assert.deepEqual(changes, [
      ['grant_removed', 'staging'],
      ['group_removed', 'staging'],
      ['user_removed', 'staging'],
      ['user_removed', 'staging'],
    ]);
    assert.equal((await admin.get('/api/grants?group=developers')).status, 404);
  });

  it('deleting a user removes their grants and keys', async () => {
    await admin.post('/api/grants', { user: 'bob@example.com', privilege: 'view', resource: 'production' });
    const since = await lastSequence();
    assert.equal((await admin.delete(`/api/users/${bob.id}`)).status, 204);
    assert.deepEqual(
      (await changesAfter(since)).map((c) => c.kind),
      ['grant_removed', 'revocation', 'user_removed'],
    );
    assert.equal((await bob.client.get('/api/users/self')).status, 401);
    const self = (await admin.get('/api/users/self')).body;
    assert.equal((await admin.delete(`/api/users/${self.id}`)).status, 409);
  });
});
