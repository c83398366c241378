// A connector hears only of the users and groups that hold a grant on its destination (directly or through a group,
// on the destination or one of its namespaces): in its snapshot and in the change log. A user's first grant there
// brings the user; losing the last one sends user_removed.
import assert from 'node:assert/strict';
import type { connector } from '@infra/proto';
import { createUserWithKey } from '../testing/fixtures.js';
import { TestClient } from '../testing/test-client.js';
import { useTestServer } from '../testing/mocha.js';
import type { TestServer } from '../testing/test-server.js';
import { TestConnector } from '../testing/test-connector.js';

type Change = connector.Change__Output;
/** How long to wait for each change: the server sends it within milliseconds. */
const DEADLINE = 5_000;

describe('connector stream: only the users and groups of its destination', function () {
  this.timeout(60_000);
  let server: TestServer;
  let admin: TestClient;
  let connectorKey: string;
  const open: TestConnector[] = [];
  let markers = 0;

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
    connectorKey = (await admin.post('/api/destinations', { name: 'production' })).body.connector.accessKey;
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.cancel();
  });

  async function attach(): Promise<{ c: TestConnector; snapshot: connector.Snapshot__Output }> {
    const c = new TestConnector({ address: server.grpcAddress!, accessKey: connectorKey });
    open.push(c);
    return { c, snapshot: (await c.attached()).snapshot };
  }
  async function grant(body: Record<string, string>): Promise<string> {
    const res = await admin.post('/api/grants', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  }
  async function ungrant(id: string): Promise<void> {
    assert.equal((await admin.delete(`/api/grants/${id}`)).status, 204);
  }
  async function group(name: string, members: string[]): Promise<string> {
    const id = (await admin.post('/api/groups', { name })).body.id as string;
    if (members.length) await members_(id, { usersToAdd: members });
    return id;
  }
  async function members_(groupId: string, body: { usersToAdd?: string[]; usersToRemove?: string[] }): Promise<void> {
    assert.equal((await admin.patch(`/api/groups/${groupId}/users`, body)).status, 200);
  }
  /** Everything the connector heard until now: a grant made last is waited for, then removed again. */
  async function heardUntilNow(c: TestConnector): Promise<Change[]> {
    const marker = await createUserWithKey(admin, `marker-${++markers}@example.com`);
    const id = await grant({ user: marker.name, privilege: 'view', resource: 'production.marker' });
    const heard = await c.changesUntil((ch) => ch.grantUpserted?.id === id, DEADLINE);
    assert.equal((await admin.delete(`/api/users/${marker.id}`)).status, 204);
    await c.changesUntil((ch) => ch.userRemoved === marker.id, DEADLINE); // the marker goes again, out of the next test's way
    return heard.slice(0, -2); // the marker's user_upserted and grant
  }
  const mentions = (changes: Change[], id: string) =>
    changes.filter((ch) => JSON.stringify(ch).includes(id)).map((ch) => ch.change);

  it('hears nothing of users and groups that hold no grant on its destination', async () => {
    const { c } = await attach();
    const zed = await createUserWithKey(admin, 'zed@example.com');
    const bystanders = await group('bystanders', [zed.name]);
    await grant({ user: zed.name, privilege: 'view', resource: 'staging' });
    await grant({ group: 'bystanders', privilege: 'view', resource: 'staging.web' });
    await members_(bystanders, { usersToRemove: [zed.name] });
    assert.equal((await admin.delete(`/api/groups/${bystanders}`)).status, 204);
    assert.equal((await admin.delete(`/api/users/${zed.id}`)).status, 204);
    const heard = await heardUntilNow(c);
    assert.deepEqual(
      mentions(
        heard.filter((ch) => !ch.revocation),
        zed.id,
      ),
      [],
      'zed holds no grant on production',
    );
    assert.deepEqual(mentions(heard, bystanders), [], 'bystanders holds no grant on production');
  });

  it('the snapshot holds only the users and groups with a grant here, and only those groups of each user', async () => {
    const yan = await createUserWithKey(admin, 'yan@example.com');
    const loner = await createUserWithKey(admin, 'loner@example.com');
    const ops = await group('snap-ops', [yan.name]);
    const lunch = await group('snap-lunch', [yan.name, loner.name]);
    await grant({ group: 'snap-ops', privilege: 'view', resource: 'production.web' });
    await grant({ group: 'snap-lunch', privilege: 'view', resource: 'staging' });
    const { snapshot } = await attach();
    assert.deepEqual(snapshot.users.find((u) => u.id === yan.id)?.groupIds, [ops]);
    assert.ok(!snapshot.users.some((u) => u.id === loner.id), 'loner reaches production through no grant');
    assert.ok(snapshot.groups.some((g) => g.id === ops));
    assert.ok(!snapshot.groups.some((g) => g.id === lunch), 'snap-lunch holds no grant on production');
  });

  it("a user's first grant here brings the user; losing the last one sends user_removed", async () => {
    const { c } = await attach();
    const wes = await createUserWithKey(admin, 'wes@example.com');
    const web = await grant({ user: wes.name, privilege: 'view', resource: 'production.web' });
    const first = await c.changesUntil((ch) => ch.grantUpserted?.id === web, DEADLINE);
    assert.deepEqual(
      first.slice(-2).map((ch) => ch.change),
      ['userUpserted', 'grantUpserted'],
    );
    const db = await grant({ user: wes.name, privilege: 'view', resource: 'production.db' });
    await ungrant(web);
    // The production.db grant, and no user_removed: wes still holds it (grant_removed names only the grant).
    assert.deepEqual(mentions(await heardUntilNow(c), wes.id), ['grantUpserted'], 'wes still holds production.db');
    await ungrant(db);
    const last = await c.changesUntil((ch) => ch.userRemoved === wes.id, DEADLINE);
    assert.deepEqual(
      last.map((ch) => ch.change),
      ['grantRemoved', 'userRemoved'],
    );
  });

  it("through a group: members come and go with the group's grant and with their membership", async () => {
    const { c } = await attach();
    const bo = await createUserWithKey(admin, 'bo@example.com');
    const cy = await createUserWithKey(admin, 'cy@example.com');
    const ops = await group('ops', [bo.name]);
    const id = await grant({ group: 'ops', privilege: 'edit', resource: 'production' });
    const granted = await c.changesUntil((ch) => ch.grantUpserted?.id === id, DEADLINE);
    assert.deepEqual(
      granted.map((ch) => ch.change),
      ['groupUpserted', 'userUpserted', 'grantUpserted'],
    );
    assert.deepEqual(granted[1]!.userUpserted, { id: bo.id, name: bo.name, groupIds: [ops] });

    await members_(ops, { usersToAdd: [cy.name] });
    assert.deepEqual(
      (await c.changesUntil((ch) => ch.userUpserted?.id === cy.id, DEADLINE)).at(-1)!.userUpserted!.groupIds,
      [ops],
    );
    await members_(ops, { usersToRemove: [cy.name] });
    assert.deepEqual(
      (await c.changesUntil((ch) => ch.userRemoved === cy.id, DEADLINE)).map((ch) => ch.change),
      ['userRemoved'],
    );

    await ungrant(id);
    const gone = await c.changesUntil((ch) => ch.userRemoved === bo.id, DEADLINE);
    assert.deepEqual(
      gone.map((ch) => ch.change),
      ['grantRemoved', 'groupRemoved', 'userRemoved'],
    );
    assert.equal(gone[1]!.groupRemoved, ops);
  });

  it('deleting a user or a group tells only the connectors that knew them', async () => {
    const { c } = await attach();
    const vi = await createUserWithKey(admin, 'vi@example.com');
    const team = await group('team', [vi.name]);
    const id = await grant({ group: 'team', privilege: 'view', resource: 'production.web' });
    await c.changesUntil((ch) => ch.grantUpserted?.id === id, DEADLINE);
    assert.equal((await admin.delete(`/api/groups/${team}`)).status, 204);
    const dropped = await c.changesUntil((ch) => ch.userRemoved === vi.id, DEADLINE);
    assert.deepEqual(
      dropped.map((ch) => ch.change),
      ['grantRemoved', 'groupRemoved', 'userRemoved'],
    );
    assert.equal((await admin.delete(`/api/users/${vi.id}`)).status, 204);
    assert.deepEqual(
      mentions(await heardUntilNow(c), vi.id),
      ['revocation'],
      'only the revocation, which every connector enforces',
    );
  });
});
