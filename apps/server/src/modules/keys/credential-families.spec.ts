// Credentials form families: revoking a key, a session or a password revokes every credential made from it, each
// with a revocation entry for connectors; a session never logs in again; keys expire.
import assert from 'node:assert/strict';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey } from '../../testing/fixtures.js';
import { ChangesService } from '../changes/changes.service.js';

const DAY = 86_400;

describe('credential families', function () {
  // Several deliberately slow password hashes (scrypt N=2^17) per test: seconds each on a loaded CI machine.
  this.timeout(60_000);
  let server: TestServer;
  let admin: TestClient;

  useTestServer({ env: { INFRA_KEY_DEFAULT_TTL: String(7 * DAY), INFRA_KEY_MAX_TTL: String(30 * DAY) } }, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
  });

  async function login(client: TestClient, body: object): Promise<TestClient> {
    const res = await client.as(undefined).post('/api/login', body);
    assert.equal(res.status, 201, `login: ${JSON.stringify(res.body)}`);
    return client.as(res.body.accessKey);
  }

  async function revokedIds(): Promise<string[]> {
    const changes = await server.running().app.get(ChangesService).since(0);
    return changes
      .filter((c) => c.kind === 'revocation')
      .map((c) => (c.payload as { credentialId: string }).credentialId);
  }

  async function assertRefused(client: TestClient, what: string): Promise<void> {
    const res = await client.get('/api/users/self');
    assert.equal(res.status, 401, `${what} still works: ${JSON.stringify(res.body)}`);
  }

  it('a session cannot log in again', async () => {
    const bot = await createUserWithKey(admin, 'relogin-bot');
    const session = await login(admin, { accessKey: bot.key });
    const again = await admin.as(undefined).post('/api/login', { accessKey: session.key });
    assert.equal(again.status, 403, JSON.stringify(again.body));
    assert.match(again.body.message, /session/);
  });

  it('a one-time-password session cannot escape the password change by logging in with itself', async () => {
    const created = await admin.post('/api/users', { name: 'otp-escape@example.com' });
    const session = await login(admin, { name: 'otp-escape@example.com', password: created.body.oneTimePassword });
    const again = await admin.as(undefined).post('/api/login', { accessKey: session.key });
    assert.equal(again.status, 403, JSON.stringify(again.body));
  });

  it('deleting a key revokes the sessions and keys made from it, each with a revocation entry', async () => {
    const bot = await createUserWithKey(admin, 'family-bot');
    const session = await login(admin, { accessKey: bot.key });
    const child = await session.post('/api/keys', { name: 'made-by-session' });
    assert.equal(child.status, 201, JSON.stringify(child.body));
    const grandchild = await session.as(child.body.accessKey).post('/api/keys', { name: 'made-by-child' });
    assert.equal(grandchild.status, 201, JSON.stringify(grandchild.body));
    const [root] = (await bot.client.get('/api/keys?limit=1000')).body.items.filter((k: { name: string }) =>
      k.name.startsWith('key-'),
    );

    assert.equal((await admin.delete(`/api/keys/${root.id}`)).status, 204);
    await assertRefused(session, 'the session made from the deleted key');
    await assertRefused(admin.as(child.body.accessKey), 'the key made by that session');
    await assertRefused(admin.as(grandchild.body.accessKey), 'the key made by that key');
    const revoked = await revokedIds();
    for (const id of [root.id, child.body.id, grandchild.body.id])
      assert.ok(revoked.includes(id), `no revocation entry for ${id}`);
  });

  it('logging out revokes the keys the session made', async () => {
    const bot = await createUserWithKey(admin, 'logout-family-bot');
    const session = await login(admin, { accessKey: bot.key });
    const child = await session.post('/api/keys', { name: 'made-before-logout' });
    assert.equal(child.status, 201, JSON.stringify(child.body));
    assert.equal((await session.post('/api/logout')).status, 200);
    await assertRefused(admin.as(child.body.accessKey), 'a key made by a logged-out session');
    assert.ok((await revokedIds()).includes(child.body.id), 'no revocation entry for the key the session made');
    assert.equal((await bot.client.get('/api/users/self')).status, 200);
  });

  it("changing a password ends the user's other sessions and what they made, not the one that changed it", async () => {
    // A password an admin sets is one-time: the user replaces it first, so that sessions may make keys.
    const created = await admin.post('/api/users', { name: 'pw-change@example.com', password: 'one-time password 0' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const first = await login(admin, { name: 'pw-change@example.com', password: 'one-time password 0' });
    assert.equal((await first.put(`/api/users/${created.body.id}`, { password: 'first password 1' })).status, 200);
    assert.equal(
      (await first.get('/api/users/self')).status,
      200,
      'the one-time-password session that changed it was ended',
    );

    const body = { name: 'pw-change@example.com', password: 'first password 1' };
    const changer = await login(admin, body);
    const other = await login(admin, body);
    const otherKey = await other.post('/api/keys', { name: 'from-other-session' });
    assert.equal(otherKey.status, 201, JSON.stringify(otherKey.body));
    const res = await changer.put(`/api/users/${created.body.id}`, {
      oldPassword: 'first password 1',
      password: 'second password 2',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await assertRefused(other, 'another session after a password change');
    await assertRefused(first, 'an older session after a password change');
    await assertRefused(admin.as(otherKey.body.accessKey), 'a key made by another session after a password change');
    assert.ok(
      (await revokedIds()).includes(otherKey.body.id),
      'no revocation entry for the key the other session made',
    );
    assert.equal((await changer.get('/api/users/self')).status, 200, 'the session that changed the password was ended');
  });

  it('an admin password reset ends every session of the user', async () => {
    const created = await admin.post('/api/users', { name: 'reset@example.com', password: 'first password 1' });
    const session = await login(admin, { name: 'reset@example.com', password: 'first password 1' });
    assert.equal((await admin.put(`/api/users/${created.body.id}`, { password: 'reset password 2' })).status, 200);
    await assertRefused(session, 'a session after an admin reset');
  });

  it('keys a user makes for themselves get the default lifetime and at most the maximum', async () => {
    const bot = await createUserWithKey(admin, 'expiry-bot');
    const before = Date.now();
    const made = await bot.client.post('/api/keys', { name: 'default-expiry' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.ok(made.body.expires, 'a key made without expiry never expires');
    const lifetime = (new Date(made.body.expires).getTime() - before) / 1000;
    assert.ok(Math.abs(lifetime - 7 * DAY) < 60, `lifetime ${lifetime}s, expected the default ${7 * DAY}s`);
    const atMax = await bot.client.post('/api/keys', { name: 'at-max', expiry: 30 * DAY });
    assert.equal(atMax.status, 201, `exactly the maximum lifetime was refused: ${JSON.stringify(atMax.body)}`);
    const over = await bot.client.post('/api/keys', { name: 'over-max', expiry: 30 * DAY + 1 });
    assert.equal(over.status, 400, JSON.stringify(over.body));
    assert.match(JSON.stringify(over.body), /expiry/);
  });

  it('admins making keys for others are held to the maximum too', async () => {
    const user = await admin.post('/api/users', { name: 'capped-bot' });
    const over = await admin.post('/api/keys', { userID: user.body.id, expiry: 30 * DAY + 1 });
    assert.equal(over.status, 400, JSON.stringify(over.body));
  });
});
