import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { decodeJwt } from 'jose';
import type { connector } from '@infra/proto';
import { createUserWithKey, type TestUser } from '../testing/fixtures.js';
import { TestClient } from '../testing/test-client.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { TestConnector } from '../testing/test-connector.js';

type Change = connector.Change__Output;

describe('connector stream: snapshot and changes (postgres)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: TestClient;
  let connectorKey: string;
  let connectorUserId: string;
  let alice: TestUser;
  let bob: TestUser;
  let devs: string;
  const open: TestConnector[] = [];

  async function attach(resumeFrom = 0): Promise<{ c: TestConnector; snapshot: connector.Snapshot__Output }> {
    const c = new TestConnector({ address: server.grpcAddress!, accessKey: connectorKey, register: { resumeFrom } });
    open.push(c);
    return { c, snapshot: (await c.attached()).snapshot };
  }

  async function grant(body: Record<string, string>): Promise<string> {
    const res = await admin.post('/api/grants', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  }

  before(async () => {
    server = await startTestServer();
    admin = new TestClient(server.url, server.adminKey);
    const created = await admin.post('/api/destinations', { name: 'production' });
    connectorKey = created.body.connector.accessKey;
    connectorUserId = (await admin.as(connectorKey).get('/api/users/self')).body.id;
    alice = await createUserWithKey(admin, 'alice@example.com');
    bob = await createUserWithKey(admin, 'bob@example.com');
    const carol = await createUserWithKey(admin, 'carol@example.com');
    const dave = await createUserWithKey(admin, 'dave@example.com');
    devs = (await admin.post('/api/groups', { name: 'devs' })).body.id;
    await admin.patch(`/api/groups/${devs}/users`, { usersToAdd: [bob.name] });
    await grant({ user: alice.name, privilege: 'view', resource: 'production.web' });
    await grant({ group: 'devs', privilege: 'edit', resource: 'production' });
    await grant({ user: carol.name, privilege: 'view', resource: 'staging' });
    await grant({ user: dave.name, privilege: 'admin', resource: 'production-eu' });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.cancel();
  });
  after(async () => {
    await server?.stop();
  });

  it("the snapshot holds this destination's grants, the users and groups they reach, keys and revocations", async () => {
    const spare = await admin.post('/api/keys', { userID: alice.id, name: 'spare' });
    assert.equal((await admin.delete(`/api/keys/${spare.body.id}`)).status, 204);

    const { snapshot } = await attach();
    assert.ok(snapshot.sequence > 0);
    assert.deepEqual(snapshot.grants.map((g) => g.resource).sort(), ['production', 'production.web']);
    const groupGrant = snapshot.grants.find((g) => g.groupId)!;
    assert.equal(groupGrant.groupId, devs);
    assert.equal(groupGrant.privilege, 'edit');
    assert.equal(groupGrant.userId, '');
    assert.deepEqual(
      snapshot.users.map((u) => u.name),
      ['alice@example.com', 'bob@example.com'],
    );
    assert.deepEqual(snapshot.users.find((u) => u.name === bob.name)!.groupIds, [devs]);
    assert.deepEqual(snapshot.groups, [{ id: devs, name: 'devs' }]);
    const jwks = (await admin.get('/api/.well-known/jwks.json')).body.keys as { kid: string }[];
    assert.deepEqual(
      snapshot.signingKeys.map((k) => k.kid),
      jwks.map((k) => k.kid),
    );
    assert.equal(JSON.parse(snapshot.signingKeys[0]!.publicJwkJson).kid, jwks[0]!.kid);
    const revocation = snapshot.revocations.find((r) => r.credentialId === spare.body.id);
    assert.ok(revocation, 'the deleted key is in the revocations');
    assert.equal(revocation.userId, alice.id);
    assert.ok(revocation.untilMs > Date.now());
  });

  it("a grant added through REST arrives as a change, after who its subject is; other destinations' do not", async () => {
    const { c } = await attach();
    const erin = await createUserWithKey(admin, 'erin@example.com');
    const elsewhere = await grant({ user: erin.name, privilege: 'view', resource: 'staging' });
    const id = await grant({ user: erin.name, privilege: 'view', resource: 'production.db' });
    const changes = await c.changesUntil((ch) => ch.grantUpserted?.id === id);
    const last = changes[changes.length - 1]!;
    assert.deepEqual(last.grantUpserted, {
      id,
      userId: erin.id,
      groupId: '',
      privilege: 'view',
      resource: 'production.db',
      expiresAtMs: 0,
    });
    assert.deepEqual(changes[changes.length - 2]!.userUpserted, { id: erin.id, name: erin.name, groupIds: [] });
    assert.ok(!changes.some((ch) => ch.grantUpserted?.id === elsewhere));
    const sequences = changes.map((ch) => ch.sequence);
    assert.deepEqual(
      sequences,
      [...sequences].sort((a, b) => a - b),
    );
  });

  it('a grant to a group arrives with the group and its members', async () => {
    const { c } = await attach();
    const ops = (await admin.post('/api/groups', { name: 'ops' })).body.id as string;
    await admin.patch(`/api/groups/${ops}/users`, { usersToAdd: [alice.name] });
    const id = await grant({ group: 'ops', privilege: 'view', resource: 'production' });
    const changes = await c.changesUntil((ch) => ch.grantUpserted?.id === id);
    assert.ok(changes.some((ch) => ch.groupUpserted?.id === ops));
    const aliceNow = changes.filter((ch) => ch.userUpserted?.id === alice.id).pop()!;
    assert.ok(aliceNow.userUpserted!.groupIds.includes(ops));
  });

  it('removing a grant arrives as grant_removed', async () => {
    const id = await grant({ user: alice.name, privilege: 'edit', resource: 'production.web' });
    const { c, snapshot } = await attach();
    assert.ok(snapshot.grants.some((g) => g.id === id));
    assert.equal((await admin.delete(`/api/grants/${id}`)).status, 204);
    const changes = await c.changesUntil((ch) => ch.grantRemoved === id);
    assert.equal(changes.length, 1);
  });

  it('a membership change arrives as the user with their new groups', async () => {
    const { c } = await attach();
    await admin.patch(`/api/groups/${devs}/users`, { usersToAdd: [alice.name] });
    const [added] = (await c.changesUntil((ch) => ch.userUpserted?.id === alice.id)).slice(-1) as [Change];
    assert.ok(added.userUpserted!.groupIds.includes(devs));
    await admin.patch(`/api/groups/${devs}/users`, { usersToRemove: [alice.name] });
    const [removed] = (await c.changesUntil((ch) => ch.userUpserted?.id === alice.id)).slice(-1) as [Change];
    assert.ok(!removed.userUpserted!.groupIds.includes(devs));
  });

  it('removing a user arrives as a revocation of the user and user_removed', async () => {
    const { c } = await attach();
    assert.equal((await admin.delete(`/api/users/${bob.id}`)).status, 204);
    const changes = await c.changesUntil((ch) => ch.userRemoved === bob.id);
    const revocation = changes.find((ch) => ch.revocation)?.revocation;
    assert.ok(revocation, 'a revocation precedes user_removed');
    assert.equal(revocation.userId, bob.id);
    assert.equal(revocation.credentialId, '');
  });

  it("deleting a key or logging out arrives as a revocation of that credential (the token's sid)", async () => {
    const { c } = await attach();
    const key = await admin.post('/api/keys', { userID: alice.id, name: 'laptop' });
    assert.equal((await admin.delete(`/api/keys/${key.body.id}`)).status, 204);
    const [byDelete] = (await c.changesUntil((ch) => ch.revocation?.credentialId === key.body.id)).slice(-1) as [
      Change,
    ];
    assert.equal(byDelete.revocation!.userId, alice.id);

    // A machine user: a person's first session is held to the password change and gets no token.
    const bot = await createUserWithKey(admin, 'deploy-bot');
    assert.equal(
      (await admin.post('/api/grants', { user: bot.name, privilege: 'view', resource: 'production' })).status,
      201,
    );
    const login = await admin.as(undefined).post('/api/login', { accessKey: bot.key });
    assert.equal(login.status, 201, JSON.stringify(login.body));
    const session = admin.as(login.body.accessKey);
    const token = await session.post('/api/tokens', { destination: 'production' });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const sid = decodeJwt(token.body.token).sid as string;
    assert.equal((await session.post('/api/logout')).status, 200);
    const [byLogout] = (await c.changesUntil((ch) => ch.revocation?.credentialId === sid)).slice(-1) as [Change];
    assert.equal(byLogout.revocation!.userId, bot.id);
  });

  it('resumes after the last applied sequence without a snapshot while the log has it', async () => {
    const first = await attach();
    const before = await grant({ user: alice.name, privilege: 'view', resource: 'production.api' });
    const applied = (await first.c.changesUntil((ch) => ch.grantUpserted?.id === before)).pop()!.sequence;
    first.c.cancel();
    const missed = await grant({ user: alice.name, privilege: 'view', resource: 'production.queue' });

    const again = new TestConnector({
      address: server.grpcAddress!,
      accessKey: connectorKey,
      register: { resumeFrom: applied },
    });
    open.push(again);
    await again.next('registered');
    const changes = await again.changesUntil((ch) => ch.grantUpserted?.id === missed);
    assert.ok(changes.every((ch) => ch.sequence > applied));
    assert.ok(!changes.some((ch) => ch.grantUpserted?.id === before));
  });

  it('a resume point the log does not have gets a snapshot instead', async () => {
    const { snapshot } = await attach(Number.MAX_SAFE_INTEGER);
    assert.ok(snapshot.sequence > 0);
    assert.ok(snapshot.grants.length > 0);
  });

  it('revoking the key a connector streams with ends its stream', async () => {
    const spare = await admin.post('/api/keys', { userID: connectorUserId, name: 'spare-connector' });
    assert.equal(spare.status, 201, JSON.stringify(spare.body));
    const c = new TestConnector({ address: server.grpcAddress!, accessKey: spare.body.accessKey });
    open.push(c);
    await c.attached();
    assert.equal((await admin.delete(`/api/keys/${spare.body.id}`)).status, 204);
    const ended = await c.endsBecause('deleting the key it streams with');
    assert.equal(ended.code, status.UNAUTHENTICATED);
  });
});
