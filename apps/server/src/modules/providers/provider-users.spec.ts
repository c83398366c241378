// The users a provider makes: they keep a record of where they come from (provider and subject), shown by the API,
// and cannot have a local password, while users made in Infra are unchanged; removing the provider signs its users
// out at once, and connectors hear it.
import assert from 'node:assert/strict';
import { TestConnector } from '../../testing/test-connector.js';
import { within } from '../../testing/deadline.js';
import { addTestProvider, createUserWithKey, providerLogin } from '../../testing/fixtures.js';
import { adminGrpcClient } from '../../testing/grpc-client.js';
import { useAdminServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';

describe('users made by a provider', function () {
  this.timeout(30_000);
  const t = useAdminServer();
  let idp: TestOidcProvider;
  before(async () => {
    idp = await startTestOidcProvider();
    await addTestProvider(t.admin, idp, 'origin');
  });
  after(() => idp?.stop());

  it('record the provider and subject, shown in the list, the user and self, over REST and gRPC', async () => {
    idp.addUser({ id: 'olga-sub-1', email: 'olga@example.com' });
    const olga = await providerLogin(t.admin.as(undefined), idp, 'origin', 'olga-sub-1');
    const listed = (await t.admin.get('/api/users?name=olga@example.com')).body.items[0];
    assert.deepEqual([listed.provider, listed.providerSubject], ['origin', 'olga-sub-1']);
    const one = await t.admin.get(`/api/users/${olga.userId}`);
    const self = await olga.client.get('/api/users/self');
    for (const r of [one, self]) assert.deepEqual([r.body.provider, r.body.providerSubject], ['origin', 'olga-sub-1']);
    const grpc = adminGrpcClient(t.server.grpcAddress!);
    try {
      const { items } = await grpc.call('UsersService', 'ListUsers', { name: 'olga@example.com' }, t.server.adminKey);
      assert.deepEqual([items[0]?.provider, items[0]?.providerSubject], ['origin', 'olga-sub-1']);
    } finally {
      grpc.close();
    }
    const local = await t.admin.post('/api/users', { name: 'local@example.com' });
    assert.equal(local.status, 201);
    assert.equal('provider' in local.body, false, 'a user made in Infra names a provider');
    assert.equal('provider' in (await t.admin.get('/api/users?name=local@example.com')).body.items[0], false);
  });

  it('cannot be given a local password, by an admin or by themselves: a 409 saying why', async () => {
    idp.addUser({ id: 'pavel-sub', email: 'pavel@example.com' });
    const pavel = await providerLogin(t.admin.as(undefined), idp, 'origin', 'pavel-sub');
    const message =
      'pavel@example.com logs in through the identity provider origin: a provider user cannot have a local password';
    for (const client of [t.admin, pavel.client]) {
      const res = await client.put(`/api/users/${pavel.userId}`, { password: 'a-local-password-1' });
      assert.deepEqual([res.status, res.body.message], [409, message]);
    }
    assert.equal(
      (await t.admin.post('/api/login', { name: 'pavel@example.com', password: 'a-local-password-1' })).status,
      401,
    );
    const local = await t.admin.post('/api/users', { name: 'still-local@example.com' });
    const set = await t.admin.put(`/api/users/${local.body.id}`, { password: 'a-local-password-2' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  });

  it('keep where they came from when they log in again, and a user made in Infra stays made in Infra', async () => {
    assert.equal((await t.admin.post('/api/users', { name: 'first-local@example.com' })).status, 201);
    idp.addUser({ id: 'first-local-sub', email: 'first-local@example.com' });
    await providerLogin(t.admin.as(undefined), idp, 'origin', 'first-local-sub');
    assert.equal('provider' in (await t.admin.get('/api/users?name=first-local@example.com')).body.items[0], false);
  });

  it('lose their sessions and the keys made from them when the provider is removed; a connector hears it at once', async () => {
    const leaving = await addTestProvider(t.admin, idp, 'leaving');
    const destination = await t.admin.post('/api/destinations', { name: 'leaving-prod' });
    assert.equal(destination.status, 201, JSON.stringify(destination.body));
    const connector = new TestConnector({
      address: t.server.grpcAddress!,
      accessKey: destination.body.connector.accessKey,
      register: { destination: 'leaving-prod' },
    });
    try {
      await connector.attached();
      const anon = t.admin.as(undefined);
      // quinn: made by the provider; rita: made in Infra, logged in through it; sam: never used it.
      idp.addUser({ id: 'quinn-sub', email: 'quinn@example.com' });
      const quinn = await providerLogin(anon, idp, 'leaving', 'quinn-sub');
      const quinnKey = await quinn.client.post('/api/keys', { name: 'laptop' });
      assert.equal(quinnKey.status, 201, JSON.stringify(quinnKey.body));
      assert.equal((await t.admin.post('/api/users', { name: 'rita@example.com' })).status, 201);
      idp.addUser({ id: 'rita-sub', email: 'rita@example.com' });
      const rita = await providerLogin(anon, idp, 'leaving', 'rita-sub');
      const sam = await createUserWithKey(t.admin, 'sam@example.com');

      assert.equal((await t.admin.delete(`/api/providers/${leaving}`)).status, 204);
      const revokedUsers = new Set<string>();
      let quinnKeyHeard = false;
      await within(
        "the connector hearing of quinn's key (made from the provider's session) and rita's session once the provider is removed",
        connector.changesUntil((c) => {
          if (c.revocation) revokedUsers.add(c.revocation.userId);
          quinnKeyHeard ||= c.revocation?.credentialId === quinnKey.body.id;
          return quinnKeyHeard && revokedUsers.has(rita.userId);
        }),
        10_000,
      );
      assert.ok(!revokedUsers.has(sam.id), 'a user who never used the provider was signed out');
      for (const [who, client] of [
        ['quinn', quinn.client],
        ['quinn key', anon.as(quinnKey.body.accessKey)],
        ['rita', rita.client],
      ] as const)
        assert.equal((await client.get('/api/users/self')).status, 401, `${who} still works`);
      assert.equal((await sam.client.get('/api/users/self')).status, 200, "sam's key was revoked");

      const audit = await t.admin.get('/api/audit?action=providers.delete&limit=100');
      const row = (audit.body.items as { targetName: string; details: unknown }[]).find(
        (a) => a.targetName === 'leaving',
      );
      assert.deepEqual(row?.details, { signedOut: 2 });
      // quinn stays, as a user made in Infra now: an admin may give them a password.
      const after = (await t.admin.get('/api/users?name=quinn@example.com')).body.items[0];
      assert.equal('provider' in after, false);
      assert.equal((await t.admin.put(`/api/users/${quinn.userId}`, { password: 'now-local-pass-1' })).status, 200);
    } finally {
      connector.cancel();
    }
  });
});
