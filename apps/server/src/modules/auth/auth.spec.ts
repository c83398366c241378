import assert from 'node:assert/strict';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey } from '../../testing/fixtures.js';

describe('users, keys and login', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: TestClient;

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
  });

  it('the bootstrap admin key identifies the admin user', async () => {
    const res = await admin.get('/api/users/self');
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'admin');
  });

  it('a person created without a password gets a one-time password that must be changed', async () => {
    const created = await admin.post('/api/users', { name: 'alice@example.com' });
    assert.equal(created.status, 201);
    assert.equal(created.body.passwordUpdateRequired, true);
    const otp = created.body.oneTimePassword as string;
    assert.ok(otp.length >= 12);

    const anon = admin.as(undefined);
    const login = await anon.post('/api/login', { name: 'alice@example.com', password: otp });
    assert.equal(login.status, 201);
    assert.equal(login.body.passwordUpdateRequired, true);
    const alice = anon.as(login.body.accessKey);
    assert.equal((await alice.get('/api/users/self')).status, 200);
    const blocked = await alice.get('/api/grants');
    assert.equal(blocked.status, 403);
    assert.match(blocked.body.message, /one-time password/);

    const changed = await alice.put(`/api/users/${created.body.id}`, { password: 'correct horse battery' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.passwordUpdateRequired, false);

    assert.equal((await anon.post('/api/login', { name: 'alice@example.com', password: otp })).status, 401);
    const again = await anon.post('/api/login', { name: 'alice@example.com', password: 'correct horse battery' });
    assert.equal(again.body.passwordUpdateRequired, false);
    assert.equal((await anon.as(again.body.accessKey).get('/api/grants')).status, 200);

    const noOld = await alice.put(`/api/users/${created.body.id}`, { password: 'another password' });
    assert.equal(noOld.status, 400);
    assert.equal(noOld.body.fieldErrors[0].field, 'oldPassword');
  });

  it('a session opened with an access key is not held to a pending one-time password', async () => {
    const created = await admin.post('/api/users', { name: 'carol@example.com' });
    assert.equal(created.body.passwordUpdateRequired, true);
    const key = await admin.post('/api/keys', { userID: created.body.id, name: 'carol-laptop' });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const anon = admin.as(undefined);
    const login = await anon.post('/api/login', { accessKey: key.body.accessKey });
    assert.equal(login.status, 201);
    assert.equal((await anon.as(login.body.accessKey).get('/api/grants')).status, 200);
    // The one-time password itself still opens only a session held to the change.
    const otpLogin = await anon.post('/api/login', {
      name: 'carol@example.com',
      password: created.body.oneTimePassword,
    });
    assert.equal((await anon.as(otpLogin.body.accessKey).get('/api/grants')).status, 403);
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const anon = admin.as(undefined);
    const wrong = await anon.post('/api/login', { name: 'alice@example.com', password: 'nope-nope' });
    const unknown = await anon.post('/api/login', { name: 'nobody@example.com', password: 'nope-nope' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
  });

  it('an access key is shown once and listed without its secret', async () => {
    const bot = await createUserWithKey(admin, 'ci-bot');
    const list = await admin.get(`/api/keys?userID=${bot.id}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    const [key] = list.body.items;
    assert.equal(key.userName, 'ci-bot');
    assert.equal(key.accessKey, undefined);
    assert.ok(!JSON.stringify(list.body).includes(bot.key.split('.')[1]!));
    assert.equal((await bot.client.get('/api/users/self')).body.name, 'ci-bot');
  });

  it('a deleted key stops working at once', async () => {
    const bot = await createUserWithKey(admin, 'short-lived');
    const [key] = (await bot.client.get('/api/keys')).body.items;
    assert.equal((await bot.client.delete(`/api/keys/${key.id}`)).status, 204);
    assert.equal((await bot.client.get('/api/users/self')).status, 401);
  });

  it('logging out ends the session but not the key it came from', async () => {
    const bot = await createUserWithKey(admin, 'logout-bot');
    const login = await bot.client.as(undefined).post('/api/login', { accessKey: bot.key });
    assert.equal(login.status, 201);
    const session = bot.client.as(login.body.accessKey);
    assert.equal((await session.get('/api/users/self')).status, 200);
    assert.equal((await session.post('/api/logout')).status, 200);
    assert.equal((await session.get('/api/users/self')).status, 401);
    assert.equal((await bot.client.get('/api/users/self')).status, 200);
  });

  it('garbage credentials are a 401 with a reason', async () => {
    for (const key of ['nodot', 'a.b.c', 'unknownid.secretsecretsecret', `${server.adminKey}x`]) {
      const res = await admin.as(key).get('/api/users/self');
      assert.equal(res.status, 401, key);
      assert.equal(typeof res.body.message, 'string');
    }
    assert.equal((await admin.as(undefined).get('/api/users/self')).status, 401);
  });

  it('a plain user cannot list users or create them', async () => {
    const bob = await createUserWithKey(admin, 'bob@example.com');
    assert.equal((await bob.client.get('/api/users')).status, 403);
    assert.equal((await bob.client.post('/api/users', { name: 'eve@example.com' })).status, 403);
    assert.equal(
      (await bob.client.post('/api/keys', { userID: (await admin.get('/api/users/self')).body.id })).status,
      403,
    );
  });

  it('a duplicate user name is a 409', async () => {
    assert.equal((await admin.post('/api/users', { name: 'dup-bot' })).status, 201);
    assert.equal((await admin.post('/api/users', { name: 'dup-bot' })).status, 409);
  });

  it('every mutation leaves an audit row with the request id', async () => {
    const res = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.adminKey}`,
        'content-type': 'application/json',
        'x-request-id': 'audit-me-1',
      },
      body: JSON.stringify({ name: 'audited-bot' }),
    });
    assert.equal(res.status, 201);
    const audit = await admin.get('/api/audit?requestID=audit-me-1');
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].action, 'users.create');
    assert.equal(audit.body.items[0].actorName, 'admin');
    assert.equal(audit.body.items[0].targetName, 'audited-bot');
  });
});
